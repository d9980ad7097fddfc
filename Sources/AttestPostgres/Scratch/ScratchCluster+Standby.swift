import Foundation

extension ScratchCluster {
    /// Makes a streaming standby of this cluster (`pg_basebackup -R -X stream` into a new folder)
    /// and starts it on a free loopback port; call ``requireSynchronousStandby()`` to make every
    /// commit wait for it. Blocking.
    /// - Throws: ``ScratchClusterError`` with the failing program's output.
    public func makeStandby(durable: Bool = false) throws -> ScratchCluster {
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("attest-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let runAs { try Self.run("/bin/chown", [runAs, folder.path], as: nil, in: folder) }
        try Self.run(
            binaries.appendingPathComponent("pg_basebackup").path,
            [
                "-h", "127.0.0.1", "-p", String(port), "-U", Self.superuser, "-D", folder.appendingPathComponent("data").path, "-R", "-X",
                "stream", "--no-sync",
            ], as: runAs, in: folder)
        return try Self.launch(folder: folder, binaries: binaries, runAs: runAs, durable: durable)
    }

    /// Sets `synchronous_standby_names = '*'` and waits (up to a minute) until a standby
    /// streams synchronously: from then on a commit returns only once the standby has it.
    public func requireSynchronousStandby() throws {
        try psql("ALTER SYSTEM SET synchronous_standby_names = '*'")
        try psql("SELECT pg_reload_conf()")
        for _ in 0..<300 {
            if try psql("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'").trimmingCharacters(
                in: .whitespacesAndNewlines)
                != "0"
            {
                return
            }
            usleep(200_000)
        }
        throw ScratchClusterError("no standby became synchronous on port \(port) within a minute")
    }

    /// SIGKILLs the cluster's postmaster (its pid from `postmaster.pid`): a machine lost, no
    /// shutdown. Its backends end when they notice.
    public func killServer() throws {
        let pidFile = folder.appendingPathComponent("data/postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) })
        else {
            throw ScratchClusterError("no postmaster.pid in \(folder.path)")
        }
        kill(pid, SIGKILL)
    }

    /// Promotes a standby to primary (`pg_ctl promote -w`).
    public func promote() throws {
        try Self.run(
            binaries.appendingPathComponent("pg_ctl").path, ["-D", folder.appendingPathComponent("data").path, "-w", "promote"], as: runAs,
            in: folder)
    }
}
