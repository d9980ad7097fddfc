import AttestLedger
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// `PromotionDecided.decode` reads the registry's compact JSON without `JSONDecoder`
/// (``CanonicalReader``); these tests prove it gives `JSONDecoder`'s value on every record the
/// registry writes, and that on hostile payloads it accepts exactly what `JSONDecoder` accepts.
@Suite("Governance: the decision record reader agrees with JSONDecoder")
struct PromotionDecidedReadingTests {
    /// The recorded decisions of a busy ledger (approvals counted and set aside, withdrawals,
    /// evaluations) and of override requests (applied, refused, invalid).
    static func recordedPayloads() throws -> [Data] {
        let world = try ReplayCursorTests.manyDecisions()
        let version = try world.versionInStaging(tag: "c")
        for (rules, by) in [(["prod-cooldown"], "pat"), (["prod-cooldown", "prod-from-staging"], "rick"), (["prod-cooldown"], "rick")] {
            _ = try world.registry.promote(
                GovernanceWorld.model, version: version, to: .production,
                override: OverrideRequest(rules: rules, justification: "INC-1 \"quoted\" \\ path/ü"), by: world.signer(by))
        }
        return try world.registry.ledger.entries(types: [EventType.promotionDecided]).map { Data($0.payload) }
    }

    /// Synthetic records that use every optional field and awkward text and numbers.
    static func syntheticPayloads() throws -> [Data] {
        let texts = ["plain", "", "quote \" backslash \\ slash /", "tab\tline\nreturn\r\u{8}\u{C}\u{1}\u{1F}", "é ü 名前 🚀", "\u{0}"]
        let numbers: [Double] = [0, 1, -1, 0.1, 1e-300, 2.2250738585072014e-308, 1.7976931348623157e308, 123_456_789.123, -0.000_012_5]
        var random = SplitMix(seed: 7)
        var payloads: [Data] = []
        for index in 0..<60 {
            let text = texts[index % texts.count]
            let number = index < numbers.count ? numbers[index] : Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let time = Date(timeIntervalSince1970: Double(random.next() % 4_000_000_000) + (index % 2 == 0 ? 0 : 0.25))
            let reference = ReviewReference(actor: text, roles: ["validator", text], seq: random.next(), time: time)
            let tally = ApprovalTally(
                required: Int(truncatingIfNeeded: random.next()), counted: [reference],
                setAside: [SetAsideApproval(actor: text, seq: UInt64.max, reason: .standingLost, detail: text)],
                blockingRejections: index % 3 == 0 ? [] : [reference])
            let outcome = RuleOutcome(
                ruleID: "rule-\(index)", policy: text, kind: .metricThreshold, enforcement: .softMandatory, status: .overridden,
                underlyingStatus: .fail, observed: index % 4 == 0 ? .text(text) : .number(number), bound: ">= \(text)", message: text,
                citedSeqs: [0, UInt64(index), UInt64.max], approvals: tally,
                override: AppliedOverride(requester: text, roles: ["risk-officer"], justification: text))
            let bare = RuleOutcome(
                ruleID: "bare", policy: "p", kind: .stageTransition, enforcement: .hardMandatory, status: .pass, message: "")
            let decision = Decision(
                result: .allowWithOverride, model: text, version: -index, fromStage: "staging", toStage: Stage(rawValue: text),
                requester: text, time: Date(timeIntervalSince1970: Double(random.next() % 4_000_000_000)), policies: [text, "b"],
                outcomes: [outcome, bare],
                overrides: [
                    OverrideReview(
                        ruleID: "r", applied: index % 2 == 0, problem: index % 2 == 0 ? nil : .hardMandatory, blocking: true, message: text)
                ],
                reasons: [text], citedSeqs: [UInt64(index)])
            let record = PromotionDecided(
                model: text, version: Int.max - index, to: text, result: "allow_with_override",
                request: PromotionRequestRecord(
                    requester: text, requesterRoles: [text], fromStage: "staging", toStage: text,
                    overrideRules: index % 2 == 0 ? nil : [text], justification: index % 2 == 0 ? nil : text),
                policySet: PolicySetReference(hash: "sha256:\(index)", entry: random.next()), time: "2030-01-01T00:00:00Z",
                engine: "attest-policy/2", factsDigest: text, inputs: [1, 2, random.next()], overridden: [text], decision: decision,
                timeBasis: Self.timeBases[index % Self.timeBases.count])
            payloads.append(try JSONEncoder.sorted.encode(record))
        }
        return payloads
    }

    /// No basis (engines 1 and 2), the writer's clock, and witnessed time with and without a checkpoint.
    static let timeBases: [TimeBasis?] = [
        nil, .writer, TimeBasis(kind: .witnessed, witnessList: 3),
        TimeBasis(
            kind: .witnessed, witnessList: 3, checkpointSize: 40, now: "2030-01-02T03:04:05Z",
            checkpoints: [.init(size: 12, time: "2030-01-01T00:00:00Z"), .init(size: 40, time: "2030-01-02T03:04:05Z")]),
    ]

    /// Both decoders on `payload`: the same value, or both refuse; and the reader, when it reads
    /// the payload at all, reads `JSONDecoder`'s value.
    static func agree<T: ReadableEvent & Equatable>(_ type: T.Type, _ payload: Data, _ comment: Comment) {
        let reference = try? JSONDecoder().decode(T.self, from: payload)
        let combined = try? T.decode(payload)
        #expect(combined == reference, comment)
        if let read = CanonicalReader.read(payload, { try T(reading: &$0) }) {
            #expect(read == reference, comment)
        }
    }

    /// Whether `error` is `JSONDecoder`'s refusal of a payload that lacks a required key (the
    /// exact refusal, not any error).
    static func isMissingKey(_ error: any Error) -> Bool {
        if case DecodingError.keyNotFound = error { return true }
        return false
    }

    static func agree(_ payload: Data, _ comment: Comment) { agree(PromotionDecided.self, payload, comment) }

    /// `perPayload` seeded random variants of each payload: a byte deleted, inserted text (white
    /// space, `null`, escapes, surrogates, huge and fractional numbers, stray brackets, invalid
    /// UTF-8, an extra key), a byte replaced, a repeated key, trailing bytes.
    static func hostileVariants(of payloads: [Data], perPayload: Int, repeating key: String) -> [Data] {
        let inserts: [String] = [
            " ", "\n", "null", ",", "\"", "\\", "\\u0000", "\\ud800", "\\uDC00\\ud83d", "1e999", "-0", "0.5", "1e2", "01", "true",
            "\"extra\":1,", "\u{FF}", "\u{C0}\u{80}", "}", "]", "[", "{", "99999999999999999999", "-9223372036854775809",
        ]
        var random = SplitMix(seed: 42)
        var variants: [Data] = []
        for payload in payloads {
            let bytes = [UInt8](payload)
            for _ in 0..<perPayload {
                var mutated = bytes
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 5 {
                case 0: mutated.remove(at: at)
                case 1: mutated.insert(contentsOf: Array(inserts[Int(random.next() % UInt64(inserts.count))].utf8), at: at)
                case 2: mutated[at] = UInt8(truncatingIfNeeded: random.next())
                case 3:
                    let text = String(decoding: bytes, as: UTF8.self)
                    mutated = Array(text.replacingOccurrences(of: "\"\(key)\":", with: "\"\(key)\":\"dup\",\"\(key)\":").utf8)
                default: mutated.append(contentsOf: Array(inserts[Int(random.next() % UInt64(inserts.count))].utf8))
                }
                variants.append(Data(mutated))
            }
        }
        return variants
    }

    @Test("every record the registry writes is read directly, with JSONDecoder's value")
    func validRecordsAgree() throws {
        let payloads = try Self.recordedPayloads() + Self.syntheticPayloads()
        #expect(payloads.count >= 120)
        for (index, payload) in payloads.enumerated() {
            let reference = try JSONDecoder().decode(PromotionDecided.self, from: payload)
            let read = CanonicalReader.read(payload, { try PromotionDecided(reading: &$0) })
            #expect(read == reference, "payload \(index): \(String(decoding: payload, as: UTF8.self).prefix(300))")
        }
        // The fixture is not vacuous: overrides were applied and refused, approvals counted.
        let records = try payloads.map { try JSONDecoder().decode(PromotionDecided.self, from: $0) }
        #expect(records.contains { $0.decision.overrides.contains { $0.applied } })
        #expect(records.contains { $0.decision.overrides.contains { $0.problem != nil } })
        #expect(records.contains { $0.decision.outcomes.contains { !($0.approvals?.counted.isEmpty ?? true) } })
    }

    @Test("a record missing a field is refused, as JSONDecoder refuses it")
    func missingFieldsAreRefused() throws {
        let payload = try #require(try Self.recordedPayloads().last)
        let object = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        #expect(object["timeBasis"] != nil, "engine 3 records its time basis")
        for key in object.keys.sorted() {
            var without = object
            without[key] = nil
            let hostile = try JSONSerialization.data(withJSONObject: without, options: [.sortedKeys, .withoutEscapingSlashes])
            // `timeBasis` is optional (engines 1 and 2 did not record it); every other key is required.
            if key != "timeBasis" {
                #expect("without \(key)") { try PromotionDecided.decode(hostile) } throws: { Self.isMissingKey($0) }
            }
            Self.agree(hostile, "without \(key)")
        }
        // Deeper: a rule outcome without its status, a tally without its required count.
        let text = String(decoding: payload, as: UTF8.self)
        for (field, value) in [("\"status\":\"", "\"statuz\":\""), ("\"required\":", "\"requirex\":"), ("\"rule_id\":", "\"rule_ix\":")]
        where text.contains(field) {
            let hostile = Data(text.replacingOccurrences(of: field, with: value).utf8)
            #expect("renamed \(field)") { try PromotionDecided.decode(hostile) } throws: { Self.isMissingKey($0) }
            Self.agree(hostile, "renamed \(field)")
        }
    }

    @Test("hostile variants of valid records: accepted and refused exactly as JSONDecoder does")
    func hostileVariantsAgree() throws {
        let payloads = Array(try Self.recordedPayloads().suffix(6) + Self.syntheticPayloads().prefix(6))
        let variants = Self.hostileVariants(of: payloads, perPayload: 400, repeating: "model")
        #expect(variants.count == 4_800)
        var refused = 0
        for (index, variant) in variants.enumerated() {
            Self.agree(variant, "variant \(index): \(String(decoding: variant, as: UTF8.self).prefix(200))")
            if (try? JSONDecoder().decode(PromotionDecided.self, from: variant)) == nil { refused += 1 }
        }
        // Most variants are invalid, and some are valid: both sides of the agreement are tested.
        #expect(refused > 2_000 && refused < 4_800)
    }
}

/// A small seeded generator (SplitMix64), so the hostile variants are the same in every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
