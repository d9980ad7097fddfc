import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestWitness
import Foundation

/// `attest witness add VKEY --url URL [--quorum K]`: add a witness to the ledger's list (admin).
struct WitnessAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a witness to the ledger's witness list (admin; recorded as a witnesses.set entry).")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "The witness's cosigner verifier key (name+keyid+base64, type 0x04; 'attest witness key' prints it).")
    var key: String

    @Option(name: .long, help: "The witness's submission prefix, e.g. http://127.0.0.1:7380.")
    var url: String

    @Option(name: .long, help: "The quorum after the change (default: unchanged, at least 1).")
    var quorum: Int?

    func run() throws {
        let registry = try options.openRegistry()
        let current = try registry.witnesses() ?? WitnessesSet(witnesses: [], quorum: 0)
        let parsed: WitnessKey
        do { parsed = try WitnessKey(parsing: key) } catch let error as LedgerError { throw CommandFailure.badInput(error.message) }
        guard !(try current.witnesses.contains { try $0.witnessKey().name == parsed.name }) else {
            throw CommandFailure.badInput("the witness '\(parsed.name)' is listed already; remove it first to change its key or URL")
        }
        let next = WitnessesSet(
            witnesses: current.witnesses + [.init(key: parsed.description, url: url)], quorum: quorum ?? max(current.quorum, 1))
        try WitnessListPrinter.record(next, registry: registry, identity: identity, json: options.json)
    }
}

/// `attest witness remove NAME [--quorum K]`: remove a witness from the ledger's list (admin).
struct WitnessRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a witness from the ledger's witness list (admin; recorded).")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "The witness's key name.")
    var name: String

    @Option(name: .long, help: "The quorum after the change (default: unchanged, capped at the witnesses left).")
    var quorum: Int?

    func run() throws {
        let registry = try options.openRegistry()
        let current = try registry.witnesses() ?? WitnessesSet(witnesses: [], quorum: 0)
        let left = try current.witnesses.filter { try $0.witnessKey().name != name }
        guard left.count < current.witnesses.count else { throw CommandFailure.badInput("no witness named '\(name)' is listed") }
        let next = WitnessesSet(witnesses: left, quorum: quorum ?? min(current.quorum, left.count))
        try WitnessListPrinter.record(next, registry: registry, identity: identity, json: options.json)
    }
}

/// `attest witness list`: the witness list and quorum in force.
struct WitnessListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the ledger's witnesses and quorum.")

    @OptionGroup var options: LedgerOptions

    func run() throws {
        let registry = try options.openRegistry(readOnly: true)
        let list = try registry.witnesses() ?? WitnessesSet(witnesses: [], quorum: 0)
        WitnessListPrinter.print(list, json: options.json)
    }
}

enum WitnessListPrinter {
    static func record(_ list: WitnessesSet, registry: Registry, identity: IdentityOptions, json: Bool) throws {
        do { try registry.setWitnesses(list, by: try identity.signer()) } catch { throw Failures.map(error) }
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
