import AttestLedger
import Foundation

/// A DSSE envelope in its JSON form (<https://github.com/secure-systems-lab/dsse/blob/master/envelope.md>):
/// `{"payload": base64, "payloadType": text, "signatures": [{"keyid": text, "sig": base64}]}`.
public struct DSSEEnvelope: Sendable, Equatable {
    /// The in-toto payload type.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// One signature.
    public struct Signature: Sendable, Equatable {
        /// The key id (optional in DSSE, may be empty).
        public var keyID: String
        /// The signature bytes.
        public var sig: [UInt8]

        /// Makes a signature.
        public init(keyID: String, sig: [UInt8]) {
            self.keyID = keyID
            self.sig = sig
        }
    }

    /// The payload type.
    public var payloadType: String
    /// The payload bytes (decoded).
    public var payload: [UInt8]
    /// The signatures.
    public var signatures: [Signature]

    /// Makes an envelope.
    public init(payloadType: String, payload: [UInt8], signatures: [Signature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }

    /// Signs `payload` with an Attest key (Ed25519 over the PAE).
    /// - Parameters:
    ///   - payload: the serialized statement.
    ///   - payloadType: the payload type.
    ///   - signer: the key; the key id is its fingerprint in lowercase hex (the `signer` of its entries).
    /// - Returns: an envelope with one signature.
    public static func signed(payload: [UInt8], payloadType: String = inTotoPayloadType, by signer: Signer) -> DSSEEnvelope {
        let sig = signer.key.signature(for: PAE.encode(payloadType: payloadType, payload: payload))
        return DSSEEnvelope(
            payloadType: payloadType, payload: payload,
            signatures: [Signature(keyID: signer.verifierKey.fingerprint.hex, sig: sig)])
    }

    /// The PAE bytes the signatures sign.
    public var signedBytes: [UInt8] { PAE.encode(payloadType: payloadType, payload: payload) }

    /// The envelope's JSON: keys sorted, standard base64 with padding, followed by a newline.
    public var json: [UInt8] {
        let value = JSONValue.object([
            "payload": .string(Data(payload).base64EncodedString()),
            "payloadType": .string(payloadType),
            "signatures": .array(
                signatures.map { .object(["keyid": .string($0.keyID), "sig": .string(Data($0.sig).base64EncodedString())]) }),
        ])
        return value.canonicalBytes + [0x0A]
    }

    /// Reads an envelope from its JSON object.
    /// - Parameters:
    ///   - value: the parsed JSON.
    ///   - source: the input, for errors.
    ///   - field: the path of the envelope in the input (empty at the top level).
    /// - Throws: `IntegrationError` (`.badInput`) naming the field that is missing, mistyped or not base64.
    public init(json value: JSONValue, source: String, field: String = "") throws {
        let prefix = field.isEmpty ? "" : field + "."
        guard let members = value.objectValue else {
            throw IntegrationError.malformed(source, field.isEmpty ? "(top)" : field, "is not a JSON object")
        }
        let reader = FieldReader(source: source, members: members, prefix: prefix)
        payloadType = try reader.string("payloadType")
        payload = try StrictBase64.decode(try reader.string("payload"), source: source, field: prefix + "payload")
        let list = try reader.array("signatures")
        guard !list.isEmpty else {
            throw IntegrationError.malformed(source, prefix + "signatures", "is empty; a DSSE envelope needs a signature")
        }
        signatures = try list.enumerated().map { index, item in
            let path = "\(prefix)signatures[\(index)]"
            guard let object = item.objectValue else { throw IntegrationError.malformed(source, path, "is not a JSON object") }
            let sigReader = FieldReader(source: source, members: object, prefix: path + ".")
            let keyID = try sigReader.optionalString("keyid") ?? ""
            let sig = try StrictBase64.decode(try sigReader.string("sig"), source: source, field: path + ".sig")
            guard !sig.isEmpty else { throw IntegrationError.malformed(source, path + ".sig", "is empty") }
            return Signature(keyID: keyID, sig: sig)
        }
    }
}
