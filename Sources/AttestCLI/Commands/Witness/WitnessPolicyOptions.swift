import ArgumentParser
import AttestLedger
import Foundation

/// `--witness VKEY` (repeatable) and `--quorum K`: the cosignatures a verifying command requires
/// on the checkpoint it uses (docs/witnesses.md).
struct WitnessPolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("witness"),
        help:
            "A witness's cosigner verifier key (type 0x04) or a file holding it; repeatable. The checkpoint used must carry --quorum valid cosignatures."
    )
    var witnesses: [String] = []

    @Option(name: .long, help: "How many of the --witness keys must have cosigned (default: all of them).")
    var quorum: Int?

    /// The policy, or `nil` when no witness is required.
    /// - Throws: `CommandFailure` (bad input) for a malformed key or an impossible quorum.
    func policy() throws -> WitnessQuorum? {
        guard !witnesses.isEmpty else {
            if quorum != nil { throw CommandFailure.usage("--quorum needs at least one --witness VKEY") }
            return nil
        }
        let keys = try witnesses.map { value -> WitnessKey in
            let url = Console.current.url(value)
            let text =
                !value.contains("+") ? FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) } : value
            guard let text else { throw CommandFailure.badInput("--witness '\(value)' is neither a witness key nor a readable file") }
            do { return try WitnessKey(parsing: text) } catch let error as LedgerError {
                throw CommandFailure.badInput("--witness: \(error.message)")
            }
        }
        do { return try WitnessQuorum(witnesses: keys, quorum: quorum ?? keys.count) } catch let error as LedgerError {
            throw CommandFailure.badInput("--quorum: \(error.message)")
        }
    }

    /// Checks the quorum on a checkpoint note.
    /// - Parameters:
    ///   - note: the note of the checkpoint used.
    ///   - what: which checkpoint, for the message.
    /// - Returns: the result, or `nil` when no witness is required.
    /// - Throws: `CommandFailure` (refused, exit 1) when the quorum is not met.
    @discardableResult
    func require(on note: SignedNote?, what: String) throws -> WitnessQuorum.Result? {
        guard let policy = try policy() else { return nil }
        guard let note else { throw CommandFailure.refused("\(what): there is no checkpoint to check the witnesses' cosignatures on") }
        let result = policy.check(note)
        guard result.isMet else { throw CommandFailure.refused("\(what) is NOT witnessed as required: \(result.summary)") }
        return result
    }
}
