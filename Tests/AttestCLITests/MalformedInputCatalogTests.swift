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
        let messageOK = input.message.isEmpty || (result.err + result.out).contains(input.message)
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
        HostileInput("checkpoint: missing file", verify + ["nope.txt"], code: 2, "cannot read the checkpoint"),
        HostileInput("checkpoint: a folder", verify + ["home"], code: 2, "cannot read the checkpoint"),
        HostileInput("checkpoint: empty file", verify + ["c.txt"], code: 2, "does not end with a newline", setup: file("c.txt", "")),
        HostileInput("checkpoint: not UTF-8", verify + ["c.txt"], code: 2, "not UTF-8", setup: bytes("c.txt", [0xff, 0xfe, 0x0a])),
        HostileInput("checkpoint: no blank line", verify + ["c.txt"], code: 2, "no blank line", setup: file("c.txt", "o\n1\nAAAA\n")),
        HostileInput(
            "checkpoint: no signature lines", verify + ["c.txt"], code: 2, "signature",
            setup: edit("checkpoint.txt", as: "c.txt") { String($0[..<$0.range(of: "\n\n")!.upperBound]) }),
        HostileInput(
            "checkpoint: signature line without the em dash", verify + ["c.txt"], code: 2, "line",
            setup: edit("checkpoint.txt", as: "c.txt") { $0.replacingOccurrences(of: "\u{2014}", with: "-") }),
        HostileInput(
            "checkpoint: signature not base64", verify + ["c.txt"], code: 2, "base64",
            setup: edit("checkpoint.txt", as: "c.txt") { text in
                let head = text[..<text.range(of: "\n\n")!.upperBound]
                return head + "\u{2014} \(PreparedLedger.origin) !!!notbase64!!!\n"
            }),
        HostileInput(
            "checkpoint: size with a leading zero", verify + ["c.txt"], code: 2, "line 2",
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
            "checkpoint: a larger tree than the log, validly signed", verify + ["c.txt"], code: 1, "verification failed",
            setup: signedCheckpoint("c.txt", size: 99)),
        HostileInput(
            "checkpoint: a wrong root, validly signed", verify + ["c.txt"], code: 1, "verification failed",
            setup: signedCheckpoint("c.txt", size: 3)),
        HostileInput("checkpoint: --log-key that is not a key", verify + ["checkpoint.txt", "--log-key", "x+y+z"], code: 2, "key"),
        HostileInput(
            "checkpoint: --log-key of another log", verify + ["checkpoint.txt", "--log-key", "home/keys/bob.pub"], code: 1,
            "genesis pins log key"),
    ]

    // Proof files (`attest verify-proof`, `attest prove`).
    static let proofs: [HostileInput] = [
        HostileInput("proof: missing file", proof + ["nope.txt"], code: 2, "cannot read the proof"),
        HostileInput("proof: a folder", proof + ["home"], code: 2, "cannot read the proof"),
        HostileInput("proof: empty file", proof + ["p.txt"], code: 2, "p.txt", setup: file("p.txt", "")),
        HostileInput(
            "proof: wrong header", proof + ["p.txt"], code: 2, "p.txt",
            setup: edit("inclusion.txt", as: "p.txt") {
                $0.replacingOccurrences(of: "c2sp.org/tlog-proof@v1", with: "c2sp.org/tlog-proof@v9")
            }),
        HostileInput(
            "proof: index not a number", proof + ["p.txt"], code: 2, "index",
            setup: edit("inclusion.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nindex 2\n", with: "\nindex two\n") }),
        HostileInput(
            "proof: hash not base64", proof + ["p.txt"], code: 2, "p.txt",
            setup: edit("inclusion.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nindex 2\n", with: "\nindex 2\n%%%%\n") }),
        HostileInput(
            "proof: extra data not base64", proof + ["p.txt"], code: 2, "p.txt",
            setup: edit("inclusion.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nextra ", with: "\nextra %%") }),
        HostileInput(
            "proof: checkpoint part cut off", proof + ["p.txt"], code: 2, "signed note does not end with a newline",
            setup: edit("inclusion.txt", as: "p.txt") { String($0[..<$0.range(of: "\n\n")!.upperBound]) }),
        HostileInput(
            "proof: one hash changed", proof + ["p.txt"], code: 1, "does NOT verify",
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
        HostileInput("proof: --entry missing", proof + ["inclusion.txt", "--entry", "nope.bin"], code: 2, "cannot read the entry"),
        HostileInput("proof: --entry not an entry", proof + ["inclusion.txt", "--entry", "model.bin"], code: 2, "entry"),
        HostileInput("proof: consistency without --checkpoint", proof + ["consistency.txt"], code: 2, "--checkpoint"),
        HostileInput(
            "proof: consistency 'old' line broken", proof + ["p.txt", "--checkpoint", "checkpoint-old.txt"], code: 2, "p.txt",
            setup: edit("consistency.txt", as: "p.txt") { $0.replacingOccurrences(of: "\nold ", with: "\nold -") }),
        HostileInput("prove: an entry past the end", ["prove", "999"], code: 2, "does not exist"),
        HostileInput("prove: --consistency from a garbage file", ["prove", "--consistency", "model.bin"], code: 2, "signed note"),
        HostileInput("log show: an entry past the end", ["log", "show", "999"], code: 2, "does not exist"),
    ]

    // Key files and passphrases.
    static let keysAndPassphrases: [HostileInput] = [
        HostileInput(
            "key file: corrupt JSON", register, code: 2, "not an Attest key file", setup: file("home/keys/alice.key", "{\"format\":")),
        HostileInput(
            "key file: unknown format", register, code: 2, "unknown key file format",
            setup: edit("home/keys/alice.key", as: "home/keys/alice.key") {
                $0.replacingOccurrences(of: "attest-key/v1", with: "attest-key/v0")
            }),
        HostileInput(
            "key file: secret not base64", register, code: 2, "not base64",
            setup: edit("home/keys/alice.key", as: "home/keys/alice.key") { text in
                text.replacingOccurrences(of: "\"secret\" : \"", with: "\"secret\" : \"%%")
            }),
        HostileInput(
            "key file: another key's public key (relabelled)", register, code: 2, "wrong passphrase, or the key file was altered",
            setup: { prepared in
                let bob = try prepared.read("home/keys/bob.pub").trimmingCharacters(in: .whitespacesAndNewlines)
                let alice = try prepared.read("home/keys/alice.pub").trimmingCharacters(in: .whitespacesAndNewlines)
                try prepared.write(
                    "home/keys/alice.key", try prepared.read("home/keys/alice.key").replacingOccurrences(of: alice, with: bob))
            }),
        HostileInput(
            "key file: absurd Argon2id limits", register, code: 2, "unreasonably high",
            setup: edit("home/keys/alice.key", as: "home/keys/alice.key") { text in
                text.replacingOccurrences(of: #""opsLimit" : 2"#, with: #""opsLimit" : 4000000"#)
            }),
        HostileInput(
            "key file: a folder", register, code: 2, "no private key 'alice'",
            setup: { prepared in
                try FileManager.default.removeItem(at: prepared.folder.appendingPathComponent("home/keys/alice.key"))
                try FileManager.default.createDirectory(
                    at: prepared.folder.appendingPathComponent("home/keys/alice.key"), withIntermediateDirectories: true)
            }),
        HostileInput("passphrase: wrong", register, code: 2, "wrong passphrase", environment: ["ATTEST_PASSPHRASE": "wrong"]),
        HostileInput("passphrase: empty variable", register, code: 2, "set but empty", environment: ["ATTEST_PASSPHRASE": ""]),
        HostileInput("passphrase: missing, no terminal", register, code: 2, "no terminal", environment: ["ATTEST_PASSPHRASE": nil]),
        HostileInput(
            "passphrase file: empty", register + ["--passphrase-file", "pass.txt"], code: 2, "passphrase file is empty",
            setup: file("pass.txt", "\n")),
        HostileInput("passphrase file: missing", register + ["--passphrase-file", "nope.txt"], code: 2, "cannot read the passphrase file"),
        HostileInput("passphrase file: a folder", register + ["--passphrase-file", "home"], code: 2, "cannot read the passphrase file"),
        HostileInput("identity: unknown actor key", register + ["--as", "mallory"], code: 2, "no private key 'mallory'"),
        HostileInput("identity: none given", register, code: 2, "no acting identity", environment: ["ATTEST_ACTOR": nil]),
        HostileInput("key generate: name taken", ["key", "generate", "alice"], code: 2, "exists already"),
        HostileInput("key show: unknown", ["key", "show", "nobody"], code: 2, "no public key"),
        HostileInput(
            "actor add: --public-key garbage", ["actor", "add", "carol", "--public-key", "carol+zz+zz"], code: 2, "is not 8 hex digits"),
    ]

    // `K=V` and other structured arguments.
    static let pairs: [HostileInput] = [
        HostileInput("--param without '='", register + ["--param", "depth"], code: 2, "expected KEY=VALUE"),
        HostileInput("--param with an empty key", register + ["--param", "=3"], code: 2, "key is empty"),
        HostileInput("--param given twice", register + ["--param", "a=1", "--param", "a=2"], code: 2, "given twice"),
        HostileInput("--param key with a newline", register + ["--param", "a\nb=1"], code: 2, "invalid"),
        HostileInput("--metric without '='", register + ["--metric", "auc"], code: 2, "expected KEY=VALUE"),
        HostileInput("--dataset without '='", register + ["--dataset", "train.csv"], code: 2, "expected ROLE=PATH"),
        HostileInput("--dataset with an empty path", register + ["--dataset", "test="], code: 2, "expected ROLE=PATH"),
        HostileInput(
            "--tag without '='", ["model", "create", "m2", "--owner", "alice", "--purpose", "p", "--risk-tier", "low", "--tag", "x"],
            code: 2, "expected KEY=VALUE"),
        HostileInput(
            "--code without '@'", ["model", "register", "credit", "--artifact", "model.bin", "--code", "repo"], code: 2, "REPOSITORY@COMMIT"
        ),
        HostileInput(
            "--code with a bad commit", ["model", "register", "credit", "--artifact", "model.bin", "--code", "repo@a b;rm"], code: 2,
            "invalid characters"),
        HostileInput(
            "--risk-tier unknown", ["model", "create", "m2", "--owner", "alice", "--purpose", "p", "--risk-tier", "extreme"], code: 2,
            "extreme"),
        HostileInput("log --since not a time", ["log", "--since", "yesterday"], code: 2, "ISO 8601"),
    ]

    // Paths.
    static let paths: [HostileInput] = [
        HostileInput(
            "--artifact missing", ["model", "register", "credit", "--artifact", "nope.bin", "--code", "r@c"], code: 2, "nope.bin"),
        HostileInput("--ledger missing", ["verify", "--ledger", "nope.ledger"], code: 2, "no ledger here"),
        HostileInput("--ledger a folder", ["verify", "--ledger", "home"], code: 3, "home"),
        HostileInput("--ledger a text file", ["verify", "--ledger", "model.bin"], code: 3, "model.bin"),
        HostileInput(
            "--ledger an SQLite file without a log", ["verify", "--ledger", "other.ledger"], code: 3, "not an Attest ledger",
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
        HostileInput("init: a ledger exists", ["init", "--origin", "o.example/l", "--admin", "alice"], code: 2, "exists here already"),
        HostileInput("no ledger found upward", ["log", "--ledger", "sub/attest.ledger"], code: 2, "no ledger here"),
        HostileInput(
            "checkpoint --out into a missing folder", ["checkpoint", "--latest", "--out", "missing/dir/c.txt"], code: 2, "cannot write"),
    ]

    // Policy YAML (`attest policy check`).
    static let policies: [HostileInput] = [
        HostileInput("policy: directory missing", ["policy", "check", "nope"], code: 2, "nope"),
        HostileInput(
            "policy: YAML syntax error", ["policy", "check", "pol"], code: 2, "pol/",
            setup: file("pol/p.yaml", "name: p\nrules: [\n  - id: x\n")),
        HostileInput(
            "policy: not UTF-8", ["policy", "check", "pol"], code: 2, "p.yaml", setup: bytes("pol/p.yaml", [0xff, 0xfe, 0x00, 0x41])),
        HostileInput(
            "policy: a list instead of a mapping", ["policy", "check", "pol"], code: 2, "p.yaml", setup: file("pol/p.yaml", "- a\n- b\n")),
        HostileInput(
            "policy: unknown rule kind", ["policy", "check", "pol"], code: 2, "p.yaml",
            setup: file("pol/p.yaml", "name: p\nstages: [production]\nrules:\n  - id: r1\n    kind: no_such_kind\n")),
        HostileInput(
            "policy: YAML alias bomb", ["policy", "check", "pol"], code: 2, "p.yaml",
            setup: file(
                "pol/p.yaml",
                "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n"
            )),
    ]

    // Evaluation data (`attest evaluate`, CSV and JSON Lines).
    static let evaluate = ["evaluate", "credit", "1", "--label", "label", "--prediction", "prediction", "--sensitive", "group", "--data"]
    static let tables: [HostileInput] = [
        HostileInput("csv: missing file", evaluate + ["nope.csv"], code: 2, "nope.csv"),
        HostileInput("csv: empty file", evaluate + ["e.csv"], code: 2, "e.csv", setup: file("e.csv", "")),
        HostileInput("csv: unknown column", evaluate + ["e.csv"], code: 2, "label", setup: file("e.csv", "lbl,prediction,group\n1,1,a\n")),
        HostileInput(
            "csv: unterminated quote", evaluate + ["e.csv"], code: 2, "e.csv",
            setup: file("e.csv", "label,prediction,group\n1,1,\"a\n0,0,b\n")),
        HostileInput(
            "csv: ragged row", evaluate + ["e.csv"], code: 2, "e.csv", setup: file("e.csv", "label,prediction,group\n1,1,a\n0,0\n")),
        HostileInput(
            "csv: a label that is not a number", evaluate + ["e.csv"], code: 2, "e.csv",
            setup: file("e.csv", "label,prediction,group\nyes,1,a\n0,0,b\n")),
        HostileInput(
            "jsonl: not JSON", evaluate + ["e.jsonl"], code: 2, "e.jsonl",
            setup: file("e.jsonl", "{\"label\": 1, \"prediction\": 1, \"group\": \"a\"}\n{label: 0}\n")),
        HostileInput(
            "jsonl: a nested object", evaluate + ["e.jsonl"], code: 2, "e.jsonl",
            setup: file("e.jsonl", "{\"label\": {\"x\": 1}, \"prediction\": 1, \"group\": \"a\"}\n")),
        HostileInput("jsonl: an array line", evaluate + ["e.jsonl"], code: 2, "e.jsonl", setup: file("e.jsonl", "[1, 1, \"a\"]\n")),
    ]

    // Usage errors (swift-argument-parser's 64).
    static let usage: [HostileInput] = [
        HostileInput("usage: unknown command", ["frobnicate"], code: 64, "frobnicate"),
        HostileInput("usage: prove with both forms", ["prove", "2", "--consistency", "checkpoint-old.txt"], code: 64, "either"),
        HostileInput("usage: log show not a number", ["log", "show", "two"], code: 64, "two"),
        HostileInput("usage: unknown option", ["verify", "--frobnicate"], code: 64, "frobnicate"),
    ]
}
