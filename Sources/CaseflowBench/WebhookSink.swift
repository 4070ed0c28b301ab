import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A webhook receiver for the HTTP benchmark (`--sink PORT`): accepts the daemon's deliveries on
/// loopback, answers 200, and notes when each notification (`CASE/STEP/N`) arrived, so the lag
/// from the step's acknowledgement to its delivery can be measured. Blocking sockets on threads,
/// like the load generator, so it costs the machine little.
final class WebhookSink: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    /// Arrival time of each notification id (the first time it came).
    let arrivals = Mutexed<[String: Date]>([:])
    let requests = Mutexed<Int>(0)

    init(port: UInt16) throws {
        self.port = port
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 128) == 0 else { throw Connection.Failure(description: "the sink cannot listen on 127.0.0.1:\(port)") }
        let thread = Thread { [self] in
            while true {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { continue }
                let worker = Thread { self.serve(fd) }
                worker.stackSize = 1 << 20
                worker.start()
            }
        }
        thread.start()
    }

    private func serve(_ fd: Int32) {
        defer { _ = Glibc.close(fd) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let reply = Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)
        while true {
            // One request: its head, then Content-Length bytes of body.
            var headEnd: Int?
            while headEnd == nil {
                if let i = Self.find([13, 10, 13, 10], in: buffer) { headEnd = i; break }
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { return }
                buffer.append(contentsOf: chunk[..<n])
            }
            guard let end = headEnd else { return }
            let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            while buffer.count < end + 4 + length {
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { return }
                buffer.append(contentsOf: chunk[..<n])
            }
            let body = Array(buffer[(end + 4)..<(end + 4 + length)])
            buffer.removeFirst(end + 4 + length)
            let now = Date()
            if let id = Self.id(in: body) { arrivals.update { if $0[id] == nil { $0[id] = now } } }
            requests.update { $0 += 1 }
            _ = reply.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// The notification's `"id":"…"` (ids have no quotes or escapes in them).
    static func id(in body: [UInt8]) -> String? {
        let key = Array(#""id":""#.utf8)
        guard let start = find(key, in: body) else { return nil }
        let from = start + key.count
        guard let close = body[from...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: body[from..<close], as: UTF8.self)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
