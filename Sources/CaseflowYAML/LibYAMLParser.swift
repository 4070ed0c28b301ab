import CYAML

/// Owns a libyaml parser over a copy of the input and hands out its events one at a time.
final class LibYAMLParser {
    /// Why libyaml stopped, with its own words and marks.
    struct Failure: Error {
        enum Stage { case reader, scanner, parser, memory }
        var stage: Stage
        var problem: String
        var problemMark: ParserEvent.Mark
        var context: String?
        var contextMark: ParserEvent.Mark
        /// For reader (encoding) errors: the byte offset of the bad input.
        var byteOffset: Int
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var initialized = false

    init(bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        guard yaml_parser_initialize(parser) != 0 else { return }
        initialized = true
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or the reason libyaml could not produce one.
    func next() throws(Failure) -> ParserEvent {
        guard initialized else { throw memoryFailure }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw failure() }
        defer { yaml_event_delete(&event) }
        return Self.convert(event)
    }

    private var memoryFailure: Failure {
        let origin = ParserEvent.Mark(line: 0, column: 0)
        return Failure(stage: .memory, problem: "libyaml ran out of memory", problemMark: origin,
                       context: nil, contextMark: origin, byteOffset: 0)
    }

    private func failure() -> Failure {
        let state = parser.pointee
        let stage: Failure.Stage = switch state.error {
        case YAML_READER_ERROR: .reader
        case YAML_SCANNER_ERROR: .scanner
        case YAML_MEMORY_ERROR: .memory
        default: .parser
        }
        var problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
        if stage == .reader, state.problem_value >= 0 {
            problem += " (byte 0x\(String(state.problem_value, radix: 16, uppercase: true)))"
        }
        return Failure(
            stage: stage,
            problem: problem,
            problemMark: Self.mark(state.problem_mark),
            context: state.context.map { String(cString: $0) },
            contextMark: Self.mark(state.context_mark),
            byteOffset: state.problem_offset
        )
    }
}
