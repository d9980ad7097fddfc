import AttestLedger

/// Fuzzes `EntryEncoding.decode(leaf:)`: any bytes either decode to an entry that re-encodes to
/// the same leaf, or throw a `LedgerError`; nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let entry = try? EntryEncoding.decode(leaf: bytes) else { return 0 }
    // Round trip: the decoder accepts exactly what the encoder produces.
    precondition(entry.leaf == bytes, "decode/encode round trip differs")
    _ = entry.leafHash
    _ = entry.payloadText
    return 0
}

/// SwiftPM links an executable with `main` defined as `<module>_main`, which would replace
/// libFuzzer's `main`; this entry point hands control to libFuzzer's driver instead.
@_cdecl("FuzzEntryDecoder_main")
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
