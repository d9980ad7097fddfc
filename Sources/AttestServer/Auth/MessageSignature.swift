public import AttestLedger
public import Foundation

/// RFC 9421 HTTP Message Signatures, as Attest uses them: Ed25519 (`alg="ed25519"`, section
/// 3.3.6), one signature per request, components without parameters.
public enum MessageSignature {
    /// The parts of a request that derived components (RFC 9421 section 2.2) read.
    public struct Target: Sendable {
        /// The method, e.g. `POST`.
        public var method: String
        /// `http` or `https`.
        public var scheme: String
        /// Host and port as the client addressed them, lowercase.
        public var authority: String
        /// The path, without the query; `/` when empty.
        public var path: String
        /// The query without the leading `?`, or `nil` when there is none.
        public var query: String?

        /// Makes a target.
        public init(method: String, scheme: String, authority: String, path: String, query: String?) {
            self.method = method
            self.scheme = scheme
            self.authority = authority.lowercased()
            self.path = path.isEmpty ? "/" : path
            self.query = query
        }

        /// The value of a derived component, or `nil` for one Attest does not support.
        func derived(_ name: String) -> String? {
            switch name {
            case "@method": method
            case "@authority": authority
            case "@scheme": scheme.lowercased()
            case "@path": path
            case "@query": "?" + (query ?? "")
            case "@target-uri": "\(scheme.lowercased())://\(authority)\(path)" + (query.map { "?" + $0 } ?? "")
            case "@request-target": path + (query.map { "?" + $0 } ?? "")
            default: nil
            }
        }
    }

    /// A parsed `Signature-Input` member: the covered components and the parameters, in order.
    public struct Input: Sendable {
        /// The signature's label, e.g. `sig1`.
        public var label: String
        /// The covered components, e.g. `@method`, `content-digest`.
        public var components: [String]
        var parameters: [(String, StructuredFields.Bare)]

        /// `created`, seconds since 1970.
        public var created: Int64? { integer("created") }
        /// `expires`, seconds since 1970.
        public var expires: Int64? { integer("expires") }
        /// `nonce`.
        public var nonce: String? { string("nonce") }
        /// `keyid`.
        public var keyID: String? { string("keyid") }
        /// `alg`.
        public var algorithm: String? { string("alg") }

        /// The `@signature-params` value: the inner list serialised (RFC 9421 section 2.3).
        public var serializedParameters: String {
            StructuredFields.serialize(innerList: components, parameters: parameters)
        }

        private func integer(_ key: String) -> Int64? {
            guard case .integer(let i)? = parameters.first(where: { $0.0 == key })?.1 else { return nil }
            return i
        }

        private func string(_ key: String) -> String? {
            guard case .string(let s)? = parameters.first(where: { $0.0 == key })?.1 else { return nil }
            return s
        }
    }

    /// Makes the input of a new signature.
    /// - Parameters:
    ///   - label: the label.
    ///   - components: the covered components, in order.
    ///   - created: `created`.
    ///   - keyID: `keyid`.
    ///   - nonce: `nonce`, when there is one.
    ///   - algorithm: `alg`, when it is to be named.
    /// - Returns: the input.
    public static func input(
        label: String = "sig1", components: [String], created: Int64, keyID: String, nonce: String? = nil,
        algorithm: String? = "ed25519"
    ) -> Input {
        var parameters: [(String, StructuredFields.Bare)] = [("created", .integer(created)), ("keyid", .string(keyID))]
        if let nonce { parameters.append(("nonce", .string(nonce))) }
        if let algorithm { parameters.append(("alg", .string(algorithm))) }
        return Input(label: label, components: components, parameters: parameters)
    }

    /// Parses a `Signature-Input` field holding exactly one signature.
    /// - Throws: ``ServerError`` (`.unauthenticated`) for a malformed field or more than one signature.
    public static func parseInput(_ field: String) throws -> Input {
        let members: [(String, StructuredFields.Member)]
        do { members = try StructuredFields.parseDictionary(field) } catch let error as StructuredFields.ParseError {
            throw ServerError(.unauthenticated, "Signature-Input is malformed: \(error.message)")
        }
        guard members.count == 1, let (label, member) = members.first else {
            throw ServerError(.unauthenticated, "Signature-Input must hold exactly one signature, not \(members.count)")
        }
        guard case .innerList(let components, let parameters) = member else {
            throw ServerError(.unauthenticated, "Signature-Input '\(label)' is not an inner list of components")
        }
        guard Set(components).count == components.count else {
            throw ServerError(.unauthenticated, "Signature-Input '\(label)' names a component twice")
        }
        return Input(label: label, components: components, parameters: parameters)
    }

    /// Parses a `Signature` field and returns the signature bytes for `label`.
    /// - Throws: ``ServerError`` (`.unauthenticated`).
    public static func parseSignature(_ field: String, label: String) throws -> [UInt8] {
        let members: [(String, StructuredFields.Member)]
        do { members = try StructuredFields.parseDictionary(field) } catch let error as StructuredFields.ParseError {
            throw ServerError(.unauthenticated, "Signature is malformed: \(error.message)")
        }
        guard members.count == 1, members[0].0 == label, case .bytes(let bytes) = members[0].1 else {
            throw ServerError(.unauthenticated, "Signature must hold exactly one byte sequence, labelled '\(label)'")
        }
        return bytes
    }

    /// The signature base (RFC 9421 section 2.5): one line per covered component, then
    /// `"@signature-params"`; lines end with a line feed except the last.
    /// - Parameters:
    ///   - input: the covered components and parameters.
    ///   - target: the request's derived components.
    ///   - field: a header field's value by lowercase name (values of repeated fields joined by `, `).
    /// - Returns: the base.
    /// - Throws: ``ServerError`` (`.unauthenticated`) for a component the request lacks or Attest does not support.
    public static func base(_ input: Input, target: Target, field: (String) -> String?) throws -> String {
        var lines: [String] = []
        for name in input.components {
            guard name == name.lowercased(), !name.contains("\n"), !name.contains("\"") else {
                throw ServerError(.unauthenticated, "component '\(name)' must be a lowercase name")
            }
            let value: String?
            if name.hasPrefix("@") {
                guard name != "@signature-params", name != "@status" else {
                    throw ServerError(.unauthenticated, "component '\(name)' may not be covered in a request")
                }
                value = target.derived(name)
            } else {
                value = field(name).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
            }
            guard let value else {
                throw ServerError(.unauthenticated, "the signature covers '\(name)', which this request does not have")
            }
            guard !value.contains("\n"), !value.contains("\r") else {
                throw ServerError(.unauthenticated, "component '\(name)' holds a line break")
            }
            lines.append("\(StructuredFields.serialize(string: name)): \(value)")
        }
        lines.append("\"@signature-params\": \(input.serializedParameters)")
        return lines.joined(separator: "\n")
    }

    /// The `Content-Digest` value of a body (RFC 9530): `sha-256=:BASE64:`.
    public static func contentDigest(_ body: [UInt8]) -> String {
        "sha-256=:" + Base64Text.encode(SHA256.hash(body).bytes) + ":"
    }

    /// Checks a `Content-Digest` field against a body: its `sha-256` member must match (other
    /// algorithms are ignored; a field without `sha-256` fails).
    /// - Throws: ``ServerError`` (`.unauthenticated`).
    public static func checkContentDigest(_ field: String, body: [UInt8]) throws {
        let members: [(String, StructuredFields.Member)]
        do { members = try StructuredFields.parseDictionary(field) } catch let error as StructuredFields.ParseError {
            throw ServerError(.unauthenticated, "Content-Digest is malformed: \(error.message)")
        }
        guard let sha = members.first(where: { $0.0 == "sha-256" }), case .bytes(let digest) = sha.1 else {
            throw ServerError(.unauthenticated, "Content-Digest has no sha-256 member")
        }
        guard digest == SHA256.hash(body).bytes else {
            throw ServerError(.unauthenticated, "Content-Digest does not match the body")
        }
    }

    /// The fields a client adds to sign a request with an actor's key: `Content-Digest` (when there
    /// is a body), `Signature-Input` and `Signature`. Covered: `@method`, `@authority`, `@path`,
    /// `@query`, and for a body `content-type` and `content-digest`; parameters `created`,
    /// `keyid` (the key's fingerprint in hex), `nonce` (128 random bits, base64) and `alg`.
    /// - Parameters:
    ///   - target: the request.
    ///   - contentType: the body's media type, when there is a body.
    ///   - body: the body, possibly empty.
    ///   - signer: the actor's key.
    ///   - created: the time, seconds since 1970 (default now).
    ///   - nonce: a fresh nonce (default random).
    /// - Returns: the fields, name and value.
    /// - Throws: what the signer throws.
    public static func sign(
        _ target: Target, contentType: String?, body: [UInt8], signer: Signer, created: Int64 = Int64(Date().timeIntervalSince1970),
        nonce: String = MessageSignature.randomNonce()
    ) throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        var components = ["@method", "@authority", "@path", "@query"]
        var values: [String: String] = [:]
        if !body.isEmpty || contentType != nil {
            let digest = contentDigest(body)
            fields.append(("Content-Digest", digest))
            values["content-digest"] = digest
            components.append("content-digest")
            if let contentType {
                values["content-type"] = contentType
                components.append("content-type")
            }
        }
        let made = Self.input(components: components, created: created, keyID: signer.verifierKey.fingerprint.hex, nonce: nonce)
        let signatureBase = try Self.base(made, target: target) { values[$0] }
        let signature = try signer.sign(Array(signatureBase.utf8))
        fields.append(("Signature-Input", "\(made.label)=\(made.serializedParameters)"))
        fields.append(("Signature", "\(made.label)=:\(Base64Text.encode(signature)):"))
        return fields
    }

    /// 128 random bits in base64: a nonce.
    public static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64Text.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
