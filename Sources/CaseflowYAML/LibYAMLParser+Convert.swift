import CYAML

/// Turns libyaml's C event structs into ``ParserEvent`` values.
extension LibYAMLParser {
    static func convert(_ event: yaml_event_t) -> ParserEvent {
        let start = mark(event.start_mark)
        // Switching on raw values avoids generic RawRepresentable `==` calls, slow in debug builds.
        switch event.type.rawValue {
        case YAML_STREAM_START_EVENT.rawValue:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT.rawValue:
            return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT.rawValue:
            return .documentEnd
        case YAML_ALIAS_EVENT.rawValue:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", start)
        case YAML_SCALAR_EVENT.rawValue:
            let data = event.data.scalar
            var value = ""
            if let bytes = data.value {
                value = String(decoding: UnsafeBufferPointer(start: bytes, count: data.length), as: UTF8.self)
            }
            let properties = ParserEvent.NodeProperties(anchor: string(data.anchor), tag: string(data.tag))
            return .scalar(value: value, style: style(data.style), properties, start)
        case YAML_SEQUENCE_START_EVENT.rawValue:
            let data = event.data.sequence_start
            let properties = ParserEvent.NodeProperties(anchor: string(data.anchor), tag: string(data.tag))
            return .sequenceStart(properties, flow: data.style.rawValue == YAML_FLOW_SEQUENCE_STYLE.rawValue, start)
        case YAML_SEQUENCE_END_EVENT.rawValue:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT.rawValue:
            let data = event.data.mapping_start
            let properties = ParserEvent.NodeProperties(anchor: string(data.anchor), tag: string(data.tag))
            return .mappingStart(properties, flow: data.style.rawValue == YAML_FLOW_MAPPING_STYLE.rawValue, start)
        case YAML_MAPPING_END_EVENT.rawValue:
            return .mappingEnd
        default:
            return .streamEnd
        }
    }

    static func mark(_ mark: yaml_mark_t) -> ParserEvent.Mark {
        ParserEvent.Mark(line: Int(mark.line), column: Int(mark.column))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style.rawValue {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE.rawValue: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE.rawValue: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE.rawValue: .literal
        case YAML_FOLDED_SCALAR_STYLE.rawValue: .folded
        default: .plain
        }
    }
}
