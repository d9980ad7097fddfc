import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file replacement: write a temporary file, fsync it, rename it over the target,
/// fsync the folder. After `write` returns, the new contents survive a kill or a power loss;
/// before it returns, a reader sees the old contents or the new, never a mix.
enum DurableFile {
    /// Replaces `url` with `bytes` durably.
    /// - Throws: `WitnessError` (`.storage`) naming the file and the system error.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let folder = url.deletingLastPathComponent().path
        let temporary = url.path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create", temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write", temporary)
                close(fd)
                throw error
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            let error = failure("cannot fsync", temporary)
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, url.path) == 0 else { throw failure("cannot rename into place", url.path) }
        try syncFolder(folder)
    }

    /// Fsyncs a folder so that a rename or a new file in it is durable.
    static func syncFolder(_ path: String) throws {
        let dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw failure("cannot open the folder", path) }
        defer { close(dir) }
        guard fsync(dir) == 0 else { throw failure("cannot fsync the folder", path) }
    }

    /// Makes a folder (and its parents) and syncs its parent.
    static func makeFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw WitnessError(.storage, "\(url.path): cannot create the folder (\(error.localizedDescription))")
        }
        try syncFolder(url.deletingLastPathComponent().path)
    }

    private static func failure(_ what: String, _ path: String) -> WitnessError {
        WitnessError(.storage, "\(path): \(what) (\(String(cString: strerror(errno))))")
    }
}

private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}
