import AttestIntegrations
import AttestLedger
import AttestRegistry
import Foundation
import HTTPTypes
import Hummingbird

/// Checkpoints, proofs and entries: what a verifier and `attest clone` read.
enum LogRoutes {
    /// The largest page of `GET /v1/entries`.
    static let pageLimit: UInt64 = 1000

    static func add(to book: RouteBook) {
        let state = book.state
        book.add(.get, "/v1/checkpoint", access: .anonymous) { _ in
            let signed: SignedCheckpoint?
            if let publisher = state.publisher {
                // A fresh checkpoint, sent to the ledger's witnesses before it is served.
                signed = try await publisher.publish().checkpoint
            } else {
                signed = try await offload { try state.reader.ledger.latestCheckpoint() }
            }
            guard let signed else { throw ServerError(.notFound, "the ledger holds no checkpoint yet; run 'attest checkpoint'") }
            return try JSONResponse.make(CheckpointBody(signed))
        }
        book.add(.get, "/v1/proofs/inclusion", access: .anonymous) { call in
            let index = try call.unsigned("index")
            let size = try call.unsigned("size")
            let (hashes, leaf) = try await offload { () -> ([Digest], Digest) in
                let ledger = state.reader.ledger
                let current = try ledger.size()
                guard index < size, size <= current else {
                    throw ServerError(.badInput, "need index < size <= \(current) (the log's size), got index \(index), size \(size)")
                }
                return (try ledger.inclusionProof(index: index, size: size), try ledger.entry(at: index).leafHash)
            }
            return try JSONResponse.make(
                InclusionBody(index: index, size: size, leafHash: leaf.base64, hashes: hashes.map(\.base64)))
        }
        book.add(.get, "/v1/proofs/consistency", access: .anonymous) { call in
            let from = try call.unsigned("from")
            let to = try call.unsigned("to")
            let hashes = try await offload { () -> [Digest] in
                let current = try state.reader.ledger.size()
                guard from <= to, to <= current else {
                    throw ServerError(.badInput, "need from <= to <= \(current) (the log's size), got from \(from), to \(to)")
                }
                return try state.reader.ledger.consistencyProof(oldSize: from, newSize: to)
            }
            return try JSONResponse.make(ConsistencyBody(from: from, to: to, hashes: hashes.map(\.base64)))
        }
        book.add(.get, "/v1/entries", access: .read) { call in
            let start = try call.unsigned("start", default: 0)
            let limit = min(try call.unsigned("limit", default: pageLimit), pageLimit)
            let page = try await offload { () -> EntriesBody in
                let ledger = state.reader.ledger
                let size = try ledger.size()
                guard start < size, limit > 0 else { return EntriesBody(size: size, entries: []) }
                let entries = try ledger.entries(range: start...min(size - 1, start + limit - 1))
                return EntriesBody(size: size, entries: entries.map(EntryBody.init))
            }
            return try JSONResponse.make(page)
        }
        book.add(.get, "/v1/entries/{sequence}", access: .read) { call in
            guard let sequence = UInt64(call.parameter("sequence")) else {
                throw ServerError(.badInput, "the entry number must be a whole number")
            }
            let entry = try await offload { () -> Entry in
                guard sequence < (try state.reader.ledger.size()) else {
                    throw ServerError(.notFound, "no entry \(sequence): the log is shorter")
                }
                return try state.reader.ledger.entry(at: sequence)
            }
            return try JSONResponse.make(EntryBody(entry))
        }
        book.add(.get, "/v1/entries/{sequence}/statements", access: .read) { call in
            guard let sequence = UInt64(call.parameter("sequence")) else {
                throw ServerError(.badInput, "the entry number must be a whole number")
            }
            let statements = try await offload { () -> [Statement] in
                let ledger = state.reader.ledger
                let size = try ledger.size()
                guard sequence < size else { throw ServerError(.notFound, "no entry \(sequence): the log is shorter") }
                do {
                    return try ActAttestation.statements(restating: try ledger.entry(at: sequence), registry: state.reader)
                } catch let error as IntegrationError {
                    throw ServerError(.badInput, error.message)
                }
            }
            return try JSONResponse.make(StatementsBody(statements: statements.map { Data($0.json).base64EncodedString() }))
        }
    }
}

/// `GET /v1/entries/{sequence}/statements`: the in-toto statements that restate an evaluation
/// or a decision, which its actor signs (docs/attestations.md).
public struct StatementsBody: Codable, Sendable, Equatable {
    /// Each statement's bytes, base64, in the order of docs/attestations.md.
    public var statements: [String]
}

/// `GET /v1/checkpoint`.
public struct CheckpointBody: Codable, Sendable, Equatable {
    /// The origin.
    public var origin: String
    /// The tree size.
    public var size: UInt64
    /// The root hash, base64.
    public var root: String
    /// The signed note (c2sp.org/tlog-checkpoint), verbatim.
    public var note: String

    init(_ signed: SignedCheckpoint) {
        origin = signed.checkpoint.origin
        size = signed.checkpoint.size
        root = signed.checkpoint.root.base64
        note = signed.serialized
    }
}

/// `GET /v1/proofs/inclusion`.
public struct InclusionBody: Codable, Sendable, Equatable {
    /// The entry.
    public var index: UInt64
    /// The tree size.
    public var size: UInt64
    /// The entry's leaf hash, base64.
    public var leafHash: String
    /// The audit path (RFC 9162 section 2.1.3), base64.
    public var hashes: [String]
}

/// `GET /v1/proofs/consistency`.
public struct ConsistencyBody: Codable, Sendable, Equatable {
    /// The older size.
    public var from: UInt64
    /// The newer size.
    public var to: UInt64
    /// The proof (RFC 9162 section 2.1.4), base64.
    public var hashes: [String]
}

/// `GET /v1/entries`.
public struct EntriesBody: Codable, Sendable, Equatable {
    /// The log's size when read.
    public var size: UInt64
    /// The page.
    public var entries: [EntryBody]
}

/// One entry: its leaf (docs/log-format.md section 4.2, base64) and its fields.
public struct EntryBody: Codable, Sendable, Equatable {
    /// The sequence number.
    public var sequence: UInt64
    /// The time, microseconds since 1970.
    public var timeMicros: Int64
    /// The type.
    public var type: String
    /// The signer fingerprint, hex.
    public var signer: String
    /// The payload text.
    public var payload: String
    /// The whole leaf, base64: body and signature.
    public var leaf: String

    init(_ entry: Entry) {
        sequence = entry.sequence
        timeMicros = entry.timeMicros
        type = entry.type
        signer = entry.signer.hex
        payload = entry.payloadText
        leaf = Data(entry.leaf).base64EncodedString()
    }
}
