import Foundation

/// Writes an output file without escaping the folder it names: the path may not contain `..`,
/// the file may not be a symbolic link, and the bytes are written to a new temporary file in the
/// same folder (created exclusively, never following links) and renamed over the target, so a
/// link planted at the target's name is replaced rather than followed.
public enum SafeOutput {
    /// Writes `bytes` to `url`.
    /// - Throws: `ReportError` (`.badInput`) for a path that breaks the rule, `.io` when the file
    ///   cannot be written.
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        let path = url.path
        guard !url.pathComponents.contains("..") else {
            throw ReportError(.badInput, "\(path): an output path may not contain '..'; name the folder directly")
        }
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError(.badInput, "\(path): the folder \(folder.path) does not exist")
        }
        if let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType {
            guard type != .typeSymbolicLink else {
                throw ReportError(
                    .badInput, "\(path) is a symbolic link; Attest does not write through links (remove it or choose another name)")
            }
            guard type == .typeRegular else { throw ReportError(.badInput, "\(path) exists and is not a regular file") }
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ReportError(.io, "\(temporary.path): cannot create (\(String(cString: strerror(errno))))")
        }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let result = Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result <= 0 { return false }
                written += result
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok, rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw ReportError(.io, "\(path): cannot write (\(reason))")
        }
    }
}
