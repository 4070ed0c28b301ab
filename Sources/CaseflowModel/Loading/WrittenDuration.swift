import CaseflowExpr

/// The durations ops staff write in workflow files (`delay: 48h`, `warn_before: 1h`,
/// `after: 3d`): whole numbers of days, hours, minutes and seconds, each unit at most once and
/// largest first, never negative.
///
/// Stricter than CEL's `duration()` text (Go's syntax, which adds `1h30m30m` up and takes a
/// sign), because a file's duration is a promise read by people: a repeated unit is almost
/// always a typing mistake, and a negative delay would fall due before its state is entered.
enum WrittenDuration {
    /// Why a text is not a duration a file may hold; the message says how to write it.
    struct Problem: Error {
        let message: String
    }

    private static let units: [(unit: Character, seconds: Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Parses a timer's delay: a duration, or whole working days (`3wd`), which stand alone.
    static func parseDelay(_ text: String, _ what: String) -> Result<Delay, Problem> {
        guard text.hasSuffix("wd") else { return parse(text, what, workingDays: true).map(Delay.span) }
        let digits = text.dropLast(2)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            if text.hasPrefix("-") {
                return .failure(Problem(message: "\(what) '\(text)' is negative; it counts forward in time, so write it without the sign, e.g. \(text.dropFirst())"))
            }
            return .failure(Problem(message: "\(what) '\(text)' is not a number of working days; working days stand alone, e.g. 3wd (not 2wd4h or 1.5wd)"))
        }
        guard let n = Int(digits), n <= 36_525 else {
            return .failure(Problem(message: "\(what) '\(text)' is more than 100 years of working days"))
        }
        return .success(.workingDays(n))
    }

    /// Parses `text`; `what` names the setting for the message (`the delay`). `workingDays`
    /// says that `wd` would be understood here, for the message about an unknown unit.
    static func parse(_ text: String, _ what: String, workingDays: Bool = false) -> Result<CELDuration, Problem> {
        let example = "write whole units, largest first, e.g. 30m, 4h, 1h30m or 3d"
        if text.hasPrefix("-") {
            return .failure(Problem(message: "\(what) '\(text)' is negative; it counts forward in time, so write it without the sign, e.g. \(text.dropFirst())"))
        }
        var rest = Substring(text)
        var total: Int64 = 0
        var next = 0 // index into units of the largest unit still allowed
        guard !rest.isEmpty else { return .failure(Problem(message: "\(what) is empty; \(example)")) }
        if rest == "0" { rest = "0s" }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            guard !digits.isEmpty, let unit = rest.first, let number = Int64(digits) else {
                return .failure(Problem(message: "\(what) '\(text)' is not a duration; \(example)"))
            }
            rest = rest.dropFirst()
            if unit == "." {
                return .failure(Problem(message: "\(what) '\(text)' has a fraction; write whole units, e.g. 1h30m rather than 1.5h"))
            }
            guard let index = units.firstIndex(where: { $0.unit == unit }) else {
                if unit == "w" && !workingDays {
                    return .failure(Problem(message: "\(what) '\(text)' counts working days, which only a timer's 'delay' with a 'calendar' can; write a duration, e.g. 72h"))
                }
                let units = workingDays ? "d, h, m, s, or wd alone for working days" : "d, h, m, s"
                return .failure(Problem(message: "\(what) '\(text)' has the unknown unit '\(unit)' (units: \(units)); \(example)"))
            }
            guard index >= next else {
                let seen = units[index].unit
                let twice = text.filter { $0 == seen }.count > 1
                return .failure(Problem(message: twice
                    ? "\(what) '\(text)' gives the unit '\(seen)' more than once; write each unit once, e.g. 1h30m"
                    : "\(what) '\(text)' puts '\(seen)' after a smaller unit; write the largest unit first, e.g. 1h30m"))
            }
            next = index + 1
            let (scaled, o1) = number.multipliedReportingOverflow(by: units[index].seconds)
            let (sum, o2) = total.addingReportingOverflow(scaled)
            guard !o1, !o2 else { return .failure(tooLong(text, what)) }
            total = sum
        }
        guard let duration = CELDuration(seconds: total) else { return .failure(tooLong(text, what)) }
        return .success(duration)
    }

    private static func tooLong(_ text: String, _ what: String) -> Problem {
        Problem(message: "\(what) '\(text)' is longer than a duration can be (about 10,000 years)")
    }
}
