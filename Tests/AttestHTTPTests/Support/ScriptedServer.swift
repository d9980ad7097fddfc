import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP server that answers each connection with scripted bytes, for testing the
/// client's reading of answers byte by byte: it reads the request's head and
/// `Content-Length` body, records them, then writes the script's pieces and closes (or holds
/// the connection open).
final class ScriptedServer: Sendable {
    /// What one connection gets.
    struct Script: Sendable {
        /// Byte strings written in turn, with a short pause between them.
        var pieces: [[UInt8]]
        /// Keep the connection open after the pieces instead of closing it.
        var holdOpen = false

        init(_ pieces: [String], holdOpen: Bool = false) {
            self.pieces = pieces.map { Array($0.utf8) }
            self.holdOpen = holdOpen
        }

        init(bytes: [[UInt8]]) { pieces = bytes }
    }

    /// The listening port.
    let port: Int
    private let listener: Int32
    private let log = Log()

    /// Listens on `127.0.0.1` on a free port and answers connections with `scripts`, in order
    /// (the last script repeats).
    init(_ scripts: [Script]) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var on: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw ServerFailure() }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        // The threads hold the listener and the log, never the server: closing the listener in
        // `deinit` ends the accepting thread.
        let fd = listener
        let log = log
        Thread.detachNewThread {
            var index = 0
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                let script = scripts[min(index, scripts.count - 1)]
                index += 1
                Thread.detachNewThread { Self.serve(connection, script, log) }
            }
        }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in log.held.withLock({ $0 }) { close(fd) }
    }

    /// The requests received so far, as text.
    var requests: [String] { log.received.withLock { $0 } }

    /// What the connections' threads record.
    private final class Log: Sendable {
        let received = Mutex<[String]>([])
        let held = Mutex<[Int32]>([])
    }

    private static func serve(_ connection: Int32, _ script: Script, _ log: Log) {
        log.received.withLock { $0.append(String(decoding: readRequest(connection), as: UTF8.self)) }
        for (number, piece) in script.pieces.enumerated() {
            if number > 0 { usleep(20_000) }
            _ = piece.withUnsafeBytes { send(connection, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        if script.holdOpen {
            log.held.withLock { $0.append(connection) }
        } else {
            close(connection)
        }
    }

    /// Reads a request's head and its `Content-Length` body.
    private static func readRequest(_ connection: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).lowercased()
                let length =
                    head.split(separator: "\r\n").compactMap { line -> Int? in
                        guard line.hasPrefix("content-length:") else { return nil }
                        return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                    }.first ?? 0
                if bytes.count >= end.upperBound + length { return bytes }
            }
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress!, $0.count, 0) }
            guard count > 0 else { return bytes }
            bytes += buffer[..<count]
        }
    }
}

struct ServerFailure: Error {}
