//! The embedded store's schema and its migrations (`PRAGMA user_version`).
//!
//! Migrations only ever append: a database created by an older version is
//! brought forward step by step on start.

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: the business and the finished calls.
    r#"
    CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        method TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE orders (
        seq INTEGER PRIMARY KEY,
        order_id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        session_id TEXT,
        phone TEXT,
        view TEXT NOT NULL,
        total_pence INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX orders_phone ON orders(phone, seq);
    CREATE TABLE appointments (
        seq INTEGER PRIMARY KEY,
        appointment_id TEXT NOT NULL UNIQUE,
        service_type TEXT NOT NULL,
        start_local TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL,
        status TEXT NOT NULL,
        appointment_date TEXT NOT NULL,
        view TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX appointments_date ON appointments(appointment_date);
    CREATE TABLE tickets (
        seq INTEGER PRIMARY KEY,
        ticket_id TEXT NOT NULL UNIQUE,
        priority TEXT NOT NULL,
        status TEXT NOT NULL,
        view TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE customers (
        phone TEXT PRIMARY KEY,
        name TEXT,
        email TEXT,
        updated_at_ms INTEGER NOT NULL
    );
    CREATE TABLE session_tools (
        session_id TEXT NOT NULL,
        tool TEXT NOT NULL,
        success INTEGER NOT NULL,
        at_ms INTEGER NOT NULL
    );
    CREATE INDEX session_tools_session ON session_tools(session_id);
    CREATE TABLE voice_sessions (
        session_id TEXT PRIMARY KEY,
        business_type TEXT NOT NULL,
        status TEXT NOT NULL,
        outcome TEXT NOT NULL,
        sentiment TEXT NOT NULL,
        started_at_ms INTEGER NOT NULL,
        ended_at_ms INTEGER,
        duration_seconds INTEGER,
        view TEXT NOT NULL
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    "#,
    // 2: the transactional outbox towards ERPNext.
    r#"
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        method TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL,
        last_error TEXT,
        state TEXT NOT NULL DEFAULT 'pending',
        done_at_ms INTEGER
    );
    CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
    CREATE TABLE remote_ids (local_id TEXT PRIMARY KEY, remote_id TEXT NOT NULL);
    "#,
    // 3: the diary is read per service and day.
    r#"
    CREATE INDEX appointments_service_date ON appointments(service_type, appointment_date);
    "#,
    // 4: webhook deliveries already handled (a repeated id is handled once).
    r#"
    CREATE TABLE webhook_events (id TEXT PRIMARY KEY, event TEXT NOT NULL, received_at_ms INTEGER NOT NULL);
    CREATE INDEX remote_ids_remote ON remote_ids(remote_id);
    "#,
    // 5: a finished call keeps its transcript and the provider's summary.
    r#"
    ALTER TABLE voice_sessions ADD COLUMN transcript TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE voice_sessions ADD COLUMN summary TEXT;
    "#,
    // 6: Redis mode replicates the store through a shared log of SQLite
    // changesets, which only carry tables with a primary key; and each
    // replica remembers the last log entry it applied (not replicated).
    r#"
    CREATE TABLE session_tools_v6 (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        tool TEXT NOT NULL,
        success INTEGER NOT NULL,
        at_ms INTEGER NOT NULL
    );
    INSERT INTO session_tools_v6 (session_id, tool, success, at_ms)
        SELECT session_id, tool, success, at_ms FROM session_tools ORDER BY rowid;
    DROP TABLE session_tools;
    ALTER TABLE session_tools_v6 RENAME TO session_tools;
    CREATE INDEX session_tools_session ON session_tools(session_id);
    CREATE TABLE replica (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL);
    "#,
    // 7: the diary of one service over a few days is read from the index
    // alone (a booking that misses reads a week of it for alternatives).
    r#"
    DROP INDEX appointments_service_date;
    CREATE INDEX appointments_diary
        ON appointments(service_type, appointment_date, status, start_local, duration_minutes);
    "#,
    // 8: a day's analytics read that day's rows, not the whole history.
    r#"
    CREATE INDEX voice_sessions_started ON voice_sessions(started_at_ms);
    CREATE INDEX orders_created ON orders(created_at_ms);
    CREATE INDEX appointments_created ON appointments(created_at_ms);
    CREATE INDEX tickets_created ON tickets(created_at_ms);
    "#,
    // 9: old idempotency keys and webhook ids are pruned by age.
    r#"
    CREATE INDEX idempotency_created ON idempotency(created_at_ms);
    CREATE INDEX webhook_events_received ON webhook_events(received_at_ms);
    "#,
];

/// The tables the shared log carries in Redis mode (everything but the
/// local outbox and the replica's own position).
pub const REPLICATED_TABLES: &[&str] = &[
    "idempotency",
    "orders",
    "appointments",
    "tickets",
    "customers",
    "session_tools",
    "voice_sessions",
    "meta",
    "remote_ids",
    "webhook_events",
];

/// Brings the database to the newest schema.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "embedded store migrated");
    }
    Ok(())
}
