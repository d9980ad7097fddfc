import AttestLedger
import Foundation
import Mustache

/// A value that is present but renders as nothing and counts as false in a section: what a
/// missing optional field becomes, so that Mustache never looks it up in an outer context.
struct Absent: MustacheCustomRenderable, CustomStringConvertible {
    var renderText: String { "" }
    var isNull: Bool { true }
    var description: String { "" }
}

/// Turns the report's JSON into the tree templates read: objects become dictionaries (with
/// every optional field present), numbers become display text, and every string is made safe
/// to show (control and bidirectional-override characters become visible `⟨U+XXXX⟩` marks).
enum ViewTree {
    /// Optional fields of the report model's types, each type recognised by a field only it has
    /// (docs/report-schema.md). Absent ones are filled with `Absent`, and only in objects of that
    /// type, so a missing field never shadows nor inherits an outer object's field of that name.
    static let optionalKeys: [(signature: @Sendable (Set<String>) -> Bool, keys: [String])] = [
        (
            { $0.contains("summary") && $0.contains("highlight") || $0.contains("summary") && $0.contains("roles") },
            ["version", "highlight"]
        ),
        (
            { $0.contains("overall") },
            ["version", "datasetRole", "data", "lineageRole", "task", "evaluatedRows", "droppedRows", "bootstrap", "payload"]
        ),
        ({ $0.contains("metricNames") }, ["fourFifths"]),
        ({ $0.contains("threshold") }, ["lowestGroup", "highestGroup", "ratio", "passes"]),
        ({ $0.contains("columns") && $0.contains("entry") }, ["version", "reference", "current", "payload"]),
        (
            { $0.contains("roles") && $0.contains("type") && !$0.contains("summary") },
            ["version", "stage", "comment", "expires", "payload"]
        ),
        ({ $0.contains("rules") }, ["version", "fromStage", "toStage", "policySetHash", "policyEntry", "justification", "payload"]),
        ({ $0.contains("ruleID") }, ["observed", "bound", "approvalsRequired", "override"]),
        ({ $0.contains("files") && $0.contains("entry") }, ["hash"]),
        ({ $0.contains("stored") }, ["version", "file", "text", "format"]),
        ({ $0.contains("claimedMetrics") }, ["parent", "code", "framework", "environment"]),
        ({ $0.contains("packageCount") }, ["python", "platform", "gpus"]),
        ({ $0.contains("digest") && $0.contains("size") }, ["role"]),
        ({ $0.contains("stage") && $0.contains("from") && $0.contains("entry") }, ["until"]),
        ({ $0.contains("kind") && $0.contains("detail") }, ["version"]),
        ({ $0.contains("howToRepeat") }, ["checkpoint", "checkpointSize", "checkpointRoot"]),
        ({ $0.contains("requirements") && $0.contains("inForce") }, ["note", "from", "until"]),
        ({ $0.contains("missing") && $0.contains("ref") }, ["from", "dateNote"]),
        ({ $0.contains("pendingReviews") }, ["lastEvaluation", "lastApproval"]),
        ({ $0.contains("review") && $0.contains("stageSince") }, ["lastEvaluation", "lastApproval", "reviewDetail"]),
    ]

    /// Fields whose text keeps its newlines (the signed checkpoint, printed verbatim).
    static let multilineKeys: Set<String> = ["checkpoint"]

    static func tree(_ value: JSONValue, key: String? = nil) -> Any {
        switch value {
        case .null: return Absent()
        case .bool(let bool): return bool
        case .integer(let integer): return String(integer)
        case .number(let number): return format(number)
        case .string(let string): return safe(string, keepNewlines: key.map(multilineKeys.contains) ?? false)
        case .array(let items): return items.map { tree($0, key: key) }
        case .object(let members):
            var out: [String: Any] = [:]
            out.reserveCapacity(members.count + 8)
            for (key, member) in members { out[key] = tree(member, key: key) }
            let present = Set(members.keys)
            for (signature, keys) in optionalKeys where signature(present) {
                for key in keys where out[key] == nil { out[key] = Absent() }
            }
            return out
        }
    }

    /// A number for display: integers as integers, others with up to 4 decimals.
    static func format(_ number: Double) -> String {
        if number == number.rounded() && abs(number) < 1e15 { return String(Int64(number)) }
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Makes control characters, bidirectional controls and other invisible format characters
    /// visible, so a hostile name cannot reorder or hide the text around it. Newlines become
    /// `⏎` followed by the newline, so text stays readable and the break stays visible.
    static func safe(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsMark) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" && keepNewlines {
                out.append(scalar)
            } else if scalar == "\n" {
                out.append(contentsOf: "⏎ ".unicodeScalars)
            } else if needsMark(scalar) {
                out.append(contentsOf: "⟨U+\(String(format: "%04X", scalar.value))⟩".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func needsMark(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if (0x200B...0x200F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { return true }
        return value == 0x061C || value == 0xFEFF || value == 0x2028 || value == 0x2029
    }
}

/// Markdown escaping for `{{% CONTENT_TYPE: MARKDOWN}}` templates: HTML's special characters as
/// entities (Markdown passes raw HTML through), and the characters that start Markdown syntax
/// inside a line or break a table cell escaped with a backslash.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "[", "]", "|": out += "\\" + String(character)
            case "\n", "\r\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    static let register: Void = { MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN") }()
}
