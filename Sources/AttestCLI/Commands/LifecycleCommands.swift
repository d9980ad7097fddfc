import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

struct AliasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alias", abstract: "Point an alias (champion, challenger, ...) at a version, or remove it (admin or risk-officer).",
        subcommands: [Set.self, Remove.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var alias: String
        @Argument var version: Int

        func run() throws {
            if let client = try remote.client(identity) {
                try RemoteActs.simple(client, .aliasSet) { act in
                    act.model = name
                    act.version = version
                    act.alias = alias
                }
            } else {
                try options.openRegistry().setAlias(alias, model: name, version: version, by: try identity.signer())
            }
            Console.current.out("\(name) \(alias) -> v\(version)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an alias from a model.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var alias: String

        func run() throws {
            if let client = try remote.client(identity) {
                try RemoteActs.simple(client, .aliasRemove) { act in
                    act.model = name
                    act.alias = alias
                }
            } else {
                try options.openRegistry().removeAlias(alias, model: name, by: try identity.signer())
            }
            Console.current.out("Removed \(name) \(alias)")
        }
    }
}

struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract:
            "Record a deployment of a version to an environment with a traffic share (admin); shares per environment never exceed 100%.")
    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions
    @Argument var name: String
    @Argument var version: Int
    @Option(name: .long) var environment: String
    @Option(name: .long, help: "Percent of the environment's traffic (0 withdraws).") var traffic: Double = 100

    func run() throws {
        if let client = try remote.client(identity) {
            try RemoteActs.simple(client, .deploy) { act in
                act.model = name
                act.version = version
                act.environment = environment
                act.traffic = traffic
            }
        } else {
            try options.openRegistry().deploy(
                name, version: version, environment: environment, traffic: traffic, by: try identity.signer())
        }
        Console.current.out("Deployed \(name) v\(version) to \(environment) at \(traffic)% traffic")
    }
}

struct DeprecateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deprecate", abstract: "Mark a version deprecated (admin or risk-officer).")
    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions
    @Argument var name: String
    @Argument var version: Int
    @Option(name: .long) var reason: String

    func run() throws {
        if let client = try remote.client(identity) {
            try RemoteActs.simple(client, .versionDeprecate) { act in
                act.model = name
                act.version = version
                act.reason = reason
            }
        } else {
            try options.openRegistry().deprecate(name, version: version, reason: reason, by: try identity.signer())
        }
        Console.current.out("Deprecated \(name) v\(version)")
    }
}

struct RetireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire", abstract: "Retire a version: archived, never promoted again (admin or risk-officer).")
    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions
    @Argument var name: String
    @Argument var version: Int
    @Option(name: .long) var reason: String

    func run() throws {
        if let client = try remote.client(identity) {
            try RemoteActs.simple(client, .versionRetire) { act in
                act.model = name
                act.version = version
                act.reason = reason
            }
        } else {
            try options.openRegistry().retire(name, version: version, reason: reason, by: try identity.signer())
        }
        Console.current.out("Retired \(name) v\(version)")
    }
}

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Drop every projection table and recreate it by replaying the log.")
    @OptionGroup var options: LedgerOptions

    func run() throws {
        let console = Console.current
        let registry = try options.openRegistry()
        let started = Date()
        let count = try registry.ledger.rebuildProjections { done, total in console.progress("replayed \(done)/\(total) entries") }
        if console.isInteractive { console.err("") }
        let seconds = Date().timeIntervalSince(started)
        if options.json { return try JSONOutput.print(["entries": count, "seconds": seconds]) }
        console.out("Rebuilt the projections from \(count) entries in \(String(format: "%.2f", seconds)) s")
    }
}
