import CaseflowEngine

/// How a step or a batch changes the number of open tasks of each queue: what a store adds to
/// its `queue_counts` rows in the same transaction, so `/metrics` reads one row per queue
/// instead of counting tasks. A queue that had a task keeps its row, at zero when none is open.
public struct QueueCounts: Sendable {
    private var byQueue: [String: Int] = [:]

    public init() {}

    /// The key of a task's queue: the empty string for tasks without one.
    public static func key(_ queue: String?) -> String { queue ?? "" }

    public mutating func opened(_ task: TaskInstance) { byQueue[Self.key(task.queue), default: 0] += 1 }

    /// A task that was open and is now completed or cancelled.
    public mutating func closed(_ task: TaskInstance) { closed(queue: task.queue) }

    public mutating func closed(queue: String?) { byQueue[Self.key(queue), default: 0] -= 1 }

    /// The changes in queue order (so that transactions lock counter rows in one order and
    /// never deadlock one another).
    public var changes: [(queue: String, change: Int)] {
        byQueue.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
