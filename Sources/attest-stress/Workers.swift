import AttestLedger
import Foundation

/// The worker processes. Each prints every committed sequence number on its own line as soon as
/// `append` returns, so a driver knows exactly which appends were acknowledged before a kill.
enum Workers {
    /// `append LEDGER KEYSTORE KEYNAME COUNT [TAG]`: COUNT appends, one transaction each.
    static func append(_ arguments: [String]) throws {
        guard arguments.count >= 4, let count = Int(arguments[3]) else {
            fail("usage: attest-stress append LEDGER KEYSTORE KEYNAME COUNT [TAG]")
        }
        let tag = arguments.count > 4 ? arguments[4] : "worker-\(getpid())"
        let ledger = try Ledger.open(at: arguments[0])
        let signer = try Keystore(home: URL(fileURLWithPath: arguments[1])).load(name: arguments[2]) { nil }
        for index in 0..<count {
            let entry = try ledger.append(
                EntryDraft(type: "stress.append", payload: Array("{\"i\":\(index),\"tag\":\"\(tag)\"}".utf8)), signer: signer)
            say("\(entry.sequence)")
        }
    }

    /// `append-limited LEDGER KEYSTORE KEYNAME PAYLOAD_BYTES FILE_SIZE_LIMIT`: sets RLIMIT_FSIZE
    /// (the `ulimit -f` of a shell) with SIGXFSZ ignored, so a write past the limit fails with
    /// EFBIG as on a full disk, then appends until an append fails. Prints each committed
    /// sequence number, then `error CODE MESSAGE` and exits with the error's CLI exit code.
    static func appendLimited(_ arguments: [String]) throws {
        guard arguments.count == 5, let payloadBytes = Int(arguments[3]), let limit = UInt64(arguments[4]) else {
            fail("usage: attest-stress append-limited LEDGER KEYSTORE KEYNAME PAYLOAD_BYTES FILE_SIZE_LIMIT")
        }
        let ledger = try Ledger.open(at: arguments[0])
        let signer = try Keystore(home: URL(fileURLWithPath: arguments[1])).load(name: arguments[2]) { nil }
        signal(SIGXFSZ, SIG_IGN)
        var rlimit = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
        guard setrlimit(Int32(RLIMIT_FSIZE.rawValue), &rlimit) == 0 else { fail("setrlimit failed: errno \(errno)") }
        let filler = String(repeating: "x", count: payloadBytes)
        var index = 0
        while true {
            do {
                let entry = try ledger.append(
                    EntryDraft(type: "stress.big", payload: Array("{\"i\":\(index),\"fill\":\"\(filler)\"}".utf8)), signer: signer)
                say("\(entry.sequence)")
                index += 1
            } catch let error as LedgerError {
                say("error \(error.code.rawValue) \(error.message)")
                exit(error.exitCode)
            }
        }
    }

    /// `hold-lock LEDGER SECONDS`: holds the ledger's write transaction open for SECONDS,
    /// printing `locked` once it holds it.
    static func holdLock(_ arguments: [String]) throws {
        guard arguments.count == 2, let seconds = Double(arguments[1]) else {
            fail("usage: attest-stress hold-lock LEDGER SECONDS")
        }
        let ledger = try Ledger.open(at: arguments[0])
        try ledger.write { _ in
            say("locked")
            Thread.sleep(forTimeInterval: seconds)
        }
        say("released")
    }
}
