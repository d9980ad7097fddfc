import AttestLedger
import Foundation

/// Where passphrases come from: a file, an environment variable (automation), or a prompt on
/// the terminal with echo off. Read bytes are held in `SecretBytes` and wiped after use.
enum Passphrases {
    static func read(file: String?, environmentVariable: String, prompt: String, confirm: Bool = false) throws -> SecretBytes {
        let console = Console.current
        if let file {
            let url = console.url(file)
            guard var data = FileManager.default.contents(atPath: url.path) else {
                throw CommandFailure.badInput("\(url.path): cannot read the passphrase file")
            }
            var bytes = [UInt8](data)
            data.resetBytes(in: 0..<data.count)
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            guard !bytes.isEmpty else { throw CommandFailure.badInput("\(url.path): the passphrase file is empty") }
            return SecretBytes(consuming: &bytes)
        }
        if let value = console.environment[environmentVariable] {
            var bytes = Array(value.utf8)
            guard !bytes.isEmpty else { throw CommandFailure.badInput("\(environmentVariable) is set but empty") }
            return SecretBytes(consuming: &bytes)
        }
        guard console.isInteractive else {
            throw CommandFailure.badInput(
                "a passphrase is needed (\(prompt.lowercased())) but there is no terminal: pass --passphrase-file FILE or set \(environmentVariable)"
            )
        }
        let first = try promptHidden(prompt + ": ")
        if confirm {
            let second = try promptHidden("Repeat the passphrase: ")
            guard first.constantTimeEquals(second) else { throw CommandFailure.badInput("the passphrases do not match") }
        }
        return first
    }

    static func loadKey(name: String, passphraseFile: String?, environmentVariable: String) throws -> Signer {
        let store = Keystore.fromEnvironment(Console.current.environment)
        return try store.load(name: name) {
            try read(file: passphraseFile, environmentVariable: environmentVariable, prompt: "Passphrase for key '\(name)'")
        }
    }

    /// The log key: `ATTEST_LOG_PASSPHRASE` when set, otherwise the actor's sources.
    static func loadLogKey(origin: String, passphraseFile: String?) throws -> Signer {
        let environment = Console.current.environment
        let variable = environment["ATTEST_LOG_PASSPHRASE"] != nil ? "ATTEST_LOG_PASSPHRASE" : "ATTEST_PASSPHRASE"
        do {
            return try loadKey(
                name: origin, passphraseFile: variable == "ATTEST_LOG_PASSPHRASE" ? nil : passphraseFile, environmentVariable: variable)
        } catch let error as LedgerError where error.code == .notFound {
            throw CommandFailure.badInput(
                "the log key '\(origin)' is not in this keystore; checkpoints are signed by the log operator who holds it (\(error.message))"
            )
        }
    }

    private static func promptHidden(_ prompt: String) throws -> SecretBytes {
        FileHandle.standardError.write(Data(TerminalText.escapeField(prompt).utf8))
        var old = termios()
        let hasTerminal = tcgetattr(0, &old) == 0
        if hasTerminal {
            var silent = old
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &silent)
        }
        defer {
            if hasTerminal { tcsetattr(0, TCSAFLUSH, &old) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Foundation.read(0, &byte, 1) == 1, byte != 0x0A { bytes.append(byte) }
        guard !bytes.isEmpty else { throw CommandFailure.badInput("no passphrase was entered") }
        return SecretBytes(consuming: &bytes)
    }
}
