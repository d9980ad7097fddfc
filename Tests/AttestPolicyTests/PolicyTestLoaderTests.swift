import AttestPolicy
import Foundation
import Testing

func testFile(_ yaml: String) -> PolicySourceFile {
    PolicySourceFile(path: "tests/t.yaml", bytes: Data(yaml.utf8))
}

let minimalFacts = """
    defaults:
      facts:
        model: {name: m, owner: o, risk_tier: high}
        version: {number: 1, registrant: r, stage: staging, stage_entered_at: 2026-03-01T00:00:00Z}
        request: {requester: q, target_stage: production, time: 2026-03-10T00:00:00Z}
        approvals: [{actor: v, roles: [validator], time: 2026-03-05T00:00:00Z, seq: 5}]
    """

@Suite("Policy test files")
struct PolicyTestLoaderTests {
    @Test("cases merge over defaults and run")
    func mergeAndRun() throws {
        let cases = try PolicyTestLoader.load(
            file: testFile(
                minimalFacts + """

                    cases:
                      - name: soaked
                        facts: {}
                        expect: {result: allow, rules: {a: pass}}
                      - name: fresh
                        facts:
                          version: {stage_entered_at: 2026-03-09T12:00:00Z}
                        expect: {result: deny, rules: {a: fail}}
                      - name: wrong expectation
                        facts: {}
                        expect: {result: deny, rules: {a: fail, ghost: pass}}
                    """))
        #expect(cases.map(\.name) == ["soaked", "fresh", "wrong expectation"])
        #expect(cases[1].facts.version.registrant == "r")
        let set = try loadSet(policy("  - {id: a, kind: cooldown, min_duration: 1d}"))
        let results = PolicyTestRunner.run(set: set, cases: cases)
        #expect(results.map(\.passed) == [true, true, false])
        #expect(results[2].mismatches.count == 3)
        #expect(results[2].mismatches[0].hasPrefix("tests/t.yaml:"))
        #expect(PolicyTestSummary(results).description == "2 passed, 1 failed")
    }

    @Test("a null in a case removes the default's key")
    func nullRemoves() throws {
        let cases = try PolicyTestLoader.load(
            file: testFile(
                minimalFacts.replacingOccurrences(
                    of: "risk_tier: high}", with: "risk_tier: high, tags: {a: b}}") + """

                        cases:
                          - name: c
                            facts: {model: {tags: null}}
                            expect: {result: allow}
                        """))
        #expect(cases[0].facts.model.tags.isEmpty)
    }

    @Test(
        "errors in test files carry file, line and column",
        arguments: [
            ("cases:\n  - name: a\n    facts: {}\n    expct: {result: allow}\n", PolicyError.Code.unknownKey, 4, 5),
            ("cases:\n  - name: a\n    facts: {}\n    expect: {result: maybe}\n", .invalidValue, 4, 22),
            ("cases:\n  - name: a\n    facts: {}\n    expect: {rules: {x: passed}}\n", .invalidValue, 4, 25),
            (
                "cases:\n  - name: a\n    facts:\n      model: {name: m, owner: o, risk_tier: huge}\n    expect: {result: allow}\n",
                .invalidFacts, 4, 45
            ),
            (
                "cases:\n  - name: a\n    facts:\n      model: {name: m, owner: o, risk_tier: low, colour: red}\n    expect: {result: allow}\n",
                .invalidFacts, 4, 50
            ),
            (
                "cases:\n  - name: a\n    facts:\n      model: {name: m, owner: o}\n    expect: {result: allow}\n",
                .invalidFacts, 4, 14
            ),
            ("cases:\n  - name: a\n    facts: {}\n    expect: {}\n", .missingKey, 4, 13),
            ("cases: []\n", .wrongType, 1, 8),
        ])
    func errors(_ yaml: String, _ code: PolicyError.Code, _ line: Int, _ column: Int) {
        let error = policyError { _ = try PolicyTestLoader.load(file: testFile(yaml)) }
        #expect(error?.code == code, "\(error?.description ?? "no error")")
        #expect(
            error?.location == SourceLocation(path: "tests/t.yaml", line: line, column: column),
            "\(error?.description ?? "no error")")
    }

    @Test("a bad time in facts points at the value")
    func badTime() {
        let yaml =
            minimalFacts.replacingOccurrences(of: "time: 2026-03-10T00:00:00Z", with: "time: next tuesday") + """

                cases:
                  - {name: a, facts: {}, expect: {result: allow}}
                """
        let error = policyError { _ = try PolicyTestLoader.load(file: testFile(yaml)) }
        #expect(error?.code == .invalidFacts)
        #expect(error?.location.line == 5)
        #expect(error?.message.contains("facts.request.time") == true, "\(error?.description ?? "")")
    }
}
