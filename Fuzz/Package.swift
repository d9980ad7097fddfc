// swift-tools-version: 6.1
// Coverage-guided fuzz targets (libFuzzer) for Attest's parsers. A separate package so that the
// main build never sees `-sanitize=fuzzer`; build and run with `make fuzz` (see Fuzz/README.md).
import Foundation
import PackageDescription

/// The main package is the parent folder; a path dependency's identity is its folder name.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

/// One executable per target; each defines `LLVMFuzzerTestOneInput` and is linked with libFuzzer,
/// which supplies `main`, so the sources are compiled with `-parse-as-library`.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: products.map { .product(name: $0, package: mainPackage) },
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "AttestFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        fuzzTarget("FuzzEntryDecoder", ["AttestLedger"]),
        fuzzTarget("FuzzSignedNote", ["AttestLedger"]),
        fuzzTarget("FuzzProofs", ["AttestLedger"]),
        fuzzTarget("FuzzPolicy", ["AttestPolicy"]),
        fuzzTarget("FuzzTable", ["AttestMetrics"]),
    ]
)
