import AttestLedger
import AttestPolicy
import Foundation
import Testing

@testable import AttestRegistry

/// Registrations and deployments are read without `JSONDecoder` in rebuild and `verify`
/// (``CanonicalReader``): the same values on valid payloads, the same refusals on hostile ones.
@Suite("Registry: the registration and deployment readers agree with JSONDecoder")
struct ModelEventReadingTests {
    static func registrations() throws -> [Data] {
        var random = SplitMix(seed: 3)
        let values: [TypedValue] = [
            .bool(true), .bool(false), .number(0), .number(1), .number(-2.5e-7), .number(6), .string("true"), .string("1"),
            .string("é \"q\" \\ /"), .string(""),
        ]
        var payloads: [Data] = []
        for index in 0..<40 {
            let value = values[index % values.count]
            let registration = VersionRegistered(
                model: "credit-\(index)", version: index,
                artifacts: [FileRecord(name: "model.bin", digest: "sha256:ab", size: Int64(random.next() >> 1), isFolder: index % 2 == 0)],
                datasets: index % 3 == 0 ? [] : [FileRecord(name: "test.csv", digest: "sha256:cd", size: 0, role: "test")],
                code: index % 2 == 0
                    ? nil : CodeReference(repository: "https://git.example/x", commit: "9f1c", dirty: index % 4 == 1 ? nil : true),
                params: ["max_depth": value, "名前": .number(Double(index))], metrics: index % 5 == 0 ? [:] : ["auc": value],
                parent: index % 2 == 0 ? nil : index - 1, framework: index % 3 == 0 ? nil : "xgboost",
                description: index % 4 == 0 ? nil : "line\nbreak")
            payloads.append(try JSONEncoder.sorted.encode(registration))
        }
        // What the CLI writes, through a real registry.
        let world = try GovernanceWorld()
        _ = try world.registerVersion(tag: "a")
        _ = try world.registerVersion(tag: "b")
        payloads += try world.registry.ledger.entries(types: [EventType.versionRegistered]).map { Data($0.payload) }
        return payloads
    }

    static func deployments() throws -> [Data] {
        try [0.0, 100, 12.5, 1e-3].enumerated().map { index, traffic in
            try JSONEncoder.sorted.encode(Deployed(model: "m\(index)", version: index, environment: "prod-\(index)", traffic: traffic))
        } + [Data(#"{"environment":"prod","model":"credit-scoring","traffic":0,"version":9}"#.utf8)]
    }

    @Test("every registration and deployment is read directly, with JSONDecoder's value")
    func validPayloadsAgree() throws {
        for (index, payload) in try Self.registrations().enumerated() {
            let read = CanonicalReader.read(payload, { try VersionRegistered(reading: &$0) })
            #expect(read == (try JSONDecoder().decode(VersionRegistered.self, from: payload)), "registration \(index)")
        }
        for (index, payload) in try Self.deployments().enumerated() {
            let read = CanonicalReader.read(payload, { try Deployed(reading: &$0) })
            #expect(read == (try JSONDecoder().decode(Deployed.self, from: payload)), "deployment \(index)")
        }
    }

    @Test("hostile variants: accepted and refused exactly as JSONDecoder does")
    func hostileVariantsAgree() throws {
        let registrations = PromotionDecidedReadingTests.hostileVariants(
            of: Array(try Self.registrations().prefix(12)), perPayload: 300, repeating: "model")
        for (index, variant) in registrations.enumerated() {
            PromotionDecidedReadingTests.agree(VersionRegistered.self, variant, "registration variant \(index)")
        }
        let deployments = PromotionDecidedReadingTests.hostileVariants(of: try Self.deployments(), perPayload: 300, repeating: "traffic")
        for (index, variant) in deployments.enumerated() {
            PromotionDecidedReadingTests.agree(Deployed.self, variant, "deployment variant \(index)")
        }
        // A missing field is refused by both; an unknown one accepted by both.
        for hostile in [#"{"environment":"prod","model":"m","version":1}"#, #"{"environment":"prod","model":"m","traffic":0}"#] {
            #expect { try Deployed.decode(Data(hostile.utf8)) } throws: { PromotionDecidedReadingTests.isMissingKey($0) }
        }
        let extra = Data(#"{"environment":"prod","model":"m","traffic":0,"version":1,"zone":"x"}"#.utf8)
        #expect(try Deployed.decode(extra) == (try JSONDecoder().decode(Deployed.self, from: extra)))
    }
}
