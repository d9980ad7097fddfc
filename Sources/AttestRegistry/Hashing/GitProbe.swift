import Foundation

/// Finds the git working tree around a path and reads its remote, commit and cleanliness.
public enum GitProbe {
    /// The code reference of the working tree containing `url`, or `nil` outside git.
    public static func codeReference(around url: URL) -> CodeReference? {
        let folder = url.hasDirectoryPath ? url : url.deletingLastPathComponent()
        guard let top = git(["rev-parse", "--show-toplevel"], in: folder),
            let commit = git(["rev-parse", "HEAD"], in: folder)
        else { return nil }
        let remote = git(["remote", "get-url", "origin"], in: folder) ?? top
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: folder) ?? ""
        return CodeReference(repository: remote, commit: commit, dirty: !status.isEmpty)
    }

    /// Parses `REPO@COMMIT`.
    /// - Throws: `RegistryError` (`.badInput`) when there is no `@` or a part is empty.
    public static func parse(_ text: String) throws -> CodeReference {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else {
            throw RegistryError(.badInput, "--code '\(text)': expected REPOSITORY@COMMIT")
        }
        let commit = String(text[text.index(after: at)...])
        guard commit.allSatisfy({ $0.isLetter || $0.isNumber || "._-/".contains($0) }) else {
            throw RegistryError(.badInput, "--code '\(text)': the commit '\(commit)' contains invalid characters")
        }
        return CodeReference(repository: String(text[..<at]), commit: commit, dirty: nil)
    }

    private static func git(_ arguments: [String], in folder: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
