import AttestLedger
import Foundation
import GRDB

extension Registry {
    /// Records the envelopes that the actor of entry `entry` signed over the statements restating
    /// it (`attestation.signed`, docs/attestations.md). Refused unless the cited entry is an
    /// evaluation or a decision about `model` `version`, made by the same actor, and not yet
    /// attested; each envelope must be one in-toto statement signed once by `signer`'s key, and
    /// `statementsMatch` (the in-toto layer's check that the statements are exactly the ones that
    /// restate the entry) must pass.
    /// - Parameters:
    ///   - model: the model.
    ///   - version: the version.
    ///   - entry: the cited entry's sequence number.
    ///   - envelopes: the envelopes, signed by `signer`'s key.
    ///   - statementsMatch: throws when the statements are not the ones that restate the entry.
    ///   - signer: the actor's key (a remote signer through `attest serve`).
    /// - Returns: the appended entry.
    /// - Throws: `RegistryError` (`.refused`, recorded; `.badInput` for a malformed envelope).
    @discardableResult
    public func recordAttestation(
        model: String, version: Int, entry: UInt64, envelopes: [SignedStatement],
        statementsMatch: (Entry, [SignedStatement]) throws -> Void, by signer: Signer
    ) throws -> Entry {
        let target = Target("entry \(entry) of \(model) v\(version)", model: model, version: version)
        // The statements rest only on entries before the cited one, so they are checked before
        // the write transaction (the check reads the registry, which may not be re-entered).
        if entry < (try ledger.size()) { try statementsMatch(try ledger.entry(at: entry), envelopes) }
        return try perform("attestation.record", target: target, by: signer) { writer, acting in
            guard entry < writer.size, let cited = try Self.entry(at: entry, db: writer.db) else {
                throw RegistryError(.notFound, "entry \(entry) does not exist")
            }
            guard AttestationSigned.citedTypes.contains(cited.type) else {
                throw RegistryError(.badInput, "entry \(entry) is a \(cited.type) entry; only evaluations and decisions are attested")
            }
            guard Self.namesVersion(cited, model: model, version: version) else {
                throw RegistryError(.badInput, "entry \(entry) does not concern \(model) v\(version)")
            }
            let maker = try RegistryProjector.actorName(signer: cited.signer, db: writer.db)
            guard maker == acting.name else {
                throw RegistryError(
                    .refused,
                    "\(acting.name) may not attest entry \(entry): it was made by \(maker ?? "a key of no actor"), who alone may sign its statements"
                )
            }
            if try Self.attestationEntry(citing: entry, db: writer.db) != nil {
                throw RegistryError(.alreadyExists, "entry \(entry) is attested already")
            }
            guard !envelopes.isEmpty else { throw RegistryError(.badInput, "an attestation needs at least one envelope") }
            for (index, envelope) in envelopes.enumerated() {
                if let problem = envelope.problem(signedBy: signer.verifierKey) {
                    throw RegistryError(.badInput, "envelope \(index): \(problem)")
                }
            }
            let payload = AttestationSigned(model: model, version: version, entry: entry, envelopes: envelopes)
            return try writer.append(try EntryDraft(type: EventType.attestationSigned, encoding: payload), signer: signer)
        }
    }

    /// The `attestation.signed` entry citing `entry`, if any.
    /// - Throws: `LedgerError` for a storage failure.
    public func attestation(of entry: UInt64) throws -> (entry: Entry, payload: AttestationSigned)? {
        try ledger.read { db in
            guard let found = try Self.attestationEntry(citing: entry, db: db) else { return nil }
            return (found, try JSONDecoder().decode(AttestationSigned.self, from: Data(found.payload)))
        }
    }

    /// The first `attestation.signed` entry whose payload cites `entry` (before `end`, if given).
    /// Only attestations after the cited entry are read (an attestation can only follow what it
    /// attests), so the usual lookup, right after the act, reads none or a few.
    static func attestationEntry(citing entry: UInt64, before end: UInt64? = nil, db: Database) throws -> Entry? {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT \(columns) FROM entries WHERE type = ? AND seq > ? AND seq < ? ORDER BY seq",
            arguments: [EventType.attestationSigned, Int64(clamping: entry), Int64(clamping: end ?? UInt64(Int64.max))])
        let decoder = JSONDecoder()
        while let row = try rows.next() {
            let found = try ProjectionGuard.entry(row)
            if let payload = try? decoder.decode(AttestationSigned.self, from: Data(found.payload)), payload.entry == entry { return found }
        }
        return nil
    }

    /// The entry at `sequence`, read in the caller's transaction.
    static func entry(at sequence: UInt64, db: Database) throws -> Entry? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM entries WHERE seq = ?", arguments: [Int64(sequence)]).map(ProjectionGuard.entry)
    }

    private static let columns = "seq, time_us, prev_hash, signer, type, payload, signature"

    /// Why `entry` (an `attestation.signed` entry, signed by `actor`) may not stand, given the
    /// log before it; `nil` when it may: the rules of ``recordAttestation(model:version:entry:envelopes:statementsMatch:by:)``
    /// but the statements' content, which `attest verify` checks with the in-toto layer.
    static func attestationViolation(_ entry: Entry, actor: String, db: Database) throws -> String? {
        guard let attested = try? JSONDecoder().decode(AttestationSigned.self, from: Data(entry.payload)) else {
            return "the attestation.signed payload cannot be decoded"
        }
        guard attested.entry < entry.sequence, let cited = try Self.entry(at: attested.entry, db: db) else {
            return "the attestation cites entry \(attested.entry), which does not precede it"
        }
        guard AttestationSigned.citedTypes.contains(cited.type),
            namesVersion(cited, model: attested.model, version: attested.version)
        else {
            return
                "the attestation cites entry \(attested.entry), which is not an evaluation or decision of \(attested.model) v\(attested.version)"
        }
        let maker = try RegistryProjector.actorName(signer: cited.signer, db: db)
        guard maker == actor else {
            return "\(actor) signed the statements of entry \(attested.entry), which \(maker ?? "a key of no actor") made"
        }
        if let earlier = try attestationEntry(citing: attested.entry, before: entry.sequence, db: db) {
            return "entry \(attested.entry) was attested already, in entry \(earlier.sequence)"
        }
        guard
            let text = try String.fetchOne(
                db, sql: "SELECT vkey FROM reg_actor_keys WHERE fingerprint = ?", arguments: [Data(entry.signer.bytes)]),
            let key = try? VerifierKey(parsing: text)
        else { return "the attestation's signing key is not an actor's key" }
        guard !attested.envelopes.isEmpty else { return "the attestation holds no envelope" }
        for (index, envelope) in attested.envelopes.enumerated() {
            if let problem = envelope.problem(signedBy: key) { return "envelope \(index) of the attestation: \(problem)" }
        }
        return nil
    }

    /// Whether `entry`'s payload names `model` and `version`.
    static func namesVersion(_ entry: Entry, model: String, version: Int) -> Bool {
        struct Names: Decodable {
            var model: String?
            var version: Int?
        }
        guard let names = try? JSONDecoder().decode(Names.self, from: Data(entry.payload)) else { return false }
        return names.model == model && names.version == version
    }
}
