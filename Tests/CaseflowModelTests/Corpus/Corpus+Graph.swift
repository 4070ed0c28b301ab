/// Fixtures whose state machine is wrong: targets, reachability, final states, loops, shadowing.
extension Corpus {
    static let graph: [Fixture] = [
        Fixture("unknown-target", .error(.unknownTarget, "repair.yaml", 12, 13, suggestion: "denied")),
        Fixture("unreachable-state", .error(.unreachableState, "repair.yaml", 14, 3)),
        // Both states of the endless loop are named, as warnings.
        Fixture("cannot-finish",
                .warning(.noWayToFinish, "repair.yaml", 14, 3),
                .warning(.noWayToFinish, "repair.yaml", 17, 3)),
        // At the workflow mapping, after the leading comment.
        Fixture("no-final-state", .error(.noFinalState, "repair.yaml", 2, 11)),
        Fixture("final-with-transitions", .error(.finalWithTransitions, "repair.yaml", 12, 3)),
        // Files load in path order: b.yaml is the duplicate, a.yaml the note.
        Fixture("duplicate-workflow", .error(.duplicateWorkflow, "b.yaml", 2, 11, note: .at("a.yaml", 1, 11))),
        Fixture("unknown-initial", .error(.unknownInitial, "repair.yaml", 5, 10, suggestion: "open")),
        // At the target that closes the loop: routing → checking.
        Fixture("always-loop", .error(.alwaysLoop, "repair.yaml", 14, 13)),
        Fixture("shadowed-transition",
                .warning(.shadowedTransition, "repair.yaml", 15, 11, note: .at("repair.yaml", 14, 11))),
    ]
}
