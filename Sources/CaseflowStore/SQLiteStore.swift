import CaseflowEngine
import CaseflowExpr
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode through GRDB. Writes are serialised by
/// SQLite; reads run concurrently with them.
public final class SQLiteStore: CaseStore {
    let pool: DatabasePool
    let encoder: JSONEncoder
    let decoder = JSONDecoder()

    /// Opens (creating if needed) the database file and runs pending migrations.
    public init(path: String) throws(StoreError) {
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit survives a process crash; only a power loss
            // can drop the last commits, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        config.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw StoreError(.database, "cannot open the database at \(path): \(error)")
        }
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
    }

    /// Runs a GRDB write, turning its errors into store errors.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "database write failed: \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError(.database, "database read failed: \(error)")
        }
    }

    func encode(_ value: some Encodable) throws -> Data {
        try encoder.encode(value)
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        try decoder.decode(type, from: data)
    }
}
