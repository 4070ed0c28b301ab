import CaseflowSource
/// Builds one document's ``YAMLNode`` tree from libyaml's events, enforcing ``YAMLLimits``.
///
/// The composer is iterative: open collections live on `stack`, so deep input cannot overflow the
/// call stack, and each event costs O(1) apart from copying its text.
struct Composer {
    let file: String
    let limits: YAMLLimits
    let bytes: [UInt8]
    private var sourceText: SourceText?
    var stack: [Frame] = []
    var anchors: [String: Composed] = [:]
    var aliasedNodes = 0
    var problems: [YAMLError] = []
    private var documentCount = 0
    private var root: YAMLNode?

    init(bytes: [UInt8], file: String, limits: YAMLLimits) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
    }

    /// The tree and the collected problems; an empty document gives a nil root.
    var result: YAMLParseResult {
        YAMLParseResult(root: root.flatMap(Self.nonEmpty), problems: problems)
    }

    mutating func handle(_ event: ParserEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd, .documentEnd:
            break
        case .documentStart(let mark):
            try startDocument(at: mark)
        case .alias(let anchor, let mark):
            try attach(resolveAlias(anchor, at: location(mark)), anchor: nil)
        case .scalar(let value, let style, let properties, let mark):
            let start = location(mark)
            let content = style == .plain && properties.anchor == nil && properties.tag == nil
                ? YAMLScalar(value: value, style: .plain, contentStart: start)
                : scalar(value, style, properties, at: mark)
            let node = YAMLNode(location: start, scalar: content, tag: properties.tag)
            attach(Composed(node: node, nodeCount: 1, height: 0), anchor: properties.anchor)
        case .sequenceStart(let properties, let flow, let mark):
            try open(isMapping: false, properties, flow: flow, at: mark)
        case .mappingStart(let properties, let flow, let mark):
            try open(isMapping: true, properties, flow: flow, at: mark)
        case .sequenceEnd, .mappingEnd:
            close()
        }
    }

    func location(_ mark: ParserEvent.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// The line table, built the first time a block scalar or an encoding error needs it.
    mutating func text() -> SourceText {
        if let sourceText { return sourceText }
        let built = SourceText(bytes: bytes)
        sourceText = built
        return built
    }

    private mutating func startDocument(at mark: ParserEvent.Mark) throws(YAMLError) {
        documentCount += 1
        guard documentCount == 1 else {
            throw YAMLError(
                kind: .multipleDocuments, location: location(mark),
                message: "a second YAML document starts here, but a Caseflow file holds exactly one; "
                    + "move it to a file of its own, or remove the \"---\" or \"...\" line before it"
            )
        }
    }

    /// Records a finished node: as the document root, a sequence item, a key, or a value.
    private mutating func attach(_ composed: Composed, anchor: String?) {
        if let anchor { anchors[anchor] = composed }
        guard !stack.isEmpty else {
            root = composed.node
            return
        }
        let frame = stack[stack.count - 1]
        frame.nodeCount = Self.saturatingSum(frame.nodeCount, composed.nodeCount)
        frame.height = max(frame.height, composed.height + 1)
        guard frame.isMapping else {
            frame.items.append(composed.node)
            return
        }
        guard let key = frame.pendingKey else {
            frame.pendingKey = composed.node
            return
        }
        frame.pendingKey = nil
        addEntry(YAMLMappingEntry(key: key, value: composed.node), to: frame)
    }

    private mutating func open(isMapping: Bool, _ properties: ParserEvent.NodeProperties, flow: Bool,
                               at mark: ParserEvent.Mark) throws(YAMLError) {
        guard stack.count < limits.maxDepth else {
            throw YAMLError(
                kind: .tooDeep, location: location(mark),
                message: "collections nest deeper than \(limits.maxDepth) levels here; "
                    + "flatten the structure (the limit is YAMLLimits.maxDepth)"
            )
        }
        var column = mark.column
        if !flow, properties.anchor != nil || properties.tag != nil {
            // The mark is at `&anchor`/`!tag`; the indentation is where the first key or "-" is.
            column = text().positionAfterProperties((mark.line, mark.column)).column
        }
        stack.append(Frame(location: location(mark), column: column, isMapping: isMapping,
                           isFlow: flow, properties: properties))
    }

    private mutating func close() {
        guard let frame = stack.popLast() else { return }
        let node = frame.isMapping
            ? YAMLNode(location: frame.location, entries: frame.entries, keyIndex: frame.keyIndex,
                       tag: frame.properties.tag)
            : YAMLNode(location: frame.location, items: frame.items, tag: frame.properties.tag)
        attach(Composed(node: node, nodeCount: frame.nodeCount, height: frame.height), anchor: frame.properties.anchor)
    }

    /// Node counts grow exponentially under nested aliases; with a huge budget they must not trap.
    static func saturatingSum(_ first: Int, _ second: Int) -> Int {
        let (sum, overflow) = first.addingReportingOverflow(second)
        return overflow ? .max : sum
    }

    /// libyaml reports an empty document as an empty plain scalar; that is "no content".
    private static func nonEmpty(_ node: YAMLNode) -> YAMLNode? {
        if node.tag == nil, let scalar = node.scalar, scalar.style == .plain, scalar.value.isEmpty {
            return nil
        }
        return node
    }
}
