/// Values looked up by name, as a step finds states, fields and events.
///
/// A workflow has a dozen states and fields: comparing a name with each of them (short names
/// compare as two machine words) costs less than hashing it once, so small tables are scanned
/// and only large ones hashed.
struct NameTable<Element: Sendable>: Sendable {
    private let names: [String]
    private let elements: [Element]
    /// Positions by name, for tables too large to scan.
    private let positions: [String: Int]?

    private static var scanLimit: Int { 24 }

    /// The first element of each name wins.
    init(_ entries: [(name: String, element: Element)]) {
        var names: [String] = [], elements: [Element] = [], positions: [String: Int] = [:]
        for (name, element) in entries where positions[name] == nil {
            positions[name] = names.count
            names.append(name)
            elements.append(element)
        }
        self.names = names
        self.elements = elements
        self.positions = names.count > Self.scanLimit ? positions : nil
    }

    subscript(name: String) -> Element? {
        if let positions {
            return positions[name].map { elements[$0] }
        }
        for i in names.indices where names[i] == name { return elements[i] }
        return nil
    }
}
