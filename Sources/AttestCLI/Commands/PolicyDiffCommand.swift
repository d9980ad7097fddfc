import ArgumentParser
import AttestPolicy
import AttestRegistry
import Foundation

extension PolicyCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "What changed between two policy sets: rules, settings and the files' lines.",
            discussion:
                "Each side is a publication's entry number (the set as published in the ledger) or a policy directory. Reviewers of a pending publication run 'attest policy diff IN_FORCE_ENTRY PENDING_ENTRY' before 'attest policy approve'."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument(help: "The earlier set: an entry number or a directory.") var old: String
        @Argument(help: "The later set: an entry number or a directory.") var new: String

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let ledger = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) }
            let before = try load(old, ledger)
            let after = try load(new, ledger)
            let diff = PolicySetDiff(from: before, to: after)
            if options.json {
                return try JSONOutput.print(
                    DiffOutput(
                        old: old, new: new, identical: diff.isEmpty, changes: diff.changes,
                        files: diff.files.map { DiffOutput.File(path: $0.path, change: $0.change, lines: $0.lines) }))
            }
            let console = Console.current
            if diff.isEmpty { return console.out("The two policy sets are identical.") }
            console.out("Changes from \(describe(old)) to \(describe(new)):")
            for change in diff.changes { console.out("  \(change)") }
            for file in diff.files {
                console.out("\n--- \(file.path) (\(file.change))")
                for line in file.lines { console.out(line) }
            }
        }

        private func describe(_ side: String) -> String { UInt64(side) != nil ? "entry \(side)" : side }

        /// A side of the diff: a policy directory, or a publication read from `served` (the
        /// served ledger's copy) or else the local ledger.
        private func load(_ side: String, _ served: Registry?) throws -> PolicySet {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: Console.current.url(side).path, isDirectory: &isDirectory), isDirectory.boolValue {
                return try PolicyFiles.load(side)
            }
            guard let entry = UInt64(side) else {
                throw CommandFailure.badInput("'\(side)' is neither a policy directory nor a publication's entry number")
            }
            return try (served ?? options.openRegistry(readOnly: true)).publishedPolicySet(at: entry)
        }

        struct DiffOutput: Encodable {
            struct File: Encodable {
                let path: String
                let change: String
                let lines: [String]
            }
            let old: String
            let new: String
            let identical: Bool
            let changes: [String]
            let files: [File]
        }
    }
}
