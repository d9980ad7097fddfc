import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestServer
import AttestWitness
import Foundation

/// `attest witness add VKEY --url URL [--quorum K]`: add a witness to the ledger's list (admin).
struct WitnessAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a witness to the ledger's witness list (admin; recorded as a witnesses.set entry).")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions

    @Argument(help: "The witness's cosigner verifier key (name+keyid+base64, type 0x04; 'attest witness key' prints it).")
    var key: String

    @Option(name: .long, help: "The witness's submission prefix, e.g. http://127.0.0.1:7380.")
    var url: String

    @Option(name: .long, help: "The quorum after the change (default: unchanged, at least 1).")
    var quorum: Int?

    func run() throws {
        if let client = try remote.client(identity) {
            var request = ActRequest(act: .witnessAdd)
            request.key = key
            request.url = url
            request.quorum = quorum
            return try WitnessListPrinter.recordRemotely(request, client, json: options.json)
        }
        let registry = try options.openRegistry()
        let current = try registry.witnesses() ?? WitnessesSet(witnesses: [], quorum: 0)
        let next = try Failures.catching { try current.adding(key: key, url: url, quorum: quorum) }
        try WitnessListPrinter.record(next, registry: registry, identity: identity, json: options.json)
    }
}

/// `attest witness remove NAME [--quorum K]`: remove a witness from the ledger's list (admin).
struct WitnessRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a witness from the ledger's witness list (admin; recorded).")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions

    @Argument(help: "The witness's key name.")
    var name: String

    @Option(name: .long, help: "The quorum after the change (default: unchanged, capped at the witnesses left).")
    var quorum: Int?

    func run() throws {
        if let client = try remote.client(identity) {
            var request = ActRequest(act: .witnessRemove)
            request.witness = name
            request.quorum = quorum
            return try WitnessListPrinter.recordRemotely(request, client, json: options.json)
        }
        let registry = try options.openRegistry()
        let current = try registry.witnesses() ?? WitnessesSet(witnesses: [], quorum: 0)
        let next = try Failures.catching { try current.removing(name: name, quorum: quorum) }
        try WitnessListPrinter.record(next, registry: registry, identity: identity, json: options.json)
    }
}

/// `attest witness list`: the witness list and quorum in force.
struct WitnessListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the ledger's witnesses and quorum.")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions

    func run() throws {
        let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
        defer { snapshot?.remove() }
        let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
        let list = try registry.witnesses() ?? WitnessesSet(witnesses: [], quorum: 0)
        WitnessListPrinter.print(list, json: options.json)
    }
}

enum WitnessListPrinter {
    static func record(_ list: WitnessesSet, registry: Registry, identity: IdentityOptions, json: Bool) throws {
        do { try registry.setWitnesses(list, by: try identity.signer()) } catch { throw Failures.map(error) }
        print(list, json: json)
    }

    /// `witness add` or `witness remove` through `attest serve`: the server edits its list.
    static func recordRemotely(_ request: ActRequest, _ client: ServerClient, json: Bool) throws {
        guard let list = try client.act(request).result?["list"]?.decoded(as: WitnessesSet.self) else {
            throw RemoteActs.unreadable(client)
        }
        print(list, json: json)
    }

    static func print(_ list: WitnessesSet, json: Bool) {
        if json {
            try? JSONOutput.print([
                "quorum": list.quorum, "witnesses": list.witnesses.map { ["key": $0.key, "url": $0.url] },
            ])
            return
        }
        guard !list.witnesses.isEmpty else {
            Console.current.out("No witnesses: checkpoints are signed by the log key alone.")
            return
        }
        Console.current.out("Quorum: \(list.quorum) of \(list.witnesses.count)")
        for witness in list.witnesses { Console.current.out("\(witness.key) \(witness.url)") }
    }
}
