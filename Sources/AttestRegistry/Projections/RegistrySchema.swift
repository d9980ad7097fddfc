import GRDB

/// The registry's projection tables: every row is derived from the log and rebuilt by replay.
enum RegistrySchema {
    /// Tables in dependency-free order, with the columns that order their rows for comparison.
    static let tables: [(name: String, orderBy: String)] = [
        ("reg_roles", "role"),
        ("reg_actors", "name"),
        ("reg_actor_keys", "fingerprint"),
        ("reg_role_grants", "actor, role, granted_seq"),
        ("reg_models", "name"),
        ("reg_versions", "model, version"),
        ("reg_files", "model, version, kind, name, digest"),
        ("reg_stage_history", "seq"),
        ("reg_aliases", "model, alias"),
        ("reg_deployments", "model, environment, version"),
        ("reg_model_entries", "model, seq"),
    ]

    static func install(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS reg_roles (
                    role TEXT PRIMARY KEY NOT NULL, description TEXT NOT NULL, defined_seq INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS reg_actors (
                    name TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, added_seq INTEGER NOT NULL,
                    active INTEGER NOT NULL, deactivated_seq INTEGER);
                CREATE TABLE IF NOT EXISTS reg_actor_keys (
                    fingerprint BLOB PRIMARY KEY NOT NULL, actor TEXT NOT NULL, vkey TEXT NOT NULL,
                    valid_from INTEGER NOT NULL, valid_through INTEGER);
                CREATE INDEX IF NOT EXISTS reg_actor_keys_by_actor ON reg_actor_keys(actor);
                CREATE TABLE IF NOT EXISTS reg_role_grants (
                    actor TEXT NOT NULL, role TEXT NOT NULL, granted_seq INTEGER NOT NULL, revoked_seq INTEGER,
                    PRIMARY KEY (actor, role, granted_seq));
                CREATE TABLE IF NOT EXISTS reg_models (
                    name TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL, purpose TEXT NOT NULL, risk_tier TEXT NOT NULL,
                    tags TEXT NOT NULL, created_seq INTEGER NOT NULL, created_us INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS reg_versions (
                    model TEXT NOT NULL, version INTEGER NOT NULL, registered_seq INTEGER NOT NULL,
                    registered_us INTEGER NOT NULL, registrant TEXT NOT NULL, parent INTEGER,
                    stage TEXT NOT NULL, stage_seq INTEGER NOT NULL, stage_us INTEGER NOT NULL,
                    status TEXT NOT NULL, code_repository TEXT, code_commit TEXT, code_dirty INTEGER,
                    PRIMARY KEY (model, version));
                CREATE TABLE IF NOT EXISTS reg_files (
                    model TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, role TEXT,
                    name TEXT NOT NULL, digest TEXT NOT NULL, size INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS reg_files_by_version ON reg_files(model, version);
                CREATE TABLE IF NOT EXISTS reg_stage_history (
                    seq INTEGER PRIMARY KEY NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL,
                    from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, time_us INTEGER NOT NULL, actor TEXT NOT NULL,
                    reason TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS reg_aliases (
                    model TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
                    PRIMARY KEY (model, alias));
                CREATE TABLE IF NOT EXISTS reg_deployments (
                    model TEXT NOT NULL, environment TEXT NOT NULL, version INTEGER NOT NULL, traffic REAL NOT NULL,
                    seq INTEGER NOT NULL, PRIMARY KEY (model, environment, version));
                CREATE TABLE IF NOT EXISTS reg_model_entries (
                    model TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (model, seq));
                """)
    }

    static func reset(_ db: Database) throws {
        for table in tables { try db.execute(sql: "DELETE FROM \(table.name)") }
    }
}
