public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Builds the `attest serve` application from a configuration, apart from any command line, so
/// tests build it and run it on a free loopback port (Tests/AttestServerTests/Support/LiveServer.swift).
/// - Parameter configuration: the ledger, the address, TLS and the protocol's limits.
/// - Returns: the application, ready to `runService()`.
/// - Throws: ``ServerError`` for a configuration that is refused (plain HTTP off loopback), TLS
///   files that cannot be read, or a ledger that cannot be opened.
public func buildApplication(_ configuration: ServerConfiguration) throws -> some ApplicationProtocol {
    try buildParts(configuration).application
}

/// The application and the state its routes share.
func buildParts(_ configuration: ServerConfiguration) throws -> (application: some ApplicationProtocol, state: ServerState) {
    try configuration.validate()
    let state: ServerState
    do { state = try ServerState(configuration: configuration) } catch { throw ServerError.from(error) }
    let book = ServerRoutes.build(state: state)
    var logger = Logger(label: "attest-serve")
    logger.logLevel = .notice
    let http1 = HTTPServerBuilder.http1(
        configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000))))
    let server: HTTPServerBuilder
    if let tls = configuration.tls {
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(tls.certificatePath)
            let key = try NIOSSLPrivateKey(file: tls.keyPath, format: .pem)
            let tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
            server = try .tls(http1, tlsConfiguration: tlsConfiguration)
        } catch {
            throw ServerError(.badInput, "cannot use the TLS files \(tls.certificatePath), \(tls.keyPath): \(error)")
        }
    } else {
        server = http1
    }
    let application = Application(
        router: book.router, server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "attest"),
        onServerRunning: { channel in configuration.onListening?(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    return (application, state)
}

/// Every route of the server, in one place.
enum ServerRoutes {
    static func build(state: ServerState) -> RouteBook {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())
        let book = RouteBook(router: router, state: state)
        LogRoutes.add(to: book)
        ModelRoutes.add(to: book)
        ActRoutes.add(to: book)
        AdmissionRoutes.add(to: book)
        MLflowWebhookRoutes.add(to: book)
        PageRoutes.add(to: book)
        return book
    }
}

/// Builds the application and runs it until SIGINT or SIGTERM (`attest serve`). With the log
/// key and a checkpoint interval, it also publishes checkpoints to the ledger's witnesses in the
/// background while it serves.
/// - Parameter configuration: the server's configuration.
/// - Throws: ``ServerError`` as ``buildApplication(_:)``; what the server throws while running.
public func serve(_ configuration: ServerConfiguration) async throws {
    let (app, state) = try buildParts(configuration)
    guard let publisher = state.publisher, configuration.checkpointInterval > 0 else { return try await app.runService() }
    var logger = Logger(label: "attest-serve")
    logger.logLevel = .notice
    let log = logger
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            await publisher.run(every: configuration.checkpointInterval) { message in log.warning("\(message)") }
        }
        // The server ends first (SIGINT, SIGTERM, cancellation or a failure); then the publisher stops.
        defer { group.cancelAll() }
        try await app.runService()
    }
}
