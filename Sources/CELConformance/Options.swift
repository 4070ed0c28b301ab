/// The command line: `cel-conformance [--profile PATH] [--quiet] FILE...`.
struct Options: Sendable {
    var profilePath: String?
    /// Print only FAIL lines and the summaries.
    var quiet = false
    var files: [String] = []

    static let usage = """
        usage: cel-conformance [--profile PATH] [--quiet] FILE...
          Runs cel-spec SimpleTestFile text-format files against CaseflowExpr.
          --profile PATH  tiers from a PROFILE.tsv (test_id, tier, tags, expr); only tier1
                          failures (and tests the profile does not list) fail the run
          --quiet         print only FAIL lines and the summaries
        """

    /// Parses arguments (without the program name); nil when they are malformed.
    init?(_ arguments: [String]) {
        var rest = arguments[...]
        while let arg = rest.popFirst() {
            if arg == "--" {
                files += rest
                break
            } else if arg == "--profile" {
                guard let path = rest.popFirst() else { return nil }
                profilePath = path
            } else if arg.hasPrefix("--profile=") {
                profilePath = String(arg.dropFirst("--profile=".count))
            } else if arg == "--quiet" || arg == "-q" {
                quiet = true
            } else if arg.hasPrefix("-") && arg != "-" {
                return nil
            } else {
                files.append(arg)
            }
        }
        if files.isEmpty || profilePath?.isEmpty == true { return nil }
    }
}
