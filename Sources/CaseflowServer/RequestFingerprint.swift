import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowStore
import Crypto

/// The SHA-256 digest of what a request that changes a case asked for, so that a repeat of its
/// id can be told from a different request that reuses the id (``RequestKey``).
///
/// Its parts are the request's kind and scope (the task of a completion), the event or outcome,
/// the data in canonical form (flattened to dotted names, so `{"order": {"id": …}}` and
/// `{"order.id": …}` are one request, as they always were) and the time as sent (absent when the daemon's clock chose it),
/// each prefixed by its length so that no two different requests give the same input.
enum RequestFingerprint {
    static func key(_ kind: RequestKey.Kind, scope: String = "", id: String?, name: String,
                    data: [String: Value], at: Timestamp?) -> RequestKey? {
        guard let id else { return nil }
        var hash = SHA256()
        for part in [Array(kind.rawValue.utf8), Array(scope.utf8), Array(name.utf8), JSONWriter.canonical((try? CaseData.flatten(data, keeping: [])) ?? data),
                     at.map { Array($0.rfc3339.utf8) } ?? []] {
            withUnsafeBytes(of: UInt64(part.count).littleEndian) { hash.update(bufferPointer: $0) }
            hash.update(data: part)
        }
        return RequestKey(kind, scope: scope, id: id, fingerprint: Array(hash.finalize()))
    }
}
