import Foundation

/// Deterministic synthetic evaluation data for benchmarks and tests.
public enum SyntheticEvaluationData {
    /// The CSV header of ``csv(rows:seed:)``.
    public static let header = "id,sex,age_band,label,score,prediction"

    /// A deterministic binary-classification CSV: `id,sex,age_band,label,score,prediction`
    /// with sex in {F, M}, age_band in {18-29, 30-44, 45-59, 60+}, a 0/1 label, a score with
    /// six decimals whose distribution depends on the label and the groups, and prediction =
    /// score >= 0.5. About 28 bytes per row (1,000,000 rows: about 28 MB).
    /// - Parameters:
    ///   - rows: The number of data rows.
    ///   - seed: The seed of the ``Xoshiro256StarStar`` generator (stream 0).
    /// - Returns: The CSV bytes, LF line endings.
    public static func csv(rows: Int, seed: UInt64 = 42) -> [UInt8] {
        var rng = Xoshiro256StarStar(seed: seed, stream: 0)
        var out: [UInt8] = []
        out.reserveCapacity(rows * 30 + 64)
        out.append(contentsOf: Array((header + "\n").utf8))
        let sexes: [[UInt8]] = [Array("F".utf8), Array("M".utf8)]
        let bands: [[UInt8]] = ["18-29", "30-44", "45-59", "60+"].map { Array($0.utf8) }
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        func appendInt(_ v: Int) {
            if v >= 10 { appendInt(v / 10) }
            out.append(UInt8(0x30 + v % 10))
        }
        for id in 1...max(rows, 1) where rows > 0 {
            let sex = Int(rng.uniform(below: 2))
            let band = Int(rng.uniform(below: 4))
            let base = 0.35 + 0.05 * Double(band) - (sex == 0 ? 0.05 : 0)
            let label = uniform() < base ? 1 : 0
            var logit = (label == 1 ? 0.9 : -0.9) + (sex == 0 ? -0.2 : 0.1) + 0.1 * Double(band)
            logit += 1.3 * (uniform() + uniform() + uniform() - 1.5) * 2
            let score = 1 / (1 + exp(-logit))
            let micro = min(999_999, max(0, Int((score * 1_000_000).rounded())))
            appendInt(id)
            out.append(0x2C)
            out.append(contentsOf: sexes[sex])
            out.append(0x2C)
            out.append(contentsOf: bands[band])
            out.append(0x2C)
            out.append(UInt8(0x30 + label))
            out.append(0x2C)
            out.append(contentsOf: [0x30, 0x2E])
            var digits = [UInt8](repeating: 0x30, count: 6)
            var m = micro
            for k in stride(from: 5, through: 0, by: -1) {
                digits[k] = UInt8(0x30 + m % 10)
                m /= 10
            }
            out.append(contentsOf: digits)
            out.append(0x2C)
            out.append(micro >= 500_000 ? 0x31 : 0x30)
            out.append(0x0A)
        }
        return out
    }

    /// Writes ``csv(rows:seed:)`` to a file.
    /// - Parameters:
    ///   - path: The file to write.
    ///   - rows: The number of data rows.
    ///   - seed: The seed.
    /// - Throws: ``MetricsError`` (`unreadableFile`) when the file cannot be written.
    public static func writeCSV(to path: String, rows: Int, seed: UInt64 = 42) throws {
        do {
            try Data(csv(rows: rows, seed: seed)).write(to: URL(fileURLWithPath: path))
        } catch {
            throw MetricsError(
                .unreadableFile, source: path, message: "cannot write the file (\(error.localizedDescription))",
                hint: "check that the directory exists and is writable")
        }
    }
}
