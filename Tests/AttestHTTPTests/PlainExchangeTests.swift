import Foundation
import Testing

@testable import AttestHTTP

#if canImport(Glibc)
    import Glibc
#endif

/// The thread-free `http://` client (`PlainExchange`) against scripted loopback servers: every
/// framing of an answer, what goes on the wire, and each way an exchange fails.
@Suite struct PlainExchangeTests {
    private func send(_ request: HTTPRequest, maximumBody: Int = 1 << 20) -> Result<HTTPAnswer, HTTPFailure> {
        PlainExchange.sendAll([request], maximumBody: maximumBody)[0]
    }

    private func url(_ server: ScriptedServer, _ path: String = "/add-checkpoint") -> URL {
        URL(string: "http://127.0.0.1:\(server.port)\(path)")!
    }

    @Test func readsAContentLengthBodyArrivingInPieces() throws {
        let server = try ScriptedServer([.init(["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 11\r\n\r\nhello", " world"])])
        let answer = try send(HTTPRequest(url: url(server))).get()
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "hello world")
    }

    @Test func readsAChunkedBodyWithExtensionsAndTrailers() throws {
        let server = try ScriptedServer([
            .init(["HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\n12", "3\r\n1\r\n\n\r\n0\r\nX-Trailer: 1\r\n\r\n"])
        ])
        let answer = try send(HTTPRequest(url: url(server))).get()
        #expect(answer.status == 409)
        #expect(String(decoding: answer.body, as: UTF8.self) == "123\n")
    }

    @Test func readsABodyThatEndsWithTheConnection() throws {
        let server = try ScriptedServer([.init(["HTTP/1.0 200 OK\r\n\r\nuntil", " close"])])
        #expect(try String(decoding: send(HTTPRequest(url: url(server))).get().body, as: UTF8.self) == "until close")
    }

    @Test func skipsAnInterimAnswerAndReadsNoBodyFor204() throws {
        let server = try ScriptedServer([.init(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"], holdOpen: true)])
        let answer = try send(HTTPRequest(url: url(server), timeout: 5)).get()
        #expect(answer.status == 204 && answer.body.isEmpty)
    }

    @Test func sendsHostLengthAndCloseOnceEach() throws {
        let server = try ScriptedServer([.init(["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"])])
        let body = Data("old 0\n\nnote".utf8)
        _ = try send(HTTPRequest(url: url(server, "/v1/acts?dry=1"), method: "POST", headers: [("X-Test", "a b")], body: body)).get()
        _ = try send(HTTPRequest(url: url(server), method: "POST", headers: [("Connection", "close")])).get()
        let requests = server.requests
        #expect(
            requests[0]
                == "POST /v1/acts?dry=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nX-Test: a b\r\nContent-Length: 11\r\nConnection: close\r\n\r\nold 0\n\nnote"
        )
        #expect(
            requests[1]
                == "POST /add-checkpoint HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func answersEveryRequestInItsOwnPlace() throws {
        let servers = try (0..<4).map { n in
            try ScriptedServer([.init(["HTTP/1.1 20\(n) OK\r\nContent-Length: 1\r\n\r\n\(n)"])])
        }
        let results = PlainExchange.sendAll(servers.map { HTTPRequest(url: url($0)) }, maximumBody: 16)
        #expect(try results.map { try $0.get().status } == [200, 201, 202, 203])
        #expect(try results.map { String(decoding: try $0.get().body, as: UTF8.self) } == ["0", "1", "2", "3"])
    }

    @Test func fallsBackToTheNextAddressOfAName() throws {
        // `localhost` may resolve to ::1 first; the server listens on 127.0.0.1 only. The same
        // port on ::1 is held bound but not listening for the test, so no other listener (another
        // suite's server on an IPv6 port of the same number) can answer there: it refuses.
        var server = try ScriptedServer([.init(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])])
        var blocker = Self.bindWithoutListening(ipv6LoopbackPort: server.port)
        for _ in 0..<5 where blocker == -2 {  // that IPv6 port is taken: another port
            server = try ScriptedServer([.init(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])])
            blocker = Self.bindWithoutListening(ipv6LoopbackPort: server.port)
        }
        defer { if blocker >= 0 { close(blocker) } }
        let answer = try send(HTTPRequest(url: URL(string: "http://localhost:\(server.port)/")!)).get()
        #expect(String(decoding: answer.body, as: UTF8.self) == "ok")
        #expect(server.requests[0].contains("Host: localhost:\(server.port)\r\n"))
    }

    @Test func saysWhyAnExchangeFailed() throws {
        let cases: [(ScriptedServer.Script, String)] = [
            (.init(["HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"]), "the answer's body of 5000 bytes exceeds 64 bytes"),
            (
                .init(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" + String(repeating: "x", count: 80)]),
                "the answer's body exceeds 64 bytes"
            ),
            (.init(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]), "the chunk-size line 'zz' is not hexadecimal"),
            (.init(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY"]), "a chunk does not end with CRLF"),
            (.init(["HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"]), "the transfer coding 'gzip' is not supported"),
            (.init(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc"]), "the Content-Length '2, 3' is not a length"),
            (.init(["SSH-2.0-OpenSSH\r\n\r\n"]), "not an HTTP/1.1 status line: 'SSH-2.0-OpenSSH'"),
            (.init(["HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"]), "the header line 'no colon here' has no field name"),
            (
                .init(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"]),
                "the server closed the connection before the answer was complete"
            ),
            (.init([]), "the server closed the connection without answering"),
            (.init(["HTTP/1.1 200 OK\r\n"], holdOpen: true), "no answer within 0.3 s"),
        ]
        for (script, message) in cases {
            let server = try ScriptedServer([script])
            let result = send(HTTPRequest(url: url(server), timeout: 0.3), maximumBody: 64)
            #expect(throws: HTTPFailure.self) { try result.get() }
            if case .failure(let failure) = result { #expect(failure.message == message) }
        }
    }

    @Test func refusedAndUnresolvableAreNamed() throws {
        let port = try {
            let server = try ScriptedServer([.init([])])
            return server.port
        }()  // closed again: nothing listens there now
        let refused = send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/")!, timeout: 2))
        if case .failure(let failure) = refused { #expect(failure.message == "connection refused") } else { Issue.record("answered") }
        let nameless = send(HTTPRequest(url: URL(string: "http://no-such-host.invalid/")!, timeout: 2))
        if case .failure(let failure) = nameless {
            #expect(failure.message.hasPrefix("cannot resolve no-such-host.invalid:"))
        } else {
            Issue.record("answered")
        }
        let secure = send(HTTPRequest(url: URL(string: "https://127.0.0.1:1/")!))
        if case .failure(let failure) = secure { #expect(failure.message == "https://127.0.0.1:1/ is not an http:// URL with a host") }
    }

    @Test func theBlockingEntryPointTakesThePlainPathForHTTP() throws {
        let server = try ScriptedServer([.init(["HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nplain"])])
        let answer = try HTTPExchange.sendBlocking(HTTPRequest(url: url(server)))
        #expect(String(decoding: answer.body, as: UTF8.self) == "plai")
        #expect(throws: HTTPFailure.self) { try HTTPExchange.sendBlocking(HTTPRequest(url: url(server)), maximumBody: 2) }
    }

    /// A socket bound to `[::1]:port` that never listens; -1 when the host has no IPv6 loopback,
    /// -2 when that port is taken there.
    private static func bindWithoutListening(ipv6LoopbackPort port: Int) -> Int32 {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(UInt16(port).bigEndian)
        address.sin6_addr = in6addr_loopback
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        guard bound == 0 else {
            let taken = errno == EADDRINUSE
            close(fd)
            return taken ? -2 : -1
        }
        return fd
    }
}
