import ArgumentParser
import AttestHTTP
import AttestLedger
import AttestServer
import Foundation

/// A client of `attest serve`: signs each request (RFC 9421) with the actor's key and runs acts
/// with `attest-append/1`, checking every proposal before it signs it.
public struct ServerClient: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public let base: URL
    /// The actor's key; `nil` for anonymous reads (checkpoints, proofs).
    public let signer: Signer?

    /// Opens a client for `--server URL`.
    /// - Parameters:
    ///   - url: the server's base URL.
    ///   - signer: the actor's key, or `nil` for anonymous reads.
    /// - Throws: `CommandFailure` (exit 2) for a URL that is not http(s).
    public init(url: String, signer: Signer?) throws {
        guard let base = URL(string: url), let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https",
            base.host != nil
        else { throw CommandFailure.badInput("--server '\(url)': expected http://HOST:PORT or https://HOST:PORT") }
        self.base = base
        self.signer = signer
    }

    /// Sends a request; returns the status and body of a 2xx answer.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - pathAndQuery: e.g. `/v1/entries?start=0`.
    ///   - body: a JSON body, or empty.
    /// - Returns: the status and the body.
    /// - Throws: `CommandFailure` carrying the server's error and its exit code.
    public func send(_ method: String, _ pathAndQuery: String, body: [UInt8] = []) throws -> (status: Int, body: Data) {
        guard let url = URL(string: pathAndQuery, relativeTo: base)?.absoluteURL, let host = url.host else {
            throw CommandFailure.badInput("cannot address \(pathAndQuery) on \(base)")
        }
        // A connection per request: a command makes few, and a pooled connection must never carry
        // a request to a server other than the one it was opened to (another on the same port).
        var request = HTTPRequest(url: url, method: method, headers: [("Connection", "close")], timeout: 60)
        if !body.isEmpty {
            request.body = Data(body)
            request.setHeader("application/json", for: "Content-Type")
        }
        if let signer {
            let authority = url.port.map { "\(host):\($0)" } ?? host
            let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
            let target = MessageSignature.Target(
                method: method, scheme: url.scheme ?? "http", authority: authority, path: components?.percentEncodedPath ?? "/",
                query: components?.percentEncodedQuery)
            let fields = try MessageSignature.sign(
                target, contentType: body.isEmpty ? nil : "application/json", body: body, signer: signer)
            for field in fields { request.setHeader(field.value, for: field.name) }
        }
        let (status, data) = try Self.perform(request)
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: data, url: url) }
        return (status, data)
    }

    /// Decodes a 2xx JSON answer.
    /// - Returns: the decoded body.
    /// - Throws: `CommandFailure`.
    public func get<T: Decodable>(_ type: T.Type, _ pathAndQuery: String) throws -> T {
        let (_, data) = try send("GET", pathAndQuery)
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw CommandFailure("the server at \(base) answered \(pathAndQuery) with something unreadable", exitCode: AttestExit.system)
        }
    }

    /// Runs an act: posts it, checks and signs each proposal, and returns the final step.
    /// - Returns: the act's last step, with its result and entries.
    /// - Throws: `CommandFailure`: the server's refusal (exit 1) or error, or a proposal this
    ///   client will not sign (it declines it, then fails with exit 1).
    public func act(_ act: ActRequest) throws -> ActStep {
        guard let signer else { throw CommandFailure.badInput("an act against a server needs --as NAME") }
        var answer = try send("POST", "/v1/acts", body: Array(try JSONEncoder().encode(act)))
        var status = answer.status
        var data = answer.body
        while status == 202 {
            let step = try decodeStep(data)
            guard let proposal = step.proposal else { return step }
            let body: [UInt8]
            do { body = try ProposalCheck.bodyToSign(proposal, act: act, signer: signer.verifierKey) } catch let error as ServerError {
                _ = try? send(
                    "POST", "/v1/acts/\(step.session)/decline", body: Array(try JSONEncoder().encode(DeclineBody(index: proposal.index))))
                throw CommandFailure(error.message, exitCode: AttestExit.refused)
            }
            let signature = ProposalSignature(index: proposal.index, signature: Data(try signer.sign(body)).base64EncodedString())
            answer = try send("POST", "/v1/acts/\(step.session)/signatures", body: Array(try JSONEncoder().encode(signature)))
            status = answer.status
            data = answer.body
        }
        return try decodeStep(data)
    }

    private func decodeStep(_ data: Data) throws -> ActStep {
        do { return try JSONDecoder().decode(ActStep.self, from: data) } catch {
            throw CommandFailure("the server at \(base) answered an act with something unreadable", exitCode: AttestExit.system)
        }
    }

    /// A server error as a command failure with the documented exit code.
    static func failure(status: Int, body: Data, url: URL) -> CommandFailure {
        guard let error = try? JSONDecoder().decode(ErrorBody.self, from: body) else {
            return CommandFailure("\(url): HTTP \(status) without an error body", exitCode: AttestExit.system)
        }
        let exit: Int32 =
            switch ServerError.Code(rawValue: error.error.code) {
            case .refused?, .forbidden?, .unauthenticated?, .badSignature?: AttestExit.refused
            case .badInput?, .notFound?, .conflict?, .methodNotAllowed?, .tooLarge?, .unsupportedMediaType?: AttestExit.badInput
            default: AttestExit.system
            }
        return CommandFailure(error.error.message, exitCode: exit)
    }

    /// Performs one request synchronously (the command line is synchronous).
    private static func perform(_ request: HTTPRequest) throws -> (Int, Data) {
        do {
            let answer = try HTTPExchange.sendBlocking(request)
            return (answer.status, answer.body)
        } catch {
            throw CommandFailure("cannot reach the server at \(request.url.absoluteString): \(error)", exitCode: AttestExit.system)
        }
    }
}

/// `--as` and `--key-passphrase-file` of a command whose `--passphrase-file` is the log key's
/// (`report`, `prove`): with `--server`, the actor who reads the served ledger.
struct ServedReaderOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "With --server: the actor who reads the served ledger (default: $ATTEST_ACTOR).")
    var actor: String?

    @Option(name: .long, help: "With --server: read the actor's key passphrase from this file (default: $ATTEST_PASSPHRASE).")
    var keyPassphraseFile: String?

    /// The same, as the identity options of the other commands.
    func identity() throws -> IdentityOptions { try Self.identity(actor: actor, keyPassphraseFile: keyPassphraseFile) }

    /// The identity options of `--as actor --passphrase-file keyPassphraseFile`.
    static func identity(actor: String?, keyPassphraseFile: String?) throws -> IdentityOptions {
        try IdentityOptions.parse((actor.map { ["--as", $0] } ?? []) + (keyPassphraseFile.map { ["--passphrase-file", $0] } ?? []))
    }
}

/// `--server URL` (or `$ATTEST_SERVER`): act through `attest serve` instead of a local file.
struct RemoteOptions: ParsableArguments {
    @Option(name: .long, help: "Act through the attest server at this URL (default: $ATTEST_SERVER).")
    var server: String?

    /// The server's URL, when one is named.
    var url: String? {
        if let server, !server.isEmpty { return server }
        if let fromEnv = Console.current.environment["ATTEST_SERVER"], !fromEnv.isEmpty { return fromEnv }
        return nil
    }

    /// A client for the named server acting as `identity`, or `nil` to work on the local file.
    func client(_ identity: IdentityOptions?) throws -> ServerClient? {
        guard let url else { return nil }
        return try ServerClient(url: url, signer: try identity?.signer())
    }

    /// A private copy of the served ledger for a read command, read as `identity`, or `nil` to
    /// read the local file. The caller removes it.
    func snapshot(_ identity: IdentityOptions, checkpointed: Bool = false) throws -> RemoteSnapshot? {
        guard let client = try client(identity) else { return nil }
        return try RemoteSnapshot(client, checkpointed: checkpointed)
    }

    /// Runs a command that cites a checkpoint (`report`, `prove`, `export`) on the ledger it
    /// names, or, with a server, on a private copy of the served log holding the served
    /// checkpoint (``RemoteSnapshot``), removed afterwards.
    /// - Parameters:
    ///   - identity: the actor who reads the served ledger.
    ///   - body: the command, given the copy's path (to use as `--ledger`) or `nil` for the local file.
    func onServedCopy(_ identity: @autoclosure () throws -> IdentityOptions, _ body: (String?) throws -> Void) throws {
        guard url != nil, let snapshot = try snapshot(try identity(), checkpointed: true) else { return try body(nil) }
        defer { snapshot.remove() }
        try body(snapshot.path)
    }
}
