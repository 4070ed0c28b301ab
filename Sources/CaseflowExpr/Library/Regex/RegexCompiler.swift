/// Compiles a parsed pattern into `RegexProgram` instructions.
///
/// Pending work is kept on an explicit stack instead of recursing over the tree, and the program
/// is refused once it grows past `RegexLimits.maxProgramSize` instructions, so counted
/// repetitions like `(a{1000}){10}` cannot make it unbounded.
struct RegexCompiler {
    private let syntax: RegexSyntax
    private var instructions: [RegexInstruction] = []
    private var classes: [RegexCharacterClass] = []
    /// The class index of each class node compiled so far, so repeated copies share one class.
    private var classIndexes: [Int: Int] = [:]
    /// Lists of jumps and splits that must go to the end of a construct, once it is known.
    private var exits: [[Int]] = []
    private var work: [Task] = []

    private enum Task {
        case node(Int)
        /// `child*`
        case star(Int)
        /// After the body of a star: loop back to its split, and point the split's exit here.
        case endStar(split: Int)
        /// `child+`
        case plus(Int)
        /// After the body of a plus, which starts at `start`: loop back or go on.
        case endPlus(start: Int)
        /// `remaining` optional copies of `child`, each skippable to the end (`exits[list]`).
        case optional(Int, remaining: Int, list: Int)
        /// Branch `index` of the alternation `node`.
        case branch(node: Int, index: Int, list: Int)
        /// After a branch that its split at `split` skips to the next.
        case endBranch(node: Int, index: Int, split: Int, list: Int)
        /// Points the instructions in `exits[list]` here.
        case exit(list: Int)
    }

    static func compile(_ syntax: RegexSyntax) throws(RegexError) -> RegexProgram {
        var compiler = RegexCompiler(syntax: syntax)
        try compiler.run()
        return RegexProgram(instructions: compiler.instructions, classes: compiler.classes)
    }

    private init(syntax: RegexSyntax) {
        self.syntax = syntax
    }

    private mutating func run() throws(RegexError) {
        work = [.node(syntax.root)]
        while let task = work.popLast() {
            switch task {
            case .node(let node):
                try compile(node)
            case .star(let child):
                let split = try emit(.split(here + 1, -1))
                work += [.endStar(split: split), .node(child)]
            case .endStar(let split):
                try emit(.jump(split))
                patch(split, to: here)
            case .plus(let child):
                work += [.endPlus(start: here), .node(child)]
            case .endPlus(let start):
                try emit(.split(start, here + 1))
            case .optional(let child, let remaining, let list):
                if remaining == 0 {
                    work.append(.exit(list: list))
                } else {
                    exits[list].append(try emit(.split(here + 1, -1)))
                    work += [.optional(child, remaining: remaining - 1, list: list), .node(child)]
                }
            case .branch(let node, let index, let list):
                guard case .alternation(let branches) = syntax[node] else { continue }
                if index == branches.count - 1 {
                    work += [.exit(list: list), .node(branches[index])]
                } else {
                    let split = try emit(.split(here + 1, -1))
                    work += [.endBranch(node: node, index: index, split: split, list: list), .node(branches[index])]
                }
            case .endBranch(let node, let index, let split, let list):
                exits[list].append(try emit(.jump(-1)))
                patch(split, to: here)
                work.append(.branch(node: node, index: index + 1, list: list))
            case .exit(let list):
                for pc in exits[list] { patch(pc, to: here) }
            }
        }
        try emit(.match)
    }

    private var here: Int { instructions.count }

    private mutating func compile(_ node: Int) throws(RegexError) {
        switch syntax[node] {
        case .empty:
            break
        case .scalar(let value):
            try emit(.scalar(value))
        case .foldedScalar(let value):
            try emit(.foldedScalar(value))
        case .characterClass(let set):
            if let index = classIndexes[node] {
                try emit(.characterClass(index))
            } else {
                classes.append(set)
                classIndexes[node] = classes.count - 1
                try emit(.characterClass(classes.count - 1))
            }
        case .anyScalar:
            try emit(.anyScalar)
        case .anyScalarButNewline:
            try emit(.anyScalarButNewline)
        case .assertion(let assertion):
            try emit(.assertion(assertion))
        case .concatenation(let items):
            work += items.reversed().map(Task.node)
        case .alternation:
            work.append(.branch(node: node, index: 0, list: newExitList()))
        case .repetition(let child, let min, let max):
            // The tasks run last-pushed first, so they are pushed in reverse.
            if let max {
                if max > min { work.append(.optional(child, remaining: max - min, list: newExitList())) }
                work += repeatElement(Task.node(child), count: min)
            } else if min == 0 {
                work.append(.star(child))
            } else {
                work.append(.plus(child))
                work += repeatElement(Task.node(child), count: min - 1)
            }
        }
    }

    private mutating func newExitList() -> Int {
        exits.append([])
        return exits.count - 1
    }

    @discardableResult
    private mutating func emit(_ instruction: RegexInstruction) throws(RegexError) -> Int {
        guard instructions.count < RegexLimits.maxProgramSize else {
            throw RegexError("pattern too large", at: nil,
                             "it compiles to more than \(RegexLimits.maxProgramSize) instructions once counted repetitions are expanded")
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    /// Points a jump, or a split's second target, at `target`.
    private mutating func patch(_ pc: Int, to target: Int) {
        switch instructions[pc] {
        case .jump: instructions[pc] = .jump(target)
        case .split(let first, _): instructions[pc] = .split(first, target)
        default: assertionFailure("only jumps and splits are patched")
        }
    }
}
