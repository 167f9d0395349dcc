//! The transactional outbox: every document the embedded store creates or
//! changes while ERPNext is the system of record is also written here, in
//! the same SQLite transaction, so it cannot be lost between the caller's
//! answer and the delivery.
//!
//! Each entry carries a key (`vsm:<document id>:<change>`) that is sent to
//! ERPNext as the idempotency key, so a delivery retried after a timeout
//! (when ERPNext did commit) creates nothing twice. Entries are `pending`
//! until acknowledged (`delivered`), or `failed` after a refusal that no
//! retry can fix (kept, logged and counted, never dropped silently).

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::Value;

use crate::{business::BackendError, clock::now_ms};

/// One entry to deliver.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    pub id: i64,
    pub key: String,
    /// The contract method, e.g. `business_workflows.api.restaurant.place_order`.
    pub method: String,
    pub payload: Value,
    pub attempts: u32,
}

/// Depth and age, for `/metrics` and `/health`.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboxStats {
    pub pending: u64,
    pub failed: u64,
    pub oldest_pending_age_ms: u64,
}

/// Adds an entry (ignored when the key is already there).
pub fn enqueue(
    tx: &Transaction<'_>,
    key: &str,
    method: &str,
    payload: &Value,
) -> Result<(), BackendError> {
    let now = now_ms() as i64;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO outbox (key, method, payload, created_at_ms, next_attempt_ms)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(rusqlite::params![
        key,
        method,
        serde_json::to_string(payload)?,
        now
    ])?;
    Ok(())
}

/// Every row, oldest first (the shared log carries a transaction's rows).
pub fn all_items(
    conn: &Connection,
) -> Result<Vec<crate::business::shared_log::OutboxItem>, BackendError> {
    let mut stmt = conn.prepare_cached("SELECT key, method, payload FROM outbox ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (key, method, payload) = row?;
        out.push(crate::business::shared_log::OutboxItem {
            key,
            method,
            payload: serde_json::from_str(&payload)?,
        });
    }
    Ok(out)
}

/// Entries due now, oldest first.
pub fn due(conn: &Connection, limit: u32) -> Result<Vec<OutboxEntry>, BackendError> {
    let mut stmt = conn.prepare(
        "SELECT id, key, method, payload, attempts FROM outbox
         WHERE state = 'pending' AND next_attempt_ms <= ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![now_ms() as i64, limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, u32>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, key, method, payload, attempts) = row?;
        out.push(OutboxEntry {
            id,
            key,
            method,
            payload: serde_json::from_str(&payload)?,
            attempts,
        });
    }
    Ok(out)
}

pub fn delivered(conn: &Connection, id: i64) -> Result<(), BackendError> {
    conn.prepare_cached(
        "UPDATE outbox SET state = 'delivered', done_at_ms = ?2, last_error = NULL WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, now_ms() as i64])?;
    Ok(())
}

/// A failed attempt: retried after `retry_in_ms`, or given up when `None`.
pub fn attempt_failed(
    conn: &Connection,
    id: i64,
    error: &str,
    retry_in_ms: Option<u64>,
) -> Result<(), BackendError> {
    match retry_in_ms {
        Some(delay) => conn.prepare_cached("UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?2, last_error = ?3 WHERE id = ?1")?.execute(
            rusqlite::params![id, (now_ms() + delay) as i64, error],
        )?,
        None => conn.prepare_cached("UPDATE outbox SET attempts = attempts + 1, state = 'failed', done_at_ms = ?2, last_error = ?3 WHERE id = ?1")?.execute(
            rusqlite::params![id, now_ms() as i64, error],
        )?,
    };
    Ok(())
}

pub fn stats(conn: &Connection) -> Result<OutboxStats, BackendError> {
    let (pending, oldest): (i64, Option<i64>) = conn.query_row(
        "SELECT COUNT(*), MIN(created_at_ms) FROM outbox WHERE state = 'pending'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let failed: i64 = conn.query_row(
        "SELECT COUNT(*) FROM outbox WHERE state = 'failed'",
        [],
        |r| r.get(0),
    )?;
    let oldest_pending_age_ms = oldest.map_or(0, |t| now_ms().saturating_sub(t as u64));
    Ok(OutboxStats {
        pending: pending.max(0) as u64,
        failed: failed.max(0) as u64,
        oldest_pending_age_ms,
    })
}

/// The stored state of an entry (tests and diagnostics).
pub fn state_of(conn: &Connection, key: &str) -> Result<Option<String>, BackendError> {
    Ok(conn
        .query_row("SELECT state FROM outbox WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Exponential backoff with a cap: 0.5 s, 1 s, 2 s, … 60 s.
pub fn backoff_ms(attempts: u32) -> u64 {
    500u64.saturating_mul(1u64 << attempts.min(7)).min(60_000)
}

/// Remembers the ERPNext name of a local document once delivered.
pub fn set_remote_id(
    conn: &Connection,
    local_id: &str,
    remote_id: &str,
) -> Result<(), BackendError> {
    conn.prepare_cached(
        "INSERT INTO remote_ids (local_id, remote_id) VALUES (?1, ?2)
         ON CONFLICT(local_id) DO UPDATE SET remote_id = excluded.remote_id",
    )?
    .execute(rusqlite::params![local_id, remote_id])?;
    Ok(())
}

pub fn remote_id(conn: &Connection, local_id: &str) -> Result<Option<String>, BackendError> {
    Ok(conn
        .query_row(
            "SELECT remote_id FROM remote_ids WHERE local_id = ?1",
            [local_id],
            |r| r.get(0),
        )
        .optional()?)
}
