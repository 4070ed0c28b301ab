import CaseflowEngine
import CaseflowExpr
import Synchronization

/// The fields cases are found by (`GET /v1/cases?customer=C-1`): search name → case field, as
/// the vocabulary declares them (`search: customer` on `customer.id`). A store writes each
/// case's values of these fields as rows of their own, in the step's transaction, and finds a
/// case by them through an index.
public final class SearchKeys: Sendable {
    private let fields = Mutex<[String: String]>([:])

    public init() {}

    /// The search names and their fields.
    public var current: [String: String] { fields.withLock { $0 } }

    public func set(_ keys: [String: String]) { fields.withLock { $0 = keys } }

    /// A case's search values: (name, value) for each searchable field it has a string for.
    public func values(of c: CaseState) -> Set<SearchValue> {
        Self.values(of: c, keys: current)
    }

    public static func values(of c: CaseState, keys: [String: String]) -> Set<SearchValue> {
        var found: Set<SearchValue> = []
        // An erased value is no longer the customer's: it drops out of the index.
        for (name, field) in keys {
            if case .string(let value)? = c.data[field], Value.string(value) != Erasure.marker { found.insert(SearchValue(name: name, value: value)) }
        }
        return found
    }

    /// The rows to delete and insert when a case goes from `before` to `after`.
    public func changes(before: CaseState?, after: CaseState) -> (removed: Set<SearchValue>, added: Set<SearchValue>) {
        let keys = current
        let old = before.map { Self.values(of: $0, keys: keys) } ?? []
        let new = Self.values(of: after, keys: keys)
        return (old.subtracting(new), new.subtracting(old))
    }
}

/// One search value of a case: `customer` = `C-1`.
public struct SearchValue: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What a case listing asks for; each filter is optional. Cases come in the order created.
public struct CaseFilter: Sendable, Equatable {
    public var workflow: String?
    public var state: String?
    /// true: open cases only; false: closed only.
    public var open: Bool?
    public var createdAfter: Timestamp?
    public var createdBefore: Timestamp?
    /// Search values the cases must all have (`customer` = `C-1`).
    public var keys: [SearchValue]

    public init(workflow: String? = nil, state: String? = nil, open: Bool? = nil, createdAfter: Timestamp? = nil,
                createdBefore: Timestamp? = nil, keys: [SearchValue] = []) {
        self.workflow = workflow
        self.state = state
        self.open = open
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.keys = keys
    }
}
