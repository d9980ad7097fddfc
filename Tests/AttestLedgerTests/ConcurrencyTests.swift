import Foundation
import Testing

@testable import AttestLedger

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("two processes appending 1,000 entries each give one unbroken chain of 2,000")
    func twoProcesses() throws {
        let stress = try #require(TestBinaries.url("attest-stress"), "build the attest-stress product first (make test does)")
        let test = try TestLedger()
        let keystore = Keystore(home: test.folder.appendingPathComponent("home"))
        try keystore.store(test.admin, passphrase: nil)

        let processes = (0..<2).map { worker -> (Process, Pipe) in
            let process = Process()
            process.executableURL = stress
            process.arguments = ["append", test.path, keystore.home.path, "alice", "1000", "w\(worker)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            return (process, pipe)
        }
        for (process, _) in processes { try process.run() }
        var committed: [[UInt64]] = []
        for (process, pipe) in processes {
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            committed.append(String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { UInt64($0) })
        }
        #expect(committed.map(\.count) == [1000, 1000])
        let all = Set(committed.flatMap { $0 })
        #expect(all.count == 2000, "no sequence number was handed out twice")
        #expect(try test.ledger.size() == 2001)
        let entries = try test.ledger.entries(types: ["stress.append"])
        #expect(entries.count == 2000)
        let report = try test.verify()
        #expect(report.isValid, "\(report.problems.prefix(3))")
        #expect(report.entriesChecked == 2001)
    }
}
