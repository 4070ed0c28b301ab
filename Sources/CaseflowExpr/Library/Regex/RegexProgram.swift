/// A compiled pattern: instructions for a Thompson NFA, run by `RegexMatcher` in time
/// proportional to (instructions × text length), with no backtracking.
///
///     let program = try RegexProgram("^[A-Z]{2}\\d{6}$")
///     program.matches("CN123456") // true
struct RegexProgram: Sendable {
    let instructions: [RegexInstruction]
    /// The classes `.characterClass` instructions refer to.
    let classes: [RegexCharacterClass]
    /// The classes' ASCII members, tested without touching the classes' arrays.
    let asciiMasks: [RegexASCIIMask]
    /// Whether every match must start at the start of the text (the pattern begins with `^` or `\A`).
    let isAnchoredAtStart: Bool
    /// The consuming instructions a match can start with, when nothing else (no assertion, no
    /// empty match) can start one; positions where none of them consumes are skipped quickly.
    let starters: [RegexInstruction]?

    init(_ pattern: String) throws(RegexError) {
        self = try RegexCompiler.compile(RegexParser.parse(pattern))
    }

    init(instructions: [RegexInstruction], classes: [RegexCharacterClass]) {
        self.instructions = instructions
        self.classes = classes
        asciiMasks = classes.map(\.ascii)
        isAnchoredAtStart = instructions.first == .assertion(.textStart)
        starters = Self.starters(of: instructions)
    }

    /// The consuming instructions reachable from the start through jumps and splits alone, or
    /// nil if an assertion or the match is reachable too.
    private static let maxStarters = 8

    private static func starters(of instructions: [RegexInstruction]) -> [RegexInstruction]? {
        var starters: [RegexInstruction] = []
        var seen = Set<Int>()
        var pending = [0]
        while let pc = pending.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch instructions[pc] {
            case .jump(let target):
                pending.append(target)
            case .split(let first, let second):
                pending += [second, first]
            case .assertion, .match:
                return nil
            case let instruction:
                if !starters.contains(instruction) { starters.append(instruction) }
                if starters.count > maxStarters { return nil }
            }
        }
        return starters
    }
}

/// One step of a `RegexProgram`. Consuming instructions go on to the next one.
enum RegexInstruction: Sendable, Equatable {
    /// Consumes this code point.
    case scalar(UInt32)
    /// Consumes a code point with this case fold.
    case foldedScalar(UInt32)
    /// Consumes a code point in `classes[index]`.
    case characterClass(Int)
    case anyScalar
    case anyScalarButNewline
    /// Goes on only if the assertion holds here.
    case assertion(RegexAssertion)
    /// Goes on at both targets.
    case split(Int, Int)
    case jump(Int)
    /// The pattern has matched.
    case match
}
