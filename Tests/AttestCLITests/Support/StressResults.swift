import Foundation

/// Where the catalogue tests leave their totals for `make stress` (`ATTEST_STRESS_RESULTS`).
enum StressResults {
    static func write(_ object: [String: Int], name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["ATTEST_STRESS_RESULTS"], !folder.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }
}
