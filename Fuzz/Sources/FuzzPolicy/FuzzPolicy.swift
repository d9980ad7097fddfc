import AttestPolicy
import Foundation

/// Fuzzes `PolicySetLoader.load(files:)`: the input is split at the first 0x00 byte into a
/// settings file and a policy file (or is one policy file), so both parsers are reached. Any
/// bytes either load or throw a `PolicyError`; nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var files: [PolicySourceFile]
    if let split = bytes.firstIndex(of: 0) {
        files = [
            PolicySourceFile(path: "settings.yaml", bytes: Data(bytes[..<split])),
            PolicySourceFile(path: "fuzz.yaml", bytes: Data(bytes[(split + 1)...])),
        ]
    } else {
        files = [PolicySourceFile(path: "fuzz.yaml", bytes: Data(bytes))]
    }
    do {
        _ = try PolicySetLoader.load(files: files)
    } catch is PolicyError {
    } catch {
        fatalError("PolicySetLoader threw a \(type(of: error)), not a PolicyError: \(error)")
    }
    return 0
}

/// SwiftPM links an executable with `main` defined as `<module>_main`, which would replace
/// libFuzzer's `main`; this entry point hands control to libFuzzer's driver instead.
@_cdecl("FuzzPolicy_main")
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
