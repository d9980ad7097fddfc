import AttestLedger
import Foundation

/// Worker processes for concurrency and crash tests (`make test`, `make stress`).
///
/// `attest-stress append LEDGER KEYSTORE KEYNAME COUNT [TAG]`: appends COUNT entries, one
/// transaction each, signed by an unencrypted key from KEYSTORE, and prints each committed
/// sequence number on its own line as soon as the append returns.
let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("attest-stress: \(message)\n".utf8))
    exit(2)
}

guard arguments.first == "append", arguments.count >= 5, let count = Int(arguments[4]) else {
    fail("usage: attest-stress append LEDGER KEYSTORE KEYNAME COUNT [TAG]")
}
let tag = arguments.count > 5 ? arguments[5] : "worker-\(getpid())"
do {
    let ledger = try Ledger.open(at: arguments[1])
    let signer = try Keystore(home: URL(fileURLWithPath: arguments[2])).load(name: arguments[3]) { nil }
    for index in 0..<count {
        let entry = try ledger.append(
            EntryDraft(type: "stress.append", payload: Array("{\"tag\":\"\(tag)\",\"i\":\(index)}".utf8)), signer: signer)
        FileHandle.standardOutput.write(Data("\(entry.sequence)\n".utf8))
    }
} catch {
    fail("\(error)")
}
