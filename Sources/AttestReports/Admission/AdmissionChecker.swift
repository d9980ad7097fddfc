import AttestLedger
import AttestRegistry
import Foundation

/// Verifies an admission answer offline, with nothing but the log's public key
/// (docs/admission.md, "Checking an answer"): the log key's signature on the text, the
/// checkpoint it names, every deciding entry's inclusion proof and leaf, that the answer names
/// exactly the model, version and environment asked about, and that it is fresh.
public struct AdmissionChecker: Sendable {
    /// The default `max-age`: one hour.
    public static let defaultMaxAge: TimeInterval = 3600
    /// How far in the future an answer's time may be (clock skew): five minutes.
    public static let allowedSkew: TimeInterval = 300

    /// What was asked.
    public struct Question: Sendable, Equatable {
        /// The model.
        public var model: String
        /// The version.
        public var version: Int
        /// The environment.
        public var environment: String

        /// Makes a question; names are compared in NFC, byte for byte.
        public init(model: String, version: Int, environment: String) {
            self.model = model.precomposedStringWithCanonicalMapping
            self.version = version
            self.environment = environment.precomposedStringWithCanonicalMapping
        }
    }

    /// The outcome of a check that could read the answer.
    public struct Result: Sendable {
        /// The statement, once its signature verified.
        public var statement: AdmissionStatement?
        /// Every check that failed, in order; empty when the answer checks out.
        public var failures: [String]
        /// Whether the answer checks out and allows: the only outcome that admits (exit 0).
        public var admits: Bool { failures.isEmpty && statement?.allowed == true }
    }

    /// The log's public key.
    public let logKey: VerifierKey
    /// The oldest an answer may be.
    public let maxAge: TimeInterval
    /// The verifier's clock.
    public let now: Date

    /// Makes a checker.
    public init(logKey: VerifierKey, maxAge: TimeInterval = Self.defaultMaxAge, now: Date = Date()) {
        self.logKey = logKey
        self.maxAge = maxAge
        self.now = now
    }

    /// Checks an answer file's bytes against `question`.
    /// - Throws: `AdmissionError` (`.badInput`) when the bytes are not an admission answer.
    public func check(_ bytes: Data, source: String, question: Question) throws -> Result {
        let answer = try AdmissionAnswer(parsing: bytes, source: source)
        let note: SignedNote
        do { note = try SignedNote(parsing: answer.answer) } catch let error as LedgerError {
            return Result(statement: nil, failures: ["the answer is not a signed note: \(error.message)"])
        }
        guard note.isSigned(by: logKey) else {
            return Result(statement: nil, failures: ["the answer carries no valid signature by the log key \(logKey)"])
        }
        let statement: AdmissionStatement
        do { statement = try AdmissionStatement(parsing: note.text) } catch let error as AdmissionError {
            return Result(statement: nil, failures: [error.message])
        }
        var failures = names(statement, question)
        failures += checkpoint(answer, statement)
        failures += proofs(answer, statement, question)
        failures += consistency(statement)
        failures += freshness(statement)
        return Result(statement: statement, failures: failures)
    }

    private func names(_ statement: AdmissionStatement, _ question: Question) -> [String] {
        var failures: [String] = []
        if Array(statement.origin.utf8) != Array(logKey.name.utf8) {
            failures.append("the answer is for the ledger '\(statement.origin)', not '\(logKey.name)'")
        }
        let asked = "\(question.model) v\(question.version) in '\(question.environment)'"
        let named = "\(statement.model) v\(statement.version) in '\(statement.environment)'"
        if Array(statement.model.utf8) != Array(question.model.utf8) || statement.version != question.version
            || Array(statement.environment.utf8) != Array(question.environment.utf8)
        {
            failures.append("the answer is about \(named), not \(asked): an answer for another question was replayed")
        }
        return failures
    }

    private func checkpoint(_ answer: AdmissionAnswer, _ statement: AdmissionStatement) -> [String] {
        let signed: SignedCheckpoint
        do { signed = try SignedCheckpoint(parsing: answer.checkpoint, logKey: logKey) } catch let error as LedgerError {
            return ["the answer's checkpoint does not verify: \(error.message)"]
        } catch { return ["the answer's checkpoint does not verify: \(error)"] }
        guard signed.checkpoint.size == statement.checkpointSize, signed.checkpoint.root == statement.checkpointRoot else {
            return [
                "the checkpoint (size \(signed.checkpoint.size)) is not the one the signed text names (size \(statement.checkpointSize), root \(statement.checkpointRoot.base64))"
            ]
        }
        return []
    }

    private func proofs(_ answer: AdmissionAnswer, _ statement: AdmissionStatement, _ question: Question) -> [String] {
        guard answer.proofs.count == statement.entries.count else {
            return ["the answer cites \(statement.entries.count) entries but carries \(answer.proofs.count) inclusion proofs"]
        }
        var failures: [String] = []
        for (cited, text) in zip(statement.entries, answer.proofs) {
            let name = "the \(cited.role) entry \(cited.entry)"
            let proof: InclusionProof
            do { proof = try InclusionProof(parsing: text, logKey: logKey, source: "proof of \(name)") } catch let error as LedgerError {
                failures.append(error.message)
                continue
            } catch {
                failures.append("proof of \(name): \(error)")
                continue
            }
            guard proof.checkpoint.serialized == answer.checkpoint else {
                failures.append("the proof of \(name) leads to another checkpoint than the answer's")
                continue
            }
            guard proof.index == cited.entry, let leaf = proof.extra, MerkleHash.leaf(leaf) == cited.leafHash else {
                failures.append("the proof given for \(name) is for another entry (index \(proof.index)) or carries other leaf bytes")
                continue
            }
            guard cited.entry < statement.checkpointSize, proof.verifies(leafHash: cited.leafHash) else {
                failures.append("the inclusion proof of \(name) does not verify against the checkpoint (size \(statement.checkpointSize))")
                continue
            }
            if let problem = EntryRole.problem(leaf: leaf, cited: cited, question: question, statement: statement) {
                failures.append("\(name): \(problem)")
            }
        }
        return failures
    }

    private func consistency(_ statement: AdmissionStatement) -> [String] {
        let roles = Set(statement.entries.map(\.role))
        if statement.allowed {
            var missing: [String] = []
            if !statement.reasons.isEmpty { missing.append("it carries reasons") }
            if !roles.contains("policy") { missing.append("it cites no policy publication") }
            if !roles.contains("stage") && !roles.contains("registration") { missing.append("it cites no stage entry") }
            if roles.contains("stage") && !roles.contains("decision") { missing.append("it cites no allowing decision") }
            if statement.required == nil || statement.required?.stage != statement.stage {
                missing.append("the stage is not the one required")
            }
            return missing.isEmpty ? [] : ["the answer allows, but \(missing.joined(separator: "; "))"]
        }
        return statement.reasons.isEmpty ? ["the answer denies without a reason"] : []
    }

    private func freshness(_ statement: AdmissionStatement) -> [String] {
        let age = now.timeIntervalSince(statement.time)
        if age < -Self.allowedSkew {
            return [
                "the answer is dated \(AdmissionStatement.timeText(statement.time)), in the future (now \(AdmissionStatement.timeText(now)))"
            ]
        }
        if age > maxAge {
            return [
                "the answer is stale: made \(AdmissionStatement.timeText(statement.time)), \(Int(age)) s ago, more than the max-age of \(Int(maxAge)) s; fetch a new one"
            ]
        }
        return []
    }
}
