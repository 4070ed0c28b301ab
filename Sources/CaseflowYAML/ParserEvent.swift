/// One libyaml parser event, copied into Swift values so the C event can be freed at once.
enum ParserEvent {
    /// A 0-based position, as libyaml reports it (columns count characters).
    struct Mark {
        var line: Int
        var column: Int
    }

    /// The anchor and tag a node may carry.
    struct NodeProperties {
        var anchor: String?
        var tag: String?
    }

    case streamStart
    case streamEnd
    case documentStart(Mark)
    case documentEnd
    case alias(anchor: String, Mark)
    case scalar(value: String, style: YAMLScalar.Style, NodeProperties, Mark)
    case sequenceStart(NodeProperties, flow: Bool, Mark)
    case sequenceEnd
    case mappingStart(NodeProperties, flow: Bool, Mark)
    case mappingEnd
}
