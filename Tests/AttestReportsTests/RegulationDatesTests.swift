import AttestReports
import Foundation
import Testing

/// Regulation as dated data: each decision cites the requirements in force on its day.
struct RegulationDatesTests {
    static let mapping = try! ReportTemplates.builtIn.mapping()

    static func frameworks(on day: String) -> [String] { mapping.inForce(on: day).map(\.framework) }

    @Test func sr11_7GovernsUntil16April2026AndSR26_2From17April() {
        #expect(Self.frameworks(on: "2026-04-16").contains("sr-11-7"))
        #expect(!Self.frameworks(on: "2026-04-16").contains("sr-26-2"))
        #expect(Self.frameworks(on: "2026-04-17").contains("sr-26-2"))
        #expect(!Self.frameworks(on: "2026-04-17").contains("sr-11-7"))
        #expect(!Self.frameworks(on: "2011-04-03").contains("sr-11-7"))
    }

    @Test func theEUAIActsHighRiskRequirementsApplyFrom2December2027AsTheOmnibusMovedThem() throws {
        #expect(!Self.frameworks(on: "2026-08-02").contains("eu-ai-act"), "the Digital Omnibus moved the first date")
        #expect(!Self.frameworks(on: "2027-12-01").contains("eu-ai-act"), "in force, but none of its cited requirements applies yet")
        let cited = try #require(Self.mapping.inForce(on: "2027-12-02").first { $0.framework == "eu-ai-act" })
        #expect(cited.requirements.contains("Art. 12(1)") && cited.name == "EU AI Act")
        let framework = try #require(Self.mapping.frameworks.first { $0.id == "eu-ai-act" })
        // Each date says what it rests on: the amendment, the Annex I date, and the Official Journal.
        #expect(
            framework.requirements.allSatisfy {
                $0.dateNote?.contains("Official Journal") == true && $0.dateNote?.contains("2 August 2028") == true
                    && $0.dateNote?.contains("29 June 2026") == true
            })
    }

    @Test func sr26_2IsNamedAsTheLetterNamesItself() throws {
        let framework = try #require(Self.mapping.frameworks.first { $0.id == "sr-26-2" })
        #expect(framework.name.hasPrefix("SR 26-2: Revised Guidance on Model Risk Management"))
        #expect(framework.note?.contains("supersedes SR 11-7") == true && framework.note?.contains("SR 21-8") == true)
    }

    @Test func eachDecisionInAReportCitesTheRequirementsOfItsDay() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        #expect(!report.decisions.isEmpty)
        for decision in report.decisions {
            #expect(decision.regulation == Self.mapping.inForce(on: String(decision.time.prefix(10))))
            #expect(decision.regulation.map(\.framework).contains("sr-26-2") && !decision.regulation.map(\.framework).contains("sr-11-7"))
        }
        let sr117 = try #require(report.regulatory.first { $0.id == "sr-11-7" })
        #expect(!sr117.inForce && sr117.until == "2026-04-16")
        let html = try ReportRenderer().render(report, as: .html)
        #expect(html.contains("Requirements in force then: EU AI Act: Art. 12(1)"))
        #expect(html.contains("not in force on the report&#39;s date") || html.contains("not in force on the report's date"))
    }

    @Test func aMalformedDateIsRefusedNamingTheFileAndFramework() throws {
        var text = try String(
            contentsOf: ReportScenario.packageRoot.appendingPathComponent("reports/regulatory-mapping.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"until\": \"2026-04-16\"", with: "\"until\": \"16/04/2026\"")
        let error = #expect(throws: ReportError.self) { try RegulatoryMapping(json: Data(text.utf8), source: "mapping.json") }
        #expect(
            error?.message.hasPrefix("mapping.json: sr-11-7: date '16/04/2026' must be YYYY-MM-DD") == true, "\(String(describing: error))")
    }
}
