import AttestCLI
import Foundation

exit(AttestCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
