import AttestLedger
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The log in a PostgreSQL database: the same entries (byte for byte), Merkle nodes and signed
/// checkpoints as a SQLite ledger (docs/log-format.md), with append-only enforced by the
/// database (``PostgresSchema``) and every append serialised on the head, so that any number of
/// processes appending to one database never give two entries one sequence number.
///
/// One connection per handle, used by one call at a time (``withConnection(_:)``), and made
/// again when the server closed it (a restart or a failover). The advisory lock taken by each
/// append transaction serialises all handles on the database (docs/postgres.md). Close a handle
/// with ``close()`` or use the scoped ``withOpen(at:clock:_:)``.
public actor PostgresLog {
    /// Where the log lives.
    public nonisolated let location: PostgresLocation
    /// The log's origin (from the genesis).
    public nonisolated let origin: String
    /// The log key that signs checkpoints (from the genesis).
    public nonisolated let logKey: VerifierKey

    /// The connection, `nil` once closed by ``close()``.
    var link: ConnectionHolder?
    /// Whether ``close()`` was called: the handle never connects again.
    var closed = false
    /// A call holds the connection (``withConnection(_:)``); the others wait here, in order.
    var busy = false
    var waiting: [CheckedContinuation<Void, Never>] = []
    /// The connection of a mirrored write in progress (``beginMirroredWrite``), which holds the
    /// handle until ``commitMirroredWrite`` or ``rollbackMirroredWrite``.
    var mirroring: ConnectionHolder?
    let logger: Logger
    let clock: @Sendable () -> Date
    /// Keys known from committed entries up to `scannedThrough`.
    var keys: (directory: KeyDirectory, scannedThrough: Int64) = (KeyDirectory(), -1)
    /// Whether appends take the advisory lock. Only the attack tests turn it off, to show that
    /// the database's own constraints still refuse a second entry with one sequence number.
    var takesAppendLock = true

    private init(
        location: PostgresLocation, connection: PostgresConnection?, origin: String, logKey: VerifierKey,
        clock: @escaping @Sendable () -> Date
    ) {
        self.location = location
        self.link = connection.map(ConnectionHolder.init)
        self.origin = origin
        self.logKey = logKey
        self.clock = clock
        self.logger = Logger(label: "attest-postgres")
    }

    /// A new handle on the same log with no connection yet (its first call connects): what a
    /// ``PostgresMirror`` turns to when a call on this handle did not finish in time.
    public nonisolated func successor() -> PostgresLog {
        PostgresLog(location: location, connection: nil, origin: origin, logKey: logKey, clock: clock)
    }

    /// Gives a handle up: closes its connections (any call still waiting on them then fails)
    /// and refuses every later call. Unlike ``close()`` it does not wait for a call in progress.
    public func abandon() async {
        closed = true
        let holders = [link, mirroring].compactMap { $0 }
        link = nil
        mirroring = nil
        for holder in holders { await holder.close() }
    }

    /// Makes the schema in an empty database and appends the genesis.
    /// - Parameters:
    ///   - location: the database; it must hold no ledger yet.
    ///   - origin: the log's origin name.
    ///   - logKey: the checkpoint key; named after `origin`.
    ///   - admin: the first signer, who signs the genesis.
    ///   - clock: the time source.
    /// - Returns: the open log.
    /// - Throws: `LedgerError` (`.alreadyExists`, `.badInput`, `.storage`).
    public static func create(
        at location: PostgresLocation, origin: String, logKey: VerifierKey, admin: Signer,
        clock: @escaping @Sendable () -> Date = Date.init
    ) async throws -> PostgresLog {
        guard VerifierKey.isValidName(origin), logKey.name == origin else {
            throw LedgerError(.badInput, "origin '\(origin)' must be a valid name and the log key must be named after it")
        }
        let genesis = Genesis(origin: origin, logKey: logKey.description, admin: admin.verifierKey.description, format: 1)
        let draft = try EntryDraft(type: LedgerEntryType.genesis, encoding: genesis)
        let log = try await install(at: location, origin: origin, logKey: logKey, clock: clock)
        try await log.append(draft, signer: admin)
        return log
    }

    /// The genesis payload, encoded as `GenesisPayload` is (sorted keys): the same bytes.
    private struct Genesis: Encodable {
        let origin: String
        let logKey: String
        let admin: String
        let format: Int
    }

    /// Makes the schema in an empty database and stores a genesis made elsewhere (a copy).
    /// - Throws: `LedgerError` (`.verificationFailed`) when `genesis` is not a valid genesis.
    public static func create(at location: PostgresLocation, copying genesis: Entry) async throws -> PostgresLog {
        var directory = KeyDirectory()
        try directory.apply(genesis)
        guard genesis.sequence == 0, let origin = directory.origin, let logKey = directory.logKey else {
            throw LedgerError(.verificationFailed, "entry 0 is not a genesis entry")
        }
        let log = try await install(at: location, origin: origin, logKey: logKey, clock: Date.init)
        try await log.append(copies: [genesis])
        return log
    }

    private static func install(
        at location: PostgresLocation, origin: String, logKey: VerifierKey, clock: @escaping @Sendable () -> Date
    ) async throws -> PostgresLog {
        let connection = try await connect(location)
        let log = PostgresLog(location: location, connection: connection, origin: origin, logKey: logKey, clock: clock)
        do {
            try await connection.withTransaction(logger: log.logger) { connection in
                let statements = PostgresStatements(connection: connection, logger: log.logger)
                let rows = try await connection.query("SELECT to_regclass('entries') IS NOT NULL", logger: log.logger)
                for try await exists in rows.decode(Bool.self) where exists {
                    throw LedgerError(.alreadyExists, "\(location): a ledger exists in this database already; it is never overwritten")
                }
                for statement in PostgresSchema.statements { try await statements.run(statement) }
                try await connection.query(
                    "INSERT INTO ledger_meta (key, value) VALUES ('origin', \(origin)), ('format', \(String(PostgresSchema.formatVersion)))",
                    logger: log.logger)
            }
        } catch {
            await log.close()
            throw PostgresFailure.map(error, location: location)
        }
        return log
    }

    /// Opens the log in `location`.
    /// - Throws: `LedgerError` (`.notFound`) when the database holds no ledger; `.storage` when
    ///   it cannot be reached; `.verificationFailed` when entry 0 is not a genesis.
    public static func open(at location: PostgresLocation, clock: @escaping @Sendable () -> Date = Date.init) async throws -> PostgresLog {
        let connection = try await connect(location)
        let logger = Logger(label: "attest-postgres")
        do {
            let statements = PostgresStatements(connection: connection, logger: logger)
            let rows = try await connection.query("SELECT to_regclass('entries') IS NOT NULL", logger: logger)
            var exists = false
            for try await value in rows.decode(Bool.self) { exists = value }
            guard exists, let genesis = try await statements.entries("seq = 0").first else {
                throw LedgerError(.notFound, "\(location): no ledger in this database; make one with 'attest migrate --to'")
            }
            var directory = KeyDirectory()
            try directory.apply(genesis)
            guard let origin = directory.origin, let logKey = directory.logKey else {
                throw LedgerError(.verificationFailed, "\(location): entry 0 is not a genesis entry")
            }
            return PostgresLog(location: location, connection: connection, origin: origin, logKey: logKey, clock: clock)
        } catch {
            try? await connection.close()
            throw PostgresFailure.map(error, location: location)
        }
    }

    /// A connection to the location's first host that takes it and, when several are named, is
    /// not in recovery (a standby): after a failover, the promoted one.
    /// - Throws: `LedgerError` (`.storage`) naming every host tried and why.
    static func connect(_ location: PostgresLocation) async throws -> PostgresConnection {
        var failures: [String] = []
        for target in location.hosts {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    configuration: try location.configuration(for: target), id: Int.random(in: 1...Int.max),
                    logger: Logger(label: "attest-postgres"))
            } catch {
                if location.hosts.count == 1 { throw PostgresFailure.map(error, location: location) }
                failures.append("\(target.name):\(target.port): \(PostgresFailure.map(error, location: location).message)")
                continue
            }
            guard location.hosts.count > 1 else { return connection }
            do {
                var standby = true
                let rows = try await connection.query("SELECT pg_is_in_recovery()", logger: Logger(label: "attest-postgres"))
                for try await value in rows.decode(Bool.self) { standby = value }
                if !standby { return connection }
                failures.append("\(target.name):\(target.port): a standby (in recovery)")
            } catch {
                failures.append("\(target.name):\(target.port): \(PostgresFailure.map(error, location: location).message)")
            }
            try? await connection.close()
        }
        throw LedgerError(.storage, "\(location): no host accepts writes (\(failures.joined(separator: "; ")))")
    }

    /// Turns the append lock off or on (the attack tests only).
    func setTakesAppendLock(_ value: Bool) { takesAppendLock = value }

    /// Closes the connection and waits until it is closed; the handle is unusable afterwards
    /// (`.storage`). Closing twice is harmless.
    public func close() async {
        closed = true
        await acquire()
        let holder = link
        link = nil
        release()
        await holder?.close()
    }

    /// Opens the log in `location`, runs `body` with it and closes it, whether `body` returns or throws.
    public static func withOpen<T: Sendable>(
        at location: PostgresLocation, clock: @escaping @Sendable () -> Date = Date.init, _ body: (PostgresLog) async throws -> T
    ) async throws -> T {
        try await open(at: location, clock: clock).closing(body)
    }

    /// Runs `body` with this log and closes it afterwards, whether `body` returns or throws.
    public nonisolated func closing<T: Sendable>(_ body: (PostgresLog) async throws -> T) async throws -> T {
        do {
            let value = try await body(self)
            await close()
            return value
        } catch {
            await close()
            throw error
        }
    }

    /// Runs `body` on the handle's connection, alone (other calls on this handle wait), making
    /// the connection again first when the server closed it.
    /// - Throws: `LedgerError` (`.storage`) after ``close()`` or when the database cannot be
    ///   reached; what `body` throws, mapped by `PostgresFailure`.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        let holder = try await connected()
        do {
            return try await body(holder.connection)
        } catch {
            await forget(holder, after: error)
            throw PostgresFailure.map(error, location: location)
        }
    }

    /// The open connection, made again when the server closed it; the caller holds the handle.
    func connected() async throws -> ConnectionHolder {
        guard !closed else { throw LedgerError(.storage, "\(location): this handle is closed") }
        if let link, !link.isOpen {
            await link.close()
            self.link = nil
        }
        if let link { return link }
        let holder = ConnectionHolder(try await Self.connect(location))
        link = holder
        return holder
    }

    /// Drops the connection when `error` says it is gone, so that the next call connects again.
    func forget(_ holder: ConnectionHolder, after error: any Error) async {
        guard PostgresFailure.isConnectionLoss(error) else { return }
        await holder.close()
        if link === holder { link = nil }
    }

    /// `body` with this handle's statements, on its connection alone.
    func withStatements<T>(_ body: (PostgresStatements) async throws -> T) async throws -> T {
        let logger = logger
        return try await withConnection { try await body(PostgresStatements(connection: $0, logger: logger)) }
    }

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    // MARK: Appending

    /// Appends entries signed by `signer` in one transaction, under the append lock.
    /// - Returns: the entries, in order.
    /// - Throws: `LedgerError` (`.badInput`, `.unknownSigner`, `.storage`; `.busy` when the
    ///   database refused an entry because another writer took its sequence number first).
    @discardableResult
    public func append(_ drafts: [EntryDraft], signer: Signer) async throws -> [Entry] {
        let now = clock()
        return try await appendLocked { head in
            try drafts.map { try head.next($0, signer: signer, now: now) }
        }
    }

    /// Appends one entry signed by `signer`.
    @discardableResult
    public func append(_ draft: EntryDraft, signer: Signer) async throws -> Entry {
        try await append([draft], signer: signer)[0]
    }

    /// Appends entries made elsewhere, unchanged (a migration or a copy), after checking each as
    /// `attest verify` does: position, chain link, time, type, signer and signature.
    /// - Throws: `LedgerError` (`.verificationFailed`) for the first entry that does not follow.
    public func append(copies: [Entry]) async throws {
        try await appendLocked { head in try copies.map { ($0, try head.accept($0)) } }
    }

    private func appendLocked(_ make: (inout LogHead) throws -> [(Entry, [CompactRange.Node])]) async throws -> [Entry] {
        let lock = takesAppendLock
        let known = keys
        do {
            let (entries, head) = try await withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    let statements = PostgresStatements(connection: connection, logger: logger)
                    if lock { try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.appendLock))", logger: logger) }
                    var head = try await Self.readHead(statements, known: known)
                    let made = try make(&head)
                    try await statements.insert(made)
                    return (made.map(\.0), head)
                }
            }
            keys = (head.directory, head.scannedThrough)
            return entries
        } catch {
            throw PostgresFailure.map(error, location: location)
        }
    }

    /// The head as this transaction sees it: size, Merkle border, last hash and time, keys.
    static func readHead(_ statements: PostgresStatements, known: (directory: KeyDirectory, scannedThrough: Int64)) async throws -> LogHead
    {
        let size = try await statements.size()
        guard size > 0 else { return LogHead() }
        let border = CompactRange.border(of: size).map { NodeKey(level: $0.level, index: $0.index) }
        let last = NodeKey(level: 0, index: size - 1)
        let nodes = try await statements.nodes(border + [last])
        guard
            let range = CompactRange(
                size: size, hashes: try border.map { try FetchedNodes(nodes: nodes).hash(level: $0.level, index: $0.index) }),
            let lastHash = nodes[last], let lastEntry = try await statements.entries("seq = \(size - 1)").first
        else {
            throw LedgerError(.storage, "the stored Merkle tree does not match the log size \(size); run 'attest verify'")
        }
        var directory = known.directory
        var scanned = known.scannedThrough
        for entry in try await statements.entries("type >= 'ledger.' AND type < 'ledger/' AND seq > \(scanned)") {
            try directory.apply(entry)
            scanned = Int64(entry.sequence)
        }
        return LogHead(range: range, lastHash: lastHash, lastTime: lastEntry.timeMicros, directory: directory, scannedThrough: scanned)
    }
}
