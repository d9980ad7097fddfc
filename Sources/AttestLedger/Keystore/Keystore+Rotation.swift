import Foundation

/// A key rotation that survives SIGKILL at any point (docs/keys.md, "Rotation"):
///
/// 1. `stageRotation` seals the new key into `<name>.key.new` and `<name>.pub.new` (exclusive
///    create, `fsync` of each file and of the folder) while the old files stay where they are.
/// 2. The caller records the rotation in the ledger (one durable commit).
/// 3. `completeRotation` keeps a hard link of each old file as `<file>.<oldkeyid>.old` and
///    renames the new file over it: `rename(2)` is atomic, so `<name>.key` is always a whole key,
///    the old one or the new one.
///
/// A process killed between the steps leaves `.new` files. `load` then refuses the key and says
/// so; `pendingRotation` and `completeRotation`/`discardRotation` finish or undo it, decided by
/// which key the ledger trusts. `lockRotation` serialises rotations of one name across processes.
extension Keystore {
    /// A held `flock(2)` on `<name>.rotation.lock`; released when the value is dropped or the
    /// process dies.
    public final class RotationLock: Sendable {
        private let descriptor: Int32

        init(descriptor: Int32) { self.descriptor = descriptor }

        deinit { close(descriptor) }
    }

    /// Takes the rotation lock of `name` without waiting.
    /// - Throws: `LedgerError` (`.busy`) when another process is rotating the key, (`.storage`) when
    ///   the lock file cannot be made.
    public func lockRotation(name: String) throws -> RotationLock {
        try createKeysFolder()
        let url = keysFolder.appendingPathComponent(Self.fileName(name) + ".rotation.lock")
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LedgerError(.storage, "\(url.path): cannot open the rotation lock (\(String(cString: strerror(errno))))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw LedgerError(.busy, "another process is rotating the key '\(name)' (\(url.path) is locked); try again when it ends")
        }
        return RotationLock(descriptor: descriptor)
    }

    /// The new key of an interrupted rotation of `name`, read from its `.new` files: `nil` when
    /// there is none, `.some(nil)` when the files are there but hold no readable key (killed
    /// while sealing, so no ledger can trust it).
    public func pendingRotation(name: String) -> VerifierKey?? {
        let keyNew = stagedURL(privateKeyURL(name))
        let pubNew = stagedURL(publicKeyURL(name))
        let manager = FileManager.default
        guard manager.fileExists(atPath: keyNew.path) || manager.fileExists(atPath: pubNew.path) else { return nil }
        if let data = manager.contents(atPath: pubNew.path),
            let key = try? VerifierKey(parsing: String(decoding: data, as: UTF8.self))
        {
            return .some(key)
        }
        if let data = manager.contents(atPath: keyNew.path), let file = try? JSONDecoder().decode(KeyFile.self, from: data),
            let key = try? VerifierKey(parsing: file.publicKey)
        {
            return .some(key)
        }
        return .some(nil)
    }

    /// Seals `signer` as the pending new key of its name (step 1).
    /// - Throws: `LedgerError` (`.alreadyExists`) when a rotation is pending, (`.notFound`) when
    ///   there is no key to rotate, (`.storage`) on a failed write; nothing is left behind on failure.
    public func stageRotation(_ signer: Signer, passphrase: SecretBytes?) throws {
        guard FileManager.default.fileExists(atPath: privateKeyURL(signer.name).path) else {
            throw LedgerError(.notFound, "no key '\(signer.name)' to rotate in \(keysFolder.path)")
        }
        let keyNew = stagedURL(privateKeyURL(signer.name))
        let pubNew = stagedURL(publicKeyURL(signer.name))
        let sealed = try encodedKeyFile(signer, passphrase: passphrase)
        try Self.writeExclusive(sealed, to: keyNew, mode: 0o600)
        do {
            try Self.writeExclusive(Data((signer.verifierKey.description + "\n").utf8), to: pubNew, mode: 0o644)
            try syncKeysFolder()
        } catch {
            unlink(keyNew.path)
            throw error
        }
    }

    /// Makes the pending new key of `name` the key (step 3), keeping the old files as
    /// `<file>.<oldkeyid>.old`. Idempotent: safe to run again after being killed.
    /// - Throws: `LedgerError` (`.storage`).
    public func completeRotation(name: String) throws {
        for url in [privateKeyURL(name), publicKeyURL(name)] {
            let staged = stagedURL(url)
            guard FileManager.default.fileExists(atPath: staged.path) else { continue }
            if let old = try? currentKey(of: url) {
                let backup = url.path + ".\(Hex.encode(old.keyID)).old"
                if link(url.path, backup) != 0 && errno != EEXIST {
                    throw LedgerError(.storage, "\(backup): cannot keep the old key (\(String(cString: strerror(errno))))")
                }
            }
            guard rename(staged.path, url.path) == 0 else {
                throw LedgerError(.storage, "\(url.path): cannot install the new key (\(String(cString: strerror(errno))))")
            }
        }
        try syncKeysFolder()
    }

    /// Removes the pending new key of `name` (the ledger never trusted it); the old key stays.
    /// - Throws: `LedgerError` (`.storage`).
    public func discardRotation(name: String) throws {
        for url in [privateKeyURL(name), publicKeyURL(name)] {
            let staged = stagedURL(url)
            if unlink(staged.path) != 0 && errno != ENOENT {
                throw LedgerError(.storage, "\(staged.path): cannot remove (\(String(cString: strerror(errno))))")
            }
        }
        try syncKeysFolder()
    }

    /// `<file>.new`.
    func stagedURL(_ url: URL) -> URL { URL(fileURLWithPath: url.path + ".new") }

    /// The verifier key a `.key` or `.pub` file holds.
    private func currentKey(of url: URL) throws -> VerifierKey {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw LedgerError(.notFound, url.path) }
        if url.pathExtension == "key" {
            return try VerifierKey(parsing: try JSONDecoder().decode(KeyFile.self, from: data).publicKey)
        }
        return try VerifierKey(parsing: String(decoding: data, as: UTF8.self))
    }

    /// `fsync(2)` of the keys folder, so that creations and renames are durable.
    func syncKeysFolder() throws {
        let descriptor = open(keysFolder.path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else {
            throw LedgerError(.storage, "\(keysFolder.path): cannot open the keystore folder (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw LedgerError(.storage, "\(keysFolder.path): cannot sync the keystore folder (\(String(cString: strerror(errno))))")
        }
    }
}

extension Keystore {
    /// What `recoverRotation` did.
    public enum RotationRecovery: Sendable, Equatable {
        /// The ledger trusts the pending key: it was installed.
        case completed(VerifierKey)
        /// The ledger never trusted the pending key: it was removed and the old key kept.
        case discarded
    }

    /// Finishes or undoes an interrupted rotation of `name`, as the ledger's own key entries
    /// decide: the pending key is installed when the log holds its rotation, removed otherwise.
    /// Take `lockRotation` first.
    /// - Parameters:
    ///   - name: the key (actor) name.
    ///   - ledger: the ledger whose `ledger.key.*` entries say which key is valid now.
    /// - Returns: what was done, or `nil` when nothing was pending.
    /// - Throws: `LedgerError` (`.storage`).
    public func recoverRotation(name: String, trusting ledger: Ledger) throws -> RotationRecovery? {
        guard let pending = pendingRotation(name: name) else { return nil }
        let trusted = try ledger.keyDirectory().activeKeys(of: name)
        if let key = pending, trusted.contains(key) {
            try completeRotation(name: name)
            return .completed(key)
        }
        try discardRotation(name: name)
        return .discarded
    }
}
