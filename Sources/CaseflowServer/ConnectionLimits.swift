import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// How long a client may take and how many may be connected, so that slow or idle clients
/// cannot hold the daemon: without them, thousands of half-sent requests use up its file
/// descriptors and even `/healthz` stops answering.
public struct ConnectionLimits: Sendable {
    /// A connection that has not sent a whole request head this long after it opened, or after
    /// its last answer, is closed (Hummingbird's idle timeout).
    public var idleTimeout: Duration = .seconds(30)
    /// A request whose body has not fully arrived this long after its head is closed.
    public var bodyTimeout: Duration = .seconds(30)
    /// At most this many connections at once; further ones wait in the kernel's queue until one
    /// closes (no descriptor is taken for them meanwhile).
    public var maxConnections = 1_000

    public init() {}

    /// The HTTP/1 server with the timeouts.
    var server: HTTPServerBuilder {
        let bodyTimeout = TimeAmount.nanoseconds(Self.nanoseconds(bodyTimeout))
        return .http1(configuration: .init(
            additionalChannelHandlers: [BodyTimeoutHandler(timeout: bodyTimeout)],
            idleTimeout: .nanoseconds(Self.nanoseconds(idleTimeout))))
    }

    private static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Closes a connection whose request body does not arrive in time: from a request head to its
/// end there is a deadline, which the idle timeout does not cover (it waits for heads only).
final class BodyTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: timeout) {
                loopBound.value.close(promise: nil)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
