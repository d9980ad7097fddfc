import AttestLedger
import AttestMetrics
import AttestPolicy
import Foundation
import Testing

@testable import AttestRegistry

/// A decision reads evaluation payloads with ``CanonicalReader``, skipping what the gates do
/// not use: the same value as `JSONDecoder` on every recorded payload, and on hostile variants
/// either the same value or a decline that leaves the payload to `JSONDecoder`.
@Suite("Registry: the gated evaluation reader agrees with JSONDecoder")
struct GatedEvaluationReadingTests {
    /// Payloads recorded by `Registry.evaluate`: with a bootstrap (intervals, curves) and
    /// without; then the first with two metrics made undefined (`{"undefined": reason}`).
    static func recordedPayloads() throws -> [Data] {
        let world = try EvaluationWorld()
        defer { try? FileManager.default.removeItem(at: world.folder) }
        var spec = EvaluationWorld.spec
        spec.bootstrap = BootstrapSpec(replicates: 20, seed: 5)
        _ = try world.registry.evaluate(model: EvaluationWorld.model, version: 1, file: world.testFile, spec: spec, by: world.scientist)
        let small = try world.synthetic("small.csv", rows: 45, seed: 9)
        _ = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: small, spec: EvaluationWorld.spec, datasetRole: "validation",
            by: world.scientist)
        let recorded = try world.registry.ledger.entries(types: [EventType.evaluationRecorded]).map { Data($0.payload) }
        var text = String(decoding: recorded[0], as: UTF8.self)
        // The report's own `overall` (keys are sorted: it follows `minGroupSize`; the curves have
        // an `overall` too).
        let after = try #require(text.range(of: #""minGroupSize":"#))
        let overall = try #require(text.range(of: #""overall":{"#, range: after.upperBound..<text.endIndex))
        for name in ["recall", "roc_auc"] {
            guard let key = text.range(of: "\"\(name)\":", range: overall.upperBound..<text.endIndex) else { continue }
            let end = text[key.upperBound...].firstIndex { $0 == "," || $0 == "}" } ?? text.endIndex
            text.replaceSubrange(key.upperBound..<end, with: #"{"undefined":"no positive labels"}"#)
        }
        return recorded + [Data(text.utf8)]
    }

    @Test("every recorded evaluation is read directly, with JSONDecoder's value")
    func recordedPayloadsAgree() throws {
        let payloads = try Self.recordedPayloads()
        #expect(payloads.count == 3)
        for (index, payload) in payloads.enumerated() {
            let read = CanonicalReader.read(payload, { try GatedEvaluation(reading: &$0) })
            let reference = try JSONDecoder().decode(GatedEvaluation.self, from: payload)
            #expect(read == reference, "payload \(index)")
            #expect(!reference.report.groupings.isEmpty)
        }
        let report = try JSONDecoder().decode(GatedEvaluation.self, from: payloads[2]).report
        let undefined = (Array(report.overall.values) + report.groupings.flatMap(\.groups).flatMap(\.metrics.values))
            .filter { $0.undefinedReason == "no positive labels" }
        #expect(undefined.count == 2, "two metrics made undefined")
    }

    @Test("hostile variants: accepted and refused exactly as JSONDecoder does")
    func hostileVariantsAgree() throws {
        let variants = PromotionDecidedReadingTests.hostileVariants(of: try Self.recordedPayloads(), perPayload: 400, repeating: "label")
        for (index, variant) in variants.enumerated() {
            PromotionDecidedReadingTests.agree(GatedEvaluation.self, variant, "variant \(index)")
        }
    }

    @Test("what JSONDecoder reads differently from a naive parser is declined: a repeated key, -0, null")
    func ambiguousFormsAreDeclined() throws {
        let base = #"{"data":{"digest":"sha256:ab"},"datasetRole":"test","report":{"groupings":[],"overall":{"auc":0.5}}}"#
        let cases = [
            // JSONDecoder keeps the first of two equal keys.
            base.replacingOccurrences(of: #"{"auc":0.5}"#, with: #"{"auc":0.5,"auc":0.9}"#),
            base.replacingOccurrences(of: #""datasetRole":"test""#, with: #""datasetRole":"test","datasetRole":"train""#),
            base.replacingOccurrences(of: "0.5", with: "-0"),
            base.replacingOccurrences(of: "0.5", with: "null"),
        ]
        for text in cases {
            let payload = Data(text.utf8)
            #expect(CanonicalReader.read(payload, { try GatedEvaluation(reading: &$0) }) == nil, "\(text)")
            PromotionDecidedReadingTests.agree(GatedEvaluation.self, payload, "\(text)")
        }
        #expect(try GatedEvaluation.decode(Data(cases[0].utf8)).report.overall["auc"] == .defined(0.5))
        // Fields the gates do not read are skipped, nested ones included; a gated one is read.
        let extra = base.replacingOccurrences(
            of: #""datasetRole":"test""#, with: #""curves":{"roc":[{"x":0,"y":1e-05},[true,"\u00e9"]]},"datasetRole":"test""#)
        let read = try #require(CanonicalReader.read(Data(extra.utf8), { try GatedEvaluation(reading: &$0) }))
        #expect(read == (try JSONDecoder().decode(GatedEvaluation.self, from: Data(extra.utf8))))
        // Numbers nobody reads are checked for their grammar only, as JSONDecoder leaves them.
        let huge = base.replacingOccurrences(
            of: #""datasetRole":"test""#, with: #""curves":[1e999,-1e-999,99999999999999999999],"datasetRole":"test""#)
        let hugeRead = try #require(CanonicalReader.read(Data(huge.utf8), { try GatedEvaluation(reading: &$0) }))
        #expect(hugeRead == (try JSONDecoder().decode(GatedEvaluation.self, from: Data(huge.utf8))))
        #expect(
            CanonicalReader.read(Data(huge.replacingOccurrences(of: "1e999", with: "1e").utf8), { try GatedEvaluation(reading: &$0) })
                == nil)
    }
}
