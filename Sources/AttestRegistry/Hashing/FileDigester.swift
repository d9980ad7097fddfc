import Crypto
import Dispatch
import Foundation
import Synchronization

/// Streams files through SHA-256 (swift-crypto, which uses the CPU's SHA extensions where
/// present) and hashes several files in parallel.
///
/// A folder is recorded as the SHA-256 of its manifest: one line per regular file, sorted by
/// relative path, `sha256:<hex> <size> <relative path>\n`. See docs/registry.md.
public enum FileDigester {
    /// Bytes read per system call.
    static let chunkSize = 4 << 20

    /// The digest of one file or folder.
    /// - Parameter url: the path.
    /// - Returns: name, digest and size.
    /// - Throws: `RegistryError` (`.notFound`) for a missing or unreadable path.
    public static func record(for url: URL, role: String? = nil) throws -> FileRecord {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw RegistryError(.notFound, "\(url.path): no such file or folder")
        }
        if isDirectory.boolValue {
            let (digest, size) = try folderDigest(url)
            return FileRecord(name: url.lastPathComponent, digest: digest, size: size, role: role, isFolder: true)
        }
        let (digest, size) = try fileDigest(url)
        return FileRecord(name: url.lastPathComponent, digest: digest, size: size, role: role, isFolder: nil)
    }

    /// Records for several paths, hashed in parallel, in the order given.
    public static func records(for items: [(url: URL, role: String?)]) throws -> [FileRecord] {
        let results = ResultCollector<FileRecord>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, Result { try record(for: items[index].url, role: items[index].role) })
        }
        return try results.values()
    }

    /// `sha256:<hex>` and size of one regular file, streamed.
    public static func fileDigest(_ url: URL) throws -> (String, Int64) {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENXIO { throw notRegular(url, kind: "a socket") }
            throw RegistryError(.notFound, "\(url.path): cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw RegistryError(.notFound, "\(url.path): cannot examine (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw notRegular(url, kind: kind(of: status.st_mode)) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        var hasher = Crypto.SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw RegistryError(.notFound, "\(url.path): read failed (\(String(cString: strerror(errno))))")
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += Int64(count)
        }
        return ("sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined(), total)
    }

    /// A path that is neither a regular file nor a folder (exit 2).
    static func notRegular(_ url: URL, kind: String) -> RegistryError {
        RegistryError(.badInput, "\(url.path) is \(kind), not a regular file; give a regular file (or a folder of them)")
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a folder"
        default: "a special file"
        }
    }

    /// The manifest digest of a folder and the total size of its files.
    public static func folderDigest(_ url: URL) throws -> (String, Int64) {
        let manifest = try folderManifest(url)
        var hasher = Crypto.SHA256()
        hasher.update(data: Data(manifest.text.utf8))
        return ("sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined(), manifest.size)
    }

    /// The manifest text of a folder.
    public static func folderManifest(_ url: URL) throws -> (text: String, size: Int64) {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw RegistryError(.notFound, "\(url.path): cannot list the folder")
        }
        var files: [(String, URL)] = []
        let base = url.standardizedFileURL.path
        for case let file as URL in walker {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = file.standardizedFileURL.path
            files.append((String(full.dropFirst(base.count + 1)), file))
        }
        files.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        let sorted = files
        let results = ResultCollector<(String, Int64)>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results.set(index, Result { try fileDigest(sorted[index].1) })
        }
        let digests = try results.values()
        var text = ""
        var size: Int64 = 0
        for (index, (path, _)) in files.enumerated() {
            text += "\(digests[index].0) \(digests[index].1) \(path)\n"
            size += digests[index].1
        }
        return (text, size)
    }
}

/// Results of parallel iterations, each stored at its own index under a lock
/// (`Synchronization.Mutex`): no shared array is mutated outside the lock, so this is `Sendable`
/// without `@unchecked`. The lock is taken once per file, which costs nothing next to hashing it.
final class ResultCollector<Value: Sendable>: Sendable {
    private let storage: Mutex<[Result<Value, any Error>?]>

    init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: Result<Value, any Error>) {
        storage.withLock { $0[index] = value }
    }

    /// The results in index order; rethrows the first failure. Call after the iterations return.
    func values() throws -> [Value] { try storage.withLock { $0 }.map { try $0!.get() } }
}
