import AttestLedger
import Foundation

/// The text an admission answer signs (docs/admission.md, "The signed text"): one `key value`
/// line per field, in a fixed order, under the header line `attest.dev/admission/v1`.
///
/// ```
/// attest.dev/admission/v1
/// origin <ledger origin>
/// model <model>
/// version <decimal>
/// environment <environment>
/// result allow|deny
/// time <YYYY-MM-DDTHH:MM:SSZ>
/// checkpoint <size> <base64 root>
/// [stage <stage>]
/// [required <stage> <environment glob>]
/// reason <text>                          (zero or more; at least one when denied, none when allowed)
/// entry <role> <seq> <base64 leaf hash>  (zero or more, ascending seq)
/// ```
///
/// Free-text values (origin, model, environment, glob, reason) escape `\` as `\\`, a newline as
/// `\n` and any other control character as `\xHH`, so the text is a valid C2SP signed-note text.
/// Its second line is never a decimal, so no admission text is also a checkpoint text.
public struct AdmissionStatement: Sendable, Equatable {
    /// One deciding entry: its role, sequence number and RFC 9162 leaf hash.
    public struct Cited: Sendable, Equatable {
        /// `policy`, `policy-approval`, `registration`, `stage` or `decision`.
        public var role: String
        /// The entry's sequence number.
        public var entry: UInt64
        /// `SHA-256(0x00 || leaf bytes)`.
        public var leafHash: Digest

        /// Cites an entry.
        public init(role: String, entry: UInt64, leafHash: Digest) {
            self.role = role
            self.entry = entry
            self.leafHash = leafHash
        }
    }

    /// The first line.
    public static let header = "attest.dev/admission/v1"
    /// The roles a cited entry may have.
    public static let roles = ["policy", "policy-approval", "registration", "stage", "decision"]

    /// The ledger's origin (the log key's name).
    public var origin: String
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The environment.
    public var environment: String
    /// Allow or deny.
    public var allowed: Bool
    /// When the answer was made, whole seconds, UTC.
    public var time: Date
    /// The checkpoint's tree size.
    public var checkpointSize: UInt64
    /// The checkpoint's root hash.
    public var checkpointRoot: Digest
    /// The version's stage, when it exists.
    public var stage: String?
    /// The stage the environment requires and the glob that declared it.
    public var required: (stage: String, pattern: String)?
    /// Why it is denied.
    public var reasons: [String]
    /// The deciding entries.
    public var entries: [Cited]

    /// Equal when every field is (the tuple field compared by its parts).
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.text == rhs.text }

    /// The signed text, ending in a newline.
    public var text: String {
        var lines = [
            Self.header, "origin " + Self.escape(origin), "model " + Self.escape(model), "version \(version)",
            "environment " + Self.escape(environment), "result " + (allowed ? "allow" : "deny"), "time " + Self.timeText(time),
            "checkpoint \(checkpointSize) \(checkpointRoot.base64)",
        ]
        if let stage { lines.append("stage " + Self.escape(stage)) }
        if let required { lines.append("required \(Self.escape(required.stage)) \(Self.escape(required.pattern))") }
        lines += reasons.map { "reason " + Self.escape($0) }
        lines += entries.map { "entry \($0.role) \($0.entry) \($0.leafHash.base64)" }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Makes a statement.
    public init(
        origin: String, model: String, version: Int, environment: String, allowed: Bool, time: Date, checkpointSize: UInt64,
        checkpointRoot: Digest, stage: String?, required: (stage: String, pattern: String)?, reasons: [String], entries: [Cited]
    ) {
        self.origin = origin
        self.model = model
        self.version = version
        self.environment = environment
        self.allowed = allowed
        self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        self.checkpointSize = checkpointSize
        self.checkpointRoot = checkpointRoot
        self.stage = stage
        self.required = required
        self.reasons = reasons
        self.entries = entries
    }

    /// Parses the signed text.
    /// - Throws: `AdmissionError` (`.failed`) naming the line that is wrong.
    public init(parsing text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { throw AdmissionError(.failed, "the answer's text does not end with a newline") }
        lines.removeLast()
        var reader = LineReader(lines: lines)
        guard reader.next() == Self.header else { throw AdmissionError(.failed, "answer line 1: expected '\(Self.header)'") }
        origin = try reader.value("origin")
        model = try reader.value("model")
        let versionText = try reader.value("version")
        guard let version = Int(versionText), version > 0, String(version) == versionText else {
            throw reader.error("'version' must be a positive decimal")
        }
        self.version = version
        environment = try reader.value("environment")
        let result = try reader.value("result")
        guard result == "allow" || result == "deny" else { throw reader.error("'result' must be 'allow' or 'deny'") }
        allowed = result == "allow"
        guard let time = Self.parseTime(try reader.value("time")) else {
            throw reader.error("'time' must be YYYY-MM-DDTHH:MM:SSZ")
        }
        self.time = time
        let checkpoint = try reader.value("checkpoint").split(separator: " ", omittingEmptySubsequences: false)
        guard checkpoint.count == 2, let size = UInt64(checkpoint[0]), String(size) == checkpoint[0],
            let root = Digest(base64: String(checkpoint[1]))
        else { throw reader.error("'checkpoint' must be '<size> <base64 root>'") }
        checkpointSize = size
        checkpointRoot = root
        stage = try reader.optional("stage")
        if let value = try reader.optional("required") {
            guard let space = value.firstIndex(of: " ") else { throw reader.error("'required' must be '<stage> <glob>'") }
            required = (String(value[..<space]), String(value[value.index(after: space)...]))
        }
        reasons = []
        while let reason = try reader.optional("reason") { reasons.append(reason) }
        entries = []
        while let value = try reader.optional("entry", raw: true) {
            let fields = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, Self.roles.contains(fields[0]), let seq = UInt64(fields[1]), String(seq) == fields[1],
                let hash = Digest(base64: fields[2])
            else {
                throw reader.error("'entry' must be '<role> <seq> <base64 leaf hash>' with a role of \(Self.roles.joined(separator: ", "))")
            }
            guard entries.last.map({ $0.entry < seq }) ?? true else { throw reader.error("entries must be in ascending order") }
            entries.append(Cited(role: fields[0], entry: seq, leafHash: hash))
        }
        guard reader.atEnd else { throw reader.error("unexpected line") }
    }

    // MARK: Text

    /// Escapes a free-text value: `\` as `\\`, newline as `\n`, other control characters as `\xHH`.
    static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\x%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Reverses ``escape(_:)``; `nil` for a malformed escape.
    static func unescape(_ value: String) -> String? {
        var out = String.UnicodeScalarView()
        var scalars = value.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            guard let escaped = scalars.next() else { return nil }
            switch escaped {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "x":
                guard let high = scalars.next(), let low = scalars.next(),
                    let code = UInt8(String([Character(high), Character(low)]), radix: 16),
                    code < 0x20 || code == 0x7F, code != 0x0A
                else { return nil }
                out.append(Unicode.Scalar(code))
            default: return nil
            }
        }
        return String(out)
    }

    /// A time as the signed text writes it: `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds).
    /// - Parameter date: the time.
    /// - Returns: the text.
    public static func timeText(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    static func parseTime(_ text: String) -> Date? {
        guard text.utf8.count == 20, let date = try? Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).parse(text),
            timeText(date) == text
        else { return nil }
        return date
    }

    /// Reads `key value` lines in order.
    struct LineReader {
        let lines: [String]
        var index = 0

        var atEnd: Bool { index == lines.count }

        mutating func next() -> String? {
            guard index < lines.count else { return nil }
            defer { index += 1 }
            return lines[index]
        }

        func error(_ message: String) -> AdmissionError {
            AdmissionError(.failed, "answer line \(index): \(message)")
        }

        /// The value of the next line, which must start with `key `.
        mutating func value(_ key: String) throws -> String {
            guard let line = next(), line.hasPrefix(key + " ") else { throw error("expected '\(key) ...'") }
            guard let value = AdmissionStatement.unescape(String(line.dropFirst(key.count + 1))) else {
                throw error("'\(key)' holds a malformed escape")
            }
            return value
        }

        /// The value of the next line when it starts with `key `, else `nil` (nothing consumed).
        mutating func optional(_ key: String, raw: Bool = false) throws -> String? {
            guard index < lines.count, lines[index].hasPrefix(key + " ") else { return nil }
            if raw { return String(next()!.dropFirst(key.count + 1)) }
            return try value(key)
        }
    }
}
