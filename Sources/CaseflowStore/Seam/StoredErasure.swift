import CaseflowEngine
import Foundation

/// Erasure of personal data in stored rows, one way for both stores: each row is read, its
/// personal values replaced (``Erasure``), and written back only if that changed it.
public enum StoredErasure {
    /// An audit record's bytes without personal values, or nil when it had none. Rewritten in
    /// the compact form, with the version's dictionary when there is one.
    public static func audit(_ bytes: [UInt8], dictionary: AuditDictionary?, fields: Set<String>, caseID: String, step: Int) throws(StoreError) -> [UInt8]? {
        let audit = try StoredForms.audit(bytes, dictionary: dictionary, caseID: caseID, step: step)
        let scrubbed = Erasure.scrub(audit, fields: fields)
        return scrubbed == audit ? nil : CompactForms.encode(scrubbed, dictionary: dictionary)
    }

    public static func task(_ bytes: [UInt8], id: String, caseID: String, fields: Set<String>) throws(StoreError) -> [UInt8]? {
        let task = try StoredForms.task(bytes, id: id, caseID: caseID)
        let scrubbed = Erasure.scrub(task, fields: fields)
        return scrubbed == task ? nil : CompactForms.encode(scrubbed)
    }

    public static func child(_ bytes: [UInt8], id: String, fields: Set<String>) throws(StoreError) -> [UInt8]? {
        let child = try StoredForms.childRequest(bytes, id: id)
        let scrubbed = Erasure.scrub(child, fields: fields)
        return scrubbed == child ? nil : StoredForms.encode(scrubbed)
    }

    /// A notification's JSON (in the feed or on its way to a subscription) with the personal
    /// fields it carries marked erased, or nil when it carries none of them.
    public static func notification(_ bytes: [UInt8], fields: Set<String>) -> [UInt8]? {
        guard case .string(let marker) = Erasure.marker else { return nil }
        guard var object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
              var carried = object["fields"] as? [String: Any] else { return nil }
        var changed = false
        for name in fields where carried[name] != nil && !(carried[name] is NSNull) {
            carried[name] = marker
            changed = true
        }
        guard changed else { return nil }
        object["fields"] = carried
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])).map(Array.init)
    }
}
