import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowStore
import Foundation

/// Time: due timers fire as events, due child cases start.
extension CaseService {
    /// How many due timers (and due child cases) one tick takes at most.
    public static let tickLimit = 500

    /// Fires every timer due by now, in due order, and starts child cases whose time has come.
    /// A timer that fell due while the daemon was down fires late, once; the audit keeps its
    /// due time. Returns how many it handled. With several daemons on one database, each timer
    /// is claimed by one of them (``CaseStore/claimDueTimers(upTo:limit:lease:)``), and a
    /// second firing would find its request id taken: a timer fires once.
    ///
    /// What happens to a timer that does not fire: one the engine refuses (its state or event
    /// is gone from the workflow) is dropped as a `timer_discarded` step, with a warning; one
    /// already gone from its case (an earlier timer of the same tick moved the case on) or whose
    /// case is gone is removed quietly; one the database failed is tried again, less and less
    /// when its claim runs out (``claimLease``), here or on another daemon, warned about when it
    /// starts failing and every tenth time after.
    @discardableResult
    public func tick(limit: Int = CaseService.tickLimit) async -> Int {
        let now = clock.now()
        var handled = 0
        let engine = self.engine
        do {
            let timers = try await store.claimDueTimers(upTo: now, limit: limit, lease: claimLease)
            let started = Date()
            // All due timers in one batch, in due order; each succeeds or fails on its own.
            let results = await committer.submit(timers.map { timer in
                var write = StoreWrite.apply(caseID: timer.caseID, request: RequestKey(.timer, id: timer.timerID), step: { (current: CaseState) throws(EngineError) -> Step in
                    try engine.fire(timer: timer.timerID, at: max(now, timer.due), in: current)
                }, response: JSONWriter.response)
                write.onChildDone = Self.reportBack(engine)
                write.onCancelChild = Self.cancelChild(engine, at: now)
                return write
            })
            for (timer, result) in zip(timers, results) {
                if await settle(timer, result, now: now, started: started) { handled += 1 }
            }
            handled += await startDueChildren(now: now, limit: limit, engine: engine)
        } catch {
            logger.error("scheduler: \(error.message)")
        }
        return handled
    }

    /// Deals with one timer's result; true when it fired.
    private func settle(_ timer: DueTimer, _ result: Result<ApplyOutcome, StoreError>, now: Timestamp, started: Date) async -> Bool {
        guard case .failure(let error) = result else {
            timerRetries.succeeded(timer.timerID)
            _ = try? answer(result, started: started)
            return true
        }
        switch (error.kind, error.engine?.error.kind) {
        case (.rejected, .unknownTask?), (.notFound, _):
            // Nothing left to fire; make sure no row is left to find again.
            timerRetries.succeeded(timer.timerID)
            await discard(timer, now: now, reason: error.message)
        case (.rejected, _):
            // A timer the engine refuses would be refused on every tick: drop it, loudly.
            metrics.rejected()
            timerRetries.succeeded(timer.timerID)
            logger.warning("timer \(timer.timerID) of case \(timer.caseID) was refused and is discarded: \(error.message)")
            await discard(timer, now: now, reason: error.message)
        default:
            if timerRetries.failed(timer.timerID) {
                logger.error("timer \(timer.timerID) of case \(timer.caseID) did not fire, will retry: \(error.message)")
            }
        }
        return false
    }

    private func discard(_ timer: DueTimer, now: Timestamp, reason: String) async {
        do { try await store.discardTimer(caseID: timer.caseID, timerID: timer.timerID, at: now, reason: reason) } catch {
            logger.error("timer \(timer.timerID) of case \(timer.caseID) could not be discarded: \(error.message)")
        }
    }

    /// Starts child cases whose start time has come, in one batch.
    private func startDueChildren(now: Timestamp, limit: Int, engine: Engine) async -> Int {
        var children: [StoreWrite] = []
        let due: [ScheduledChild]
        do { due = try await store.claimDueChildren(upTo: now, limit: limit, lease: claimLease) } catch {
            logger.error("scheduler: \(error.message)")
            return 0
        }
        for child in due {
            let r = child.request
            do {
                let step = try engine.start(workflow: r.workflow, id: child.id, data: r.data, at: max(now, r.startAt), parentID: r.parentID,
                                            report: r.report)
                var write = StoreWrite.startChild(child, step: step)
                write.onChildDone = Self.reportBack(engine)
                children.append(write)
            } catch {
                logger.warning("child case \(child.id) of \(r.parentID) could not start: \(error)")
            }
        }
        var started = 0
        for (write, result) in zip(children, await committer.submit(children)) {
            switch result {
            case .success: started += 1
            case .failure(let error): logger.warning("child case \(write.caseID) could not start, will retry: \(error.message)")
            }
        }
        return started
    }
}

/// Counts the failures of timers the database failed, so the log says so when a timer starts
/// failing and every tenth time after, not on every attempt. The claim on a timer spaces the
/// attempts: it is tried again when the claim runs out, here or on another daemon.
struct TimerRetries {
    private var failures: [String: Int] = [:]

    /// Records a failure; true when it is worth a log line (the first, then every tenth).
    mutating func failed(_ timerID: String) -> Bool {
        // Timers that stop failing without a word (their case moved on) would stay forever.
        if failures.count > 10_000 { failures.removeAll() }
        let count = (failures[timerID] ?? 0) + 1
        failures[timerID] = count
        return count == 1 || count % 10 == 0
    }

    mutating func succeeded(_ timerID: String) {
        failures[timerID] = nil
    }
}
