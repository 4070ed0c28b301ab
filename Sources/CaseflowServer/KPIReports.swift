import CaseflowExpr
import CaseflowReport

/// What the daemon and the CLI share about service-quality reports (the report itself is
/// ``CaseStore/kpiReport(_:)``).
public enum KPIReports {
    /// The zone reports count days in when none is asked for: the one most workflows name
    /// (`timezone:`), else UTC.
    public static func defaultZone(_ zones: [String?]) -> ZoneRule {
        var counts: [String: Int] = [:]
        for zone in zones.compactMap({ $0 }) { counts[zone, default: 0] += 1 }
        let best = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        return best.flatMap(ZoneRule.init) ?? .utc
    }
}
