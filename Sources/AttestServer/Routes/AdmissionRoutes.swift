import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import Hummingbird

/// The deployment gate over HTTP: `GET /v1/admission?model=M&version=V&environment=E` answers
/// with the signed admission answer of docs/admission.md (JSON, signed by the log key), made by
/// AttestReports' `AdmissionService` exactly as `attest admission answer` makes it. Anyone may
/// ask: the answer proves itself to whoever holds the log's public key
/// (`attest admission check ... --server URL`), so the route needs no authentication; it needs a
/// server that holds the log key (`attest serve --sign-checkpoints`).
enum AdmissionRoutes {
    static func add(to book: RouteBook) {
        let state = book.state
        book.add(.get, "/v1/admission", access: .anonymous) { call in
            let model = try call.text("model")
            let environment = try call.text("environment")
            let version = try call.unsigned("version")
            guard version <= UInt64(Int.max) else { throw ServerError(.badInput, "the version is too large") }
            guard let logSigner = state.configuration.logSigner else {
                throw ServerError(
                    .system, "this server does not hold the log key, so it cannot sign admission answers; start it with --sign-checkpoints")
            }
            // The current tree goes to the witnesses first, so the answer's checkpoint can carry
            // their cosignatures (`attest admission check --witness VKEY --quorum K`).
            if let publisher = state.publisher { _ = try? await publisher.publish() }
            let answer = try await offload { () -> Data in
                do {
                    let service = try AdmissionService(registry: state.reader, logSigner: logSigner, clock: state.configuration.clock)
                    let made = try service.answerValue(model: model, version: Int(version), environment: environment)
                    let lines = try state.reader.ledger.cosignatures(size: made.statement.checkpointSize)
                    return try Self.attach(lines, to: made.answer).bytes
                } catch let error as ReportError {
                    throw ServerError(error.code == .badInput ? .badInput : .system, error.message)
                }
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer)))
        }
    }
}

extension AdmissionRoutes {
    /// The answer with the stored cosignatures of its checkpoint added to the checkpoint and to
    /// the checkpoint that ends every inclusion proof (a note's extra signature lines; the log
    /// key's signature and the signed answer are unchanged).
    static func attach(_ lines: [SignedNote.Signature], to answer: AdmissionAnswer) throws -> AdmissionAnswer {
        guard !lines.isEmpty else { return answer }
        let bare = answer.checkpoint
        let cosigned = try Ledger.attach(lines, to: try SignedCheckpoint(parsing: bare, logKey: nil)).serialized
        var result = answer
        result.checkpoint = cosigned
        result.proofs = answer.proofs.map { proof in proof.hasSuffix(bare) ? String(proof.dropLast(bare.count)) + cosigned : proof }
        return result
    }
}

extension Call {
    /// A query parameter as text, 1 to 256 bytes.
    /// - Throws: ``ServerError`` (`.badInput`) when missing, empty or too long.
    func text(_ name: String) throws -> String {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else {
            throw ServerError(.badInput, "the query parameter '\(name)' is required")
        }
        guard text.utf8.count <= 256 else { throw ServerError(.badInput, "the query parameter '\(name)' is longer than 256 bytes") }
        return text
    }
}
