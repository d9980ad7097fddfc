import Foundation
import Testing

@testable import AttestMetrics

@Suite struct DriftTests {
    @Test(
        "PSI bands", arguments: [(0.0, DriftBand.stable), (0.0999, .stable), (0.1, .moderate), (0.25, .moderate), (0.2501, .significant)])
    func bands(psi: Double, band: DriftBand) {
        #expect(DriftBand.of(psi: psi) == band)
    }

    @Test("identical samples do not drift")
    func identical() throws {
        let values = (0..<500).map { Double($0 % 37) }
        let table = try DataTable.read(
            bytes: Array(("x\n" + values.map { "\($0)" }.joined(separator: "\n")).utf8), source: "r", format: .csv,
            columns: [ColumnRequest("x", .numeric)])
        let report = try DriftAnalyzer.compare(reference: table, current: table, columns: ["x"])
        let x = report.columns[0]
        #expect(x.statistics["psi"] == .defined(0))
        #expect(x.statistics["ks_statistic"] == .defined(0))
        #expect(x.statistics["ks_pvalue"] == .defined(1))
        #expect(x.statistics["js_distance"] == .defined(0))
        #expect(x.band == .stable)
    }

    @Test("empty bins use 1e-4 in the PSI")
    func zeroShares() {
        let psi = PopulationStability.psi(reference: [10, 0], current: [5, 5])
        let first: Double = (0.5 - 1.0) * Foundation.log(0.5)
        let expected: Double = first + (0.5 - 1e-4) * Foundation.log(0.5 / 1e-4)
        #expect(abs(psi.value! - expected) < 1e-15)
    }

    @Test("an empty bin of the current data uses 1e-4 in the PSI too")
    func zeroCurrentShare() {
        let psi = PopulationStability.psi(reference: [5, 5], current: [10, 0])
        let expected: Double = (1.0 - 0.5) * Foundation.log(1.0 / 0.5) + (1e-4 - 0.5) * Foundation.log(1e-4 / 0.5)
        #expect(abs(psi.value! - expected) < 1e-15)
    }

    @Test("categorical drift with a new category")
    func newCategory() throws {
        let r = try DataTable.read(
            bytes: Array("c\na\nb\na\n".utf8), source: "r", format: .csv, columns: [ColumnRequest("c", .categorical)])
        let c = try DataTable.read(bytes: Array("c\na\nz\n\n".utf8), source: "c", format: .csv, columns: [ColumnRequest("c", .categorical)])
        let report = try DriftAnalyzer.compare(reference: r, current: c, columns: ["c"])
        #expect(report.columns[0].bins.map(\.label) == ["a", "b", "z"])
        #expect(report.columns[0].statistics["chi2_pvalue"]?.value != nil)
    }

    @Test("a column numeric on one side only is an error")
    func mixedKinds() throws {
        let r = try DataTable.read(bytes: Array("c\n1\n".utf8), source: "r", format: .csv, columns: [ColumnRequest("c", .auto)])
        let c = try DataTable.read(bytes: Array("c\nx\n".utf8), source: "c", format: .csv, columns: [ColumnRequest("c", .auto)])
        let error = #expect(throws: MetricsError.self) { try DriftAnalyzer.compare(reference: r, current: c, columns: ["c"]) }
        #expect(error?.code == .invalidSpecification)
        #expect(error?.message == "column 'c' is numeric in one data set and categorical in the other")
    }
}
