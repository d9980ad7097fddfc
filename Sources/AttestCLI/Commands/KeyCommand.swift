import ArgumentParser
import AttestLedger
import Foundation

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Generate and show Ed25519 keys in the keystore ($ATTEST_HOME or ~/.attest).",
        subcommands: [Generate.self, Show.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Generate a key pair; the private key is encrypted with a passphrase (Argon2id + XChaCha20-Poly1305).")

        @Argument(help: "The key name: an actor's name, or a log's origin.")
        var name: String

        @Option(name: .long, help: "Read the new passphrase from this file (default: $ATTEST_PASSPHRASE, or a prompt).")
        var passphraseFile: String?

        @Flag(name: .long, help: "Store the private key WITHOUT encryption (tests and throwaway keys only).")
        var noPassphrase = false

        @Flag(name: .long, help: "Print machine-readable JSON.")
        var json = false

        func run() throws {
            let console = Console.current
            let store = Keystore.fromEnvironment(console.environment)
            let passphrase =
                noPassphrase
                ? nil
                : try Passphrases.read(
                    file: passphraseFile, environmentVariable: "ATTEST_PASSPHRASE", prompt: "New passphrase for key '\(name)'",
                    confirm: true)
            let signer = try store.generate(name: name, passphrase: passphrase)
            let written = [store.privateKeyURL(signer.name).path, store.publicKeyURL(signer.name).path]
            if json {
                try JSONOutput.print([
                    "name": signer.name, "publicKey": signer.verifierKey.description, "encrypted": !noPassphrase,
                    "file": written[0], "wrote": written,
                ])
                return
            }
            console.out(signer.verifierKey.description)
            console.out("Wrote \(written[0]) (private key, mode 0600)")
            console.out("Wrote \(written[1]) (verifier key)")
            if noPassphrase {
                console.err("warning: the private key is NOT encrypted; anyone who can read the file can sign as '\(name)'")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a key's public verifier key.")

        @Argument(help: "The key name.")
        var name: String

        @Flag(name: .long, help: "Print machine-readable JSON.")
        var json = false

        func run() throws {
            let store = Keystore.fromEnvironment(Console.current.environment)
            let key = try store.publicKey(name: name)
            if json {
                try JSONOutput.print([
                    "name": key.name, "publicKey": key.description, "keyID": key.keyID.map { String(format: "%02x", $0) }.joined(),
                    "fingerprint": key.fingerprint.hex, "encrypted": store.isEncrypted(name),
                ])
            } else {
                Console.current.out(key.description)
            }
        }
    }
}
