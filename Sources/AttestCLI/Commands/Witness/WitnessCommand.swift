import ArgumentParser
import AttestLedger
import AttestWitness
import Foundation

/// `attest witness`: run a witness, and manage the ledger's list of witnesses.
struct WitnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Witnesses: run a C2SP tlog-witness, print a witness key, manage the ledger's witness list (docs/witnesses.md).",
        subcommands: [
            WitnessServeCommand.self, WitnessKeyCommand.self, WitnessAddCommand.self, WitnessRemoveCommand.self,
            WitnessListCommand.self,
        ]
    )
}

/// `attest witness key NAME`: print a keystore key as a cosigner verifier key (type 0x04).
struct WitnessKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Print a keystore key's cosigner verifier key (C2SP vkey, signature type 0x04).")

    @Argument(help: "The witness key's name in the keystore.")
    var name: String

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        let store = Keystore.fromEnvironment(Console.current.environment)
        let verifier = try store.publicKey(name: name)
        let key = try WitnessKey(name: verifier.name, publicKey: verifier.publicKey)
        if json {
            try JSONOutput.print([
                "name": key.name, "witnessKey": key.description, "keyID": key.keyID.map { String(format: "%02x", $0) }.joined(),
            ])
        } else {
            Console.current.out(key.description)
        }
    }
}
