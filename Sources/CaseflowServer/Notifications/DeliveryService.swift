import AsyncHTTPClient
import CaseflowModel
import CaseflowStore
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle

/// Delivers notifications to the webhook subscriptions, beside the daemon's work: a step never
/// waits for a delivery. Each subscription has a loop of its own, so a slow or dead receiver
/// holds up no other: it claims that subscription's due deliveries from the store (per case
/// only the first pending one, so order is kept), posts each signed JSON body, at most
/// `window` at once, and records the attempts with its next claim, in one transaction: a 2xx
/// answer delivers it, anything else (an error status, a refused connection, a timeout)
/// schedules a retry with exponential backoff and jitter until the subscription's
/// `give_up_after` has passed, when the delivery becomes a dead letter. Deliveries of a
/// subscription no longer configured wait (pending) until it is back.
///
/// Several daemons on one PostgreSQL database share the work: each delivery is claimed by one
/// at a time, for its subscription's timeout and a margin; a daemon that dies lets its claims
/// run out.
public struct DeliveryService: Service {
    let store: any CaseStore
    let commits: Pulse
    let logger: Logger
    let metrics = DeliveryMetrics()
    /// Attempts of one subscription in flight at once.
    var window = 8
    /// How often to look for deliveries when no commit of this daemon says there is news
    /// (another daemon's commits, retries falling due), and for subscriptions added or removed.
    var idle: Duration = .milliseconds(250)

    public init(store: any CaseStore, commits: Pulse, logger: Logger) {
        self.store = store
        self.commits = commits
        self.logger = logger
    }

    public func run() async throws {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(5)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await cancelWhenGracefulShutdown {
            await self.supervise(client)
        }
        try? await client.shutdown()
    }

    /// Keeps one loop per configured subscription, as reloads change them.
    private func supervise(_ client: HTTPClient) async {
        var loops: [String: Task<Void, Never>] = [:]
        while !Task.isCancelled {
            let names = Set(store.outbox.subscriptions.map(\.name))
            for (name, loop) in loops where !names.contains(name) {
                loop.cancel()
                loops[name] = nil
            }
            for name in names where loops[name] == nil {
                loops[name] = Task { await self.serve(name, client) }
            }
            try? await Task.sleep(for: .seconds(1))
        }
        for loop in loops.values { loop.cancel() }
        for loop in loops.values { await loop.value }
    }

    /// One subscription's loop: claim up to the window, deliver, record with the next claim.
    private func serve(_ name: String, _ client: HTTPClient) async {
        await withTaskGroup(of: DeliveryResult?.self) { group in
            var inFlight = 0
            var results: [DeliveryResult] = []
            while !Task.isCancelled {
                // Removed by a reload: wait (the supervisor stops this loop, or the name comes back).
                guard let subscription = store.outbox.subscriptions.first(where: { $0.name == name }) else {
                    await commits.wait(upTo: idle)
                    continue
                }
                var claimed: [Delivery] = []
                // Claim (and record what finished) when half the window is free: one
                // transaction for several attempts.
                if inFlight <= window / 2 {
                    do throws(StoreError) {
                        claimed = try await store.claimDeliveries(.subscription(name), nowMS: Self.nowMS(), limit: window - inFlight,
                                                                  leaseMS: subscription.timeout + 20_000, finishing: results)
                    } catch {
                        // What was not recorded is tried again once its claim runs out: at least once, never lost.
                        logger.warning("webhooks '\(name)': could not record or claim deliveries: \(error.message)")
                    }
                    results = []
                    for d in claimed {
                        inFlight += 1
                        group.addTask { await self.attempt(d, subscription, client) }
                    }
                }
                if inFlight == 0 {
                    await commits.wait(upTo: idle)
                    continue
                }
                if let finished = await group.next() {
                    inFlight -= 1
                    if let result = finished { results.append(result) }
                }
            }
            group.cancelAll()
            while let finished = await group.next() { if let result = finished { results.append(result) } }
            // Recorded outside this cancelled task, so the store's call is not cancelled too; what
            // is not recorded is sent again once its claim runs out.
            if !results.isEmpty {
                let (store, recorded) = (store, results)
                await Task { try? await store.finishDeliveries(recorded) }.value
            }
        }
    }

    /// One attempt: the result to record; nil when the attempt was cancelled (the daemon is
    /// stopping), which records nothing: the delivery is tried again once its claim runs out.
    private func attempt(_ d: Delivery, _ subscription: Subscription, _ client: HTTPClient) async -> DeliveryResult? {
        guard case .literal(let secret) = subscription.secret else {
            metrics.dead(d.subscription)
            return DeliveryResult(d, .dead(atMS: Self.nowMS(), error: "subscription '\(d.subscription)' has no secret loaded"))
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
                return DeliveryResult(d, .delivered)
            }
            failure = "HTTP \(response.status.code) \(response.status.reasonPhrase)"
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            failure = "no answer within \(subscription.timeout) ms"
        } catch {
            failure = "\(error)"
        }
        if Task.isCancelled { return nil }
        let now = Self.nowMS()
        metrics.failed(d.subscription)
        if now - d.createdMS >= subscription.giveUpAfter {
            metrics.dead(d.subscription)
            logger.warning("gave up delivering \(d.notificationID) to '\(d.subscription)' after \(d.attempts + 1) attempts: \(failure); it is a dead letter (GET /v1/deliveries?status=dead)")
            return DeliveryResult(d, .dead(atMS: now, error: failure))
        }
        metrics.retried(d.subscription)
        return DeliveryResult(d, .retry(atMS: now + Self.backoff(attempt: d.attempts, subscription), error: failure))
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
