import AttestLedger
import Foundation

/// Prints values as pretty, key-sorted JSON on standard output.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        Console.current.out(try string(value))
    }

    static func print(_ object: [String: Any]) throws {
        Console.current.out(try string(object))
    }

    static func string(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return escapeUnsafe(String(decoding: data, as: UTF8.self))
    }

    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return escapeUnsafe(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// One line of JSON (the error object on standard error).
    static func compact(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return escapeUnsafe(String(decoding: data, as: UTF8.self))
    }

    /// Writes DEL, C1 controls, bidirectional formatting characters and U+2028/U+2029 inside
    /// JSON strings as `\uXXXX` escapes: the same JSON value, safe on a terminal. (The encoders
    /// escape C0 controls already; outside strings JSON text is ASCII.)
    static func escapeUnsafe(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { TerminalText.isUnsafe($0) && $0 != "\n" }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if scalar != "\n" && TerminalText.isUnsafe(scalar) {
                out.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// Writes command output to a file, refusing to write through a path that escapes nothing but
/// reporting clearly when the folder is missing.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        let url = Console.current.url(path)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure(
                "\(url.path): cannot write (\((error as NSError).localizedDescription))", exitCode: AttestExit.badInput)
        }
    }

    /// Reads and parses a signed checkpoint file; parse errors name the file.
    static func checkpoint(_ path: String, logKey: VerifierKey?) throws -> SignedCheckpoint {
        let text = try read(path, what: "checkpoint")
        do {
            return try SignedCheckpoint(parsing: text, logKey: logKey)
        } catch let error as LedgerError {
            throw LedgerError(error.code, "\(Console.current.url(path).path): \(error.message)")
        }
    }

    static func read(_ path: String, what: String) throws -> String {
        let url = Console.current.url(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CommandFailure.badInput("\(url.path): cannot read the \(what)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure.badInput("\(url.path): the \(what) is not UTF-8 text")
        }
        return text
    }
}
