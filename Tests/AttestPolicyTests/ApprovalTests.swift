import AttestPolicy
import Foundation
import Testing

let approvalsRule = """
      - id: r
        kind: required_approvals
        count: 2
        roles: [validator, risk-officer]
        exclude: [registrant, requester, model_owner]
        max_age: 30d
    """

func review(_ actor: String, _ roles: [String] = ["validator"], seq: EntrySeq, day: Int = 15) -> ReviewFact {
    ReviewFact(actor: actor, roles: roles, version: 4, targetStage: .production, time: march(day), seq: seq)
}

@Suite("Approvals")
struct ApprovalTests {
    @Test("each set-aside reason is reported with the approval's seq", arguments: SetAsideReason.allCases)
    func setAside(_ reason: SetAsideReason) throws {
        var vera = review("vera", seq: 30)
        switch reason {
        case .wrongVersion: vera.version = 3
        case .wrongStage: vera.targetStage = .staging
        case .withdrawn: vera.withdrawn = true
        case .afterRequest: vera.time = march(21)
        case .roleNotHeld: vera.roles = ["data-scientist"]
        case .standingLost: vera.standingLost = [StandingLoss(reason: .authorDeactivated, seq: 25)]
        case .excludedRegistrant: vera.actor = "dana"
        case .excludedRequester: vera.actor = "pat"
        case .excludedModelOwner: vera.actor = "omar"
        case .stale: vera.seq = 19
        case .expired: vera.time = march(1).addingTimeInterval(-15 * 86_400)
        case .duplicatePerson: vera.actor = "rick"
        }
        var facts = baseFacts()
        facts.approvals = [vera, review("rick", ["risk-officer"], seq: 31, day: 16)]
        let result = try outcome(approvalsRule, facts)
        #expect(result.status == .fail)
        let tally = try #require(result.approvals)
        #expect(tally.counted.map(\.actor) == ["rick"])
        #expect(tally.setAside.map(\.reason) == [reason])
        #expect(!tally.setAside[0].detail.isEmpty)
        #expect(result.citedSeqs.contains(tally.setAside[0].seq))
    }

    @Test("two distinct qualifying approvers pass; a person with both roles counts once")
    func distinctPeople() throws {
        var facts = baseFacts()
        facts.approvals = [
            review("vera", ["validator", "risk-officer"], seq: 30), review("vera", ["validator", "risk-officer"], seq: 31),
        ]
        let once = try outcome(approvalsRule, facts)
        #expect(once.status == .fail)
        #expect(once.approvals?.counted.map(\.seq) == [31])
        #expect(once.approvals?.setAside.map(\.reason) == [.duplicatePerson])
        facts.approvals.append(review("rick", ["risk-officer"], seq: 32))
        let twice = try outcome(approvalsRule, facts)
        #expect(twice.status == .pass)
        #expect(twice.observed == .number(2))
    }

    @Test("a rejection in force blocks; a withdrawn one or one without a qualifying role does not")
    func rejections() throws {
        var facts = baseFacts()
        facts.rejections = [review("rita", ["risk-officer"], seq: 33)]
        let blocked = try outcome(approvalsRule, facts)
        #expect(blocked.status == .fail)
        #expect(blocked.approvals?.blockingRejections.map(\.seq) == [33])
        #expect(blocked.citedSeqs.contains(33))
        facts.rejections[0].withdrawn = true
        #expect(try outcome(approvalsRule, facts).status == .pass)
        facts.rejections = [review("sam", ["data-scientist"], seq: 33)]
        #expect(try outcome(approvalsRule, facts).status == .pass)
    }

    @Test("an evaluation newer than the approvals makes them stale")
    func staleByEvaluation() throws {
        var facts = baseFacts()
        var newer = facts.evaluations[0]
        newer.seq = 35
        facts.evaluations.append(newer)
        let result = try outcome(approvalsRule, facts)
        #expect(result.status == .fail)
        #expect(result.approvals?.setAside.map(\.reason) == [.stale, .stale])
        #expect(result.citedSeqs.contains(35))
    }
}
