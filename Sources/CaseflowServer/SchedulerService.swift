import Foundation
import ServiceLifecycle

/// Fires due timers and starts due child cases, every `interval`, until shutdown. After a
/// restart it first catches up with everything that fell due while the daemon was down.
struct SchedulerService: Service {
    let service: CaseService
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // Keep going while a batch was full: catching up after downtime.
                while await service.tick() >= CaseService.tickLimit, !Task.isCancelled {}
                try? await Task.sleep(for: interval)
            }
        }
    }
}
