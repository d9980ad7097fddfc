import AttestLedger
import Foundation
import Testing

@testable import AttestReports

/// `verify-bundle` streams the file: its memory does not grow with the file's size, a file over
/// the size cap is refused before it is read, a member over the member cap at its header, and
/// the checksum field is written as docs/bundles.md says.
@Suite(.serialized) struct BundleStreamingTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The peak and current resident set of this process, in bytes (`VmHWM`, `VmRSS`).
    static func memory() -> (peak: Int, now: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0)
                * 1024
        }
        return (field("VmHWM"), field("VmRSS"))
    }

    /// A file of `size` bytes in a new temporary folder, made sparse (no disk used), starting with `prefix`.
    static func file(size: Int, prefix: [UInt8]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("big.bundle")
        FileManager.default.createFile(atPath: url.path, contents: Data(prefix))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return url
    }

    static let key = try! Signer(name: "stream.example/log", key: .generate()).verifierKey

    @Test("a 1 GiB bundle whose first member claims 1 GiB is refused at its header, in bounded memory")
    func oversizedMemberIsRefusedAtItsHeader() throws {
        let size = 1 << 30
        let url = try Self.file(size: size, prefix: Tar.header(name: BundleFormat.manifestPath, size: size - 2048))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let before = Self.memory()
        let report = try BundleVerifier(logKey: Self.key).verify(file: url)
        let after = Self.memory()
        #expect(!report.isValid)
        #expect(report.failures.first?.contains("a bundle member holds at most 33554432 bytes") == true, "\(report.failures)")
        // Reading the member (as reading the whole file did) would raise the peak by a gigabyte.
        #expect(after.peak <= max(before.peak, before.now + 64 << 20), "peak \(before.peak) -> \(after.peak)")
    }

    @Test("a 1 GiB file of zeros and garbage fails at its first blocks, in bounded memory")
    func garbageFailsEarly() throws {
        let garbage = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        for prefix in [garbage, []] {
            let url = try Self.file(size: 1 << 30, prefix: prefix)
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let before = Self.memory()
            let report = try BundleVerifier(logKey: Self.key).verify(file: url)
            let after = Self.memory()
            #expect(report.failures.first?.hasPrefix("tar structure") == true, "\(report.failures)")
            #expect(after.peak <= max(before.peak, before.now + 64 << 20), "peak \(before.peak) -> \(after.peak)")
        }
    }

    @Test("a file larger than the cap is refused before it is read (exit 2), unless the cap is raised")
    func sizeCap() throws {
        let url = try Self.file(size: BundleVerifier.maximumBundleBytes + 1, prefix: [])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect {
            try BundleVerifier(logKey: Self.key).verify(file: url)
        } throws: { error in
            let error = error as? ReportError
            return error?.code == .badInput && error?.exitCode == 2
                && error?.message.contains("is 1073741825 bytes; verify-bundle reads at most 1073741824 bytes") == true
        }
        let raised = try BundleVerifier(logKey: Self.key).verify(file: url, maximumBytes: 2 << 30)
        #expect(raised.failures.first?.hasPrefix("tar structure") == true)
        #expect {
            try BundleVerifier(logKey: Self.key).verify(file: url.deletingLastPathComponent())
        } throws: { ($0 as? ReportError)?.exitCode == 2 }
    }

    @Test("the header checksum is six octal digits, a space and a space, as docs/bundles.md says")
    func checksumFieldMatchesTheDocs() throws {
        let header = Tar.header(name: BundleFormat.manifestPath, size: 1234)
        let field = Array(header[148..<156])
        #expect(field[0..<6].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) })
        #expect(field[6] == 0x20 && field[7] == 0x20)
        var sum = header
        for index in 148..<156 { sum[index] = 0x20 }
        #expect(Int(String(decoding: field[0..<6], as: UTF8.self), radix: 8) == sum.reduce(0) { $0 + Int($1) })
        let docs = try String(contentsOf: Self.packageRoot.appendingPathComponent("docs/bundles.md"), encoding: .utf8)
        #expect(docs.contains("in octal, 6 digits zero-padded, then `0x20`, `0x20`"))
    }

    @Test("streaming and in-memory verification agree on a real bundle")
    func streamingAgreesWithMemory() throws {
        let exported = try BundleTests.export()
        defer { exported.scenario.remove() }
        let url = exported.scenario.folder.appendingPathComponent("v2.bundle")
        try Data(exported.bytes).write(to: url)
        let streamed = try BundleVerifier(logKey: exported.logKey).verify(file: url)
        let held = BundleVerifier(logKey: exported.logKey).verify(exported.bytes)
        #expect(streamed.isValid, "\(streamed.failures)")
        #expect(streamed.entriesVerified == held.entriesVerified && streamed.entryCount == held.entryCount)
        #expect(streamed.reasons == held.reasons && streamed.decisions == held.decisions)
        var changed = exported.bytes
        changed[changed.count / 2] ^= 1
        try Data(changed).write(to: url)
        #expect(
            try BundleVerifier(logKey: exported.logKey).verify(file: url).failures
                == BundleVerifier(logKey: exported.logKey).verify(changed).failures)
    }
}
