import Crypto
import Foundation

/// The daemon's tokens: a name, a role and the SHA-256 of each token, never the token itself.
///
/// The file holds one token a line, `NAME ROLE SHA256-HEX [groups=A,B]`, with `#` comments and
/// blank lines; the groups say which tasks' `candidates` the token is among:
///
///     # caseflow tokens add crm --role integrator
///     crm integrator 3f1c…(64 hex digits)
///     li agent 9a0e…(64 hex digits) groups=returns_desk,finance
///
/// A token is checked by hashing it and comparing the hash with every entry in constant time,
/// so neither the comparison nor the entry it stops at tells a caller how close a guess was.
public struct TokenFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var role: Role
        public var hash: [UInt8]
        public var groups: Set<String>

        public init(name: String, role: Role, hash: [UInt8], groups: Set<String> = []) {
            self.name = name
            self.role = role
            self.hash = hash
            self.groups = groups
        }
    }

    /// A line of the file that cannot be read, with its place and how to fix it.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let line: Int
        public let message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    public private(set) var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads a token file; a malformed line is a ``Problem`` naming it.
    public static func load(_ path: String) throws(Problem) -> TokenFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(path: path, line: 1, message: "cannot read the token file; check the path (--tokens or CASEFLOW_TOKENS), or create it with 'caseflow tokens add NAME --role ROLE --file \(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Problem(path: path, line: 1, message: "the token file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(Problem) -> TokenFile {
        var entries: [Entry] = []
        // Split on any line break: in Swift "\r\n" is one Character, equal to neither "\r" nor "\n",
        // so a file saved on Windows would otherwise be one long line.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = index + 1
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.isEmpty { continue }
            guard words.count == 3 || words.count == 4 else {
                throw Problem(path: path, line: line, message: "expected 'NAME ROLE SHA256-HEX [groups=A,B]', found \(words.count) word\(words.count == 1 ? "" : "s"); a line holds a token's name, its role, the SHA-256 of the token (caseflow tokens add writes them) and optionally its groups")
            }
            var groups: Set<String> = []
            if words.count == 4 {
                let list = words[3]
                let names = list.dropFirst(7).split(separator: ",", omittingEmptySubsequences: false)
                guard list.hasPrefix("groups="), !names.isEmpty, names.allSatisfy({ isValidName(String($0)) }) else {
                    throw Problem(path: path, line: line, message: "'\(list.prefix(80))' is not a list of groups; write groups=returns_desk,finance (names of letters, digits and . _ @ -, separated by commas, no spaces)")
                }
                groups = Set(names.map(String.init))
            }
            let name = String(words[0])
            guard isValidName(name) else {
                throw Problem(path: path, line: line, message: "token name '\(name)' may use letters, digits and . _ @ - only (1 to 64 of them)")
            }
            guard let role = Role(rawValue: String(words[1])) else {
                throw Problem(path: path, line: line, message: "unknown role '\(words[1])'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let hash = hexBytes(words[2]), hash.count == 32 else {
                throw Problem(path: path, line: line, message: "'\(words[2].prefix(80))' is not a SHA-256 in hex (64 digits 0-9a-f); the file holds hashes of tokens, never the tokens")
            }
            if entries.contains(where: { $0.name == name }) {
                throw Problem(path: path, line: line, message: "token name '\(name)' is listed twice; names are recorded as the actor of each step, so each must be unique")
            }
            entries.append(Entry(name: name, role: role, hash: hash, groups: groups))
        }
        return TokenFile(entries: entries)
    }

    /// The SHA-256 of a token, as the file holds it.
    public static func hash(_ token: some StringProtocol) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// The entry whose hash is the token's, compared with every entry in constant time.
    public func identify(_ token: some StringProtocol) -> Identity? {
        let hash = Self.hash(token)
        var found: Entry?
        for entry in entries where entry.hash.count == hash.count {
            var difference: UInt8 = 0
            for (a, b) in zip(entry.hash, hash) { difference |= a ^ b }
            if difference == 0 && found == nil { found = entry }
        }
        return found.map { Identity(name: $0.name, role: $0.role, groups: $0.groups) }
    }

    /// A new random token (32 bytes from the system's secure generator, base64url) and the
    /// line that records its hash.
    public static func newToken(name: String, role: Role) -> (token: String, line: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "cf_" + Base64URL.encode(bytes)
        let hex = hash(token).map { String(format: "%02x", $0) }.joined()
        return (token, "\(name) \(role.rawValue) \(hex)")
    }

    /// A token name: what the history records as the actor.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._@-".unicodeScalars.contains($0)
        }
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
