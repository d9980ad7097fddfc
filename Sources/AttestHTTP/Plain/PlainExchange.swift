import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Plain `http://` requests for a short-lived process, without SwiftNIO: non-blocking sockets
/// and `poll(2)` on the calling thread, every request at once, each on its own connection
/// (`Connection: close`).
///
/// Why by hand: `attest checkpoint` with three witnesses must finish within 20 ms (issue 12), and
/// a fresh process spent about 5 ms before its first witness connection started SwiftNIO: its
/// event-loop threads, its client, and the Swift runtime's protocol-conformance scans as each
/// channel pipeline is built (docs/benchmarks.md). This path starts no thread. `https://` stays
/// with ``HTTPExchange``'s AsyncHTTPClient, and so do streamed bodies and `attest serve`.
enum PlainExchange {
    /// Sends every request at once and waits for all of them.
    /// - Parameters:
    ///   - requests: `http://` requests.
    ///   - maximumBody: the largest body kept per answer; a larger one fails that request.
    /// - Returns: one result per request, in order.
    static func sendAll(_ requests: [HTTPRequest], maximumBody: Int) -> [Result<HTTPAnswer, HTTPFailure>] {
        var exchanges = requests.map { Exchange(request: $0, maximumBody: maximumBody) }
        while true {
            let open = exchanges.indices.filter { exchanges[$0].isOpen }
            if open.isEmpty { break }
            let now = Date()
            var waiting: [pollfd] = []
            var owners: [Int] = []
            for index in open {
                guard now < exchanges[index].deadline else {
                    exchanges[index].fail("no answer within \(exchanges[index].request.timeout) s")
                    continue
                }
                waiting.append(pollfd(fd: exchanges[index].socket, events: exchanges[index].events, revents: 0))
                owners.append(index)
            }
            if waiting.isEmpty { break }
            let nearest = owners.map { exchanges[$0].deadline }.min()!
            let milliseconds = Int32(clamping: max(1, Int((nearest.timeIntervalSince(now) * 1000).rounded(.up))))
            let ready = poll(&waiting, nfds_t(waiting.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                for index in owners { exchanges[index].fail("poll failed: \(reason)") }
                break
            }
            for (slot, index) in owners.enumerated() where waiting[slot].revents != 0 {
                exchanges[index].progress(revents: waiting[slot].revents)
            }
        }
        return exchanges.map(\.result)
    }
}

/// One request's connection: resolving and connecting, sending, reading the answer.
private struct Exchange {
    let request: HTTPRequest
    let deadline: Date
    private(set) var socket: Int32 = -1
    private(set) var result: Result<HTTPAnswer, HTTPFailure> = .failure(HTTPFailure("not sent"))
    private var addresses: [Address] = []
    private var outgoing: [UInt8] = []
    private var sent = 0
    private var connected = false
    private var reader: ResponseReader
    private var finished = false

    init(request: HTTPRequest, maximumBody: Int) {
        self.request = request
        deadline = Date().addingTimeInterval(max(request.timeout, 0.001))
        reader = ResponseReader(maximumBody: maximumBody, requestMethod: request.method)
        do {
            let target = try Target(request.url)
            outgoing = Self.encode(request, host: target.hostField)
            addresses = try Address.resolve(host: target.host, port: target.port)
            connectNext(lastError: nil)
        } catch let failure as HTTPFailure {
            fail(failure.message)
        } catch {
            fail("\(error)")
        }
    }

    var isOpen: Bool { !finished }

    /// What to wait for: writable while connecting or sending, readable after.
    var events: Int16 { Int16(connected && sent == outgoing.count ? POLLIN : POLLOUT) }

    mutating func fail(_ message: String) {
        close()
        result = .failure(HTTPFailure(message))
    }

    /// Moves on after `poll` reported `revents` for this socket.
    mutating func progress(revents: Int16) {
        if !connected {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 {
                connectNext(lastError: error)
                return
            }
            connected = true
        }
        if sent < outgoing.count {
            let count = outgoing.withUnsafeBytes { send(socket, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { return }
                return fail("cannot send \(request.summary): \(String(cString: strerror(errno)))")
            }
            sent += count
            return
        }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
        do {
            if count > 0 {
                if try reader.consume(buffer[..<count]) == .complete { succeed() }
            } else if count == 0 {
                try reader.finish()
                succeed()
            } else if errno != EAGAIN && errno != EINTR {
                fail(errno == ECONNRESET ? "the server closed the connection" : String(cString: strerror(errno)))
            }
        } catch let malformed as ResponseReader.Malformed {
            fail(malformed.message)
        } catch {
            fail("\(error)")
        }
    }

    private mutating func succeed() {
        close()
        result = .success(HTTPAnswer(status: reader.status, body: reader.body))
    }

    /// Connects to the next resolved address, or fails with the last address's error.
    private mutating func connectNext(lastError: Int32?) {
        closeSocket()
        guard !addresses.isEmpty else {
            let reason = lastError.map { $0 == ECONNREFUSED ? "connection refused" : String(cString: strerror($0)) }
            return fail(reason ?? "no address for \(request.url.host ?? "the host")")
        }
        let address = addresses.removeFirst()
        socket = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return fail("cannot open a socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        let outcome = address.bytes.withUnsafeBytes {
            connect(socket, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
        }
        if outcome == 0 || errno == EINPROGRESS { return }
        connectNext(lastError: errno)
    }

    private mutating func close() {
        closeSocket()
        finished = true
    }

    private mutating func closeSocket() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
        connected = false
    }

    /// The request's bytes: `Host`, `Content-Length` and `Connection: close` added unless given.
    private static func encode(_ request: HTTPRequest, host: String) -> [UInt8] {
        let url = request.url
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        var head = "\(request.method) \(target) HTTP/1.1\r\n"
        func has(_ name: String) -> Bool { request.headers.contains { $0.name.caseInsensitiveCompare(name) == .orderedSame } }
        if !has("Host") { head += "Host: \(host)\r\n" }
        for field in request.headers { head += "\(field.name): \(field.value)\r\n" }
        if let body = request.body, !has("Content-Length") {
            head += "Content-Length: \(body.count)\r\n"
        } else if request.body == nil, ["POST", "PUT", "PATCH"].contains(request.method.uppercased()), !has("Content-Length") {
            head += "Content-Length: 0\r\n"
        }
        if !has("Connection") { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (request.body.map { Array($0) } ?? [])
    }
}

/// The host and port of an `http://` URL, and the `Host` field that names them.
private struct Target {
    let host: String
    let port: Int
    let hostField: String

    init(_ url: URL) throws {
        guard url.scheme?.lowercased() == "http", var host = url.host, !host.isEmpty else {
            throw HTTPFailure("\(url.absoluteString) is not an http:// URL with a host")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        port = url.port ?? 80
        let shown = host.contains(":") ? "[\(host)]" : host
        hostField = url.port.map { "\(shown):\($0)" } ?? shown
    }
}

/// A resolved socket address.
private struct Address {
    let family: Int32
    let bytes: [UInt8]

    /// Every TCP address of `host` (a name or a literal), in `getaddrinfo`'s order.
    static func resolve(host: String, port: Int) throws -> [Address] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else { throw HTTPFailure("cannot resolve \(host): \(String(cString: gai_strerror(status)))") }
        defer { freeaddrinfo(list) }
        var found: [Address] = []
        var next = list
        while let entry = next {
            if let address = entry.pointee.ai_addr {
                found.append(
                    Address(
                        family: entry.pointee.ai_family,
                        bytes: Array(UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen)))))
            }
            next = entry.pointee.ai_next
        }
        return found
    }
}
