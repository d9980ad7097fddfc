import Foundation
import GRDB
import Synchronization

/// An append-only, signed, hash-chained log in one SQLite file, with a Merkle tree over its
/// entries (RFC 9162), signed checkpoints (C2SP tlog-checkpoint) and proofs.
///
/// Every write runs in an immediate transaction, so all processes writing the same file are
/// serialised by SQLite's write lock and never fork the chain.
public final class Ledger: Sendable {
    /// How long a writer waits for another process's write lock before giving up, in seconds.
    public static let busyTimeout: TimeInterval = 30

    /// The ledger file.
    public let path: String
    /// The log's origin (from the genesis).
    public let origin: String
    /// The log key that signs checkpoints (from the genesis).
    public let logKey: VerifierKey

    /// How long this handle's writers wait for another process's write lock, in seconds.
    public let busyTimeout: TimeInterval
    /// One connection per handle: SQLite's file locks serialise writers across processes, and a
    /// CLI command needs no concurrent readers. (A `DatabasePool` would rewrite the file header
    /// each time it opens, to make sure a WAL file exists.)
    let pool: DatabaseQueue
    let clock: @Sendable () -> Date
    let projectors: [any LedgerProjector]
    /// Keys known from committed entries up to `scannedThrough`; refreshed in each write.
    let keys: Mutex<(directory: KeyDirectory, scannedThrough: Int64)>
    /// The store every write is mirrored to, if any (``attach(mirror:)``).
    let mirror = Mutex<(any LedgerMirror)?>(nil)
    /// The schema the code creates, made once on first use (``schemaProblems(_:)``).
    let expectedSchema = Mutex<[SchemaCheck.Object]?>(nil)
    /// Shared commits, when turned on (``shareCommits(upTo:)``).
    let sharing = Mutex(SharedCommits())

    private init(
        path: String, pool: DatabaseQueue, origin: String, logKey: VerifierKey, clock: @escaping @Sendable () -> Date,
        projectors: [any LedgerProjector], busyTimeout: TimeInterval = Ledger.busyTimeout
    ) {
        self.busyTimeout = busyTimeout
        self.path = path
        self.pool = pool
        self.origin = origin
        self.logKey = logKey
        self.clock = clock
        self.projectors = projectors
        self.keys = Mutex((KeyDirectory(), -1))
    }

    /// Creates a new ledger file with its genesis entry.
    /// - Parameters:
    ///   - path: where to create the SQLite file; must not exist.
    ///   - origin: the log's origin name, e.g. `ledger.example.com/credit-models`.
    ///   - logKey: the checkpoint key; its name must equal `origin`.
    ///   - admin: the first signer, who signs the genesis.
    ///   - clock: the time source (injected by tests).
    ///   - projectors: domain projections maintained with each append.
    /// - Returns: the open ledger.
    /// - Throws: `LedgerError` (`.alreadyExists`) when a ledger exists at `path`; `.badInput`
    ///   for an invalid origin or log key name; `.storage` when the file cannot be written.
    public static func create(
        at path: String, origin: String, logKey: VerifierKey, admin: Signer,
        clock: @escaping @Sendable () -> Date = Date.init, projectors: [any LedgerProjector] = []
    ) throws -> Ledger {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.alreadyExists, "\(path): a ledger exists here already; 'init' never overwrites one")
        }
        guard VerifierKey.isValidName(origin) else {
            throw LedgerError(.badInput, "origin '\(origin)' must be non-empty and contain no spaces or '+'")
        }
        guard logKey.name == origin else {
            throw LedgerError(.badInput, "the log key is named '\(logKey.name)' but must be named after the origin '\(origin)'")
        }
        // Exclusive create: of two processes creating the same ledger, exactly one makes the
        // file, and the other fails here before it could remove anything on its way out.
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST {
                throw LedgerError(.alreadyExists, "\(path): a ledger exists here already; 'init' never overwrites one")
            }
            throw LedgerError(.storage, "\(path): cannot create the ledger (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
        let pool: DatabaseQueue
        do {
            pool = try openPool(path: path, readOnly: false)
        } catch {
            unlink(path)
            throw error
        }
        let ledger = Ledger(path: path, pool: pool, origin: origin, logKey: logKey, clock: clock, projectors: projectors)
        let genesis = GenesisPayload(
            origin: origin, logKey: logKey.description, admin: admin.verifierKey.description,
            format: LedgerSchema.formatVersion)
        do {
            try pool.write { db in
                try LedgerSchema.install(db)
                for projector in projectors { try projector.install(db) }
                try db.execute(
                    sql: "INSERT INTO ledger_meta (key, value) VALUES ('origin', ?), ('format', ?)",
                    arguments: [origin, String(LedgerSchema.formatVersion)])
            }
            try ledger.append(EntryDraft(type: LedgerEntryType.genesis, encoding: genesis), signer: admin)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        return ledger
    }

    /// Opens an existing ledger.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - readOnly: open without write access (verification, reports).
    ///   - clock: the time source.
    ///   - projectors: domain projections; their tables are created if missing.
    ///   - busyTimeout: how long a write waits for another process's lock before `.busy`.
    /// - Throws: `LedgerError` (`.notFound`) when there is no file; `.storage` when it is not a
    ///   readable Attest ledger; `.verificationFailed` when its genesis is malformed.
    public static func open(
        at path: String, readOnly: Bool = false, clock: @escaping @Sendable () -> Date = Date.init,
        projectors: [any LedgerProjector] = [], busyTimeout: TimeInterval = Ledger.busyTimeout
    ) throws -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.notFound, "\(path): no ledger here; create one with 'attest init' or pass --ledger PATH")
        }
        let pool = try openPool(path: path, readOnly: readOnly, busyTimeout: busyTimeout)
        do {
            let genesisRow = try pool.read { db -> Row? in
                guard try db.tableExists("entries") else { return nil }
                return try Row.fetchOne(db, sql: "SELECT \(LedgerSchema.entryColumns) FROM entries WHERE seq = 0")
            }
            guard let genesisRow else {
                throw LedgerError(.storage, "\(path): this SQLite file is not an Attest ledger (no genesis entry)")
            }
            let genesis = try LedgerSchema.entry(from: genesisRow)
            var directory = KeyDirectory()
            try directory.apply(genesis)
            guard let origin = directory.origin, let logKey = directory.logKey else {
                throw LedgerError(.verificationFailed, "\(path): entry 0 is not a genesis entry")
            }
            let ledger = Ledger(
                path: path, pool: pool, origin: origin, logKey: logKey, clock: clock, projectors: projectors,
                busyTimeout: busyTimeout)
            // Install projections that are missing (a ledger created by an older version);
            // opening a complete ledger writes nothing, so the file stays byte for byte the same.
            let missing = try pool.read { db in
                try projectors.contains { projector in try projector.tables.contains { try !db.tableExists($0.name) } }
            }
            if !readOnly, try pool.read({ db in try !db.tableExists("cosignatures") }) {
                try ledger.write { writer in try LedgerSchema.installCosignatures(writer.db) }
            }
            if !readOnly && missing {
                try ledger.write { writer in
                    for projector in projectors { try projector.install(writer.db) }
                    try Self.replayInto(writer.db, projectors: projectors)
                }
            }
            return ledger
        } catch {
            throw StorageErrors.map(error, path: path, busyTimeout: busyTimeout)
        }
    }

    private static func openPool(path: String, readOnly: Bool, busyTimeout: TimeInterval = Ledger.busyTimeout) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        config.label = "attest-ledger"
        // Shared commits leave a transaction open between two writes of one group.
        config.allowsUnsafeTransactions = !readOnly
        config.prepareDatabase { db in
            if !readOnly {
                // Write-ahead logging, and the strongest durability SQLite offers: every commit
                // is fsynced, directories too.
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw LedgerError(.storage, "\(path): SQLite could not switch the ledger to WAL mode (\(mode ?? "?"))")
                }
                try db.execute(sql: "PRAGMA synchronous = EXTRA")
            }
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            return try DatabaseQueue(path: try readOnlyLocation(path, readOnly: readOnly), configuration: config)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw StorageErrors.map(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Where SQLite opens the ledger. A read-only open in a folder the process cannot write
    /// (a read-only mount, an immutable folder, another user's folder) cannot create the WAL
    /// index (`-shm`) SQLite needs, so the file is opened as immutable
    /// (`file:PATH?immutable=1`, sqlite.org/uri.html): nothing is written, locked or cached.
    /// Refused when a write-ahead log with commits lies beside it, since immutable reads skip it.
    private static func readOnlyLocation(_ path: String, readOnly: Bool) throws -> String {
        let folder = (path as NSString).deletingLastPathComponent
        guard readOnly, access(folder.isEmpty ? "." : folder, W_OK) != 0 else { return path }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        guard wal == 0 else {
            throw LedgerError(
                .storage,
                "\(path)-wal holds \(wal) bytes of commits not yet in the ledger file, and \(folder) is not writable, so SQLite cannot read them; open the ledger once where its folder is writable (any 'attest' command does) or copy the ledger, its -wal and -shm files to a writable folder"
            )
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let encoded =
            absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%")))
            ?? absolute
        return "file:\(encoded)?immutable=1"
    }

    // MARK: Writing

    /// Runs `body` in one immediate write transaction: everything it appends commits together,
    /// or nothing does when it throws. With shared commits on (``shareCommits(upTo:)``), the
    /// transaction may hold other writes too; this one still returns only once committed.
    /// - Parameter body: reads state through `writer.db` and appends through `writer.append`.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, or a `LedgerError` for a storage failure.
    @discardableResult
    public func write<T>(_ body: (inout LedgerWriter) throws -> T) throws -> T {
        do {
            let mirror = self.mirror.withLock { $0 }
            if mirror == nil, sharesCommits { return try sharedWrite(body) }
            let (result, directory, scanned) = try pool.writeWithoutTransaction { db in
                commitOpenGroup(db)
                var output: (T, KeyDirectory, Int64)?
                try db.inTransaction(.immediate) {
                    var writer = try LedgerWriter(ledger: self, db: db)
                    let value: T
                    if let mirror {
                        value = try mirrored(mirror, &writer, body)
                    } else {
                        value = try body(&writer)
                    }
                    output = (value, writer.directory, writer.scannedThrough)
                    return .commit
                }
                return output!
            }
            keys.withLock { $0 = (directory, scanned) }
            return result
        } catch {
            throw StorageErrors.map(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Appends one entry in its own transaction.
    /// - Parameters:
    ///   - draft: the type and payload.
    ///   - signer: a key the ledger knows and that is valid now.
    /// - Returns: the appended entry.
    /// - Throws: `LedgerError` (`.unknownSigner`, `.badInput`, `.storage`, `.busy`).
    @discardableResult
    public func append(_ draft: EntryDraft, signer: Signer) throws -> Entry {
        try write { try $0.append(draft, signer: signer) }
    }

    /// Appends several entries in one transaction (one fsync for the batch).
    /// - Returns: the appended entries, in order.
    @discardableResult
    public func append(_ drafts: [EntryDraft], signer: Signer) throws -> [Entry] {
        try write { writer in try drafts.map { try writer.append($0, signer: signer) } }
    }

    // MARK: Reading

    /// Runs a read-only closure against a consistent snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw StorageErrors.map(error, path: path, busyTimeout: busyTimeout) }
    }

    /// The number of entries.
    public func size() throws -> UInt64 {
        try read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0) }
    }

    /// The entry at `sequence`.
    /// - Throws: `LedgerError` (`.notFound`) past the end of the log.
    public func entry(at sequence: UInt64) throws -> Entry {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(LedgerSchema.entryColumns) FROM entries WHERE seq = ?", arguments: [Int64(sequence)])
            else {
                let size = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0
                throw LedgerError(.notFound, "entry \(sequence) does not exist; the log has \(size) entries (0 to \(size - 1))")
            }
            return try LedgerSchema.entry(from: row)
        }
    }

    /// Entries in order, optionally filtered.
    /// - Parameters:
    ///   - types: only these types (all when empty).
    ///   - since: only entries at or after this time.
    ///   - range: only these sequence numbers.
    ///   - containing: only entries whose payload contains these bytes (UTF-8): a coarse filter
    ///     in SQLite, for callers that decode the payloads and check what they need.
    public func entries(
        types: [String] = [], since: Date? = nil, range: ClosedRange<UInt64>? = nil, containing: String? = nil
    ) throws -> [Entry] {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let containing {
            clauses.append("instr(CAST(payload AS BLOB), CAST(? AS BLOB)) > 0")
            arguments.append(containing)
        }
        if !types.isEmpty {
            clauses.append("type IN (\(types.map { _ in "?" }.joined(separator: ",")))")
            arguments += types
        }
        if let since {
            clauses.append("time_us >= ?")
            arguments.append(Int64(since.timeIntervalSince1970 * 1_000_000))
        }
        if let range {
            clauses.append("seq BETWEEN ? AND ?")
            arguments += [Int64(range.lowerBound), Int64(range.upperBound)]
        }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(LedgerSchema.entryColumns) FROM entries \(filter) ORDER BY seq",
                arguments: StatementArguments(arguments)
            ).map(LedgerSchema.entry(from:))
        }
    }

    /// The time the ledger's clock gives now (the clock that stamps entries; injected by tests).
    public func currentTime() -> Date { clock() }

    /// The signer keys as of the latest committed entry.
    public func keyDirectory() throws -> KeyDirectory {
        try read { db in try currentKeys(db).directory }
    }

    /// The cached key directory brought up to date with the committed key entries.
    func currentKeys(_ db: Database) throws -> (directory: KeyDirectory, scannedThrough: Int64) {
        var (directory, scanned) = keys.withLock { $0 }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(LedgerSchema.entryColumns) FROM entries
                WHERE type >= 'ledger.' AND type < 'ledger/' AND seq > ? ORDER BY +seq
                """,  // `+seq`: read the few key entries through entries_by_type, not the whole log by rowid
            arguments: [scanned])
        for row in rows {
            let entry = try LedgerSchema.entry(from: row)
            try directory.apply(entry)
            scanned = Int64(entry.sequence)
        }
        return (directory, scanned)
    }
}
