import AttestLedger
import Foundation

/// The OMS manifest of a model folder, recomputed by the rules of model-signing's `files`
/// serialization: every regular file under the folder, named by its `/`-separated path relative
/// to the folder, hashed with SHA-256; a path is left out when its leading components equal one
/// of the ignored paths; symbolic links are an error unless the signer allowed them (then the
/// target's bytes are hashed); the list is sorted by path components.
public enum OMSManifest {
    /// The files of `folder` and their SHA-256 (hex).
    /// - Parameters:
    ///   - folder: the model folder.
    ///   - ignorePaths: paths relative to the folder to leave out.
    ///   - allowSymlinks: whether a symbolic link is followed (otherwise it is an error).
    /// - Returns: `[path: digest]`.
    /// - Throws: `IntegrationError` (`.refused`) for a symbolic link that is not allowed or a file
    ///   that is neither regular nor a folder; (`.badInput`) for a folder that cannot be read.
    public static func files(of folder: URL, ignorePaths: [String], allowSymlinks: Bool) throws -> [String: String] {
        let ignored = ignorePaths.map(components).filter { !$0.isEmpty && $0.first != ".." }
        var result: [String: String] = [:]
        try walk(folder, relative: [], ignored: ignored, allowSymlinks: allowSymlinks, into: &result)
        return result
    }

    /// Sorts paths as model-signing does (Python `PurePosixPath` ordering: by components, each
    /// compared by code points).
    public static func sorted(_ paths: some Sequence<String>) -> [String] {
        paths.sorted { lhs, rhs in
            components(lhs).map { Array($0.unicodeScalars.map(\.value)) }
                .lexicographicallyPrecedes(components(rhs).map { Array($0.unicodeScalars.map(\.value)) }) {
                    $0.lexicographicallyPrecedes($1)
                }
        }
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
    }

    static func isIgnored(_ relative: [String], _ ignored: [[String]]) -> Bool {
        ignored.contains { relative.count >= $0.count && Array(relative.prefix($0.count)) == $0 }
    }

    private static func walk(
        _ url: URL, relative: [String], ignored: [[String]], allowSymlinks: Bool, into result: inout [String: String]
    ) throws {
        let manager = FileManager.default
        let names: [String]
        do { names = try manager.contentsOfDirectory(atPath: url.path) } catch {
            throw IntegrationError(.badInput, "\(url.path): cannot read the folder (\(error.localizedDescription))")
        }
        for name in names.sorted() {
            let path = relative + [name]
            if isIgnored(path, ignored) { continue }
            let child = url.appendingPathComponent(name)
            let attributes = try? manager.attributesOfItem(atPath: child.path)
            var type = attributes?[.type] as? FileAttributeType
            if type == .typeSymbolicLink {
                guard allowSymlinks else {
                    throw IntegrationError(
                        .refused, "\(path.joined(separator: "/")) is a symbolic link, and the signature was made without allowing links")
                }
                type = (try? manager.attributesOfItem(atPath: child.resolvingSymlinksInPath().path))?[.type] as? FileAttributeType
            }
            if type == .typeDirectory {
                try walk(child, relative: path, ignored: ignored, allowSymlinks: allowSymlinks, into: &result)
            } else if type == .typeRegular {
                result[path.joined(separator: "/")] = try digest(of: child.resolvingSymlinksInPath())
            } else {
                throw IntegrationError(.refused, "\(path.joined(separator: "/")) is neither a regular file nor a folder")
            }
        }
    }

    static func digest(of url: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw IntegrationError(.badInput, "\(url.path): cannot read the file")
        }
        defer { try? handle.close() }
        var hasher = AttestLedger.SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return hasher.finalize().hex
    }
}
