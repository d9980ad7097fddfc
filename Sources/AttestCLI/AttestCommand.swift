import ArgumentParser
import AttestLedger
import AttestRegistry
import Foundation

/// The `attest` command: tamper-evident governance for machine-learning models.
public struct AttestCommand: ParsableCommand {
    /// The command's name, help text and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Tamper-evident governance for machine-learning models.",
        discussion: """
            Exit codes: 0 success; 1 refused or a failed check; 2 bad input; 3 storage or system failure; \
            64 command-line usage error. Errors go to standard error.
            """,
        version: AttestVersion.current,
        subcommands: [
            InitCommand.self, KeyCommand.self, ActorCommand.self, RoleCommand.self, ModelCommand.self,
            LineageCommand.self, AliasCommand.self, DeployCommand.self, DeprecateCommand.self, RetireCommand.self,
            EvaluateCommand.self, MonitorCommand.self, EvidenceCommand.self, PolicyCommand.self, ApproveCommand.self,
            RejectCommand.self, ApprovalCommand.self, PromoteCommand.self, LogCommand.self, CheckpointCommand.self,
            ProveCommand.self, VerifyProofCommand.self, VerifyCommand.self, RebuildCommand.self, ReportCommand.self,
            ExportCommand.self, VerifyBundleCommand.self,
        ]
    )

    /// Makes the value (swift-argument-parser needs it).
    public init() {}

    /// Parses `arguments` and runs the command, printing errors; returns the exit code.
    /// - Parameter arguments: the arguments after the program name.
    /// - Returns: the documented exit code.
    public static func run(arguments: [String]) -> Int32 {
        let console = Console.current
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return AttestExit.success
        } catch let failure as CommandFailure {
            console.err("attest: error: \(failure.message)")
            return failure.exitCode
        } catch let error as LedgerError {
            console.err("attest: error: \(error.message)")
            return error.exitCode
        } catch let error as RegistryError {
            console.err("attest: error: \(error.message)")
            return error.exitCode
        } catch {
            let code = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if code == 0 {
                if !message.isEmpty { console.out(message) }
                return 0
            }
            if !message.isEmpty { console.err(message) }
            return code == 1 ? AttestExit.usage : code
        }
    }
}

/// The version string recorded in entries and printed by `--version`.
public enum AttestVersion {
    /// The current version (the registry records it in evaluations and decisions).
    public static let current = Registry.softwareVersion
}
