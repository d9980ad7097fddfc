import Foundation

/// The display fields of the one-screen summary and the print footer.
enum SummaryView {
    /// The last promotion decision in scope, as the summary shows it, or `false` when none.
    static func lastDecision(_ report: AuditReport) -> Any {
        guard let last = report.decisions.max(by: { $0.entry < $1.entry }) else { return false }
        var statuses: [String: Int] = [:]
        for rule in last.rules { statuses[rule.status, default: 0] += 1 }
        let notPassed = last.rules.filter { $0.status != "pass" }.map { "\($0.ruleID) \($0.status)" }
        var rulesText =
            "\(last.rules.count) rules: " + statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        if !notPassed.isEmpty { rulesText += " (" + notPassed.joined(separator: "; ") + ")" }
        return [
            "entry": String(last.entry), "time": ViewTree.safe(last.time), "actor": ViewTree.safe(last.actor),
            "version": last.version.map { String($0) as Any } ?? Absent(),
            "fromStage": ViewTree.safe(last.fromStage ?? "?"), "toStage": ViewTree.safe(last.toStage ?? "?"),
            "resultText": last.result.uppercased().replacingOccurrences(of: "_", with: " "),
            "resultClass": last.result == "allow" ? "ok" : last.result == "deny" ? "bad" : "warn",
            "rulesText": ViewTree.safe(rulesText),
            "justification": last.justification.map { ViewTree.safe($0) as Any } ?? Absent(),
        ] as [String: Any]
    }

    /// The footer of every printed page: the ledger's origin and the checkpoint used, as the
    /// content of a CSS string (`@page { @bottom-left { content: "…" } }`).
    static func footerCSS(_ report: AuditReport) -> String {
        var text = "Ledger \(report.ledger.origin)"
        if let size = report.integrity.checkpointSize, let root = report.integrity.checkpointRoot {
            text += " · checkpoint \(size) \(root)"
        } else {
            text += " · no checkpoint"
        }
        text += " · \(report.integrity.verified ? "verified" : "NOT VERIFIED")"
        return cssString(text)
    }

    /// `text` for a CSS string literal: every character but ASCII letters, digits and spaces as
    /// a six-digit CSS escape followed by the space that ends it, so no quote, backslash or markup from the ledger can end the
    /// string, the rule or the style element (and HTML escaping leaves it unchanged).
    static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " ") {
                out.unicodeScalars.append(scalar)
            } else {
                // Six hex digits, then the one space a CSS escape consumes (so a real space after it stays).
                out += "\\" + String(format: "%06X", scalar.value) + " "
            }
        }
        return out
    }

    /// `EU AI Act: Art. 12(1), Art. 14; SR 26-2: inventory, …`.
    static func regulationText(_ citations: [RegulationCitation]) -> String {
        citations.map { "\($0.name): \($0.requirements.joined(separator: ", "))" }.joined(separator: "; ")
    }
}
