/// A day of the week; raw values follow ``CivilTime/weekday(days:)`` (0 = Sunday).
public enum Weekday: Int, CaseIterable, Sendable, CustomStringConvertible {
    case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday

    /// Parses an English day name as calendar files write it: `mon` or `monday`, any case.
    public init?(name: String) {
        let lower = name.lowercased()
        guard let day = Weekday.allCases.first(where: { $0.description == lower || $0.shortName == lower }) else {
            return nil
        }
        self = day
    }

    /// `monday`.
    public var description: String {
        switch self {
        case .sunday: return "sunday"
        case .monday: return "monday"
        case .tuesday: return "tuesday"
        case .wednesday: return "wednesday"
        case .thursday: return "thursday"
        case .friday: return "friday"
        case .saturday: return "saturday"
        }
    }

    /// `mon`.
    public var shortName: String { String(description.prefix(3)) }
}
