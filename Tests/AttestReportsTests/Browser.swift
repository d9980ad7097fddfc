import Foundation

/// Runs the scripts under `scripts/browser` and the poppler tools the browser tests need.
enum Browser {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    static let poppler =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo")

    /// Runs `executable` with `arguments`; returns its exit status and standard output (and error).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// A new temporary folder.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attest-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The boxes `scripts/browser/measure.sh` reports: name → (top, bottom, width) in CSS pixels.
    static func measure(_ page: URL, width: Int, height: Int, ids: [String]) throws -> [String: (top: Int, bottom: Int, width: Int)] {
        let script = ReportScenario.packageRoot.appendingPathComponent("scripts/browser/measure.sh").path
        let result = try run("/bin/bash", [script, page.path, String(width), String(height)] + ids)
        guard result.status == 0 else { throw ScenarioError("measure.sh failed (\(result.status)): \(result.output)") }
        var boxes: [String: (top: Int, bottom: Int, width: Int)] = [:]
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, let top = Int(fields[1]), let bottom = Int(fields[2]), let wide = Int(fields[3]) else { continue }
            boxes[String(fields[0])] = (top, bottom, wide)
        }
        return boxes
    }
}
