import ArgumentParser
import AttestLedger
import Foundation

struct VerifyProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Check an inclusion or consistency proof offline, with only the log's public key.")

    @Argument(help: "The proof file (c2sp.org/tlog-proof@v1 or attest.dev/consistency-proof@v1).")
    var file: String

    @Option(name: .long, help: "The log's verifier key (name+keyid+base64) or a file holding it.")
    var logKey: String

    @Option(name: .long, help: "The entry's leaf bytes ('attest log show SEQ --leaf-out FILE'); default: the proof's extra data.")
    var entry: String?

    @Option(name: .long, help: "For a consistency proof: the older signed checkpoint it starts from.")
    var checkpoint: String?

    @OptionGroup var witnessPolicy: WitnessPolicyOptions

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        _ = try witnessPolicy.policy()
        let key = try VerifierKeyArgument.parse(logKey, option: "--log-key")
        let text = try OutputFile.read(file, what: "proof")
        let source = Console.current.url(file).path
        if text.hasPrefix(ConsistencyProof.header) {
            let proof = try ConsistencyProof(parsing: text, logKey: key, source: source)
            guard let checkpoint else {
                throw CommandFailure.badInput("a consistency proof is checked against the older checkpoint: pass --checkpoint OLD")
            }
            let old = try OutputFile.checkpoint(checkpoint, logKey: key)
            try witnessPolicy.require(
                on: proof.checkpoint.note, what: "\(source): the checkpoint at size \(proof.checkpoint.checkpoint.size)")
            guard proof.verifies(from: old.checkpoint) else {
                throw CommandFailure.refused(
                    "\(source): the consistency proof from size \(old.checkpoint.size) to \(proof.checkpoint.checkpoint.size) does NOT verify"
                )
            }
            report(
                ["kind": "consistency", "oldSize": old.checkpoint.size, "newSize": proof.checkpoint.checkpoint.size, "valid": true],
                "OK: the log at size \(proof.checkpoint.checkpoint.size) extends the checkpoint at size \(old.checkpoint.size) (signed by \(key.name))"
            )
            return
        }
        let proof = try InclusionProof(parsing: text, logKey: key, source: source)
        let leaf: [UInt8]
        if let entry {
            let url = Console.current.url(entry)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw CommandFailure.badInput("\(url.path): cannot read the entry's leaf bytes")
            }
            leaf = [UInt8](data)
        } else if let extra = proof.extra {
            leaf = extra
        } else {
            throw CommandFailure.badInput("\(source) carries no entry bytes: pass --entry FILE")
        }
        try witnessPolicy.require(on: proof.checkpoint.note, what: "\(source): the checkpoint at size \(proof.checkpoint.checkpoint.size)")
        let decoded = try EntryEncoding.decode(leaf: leaf)
        guard decoded.sequence == proof.index else {
            throw CommandFailure.refused(
                "\(source): the entry says it is number \(decoded.sequence) but the proof is for index \(proof.index)")
        }
        guard proof.verifies(leafHash: MerkleHash.leaf(leaf)) else {
            throw CommandFailure.refused(
                "\(source): the inclusion proof of entry \(proof.index) does NOT verify against the checkpoint at size \(proof.checkpoint.checkpoint.size)"
            )
        }
        report(
            ["kind": "inclusion", "index": proof.index, "size": proof.checkpoint.checkpoint.size, "type": decoded.type, "valid": true],
            "OK: entry \(proof.index) (\(decoded.type)) is in the log \(proof.checkpoint.checkpoint.origin) at size \(proof.checkpoint.checkpoint.size) (checkpoint signed by \(key.name))"
        )
    }

    private func report(_ object: [String: Any], _ text: String) {
        if json { try? JSONOutput.print(object) } else { Console.current.out(text) }
    }
}

/// A verifier key given on the command line, literally or as a file.
enum VerifierKeyArgument {
    static func parse(_ value: String, option: String) throws -> VerifierKey {
        let url = Console.current.url(value)
        if !value.contains("+"), let data = FileManager.default.contents(atPath: url.path) {
            return try VerifierKey(parsing: String(decoding: data, as: UTF8.self))
        }
        if value.contains("+") { return try VerifierKey(parsing: value) }
        throw CommandFailure.badInput("\(option) '\(value)' is neither a verifier key (name+keyid+base64) nor a readable file")
    }
}
