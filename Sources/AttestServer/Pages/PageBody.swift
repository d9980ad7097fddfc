import AttestReports
import HTTPTypes
import Hummingbird
import NIOCore

/// What a page route answers, and the headers every page carries.
enum PageBody: Sendable {
    /// An HTML document.
    case html(String)
    /// A download with its media type and file name.
    case download([UInt8], mediaType: String, fileName: String)
    /// A 303 to another page.
    case redirect(String)

    /// The header policy: the pages' Content-Security-Policy (with `frame-ancestors`, which only a
    /// header can carry), no sniffing, no referrer, no framing, no caching.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: ReviewerPages.contentSecurityPolicy + "; frame-ancestors 'none'; form-action 'self'",
        .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "no-referrer", .init("X-Frame-Options")!: "DENY",
        .cacheControl: "no-store",
    ]

    func response(secure: Bool, status: HTTPResponse.Status = .ok) -> Response {
        var headers = Self.securityHeaders
        if secure { headers[.init("Strict-Transport-Security")!] = "max-age=31536000" }
        switch self {
        case .html(let text):
            headers[.contentType] = ReviewerPages.mediaType
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case .download(let bytes, let mediaType, let fileName):
            headers[.contentType] = mediaType
            headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .redirect(let location):
            headers[.location] = location
            return Response(status: .seeOther, headers: headers)
        }
    }
}

/// A page request: the session, the path's parameters and the query.
struct PageRequest: Sendable {
    let session: PageSessions.Session
    let parameters: [String: String]
    let query: Parameters

    /// A path parameter as text.
    func text(_ name: String) throws -> String {
        guard let value = parameters[name], !value.isEmpty, value.utf8.count <= 256 else {
            throw ServerError(.notFound, "no such \(name)")
        }
        return value
    }

    /// A path parameter as a version number.
    func number(_ name: String) throws -> Int {
        guard let value = parameters[name], value.utf8.count <= 9, let number = Int(value), number >= 0 else {
            throw ServerError(.notFound, "no such \(name) '\(parameters[name]?.prefix(40) ?? "")'")
        }
        return number
    }

    /// The log page's `from`, 0 when absent.
    func from() throws -> UInt64 {
        guard let text = query["from"].map(String.init) else { return 0 }
        guard text.utf8.count <= 19, let value = UInt64(text) else { throw ServerError(.notFound, "no log page from '\(text.prefix(40))'") }
        return value
    }
}
