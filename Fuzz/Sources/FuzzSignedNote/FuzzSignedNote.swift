import AttestLedger

/// A fixed log key (seed 0x07 * 32), so that the signature path of the parser is reached too.
let logKey: VerifierKey = {
    var seed = [UInt8](repeating: 7, count: 32)
    return try! Signer(name: "fuzz.example/log", key: SigningKey(seed: SecretBytes(consuming: &seed))).verifierKey
}()

/// Fuzzes the C2SP signed-note, checkpoint and verifier-key parsers: any text either parses
/// (and re-serialises to a note that parses again) or throws a `LedgerError`; nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let note = try? SignedNote(parsing: text) {
        let again = try? SignedNote(parsing: note.serialized)
        precondition(again == note, "signed note does not survive a round trip")
        _ = note.isSigned(by: logKey)
        _ = try? Checkpoint(parsing: note.text)
    }
    _ = try? SignedCheckpoint(parsing: text, logKey: nil)
    _ = try? SignedCheckpoint(parsing: text, logKey: logKey)
    _ = try? Checkpoint(parsing: text)
    _ = try? VerifierKey(parsing: text)
    return 0
}

/// SwiftPM links an executable with `main` defined as `<module>_main`, which would replace
/// libFuzzer's `main`; this entry point hands control to libFuzzer's driver instead.
@_cdecl("FuzzSignedNote_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
