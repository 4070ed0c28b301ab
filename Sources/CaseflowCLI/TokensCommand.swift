import ArgumentParser
import CaseflowServer
import Foundation

/// `caseflow tokens add NAME --role ROLE`: a new token for the daemon, printed once; only its
/// SHA-256 goes into the token file.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Manage the daemon's API tokens.",
        subcommands: [Add.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token: print it once and append its name, role and SHA-256 to the token file.",
            discussion: """
                Roles: admin (everything, reload), integrator (create cases, send events, read), agent (read, \
                complete tasks), reader (read only). The token is shown only now; the file keeps its hash. A \
                running daemon reads the file when it starts.
                """
        )

        @Argument(help: "The token's name, recorded as the actor of every step made with it (letters, digits, . _ @ -).")
        var name: String

        @Option(help: "admin, integrator, agent or reader.")
        var role: String

        @Option(help: "The token file (default: $CASEFLOW_TOKENS, else caseflow.tokens).")
        var file: String?

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("unknown role '\(role)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard TokenFile.isValidName(name) else {
                throw ValidationError("token name '\(name)' may use letters, digits and . _ @ - only (1 to 64 of them)")
            }
            let path = file ?? ProcessInfo.processInfo.environment["CASEFLOW_TOKENS"].flatMap { $0.isEmpty ? nil : $0 } ?? "caseflow.tokens"
            var existing = ""
            if FileManager.default.fileExists(atPath: path) {
                let current: TokenFile
                do { current = try TokenFile.load(path) } catch {
                    standardError("caseflow tokens: \(error.description)\n")
                    throw ExitCode(1)
                }
                if current.entries.contains(where: { $0.name == name }) {
                    standardError("caseflow tokens: \(path) has a token named '\(name)' already; choose another name\n")
                    throw ExitCode(1)
                }
                existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            }
            let (token, line) = TokenFile.newToken(name: name, role: role)
            let text = existing + (existing.isEmpty || existing.last?.isNewline == true ? "" : "\n") + line + "\n"
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                _ = chmod(path, 0o600)
            } catch {
                standardError("caseflow tokens: cannot write \(path): \(error.localizedDescription)\n")
                throw ExitCode(1)
            }
            print(token)
            standardError("token '\(name)' (\(role.rawValue)) added to \(path); keep the token above, it is not stored anywhere\n")
        }
    }
}
