import ArgumentParser
import Foundation

/// `caseflow customers …`: what concerns one customer across their cases.
struct CustomersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers",
        abstract: "Act on a customer's cases in a running daemon.",
        subcommands: [History.self, Erase.self]
    )

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A customer's whole history (一人一档): their cases of every workflow and the child cases those started, oldest first.")
        @Argument(help: "The customer's id (the customer.id of their cases).") var customer: String
        @OptionGroup var server: ServerOptions
        func run() throws {
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove("/")
            let path = customer.addingPercentEncoding(withAllowedCharacters: allowed) ?? customer
            try server.show("/v1/customers/\(path)/cases") { people, json in
                people.cases((json as? [String: Any])?["cases"])
            }
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a customer's personal data from every case of theirs (PIPL Art. 47, GDPR Art. 17); needs an admin token.",
            discussion: """
                Every field the vocabulary marks 'personal: true' becomes "[erased]" (or null) in the cases' data, tasks, \
                history and scheduled child cases; each case records a step 'personal_data_erased'. States, rule results \
                and times stay. Archive files written by retention are not touched: erase there by hand.
                """)
        @Argument(help: "The customer's id (the customer.id of their cases).") var customer: String
        @OptionGroup var server: ServerOptions
        func run() throws {
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove("/")
            let path = customer.addingPercentEncoding(withAllowedCharacters: allowed) ?? customer
            try server.call("POST", "/v1/customers/\(path)/erase")
        }
    }
}
