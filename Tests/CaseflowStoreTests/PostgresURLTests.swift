import CaseflowPostgres
import CaseflowStore
import Testing

/// `--database postgres://…`: what is read from the URL, and what is refused with a fix.
@Suite struct PostgresURLTests {
    @Test func aFullURLIsRead() throws {
        let url = try PostgresURL(parsing: "postgres://caseflow:p%40ss%3Aw@db.internal:6432/desk")
        #expect(url == PostgresURL(host: "db.internal", port: 6432, user: "caseflow", password: "p@ss:w", database: "desk"))
        #expect(url.description == "postgres://caseflow:***@db.internal:6432/desk")
        #expect(try PostgresURL(parsing: "postgresql://u@h/d?sslmode=disable") == PostgresURL(host: "h", port: 5432, user: "u", password: nil, database: "d"))
        #expect(PostgresURL.isPostgres("postgres://x") && !PostgresURL.isPostgres("cases.sqlite"))
    }

    @Test(arguments: [
        ("postgres://u:secret@/d", "names no host"),
        ("postgres://h:5432/d", "names no user"),
        ("postgres://u:secret@h:5432", "names no database"),
        ("postgres://u:secret@h:5432/d?sslmode=require", "'sslmode=require' is not supported"),
    ])
    func aBadURLSaysWhatIsMissingAndHidesThePassword(_ text: String, _ expected: String) {
        #expect {
            try PostgresURL(parsing: text)
        } throws: { error in
            let message = (error as? StoreError)?.message ?? ""
            return message.contains(expected) && !message.contains("secret")
        }
    }
}
