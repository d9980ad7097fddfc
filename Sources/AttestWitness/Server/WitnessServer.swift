import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// The witness's HTTP interface (c2sp.org/tlog-witness), built apart from any command line so
/// tests and tools can run it on a free loopback port.
///
/// - `POST /add-checkpoint`: the body is an `AddCheckpointRequest`; answers per the specification.
/// - `GET /<origin hash>/checkpoint`: the latest cosigned checkpoint of a log (monitoring).
public enum WitnessServer {
    /// The largest request body accepted (63 proof lines and a note with 64 signatures fit well).
    public static let maximumBody = 64 * 1024

    /// The threads that check and record checkpoints. Recording blocks in `fsync`; on Swift's
    /// cooperative pool (one thread per core) only as many logs as there are cores could record
    /// at once, and requests for other logs would wait behind the disk. Here each log in flight
    /// syncs on a thread of its own and the file system groups their journal commits.
    static let recorders: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    /// Builds the application.
    /// - Parameters:
    ///   - witness: the witness.
    ///   - host: the address to bind, e.g. `127.0.0.1`.
    ///   - port: the port; 0 picks a free one.
    ///   - logger: the server's logger.
    ///   - onRunning: called with the bound port once the server listens.
    /// - Returns: the application; run it with `runService()`.
    public static func application(
        witness: Witness, host: String, port: Int, logger: Logger = Logger(label: "attest.witness"),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.post("add-checkpoint") { request, _ -> Response in
            let body = Array(try await request.body.collect(upTo: maximumBody).readableBytesView)
            return response(try await recorders.runIfActive { witness.addCheckpoint(body: body) })
        }
        router.get(":originHash/checkpoint") { _, context -> Response in
            let hash = context.parameters.get("originHash") ?? ""
            return response(witness.latestCheckpoint(originHash: hash))
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "attest-witness"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// Builds the application and runs it until the task is cancelled or the process is
    /// signalled (SIGTERM, SIGINT).
    /// - Parameters: as in `application(witness:host:port:logger:onRunning:)`.
    /// - Throws: when the address cannot be bound.
    public static func run(
        witness: Witness, host: String, port: Int, logger: Logger = Logger(label: "attest.witness"),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await application(witness: witness, host: host, port: port, logger: logger, onRunning: onRunning).runService()
    }

    private static func response(_ answer: WitnessAnswer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
