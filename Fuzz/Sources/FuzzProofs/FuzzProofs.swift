import AttestLedger

/// Fuzzes the C2SP tlog-proof and Attest consistency-proof parsers, and the proof verifiers on
/// whatever parses: nothing may trap, whatever the sizes, indices and hash counts say.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let proof = try? InclusionProof(parsing: text, logKey: nil) {
        _ = proof.verifies(leafHash: proof.checkpoint.checkpoint.root)
        _ = proof.serialized
        if let extra = proof.extra { _ = try? EntryEncoding.decode(leaf: extra) }
    }
    if let proof = try? ConsistencyProof(parsing: text, logKey: nil) {
        let checkpoint = proof.checkpoint.checkpoint
        for oldSize in [0, 1, proof.oldSize, checkpoint.size, checkpoint.size &+ 1, UInt64.max] {
            _ = proof.verifies(from: Checkpoint(origin: checkpoint.origin, size: oldSize, root: checkpoint.root))
        }
        _ = proof.serialized
    }
    return 0
}

/// SwiftPM links an executable with `main` defined as `<module>_main`, which would replace
/// libFuzzer's `main`; this entry point hands control to libFuzzer's driver instead.
@_cdecl("FuzzProofs_main")
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
