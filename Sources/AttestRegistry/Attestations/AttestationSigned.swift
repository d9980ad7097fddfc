import AttestLedger
import Foundation

extension EventType {
    /// DSSE envelopes of in-toto statements restating one evaluation or decision, signed by the
    /// actor who made it (docs/attestations.md, docs/log-format.md).
    public static let attestationSigned = "attestation.signed"
}

/// The payload of `attestation.signed`: the envelopes the actor of entry `entry` signed with
/// their own key right after making it, each over one statement restating that entry.
public struct AttestationSigned: Codable, Sendable, Equatable {
    /// The model the cited entry concerns.
    public var model: String
    /// The version the cited entry concerns.
    public var version: Int
    /// The cited `evaluation.recorded` or `promotion.decided` entry.
    public var entry: UInt64
    /// The envelopes, in the order of docs/attestations.md (a decision: its Verification Summary,
    /// then its gates' test result; an evaluation: its evaluation statement).
    public var envelopes: [SignedStatement]

    /// Makes the payload.
    public init(model: String, version: Int, entry: UInt64, envelopes: [SignedStatement]) {
        self.model = model
        self.version = version
        self.entry = entry
        self.envelopes = envelopes
    }

    /// The entry types an attestation may restate.
    public static let citedTypes: Set<String> = [EventType.evaluationRecorded, EventType.promotionDecided]
}

/// A DSSE envelope in its JSON form (`payload` and `sig` in standard base64), as recorded in an
/// `attestation.signed` entry: one signature, by the key that signs the entry.
public struct SignedStatement: Codable, Sendable, Equatable {
    /// The in-toto payload type.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// One signature.
    public struct Signature: Codable, Sendable, Equatable {
        /// The signing key's fingerprint, lowercase hex.
        public var keyid: String
        /// The Ed25519 signature over the PAE, base64.
        public var sig: String

        /// Makes a signature.
        public init(keyid: String, sig: String) {
            self.keyid = keyid
            self.sig = sig
        }
    }

    /// The statement's bytes, base64.
    public var payload: String
    /// The payload type.
    public var payloadType: String
    /// The signatures.
    public var signatures: [Signature]

    /// Makes an envelope.
    public init(payload: String, payloadType: String, signatures: [Signature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// Signs `statement` with `signer` (Ed25519 over the DSSE PAE); the key id is the key's
    /// fingerprint.
    public static func signing(_ statement: [UInt8], by signer: Signer) -> SignedStatement {
        let sig = signer.key.signature(for: PAE.encode(payloadType: inTotoPayloadType, payload: statement))
        return SignedStatement(
            payload: Data(statement).base64EncodedString(), payloadType: inTotoPayloadType,
            signatures: [Signature(keyid: signer.verifierKey.fingerprint.hex, sig: Data(sig).base64EncodedString())])
    }

    /// The statement's bytes, or `nil` when `payload` is not base64.
    public var statement: [UInt8]? { Data(base64Encoded: payload).map(Array.init) }

    /// Why the envelope is not one in-toto statement signed once by `key`; `nil` when it is.
    public func problem(signedBy key: VerifierKey) -> String? {
        guard payloadType == Self.inTotoPayloadType else { return "its payload type is '\(payloadType)', not \(Self.inTotoPayloadType)" }
        guard let statement else { return "its payload is not base64" }
        guard signatures.count == 1, let only = signatures.first else { return "it has \(signatures.count) signatures, not one" }
        guard only.keyid == key.fingerprint.hex else { return "its key id is not the fingerprint of \(key.name)'s key" }
        guard let sig = Data(base64Encoded: only.sig).map(Array.init),
            key.publicKey.isValidSignature(sig, for: PAE.encode(payloadType: payloadType, payload: statement))
        else { return "its signature does not verify with \(key.name)'s key" }
        return nil
    }
}
