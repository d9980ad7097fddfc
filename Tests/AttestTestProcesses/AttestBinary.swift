import Foundation

/// The built `attest` executable that the tests start as a child process.
public enum AttestBinary {
    /// `attest` beside the test bundle's runner, or `.build/debug/attest` of this checkout.
    public static func locate() -> URL? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("attest"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/attest"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
