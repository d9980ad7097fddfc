// swift-tools-version: 6.1
import Foundation
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Attest",
    platforms: [.macOS(.v15)],  // Synchronization.Mutex needs macOS 15
    products: [
        .executable(name: "attest", targets: ["attest"]),
        .library(name: "AttestLedger", targets: ["AttestLedger"]),
        .library(name: "AttestMetrics", targets: ["AttestMetrics"]),
        .library(name: "AttestPolicy", targets: ["AttestPolicy"]),
        .library(name: "AttestRegistry", targets: ["AttestRegistry"]),
        .library(name: "AttestReports", targets: ["AttestReports"]),
        .library(name: "AttestIntegrations", targets: ["AttestIntegrations"]),
        .library(name: "AttestServer", targets: ["AttestServer"]),
        .library(name: "AttestPostgres", targets: ["AttestPostgres"]),
        .library(name: "AttestMLflow", targets: ["AttestMLflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already Hummingbird's; named here for the server tests' graceful shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // The system libsodium (Debian: libsodium-dev), for Ed25519, SHA-256, Argon2id and AEAD.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // The log: entries, keys, hashing, signing, Merkle tree, checkpoints, proofs, storage.
        .target(
            name: "AttestLedger",
            dependencies: ["CSodium", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        // Pure: evaluation data in, metrics out.
        .target(name: "AttestMetrics", swiftSettings: upcoming),
        // Pure: a published policy set and a snapshot of facts in, a verdict per rule out.
        .target(
            name: "AttestPolicy",
            dependencies: ["AttestMetrics", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming
        ),
        // The domain: typed events, projections, and the commands that read state and append.
        .target(
            name: "AttestRegistry",
            dependencies: [
                "AttestLedger", "AttestMetrics", "AttestPolicy",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        // Audit reports (templates under reports/) and offline evidence bundles.
        .target(
            name: "AttestReports",
            dependencies: [
                "AttestLedger", "AttestRegistry", "AttestMetrics", "AttestPolicy",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
            ],
            swiftSettings: upcoming
        ),
        // Supply-chain formats: in-toto statements in DSSE envelopes out, OMS model signatures in.
        .target(
            name: "AttestIntegrations",
            dependencies: [
                "AttestLedger", "AttestRegistry", "AttestPolicy", "AttestReports",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: upcoming
        ),
        // HTTP for the clients (witnesses, --server, MLflow) on AsyncHTTPClient: SwiftNIO, which the
        // server needs anyway, instead of URLSession's libcurl and its thirty shared libraries.
        .target(
            name: "AttestHTTP",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        // Governance over an MLflow tracking server: its REST API 2.0 (AttestHTTP), import, alias audit.
        .target(
            name: "AttestMLflow",
            dependencies: [
                "AttestLedger", "AttestRegistry", "AttestPolicy", "AttestHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        // A C2SP tlog-witness: verifies consistency, keeps durable per-log state, cosigns checkpoints.
        .target(
            name: "AttestWitness",
            dependencies: [
                "AttestLedger", "AttestHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        // The team server: the /v1 API, RFC 9421 signed requests, the append protocol (Hummingbird 2).
        .target(
            name: "AttestServer",
            dependencies: [
                "AttestLedger", "AttestRegistry", "AttestReports", "AttestMetrics", "AttestPolicy", "AttestWitness", "AttestMLflow",
                "AttestHTTP", "AttestIntegrations",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: upcoming
        ),
        // The log in PostgreSQL (postgres-nio): the same entries, Merkle nodes and checkpoints as the
        // SQLite ledger, append-only in the database; the library and its tests build without it.
        .target(
            name: "AttestPostgres",
            dependencies: [
                "AttestLedger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: upcoming
        ),
        // The command line's commands (argument parsing, prompting, printing, exit codes).
        .target(
            name: "AttestCLI",
            dependencies: [
                "AttestLedger", "AttestRegistry", "AttestReports", "AttestMetrics", "AttestPolicy",
                "AttestIntegrations", "AttestWitness", "AttestServer", "AttestPostgres", "AttestMLflow", "AttestHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(name: "attest", dependencies: ["AttestCLI"], swiftSettings: upcoming),
        // Worker processes for the concurrency and crash-consistency tests.
        .executableTarget(name: "attest-stress", dependencies: ["AttestLedger"], swiftSettings: upcoming),
        // The tests' helpers that start the built `attest` as a child process (serve, witnesses).
        .target(name: "AttestTestProcesses", path: "Tests/AttestTestProcesses", swiftSettings: upcoming),
        .testTarget(
            name: "AttestLedgerTests",
            dependencies: ["AttestLedger", "CSodium", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestRegistryTests",
            dependencies: [
                "AttestRegistry", "AttestLedger", "AttestPolicy", .product(name: "GRDB", package: "GRDB.swift"),
                // Witnessed time is tested against real witnesses on loopback ports, the inventory's
                // review dates included.
                "AttestWitness", "AttestReports",
            ],
            exclude: ["Fixtures"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestReportsTests",
            dependencies: ["AttestReports", "AttestRegistry", "AttestLedger", "AttestMetrics", "AttestPolicy"],
            exclude: ["Golden"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestCLITests",
            dependencies: [
                "AttestCLI", "AttestLedger", "AttestPolicy", "AttestWitness", "AttestRegistry", "AttestReports", "AttestServer",
                "AttestTestProcesses", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestHTTPTests",
            dependencies: ["AttestHTTP"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestWitnessTests",
            dependencies: ["AttestWitness", "AttestLedger", "AttestTestProcesses"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestServerTests",
            dependencies: [
                "AttestServer", "AttestRegistry", "AttestLedger", "AttestMLflow",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestMetricsTests",
            dependencies: ["AttestMetrics"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestIntegrationsTests",
            dependencies: ["AttestIntegrations", "AttestRegistry", "AttestLedger", "AttestPolicy", "AttestCLI", "AttestTestProcesses"],
            swiftSettings: upcoming
        ),
        // Against a real `mlflow server` (PyPI, .build/venv-mlflow) on a free loopback port.
        .testTarget(
            name: "AttestMLflowTests",
            dependencies: ["AttestMLflow", "AttestRegistry", "AttestLedger", "AttestCLI", "AttestTestProcesses"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestPostgresTests",
            dependencies: ["AttestPostgres", "AttestLedger", "AttestCLI", "AttestRegistry", "AttestTestProcesses"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "AttestPolicyTests",
            dependencies: ["AttestPolicy", "AttestMetrics"],
            swiftSettings: upcoming
        ),
    ]
)

// The release benchmarks (`make bench`, docs/benchmarks.md) are a target only when ATTEST_BENCH is
// set, so `swift build --build-tests` (make test, a fresh clone in CI) does not compile and link
// them: half a minute of a clean build on two cores.
if ProcessInfo.processInfo.environment["ATTEST_BENCH"] != nil {
    package.targets.append(
        .executableTarget(
            name: "attest-bench",
            dependencies: [
                "AttestLedger", "CSodium", "AttestRegistry", "AttestMetrics", "AttestPolicy", "AttestReports", "AttestWitness",
                "AttestServer", "AttestCLI", "AttestPostgres",
            ],
            path: "Benchmarks/attest-bench",
            swiftSettings: upcoming
        ))
}
