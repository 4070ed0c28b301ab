/// Counts outcomes overall and per tier, and writes the summary lines.
struct Tally: Sendable {
    private(set) var passed = 0
    private(set) var failed = 0
    private(set) var skipped = 0
    private var tierPassed: [Tier: Int] = [:]
    private var tierFailed: [Tier: Int] = [:]

    /// True when a tier-1 test failed (every test counts as tier 1 without a profile).
    var hasTier1Failure: Bool { tierFailed[.tier1, default: 0] > 0 }

    mutating func record(_ outcome: Outcome, tier: Tier) {
        switch outcome {
        case .pass:
            passed += 1
            tierPassed[tier, default: 0] += 1
        case .fail:
            failed += 1
            tierFailed[tier, default: 0] += 1
        case .skip:
            skipped += 1
        }
    }

    /// `tierN: N passed, N failed` for each run tier (when a profile is used), then the total.
    func summaryLines(perTier: Bool) -> [String] {
        var lines: [String] = []
        if perTier {
            for tier in [Tier.tier1, .tier2, .tier3] {
                lines.append("\(tier.rawValue): \(tierPassed[tier, default: 0]) passed, \(tierFailed[tier, default: 0]) failed")
            }
        }
        lines.append("\(passed) passed, \(failed) failed, \(skipped) skipped")
        return lines
    }
}
