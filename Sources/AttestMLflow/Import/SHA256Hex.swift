import Crypto
import Foundation

/// Lower-case hex SHA-256 (swift-crypto).
enum SHA256Hex {
    static func of(_ data: Data) -> String { Crypto.SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }
}
