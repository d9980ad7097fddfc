import AttestLedger
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import AttestServer

#if canImport(Glibc)
    import Glibc
#endif

/// TLS with a self-signed certificate made by openssl, and plain HTTP only on loopback.
@Suite struct TransportTests {
    /// Makes a self-signed certificate and key for localhost in `folder`.
    static func selfSigned(in folder: URL) throws -> ServerConfiguration.TLSFiles {
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj",
            "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return ServerConfiguration.TLSFiles(certificatePath: cert, keyPath: key)
    }

    @Test func servesOverTLS() async throws {
        let fixture = try ServerFixture()
        var configuration = fixture.configuration()
        let tls = try Self.selfSigned(in: fixture.folder)
        configuration.tls = tls
        try await serving(configuration) { client in
            // curl, trusting only the test's certificate, is the TLS client: the handshake, the
            // certificate's name and the answer are checked by code that is not the server's.
            let output = fixture.folder.appendingPathComponent("checkpoint.json")
            let arguments = [
                "curl", "--silent", "--show-error", "--fail", "--cacert", tls.certificatePath, "--output", output.path,
                "https://127.0.0.1:\(client.port)/v1/checkpoint",
            ]
            let status = try await onOwnThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = arguments
                try process.run()
                process.waitUntilExit()
                return process.terminationStatus
            }
            #expect(status == 0)
            let body = try JSONDecoder().decode(CheckpointBody.self, from: Data(contentsOf: output))
            #expect(body.origin == fixture.log.name)
            // Plain HTTP to the TLS port gets no answer.
            await #expect(throws: (any Error).self) { _ = try await client.execute(uri: "/v1/checkpoint", method: .get) }
        }
    }

    @Test func unreadableTLSFilesAreBadInput() throws {
        let fixture = try ServerFixture()
        var configuration = fixture.configuration()
        configuration.tls = .init(certificatePath: fixture.folder.appendingPathComponent("none.pem").path, keyPath: "/nonexistent")
        let error = #expect(throws: ServerError.self) { _ = try buildApplication(configuration) }
        #expect(error?.code == .badInput)
    }

    @Test func plainHTTPOffLoopbackNeedsInsecure() throws {
        let fixture = try ServerFixture()
        var configuration = fixture.configuration()
        configuration.host = "0.0.0.0"
        #expect(throws: ServerError.self) { _ = try buildApplication(configuration) }
        configuration.insecure = true
        _ = try buildApplication(configuration)
        configuration.insecure = false
        configuration.host = "127.0.0.1"
        _ = try buildApplication(configuration)
    }

    @Test func liveServerTakesAnActOnALoopbackPort() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration()) { client in
            #expect(client.port > 0)
            let response = try await SignedTestClient(client: client).act(ServerFixture.createModel(), as: fixture.dana)
            #expect(response.status == .ok)
        }
        #expect(try fixture.size() == before + 1)
    }
}

/// A client that sends half a request and stalls: the server closes it after the idle timeout
/// and serves everyone else meanwhile.
@Suite struct SlowClientTests {
    /// Connects to 127.0.0.1 or ::1 and sends `text`; returns the socket.
    static func stall(port: Int, sending text: String) -> Int32? {
        for family in [AF_INET, AF_INET6] {
            let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { continue }
            var connected = false
            if family == AF_INET {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                    }
                }
            } else {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = in_port_t(UInt16(port).bigEndian)
                address.sin6_addr = in6addr_loopback
                connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
                    }
                }
            }
            guard connected else {
                close(fd)
                continue
            }
            _ = text.withCString { send(fd, $0, strlen($0), 0) }
            return fd
        }
        return nil
    }

    /// The status line of `GET /v1/checkpoint` sent on a new raw connection.
    static func statusLine(port: Int) throws -> String {
        let fd = try #require(stall(port: port, sending: "GET /v1/checkpoint HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    @Test func aStalledClientIsClosedAndOthersAreServed() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        var configuration = fixture.configuration()
        configuration.idleTimeout = 1
        try await serving(configuration) { client in
            let port = client.port
            let fd = try #require(Self.stall(port: port, sending: "POST /v1/acts HTTP/1.1\r\nHost: localhost\r\nContent-Len"))
            defer { close(fd) }
            // Others are served on connections of their own (raw sockets: the test client's own
            // connection would be closed by the one-second idle timeout too).
            #expect(try await onOwnThread { try Self.statusLine(port: port) }.hasPrefix("HTTP/1.1 200"))
            try await Task.sleep(for: .seconds(2.5))
            var byte: UInt8 = 0
            #expect(recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) == 0, "the stalled connection is closed")
            #expect(try await onOwnThread { try Self.statusLine(port: port) }.hasPrefix("HTTP/1.1 200"), "a new client is still served")
        }
        #expect(try fixture.size() == before)
    }
}
