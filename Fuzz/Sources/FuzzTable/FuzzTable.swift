import AttestMetrics

/// Fuzzes the CSV and JSON Lines readers (`DataTable.read(bytes:...)`) with a few columns in
/// each reading mode. The first byte picks the format; any bytes either read or throw a
/// `MetricsError`; nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let format: TableFormat = data[0] & 1 == 0 ? .csv : .jsonLines
    let columns = [
        ColumnRequest("label", .numeric), ColumnRequest("prediction", .auto), ColumnRequest("group", .categorical),
    ]
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    do {
        let table = try DataTable.read(bytes: &bytes, source: "fuzz", format: format, columns: columns)
        for row in 0..<table.rowCount { _ = table.line(ofRow: row) }
    } catch is MetricsError {
    } catch {
        fatalError("DataTable.read threw a \(type(of: error)), not a MetricsError: \(error)")
    }
    return 0
}

/// SwiftPM links an executable with `main` defined as `<module>_main`, which would replace
/// libFuzzer's `main`; this entry point hands control to libFuzzer's driver instead.
@_cdecl("FuzzTable_main")
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
