import AttestLedger
import AttestRegistry
import Foundation

extension LedgerOptions {
    /// Opens the registry on the ledger these options name.
    func openRegistry(readOnly: Bool = false) throws -> Registry {
        try Registry.open(at: try ledgerURL().path, readOnly: readOnly)
    }
}

/// Turns registry and ledger errors into command failures with the documented exit codes.
enum Failures {
    static func map(_ error: any Error) -> any Error {
        if let error = error as? RegistryError { return CommandFailure(error.message, exitCode: error.exitCode) }
        return error
    }

    /// Runs `body`, mapping a registry error to its command failure.
    static func catching<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw map(error) }
    }
}
