public import AttestLedger
import AttestPolicy
import AttestRegistry
public import Foundation

/// What a client checks before it signs a proposed entry (`attest-append/1`): the server may
/// refuse an act, but it must not get a signature on anything the client did not ask for.
public enum ProposalCheck {
    /// Checks `proposal` against the act the client asked for and returns the body to sign.
    /// - Parameters:
    ///   - proposal: the server's proposal.
    ///   - act: the act the client sent.
    ///   - signer: the client's own key.
    /// - Returns: the body bytes, to sign as they are.
    /// - Throws: ``ServerError`` (`.proposalRejected`) naming what does not match.
    public static func bodyToSign(_ proposal: Proposal, act: ActRequest, signer: VerifierKey) throws -> [UInt8] {
        guard let body = Data(base64Encoded: proposal.body).map(Array.init) else {
            throw reject("its body is not base64")
        }
        let entry: Entry
        do { entry = try Proposal.decode(body: body) } catch { throw reject("its body is not an entry body: \(error)") }
        guard
            entry.sequence == proposal.sequence, entry.timeMicros == proposal.timeMicros,
            entry.previousHash.hex == proposal.previousHash, entry.signer.hex == proposal.signer, entry.type == proposal.type,
            entry.payloadText == proposal.payload
        else { throw reject("its decoded fields do not match its body") }
        guard entry.signer == signer.verifierKeyFingerprint else {
            throw reject("it names signer \(entry.signer.hex.prefix(16))…, not this key (\(signer.name))")
        }
        guard let known = ActRequest.Act(rawValue: act.act) else { throw reject("the act '\(act.act)' is unknown") }
        guard known.entryTypes.contains(entry.type) || entry.type == EventType.actionRefused else {
            throw reject("it is a '\(entry.type)' entry, which the act \(act.act) does not write")
        }
        guard let payload = try? JSONSerialization.jsonObject(with: Data(entry.payload)) as? [String: Any] else {
            throw reject("its payload is not a JSON object")
        }
        if entry.type == EventType.actionRefused {
            guard payload["action"] is String, payload["reason"] is String else { throw reject("a refusal without action and reason") }
            return body
        }
        if let model = act.model, let named = payload["model"] as? String, named != model {
            throw reject("it concerns model '\(named)', not '\(model)'")
        }
        if let version = act.version, let named = payload["version"] as? Int, named != version,
            entry.type != EventType.stageChanged
        {
            throw reject("it concerns version \(named), not \(version)")
        }
        if known == .keyRotate {
            // The rotation the client asked for, of its own key, to the key it generated.
            guard payload["newKey"] as? String == act.key, payload["oldKey"] as? String == signer.description,
                payload["principal"] as? String == signer.name, payload["newKeySignature"] as? String == act.newKeySignature
            else { throw reject("it rotates another key than this client's to the key it generated") }
            return body
        }
        if known == .attestationRecord, payload["entry"] as? Int != act.entry.map(Int.init) {
            throw reject("it attests another entry than \(act.entry.map(String.init) ?? "none")")
        }
        if known == .modelCreate, entry.type == EventType.modelCreated { try checkCreated(entry.payload, act: act) }
        if known == .modelRegister, entry.type == EventType.versionRegistered { try checkRegistered(entry.payload, act: act) }
        if known == .mlflowAliasRevert, entry.type == EventType.mlflowAliasReverted,
            try exactly(MLflowAliasReverted.self, entry.payload) != act.aliasReverted
        {
            throw reject("its mlflow.alias.reverted payload is not the move this client made in MLflow")
        }
        if known != .actorAdd, known != .policyPublish, known != .policyApprove, act.model != nil, payload["model"] == nil {
            throw reject("its payload names no model")
        }
        return body
    }

    /// A `model.created` entry is exactly the model the client asked for: every field the act
    /// sent, the owner as the registry normalises names (NFC), and nothing else.
    private static func checkCreated(_ payload: [UInt8], act: ActRequest) throws {
        let created = try exactly(ModelCreated.self, payload)
        guard created.model == act.model, created.owner == act.owner?.precomposedStringWithCanonicalMapping,
            created.purpose == act.purpose, created.riskTier == (try? RiskTier(parsing: act.riskTier ?? "")),
            created.tags == act.tags ?? [:],
            created.mlflow == act.mlflowModel
        else { throw reject("its model.created payload is not the model this client asked to create") }
    }

    /// A `model.version.registered` entry is exactly the version the client asked for: every
    /// field the act sent (the digests it hashed, its MLflow link and environment), and nothing
    /// else; only the version number is the server's to choose.
    private static func checkRegistered(_ payload: [UInt8], act: ActRequest) throws {
        let registered = try exactly(VersionRegistered.self, payload)
        let asked = VersionRegistered(
            model: act.model ?? "", version: registered.version, artifacts: act.artifacts ?? [], datasets: act.datasets ?? [],
            code: act.code, params: act.params ?? [:], metrics: act.metrics ?? [:], parent: act.parent, framework: act.framework,
            description: act.description, environment: act.environmentRecord, mlflow: act.mlflowModelVersion)
        guard registered == asked, registered.version > 0 else {
            throw reject("its model.version.registered payload is not the version this client asked to register")
        }
    }

    /// The payload decoded as `type`, when it is exactly that value's encoding (so that no
    /// field was added that the type would ignore).
    private static func exactly<T: Codable>(_ type: T.Type, _ payload: [UInt8]) throws -> T {
        guard let value = try? JSONDecoder().decode(type, from: Data(payload)),
            (try? EntryDraft(type: "", encoding: value).payload) == payload
        else { throw reject("its payload is not a \(type) as the registry writes it") }
        return value
    }

    private static func reject(_ why: String) -> ServerError {
        ServerError(.proposalRejected, "the server proposed an entry this client will not sign: \(why)")
    }
}

extension VerifierKey {
    /// The fingerprint (section 3 of docs/log-format.md).
    var verifierKeyFingerprint: Digest { fingerprint }
}
