import ArgumentParser
import AttestLedger
import AttestRegistry
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a ledger whose genesis pins its origin, its log key and its first admin.",
        discussion: """
            The admin's key must exist in the keystore ('attest key generate NAME'). The log key, named \
            after the origin, is generated in the keystore when missing, with the same passphrase source.
            """)

    @OptionGroup var options: LedgerOptions

    @Option(help: "The log's origin name, e.g. ledger.example.com/credit-models.")
    var origin: String

    @Option(help: "The first admin actor (a key of that name must be in the keystore).")
    var admin: String

    @Option(name: .long, help: "Read passphrases from this file.")
    var passphraseFile: String?

    @Flag(name: .long, help: "Store a newly generated log key without encryption (not recommended).")
    var unencryptedLogKey = false

    func run() throws {
        let console = Console.current
        let origin = try IdentifierText.normalize(origin, what: "origin")
        let url = try options.ledgerURL(creating: true)
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw CommandFailure.badInput("\(url.path): a ledger exists here already; 'init' never overwrites one")
        }
        let store = Keystore.fromEnvironment(console.environment)
        let adminSigner = try Passphrases.loadKey(name: admin, passphraseFile: passphraseFile, environmentVariable: "ATTEST_PASSPHRASE")
        let logSigner: Signer
        var wrote = [url.path]
        if store.contains(origin) {
            logSigner = try Passphrases.loadLogKey(origin: origin, passphraseFile: passphraseFile)
        } else {
            let passphrase =
                unencryptedLogKey
                ? nil
                : try Passphrases.read(
                    file: passphraseFile,
                    environmentVariable: console.environment["ATTEST_LOG_PASSPHRASE"] != nil
                        ? "ATTEST_LOG_PASSPHRASE" : "ATTEST_PASSPHRASE",
                    prompt: "New passphrase for the log key '\(origin)'", confirm: true)
            logSigner = try store.generate(name: origin, passphrase: passphrase)
            wrote += [store.privateKeyURL(origin).path, store.publicKeyURL(origin).path]
        }
        let ledger = try Registry.create(at: url.path, origin: origin, logKey: logSigner.verifierKey, admin: adminSigner).ledger
        let checkpoint = try ledger.checkpoint(signedBy: logSigner)
        if options.json {
            try JSONOutput.print([
                "ledger": url.path, "origin": origin, "logKey": logSigner.verifierKey.description,
                "admin": adminSigner.verifierKey.description, "checkpoint": checkpoint.serialized, "wrote": wrote,
            ])
        } else {
            for path in wrote { console.out("Wrote \(path)") }
            console.out("Created ledger \(url.path)")
            console.out("  origin   \(origin)")
            console.out("  log key  \(logSigner.verifierKey)")
            console.out("  admin    \(adminSigner.verifierKey)")
            console.out(
                "Entry 0 (ledger.genesis) and entry 1 (registry.initialized, the role catalogue) signed by \(admin); checkpoint at size 2 signed by the log key."
            )
        }
    }
}
