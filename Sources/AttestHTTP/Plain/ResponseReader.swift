import Foundation

/// Reads one HTTP/1.1 response (RFC 9112) from bytes as they arrive: the status line, the header
/// fields, and a body framed by `Transfer-Encoding: chunked`, by `Content-Length`, or by the end
/// of the connection.
///
/// Used by ``PlainExchange``; it keeps at most `maximumBody` bytes of body and says why a
/// response is malformed instead of guessing.
struct ResponseReader {
    /// How far the response has been read.
    enum Progress: Equatable {
        /// More bytes are needed.
        case needMore
        /// The response is whole.
        case complete
    }

    /// A response that cannot be read, or is larger than allowed.
    struct Malformed: Error, Equatable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private enum Framing {
        case length(Int)
        case chunked
        case untilClose
    }

    private enum State {
        case head
        case body(Framing)
        /// Inside chunked framing: waiting for a chunk-size line, for `remaining` bytes of chunk
        /// data then its CRLF, or for the trailer section.
        case chunkSize
        case chunkData(remaining: Int)
        case trailers
        case done
    }

    /// The largest head (status line and fields) accepted.
    static let maximumHead = 64 << 10

    /// The status code, once the head is read.
    private(set) var status = 0
    /// The header fields, in order, once the head is read.
    private(set) var headers: [(name: String, value: String)] = []
    /// The body read so far (de-chunked).
    private(set) var body = Data()

    private let maximumBody: Int
    private let bodyless: Bool
    private var pending: [UInt8] = []
    private var state = State.head

    /// Makes a reader.
    /// - Parameters:
    ///   - maximumBody: the largest body accepted.
    ///   - requestMethod: the request's method (a `HEAD` response has no body).
    init(maximumBody: Int, requestMethod: String) {
        self.maximumBody = maximumBody
        bodyless = requestMethod.uppercased() == "HEAD"
    }

    /// Takes the next bytes.
    /// - Returns: whether the response is whole.
    /// - Throws: ``Malformed``.
    mutating func consume(_ bytes: some Collection<UInt8>) throws -> Progress {
        pending.append(contentsOf: bytes)
        return try advance()
    }

    /// The connection ended: a body framed by the connection's end is now whole; anything else
    /// unfinished is truncated.
    /// - Throws: ``Malformed`` when the response stopped early.
    mutating func finish() throws {
        switch state {
        case .done: return
        case .body(.untilClose): state = .done
        case .head where pending.isEmpty && status == 0: throw Malformed("the server closed the connection without answering")
        default: throw Malformed("the server closed the connection before the answer was complete")
        }
    }

    private mutating func advance() throws -> Progress {
        while true {
            switch state {
            case .done:
                return .complete
            case .head:
                guard let end = find([13, 10, 13, 10]) else {
                    if pending.count > Self.maximumHead { throw Malformed("the answer's header exceeds \(Self.maximumHead) bytes") }
                    return .needMore
                }
                let head = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeFirst(end + 4)
                try readHead(head)
            case .body(.length(let remaining)):
                let taken = min(remaining, pending.count)
                try keep(pending[..<taken])
                pending.removeFirst(taken)
                if remaining - taken == 0 {
                    state = .done
                } else {
                    state = .body(.length(remaining - taken))
                    return .needMore
                }
            case .body(.untilClose):
                try keep(pending[...])
                pending.removeAll(keepingCapacity: true)
                return .needMore
            case .body(.chunked), .chunkSize:
                guard let end = find([13, 10]) else {
                    if pending.count > 1024 { throw Malformed("a chunk-size line exceeds 1024 bytes") }
                    return .needMore
                }
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeFirst(end + 2)
                let hex = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard !hex.isEmpty, hex.count <= 15, let size = Int(hex, radix: 16) else {
                    throw Malformed("the chunk-size line '\(line.prefix(40))' is not hexadecimal")
                }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                if remaining > 0 {
                    let taken = min(remaining, pending.count)
                    try keep(pending[..<taken])
                    pending.removeFirst(taken)
                    state = .chunkData(remaining: remaining - taken)
                    if remaining - taken > 0 { return .needMore }
                } else {
                    guard pending.count >= 2 else { return .needMore }
                    guard pending[0] == 13, pending[1] == 10 else { throw Malformed("a chunk does not end with CRLF") }
                    pending.removeFirst(2)
                    state = .chunkSize
                }
            case .trailers:
                guard let end = find([13, 10]) else {
                    if pending.count > Self.maximumHead { throw Malformed("the answer's trailer exceeds \(Self.maximumHead) bytes") }
                    return .needMore
                }
                pending.removeFirst(end + 2)
                if end == 0 { state = .done }
            }
        }
    }

    private mutating func readHead(_ head: String) throws {
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]), (100...599).contains(code)
        else { throw Malformed("not an HTTP/1.1 status line: '\(statusLine.prefix(60))'") }
        if (100..<200).contains(code) {
            // An interim answer (100 Continue): the final one follows.
            return
        }
        status = code
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw Malformed("the header line '\(line.prefix(60))' has no field name")
            }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        state = .body(try framing())
        if case .body(.length(0)) = state { state = .done }
    }

    private func framing() throws -> Framing {
        if bodyless || status == 204 || status == 304 { return .length(0) }
        if let coding = field("Transfer-Encoding") {
            guard coding.lowercased().split(separator: ",").last?.trimmingCharacters(in: .whitespaces) == "chunked" else {
                throw Malformed("the transfer coding '\(coding)' is not supported")
            }
            return .chunked
        }
        if let length = field("Content-Length") {
            guard let count = Int(length), count >= 0 else { throw Malformed("the Content-Length '\(length.prefix(30))' is not a length") }
            guard count <= maximumBody else { throw Malformed("the answer's body of \(count) bytes exceeds \(maximumBody) bytes") }
            return .length(count)
        }
        return .untilClose
    }

    private func field(_ name: String) -> String? {
        let values = headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>) throws {
        guard body.count + bytes.count <= maximumBody else { throw Malformed("the answer's body exceeds \(maximumBody) bytes") }
        body.append(contentsOf: bytes)
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard pending.count >= needle.count else { return nil }
        var index = 0
        while index + needle.count <= pending.count {
            if pending[index] == needle[0] && pending[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
