import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// JSON bodies: keys sorted, `/` not escaped.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": {"code": CODE, "message": MESSAGE}}` with the error's status.
    static func error(_ error: ServerError) -> Response {
        let body = ErrorBody(error: .init(code: error.code.rawValue, message: error.message))
        let data = (try? encoder.encode(body)) ?? Data("{\"error\":{\"code\":\"system\",\"message\":\"\"}}".utf8)
        return Response(
            status: HTTPResponse.Status(code: error.status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The error body (docs/api.md).
public struct ErrorBody: Codable, Sendable, Equatable {
    /// The error.
    public struct Detail: Codable, Sendable, Equatable {
        /// A ``ServerError/Code`` raw value.
        public var code: String
        /// What went wrong and what to do.
        public var message: String
    }

    /// The error.
    public var error: Detail
}

/// Turns every error into a JSON error body: the server's own, Hummingbird's (no route, body too
/// large), anything else as a system failure.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            return JSONResponse.error(error)
        } catch let error as HTTPError {
            return JSONResponse.error(Self.map(status: error.status.code, message: error.body, request: request))
        } catch let error as any HTTPResponseError {
            // NIOTooManyBytesError (a body over the limit) among them.
            return JSONResponse.error(Self.map(status: error.status.code, message: nil, request: request))
        } catch {
            return JSONResponse.error(ServerError.from(error))
        }
    }

    static func map(status: Int, message: String?, request: Request) -> ServerError {
        switch status {
        case 404: ServerError(.notFound, "no route \(request.method.rawValue) \(request.uri.path); see docs/api.md")
        case 405: ServerError(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path)")
        case 413: ServerError(.tooLarge, "the body is larger than the server takes")
        case 400..<500: ServerError(.badInput, message ?? "bad request")
        default: ServerError(.system, message ?? "server failure")
        }
    }
}
