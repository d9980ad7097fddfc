import AttestLedger
import Foundation
import HTTPTypes
import HummingbirdCore
import NIOCore

@testable import AttestServer

/// A test client that signs its requests (RFC 9421) and speaks `attest-append/1`.
struct SignedTestClient: Sendable {
    let client: LiveClient
    /// The authority the client sends (`Host`) and signs.
    var authority = "localhost"

    /// What a client does with a proposal.
    enum Reply: Sendable {
        case sign
        case decline
        case ignore
        case tamper
        case signWith(Signer)
    }

    /// Sends a request, signed by `signer` when there is one.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: [UInt8] = [], contentType: String? = "application/json",
        as signer: Signer?, created: Int64? = nil, nonce: String? = nil, extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        if let contentType, !body.isEmpty { headers[.contentType] = contentType }
        if let signer {
            let (path, query) = Self.split(uri)
            let target = MessageSignature.Target(
                method: method.rawValue, scheme: "http", authority: authority, path: path, query: query)
            let fields = try MessageSignature.sign(
                target, contentType: body.isEmpty ? nil : contentType, body: body, signer: signer,
                created: created ?? Int64(Date().timeIntervalSince1970), nonce: nonce ?? MessageSignature.randomNonce())
            for field in fields { headers.append(HTTPField(name: HTTPField.Name(field.name)!, value: field.value)) }
        }
        for (name, value) in extra { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: body.isEmpty ? nil : ByteBuffer(bytes: body))
    }

    /// Runs an act: posts it, then answers each proposal as `reply` says (after checking it).
    /// - Returns: the last response.
    func act(
        _ request: ActRequest, as signer: Signer, reply: @escaping @Sendable (Proposal) -> Reply = { _ in .sign }
    )
        async throws -> TestResponse
    {
        var response = try await send(.post, "/v1/acts", body: Array(try JSONEncoder().encode(request)), as: signer)
        while response.status == .accepted {
            let step = try JSONDecoder().decode(ActStep.self, from: Data(response.body.readableBytesView))
            guard let proposal = step.proposal else { break }
            let answer = reply(proposal)
            let bodyToSign = try ProposalCheck.bodyToSign(proposal, act: request, signer: signer.verifierKey)
            let path: String
            let payload: [UInt8]
            switch answer {
            case .ignore:
                return response
            case .decline:
                path = "/v1/acts/\(step.session)/decline"
                payload = Array(try JSONEncoder().encode(DeclineBody(index: proposal.index)))
            case .sign, .tamper, .signWith:
                var message = bodyToSign
                if case .tamper = answer { message[message.count - 2] ^= 0x01 }
                let key = if case .signWith(let other) = answer { other } else { signer }
                let signature = try key.sign(message)
                path = "/v1/acts/\(step.session)/signatures"
                payload = Array(
                    try JSONEncoder().encode(ProposalSignature(index: proposal.index, signature: Data(signature).base64EncodedString())))
            }
            response = try await send(.post, path, body: payload, as: signer)
        }
        return response
    }

    static func split(_ uri: String) -> (String, String?) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, nil) }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }
}

extension TestResponse {
    /// The JSON error code, when the body is an error.
    var errorCode: String? {
        (try? JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView)))?.error.code
    }

    /// The body as an act step.
    var step: ActStep? { try? JSONDecoder().decode(ActStep.self, from: Data(body.readableBytesView)) }
}
