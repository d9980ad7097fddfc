import ArgumentParser
import AttestCLI
import Testing

/// Every command names itself. A command without `commandName` makes swift-argument-parser
/// derive the name with `String(describing:)` while it builds the command tree, and each such
/// call scans the binary's protocol conformances: about 11 ms of every `attest` process's start,
/// measured with `perf` on the release build.
@Suite struct CommandNamesTests {
    @Test func everyCommandInTheTreeHasAnExplicitName() {
        var unnamed: [String] = []
        var seen = 0
        func walk(_ command: any ParsableCommand.Type, path: String) {
            seen += 1
            let configuration = command.configuration
            guard let name = configuration.commandName else {
                unnamed.append("\(path) > \(command)")
                return
            }
            for subcommand in configuration.subcommands {
                walk(subcommand, path: path.isEmpty ? name : "\(path) \(name)")
            }
        }
        walk(AttestCommand.self, path: "")
        #expect(unnamed == [], "commands without commandName: \(unnamed)")
        #expect(seen > 70, "the walk reached only \(seen) commands")
    }
}
