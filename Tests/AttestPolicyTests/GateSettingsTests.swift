import AttestPolicy
import Foundation
import Testing

/// `environments` and `protected_aliases` in settings.yaml (docs/policy.md, "Deployments and aliases").
@Suite("Deployment and alias settings")
struct GateSettingsTests {
    static let rule = policy("  - {id: r, kind: stage_transition, from: [staging]}")

    @Test("environments keep file order and the first matching glob decides; aliases are listed")
    func parsesInFileOrder() throws {
        let set = try loadSet(
            Self.rule,
            settings: """
                environments:
                  "prod-eu-canary": staging
                  "prod-*": production
                  "dev-?": development
                protected_aliases: [champion, gold]
                """)
        let settings = set.settings
        #expect(settings.environments.map(\.pattern) == ["prod-eu-canary", "prod-*", "dev-?"])
        #expect(settings.environmentRule(for: "prod-eu-canary")?.stage == "staging")
        #expect(settings.environmentRule(for: "prod-us")?.stage == "production")
        #expect(settings.environmentRule(for: "prod-")?.stage == "production")
        #expect(settings.environmentRule(for: "preprod-us") == nil, "a glob matches the whole name")
        #expect(settings.environmentRule(for: "dev-1")?.stage == "development")
        #expect(settings.environmentRule(for: "dev-12") == nil)
        #expect(settings.isProtected(alias: "gold") && !settings.isProtected(alias: "challenger"))
    }

    @Test("without the keys nothing is declared and nothing is protected")
    func defaultsDeclareNothing() throws {
        let settings = try loadSet(Self.rule, settings: "stages: [development, staging, production, archived]\n").settings
        #expect(settings.environments.isEmpty && settings.protectedAliases.isEmpty)
        #expect(settings.environmentRule(for: "prod-us") == nil)
    }

    @Test(
        "malformed environments and protected aliases name the place",
        arguments: [
            ("environments: {\"prod-*\": prod}\n", PolicyError.Code.invalidValue, 1, "unknown stage 'prod'"),
            ("environments: {\"prod us\": production}\n", .invalidValue, 1, "environment glob 'prod us'"),
            ("environments: {\"prod-*\": ~}\n", .wrongType, 1, "must name the stage"),
            ("environments: [prod-us]\n", .wrongType, 1, "must be a mapping"),
            ("protected_aliases: [champion, champion]\n", .invalidValue, 1, "listed twice"),
            ("protected_aliases: [\"bad alias\"]\n", .invalidValue, 1, "protected alias 'bad alias'"),
            ("stages: [development, staging]\nprotected_aliases: [champion]\n", .invalidValue, 2, "not among 'stages'"),
            (
                "stages: [development, staging]\nenvironments: {\"prod-*\": development}\npublication_quorum: 1\n", .invalidValue, 3,
                "a set that declares environments or protected aliases must be at least 2"
            ),
            ("publication_quorum: 1\n", .invalidValue, 1, "a set that governs production must be at least 2"),
        ])
    func malformed(_ settings: String, _ code: PolicyError.Code, _ line: Int, _ text: String) throws {
        let error = policyError { _ = try loadSet(Self.rule, settings: settings) }
        #expect(error?.code == code, "\(String(describing: error))")
        #expect(error?.location.path == "settings.yaml")
        #expect(error?.location.line == line)
        #expect(error?.message.contains(text) == true, "\(String(describing: error?.message))")
    }

    @Test("a set that neither governs production nor declares what may serve may be changed by one person")
    func quorumOfOneWithoutServingGates() throws {
        let toStaging = "name: s\napplies_to: {target_stage: staging}\nrules:\n  - {id: r, kind: stage_transition, from: [development]}\n"
        let settings = try loadSet(toStaging, settings: "stages: [development, staging]\npublication_quorum: 1\n").settings
        #expect(settings.publicationQuorum == 1 && !settings.needsSecondPerson)
    }

    @Test("the glob matcher: '*' any run, '?' one character, everything else itself")
    func globs() {
        func match(_ pattern: String, _ name: String) -> Bool { EnvironmentRule(pattern: pattern, stage: "production").matches(name) }
        #expect(match("*", "") && match("*", "anything"))
        #expect(match("a*b*c", "aXXbYYc") && !match("a*b*c", "aXXbYY"))
        #expect(match("*-us", "prod-us") && !match("*-us", "prod-us-2"))
        #expect(match("p?od", "prod") && !match("p?od", "pod"))
        #expect(!match("prod", "prod2") && !match("prod", "Prod"))
        // Many stars on a long non-matching name stay fast (no exponential backtracking).
        #expect(!match(String(repeating: "*a", count: 30) + "b", String(repeating: "a", count: 5_000)))
    }
}
