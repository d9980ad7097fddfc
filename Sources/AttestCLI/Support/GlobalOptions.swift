import ArgumentParser
import AttestLedger
import Foundation

/// Options every command that touches a ledger accepts.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "The ledger file (default: $ATTEST_LEDGER, or attest.ledger here or in a parent folder).")
    var ledger: String?

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    /// The ledger path: `--ledger`, `$ATTEST_LEDGER`, or `attest.ledger` found upward.
    func ledgerURL(creating: Bool = false) throws -> URL {
        let console = Console.current
        if let ledger { return console.url(ledger) }
        if let fromEnv = console.environment["ATTEST_LEDGER"], !fromEnv.isEmpty { return console.url(fromEnv) }
        if creating { return console.url(LedgerLocator.defaultName) }
        if let found = LedgerLocator.find(from: console.workingDirectory) { return found }
        throw CommandFailure.badInput(
            "no ledger found: no \(LedgerLocator.defaultName) in \(console.workingDirectory) or its parents; pass --ledger PATH, set ATTEST_LEDGER, or create one with 'attest init'"
        )
    }

    func openLedger(readOnly: Bool = false) throws -> Ledger {
        try Ledger.open(at: try ledgerURL().path, readOnly: readOnly)
    }
}

/// Options of commands that sign.
struct IdentityOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "The acting identity (default: $ATTEST_ACTOR).")
    var actor: String?

    @Option(name: .long, help: "Read the key passphrase from this file (default: $ATTEST_PASSPHRASE, or a prompt).")
    var passphraseFile: String?

    /// The acting actor's name, in NFC (names are recorded in NFC).
    func actorName() throws -> String {
        if let actor { return actor.precomposedStringWithCanonicalMapping }
        if let fromEnv = Console.current.environment["ATTEST_ACTOR"], !fromEnv.isEmpty {
            return fromEnv.precomposedStringWithCanonicalMapping
        }
        throw CommandFailure.badInput("no acting identity: pass --as NAME or set ATTEST_ACTOR")
    }

    func signer() throws -> Signer {
        let name = try actorName()
        return try Passphrases.loadKey(name: name, passphraseFile: passphraseFile, environmentVariable: "ATTEST_PASSPHRASE")
    }
}

/// Finds a ledger the way git finds a repository: upward from the working directory.
enum LedgerLocator {
    static let defaultName = "attest.ledger"

    static func find(from directory: String) -> URL? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(defaultName)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }
}
