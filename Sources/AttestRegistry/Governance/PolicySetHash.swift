import AttestLedger
import AttestPolicy
import Foundation

/// The hash of a policy set: SHA-256 over a canonical listing of its files.
///
/// The listing has one line per file, sorted by the UTF-8 bytes of the path, each
/// `<hex SHA-256 of the file>  <path>\n` (two spaces: the format of `sha256sum`). The set's hash
/// is `sha256:` followed by the hex SHA-256 of the listing, so a third party recomputes it with
///
/// ```
/// cd policies && find . -name '*.y*ml' -not -path './tests/*' | sed 's|^\./||' | LC_ALL=C sort \
///   | xargs sha256sum | sha256sum
/// ```
public enum PolicySetHash {
    /// `sha256:<hex>` of a file's bytes.
    /// - Parameter bytes: the exact bytes.
    /// - Returns: the digest in text form.
    public static func fileDigest(_ bytes: Data) -> String { SHA256.hash(bytes).description }

    /// The canonical listing of a set's files.
    /// - Parameter files: the files, in any order.
    /// - Returns: the listing, one `hex  path` line per file.
    public static func listing(_ files: [PolicySourceFile]) -> String {
        files.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
            .map { "\(SHA256.hash($0.bytes).hex)  \($0.path)\n" }
            .joined()
    }

    /// The set's hash.
    /// - Parameter files: the files, in any order.
    /// - Returns: `sha256:<hex>` of ``listing(_:)``.
    public static func hash(_ files: [PolicySourceFile]) -> String {
        SHA256.hash(Data(listing(files).utf8)).description
    }
}
