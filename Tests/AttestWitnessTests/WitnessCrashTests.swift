import AttestLedger
import Foundation
import Synchronization
import Testing

@testable import AttestWitness

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// SIGKILL at random points of add-checkpoint streams: after each restart the witness still
/// holds every checkpoint it answered 200 for, and across all restarts it never cosigns two
/// branches of a forked log.
@Suite(.serialized) struct WitnessCrashTests {
    /// What the clients saw, shared by the request loops.
    final class Seen: Sendable {
        struct Cosigned: Sendable {
            let branch: String
            let size: UInt64
            let line: SignedNote.Signature
        }
        let state = Mutex<(known: UInt64, cosigned: [Cosigned])>((0, []))
    }

    @Test func killedWitnessesNeverForkAndNeverForget() async throws {
        let (home, signer) = try WitnessProcess.keystore(name: "witness.test/crash")
        let folder = try temporaryFolder("witness-crash")
        let logSigner = try Signer(name: "example.com/forked", key: SigningKey.generate())
        // Two branches of one log, signed by the same log key, different from leaf 0 on.
        let branches = [
            "a": try TestLog(signer: logSigner, size: 400, branch: "a"), "b": try TestLog(signer: logSigner, size: 400, branch: "b"),
        ]
        let seen = Seen()
        let hash = SHA256.hash(Array(logSigner.name.utf8)).hex
        var key: WitnessKey?
        for round in 0..<12 {
            let witness = try WitnessProcess(home: home, name: signer.name, state: folder, logs: [logSigner.verifierKey])
            defer { witness.kill() }  // also when a check below throws
            key = witness.witnessKey
            // Never forget: the witness serves at least the largest size it ever answered 200 for.
            let largest = seen.state.withLock { $0.cosigned.map(\.size).max() ?? 0 }
            if largest > 0 {
                let (data, response) = try await URLSession.shared.data(from: witness.url.appendingPathComponent("\(hash)/checkpoint"))
                let status = (response as? HTTPURLResponse)?.statusCode
                #expect(status == 200, "round \(round): the witness forgot every checkpoint it had cosigned (HTTP \(status ?? 0))")
                if status == 200 {
                    let served = try Checkpoint(parsing: try SignedNote(parsing: String(decoding: data, as: UTF8.self)).text)
                    #expect(served.size >= largest, "round \(round): the witness forgot a checkpoint it had cosigned")
                }
            }
            let client = WitnessClient(url: witness.url, timeout: 2)
            // Kill at a random point after the round's first cosignature (so every round makes progress).
            let before = seen.state.withLock { $0.cosigned.count }
            let killer = Task {
                for _ in 0..<600 where seen.state.withLock({ $0.cosigned.count }) == before {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 0...60)))
                witness.kill()
            }
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { await Self.submitUntilFailure(client: client, branches: branches, seen: seen) }
                }
            }
            await killer.value
        }
        let cosigned = seen.state.withLock { $0.cosigned }
        #expect(cosigned.count > 12, "too few cosignatures to mean anything (\(cosigned.count))")
        // No fork: every cosigned checkpoint with leaves is on one branch.
        #expect(Set(cosigned.filter { $0.size > 0 }.map(\.branch)).count == 1)
        // And every cosignature verifies against the witness key over its checkpoint.
        let witnessKey = try #require(key)
        for item in cosigned.prefix(50) {
            let text = try branches[item.branch]!.checkpoint(item.size).note.text
            #expect(Cosignature(item.line)?.verifies(text: text, key: witnessKey) == true)
        }
    }

    /// Submits checkpoints of random branches and growing sizes until the witness goes away.
    static func submitUntilFailure(client: WitnessClient, branches: [String: TestLog], seen: Seen) async {
        for _ in 0..<2_000 {
            let branch = Bool.random() ? "a" : "b"
            let log = branches[branch]!
            let known = seen.state.withLock { $0.known }
            let size = min(known + UInt64.random(in: 0...3), 399)
            guard let body = try? log.request(old: known, size: size) else { return }
            let request = try! AddCheckpointRequest(parsing: body)
            let outcome: WitnessClient.Outcome
            do { outcome = try await client.add(request) } catch { return }
            switch outcome {
            case .cosigned(let lines):
                seen.state.withLock {
                    $0.cosigned.append(.init(branch: branch, size: size, line: lines[0]))
                    $0.known = max($0.known, size)
                }
            case .conflict(let size):
                seen.state.withLock { $0.known = size }
            case .refused:
                continue
            }
        }
    }
}
