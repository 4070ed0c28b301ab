import CaseflowStore
import Foundation
import Logging
import ServiceLifecycle

/// Keeps the database from growing with what no one needs any more: every `interval` it
/// forgets the answers to request ids older than the retention (`--keep-answers`) and archives
/// closed cases past their workflow's age (`--archive-after`), in small transactions, beside
/// the daemon's work (a step waits at most for one of them).
struct HousekeepingService: Service {
    let store: any CaseStore
    let clock: any CaseflowClock
    let keepAnswers: Duration
    /// How long notifications stay in the feed.
    var keepFeed: Duration = .seconds(7 * 86_400)
    let logger: Logger
    /// Retention of closed cases, when configured.
    var archive: CaseArchive?
    var interval: Duration = .seconds(60)
    /// Rows changed per transaction: small, so live steps never queue behind a long one.
    static let batch = 1_000

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweep()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass: forgets answers until none older than the retention is left.
    func sweep() async {
        let cutoff = clock.now().seconds - keepAnswers.components.seconds
        var forgotten = 0
        do throws(StoreError) {
            while !Task.isCancelled {
                let n = try await store.forgetAnswers(storedBefore: cutoff, limit: Self.batch)
                forgotten += n
                if n < Self.batch { break }
                await Task.yield()
            }
        } catch {
            logger.warning("housekeeping: forgetting old answers stopped (\(error.message)); it is tried again in \(interval)")
        }
        if forgotten > 0 { logger.info("housekeeping: forgot the answers of \(forgotten) request ids stored before the retention") }
        // The feed keeps its notifications for --keep-feed (on the wall clock their rows carry).
        let feedCutoff = Int64(Date().timeIntervalSince1970 * 1000) - keepFeed.components.seconds * 1000
        do throws(StoreError) {
            while !Task.isCancelled, try await store.forgetNotifications(before: feedCutoff, limit: Self.batch) == Self.batch {
                await Task.yield()
            }
        } catch {
            logger.warning("housekeeping: forgetting old notifications stopped (\(error.message)); it is tried again in \(interval)")
        }
        guard let archive else { return }
        do {
            let archived = try await archive.sweep()
            if archived > 0 { logger.info("housekeeping: archived \(archived) closed cases to \(archive.policy.directory)") }
        } catch {
            logger.warning("housekeeping: archiving closed cases stopped (\(error)); it is tried again in \(interval)")
        }
    }
}
