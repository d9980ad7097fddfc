import ArgumentParser
import AttestIntegrations
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
            ExportCommand.self, VerifyBundleCommand.self, AdmissionCommand.self, DiffCommand.self, WitnessCommand.self,
            ServeCommand.self, CloneCommand.self, LoginCommand.self, MLflowCommand.self,
        ]
    )

    /// Makes the value (swift-argument-parser needs it).
    public init() {}

    /// Parses `arguments` and runs the command, printing errors; returns the exit code.
    /// - Parameter arguments: the arguments after the program name.
    /// - Returns: the documented exit code.
    public static func run(arguments: [String]) -> Int32 {
        let report = ErrorReport(json: arguments.prefix(while: { $0 != "--" }).contains("--json"))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return AttestExit.success
        } catch {
            return exitStatus(for: error, report: report)
        }
    }

    /// Prints `error` the documented way and returns its exit code.
    static func exitStatus(for error: any Error, report: ErrorReport) -> Int32 {
        switch error {
        case let failure as CommandFailure:
            return report.fail(failure.message, code: failure.code, exit: failure.exitCode)
        case let error as LedgerError:
            return report.fail(error.message, code: error.code.rawValue, exit: error.exitCode)
        case let error as RegistryError:
            return report.fail(error.message, code: error.code.rawValue, exit: error.exitCode)
        case let error as IntegrationError:
            return report.fail(error.message, code: error.codeName, exit: error.exitCode)
        case let exit as ExitCode:
            return exit.rawValue
        default:
            let code = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if code == 0 {
                if !message.isEmpty { Console.current.out(message) }
                return 0
            }
            // swift-argument-parser answers 1 (EXIT_FAILURE) for every error that is not its own:
            // an error no command mapped is a system failure, not a usage error.
            guard code == AttestExit.usage else {
                return report.fail("unexpected failure: \(String(describing: error))", code: "system", exit: AttestExit.system)
            }
            return report.fail(message, code: "usage", exit: AttestExit.usage, prefixed: false)
        }
    }
}

/// How a failed command tells: `attest: error: MESSAGE` on standard error, or with `--json` one
/// JSON object on standard error, `{"error":{"code":...,"exit":...,"message":...}}` (docs/cli.md).
struct ErrorReport {
    let json: Bool

    func fail(_ message: String, code: String, exit: Int32, prefixed: Bool = true) -> Int32 {
        let console = Console.current
        if json {
            console.err(JSONOutput.compact(["error": ["code": code, "message": message, "exit": Int(exit)]]))
        } else if prefixed {
            console.err("attest: error: \(message)")
        } else if !message.isEmpty {
            console.err(message)
        }
        return exit
    }
}

/// The version string recorded in entries and printed by `--version`.
public enum AttestVersion {
    /// The current version (the registry records it in evaluations and decisions).
    public static let current = Registry.softwareVersion
}
