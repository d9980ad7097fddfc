import Foundation
import GRDB

extension LedgerWriter {
    /// Appends an entry made elsewhere (a copy of the log in another store), unchanged: its own
    /// time and signature. The writer makes the bytes it would make for this position and the
    /// stored signature is used only for exactly those bytes, so an entry that does not follow
    /// this log (position, chain link, time, signer) or whose signature does not verify is refused.
    /// The domain projections are updated as for any append.
    /// - Throws: `LedgerError` (`.verificationFailed`) naming the entry.
    public mutating func append(copy entry: Entry) throws {
        guard entry.sequence == size else {
            throw LedgerError(.verificationFailed, "entry \(entry.sequence): expected entry \(size) next")
        }
        let key: VerifierKey
        if entry.sequence == 0 {
            var genesis = KeyDirectory()
            try genesis.apply(entry)
            guard let admin = genesis.validKey(entry.signer, at: 0)?.key else {
                throw LedgerError(.verificationFailed, "entry 0 is not a genesis signed by the admin key it pins")
            }
            key = admin
        } else {
            guard let valid = directory.validKey(entry.signer, at: entry.sequence)?.key else {
                throw LedgerError(.verificationFailed, "entry \(entry.sequence): its signer is not a key valid at this entry")
            }
            key = valid
        }
        let signer = Signer(remote: key) { body in
            guard body == entry.body else {
                throw LedgerError(.verificationFailed, "entry \(entry.sequence) does not follow the entries before it")
            }
            return entry.signature
        }
        do {
            try append(EntryDraft(type: entry.type, payload: entry.payload), signer: signer, timeMicros: entry.timeMicros)
        } catch let error as LedgerError {
            throw LedgerError(.verificationFailed, "entry \(entry.sequence): \(error.message)")
        }
    }
}
