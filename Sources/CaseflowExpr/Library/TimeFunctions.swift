/// Timestamp getters (`getFullYear` … `getMilliseconds`, each with an optional time zone) and
/// duration getters (`getHours` … `getMilliseconds`, whole units of the total span).
extension FunctionTable {
    mutating func registerTime() {
        typealias Field = @Sendable (_ local: Int64, _ nanos: Int32) -> Int64
        @Sendable func dayOf(_ local: Int64) -> Int64 { CivilTime.floorDiv(local, 86_400) }
        let fields: [(String, Field)] = [
            ("getFullYear", { l, _ in CivilTime.date(days: dayOf(l)).year }),
            ("getMonth", { l, _ in CivilTime.date(days: dayOf(l)).month - 1 }),
            ("getDate", { l, _ in CivilTime.date(days: dayOf(l)).day }),
            ("getDayOfMonth", { l, _ in CivilTime.date(days: dayOf(l)).day - 1 }),
            ("getDayOfWeek", { l, _ in CivilTime.weekday(days: dayOf(l)) }),
            ("getDayOfYear", { l, _ in
                let d = dayOf(l)
                return d - CivilTime.days(year: CivilTime.date(days: d).year, month: 1, day: 1)
            }),
            ("getHours", { l, _ in (l - dayOf(l) * 86_400) / 3600 }),
            ("getMinutes", { l, _ in (l - dayOf(l) * 86_400) / 60 % 60 }),
            ("getSeconds", { l, _ in (l - dayOf(l) * 86_400) % 60 }),
            ("getMilliseconds", { _, n in Int64(n) / 1_000_000 }),
        ]
        for (name, field) in fields {
            registerMember(name, [.timestamp], returns: .int) { a throws(EvalError) in
                guard case .timestamp(let t) = a[0] else { throw .noOverload(name, a) }
                return .int(field(t.seconds, t.nanos))
            }
            registerMember(name, [.timestamp, .string], returns: .int) { a throws(EvalError) in
                guard case .timestamp(let t) = a[0], case .string(let z) = a[1] else { throw .noOverload(name, a) }
                guard let zone = ZoneRule(z) else {
                    throw EvalError(.invalidArgument, "unknown time zone '\(z)': use an IANA name such as 'Asia/Shanghai' or an offset such as '+08:00'")
                }
                return .int(field(t.seconds + zone.offset(atUTC: t.seconds), t.nanos))
            }
        }
        let durationFields: [(String, @Sendable (CELDuration) -> Int64)] = [
            ("getHours", { $0.seconds / 3600 }),
            ("getMinutes", { $0.seconds / 60 }),
            ("getSeconds", { $0.seconds }),
            ("getMilliseconds", { $0.seconds * 1000 + Int64($0.nanos) / 1_000_000 }),
        ]
        for (name, field) in durationFields {
            registerMember(name, [.duration], returns: .int) { a throws(EvalError) in
                guard case .duration(let d) = a[0] else { throw .noOverload(name, a) }
                return .int(field(d))
            }
        }
    }
}
