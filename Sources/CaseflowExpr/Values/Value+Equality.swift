#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// CEL equality and ordering.
///
/// Equality is heterogeneous: values of different types are unequal rather than an error, and
/// int, uint and double compare by numeric value (`1 == 1u == 1.0`). NaN equals nothing.
extension Value {
    /// CEL's `==`.
    public func celEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return sameScalars(a, b)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.type(let a), .type(let b)): return a.kindName == b.kindName
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for k in a.indices where !a[k].celEquals(b[k]) { return false }
            return true
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a.entries {
                guard let other = b.lookup(key.value), value.celEquals(other) else { return false }
            }
            return true
        case (.int, _), (.uint, _), (.double, _):
            return numericCompare(other) == .some(.equal)
        default:
            return false
        }
    }

    /// Orders numbers of any numeric type by value; nil for non-numbers and NaN.
    func numericCompare(_ other: Value) -> Ordering? {
        switch (self, other) {
        case (.int(let a), .int(let b)): return compare(a, b)
        case (.uint(let a), .uint(let b)): return compare(a, b)
        case (.double(let a), .double(let b)): return a.isNaN || b.isNaN ? nil : compare(a, b)
        case (.int(let a), .uint(let b)): return a < 0 ? .less : compare(UInt64(a), b)
        case (.uint(let a), .int(let b)): return b < 0 ? .greater : compare(a, UInt64(b))
        // CEL compares an integer with a double by converting the integer to double, so very
        // large integers compare equal to their nearest double.
        case (.int(let a), .double(let b)): return b.isNaN ? nil : compare(Double(a), b)
        case (.double(let a), .int(let b)): return a.isNaN ? nil : compare(a, Double(b))
        case (.uint(let a), .double(let b)): return b.isNaN ? nil : compare(Double(a), b)
        case (.double(let a), .uint(let b)): return a.isNaN ? nil : compare(a, Double(b))
        default: return nil
        }
    }

    /// CEL's `<`, `<=`, `>`, `>=`: numbers across types, and strings, bytes, bools, timestamps
    /// and durations each with their own kind. Anything else has no ordering.
    public func celCompare(_ other: Value, _ op: String) throws(EvalError) -> Ordering? {
        switch (self, other) {
        case (.int, .int), (.uint, .uint), (.double, .double), (.int, .uint), (.uint, .int),
             (.int, .double), (.double, .int), (.uint, .double), (.double, .uint):
            return numericCompare(other)
        case (.string(let a), .string(let b)):
            // Code point order equals UTF-8 byte order; Swift's String `<` does not use it.
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? .less : (a == b ? .equal : .greater)
        case (.bytes(let a), .bytes(let b)):
            return a.lexicographicallyPrecedes(b) ? .less : (a == b ? .equal : .greater)
        case (.bool(let a), .bool(let b)): return compare(a ? 1 : 0, b ? 1 : 0)
        case (.timestamp(let a), .timestamp(let b)): return compare(a, b)
        case (.duration(let a), .duration(let b)): return compare(a, b)
        default: throw EvalError.noOverload(op, self, other)
        }
    }
}

/// The result of ordering two values.
public enum Ordering: Sendable {
    case less, equal, greater
    var reversed: Ordering {
        switch self {
        case .less: return .greater
        case .equal: return .equal
        case .greater: return .less
        }
    }
}

@inline(__always)
func compare<T: Comparable>(_ a: T, _ b: T) -> Ordering {
    a < b ? .less : (a == b ? .equal : .greater)
}

/// Code-point equality: Swift's `==` on strings treats canonically equivalent forms as equal
/// ("é" and "e\u{301}"), CEL does not. Equal UTF-8 bytes are exactly equal code points.
@inline(__always)
func sameScalars(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            guard x.count == y.count else { return false }
            guard let p = x.baseAddress, let q = y.baseAddress else { return true }
            return memcmp(p, q, x.count) == 0
        }
    }
}

/// Swift equality is CEL equality plus equal kinds, so `.int(1) != .double(1)` here although
/// CEL's `1 == 1.0` holds; tests and stores want the stricter reading.
extension Value: Equatable {
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return sameScalars(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.type(let x), .type(let y)): return x.kindName == y.kindName
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case (.map(let x), .map(let y)):
            return x.count == y.count && x.entries.allSatisfy { e in y[e.key].map { $0 == e.value } ?? false }
        default: return false
        }
    }
}
