import AttestCLI
import AttestLedger
import Foundation
import Synchronization
import Testing

/// The malformed-input catalogue: hostile or broken input to every parser and command. Each
/// must give the documented exit code (Sources/AttestCLI/Support/ExitCode.swift: 1 refused or
/// failed check, 2 bad input, 3 storage, 64 usage) and a message naming the problem, and must
/// leave the ledger byte-for-byte unchanged. `make stress` reports handled out of tried
/// (`ATTEST_STRESS_RESULTS=DIR` writes `DIR/malformed.json`).
///
/// To cover a new command, add `HostileInput` rows: `setup` writes the hostile files into the
/// prepared folder, `arguments` is the command line, `code` and `message` what must come back.
@Suite("Malformed input catalogue")
struct MalformedInputCatalogTests {
    static let totals = Mutex<(tried: Int, handled: Int)>((0, 0))

    @Test("each malformed input gives its message and exit code and changes nothing", arguments: HostileInput.catalogue)
    func handled(_ input: HostileInput) throws {
        let prepared = try PreparedLedger.make()
        defer { prepared.remove() }
        try input.setup(prepared)
        let before = prepared.snapshot()
        let result = prepared.run(input.arguments, environment: input.environment)
        let after = prepared.snapshot()
        let codeOK = result.code == input.code
        let messageOK = !input.message.isEmpty && (result.err + result.out).contains(input.message)
        let unchanged = before == after
        #expect(codeOK, "\(input.name): exit \(result.code), expected \(input.code): \(result.err)")
        #expect(messageOK, "\(input.name): '\(input.message)' not in: \(result.err)")
        #expect(unchanged, "\(input.name): the ledger file changed")
        #expect(!result.err.lowercased().contains("database is locked"))
        #expect(
            !result.err.contains("DecodingError") && !result.err.contains("Swift."),
            "\(input.name): a raw error reached the user: \(result.err)")
        let totals = Self.totals.withLock { totals in
            totals.tried += 1
            if codeOK && messageOK && unchanged { totals.handled += 1 }
            return totals
        }
        try StressResults.write(["tried": totals.tried, "handled": totals.handled], name: "malformed.json")
    }

    @Test("the catalogue has at least 60 distinct inputs")
    func size() {
        #expect(HostileInput.catalogue.count >= 60)
        #expect(Set(HostileInput.catalogue.map(\.name)).count == HostileInput.catalogue.count)
    }
}

/// One malformed input.
struct HostileInput: Sendable, CustomTestStringConvertible {
    let name: String
    let arguments: [String]
    let code: Int32
    let message: String
    var environment: [String: String?] = [:]
    var setup: @Sendable (PreparedLedger) throws -> Void = { _ in }

    var testDescription: String { name }

    init(
        _ name: String, _ arguments: [String], code: Int32, _ message: String, environment: [String: String?] = [:],
        setup: @escaping @Sendable (PreparedLedger) throws -> Void = { _ in }
    ) {
        self.name = name
        self.arguments = arguments
        self.code = code
        self.message = message
        self.environment = environment
        self.setup = setup
    }

    /// A file written before the command runs.
    static func file(_ name: String, _ text: String) -> @Sendable (PreparedLedger) throws -> Void {
        { try $0.write(name, text) }
    }

    static func bytes(_ name: String, _ bytes: [UInt8]) -> @Sendable (PreparedLedger) throws -> Void {
        { try $0.write(name, bytes) }
    }

    /// A checkpoint note signed by the real log key.
    static func signedCheckpoint(
        _ name: String, origin: String = PreparedLedger.origin, size: UInt64, root: Digest = .zero
    )
        -> @Sendable (PreparedLedger) throws -> Void
    {
        { prepared in
            let note = try SignedCheckpoint(
                checkpoint: Checkpoint(origin: origin, size: size, root: root), signer: try prepared.logSigner())
            try prepared.write(name, note.serialized)
        }
    }

    /// Replaces text in a prepared file.
    static func edit(
        _ name: String, as newName: String, _ change: @escaping @Sendable (String) -> String
    ) -> @Sendable (PreparedLedger) throws -> Void {
        { prepared in try prepared.write(newName, change(try prepared.read(name))) }
    }

    static let verify = ["verify", "--checkpoint"]
    static let proof = ["verify-proof", "--log-key", "logkey.pub"]
    static let register = ["model", "register", "credit", "--artifact", "model.bin", "--code", "https://git.example/c@abc"]

    static let catalogue: [HostileInput] = signedNotes + proofs + keysAndPassphrases + pairs + paths + policies + tables + usage

    // Signed notes and checkpoints (`attest verify --checkpoint`).
    static let signedNotes: [HostileInput] = [
        HostileInput("checkpoint: missing file", verify + ["nope.txt"], code: 2, "nope.txt: cannot read the checkpoint"),
        HostileInput("checkpoint: a folder", verify + ["home"], code: 2, "home: cannot read the checkpoint"),
        HostileInput(
            "checkpoint: empty file", verify + ["c.txt"], code: 2, "c.txt: signed note does not end with a newline",
            setup: file("c.txt", "")),
        HostileInput(
            "checkpoint: not UTF-8", verify + ["c.txt"], code: 2, "c.txt: the checkpoint is not UTF-8 text",
            setup: bytes("c.txt", [0xff, 0xfe, 0x0a])),
        HostileInput(
            "checkpoint: no blank line", verify + ["c.txt"], code: 2, "c.txt: signed note has no blank line before its signatures",
            setup: file("c.txt", "o\n1\nAAAA\n")),
        HostileInput(
            "checkpoint: no signature lines", verify + ["c.txt"], code: 2, "c.txt: signed note has no signature lines",
            setup: edit("checkpoint.txt", as: "c.txt") { String($0[..<$0.range(of: "\n\n")!.upperBound]) }),
        HostileInput(
            "checkpoint: signature line without the em dash", verify + ["c.txt"], code: 2,
            "c.txt: note line 5: a signature line starts with an em dash and a space",
            setup: edit("checkpoint.txt", as: "c.txt") { $0.replacingOccurrences(of: "\u{2014}", with: "-") }),
        HostileInput(
            "checkpoint: signature not base64", verify + ["c.txt"], code: 2,
            "c.txt: note line 5: the signature is not base64 of a key ID and a signature",
            setup: edit("checkpoint.txt", as: "c.txt") { text in
                let head = text[..<text.range(of: "\n\n")!.upperBound]
                return head + "\u{2014} \(PreparedLedger.origin) !!!notbase64!!!\n"
            }),
        HostileInput(
            "checkpoint: size with a leading zero", verify + ["c.txt"], code: 2,
            "c.txt: checkpoint line 2: '07' is not a decimal tree size without leading zeros",
            setup: edit("checkpoint.txt", as: "c.txt") { $0.replacingOccurrences(of: "\n7\n", with: "\n07\n") }),
        HostileInput(
            "checkpoint: body edited, signature kept", verify + ["c.txt"], code: 1, "carries no valid signature by log key",
            setup: edit("checkpoint.txt", as: "c.txt") { $0.replacingOccurrences(of: "\n7\n", with: "\n6\n") }),
        HostileInput(
            "checkpoint: signed by another key of the same name", verify + ["c.txt"], code: 1, "carries no valid signature by log key",
            setup: { prepared in
                let rogue = try Signer(name: PreparedLedger.origin, key: .generate())
                let note = try SignedCheckpoint(checkpoint: Checkpoint(origin: PreparedLedger.origin, size: 3, root: .zero), signer: rogue)
                try prepared.write("c.txt", note.serialized)
            }),
        HostileInput(
            "checkpoint: for another origin, validly signed", verify + ["c.txt"], code: 1, "signs only its own log's checkpoints",
            setup: signedCheckpoint("c.txt", origin: "other.example/log", size: 3)),
        HostileInput(
            "checkpoint: a larger tree than the log, validly signed", verify + ["c.txt"], code: 1,
            "the given checkpoint commits to 99 entries but the log has 7: entries 7 to 98 are missing",
            setup: signedCheckpoint("c.txt", size: 99)),
        HostileInput(
            "checkpoint: a wrong root, validly signed", verify + ["c.txt"], code: 1,
            "verification failed at entry 2: inconsistent checkpoint",
            setup: signedCheckpoint("c.txt", size: 3)),
        HostileInput(
            "checkpoint: --log-key that is not a key", verify + ["checkpoint.txt", "--log-key", "x+y+z"], code: 2,
            "verifier key 'x+y+z': key id 'y' is not 8 hex digits"),
        HostileInput(
            "checkpoint: --log-key of another log", verify + ["checkpoint.txt", "--log-key", "home/keys/bob.pub"], code: 1,
            "genesis pins log key"),
    ]

    // Proof files (`attest verify-proof`, `attest prove`).
    static let proofs: [HostileInput] = [
        HostileInput("proof: missing file", proof + ["nope.txt"], code: 2, "nope.txt: cannot read the proof"),
        HostileInput("proof: a folder", proof + ["home"], code: 2, "home: cannot read the proof"),
        HostileInput(
            "proof: empty file", proof + ["p.txt"], code: 2, "p.txt: no blank line separates the proof from the checkpoint",
            setup: file("p.txt", "")),
        HostileInput(
            "proof: wrong header", proof + ["p.txt"], code: 2, "p.txt:1: the first line must be 'c2sp.org/tlog-proof@v1'",
            setup: edit("inclusion.txt", as: "p.txt") {
                $0.replacingOccurrences(of: "c2sp.org/tlog-proof@v1", with: "c2sp.org/tlog-proof@v9")
            }),
        HostileInput(
            "proof: index not a number", proof + ["p.txt"], code: 2, "p.txt:3: expected 'index <decimal without leading zeros>'",
            setup: edit("inclusion.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nindex 2\n", with: "\nindex two\n") }),
        HostileInput(
            "proof: hash not base64", proof + ["p.txt"], code: 2, "p.txt:4: '%%%%' is not base64 of a 32-byte hash",
            setup: edit("inclusion.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nindex 2\n", with: "\nindex 2\n%%%%\n") }),
        HostileInput(
            "proof: extra data not base64", proof + ["p.txt"], code: 2, "p.txt:2: 'extra' is not followed by base64",
            setup: edit("inclusion.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nextra ", with: "\nextra %%") }),
        HostileInput(
            "proof: checkpoint part cut off", proof + ["p.txt"], code: 2,
            "p.txt: the checkpoint after the blank line: signed note does not end with a newline",
            setup: edit("inclusion.txt", as: "p.txt") { String($0[..<$0.range(of: "\n\n")!.upperBound]) }),
        HostileInput(
            "proof: one hash changed", proof + ["p.txt"], code: 1,
            "p.txt: the inclusion proof of entry 2 does NOT verify against the checkpoint at size 7",
            setup: edit("inclusion.txt", as: "p.txt") { text in
                var lines = text.components(separatedBy: "\n")
                let index = lines.firstIndex { $0.hasPrefix("index ") }! + 1
                lines[index] = Digest.zero.base64
                return lines.joined(separator: "\n")
            }),
        HostileInput(
            "proof: index changed", proof + ["p.txt"], code: 1, "the entry says it is number 2 but the proof is for index 3",
            setup: edit("inclusion.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nindex 2\n", with: "\nindex 3\n") }),
        HostileInput(
            "proof: checked with another log's key", ["verify-proof", "--log-key", "home/keys/bob.pub", "inclusion.txt"], code: 1,
            "signs only its own log's checkpoints"),
        HostileInput(
            "proof: --log-key neither key nor file", ["verify-proof", "--log-key", "nokey", "inclusion.txt"], code: 2,
            "neither a verifier key"),
        HostileInput(
            "proof: --entry missing", proof + ["inclusion.txt", "--entry", "nope.bin"], code: 2,
            "nope.bin: cannot read the entry's leaf bytes"),
        HostileInput(
            "proof: --entry not an entry", proof + ["inclusion.txt", "--entry", "model.bin"], code: 2,
            "entry: truncated at byte 0 (wanted 16 more bytes, 7 left)"),
        HostileInput(
            "proof: consistency without --checkpoint", proof + ["consistency.txt"], code: 2,
            "a consistency proof is checked against the older checkpoint: pass --checkpoint OLD"),
        HostileInput(
            "proof: consistency 'old' line broken", proof + ["p.txt", "--checkpoint", "checkpoint-old.txt"], code: 2,
            "p.txt:2: expected 'old <decimal size>'",
            setup: edit("consistency.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nold ", with: "\nold -") }),
        HostileInput(
            "prove: an entry past the end", ["prove", "999"], code: 2, "entry 999 does not exist; the log has 7 entries (0 to 6)"),
        HostileInput(
            "prove: --consistency from a garbage file", ["prove", "--consistency", "model.bin"], code: 2,
            "model.bin: signed note does not end with a newline"),
        HostileInput(
            "log show: an entry past the end", ["log", "show", "999"], code: 2, "entry 999 does not exist; the log has 7 entries (0 to 6)"),
    ]

    // Key files and passphrases.
    static let keysAndPassphrases: [HostileInput] = [
        HostileInput(
            "key file: corrupt JSON", register, code: 2, "alice.key: not an Attest key file (not valid JSON)",
            setup: file("home/keys/alice.key", "{\"format\":")),
        HostileInput(
            "key file: unknown format", register, code: 2, "alice.key: unknown key file format 'attest-key/v0'; expected attest-key/v1",
            setup: edit("home/keys/alice.key", as: "home/keys/alice.key") {
                $0.replacingOccurrences(of: "attest-key/v1", with: "attest-key/v0")
            }),
        HostileInput(
            "key file: secret not base64", register, code: 2, "alice.key: field 'secret' is not base64",
            setup: edit("home/keys/alice.key", as: "home/keys/alice.key") { text in
                text.replacingOccurrences(of: "\"secret\" : \"", with: "\"secret\" : \"%%")
            }),
        HostileInput(
            "key file: another key's public key (relabelled)", register, code: 2,
            "alice.key: wrong passphrase, or the key file was altered",
            setup: { prepared in
                let bob = try prepared.read("home/keys/bob.pub").trimmingCharacters(in: .whitespacesAndNewlines)
                let alice = try prepared.read("home/keys/alice.pub").trimmingCharacters(in: .whitespacesAndNewlines)
                try prepared.write(
                    "home/keys/alice.key", try prepared.read("home/keys/alice.key").replacingOccurrences(of: alice, with: bob))
            }),
        HostileInput(
            "key file: absurd Argon2id limits", register, code: 2, "alice.key: Argon2id limits are unreasonably high; refusing to derive",
            setup: edit("home/keys/alice.key", as: "home/keys/alice.key") { text in
                text.replacingOccurrences(of: #""opsLimit" : 2"#, with: #""opsLimit" : 4000000"#)
            }),
        HostileInput(
            "key file: a folder", register, code: 2, "no private key 'alice' in ",
            setup: { prepared in
                try FileManager.default.removeItem(at: prepared.folder.appendingPathComponent("home/keys/alice.key"))
                try FileManager.default.createDirectory(
                    at: prepared.folder.appendingPathComponent("home/keys/alice.key"), withIntermediateDirectories: true)
            }),
        HostileInput(
            "passphrase: wrong", register, code: 2, "alice.key: wrong passphrase, or the key file was altered",
            environment: ["ATTEST_PASSPHRASE": "wrong"]),
        HostileInput(
            "passphrase: empty variable", register, code: 2, "ATTEST_PASSPHRASE is set but empty", environment: ["ATTEST_PASSPHRASE": ""]),
        HostileInput(
            "passphrase: missing, no terminal", register, code: 2,
            "a passphrase is needed (passphrase for key 'alice') but there is no terminal", environment: ["ATTEST_PASSPHRASE": nil]),
        HostileInput(
            "passphrase file: empty", register + ["--passphrase-file", "pass.txt"], code: 2, "pass.txt: the passphrase file is empty",
            setup: file("pass.txt", "\n")),
        HostileInput(
            "passphrase file: missing", register + ["--passphrase-file", "nope.txt"], code: 2, "nope.txt: cannot read the passphrase file"),
        HostileInput(
            "passphrase file: a folder", register + ["--passphrase-file", "home"], code: 2, "home: cannot read the passphrase file"),
        HostileInput("identity: unknown actor key", register + ["--as", "mallory"], code: 2, "no private key 'mallory' in "),
        HostileInput(
            "identity: none given", register, code: 2, "no acting identity: pass --as NAME or set ATTEST_ACTOR",
            environment: ["ATTEST_ACTOR": nil]),
        HostileInput(
            "key generate: name taken", ["key", "generate", "alice"], code: 2, "alice.key exists already; keys are never overwritten"),
        HostileInput("key show: unknown", ["key", "show", "nobody"], code: 2, "no public key 'nobody' in "),
        HostileInput(
            "actor add: --public-key garbage", ["actor", "add", "carol", "--public-key", "carol+zz+zz"], code: 2,
            "verifier key 'carol+zz+zz': key id 'zz' is not 8 hex digits"),
    ]

    // `K=V` and other structured arguments.
    static let pairs: [HostileInput] = [
        HostileInput("--param without '='", register + ["--param", "depth"], code: 2, "--param #1 'depth': expected KEY=VALUE"),
        HostileInput("--param with an empty key", register + ["--param", "=3"], code: 2, "--param #1 '=3': the key is empty or invalid"),
        HostileInput(
            "--param given twice", register + ["--param", "a=1", "--param", "a=2"], code: 2, "--param #2 'a=2': key 'a' is given twice"),
        HostileInput("--param key with a newline", register + ["--param", "a\nb=1"], code: 2, "': the key is empty or invalid"),
        HostileInput("--metric without '='", register + ["--metric", "auc"], code: 2, "--metric #1 'auc': expected KEY=VALUE"),
        HostileInput(
            "--dataset without '='", register + ["--dataset", "train.csv"], code: 2, "--dataset #1 'train.csv': expected ROLE=PATH"),
        HostileInput(
            "--dataset with an empty path", register + ["--dataset", "test="], code: 2, "--dataset #1 'test=': expected ROLE=PATH"),
        HostileInput(
            "--tag without '='", ["model", "create", "m2", "--owner", "alice", "--purpose", "p", "--risk-tier", "low", "--tag", "x"],
            code: 2, "--tag #1 'x': expected KEY=VALUE"),
        HostileInput(
            "--code without '@'", ["model", "register", "credit", "--artifact", "model.bin", "--code", "repo"], code: 2,
            "--code 'repo': expected REPOSITORY@COMMIT"
        ),
        HostileInput(
            "--code with a bad commit", ["model", "register", "credit", "--artifact", "model.bin", "--code", "repo@a b;rm"], code: 2,
            "--code 'repo@a b;rm': the commit 'a b;rm' contains invalid characters"),
        HostileInput(
            "--risk-tier unknown", ["model", "create", "m2", "--owner", "alice", "--purpose", "p", "--risk-tier", "extreme"], code: 2,
            "unknown risk tier 'extreme'; tiers are low, medium, high"),
        HostileInput("log --since not a time", ["log", "--since", "yesterday"], code: 2, "--since 'yesterday' is not an ISO 8601 time"),
    ]

    // Paths.
    static let paths: [HostileInput] = [
        HostileInput(
            "--artifact missing", ["model", "register", "credit", "--artifact", "nope.bin", "--code", "r@c"], code: 2,
            "nope.bin: no such file or folder"),
        HostileInput("--ledger missing", ["verify", "--ledger", "nope.ledger"], code: 2, "nope.ledger: no ledger here"),
        HostileInput("--ledger a folder", ["verify", "--ledger", "home"], code: 3, "home: an I/O error occurred"),
        HostileInput(
            "--ledger a text file", ["verify", "--ledger", "model.bin"], code: 3,
            "model.bin: the ledger file is damaged or is not an Attest ledger (file is not a database)"),
        HostileInput(
            "--ledger an SQLite file without a log", ["verify", "--ledger", "other.ledger"], code: 3,
            "other.ledger: the ledger file is damaged or is not an Attest ledger",
            setup: { prepared in
                _ = try Ledger.create(
                    at: prepared.folder.appendingPathComponent("x.ledger").path, origin: "x.example/l",
                    logKey: try Signer(name: "x.example/l", key: .generate()).verifierKey,
                    admin: try Signer(name: "a", key: .generate()))
                try prepared.write(
                    "other.ledger",
                    [UInt8](try Data(contentsOf: prepared.folder.appendingPathComponent("x.ledger"))).prefix(100)
                        + [UInt8](repeating: 0, count: 4000))
            }),
        HostileInput(
            "init: a ledger exists", ["init", "--origin", "o.example/l", "--admin", "alice"], code: 2,
            "attest.ledger: a ledger exists here already; 'init' never overwrites one"),
        HostileInput("no ledger found upward", ["log", "--ledger", "sub/attest.ledger"], code: 2, "sub/attest.ledger: no ledger here"),
        HostileInput(
            "checkpoint --out into a missing folder", ["checkpoint", "--latest", "--out", "missing/dir/c.txt"], code: 2,
            "missing/dir/c.txt: cannot write"),
    ]

    // Policy YAML (`attest policy check`).
    static let policies: [HostileInput] = [
        HostileInput("policy: directory missing", ["policy", "check", "nope"], code: 2, "nope: error: not a directory"),
        HostileInput(
            "policy: YAML syntax error", ["policy", "check", "pol"], code: 2,
            "pol/p.yaml:3:3: error: invalid YAML: did not find expected node content",
            setup: file("pol/p.yaml", "name: p\nrules: [\n  - id: x\n")),
        HostileInput(
            "policy: not UTF-8", ["policy", "check", "pol"], code: 2, "pol/p.yaml: error: file is not UTF-8",
            setup: bytes("pol/p.yaml", [0xff, 0xfe, 0x00, 0x41])),
        HostileInput(
            "policy: a list instead of a mapping", ["policy", "check", "pol"], code: 2,
            "pol/p.yaml:1:1: error: policy file must be a mapping of keys to values", setup: file("pol/p.yaml", "- a\n- b\n")),
        HostileInput(
            "policy: unknown rule kind", ["policy", "check", "pol"], code: 2, "pol/p.yaml:5:11: error: unknown rule kind 'no_such_kind'",
            setup: file("pol/p.yaml", "name: p\napplies_to: {target_stage: production}\nrules:\n  - id: r1\n    kind: no_such_kind\n")),
        // Nine levels of ten aliases: 10^9 nodes once expanded. The message comes from the
        // expansion count (an unknown key would be reported otherwise), so the case reaches it.
        HostileInput(
            "policy: YAML alias bomb", ["policy", "check", "pol"], code: 2,
            "p.yaml:1:1: error: the YAML expands to more than 100000 nodes once its aliases are expanded",
            setup: file("pol/p.yaml", aliasBomb)),
    ]

    static let aliasBomb: String = {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    // Evaluation data (`attest evaluate`, CSV and JSON Lines).
    static let evaluate = ["evaluate", "credit", "1", "--label", "label", "--prediction", "prediction", "--sensitive", "group", "--data"]
    static let tables: [HostileInput] = [
        HostileInput("csv: missing file", evaluate + ["nope.csv"], code: 2, "nope.csv: no such file"),
        HostileInput("csv: empty file", evaluate + ["e.csv"], code: 2, "e.csv: the input is empty", setup: file("e.csv", "")),
        HostileInput(
            "csv: unknown column", evaluate + ["e.csv"], code: 2,
            "e.csv: column 'label': no column 'label'; available columns: lbl, prediction, group",
            setup: file("e.csv", "lbl,prediction,group\n1,1,a\n")),
        HostileInput(
            "csv: unterminated quote", evaluate + ["e.csv"], code: 2, "e.csv:2: a quoted field opened on line 2 is never closed",
            setup: file("e.csv", "label,prediction,group\n1,1,\"a\n0,0,b\n")),
        HostileInput(
            "csv: ragged row", evaluate + ["e.csv"], code: 2, "e.csv:3: row 2: the record has 2 fields but the header has 3",
            setup: file("e.csv", "label,prediction,group\n1,1,a\n0,0\n")),
        HostileInput(
            "csv: a label that is not a number", evaluate + ["e.csv"], code: 2,
            "e.csv: column 'label, prediction': labels and predictions take 3 distinct values ('yes', '0', '1')",
            setup: file("e.csv", "label,prediction,group\nyes,1,a\n0,0,b\n")),
        HostileInput(
            "jsonl: not JSON", evaluate + ["e.jsonl"], code: 2, "e.jsonl:2: row 2: expected a string at character 2",
            setup: file("e.jsonl", "{\"label\": 1, \"prediction\": 1, \"group\": \"a\"}\n{label: 0}\n")),
        HostileInput(
            "jsonl: a nested object", evaluate + ["e.jsonl"], code: 2, "e.jsonl:1: row 1: nested objects and arrays are not supported",
            setup: file("e.jsonl", "{\"label\": {\"x\": 1}, \"prediction\": 1, \"group\": \"a\"}\n")),
        HostileInput(
            "jsonl: an array line", evaluate + ["e.jsonl"], code: 2, "e.jsonl:1: row 1: expected '{' at character 1",
            setup: file("e.jsonl", "[1, 1, \"a\"]\n")),
    ]

    // Usage errors (swift-argument-parser's 64).
    static let usage: [HostileInput] = [
        HostileInput("usage: unknown command", ["frobnicate"], code: 64, "Unexpected argument 'frobnicate'"),
        HostileInput(
            "usage: prove with both forms", ["prove", "2", "--consistency", "checkpoint-old.txt"], code: 64,
            "give either an entry number or --consistency OLD_CHECKPOINT"),
        HostileInput("usage: log show not a number", ["log", "show", "two"], code: 64, "The value 'two' is invalid for '<sequence>'"),
        HostileInput("usage: unknown option", ["verify", "--frobnicate"], code: 64, "Unknown option '--frobnicate'"),
    ]
}
