import Foundation

/// Where `attest admission check` gets the answer it verifies: a file, or a server's
/// `GET /v1/admission`. The check is the same whatever the
/// source: nothing the source says is trusted before the answer verifies.
protocol AdmissionSource {
    /// A name for messages (a path, a URL).
    var name: String { get }
    /// The answer's bytes, at most `limit` of them.
    /// - Throws: `CommandFailure` (exit 2) when they cannot be read.
    func answerBytes(limit: Int) throws -> Data
}

/// An answer file (`--answer FILE`).
struct FileAdmissionSource: AdmissionSource {
    let path: String

    var name: String { Console.current.url(path).path }

    func answerBytes(limit: Int) throws -> Data {
        let url = Console.current.url(path)
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw CommandFailure.badInput("\(url.path): cannot read the admission answer")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else {
            throw CommandFailure.badInput("\(url.path): larger than \(limit) bytes; an admission answer is smaller")
        }
        return data
    }
}

/// `--server URL`: the answer from `GET /v1/admission`, asked anonymously (the answer proves
/// itself against the log key given to `check`, never against the server).
struct ServerAdmissionSource: AdmissionSource {
    let client: ServerClient
    let model: String
    let version: Int
    let environment: String

    var name: String { "\(client.base.absoluteString) (GET /v1/admission)" }

    func answerBytes(limit: Int) throws -> Data {
        var query = URLComponents()
        query.queryItems = [
            URLQueryItem(name: "model", value: model), URLQueryItem(name: "version", value: String(version)),
            URLQueryItem(name: "environment", value: environment),
        ]
        let data = try client.send("GET", "/v1/admission?" + (query.percentEncodedQuery ?? "")).body
        guard data.count <= limit else {
            throw CommandFailure.badInput("\(name): larger than \(limit) bytes; an admission answer is smaller")
        }
        return data
    }
}
