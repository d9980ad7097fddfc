import CSodium
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The peers measured in the same run: raw libsodium Ed25519 and SHA-256, and the disk's
/// write + fdatasync latency. The ledger's numbers are read against these.
struct PeerResults {
    var signPerSecond = Double.nan
    var verifyPerSecond = Double.nan
    var sha256BytesPerSecond = Double.nan
    var fdatasyncSeconds = Double.nan
}

enum Peers {
    /// Ed25519 sign/s and verify/s on one core (`crypto_sign_detached`, `crypto_sign_verify_detached`)
    /// over a 500-byte message (about an entry body with a 300-byte payload).
    static func ed25519(operations: Int, repetitions: Int) -> (sign: Double, verify: Double) {
        _ = sodium_init()
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        let seed = [UInt8](repeating: 7, count: 32)
        crypto_sign_seed_keypair(&publicKey, &secretKey, seed)
        var message = [UInt8](repeating: 0x61, count: 500)
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        var signRates: [Double] = []
        var verifyRates: [Double] = []
        var sink = 0
        for _ in 0..<repetitions {
            let signTime = Measure.seconds {
                for i in 0..<operations {
                    message[0] = UInt8(truncatingIfNeeded: i)
                    crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
                }
            }
            signRates.append(Double(operations) / signTime)
            let verifyTime = Measure.seconds {
                for _ in 0..<operations {
                    sink &+= Int(crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey))
                }
            }
            verifyRates.append(Double(operations) / verifyTime)
        }
        precondition(sink == 0, "the benchmark's own signatures must verify")
        return (Measure.median(signRates), Measure.median(verifyRates))
    }

    /// SHA-256 throughput in bytes/s over a buffer of `bytes`, hashed in 1 MiB updates.
    static func sha256(bytes: Int, repetitions: Int) -> Double {
        _ = sodium_init()
        let chunk = [UInt8](repeating: 0x5a, count: 1 << 20)
        var out = [UInt8](repeating: 0, count: 32)
        var rates: [Double] = []
        for _ in 0..<repetitions {
            let time = Measure.seconds {
                var state = crypto_hash_sha256_state()
                crypto_hash_sha256_init(&state)
                for _ in 0..<(bytes / chunk.count) { crypto_hash_sha256_update(&state, chunk, UInt64(chunk.count)) }
                crypto_hash_sha256_final(&state, &out)
            }
            rates.append(Double(bytes) / time)
        }
        return Measure.median(rates)
    }

    /// The latency of appending 4 KiB to a file and `fdatasync`-ing it, each sample one append.
    /// - Returns: every sample, in seconds.
    static func fdatasyncSamples(folder: URL, count: Int) throws -> [Double] {
        let path = folder.appendingPathComponent("fdatasync.bin").path
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        guard fd >= 0 else { throw BenchError("cannot create \(path): errno \(errno)") }
        defer {
            close(fd)
            unlink(path)
        }
        let block = [UInt8](repeating: 0xa5, count: 4096)
        var samples: [Double] = []
        for _ in 0..<(count + 5) {
            let time = try Measure.seconds {
                guard write(fd, block, block.count) == block.count else { throw BenchError("write failed: errno \(errno)") }
                guard fdatasync(fd) == 0 else { throw BenchError("fdatasync failed: errno \(errno)") }
            }
            samples.append(time)
        }
        return Array(samples.dropFirst(5))  // the first few allocate the file's first extents
    }
}

/// A benchmark that cannot run.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
