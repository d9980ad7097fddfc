import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

@testable import AttestServer

#if canImport(Glibc)
    import Glibc
#endif

/// The server's answer to one request.
struct TestResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// Runs the `attest serve` application built from `configuration` on a free loopback port for the
/// length of `body`, which talks to it over real HTTP/1.1 connections: the requests go through
/// the same HTTP parser, middleware and routes as a client's would.
/// - Returns: what `body` returns, once the server has shut down.
func serving<T: Sendable>(
    _ configuration: ServerConfiguration, _ body: @Sendable (LiveClient) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    configuration.onListening = { port in continuation.yield(port) }
    let app = try buildApplication(configuration)
    let group = ServiceGroup(
        configuration: .init(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "attest-serve-test")))
    return try await withThrowingTaskGroup(of: T?.self) { tasks in
        tasks.addTask {
            // A server that stops (or never binds) ends the wait for its port.
            defer { continuation.finish() }
            try await group.run()
            return nil
        }
        var listening = ports.makeAsyncIterator()
        guard let port = await listening.next() else { throw LiveClient.Failure("the server did not start listening") }
        let result: Result<T, any Error>
        do { result = .success(try await body(LiveClient(port: port))) } catch { result = .failure(error) }
        // Shut down as `attest serve` does on SIGTERM: stop accepting, finish what is in flight.
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return try result.get()
    }
}

/// A client of a server on `127.0.0.1:port`: each request on a connection of its own
/// (`Connection: close`), written and read on a thread of its own, so a test waiting for an
/// answer never holds a thread of the cooperative pool the server answers on.
struct LiveClient: Sendable {
    let port: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Sends one request; `Host` is `localhost` (the authority `SignedTestClient` signs).
    func execute(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        var head = "\(method.rawValue) \(uri) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for field in headers { head += "\(field.name.rawName): \(field.value)\r\n" }
        let payload = body.map { Array($0.readableBytesView) } ?? []
        if !payload.isEmpty || method == .post || method == .put { head += "Content-Length: \(payload.count)\r\n" }
        let request = Array((head + "\r\n").utf8) + payload
        let port = self.port
        let answer = try await onOwnThread { try Self.exchange(request, port: port) }
        return try Self.parse(answer)
    }

    /// Writes the request and reads until the server closes the connection.
    private static func exchange(_ request: [UInt8], port: Int) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure("cannot connect to 127.0.0.1:\(port)") }
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before reading a whole refused body.
            guard count > 0 else { break }
            sent += count
        }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count > 0 {
                answer += chunk[..<count]
            } else if count == 0 || answer.count > 0 {
                return answer
            } else {
                throw Failure("no answer from 127.0.0.1:\(port) (errno \(errno))")
            }
        }
    }

    /// Splits an HTTP/1.1 answer into status, fields and body (by `Content-Length`, chunks or
    /// the end of the connection).
    static func parse(_ answer: [UInt8]) throws -> TestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = answer.indices.dropLast(3).first(where: { answer[$0..<$0 + 4].elementsEqual(separator) }) else {
            throw Failure("not an HTTP answer: \(String(decoding: answer.prefix(200), as: UTF8.self))")
        }
        let lines = String(decoding: answer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let code = Int(statusParts[1]) else { throw Failure("no status line: \(lines[0])") }
        var fields = HTTPFields()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), let name = HTTPField.Name(String(line[..<colon])) else { continue }
            fields.append(HTTPField(name: name, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(answer[(end + 4)...])
        if fields[.transferEncoding]?.lowercased() == "chunked" { body = try dechunk(body) }
        if let length = fields[.contentLength].flatMap(Int.init), length < body.count { body = Array(body.prefix(length)) }
        return TestResponse(
            status: HTTPResponse.Status(code: code, reasonPhrase: statusParts.count > 2 ? String(statusParts[2]) : ""), headers: fields,
            body: ByteBuffer(bytes: body))
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].indices.dropLast().first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16)
            else { throw Failure("a malformed chunk") }
            if size == 0 { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { throw Failure("a truncated chunk") }
            out += bytes[start..<start + size]
            index = start + size + 2
        }
        return out
    }
}
