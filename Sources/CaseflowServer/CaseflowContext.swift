import Hummingbird

/// The request context of the daemon: Hummingbird's basics plus a body size limit.
public struct CaseflowContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// Who sent the request, as the authentication middleware found it (nil: no known token).
    public var identity: Identity?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Requests larger than this are refused with 413 before they are read whole.
    public static let maxBodySize = 1 << 20
    public var maxUploadSize: Int { Self.maxBodySize }
}
