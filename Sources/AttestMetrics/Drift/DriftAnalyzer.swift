/// Compares the distribution of columns between a reference and a current data set.
///
/// Numeric columns: PSI and JS distance over the reference's decile bins
/// (``PopulationStability/decileEdges(sortedReference:)``), and the two-sample KS test.
/// Categorical columns: PSI and JS distance over the union of categories (sorted), and the
/// chi-square test of the 2 x K table of counts. Missing values are ignored and counted.
public enum DriftAnalyzer {
    /// Compares columns of two tables.
    /// - Parameters:
    ///   - reference: The reference table.
    ///   - current: The current table.
    ///   - columns: The columns to compare (each read in both tables).
    /// - Returns: The report.
    /// - Throws: ``MetricsError`` when a column is missing, numeric on one side only, or has
    ///   no values on a side.
    public static func compare(reference: DataTable, current: DataTable, columns: [String]) throws -> DriftReport {
        var out: [ColumnDrift] = []
        for name in columns {
            let r = try reference.column(name)
            let c = try current.column(name)
            switch (r, c) {
            case (.numeric(let a), .numeric(let b)):
                out.append(try numeric(name, a.values, b.values, reference: reference, current: current))
            case (.categorical(let a), .categorical(let b)):
                out.append(try categorical(name, a, b, reference: reference, current: current))
            default:
                throw MetricsError(
                    .invalidSpecification, source: current.source, column: name,
                    message: "column '\(name)' is numeric in one data set and categorical in the other",
                    hint: "read both as categorical, or fix the non-numeric values")
            }
        }
        return DriftReport(
            reference: reference.source, current: current.source, referenceRows: reference.rowCount,
            currentRows: current.rowCount, columns: out)
    }

    /// Reads two files and compares columns; each column is numeric when every value in both
    /// files is a number, otherwise categorical.
    /// - Parameters:
    ///   - referencePath: The reference file (CSV or JSON Lines).
    ///   - currentPath: The current file.
    ///   - columns: The columns to compare.
    /// - Returns: The report.
    /// - Throws: ``MetricsError`` for unreadable or malformed files, or as
    ///   ``compare(reference:current:columns:)``.
    public static func compare(referencePath: String, currentPath: String, columns: [String]) throws -> DriftReport {
        var requests = columns.map { ColumnRequest($0, .auto) }
        var reference = try DataTable.read(contentsOf: referencePath, columns: requests)
        var current = try DataTable.read(contentsOf: currentPath, columns: requests)
        let mixed = columns.filter { name in
            if case .numeric = reference.columns[name], case .numeric = current.columns[name] { return false }
            if case .categorical = reference.columns[name], case .categorical = current.columns[name] { return false }
            return true
        }
        if !mixed.isEmpty {
            requests = columns.map { ColumnRequest($0, mixed.contains($0) ? .categorical : .auto) }
            reference = try DataTable.read(contentsOf: referencePath, columns: requests)
            current = try DataTable.read(contentsOf: currentPath, columns: requests)
        }
        return try compare(reference: reference, current: current, columns: columns)
    }

    private static func emptyError(_ name: String, _ table: DataTable) -> MetricsError {
        MetricsError(
            .noRows, source: table.source, column: name, message: "column '\(name)' has no non-missing values",
            hint: "check the column and the file")
    }

    static func numeric(_ name: String, _ a: [Double], _ b: [Double], reference: DataTable, current: DataTable) throws -> ColumnDrift {
        let ref = a.filter { !$0.isNaN }
        let cur = b.filter { !$0.isNaN }
        guard !ref.isEmpty else { throw emptyError(name, reference) }
        guard !cur.isEmpty else { throw emptyError(name, current) }
        let sorted = ref.sorted()
        let edges = PopulationStability.decileEdges(sortedReference: sorted)
        let rc = PopulationStability.binCounts(ref, edges: edges)
        let cc = PopulationStability.binCounts(cur, edges: edges)
        let psi = PopulationStability.psi(reference: rc, current: cc)
        let ks = KolmogorovSmirnovTest.test(ref, cur)
        var bins: [DriftBin] = []
        for i in 0...edges.count {
            let low = i == 0 ? "-inf" : "\(edges[i - 1])"
            let high = i == edges.count ? "inf)" : "\(edges[i])]"
            bins.append(DriftBin(label: "(\(low), \(high)", referenceCount: Int(rc[i]), currentCount: Int(cc[i])))
        }
        return ColumnDrift(
            name: name, kind: .numeric, referenceCount: ref.count, currentCount: cur.count,
            referenceMissing: a.count - ref.count, currentMissing: b.count - cur.count,
            statistics: [
                "psi": psi, "ks_statistic": .defined(ks.statistic), "ks_pvalue": .defined(ks.pValue),
                "js_distance": PopulationStability.jensenShannonDistance(rc, cc),
            ],
            band: psi.value.map { DriftBand.of(psi: $0) }, bins: bins, pValueMethod: ks.method)
    }

    static func categorical(
        _ name: String, _ a: CategoricalColumn, _ b: CategoricalColumn, reference: DataTable, current: DataTable
    ) throws -> ColumnDrift {
        var refCounts: [String: Double] = [:]
        var curCounts: [String: Double] = [:]
        var refLevelCounts = [Double](repeating: 0, count: a.levels.count)
        var curLevelCounts = [Double](repeating: 0, count: b.levels.count)
        var refMissing = 0
        var curMissing = 0
        for code in a.codes { if code < 0 { refMissing += 1 } else { refLevelCounts[Int(code)] += 1 } }
        for code in b.codes { if code < 0 { curMissing += 1 } else { curLevelCounts[Int(code)] += 1 } }
        for (i, level) in a.levels.enumerated() where refLevelCounts[i] > 0 { refCounts[level, default: 0] += refLevelCounts[i] }
        for (i, level) in b.levels.enumerated() where curLevelCounts[i] > 0 { curCounts[level, default: 0] += curLevelCounts[i] }
        guard !refCounts.isEmpty else { throw emptyError(name, reference) }
        guard !curCounts.isEmpty else { throw emptyError(name, current) }
        let categories = Set(refCounts.keys).union(curCounts.keys).sorted()
        let rc = categories.map { refCounts[$0] ?? 0 }
        let cc = categories.map { curCounts[$0] ?? 0 }
        let psi = PopulationStability.psi(reference: rc, current: cc)
        var statistics: [String: MetricValue] = [
            "psi": psi, "js_distance": PopulationStability.jensenShannonDistance(rc, cc),
        ]
        if let chi = ChiSquareContingency.test(reference: rc, current: cc) {
            statistics["chi2_statistic"] = .defined(chi.statistic)
            statistics["chi2_pvalue"] = .defined(chi.pValue)
        }
        return ColumnDrift(
            name: name, kind: .categorical, referenceCount: a.codes.count - refMissing,
            currentCount: b.codes.count - curMissing, referenceMissing: refMissing, currentMissing: curMissing,
            statistics: statistics, band: psi.value.map { DriftBand.of(psi: $0) },
            bins: categories.indices.map { DriftBin(label: categories[$0], referenceCount: Int(rc[$0]), currentCount: Int(cc[$0])) },
            pValueMethod: "chi2_contingency")
    }
}
