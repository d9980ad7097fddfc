import AttestLedger
import AttestRegistry
import Foundation

/// In-toto statements signed by the actor who made the act, at the time of the act
/// (docs/attestations.md, "Who signs an envelope"): right after an evaluation or a promotion
/// decision is recorded, its actor signs DSSE envelopes over the statements that restate it
/// and records them in an `attestation.signed` entry, with the same key.
public enum ActAttestation {
    /// The statements restating `entry` (an `evaluation.recorded` or `promotion.decided`
    /// entry) as the ledger stood when it was made: a decision gives its Verification Summary
    /// then its gates' test result, an evaluation its evaluation statement. The subjects are the
    /// version's artifacts and the OMS manifests of the model signatures recorded before the
    /// entry, so the statements never change once the entry is in the log.
    /// - Throws: `IntegrationError` for another entry type or a payload that does not decode.
    public static func statements(restating entry: Entry, registry: Registry) throws -> [Statement] {
        try statements(restating: entry, registry: registry, reading: Reads(registry))
    }

    /// What building statements reads from the ledger, kept between the statements of one run
    /// (`attest verify` rebuilds every attestation's): each version read once (through the
    /// registry's guard), each model's `evidence.attached` entries once (those whose payload
    /// carries the model's name, as the registry writes it; the projection guard relies on the
    /// same).
    final class Reads {
        let registry: Registry
        private var versions: [String: VersionInfo] = [:]
        private var evidenceEntries: [String: [Entry]] = [:]

        init(_ registry: Registry) { self.registry = registry }

        func version(_ model: String, _ version: Int) throws -> VersionInfo {
            let key = "\(version) \(model)"
            if let known = versions[key] { return known }
            let info: VersionInfo
            do { info = try registry.version(model, version) } catch let error as RegistryError {
                throw IntegrationError(.badInput, error.message)
            }
            versions[key] = info
            return info
        }

        func evidence(of model: String) throws -> [Entry] {
            if let known = evidenceEntries[model] { return known }
            let read = try registry.ledger.entries(types: [EventType.evidenceAttached], containing: model)
            evidenceEntries[model] = read
            return read
        }
    }

    static func statements(restating entry: Entry, registry: Registry, reading: Reads) throws -> [Statement] {
        guard let (model, version) = modelAndVersion(of: entry) else {
            throw IntegrationError(.badInput, "entry \(entry.sequence) names no model and version")
        }
        let exporter = InTotoExporter(registry: registry)
        let info = try reading.version(model, version)
        let builder = StatementBuilder(
            origin: registry.ledger.origin, model: model, version: version,
            subjects: try exporter.subjects(
                info, model: model, version: version, before: entry.sequence, evidence: try reading.evidence(of: model)))
        switch entry.type {
        case EventType.promotionDecided:
            guard let decided = try? JSONDecoder().decode(PromotionDecided.self, from: Data(entry.payload)) else {
                throw IntegrationError(.storage, "entry \(entry.sequence) (promotion.decided) does not decode; run 'attest verify'")
            }
            return [builder.verificationSummary(entry, decided), builder.testResult(entry, decided)]
        case EventType.evaluationRecorded:
            guard let statement = builder.evaluation(entry) else {
                throw IntegrationError(.storage, "entry \(entry.sequence) (evaluation.recorded) does not decode; run 'attest verify'")
            }
            return [statement]
        default:
            throw IntegrationError(
                .badInput, "entry \(entry.sequence) is a \(entry.type) entry; only evaluations and decisions are attested")
        }
    }

    /// Signs the statements restating `entry` with `signer` (its actor, holding the key) and
    /// records them (`attest evaluate` and `attest promote` on a local ledger).
    /// - Returns: the `attestation.signed` entry.
    /// - Throws: `RegistryError` or `IntegrationError`.
    @discardableResult
    public static func record(_ entry: Entry, registry: Registry, signer: Signer) throws -> Entry {
        guard let (model, version) = modelAndVersion(of: entry) else {
            throw IntegrationError(.badInput, "entry \(entry.sequence) names no model and version")
        }
        let statements = try statements(restating: entry, registry: registry)
        return try registry.recordAttestation(
            model: model, version: version, entry: entry.sequence,
            envelopes: statements.map { SignedStatement.signing($0.json, by: signer) },
            statementsMatch: statementsMatch(registry), by: signer)
    }

    /// The check ``Registry/recordAttestation(model:version:entry:envelopes:statementsMatch:by:)``
    /// runs: the envelopes' statements are, byte for byte and in order, the ones that restate the
    /// entry.
    public static func statementsMatch(_ registry: Registry) -> (Entry, [SignedStatement]) throws -> Void {
        { entry, envelopes in
            let expected: [Statement]
            do { expected = try statements(restating: entry, registry: registry) } catch let error as IntegrationError {
                throw RegistryError(.badInput, error.message)
            }
            if let problem = mismatch(envelopes, expected) {
                throw RegistryError(.badInput, "the statements do not restate entry \(entry.sequence): \(problem)")
            }
        }
    }

    /// What a client checks before it signs statements the server built for its own entry
    /// (`attest evaluate` and `attest promote` with `--server`): each is an in-toto Statement v1
    /// of a predicate type that restates `entry`'s type, and cites `entry` by its leaf hash or
    /// the SHA-256 of its leaf, which the client computes from the entry it signed. The rest of
    /// the statements is checked by the server before it records them and by `attest verify`.
    /// - Throws: `IntegrationError` (`.refused`) naming what does not match.
    public static func checkBeforeSigning(_ statements: [[UInt8]], restating entry: Entry) throws {
        let allowed: [String] =
            entry.type == EventType.promotionDecided
            ? [PredicateTypes.verificationSummary, PredicateTypes.testResult] : [PredicateTypes.evaluation]
        guard statements.count == allowed.count else {
            throw IntegrationError(
                .refused, "the server sent \(statements.count) statements for entry \(entry.sequence), not \(allowed.count)")
        }
        let citations = [entry.leafHash.hex, AttestLedger.SHA256.hash(entry.leaf).hex]
        for (index, bytes) in statements.enumerated() {
            guard let value = JSONValue(parsing: bytes), value["_type"]?.stringValue == Statement.type,
                value["predicateType"]?.stringValue == allowed[index]
            else {
                throw IntegrationError(
                    .refused, "statement \(index) for entry \(entry.sequence) is not an in-toto statement of type \(allowed[index])")
            }
            let text = String(decoding: bytes, as: UTF8.self)
            guard citations.contains(where: { text.contains("\"\($0)\"") }) else {
                throw IntegrationError(.refused, "statement \(index) does not cite entry \(entry.sequence) by its leaf")
            }
        }
    }

    /// Why `envelopes` do not carry exactly `expected`; `nil` when they do.
    static func mismatch(_ envelopes: [SignedStatement], _ expected: [Statement]) -> String? {
        guard envelopes.count == expected.count else { return "\(envelopes.count) envelopes for \(expected.count) statements" }
        for (index, (envelope, statement)) in zip(envelopes, expected).enumerated() where envelope.statement != statement.json {
            return "envelope \(index) carries another statement than the \(statement.predicateType) statement that restates it"
        }
        return nil
    }

    /// Whether `entry`'s payload names `model` and `version`.
    public static func concerns(_ entry: Entry, model: String, version: Int) -> Bool {
        guard let (named, number) = modelAndVersion(of: entry) else { return false }
        return named == model && number == version
    }

    /// The model and version an entry's payload names.
    public static func modelAndVersion(of entry: Entry) -> (String, Int)? {
        struct Names: Decodable {
            var model: String?
            var version: Int?
        }
        guard let names = try? JSONDecoder().decode(Names.self, from: Data(entry.payload)), let model = names.model,
            let version = names.version
        else { return nil }
        return (model, version)
    }
}
