import CYAML

/// Turns libyaml's C event structs into ``ParserEvent`` values.
extension LibYAMLParser {
    static func convert(_ event: yaml_event_t) -> ParserEvent {
        let start = mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", start)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
            } ?? ""
            let properties = ParserEvent.NodeProperties(anchor: string(data.anchor), tag: string(data.tag))
            return .scalar(value: value, style: style(data.style), properties, start)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            let properties = ParserEvent.NodeProperties(anchor: string(data.anchor), tag: string(data.tag))
            return .sequenceStart(properties, flow: data.style == YAML_FLOW_SEQUENCE_STYLE, start)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            let properties = ParserEvent.NodeProperties(anchor: string(data.anchor), tag: string(data.tag))
            return .mappingStart(properties, flow: data.style == YAML_FLOW_MAPPING_STYLE, start)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            return .streamEnd
        }
    }

    static func mark(_ mark: yaml_mark_t) -> ParserEvent.Mark {
        ParserEvent.Mark(line: Int(mark.line), column: Int(mark.column))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
