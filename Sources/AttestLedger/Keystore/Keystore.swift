import Foundation

/// A folder of key files: `<home>/keys/<name>.key` (private, mode 0600, encrypted unless asked
/// otherwise) and `<home>/keys/<name>.pub` (the verifier key).
///
/// The home is `$ATTEST_HOME`, or `~/.attest`.
public struct Keystore: Sendable {
    /// The keystore's root folder.
    public let home: URL

    /// A keystore at an explicit folder.
    public init(home: URL) { self.home = home }

    /// The keystore named by `ATTEST_HOME`, or `~/.attest`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Keystore {
        if let home = environment["ATTEST_HOME"], !home.isEmpty { return Keystore(home: URL(fileURLWithPath: home)) }
        return Keystore(home: FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".attest"))
    }

    /// The folder holding key files.
    public var keysFolder: URL { home.appendingPathComponent("keys") }

    /// The private key file of `name`.
    public func privateKeyURL(_ name: String) -> URL { keysFolder.appendingPathComponent(Self.fileName(name) + ".key") }
    /// The public key file of `name`.
    public func publicKeyURL(_ name: String) -> URL { keysFolder.appendingPathComponent(Self.fileName(name) + ".pub") }

    /// Whether a private key named `name` exists.
    public func contains(_ name: String) -> Bool { FileManager.default.fileExists(atPath: privateKeyURL(name).path) }

    /// Generates a key pair and stores it.
    /// - Parameters:
    ///   - name: the key name (an actor's name, or a log's origin), NFC-normalised first.
    ///   - passphrase: encrypts the private key; `nil` stores it unencrypted.
    /// - Returns: the new signer.
    /// - Throws: `LedgerError` (`.alreadyExists`) if the name is taken, (`.badInput`) for a bad name.
    ///   Nothing is left in the keystore when it throws.
    @discardableResult
    public func generate(name: String, passphrase: SecretBytes?) throws -> Signer {
        let name = try IdentifierText.normalize(name, what: "key name")
        let signer = try Signer(name: name, key: .generate())
        try store(signer, passphrase: passphrase)
        return signer
    }

    /// Stores an existing key pair: the private file, then the public file, each created
    /// exclusively and synced; when either fails, whatever was created is removed again.
    /// - Throws: `LedgerError` (`.alreadyExists`) if a key of that name exists.
    public func store(_ signer: Signer, passphrase: SecretBytes?) throws {
        let sealed = try encodedKeyFile(signer, passphrase: passphrase)
        let folderExisted = FileManager.default.fileExists(atPath: keysFolder.path)
        try createKeysFolder()
        let keyURL = privateKeyURL(signer.name)
        do {
            try Self.writeExclusive(sealed, to: keyURL, mode: 0o600)
            do {
                try Self.writeExclusive(Data((signer.verifierKey.description + "\n").utf8), to: publicKeyURL(signer.name), mode: 0o644)
                try syncKeysFolder()
            } catch {
                unlink(keyURL.path)
                throw error
            }
        } catch {
            if !folderExisted { rmdir(keysFolder.path) }
            throw error
        }
    }

    /// The JSON of a sealed key file.
    func encodedKeyFile(_ signer: Signer, passphrase: SecretBytes?) throws -> Data {
        let file = try KeyFile.seal(signer, passphrase: passphrase)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(file)
    }

    /// Loads and decrypts a private key.
    /// - Parameters:
    ///   - name: the key name.
    ///   - passphrase: a closure asked only when the file is encrypted.
    /// - Throws: `LedgerError` (`.notFound`, `.wrongPassphrase`, `.malformedKey`).
    public func load(name: String, passphrase: () throws -> SecretBytes?) throws -> Signer {
        let url = privateKeyURL(name)
        if pendingRotation(name: name) != nil {
            throw LedgerError(
                .badInput,
                "\(url.path).new: a rotation of the key '\(name)' was interrupted; finish or undo it with 'attest actor rotate-key --recover --as \(name)', which asks the ledger which key it trusts"
            )
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LedgerError(
                .notFound, "no private key '\(name)' in \(keysFolder.path); create it with 'attest key generate \(name)' or set ATTEST_HOME"
            )
        }
        let file: KeyFile
        do {
            file = try JSONDecoder().decode(KeyFile.self, from: data)
        } catch {
            throw LedgerError(.malformedKey, "\(url.path): not an Attest key file (\(Self.describe(error)))")
        }
        return try file.open(passphrase: file.encrypted ? try passphrase() : nil, source: url.path)
    }

    /// Whether the stored key `name` is encrypted.
    public func isEncrypted(_ name: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: privateKeyURL(name).path),
            let file = try? JSONDecoder().decode(KeyFile.self, from: data)
        else { return true }
        return file.encrypted
    }

    /// The verifier key of `name`.
    /// - Throws: `LedgerError` (`.notFound`, `.malformedKey`).
    public func publicKey(name: String) throws -> VerifierKey {
        let url = publicKeyURL(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LedgerError(.notFound, "no public key '\(name)' in \(keysFolder.path)")
        }
        return try VerifierKey(parsing: String(decoding: data, as: UTF8.self))
    }

    /// Maps a key name to a file name: the name in NFC, `[A-Za-z0-9._-]` kept, other bytes as `%XX`.
    static func fileName(_ name: String) -> String {
        var out = ""
        for byte in name.precomposedStringWithCanonicalMapping.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || byte == 0x2D || byte == 0x5F
                || (byte == 0x2E && !out.isEmpty)
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    func createKeysFolder() throws {
        do {
            try FileManager.default.createDirectory(
                at: keysFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LedgerError(.storage, "\(keysFolder.path): cannot create the keystore folder (\(Self.describe(error)))")
        }
    }

    /// Writes a new file with `O_EXCL` and the given mode, so an existing key is never replaced.
    static func writeExclusive(_ data: Data, to url: URL, mode: mode_t) throws {
        let fd = Foundation.open(url.path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else {
            if errno == EEXIST { throw LedgerError(.alreadyExists, "\(url.path) exists already; keys are never overwritten") }
            throw LedgerError(.storage, "\(url.path): cannot create (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fchmod(fd, mode) == 0, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(url.path)
            throw LedgerError(.storage, "\(url.path): could not write the whole file (\(reason)); nothing was kept")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? "not valid JSON" : "field '\(path)': \(context.debugDescription)"
            @unknown default: return "unreadable"
            }
        }
        return (error as? LedgerError)?.message ?? error.localizedDescription
    }
}
