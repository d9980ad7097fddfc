import Foundation

/// The escaping and element helpers of the reviewer pages. Every piece of ledger text reaches
/// the page through ``text(_:)`` (element content and attribute values alike); nothing else
/// writes ledger text.
enum PageHTML {
    /// Escapes text for element content and for double- or single-quoted attribute values:
    /// `& < > " '` become character references; control characters other than tab and newline,
    /// and the bidirectional controls that could reorder what a reviewer reads, are shown as
    /// `⟨U+XXXX⟩`.
    static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case _ where isHidden(scalar): out += String(format: "⟨U+%04X⟩", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Control characters, bidirectional controls and other invisible format characters.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
            || value == 0x061C
        {
            return true
        }
        return scalar.properties.generalCategory == .format && value != 0x200D
    }

    /// An element with escaped text content.
    static func el(_ tag: String, _ content: String, class name: String? = nil) -> String {
        "<\(tag)\(name.map { " class=\"\(text($0))\"" } ?? "")>\(text(content))</\(tag)>"
    }

    /// An element whose content is already HTML.
    static func raw(_ tag: String, _ html: String, class name: String? = nil) -> String {
        "<\(tag)\(name.map { " class=\"\(text($0))\"" } ?? "")>\(html)</\(tag)>"
    }

    /// A link: `href` is a path made by ``PageLinks`` (its components percent-encoded), escaped again here.
    static func link(_ href: String, _ label: String, class name: String? = nil) -> String {
        "<a href=\"\(text(href))\"\(name.map { " class=\"\(text($0))\"" } ?? "")>\(text(label))</a>"
    }

    /// A table: a header row and rows of cells that are already HTML.
    static func table(_ headers: [String], _ rows: [[String]], class name: String? = nil) -> String {
        guard !rows.isEmpty else { return "<p class=\"muted\">None.</p>" }
        let head = "<thead><tr>" + headers.map { "<th>\(text($0))</th>" }.joined() + "</tr></thead>"
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table\(name.map { " class=\"\(text($0))\"" } ?? "")>\(head)<tbody>\n\(body)\n</tbody></table>"
    }

    /// A status word with its class (`ok`, `bad`, `warn`).
    static func status(_ word: String) -> String {
        let kind =
            switch word {
            case "pass", "allow", "approve", "production", "allowed", "verified": "ok"
            case "fail", "deny", "reject", "error", "denied", "refused": "bad"
            case "overridden", "advisory_fail", "allow_with_override", "stale", "withdrawn": "warn"
            default: "plain"
            }
        return el("span", word, class: "status \(kind)")
    }
}
