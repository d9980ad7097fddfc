import Foundation
import Ink

/// Evidence documents stored in the ledger (model cards, validation reports) rendered from
/// Markdown to HTML with Ink, and made safe to place in the report:
///
/// 1. every `<` of the source is set aside before parsing, so no raw HTML (a `<script>`, an
///    `<iframe>`, an event attribute) can reach the output; it comes back as the text `&lt;`;
/// 2. links keep an `href` only for `http:`, `https:`, `mailto:` and `#` targets, read from the
///    Markdown itself, escaped; any other (`javascript:`, `data:`, `vbscript:`, reference-style
///    links) is shown as text;
/// 3. images are never loaded: each becomes its alternative text and address, as text;
/// 4. the result must pass an allowlist of tags and attributes, or the document is shown as
///    escaped plain text instead.
public enum MarkdownEvidence {
    /// The tags Ink writes that the report keeps.
    static let allowedTags: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
        "br", "table", "thead", "tbody", "tr", "th", "td", "a", "span",
    ]
    static let placeholder: Character = "\u{E000}"

    /// The document as safe HTML.
    /// - Parameter markdown: the document's text.
    /// - Returns: HTML made only of the allowed tags; escaped text when Ink's output does not pass.
    public static func html(_ markdown: String) -> String {
        let source = String(markdown.map { $0 == placeholder ? "\u{FFFD}" : $0 == "<" ? placeholder : $0 })
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .links) { input in link(input.html, input.markdown) })
        parser.addModifier(Modifier(target: .images) { input in image(input.markdown) })
        parser.addModifier(Modifier(target: .html) { input in "<p>" + escape(String(input.markdown)) + "</p>" })
        let html = parser.html(from: source).replacingOccurrences(of: String(placeholder), with: "&lt;")
        return passes(html) ? html : "<pre>" + escape(markdown) + "</pre>"
    }

    /// A link: its text, and an `href` only for a safe target.
    static func link(_ html: String, _ markdown: Substring) -> String {
        let inner =
            html.firstIndex(of: ">").flatMap { start in
                html.range(of: "</a>", options: .backwards).map { String(html[html.index(after: start)..<$0.lowerBound]) }
            } ?? escape(String(markdown))
        guard markdown.hasSuffix(")"), let open = markdown.range(of: "](") else { return inner }
        var target = String(markdown[open.upperBound..<markdown.index(before: markdown.endIndex)]).trimmingCharacters(in: .whitespaces)
        if let space = target.firstIndex(of: " ") { target = String(target[..<space]) }
        target = target.replacingOccurrences(of: String(placeholder), with: "<")
        let lower = target.lowercased()
        let safe = ["http://", "https://", "mailto:"].contains { lower.hasPrefix($0) } || lower.hasPrefix("#")
        guard safe, !target.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true }) else {
            return inner + " <span class=\"muted\">(link removed: " + escape(target) + ")</span>"
        }
        return "<a href=\"" + escape(target) + "\" rel=\"noopener noreferrer\">" + inner + "</a>"
    }

    /// An image, as text: never loaded.
    static func image(_ markdown: Substring) -> String {
        let text = String(markdown).replacingOccurrences(of: String(placeholder), with: "<")
        return "<span class=\"muted\">[image not loaded: " + escape(text) + "]</span>"
    }

    /// `& < > " '` as entities.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<", placeholder: out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Whether every tag in `html` is allowed, with only the attributes this renderer writes.
    static func passes(_ html: String) -> Bool {
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            var tag = rest[rest.index(after: open)..<close]
            if tag.hasPrefix("/") { tag = tag.dropFirst() }
            let name = tag.prefix { $0.isLetter || $0.isNumber }.lowercased()
            let attributes = tag.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            guard allowedTags.contains(name), allowed(attributes, on: name) else { return false }
            rest = rest[rest.index(after: close)...]
        }
        return true
    }

    static func allowed(_ attributes: String, on tag: String) -> Bool {
        if attributes.isEmpty || attributes == "/" { return true }
        func matches(_ pattern: String) -> Bool { attributes.range(of: "^" + pattern + "$", options: .regularExpression) != nil }
        switch tag {
        case "a": return matches("href=\"(https?://|mailto:|#)[^\"<>]*\" rel=\"noopener noreferrer\"")
        case "code": return matches("class=\"language-[A-Za-z0-9_+.-]*\"")
        case "ol": return matches("start=\"[0-9]+\"")
        case "th", "td": return matches("align=\"(left|right|center)\"")
        case "span": return attributes == "class=\"muted\""
        default: return false
        }
    }
}
