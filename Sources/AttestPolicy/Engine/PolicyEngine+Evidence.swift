extension PolicyEngine {
    /// `required_evidence`: documents by kind, dataset digests by role, a code commit, and an
    /// evaluation whose data digest is the version's own test dataset digest.
    static func checkEvidence(_ p: RequiredEvidenceParameters, facts: PromotionFacts) -> RuleCheck {
        let version = facts.version
        var missing: [String] = []
        var present: [String] = []
        var cited: [EntrySeq] = []
        for kind in p.documents {
            if let document = version.evidence.filter({ $0.kind == kind }).max(by: { $0.seq < $1.seq }) {
                present.append("\(kind) (seq \(document.seq))")
                cited.append(document.seq)
            } else {
                missing.append("document \(kind)")
            }
        }
        for role in p.datasets {
            if let dataset = version.dataset(role: role), !dataset.digest.isEmpty {
                present.append("\(role) dataset")
                if let seq = dataset.seq ?? version.registeredSeq { cited.append(seq) }
            } else {
                missing.append("\(role) dataset digest")
            }
        }
        if p.codeCommit {
            if let commit = version.codeCommit, !commit.isEmpty {
                present.append("code commit \(commit)")
                if let seq = version.registeredSeq { cited.append(seq) }
            } else {
                missing.append("code commit")
            }
        }
        if p.evaluationOnTestDataset {
            if let test = version.dataset(role: "test"), !test.digest.isEmpty {
                let matching = facts.evaluations.filter { $0.dataDigest == test.digest }
                if let evaluation = matching.max(by: { $0.seq < $1.seq }) {
                    present.append("evaluation on the test dataset (seq \(evaluation.seq))")
                    cited.append(evaluation.seq)
                } else {
                    missing.append("evaluation on the version's test dataset \(test.digest)")
                }
            } else {
                missing.append("evaluation on the test dataset (the version records no test dataset)")
            }
        }
        if missing.isEmpty {
            let text = present.isEmpty ? "nothing required" : "present: " + present.joined(separator: ", ")
            return .pass(text, observed: .text("complete"), bound: "all required evidence", cited: cited)
        }
        return .fail(
            "missing: " + missing.joined(separator: "; "),
            observed: .text("missing: " + missing.joined(separator: "; ")), bound: "all required evidence",
            cited: cited)
    }
}
