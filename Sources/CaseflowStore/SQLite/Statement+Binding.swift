import Foundation
import GRDB
import GRDBSQLite

/// Runs a prepared statement with its values bound straight through the SQLite C API. On the
/// writer's path of every event, building GRDB's argument arrays cost a fifth of what SQLite
/// itself took; the statements are still GRDB's (prepared and cached by it). Public so that
/// the benchmark's raw writes bind the same way.
extension Statement {
    /// Resets the statement, binds what `bind` gives it in order, and steps it to the end.
    /// `bind` must bind every parameter: the previous run's values are not cleared first (that
    /// cost more than binding), so a parameter left out would keep its old value; the count is
    /// checked.
    public func run(_ bind: (inout Binder) -> Void) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        var binder = Binder(handle: handle)
        bind(&binder)
        guard binder.bound == sqlite3_bind_parameter_count(handle) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(binder.bound) values bound to \(sqlite3_bind_parameter_count(handle)) parameters", sql: sql)
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let connection = sqlite3_db_handle(handle)
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}

/// Binds values to a statement's parameters, in order.
public struct Binder {
    let handle: OpaquePointer
    private var index: Int32 = 1

    init(handle: OpaquePointer) { self.handle = handle }

    /// How many parameters have been bound.
    var bound: Int32 { index - 1 }

    /// SQLite copies the bytes it is given (the values here do not outlive the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { _ = sqlite3_bind_text(handle, index, UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), Int32($0.count), Self.transient) }
        index += 1
    }

    public mutating func text(_ s: String?) {
        if let s { text(s) } else { null() }
    }

    public mutating func int(_ i: Int64) {
        sqlite3_bind_int64(handle, index, i)
        index += 1
    }

    public mutating func int(_ i: Int) { int(Int64(i)) }

    public mutating func bool(_ b: Bool) { int(b ? 1 : 0) }

    public mutating func int(_ i: Int64?) {
        if let i { int(i) } else { null() }
    }

    public mutating func blob(_ d: [UInt8]?) {
        guard let d else { null(); return }
        if d.isEmpty {
            // A blob of no bytes, not NULL (which a nil pointer would bind).
            sqlite3_bind_zeroblob(handle, index, 0)
        } else {
            d.withUnsafeBytes { _ = sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
        }
        index += 1
    }

    public mutating func null() {
        sqlite3_bind_null(handle, index)
        index += 1
    }
}

extension Statement {
    /// Binds what `bind` gives, then calls `row` for each row the statement yields, reading its
    /// columns straight through the SQLite C API (for reads of a million rows, where GRDB's
    /// `Row` cost three times what SQLite took).
    func forEachRow(_ bind: (inout Binder) -> Void, _ row: (ColumnReader) throws -> Void) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        var binder = Binder(handle: handle)
        bind(&binder)
        let reader = ColumnReader(handle: handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
            try row(reader)
        }
    }
}

/// The columns of the current row of a statement being stepped (``Statement/forEachRow(_:_:)``).
struct ColumnReader {
    let handle: OpaquePointer

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
    func text(_ i: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, i) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
    func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
}
