import AttestLedger
import AttestRegistry
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// The append protocol `attest-append/1` (docs/log-format.md section 14, docs/api.md).
enum ActRoutes {
    static func add(to book: RouteBook) {
        let state = book.state
        book.add(.post, "/v1/acts", access: .write) { call in
            try requireJSON(call)
            let act = try decode(ActRequest.self, call.body)
            let known = try ActRunner.validate(act)
            // With witnesses listed, a promotion measures time on witnessed time: the publisher
            // has a checkpoint of the head cosigned first, so that "now" is fresh (a quorum not
            // met leaves the newest witnessed time; the decision records its time basis).
            if known == .promote, let publisher = state.publisher { _ = try? await publisher.publish() }
            let session = SigningSession(caller: call.caller!, act: act, timeout: state.configuration.signingTimeout)
            state.sessions.add(session)
            start(session, known: known, state: state)
            return try await step(session)
        }
        book.add(.post, "/v1/acts/{session}/signatures", access: .write) { call in
            try requireJSON(call)
            let session = try find(call, state: state)
            let posted = try decode(ProposalSignature.self, call.body)
            guard let signature = Data(base64Encoded: posted.signature).map(Array.init), signature.count == 64 else {
                throw ServerError(.badInput, "signature must be 64 bytes in base64")
            }
            guard session.answer(index: posted.index, signature: signature) else {
                throw ServerError(.conflict, "proposal \(posted.index) of session \(session.id) is not waiting for a signature")
            }
            return try await step(session)
        }
        book.add(.post, "/v1/acts/{session}/decline", access: .write) { call in
            try requireJSON(call)
            let session = try find(call, state: state)
            let posted = try decode(DeclineBody.self, call.body)
            guard session.answer(index: posted.index, signature: nil) else {
                throw ServerError(.conflict, "proposal \(posted.index) of session \(session.id) is not waiting for a signature")
            }
            return try await step(session)
        }
    }

    /// Runs the act on a thread of its own; its end is the session's last event.
    ///
    /// An act blocks for as long as its client takes to sign, and queued acts block on the write
    /// transaction; on GCD's pool they would take the threads the signature requests need, and a
    /// busy machine does not add threads to that pool while others are runnable.
    private static func start(_ session: SigningSession, known: ActRequest.Act, state: ServerState) {
        let thread = Thread {
            let result: Result<SigningSession.ActResult, ServerError>
            do {
                let fields = try state.runner.run(known, session.act, signer: session.signer)
                result = .success(.init(fields: fields, entries: session.signed.map(\.sequence)))
            } catch {
                result = .failure(settle(error, session: session, state: state))
            }
            let failure: ServerError? = if case .failure(let error) = result { error } else { nil }
            state.sessions.finish(session, failure: failure)
            session.post(.finished(result))
        }
        thread.name = "attest-act"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The error an act ends with; a refusal the client would not sign is recorded with the
    /// server's service key first.
    private static func settle(_ error: any Error, session: SigningSession, state: ServerState) -> ServerError {
        let mapped = ServerError.from(error)
        if let refusal = session.unsignedRefusal {
            do {
                if let entry = try state.runner.recordUnsignedRefusal(refusal, caller: session.caller) {
                    return ServerError(
                        .refused, "\(refusal.reason) (the refusal is recorded in entry \(entry), signed by the server's service key)")
                }
                return ServerError(
                    .refused, "\(refusal.reason) (not recorded: the refusal was not signed and the server has no service key)")
            } catch {
                return ServerError(.system, "\(refusal.reason); recording the refusal failed: \(ServerError.from(error).message)")
            }
        }
        if mapped.code == .refused, let last = session.signed.last, last.type == EventType.actionRefused {
            return ServerError(.refused, "\(mapped.message) (recorded in entry \(last.sequence))")
        }
        return mapped
    }

    private static func step(_ session: SigningSession) async throws -> Response {
        switch await session.next() {
        case .proposal(let proposal):
            return try JSONResponse.make(ActStep(session: session.id, proposal: proposal), status: .accepted)
        case .finished(.success(let result)):
            return try JSONResponse.make(ActStep(session: session.id, result: result.fields, entries: result.entries))
        case .finished(.failure(let error)):
            throw error
        }
    }

    private static func find(_ call: Call, state: ServerState) throws -> SigningSession {
        let id = call.parameter("session")
        guard let session = state.sessions.find(id) else {
            if let ended = state.sessions.ended(id, key: call.caller?.key) { throw ended }
            throw ServerError(.notFound, "no act in progress with session '\(id.prefix(64))' (it finished, was rolled back, or never was)")
        }
        guard session.caller.key == call.caller?.key else {
            throw ServerError(.forbidden, "session \(id) belongs to another key")
        }
        return session
    }

    static func requireJSON(_ call: Call) throws {
        let type = call.request.headers[.contentType] ?? ""
        guard type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "application/json" else {
            throw ServerError(.unsupportedMediaType, "the body must be application/json, not '\(type.prefix(80))'")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(body)) } catch let error as DecodingError {
            throw ServerError(.badInput, "the body is not a valid \(T.self): \(describe(error))")
        } catch { throw ServerError(.badInput, "the body is not JSON") }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "the field '\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? "not JSON" : "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is invalid"
        @unknown default: "invalid"
        }
    }
}

/// `POST /v1/acts/{session}/decline`.
public struct DeclineBody: Codable, Sendable, Equatable {
    /// The proposal not signed.
    public var index: Int

    /// Makes one.
    public init(index: Int) { self.index = index }
}
