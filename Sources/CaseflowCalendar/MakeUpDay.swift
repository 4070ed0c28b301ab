/// A date that is a working day although its weekday normally has no hours: 调休, the Saturday
/// or Sunday worked to bridge a public holiday.
public struct MakeUpDay: Hashable, Sendable {
    public let date: CivilDate
    /// The hours worked that day; nil means the calendar's regular weekday hours (see
    /// ``BusinessCalendar/init(name:zone:weeklyHours:holidays:makeUpDays:rollover:)``).
    public let hours: [HoursInterval]?

    public init(_ date: CivilDate, hours: [HoursInterval]? = nil) {
        self.date = date
        self.hours = hours
    }
}
