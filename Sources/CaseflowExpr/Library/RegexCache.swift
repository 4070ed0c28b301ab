import Foundation

/// Compiles `matches()` patterns once and reuses them; patterns are RE2-style, searched anywhere
/// in the string (use `^…$` to match the whole string), as CEL specifies.
enum RegexCache {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: NSRegularExpression] = [:]

    static func matches(_ text: String, _ pattern: String) throws(EvalError) -> Bool {
        if pattern.isEmpty { return true } // the empty pattern matches everywhere
        let regex: NSRegularExpression
        lock.lock()
        let cached = cache[pattern]
        lock.unlock()
        if let cached {
            regex = cached
        } else {
            do {
                regex = try NSRegularExpression(pattern: pattern)
            } catch {
                throw EvalError(.invalidArgument, "invalid regular expression '\(pattern)'")
            }
            lock.lock()
            if cache.count > 1000 { cache.removeAll() }
            cache[pattern] = regex
            lock.unlock()
        }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, range: range) != nil
    }
}
