import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the `attest` binary with its keystore in `home`, output discarded; returns its status.
func runAttest(_ binary: URL, _ arguments: [String], home: URL) throws -> Int32 {
    try ChildProcess.run(binary.path, arguments, environment: ["ATTEST_HOME": home.path]).status
}

/// Runs a process to completion, output discarded; throws when it fails, with its errors.
func runProcess(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws {
    let child = try ChildProcess.run(path, arguments, environment: environment, keepErrors: true)
    guard child.status == 0 else {
        throw BenchError("\(path) \(arguments.prefix(3).joined(separator: " ")) exited \(child.status): \(child.errors)")
    }
}

/// Runs a process and returns its standard output; throws unless it exits 0.
func capture(_ path: String, _ arguments: [String]) throws -> String {
    let child = try ChildProcess.run(path, arguments, keepOutput: true)
    guard child.status == 0 else { throw BenchError("\(arguments.joined(separator: " ")) exited \(child.status)") }
    return child.output
}

/// A child process started with `posix_spawn` and reaped with `waitpid`.
///
/// Foundation's `Process.waitUntilExit` on Linux looks for the child's exit every 50 ms, so
/// every process time this bench measured with it was rounded up to a multiple of 50 ms
/// (`/bin/true` took 51 ms). Here the parent blocks in `waitpid` and wakes when the child ends.
struct ChildProcess {
    /// The exit status (128 + the signal's number when a signal ended it).
    let status: Int32
    /// Standard output, when kept.
    let output: String
    /// Standard error, when kept.
    let errors: String

    /// Runs `path` with `arguments` and this process's environment plus `environment`; output
    /// not kept goes to `/dev/null`. At most one of the two streams is kept.
    static func run(
        _ path: String, _ arguments: [String], environment: [String: String] = [:], keepOutput: Bool = false,
        keepErrors: Bool = false
    ) throws -> ChildProcess {
        precondition(!(keepOutput && keepErrors), "one kept stream at a time: a full second pipe would block the child")
        var pipe: [Int32] = [-1, -1]
        if keepOutput || keepErrors { guard Glibc.pipe(&pipe) == 0 else { throw BenchError("pipe() failed") } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (stream, kept) in [(Int32(1), keepOutput), (Int32(2), keepErrors)] {
            if kept {
                posix_spawn_file_actions_adddup2(&actions, pipe[1], stream)
            } else {
                posix_spawn_file_actions_addopen(&actions, stream, "/dev/null", O_WRONLY, 0)
            }
        }
        if pipe[0] >= 0 {
            posix_spawn_file_actions_addclose(&actions, pipe[0])
            posix_spawn_file_actions_addclose(&actions, pipe[1])
        }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        if pipe[1] >= 0 { close(pipe[1]) }
        guard spawned == 0 else {
            if pipe[0] >= 0 { close(pipe[0]) }
            throw BenchError("\(path): cannot start (\(String(cString: strerror(spawned))))")
        }
        var kept = Data()
        if pipe[0] >= 0 {
            kept = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true).readDataToEndOfFile()
        }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 {
            guard errno == EINTR else { throw BenchError("waitpid failed for \(path)") }
        }
        let status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        let text = String(decoding: kept, as: UTF8.self)
        return ChildProcess(status: status, output: keepOutput ? text : "", errors: keepErrors ? text : "")
    }
}
