import Foundation

/// Where `attest admission check` gets the answer it verifies: the seam between reading a file
/// and (later) fetching `GET /v1/admission` from a server. The check is the same whatever the
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
