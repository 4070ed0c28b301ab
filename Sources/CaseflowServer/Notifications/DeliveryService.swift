import AsyncHTTPClient
import CaseflowModel
import CaseflowStore
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle

/// Delivers notifications to the webhook subscriptions, beside the daemon's work: a step never
/// waits for a delivery. Claims due deliveries from the store (per case and subscription only
/// the first pending one, so order is kept), posts each signed JSON body, and records the
/// attempt: a 2xx answer delivers it, anything else (an error status, a refused connection, a
/// timeout) schedules a retry with exponential backoff and jitter until the subscription's
/// `give_up_after` has passed, when the delivery becomes a dead letter.
///
/// At most `maxInFlight` attempts run at once, and at most `perSubscription` of one
/// subscription, so a slow or dead receiver does not hold up the others. Several daemons on
/// one PostgreSQL database share the work: each delivery is claimed by one at a time, for its
/// subscription's timeout and a margin; a daemon that dies lets its claims run out.
public struct DeliveryService: Service {
    let store: any CaseStore
    let commits: Pulse
    let logger: Logger
    let metrics = DeliveryMetrics()
    var maxInFlight = 32
    var perSubscription = 8
    /// How often to look for deliveries when no commit of this daemon says there is news
    /// (another daemon's commits, retries falling due).
    var idle: Duration = .milliseconds(250)

    public init(store: any CaseStore, commits: Pulse, logger: Logger) {
        self.store = store
        self.commits = commits
        self.logger = logger
    }

    /// The result of one child task: an attempt made, or the idle wait ended.
    private enum Finished: Sendable {
        case attempt(Delivery, DeliveryResult)
        case tick
    }

    public func run() async throws {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(5)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await cancelWhenGracefulShutdown {
            await self.loop(client)
        }
        try? await client.shutdown()
    }

    private func loop(_ client: HTTPClient) async {
        await withTaskGroup(of: Finished.self) { group in
            var inFlight: [String: Int] = [:], total = 0, ticking = false
            var results: [DeliveryResult] = []
            while !Task.isCancelled {
                if !results.isEmpty {
                    // A failure to record leaves the claims to run out: the deliveries are tried
                    // again (at least once, never lost).
                    do throws(StoreError) { try await store.finishDeliveries(results) } catch {
                        logger.warning("could not record \(results.count) delivery attempt(s): \(error.message); they will be tried again")
                    }
                    results = []
                }
                let subscriptions = Dictionary(store.outbox.subscriptions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
                var claimed: [Delivery] = []
                let free = maxInFlight - total
                if free > 0 {
                    let full = Set(inFlight.filter { $0.value >= perSubscription }.keys)
                    let lease = (subscriptions.values.map(\.timeout).max() ?? 10_000) + 20_000
                    do throws(StoreError) {
                        claimed = try await store.claimDeliveries(nowMS: Self.nowMS(), limit: free, leaseMS: lease, skipping: full)
                    } catch {
                        logger.warning("could not look for deliveries: \(error.message)")
                    }
                }
                for d in claimed {
                    inFlight[d.subscription, default: 0] += 1
                    total += 1
                    let subscription = subscriptions[d.subscription]
                    group.addTask { .attempt(d, await self.attempt(d, subscription, client)) }
                }
                // More may be due at once: look again straight away while claims fill up.
                if !claimed.isEmpty && claimed.count == free { continue }
                if !claimed.isEmpty && total < maxInFlight { continue }
                if !ticking {
                    ticking = true
                    group.addTask { [commits, idle] in
                        await commits.wait(upTo: idle)
                        return .tick
                    }
                }
                guard let finished = await group.next() else { break }
                switch finished {
                case .tick: ticking = false
                case .attempt(let d, let result):
                    inFlight[d.subscription, default: 1] -= 1
                    total -= 1
                    results.append(result)
                }
            }
            group.cancelAll()
        }
    }

    /// One attempt: the result to record.
    private func attempt(_ d: Delivery, _ subscription: Subscription?, _ client: HTTPClient) async -> DeliveryResult {
        guard let subscription, case .literal(let secret) = subscription.secret else {
            metrics.dead(d.subscription)
            return .dead(id: d.id, atMS: Self.nowMS(), error: "subscription '\(d.subscription)' is no longer configured; add it back and redeliver")
        }
        var request = HTTPClientRequest(url: subscription.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "caseflow-webhooks")
        request.headers.add(name: "Caseflow-Id", value: d.notificationID)
        request.headers.add(name: "Caseflow-Kind", value: d.kind)
        request.headers.add(name: "Caseflow-Subscription", value: d.subscription)
        request.headers.add(name: "Caseflow-Attempt", value: String(d.attempts + 1))
        request.headers.add(name: WebhookSignature.header,
                            value: WebhookSignature.value(body: d.body, secret: secret, time: Self.nowMS() / 1000))
        request.body = .bytes(ByteBuffer(bytes: d.body))
        let failure: String
        do {
            let response = try await client.execute(request, timeout: .milliseconds(subscription.timeout))
            // The answer's body is read (up to a limit) so the connection can be used again.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if (200..<300).contains(response.status.code) {
                let now = Self.nowMS()
                metrics.delivered(d.subscription, lagMS: now - d.createdMS)
                return .delivered(id: d.id)
            }
            failure = "HTTP \(response.status.code) \(response.status.reasonPhrase)"
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            failure = "no answer within \(subscription.timeout) ms"
        } catch {
            failure = "\(error)"
        }
        let now = Self.nowMS()
        metrics.failed(d.subscription)
        if now - d.createdMS >= subscription.giveUpAfter {
            metrics.dead(d.subscription)
            logger.warning("gave up delivering \(d.notificationID) to '\(d.subscription)' after \(d.attempts + 1) attempts: \(failure); it is a dead letter (GET /v1/deliveries?status=dead)")
            return .dead(id: d.id, atMS: now, error: failure)
        }
        metrics.retried(d.subscription)
        return .retry(id: d.id, atMS: now + Self.backoff(attempt: d.attempts, subscription), error: failure)
    }

    /// The wait before the next attempt after `attempt` failed ones: the first backoff doubled
    /// for each, at most the longest, less a random part of up to half.
    static func backoff(attempt: Int, _ s: Subscription) -> Int64 {
        let doubled = s.firstBackoff.multipliedReportingOverflow(by: Int64(1) << Int64(min(attempt, 30)))
        let full = doubled.overflow ? s.maxBackoff : min(s.maxBackoff, doubled.partialValue)
        return full - Int64.random(in: 0...(full / 2))
    }

    static func nowMS() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// The deliveries' counters: delivered, failed attempts, retries, dead letters, and the lag
/// from a notification's commit to its delivery.
struct DeliveryMetrics: Sendable {
    func delivered(_ subscription: String, lagMS: Int64) {
        Counter(label: "caseflow_webhook_delivered_total", dimensions: [("subscription", subscription)]).increment()
        Metrics.Timer(label: "caseflow_webhook_lag_seconds", dimensions: [("subscription", subscription)])
            .recordNanoseconds(max(0, lagMS) * 1_000_000)
    }

    func failed(_ subscription: String) {
        Counter(label: "caseflow_webhook_failed_total", dimensions: [("subscription", subscription)]).increment()
    }

    func retried(_ subscription: String) {
        Counter(label: "caseflow_webhook_retried_total", dimensions: [("subscription", subscription)]).increment()
    }

    func dead(_ subscription: String) {
        Counter(label: "caseflow_webhook_dead_total", dimensions: [("subscription", subscription)]).increment()
    }
}
