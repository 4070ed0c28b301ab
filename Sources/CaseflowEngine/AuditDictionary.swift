import CaseflowModel
import CaseflowSource

/// What the audit records of one workflow version repeat on every step: expression texts with
/// their rules' titles and legal bases by where they are written, and the names and purposes
/// the engine writes (states, events, fields read, `due of inspect_goods`, file paths).
///
/// A store keeps an audit record as references into this dictionary and the values that vary
/// (results, what was read, times), and renders the texts back when history is read, so a
/// step costs its values and not its explanations. The dictionary is made from a compiled
/// workflow; both sides must make it from the same one (stores use the version's stored
/// bundle, which never changes once stored), since references are positions in it.
public final class AuditDictionary: Sendable {
    /// The content hash of the workflow version it belongs to.
    public let hash: String
    /// The texts in a fixed order (sorted): a reference is a position here.
    public let texts: [String]
    private let positions: [String: Int]
    private let sites: [SourceLocation: Site]

    /// An expression as the workflow or a rule set writes it, with the rule's texts.
    public struct Site: Sendable, Equatable {
        public var expression: String
        public var title: String?
        public var basis: String?

        public init(expression: String, title: String?, basis: String?) {
            self.expression = expression
            self.title = title
            self.basis = basis
        }
    }

    init(hash: String, workflow: Workflow, states: [CompiledState], context: ExpressionContext,
         sites expressions: [SourceLocation: String], purposes: Set<String>) {
        self.hash = hash
        var sites: [SourceLocation: Site] = [:]
        for (location, text) in expressions { sites[location] = Site(expression: text, title: nil, basis: nil) }
        var texts = purposes
        for rule in context.rules {
            sites[rule.rule.when.location] = Site(expression: rule.rule.when.text, title: rule.rule.title, basis: rule.rule.basis)
            texts.insert(rule.purpose)
            texts.insert(rule.readName)
        }
        for location in sites.keys { texts.insert(location.file) }
        for state in states { texts.formUnion(state.auditTexts) }
        texts.insert("start")
        for event in workflow.events { texts.insert(event.name) }
        for slot in context.baseSlots + context.eventSlots.values.joined() {
            switch slot {
            case .field(let name): texts.insert(name)
            case .eventField(_, let name): texts.insert(name)
            case .now: texts.insert("now")
            default: break
            }
        }
        self.texts = texts.sorted()
        positions = Dictionary(self.texts.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        self.sites = sites
    }

    /// The position of a text, if the dictionary has it.
    public func position(of text: String) -> Int? { positions[text] }

    /// The text at a position, if there is one.
    public func text(at position: Int) -> String? {
        texts.indices.contains(position) ? texts[position] : nil
    }

    /// The expression written at a location.
    public func site(at location: SourceLocation) -> Site? { sites[location] }
}
