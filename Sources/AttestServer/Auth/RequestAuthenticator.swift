import AttestLedger
import AttestRegistry
import Foundation
import GRDB

/// Who sent a request: an actor of the ledger, proved by an RFC 9421 signature.
struct Caller: Sendable {
    /// The actor's name.
    let name: String
    /// The key that signed the request.
    let key: VerifierKey
    /// The roles the actor holds now.
    let roles: Set<String>
    /// `sha256:<hex>` of the signature base, a line feed and the signature in base64: names this
    /// request in a refusal the server records for it.
    let requestDigest: String

    /// Whether the actor may only read (the `auditor` role and nothing else, or no role).
    var readsOnly: Bool { roles.subtracting([BuiltInRole.auditor]).isEmpty }
}

/// Checks a request's RFC 9421 signature (docs/api.md, "Signed requests").
struct RequestAuthenticator: Sendable {
    let registry: Registry
    let nonces: NonceCache
    let maximumAge: TimeInterval
    let skew: TimeInterval
    let clock: @Sendable () -> Date

    /// The components every signature covers.
    static let requiredComponents = ["@method", "@authority", "@path", "@query"]

    /// Returns the caller, or `nil` for a request without `Signature-Input` and `Signature`.
    /// - Throws: ``ServerError`` (`.unauthenticated`, `.busy`).
    func authenticate(_ request: HTTPRequestParts, body: [UInt8]) throws -> Caller? {
        let inputField = request.field("signature-input")
        let signatureField = request.field("signature")
        if inputField == nil, signatureField == nil { return nil }
        guard let inputField, let signatureField else {
            throw ServerError(.unauthenticated, "a signed request carries both Signature-Input and Signature (RFC 9421)")
        }
        let input = try MessageSignature.parseInput(inputField)
        let signature = try MessageSignature.parseSignature(signatureField, label: input.label)
        try checkCoverage(input, request: request, body: body)
        let now = clock().timeIntervalSince1970
        try checkTime(input, now: now)
        guard let keyID = input.keyID, let nonce = input.nonce, !nonce.isEmpty, nonce.utf8.count <= 128 else {
            throw ServerError(.unauthenticated, "the signature needs the parameters keyid and nonce (at most 128 bytes)")
        }
        guard input.algorithm == "ed25519" else {
            throw ServerError(.unauthenticated, "the signature's alg must be \"ed25519\"")
        }
        let (name, key) = try lookUp(keyID: keyID)
        let base = try MessageSignature.base(input, target: request.target, field: request.field)
        guard signature.count == 64, key.publicKey.isValidSignature(signature, for: Array(base.utf8)) else {
            throw ServerError(.unauthenticated, "the request's signature does not verify with the key \(keyID.prefix(16))… of \(name)")
        }
        switch nonces.record(keyID: keyID, nonce: nonce, expires: now + maximumAge + skew, now: now) {
        case .replayed: throw ServerError(.unauthenticated, "the nonce was used before: a replayed request")
        case .full: throw ServerError(.busy, "too many recent requests to remember their nonces; retry shortly")
        case .fresh: break
        }
        let digest = SHA256.hash(Array((base + "\n" + Base64Text.encode(signature)).utf8)).description
        let roles = try registry.ledger.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT role FROM reg_role_grants WHERE actor = ? AND revoked_seq IS NULL", arguments: [name])
        }
        return Caller(name: name, key: key, roles: Set(roles), requestDigest: digest)
    }

    private func checkCoverage(_ input: MessageSignature.Input, request: HTTPRequestParts, body: [UInt8]) throws {
        let covered = Set(input.components)
        let hasTarget = covered.contains("@target-uri") && covered.contains("@method")
        guard hasTarget || Self.requiredComponents.allSatisfy(covered.contains) else {
            throw ServerError(
                .unauthenticated, "the signature must cover @method, @authority, @path and @query (or @method and @target-uri)")
        }
        guard !body.isEmpty else { return }
        guard covered.contains("content-digest"), let digest = request.field("content-digest") else {
            throw ServerError(.unauthenticated, "a request with a body must carry and sign Content-Digest (RFC 9530)")
        }
        try MessageSignature.checkContentDigest(digest, body: body)
        if request.field("content-type") != nil, !covered.contains("content-type") {
            throw ServerError(.unauthenticated, "the signature must cover content-type")
        }
    }

    private func checkTime(_ input: MessageSignature.Input, now: TimeInterval) throws {
        guard let created = input.created else { throw ServerError(.unauthenticated, "the signature needs the parameter created") }
        let age = now - TimeInterval(created)
        guard age <= maximumAge else {
            throw ServerError(
                .unauthenticated, "the request was signed \(Int(age)) s ago; requests older than \(Int(maximumAge)) s are refused")
        }
        guard age >= -skew else {
            throw ServerError(.unauthenticated, "the request was signed \(Int(-age)) s in the future; check the client's clock")
        }
        if let expires = input.expires, TimeInterval(expires) < now {
            throw ServerError(.unauthenticated, "the signature expired")
        }
    }

    /// The active actor and key behind a fingerprint.
    func lookUp(keyID: String) throws -> (String, VerifierKey) {
        guard keyID.utf8.count == 64, let fingerprint = Digest(hex: keyID) else {
            throw ServerError(.unauthenticated, "keyid must be a key fingerprint: 64 hex digits")
        }
        let row = try registry.ledger.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT k.actor, k.vkey, k.valid_through, a.active FROM reg_actor_keys k JOIN reg_actors a ON a.name = k.actor
                    WHERE k.fingerprint = ?
                    """, arguments: [Data(fingerprint.bytes)])
        }
        guard let row else { throw ServerError(.unauthenticated, "keyid \(keyID.prefix(16))… is not a key of an actor of this ledger") }
        let name: String = row["actor"]
        guard row["valid_through"] as Int64? == nil else {
            throw ServerError(.unauthenticated, "the key \(keyID.prefix(16))… of \(name) was rotated or revoked")
        }
        guard row["active"] as Int64 == 1 else { throw ServerError(.unauthenticated, "actor \(name) is deactivated") }
        let key = try VerifierKey(parsing: row["vkey"] as String)
        guard key.fingerprint == fingerprint else { throw ServerError(.system, "the key table disagrees with its fingerprint") }
        return (name, key)
    }
}
