import Foundation
import Testing

@testable import AttestMetrics

/// Every number agrees with fairlearn 0.15 / scikit-learn / scipy (reference.json, written by
/// scripts/oracles/metrics_reference.py; no Python needed at test time).
@Suite struct AgreementTests {
    static let evaluationNames = Fixtures.entries("evaluations").map { $0["name"] as! String }
    static let driftPairs = Fixtures.entries("drift").indices.map { $0 }

    static func spec(_ json: [String: Any]) -> EvaluationSpec {
        EvaluationSpec(
            task: EvaluationSpec.Task(rawValue: json["task"] as! String)!,
            label: json["label"] as! String, prediction: json["prediction"] as! String,
            score: json["score"] as? String, sensitive: json["sensitive"] as! [String],
            weight: json["weight"] as? String, posLabel: json["posLabel"] as? String)
    }

    @Test("evaluation agrees with fairlearn and scikit-learn", arguments: evaluationNames)
    func evaluation(name: String) throws {
        let entry = Fixtures.entries("evaluations").first { $0["name"] as? String == name }!
        let spec = Self.spec(entry["spec"] as! [String: Any])
        let report = try Evaluator.evaluate(file: Fixtures.path(entry["file"] as! String), spec: spec)
        for (metric, expected) in entry["overall"] as! [String: Any] {
            expectMetric(report.overall[metric], expected, "\(name) overall \(metric)")
        }
        let groupings = entry["groupings"] as! [[String: Any]]
        #expect(report.groupings.count == groupings.count)
        for expectedGrouping in groupings {
            let columns = expectedGrouping["columns"] as! [String]
            let grouping = try #require(report.groupings.first { $0.columns == columns })
            let groups = expectedGrouping["groups"] as! [[String: Any]]
            #expect(grouping.groups.count == groups.count, "\(name) \(columns) group count")
            for expectedGroup in groups {
                let values = expectedGroup["values"] as! [String]
                let group = try #require(grouping.groups.first { $0.values == values }, "\(name) group \(values)")
                for (metric, expected) in expectedGroup["metrics"] as! [String: Any] {
                    expectMetric(group.metrics[metric], expected, "\(name) \(values) \(metric)")
                }
            }
            for expected in expectedGrouping["disparities"] as? [[String: Any]] ?? [] {
                let d = try #require(
                    grouping.disparities.first {
                        $0.name == expected["name"] as! String && $0.method == expected["method"] as! String
                            && $0.aggregation == expected["aggregation"] as? String
                    })
                expectMetric(d.value, expected["value"], "\(name) \(columns) \(d.name) \(d.method) \(d.aggregation ?? "")")
            }
            if let ff = expectedGrouping["four_fifths"] {
                expectMetric(grouping.fourFifths?.ratio, ff, "\(name) \(columns) four-fifths")
            }
        }
    }

    @Test("drift agrees with scipy", arguments: driftPairs)
    func drift(index: Int) throws {
        let entry = Fixtures.entries("drift")[index]
        let columns = (entry["columns"] as! [[String: Any]])
        let report = try DriftAnalyzer.compare(
            referencePath: Fixtures.path(entry["reference"] as! String),
            currentPath: Fixtures.path(entry["current"] as! String), columns: columns.map { $0["name"] as! String })
        for expected in columns {
            let name = expected["name"] as! String
            let column = try #require(report.columns.first { $0.name == name })
            #expect(column.kind.rawValue == expected["kind"] as! String, "\(name) kind")
            #expect(column.bins.count == expected["bins"] as! Int, "\(name) bins")
            for key in ["psi", "js_distance", "ks_statistic", "chi2_statistic"] where expected[key] != nil {
                expectMetric(column.statistics[key], expected[key], "\(entry["current"]!) \(name) \(key)")
            }
            for key in ["ks_pvalue", "chi2_pvalue"] where expected[key] != nil {
                let want = (expected[key] as! NSNumber).doubleValue
                let got = try #require(column.statistics[key]?.value)
                #expect(closePValue(got, want), "\(entry["current"]!) \(name) \(key): \(got) != \(want) (\(column.pValueMethod ?? ""))")
            }
        }
    }

    @Test("Kolmogorov distribution agrees with scipy.stats.kstwo.sf")
    func kolmogorov() {
        for row in Fixtures.reference["kstwo_sf"] as! [[NSNumber]] {
            let n = row[0].intValue
            let x = row[1].doubleValue
            let want = row[2].doubleValue
            let got = KolmogorovDistribution.survival(n: n, x: x)
            #expect(abs(got - want) <= 1e-6 * abs(want) + 1e-13, "kstwo.sf(\(x), \(n)): \(got) != \(want)")
        }
    }

    @Test("chi-square survival agrees with scipy.stats.chi2.sf")
    func chiSquare() {
        for row in Fixtures.reference["chi2_sf"] as! [[NSNumber]] {
            let got = IncompleteGamma.chiSquareSurvival(row[0].doubleValue, dof: row[1].doubleValue)
            #expect(closePValue(got, row[2].doubleValue), "chi2.sf(\(row[0]), \(row[1])): \(got) != \(row[2])")
        }
    }
}
