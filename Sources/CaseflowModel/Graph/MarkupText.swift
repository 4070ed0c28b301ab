/// Text put into HTML or SVG: `&`, `<`, `>` and `"` escaped, everything else as it is. Shared
/// by the workflow diagrams and the KPI report page.
public enum MarkupText {
    public static func escaped(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
