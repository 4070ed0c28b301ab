#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit, which every connection draws on: raised to the hard limit at
/// start, and the connection limit kept below it, so that clients that hold connections run into
/// the connection limit (and wait in the kernel's queue) before the daemon runs out of
/// descriptors for its database and its listener.
enum DescriptorLimit {
    /// Descriptors kept for the database, the log, the event loops and the listener.
    static let reserve = 128

    /// Raises the soft limit to the hard one; returns the limit now in force (nil if unknown).
    static func raise() -> Int? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    /// `wanted`, or less when the descriptor limit would not hold that many connections.
    static func connections(_ wanted: Int, limit: Int?) -> Int {
        guard let limit else { return wanted }
        return max(1, min(wanted, limit - reserve))
    }
}
