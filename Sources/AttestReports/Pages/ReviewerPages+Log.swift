import AttestLedger
import AttestRegistry
import Foundation

extension ReviewerPages {
    /// The most of an entry's payload shown on the log page: 4 KiB.
    static let payloadPreviewBytes = 4 << 10

    /// The log from entry `from`, ``logPageSize`` entries: each with its time, signer, type,
    /// summary, leaf hash, payload (escaped, the first 4 KiB) and its RFC 9162 inclusion proof
    /// (C2SP tlog-proof) against the latest stored checkpoint. Entries the checkpoint does not
    /// cover yet say so.
    /// - Throws: `ReportError` (`.badInput`) when `from` is past the end of the log.
    public func log(from: UInt64 = 0) throws -> String {
        let ledger = registry.ledger
        let size = try ledger.size()
        guard from < max(size, 1) else {
            throw ReportError(.badInput, "entry \(from) does not exist; the log has \(size) entries (0 to \(size &- 1))")
        }
        let last = min(size, from + logPageSize)
        let entries = size == 0 ? [] : try ledger.entries(range: from...(last - 1))
        let directory = try ledger.keyDirectory()
        let checkpoint = try ledger.latestCheckpoint()
        var body = PageHTML.el("h1", "Log")
        if let checkpoint {
            body +=
                "<p>Latest checkpoint, signed by the log key:</p><pre class=\"checkpoint\">" + PageHTML.text(checkpoint.serialized)
                + "</pre>"
        } else {
            body += "<p class=\"warn\">No checkpoint has been signed yet ('attest checkpoint'): no entry can be proved.</p>"
        }
        body +=
            "<p>" + PageHTML.text("Entries \(from) to \(last == 0 ? 0 : last - 1) of \(size).") + " " + navigation(from: from, size: size)
            + "</p>"
        for entry in entries {
            body += "<section class=\"entry\" id=\"entry-\(entry.sequence)\">"
            let signer = directory.records[entry.signer]?.key.name ?? "unknown key \(entry.signer.base64.prefix(12))"
            body += PageHTML.el("h3", "\(entry.sequence) · \(entry.type)")
            body += "<p>" + PageHTML.text("\(AdmissionStatement.timeText(entry.time)) · signed by \(signer) · ")
            body += PageHTML.text(EventSummary.line(type: entry.type, payload: entry.payload)) + "</p>"
            body += "<p class=\"muted\">Leaf hash " + PageHTML.el("code", entry.leafHash.base64) + "</p>"
            let shown = entry.payload.prefix(Self.payloadPreviewBytes)
            body += "<details><summary>Payload (\(entry.payload.count) bytes)</summary><pre class=\"payload\">"
            body +=
                PageHTML.text(String(decoding: shown, as: UTF8.self)) + (shown.count < entry.payload.count ? "\n…" : "")
                + "</pre></details>"
            if let checkpoint, entry.sequence < checkpoint.checkpoint.size {
                let hashes = try ledger.inclusionProof(index: entry.sequence, size: checkpoint.checkpoint.size)
                let proof = InclusionProof(index: entry.sequence, hashes: hashes, checkpoint: checkpoint)
                body +=
                    "<details><summary>Inclusion proof (\(hashes.count) hashes, checkpoint size \(checkpoint.checkpoint.size))</summary>"
                body += "<pre class=\"proof\">" + PageHTML.text(proof.serialized) + "</pre></details>"
            } else {
                body += "<p class=\"muted\">Not yet covered by a checkpoint.</p>"
            }
            body += "</section>\n"
        }
        return page(title: "Log from \(from)", body: body)
    }

    private func navigation(from: UInt64, size: UInt64) -> String {
        var parts: [String] = []
        if from > 0 { parts.append(PageHTML.link(links.log(from: from > logPageSize ? from - logPageSize : 0), "Earlier")) }
        if from + logPageSize < size { parts.append(PageHTML.link(links.log(from: from + logPageSize), "Later")) }
        return parts.joined(separator: " · ")
    }
}
