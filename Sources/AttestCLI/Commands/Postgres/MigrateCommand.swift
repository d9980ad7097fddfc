import ArgumentParser
import AttestLedger
import AttestPostgres
import AttestRegistry
import Foundation

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a ledger between a SQLite file and a PostgreSQL database, entry for entry.",
        discussion: """
            One side is a file, the other postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...] \
            (password also from $PGPASSWORD). Entries keep their bytes, signatures and times; every stored \
            checkpoint and its witness cosignatures are copied. Each entry is checked before it is stored, the \
            copy must have the source's root at every checkpoint size, and the copy is verified in full \
            before the command succeeds. A PostgreSQL destination must be an empty database; a file \
            destination must not exist. --grant ROLE gives a server's role SELECT and INSERT on the log \
            tables, never UPDATE, DELETE or TRUNCATE (docs/postgres.md).
            """)

    @Option(name: .long, help: "The source: a ledger file or a postgres:// URL.") var from: String
    @Option(name: .long, help: "The destination: a new ledger file or an empty database's postgres:// URL.") var to: String
    @Option(name: .long, help: "A PostgreSQL role to grant append-only rights on the copied log.") var grant: String?
    @Flag(name: .long, help: "Print machine-readable JSON.") var json = false

    func validate() throws {
        guard PostgresLocation.isLocation(from) != PostgresLocation.isLocation(to) else {
            throw ValidationError("one of --from and --to must be a postgres:// URL and the other a ledger file")
        }
        if grant != nil, !PostgresLocation.isLocation(to) {
            throw ValidationError("--grant applies to a PostgreSQL destination only")
        }
    }

    func run() throws {
        let console = Console.current
        let result: (LedgerMigration.Summary, VerificationReport)
        if PostgresLocation.isLocation(to) {
            let source = try Ledger.open(at: console.url(from).path, readOnly: true)
            let location = try PostgresLocation(parsing: to, environment: console.environment)
            let role = grant
            result = try Blocking.run {
                let summary = try await LedgerMigration.copy(from: source, to: location)
                let log = try await PostgresLog.open(at: location)
                do {
                    if let role { try await log.grantAppendOnly(to: role) }
                    let report = try await log.verify()
                    await log.close()
                    return (summary, report)
                } catch {
                    await log.close()
                    throw error
                }
            }
        } else {
            let location = try PostgresLocation(parsing: from, environment: console.environment)
            let path = console.url(to).path
            guard !FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure.badInput("\(path) exists already; migrate writes a new file")
            }
            let summary = try Blocking.run {
                let log = try await PostgresLog.open(at: location)
                do {
                    let summary = try await LedgerMigration.copy(from: log, toFile: path, projectors: Registry.projectors)
                    await log.close()
                    return summary
                } catch {
                    await log.close()
                    throw error
                }
            }
            result = (summary, try LedgerVerifier().verify(try Ledger.open(at: path, readOnly: true)))
        }
        let (summary, report) = result
        try show(summary, report)
        guard report.isValid else {
            throw CommandFailure.refused("the copy does not verify: \(report.firstProblem.map(String.init(describing:)) ?? "?")")
        }
    }

    private func show(_ summary: LedgerMigration.Summary, _ report: VerificationReport) throws {
        let destination = PostgresLocation.isLocation(to) ? try PostgresLocation(parsing: to).description : to
        if json {
            try JSONOutput.print(
                [
                    "entries": Int(summary.entries), "checkpoints": summary.checkpoints, "cosignatures": summary.cosignatures,
                    "root": summary.root.base64, "checkedSizes": summary.checkedSizes.map { Int($0) }, "to": destination,
                    "verified": report.isValid,
                ] as [String: Any])
        } else {
            let console = Console.current
            console.out(
                "Copied \(summary.entries) entries, \(summary.checkpoints) checkpoints and \(summary.cosignatures) cosignatures to \(destination)"
            )
            console.out("Same root at sizes \(summary.checkedSizes.map(String.init).joined(separator: ", ")): \(summary.root.base64)")
            console.out(report.isValid ? "The copy verifies (\(report.signaturesChecked) signatures)" : "The copy does NOT verify")
        }
    }
}
