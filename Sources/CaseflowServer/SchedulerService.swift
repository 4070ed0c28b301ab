import Foundation
import ServiceLifecycle

/// Fires due timers and starts due child cases, every `interval`, until shutdown. After a
/// restart it first catches up with everything that fell due while the daemon was down.
/// Every `definitionsInterval` it also looks for workflow versions another daemon on the same
/// database stored, and takes them up.
struct SchedulerService: Service {
    let service: CaseService
    let interval: Duration
    var definitionsInterval: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            var lastLook = clock.now
            while !Task.isCancelled {
                if clock.now - lastLook >= definitionsInterval {
                    await service.refreshDefinitions()
                    lastLook = clock.now
                }
                // Keep going while a batch was full: catching up after downtime.
                while await service.tick() >= CaseService.tickLimit, !Task.isCancelled {}
                try? await Task.sleep(for: interval)
            }
        }
    }
}
