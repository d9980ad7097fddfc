import Testing

@testable import AttestReports

/// How the report files entry types, governance types matched by name.
@Suite struct EntryKindTests {
    @Test func typesAreFiledByNameAsDocumented() {
        let cases: [(String, EntryKind)] = [
            ("evaluation.recorded", .evaluation), ("monitoring.recorded", .monitoring), ("evidence.attached", .evidence),
            ("action.refused", .refusal), ("policy.published", .policy), ("policy.approved", .policy),
            ("promotion.decided", .decision), ("gate.decided", .decision), ("decision.override", .decision),
            ("approval.granted", .review), ("review.noted", .review), ("release.approved", .review), ("x.rejected", .review),
            ("approval.withdrawn", .review), ("policy.republished", .policy), ("bench.note", .other), ("", .other),
            ("appro", .other), ("model.created", .other),
        ]
        for (type, kind) in cases { #expect(EntryKind(type: type) == kind, "\(type)") }
    }

    @Test func approvalsAreTheReviewsThatApprove() {
        #expect(EntryKind.isApproval("approval.granted"))
        #expect(EntryKind.isApproval("release.approved"))
        #expect(!EntryKind.isApproval("approval.rejected"))
        #expect(!EntryKind.isApproval("approval.withdrawn"))
        #expect(!EntryKind.isApproval("approval.revoked"))
        #expect(!EntryKind.isApproval("bench.note"))
    }

    @Test func theByteSearchFindsWordsAnywhereAndOnlyWhole() {
        #expect(EntryKind.has("approv", "approv"))
        #expect(EntryKind.has("x.reapprove", "approv"))
        #expect(!EntryKind.has("appro", "approv"))
        #expect(!EntryKind.has("", "approv"))
        #expect(EntryKind.has("aaapprov", "approv"))
        #expect(!EntryKind.has("withd", "withdr"))
    }
}
