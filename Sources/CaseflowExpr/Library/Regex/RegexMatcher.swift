/// Runs a `RegexProgram` over a text's code points as a Pike VM: all threads advance together one
/// code point at a time, and a thread that reaches an instruction already reached at this
/// position is dropped. Time is O(instructions × code points), memory O(instructions); nothing
/// recurses and nothing backtracks.
struct RegexMatcher {
    private let program: RegexProgram
    private var current: RegexThreadList
    private var next: RegexThreadList
    /// Scratch space for following jumps and splits without recursion.
    private var pending: [Int] = []

    init(_ program: RegexProgram) {
        self.program = program
        current = RegexThreadList(capacity: program.instructions.count)
        next = RegexThreadList(capacity: program.instructions.count)
    }

    /// Whether the pattern matches somewhere in `text` (at any position, as RE2's search does),
    /// or nil when that would take more than `maxSteps` thread steps.
    mutating func search(_ text: String.UnicodeScalarView, maxSteps: Int) -> Bool? {
        var steps = 0
        let instructions = program.instructions
        let starters = program.starters
        let isAnchored = program.isAnchoredAtStart
        var scalars = text.makeIterator()
        var previous: UInt32? = nil
        var scalar = scalars.next()?.value
        while true {
            if current.isEmpty {
                if isAnchored && previous != nil { return false }
                if let starters {
                    // No thread is alive: skip to where a match can start.
                    while let c = scalar, !starters.contains(where: { consumes($0, c) }) {
                        previous = c
                        scalar = scalars.next()?.value
                    }
                    if scalar == nil { return false }
                }
            }
            if previous == nil || !isAnchored {
                let here = RegexPosition(previous: previous, next: scalar)
                if current.add(0, instructions, at: here, using: &pending) { return true }
            }
            guard let c = scalar else { return false }
            let following = scalars.next()?.value
            let there = RegexPosition(previous: c, next: following)
            var fold: UInt32? = nil
            steps &+= current.count
            if steps > maxSteps { return nil }
            for index in 0..<current.count {
                let pc = current[index]
                if consumes(instructions[pc], c, fold: &fold) && next.add(pc + 1, instructions, at: there, using: &pending) {
                    return true
                }
            }
            swap(&current, &next)
            next.removeAll()
            previous = c
            scalar = following
        }
    }

    private func consumes(_ instruction: RegexInstruction, _ c: UInt32) -> Bool {
        var fold: UInt32? = nil
        return consumes(instruction, c, fold: &fold)
    }

    /// Whether `instruction` consumes `c`; `fold` caches the case fold of `c`.
    @inline(__always)
    private func consumes(_ instruction: RegexInstruction, _ c: UInt32, fold: inout UInt32?) -> Bool {
        switch instruction {
        case .scalar(let value):
            return c == value
        case .foldedScalar(let value):
            let folded = fold ?? RegexCaseFolding.fold(c)
            fold = folded
            return folded == value
        case .characterClass(let index):
            // ASCII through the program's masks: copying a class out of the array costs reference counting.
            return c < 128 ? program.asciiMasks[index].contains(c) : program.classes[index].containsBySearch(c)
        case .anyScalar:
            return true
        case .anyScalarButNewline:
            return c != 0x0A
        case .assertion, .split, .jump, .match:
            return false
        }
    }
}

/// A position between two code points (either nil at an end of the text), for assertions.
struct RegexPosition {
    let previous: UInt32?
    let next: UInt32?

    func satisfies(_ assertion: RegexAssertion) -> Bool {
        switch assertion {
        case .textStart: previous == nil
        case .textEnd: next == nil
        case .lineStart: previous == nil || previous == 0x0A
        case .lineEnd: next == nil || next == 0x0A
        case .wordBoundary: isWord(previous) != isWord(next)
        case .notWordBoundary: isWord(previous) == isWord(next)
        }
    }

    private func isWord(_ value: UInt32?) -> Bool {
        value.map(RegexCharacterClass.isWordCharacter) ?? false
    }
}

/// The threads at one position: a set of instruction indexes with constant-time insert, test and
/// clear that keeps insertion order (a sparse set, as in Russ Cox's articles on RE2).
struct RegexThreadList {
    /// The members in insertion order, then, from `capacity` on, each instruction's index among them.
    private var slots: [Int]
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        slots = Array(repeating: 0, count: 2 * capacity)
    }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> Int { slots[index] }

    func contains(_ pc: Int) -> Bool {
        let index = slots[capacity + pc]
        return index < count && slots[index] == pc
    }

    mutating func removeAll() {
        count = 0
    }

    /// Adds the thread at `pc` and every thread it reaches through jumps, splits and assertions
    /// that hold at `position`; returns whether one of them reaches `match`.
    mutating func add(_ pc: Int, _ instructions: [RegexInstruction], at position: RegexPosition,
                      using pending: inout [Int]) -> Bool {
        pending.append(pc)
        while let pc = pending.popLast() {
            guard !contains(pc) else { continue }
            slots[capacity + pc] = count
            slots[count] = pc
            count += 1
            switch instructions[pc] {
            case .jump(let target):
                pending.append(target)
            case .split(let first, let second):
                pending.append(second)
                pending.append(first)
            case .assertion(let assertion):
                if position.satisfies(assertion) { pending.append(pc + 1) }
            case .match:
                pending.removeAll(keepingCapacity: true)
                return true
            default:
                break
            }
        }
        return false
    }
}

extension RegexProgram {
    /// Whether the pattern matches somewhere in `text`, or nil when the match would take more
    /// than ``RegexLimits/maxSteps`` steps.
    func matches(_ text: String) -> Bool? {
        var matcher = RegexMatcher(self)
        return matcher.search(text.unicodeScalars, maxSteps: RegexLimits.maxSteps)
    }
}
