import Crypto
import Foundation

/// How a delivery is signed, so its receiver knows it came from this daemon and was not changed
/// or replayed: `Caseflow-Signature: t=TIME,v1=HEX`, where HEX is the HMAC-SHA256, keyed with
/// the subscription's secret, of the time (seconds since 1970), a full stop and the body as sent.
/// A receiver computes the same over the bytes it received, compares in constant time, and
/// refuses a time far from its own clock (five minutes, say).
public enum WebhookSignature {
    public static let header = "Caseflow-Signature"

    /// The header's value for `body` sent at `time`.
    public static func value(body: [UInt8], secret: String, time: Int64) -> String {
        "t=\(time),v1=\(hex(body: body, secret: secret, time: time))"
    }

    static func hex(body: [UInt8], secret: String, time: Int64) -> String {
        var message = Array("\(time).".utf8)
        message += body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` signs `body` with `secret` (for tests and for receivers written in Swift).
    public static func verify(header: String, body: [UInt8], secret: String) -> Bool {
        var time: Int64?, signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { time = Int64(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let time else { return false }
        let expected = Array(hex(body: body, secret: secret, time: time).utf8)
        return signatures.contains { candidate in
            let given = Array(candidate.utf8)
            guard given.count == expected.count else { return false }
            return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
