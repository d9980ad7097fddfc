import AttestLedger
import AttestRegistry

/// The one error type of the server and its wire: a code that maps to an HTTP status, and a
/// message that says what was wrong and what to do. On the wire it is
/// `{"error": {"code": CODE, "message": MESSAGE}}` (docs/api.md).
public struct ServerError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure. New codes may be added: switch with a `default`.
    public enum Code: String, Sendable, CaseIterable {
        /// Malformed input: bad JSON, a bad field, a bad name (400).
        case badInput
        /// No signature, or one that does not verify, is too old, reused or unknown (401).
        case unauthenticated
        /// An authenticated actor who may not do this (403), or a refused act.
        case forbidden
        /// An act the registry refused (403); the refusal is recorded.
        case refused
        /// No such route, model, version, entry or session (404).
        case notFound
        /// A method the route does not take (405).
        case methodNotAllowed
        /// The client did not sign in time (408); the act was rolled back.
        case timeout
        /// A signature for a proposal that is no longer waiting, or a declined proposal (409).
        case conflict
        /// A body larger than the server takes (413).
        case tooLarge
        /// A body that is not `application/json` (415).
        case unsupportedMediaType
        /// The client's signature on a proposal does not verify (422): nothing was written.
        case badSignature
        /// The nonce cache is full (503): retry shortly.
        case busy
        /// A storage or system failure (500).
        case system
        /// (client side) a proposal the client will not sign.
        case proposalRejected
        /// (client side) the server could not be reached or answered something unreadable.
        case transport
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and what to do.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A description for people.
    public var description: String { message }

    /// The HTTP status code.
    public var status: Int {
        switch code {
        case .badInput: 400
        case .unauthenticated: 401
        case .forbidden, .refused: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .timeout: 408
        case .conflict: 409
        case .tooLarge: 413
        case .unsupportedMediaType: 415
        case .badSignature: 422
        case .busy: 503
        case .system, .proposalRejected, .transport: 500
        }
    }

    /// Maps a library error to the server's.
    public static func from(_ error: any Error) -> ServerError {
        switch error {
        case let error as ServerError: return error
        case let error as RegistryError:
            switch error.code {
            case .badInput: return ServerError(.badInput, error.message)
            case .notFound: return ServerError(.notFound, error.message)
            case .alreadyExists: return ServerError(.conflict, error.message)
            case .refused: return ServerError(.refused, error.message)
            }
        case let error as LedgerError:
            switch error.code {
            case .badInput, .malformedKey, .malformedNote, .malformedCheckpoint, .malformedProof, .malformedEntry:
                return ServerError(.badInput, error.message)
            case .notFound: return ServerError(.notFound, error.message)
            case .alreadyExists: return ServerError(.conflict, error.message)
            case .unknownSigner: return ServerError(.forbidden, error.message)
            case .verificationFailed: return ServerError(.badSignature, error.message)
            default: return ServerError(.system, error.message)
            }
        default:
            return ServerError(.system, "unexpected failure: \(error)")
        }
    }
}
