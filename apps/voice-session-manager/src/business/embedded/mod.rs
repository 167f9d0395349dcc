//! The embedded business store: SQLite in `DATA_DIR/business.sqlite3`.
//!
//! One connection behind a `std::sync::Mutex`: every call is one short
//! transaction (well under a millisecond in WAL mode), run inline on the
//! calling task, so concurrent requests are serialized and a check-then-write
//! (the last free slot, an idempotency key) can never interleave. The
//! journal is WAL with `synchronous=NORMAL`: a crash of the process loses
//! nothing committed; a power cut may lose the last moment of commits.
//! In Redis mode the same store is a replica of the shared log
//! (`business::shared_log`): writes go through the log, reads catch up first.

mod calls;
mod checkpoint;
mod orders;
pub mod outbox;
mod replica;
mod scheduling;
mod schema;

pub use replica::RowImage;

use std::{
    path::Path,
    sync::{Arc, Mutex, MutexGuard},
};

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Serialize, de::DeserializeOwned};

use crate::{
    business::{
        BackendError, BackendFuture, BusinessBackend, Effect, FinishedSession, OrderFilter,
        RecordedCall, Rules,
        shared_log::{LogEntry, SharedLog, Speculation},
    },
    clock::now_ms,
};
use voice_types::business::*;

pub struct EmbeddedBackend {
    conn: Mutex<Connection>,
    rules: Arc<Rules>,
    /// ERPNext is the system of record: every effect is also queued in the outbox.
    forward: bool,
    /// Redis mode: this store is a replica of the shared log (see `shared_log`).
    shared: Option<Arc<SharedLog>>,
    /// Held shared by every local write; the checkpointer holds it alone
    /// for a moment when the WAL must start over (see `checkpoint`).
    write_gate: checkpoint::WriteGate,
    /// Stops with the store (file-backed stores only).
    checkpointer: Option<checkpoint::Checkpointer>,
}

impl EmbeddedBackend {
    /// Opens (creating and migrating) the store under `data_dir`.
    pub fn open(data_dir: &Path, rules: Arc<Rules>) -> anyhow::Result<Self> {
        Self::open_with(data_dir, rules, checkpoint::Policy::default())
    }

    /// [`Self::open`] with its checkpoints' timing (tests).
    pub(crate) fn open_with(
        data_dir: &Path,
        rules: Arc<Rules>,
        policy: checkpoint::Policy,
    ) -> anyhow::Result<Self> {
        use anyhow::Context;
        std::fs::create_dir_all(data_dir).with_context(|| {
            format!("failed to create the data directory {}", data_dir.display())
        })?;
        let path = data_dir.join("business.sqlite3");
        let conn = Connection::open(&path)
            .with_context(|| format!("failed to open {}", path.display()))?;
        // Checkpoints (copying the WAL back into the database, with an fsync)
        // run on their own connection and thread, not inside a caller's commit.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        // A WAL that grew in a burst is cut back to this when it starts over.
        conn.pragma_update(None, "journal_size_limit", 64 << 20)?;
        let mut store = Self::from_connection(conn, rules)?;
        store.checkpointer = Some(checkpoint::Checkpointer::start(
            &path,
            store.write_gate.clone(),
            policy,
        )?);
        Ok(store)
    }

    /// An in-memory store (tests).
    pub fn in_memory(rules: Arc<Rules>) -> anyhow::Result<Self> {
        Self::from_connection(Connection::open_in_memory()?, rules)
    }

    fn from_connection(mut conn: Connection, rules: Arc<Rules>) -> anyhow::Result<Self> {
        use anyhow::Context;
        conn.pragma_update(None, "journal_mode", "WAL")
            .context("failed to enable WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::migrate(&mut conn).context("failed to migrate the embedded store")?;
        Ok(Self {
            conn: Mutex::new(conn),
            rules,
            forward: false,
            shared: None,
            write_gate: Default::default(),
            checkpointer: None,
        })
    }

    /// Makes this store a replica of the shared log (Redis mode): every write
    /// goes through the log, every read catches up with it first.
    pub fn shared(mut self, log: Arc<SharedLog>) -> Self {
        self.shared = Some(log);
        self
    }

    pub fn shared_log(&self) -> Option<&Arc<SharedLog>> {
        self.shared.as_ref()
    }

    /// Queues every effect for delivery to ERPNext (see `outbox`).
    pub fn forwarding(mut self) -> Self {
        self.forward = true;
        self
    }

    /// Records a webhook delivery id; false when it was already handled.
    pub async fn first_delivery(&self, id: &str, event: &str) -> Result<bool, BackendError> {
        let at = now_ms() as i64;
        self.write(|tx, _| {
            let inserted = tx
                .prepare_cached("INSERT OR IGNORE INTO webhook_events (id, event, received_at_ms) VALUES (?1, ?2, ?3)")?
                .execute(rusqlite::params![id, event, at])?;
            Ok(inserted == 1)
        })
        .await
    }

    /// Forgets idempotency keys and handled webhook ids recorded before
    /// `before_ms`, at most `limit` of each per call, in one write (in Redis
    /// mode one log entry, so every replica forgets the same rows). Returns
    /// the larger of the two counts: call again while it equals `limit`.
    pub async fn prune(&self, before_ms: i64, limit: u32) -> Result<usize, BackendError> {
        self.write(|tx, _| {
            let keys = tx
                .prepare_cached(
                    "DELETE FROM idempotency WHERE rowid IN \
                     (SELECT rowid FROM idempotency WHERE created_at_ms < ?1 LIMIT ?2)",
                )?
                .execute(rusqlite::params![before_ms, limit])?;
            let webhooks = tx
                .prepare_cached(
                    "DELETE FROM webhook_events WHERE rowid IN \
                     (SELECT rowid FROM webhook_events WHERE received_at_ms < ?1 LIMIT ?2)",
                )?
                .execute(rusqlite::params![before_ms, limit])?;
            Ok(keys.max(webhooks))
        })
        .await
    }

    /// Remembers the ERPNext name of a delivered document (the shared log's
    /// forwarder; the local one writes its outbox table directly).
    pub async fn record_remote_id(&self, local: &str, remote: &str) -> Result<(), BackendError> {
        self.write(|tx, _| outbox::set_remote_id(tx, local, remote))
            .await
    }

    /// Applies an order status that ERPNext reports (staff moved it there).
    /// ERPNext enforced the flow; the local copy follows without a new outbox row.
    pub async fn apply_remote_order_status(
        &self,
        remote_id: &str,
        status: voice_types::business::OrderStatus,
    ) -> Result<Option<OrderView>, BackendError> {
        self.write(|conn, _| Self::remote_order_status(conn, remote_id, status))
            .await
    }

    fn remote_order_status(
        conn: &Connection,
        remote_id: &str,
        status: voice_types::business::OrderStatus,
    ) -> Result<Option<OrderView>, BackendError> {
        let local: Option<String> = conn
            .prepare_cached("SELECT local_id FROM remote_ids WHERE remote_id = ?1")?
            .query_row([remote_id], |r| r.get(0))
            .optional()?;
        let Some(local) = local else { return Ok(None) };
        let json: Option<String> = conn
            .prepare_cached("SELECT view FROM orders WHERE order_id = ?1")?
            .query_row([&local], |r| r.get(0))
            .optional()?;
        let Some(json) = json else { return Ok(None) };
        let mut view: OrderView = serde_json::from_str(&json)?;
        view.status = status;
        conn.prepare_cached("UPDATE orders SET status = ?1, view = ?2 WHERE order_id = ?3")?
            .execute(rusqlite::params![
                status.as_str(),
                serde_json::to_string(&view)?,
                local
            ])?;
        Ok(Some(view))
    }

    /// Runs `f` on the connection (the outbox worker).
    pub fn with_connection<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        f(&self.lock())
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic inside a transaction rolls it back (the transaction is
        // dropped), so the connection is consistent even if poisoned.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` as one write: one immediate transaction, or in Redis mode
    /// one entry of the shared log (where `f` may run again after another
    /// instance's write, so it must not have side effects outside `tx`).
    async fn write<T: Send>(
        &self,
        f: impl Fn(&Transaction<'_>, &Rules) -> Result<T, BackendError> + Sync,
    ) -> Result<T, BackendError> {
        if let Some(log) = &self.shared {
            return log.write(self, &f).await;
        }
        let _open = self.write_gate.read().await;
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx, &self.rules)?;
        tx.commit()?;
        Ok(out)
    }

    async fn read<T>(
        &self,
        f: impl FnOnce(&Connection, &Rules) -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        if let Some(log) = &self.shared {
            log.catch_up(self).await?;
        }
        let conn = self.lock();
        f(&conn, &self.rules)
    }

    /// Runs `rule` in a transaction that records its changes, and rolls it
    /// back: the changes go to the shared log, and come back from there.
    pub(crate) fn speculate<T>(
        &self,
        rule: &(dyn Fn(&Transaction<'_>, &Rules) -> Result<T, BackendError> + Sync),
    ) -> Result<Speculation<T>, BackendError> {
        let mut conn = self.lock();
        let position = replica::position(&conn)?;
        let touched = replica::watch(&mut conn)?;
        let run = (|| -> Result<_, BackendError> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value = rule(&tx, &self.rules)?;
            let rows = replica::images(&tx, &touched)?;
            // Never committed in this mode, so every row here is this rule's.
            let outbox = outbox::all_items(&tx)?;
            tx.rollback()?;
            Ok((value, rows, outbox))
        })();
        replica::unwatch(&mut conn)?;
        let (value, rows, outbox) = run?;
        Ok(Speculation {
            value,
            position,
            rows,
            outbox,
        })
    }

    /// Applies log entries after the replica's position (older ones, which
    /// a concurrent catch-up already applied, are skipped).
    pub(crate) fn apply_log(&self, entries: &[LogEntry]) -> Result<(), BackendError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        replica::apply(&tx, entries)?;
        tx.commit()?;
        Ok(())
    }

    /// The replica's whole state and the log entry it is at, read in one
    /// transaction (for compacting the shared log).
    pub(crate) fn snapshot(&self) -> Result<(String, Vec<replica::RowImage>), BackendError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let at = replica::position(&tx)?;
        let rows = replica::dump(&tx)?;
        tx.commit()?;
        Ok((at, rows))
    }

    /// Replaces the replica's state with a snapshot taken at `at`.
    pub(crate) fn restore_snapshot(
        &self,
        at: &str,
        rows: &[replica::RowImage],
    ) -> Result<(), BackendError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        replica::restore(&tx, rows, at)?;
        tx.commit()?;
        Ok(())
    }

    /// The last shared-log entry this replica applied (`0-0`: none).
    pub fn replica_position(&self) -> Result<String, BackendError> {
        replica::position(&self.lock())
    }
}

/// The first answer stored under `key`, if any. A key reused for another
/// method is a conflict.
fn replay<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    key: Option<&str>,
    method: &str,
) -> Result<Option<T>, BackendError> {
    let Some(key) = key else { return Ok(None) };
    check_key(key)?;
    let row: Option<(String, String)> = tx
        .prepare_cached("SELECT method, result FROM idempotency WHERE key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok(None),
        Some((m, _)) if m != method => Err(BackendError::Conflict(format!(
            "idempotency_key {key:?} was already used for {m}, not {method}"
        ))),
        Some((_, result)) => Ok(Some(serde_json::from_str(&result)?)),
    }
}

fn remember<T: Serialize>(
    tx: &Transaction<'_>,
    key: Option<&str>,
    method: &str,
    result: &T,
) -> Result<(), BackendError> {
    if let Some(key) = key {
        tx.prepare_cached(
            "INSERT INTO idempotency (key, method, result, created_at_ms) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(rusqlite::params![
            key,
            method,
            serde_json::to_string(result)?,
            now_ms() as i64
        ])?;
    }
    Ok(())
}

fn check_key(key: &str) -> Result<(), BackendError> {
    if key.is_empty() || key.chars().count() > 140 {
        return Err(BackendError::invalid(
            "idempotency_key",
            "idempotency_key: 1 to 140 characters",
        ));
    }
    Ok(())
}

impl BusinessBackend for EmbeddedBackend {
    fn kind(&self) -> &'static str {
        "embedded"
    }

    fn menu(&self, category: Option<String>) -> BackendFuture<'_, MenuResult> {
        Box::pin(async move { Ok(self.rules.menu.view(category.as_deref())) })
    }

    fn place_order(
        &self,
        req: PlaceOrderRequest,
    ) -> BackendFuture<'_, Effect<PlaceOrderResult, OrderView>> {
        Box::pin(async move {
            self.write(|tx, rules| orders::place(tx, rules, &req, self.forward))
                .await
        })
    }

    fn order_status(&self, req: GetOrderStatusRequest) -> BackendFuture<'_, OrderStatusResult> {
        Box::pin(async move { self.read(|c, rules| orders::status(c, rules, &req)).await })
    }

    fn update_order_status(&self, req: UpdateOrderStatusRequest) -> BackendFuture<'_, OrderView> {
        Box::pin(async move {
            self.write(|tx, _| orders::update_status(tx, &req, self.forward))
                .await
        })
    }

    fn check_availability(
        &self,
        req: CheckAvailabilityRequest,
    ) -> BackendFuture<'_, AvailabilityResult> {
        Box::pin(async move {
            self.read(|c, rules| scheduling::availability(c, rules, &req))
                .await
        })
    }

    fn book_appointment(
        &self,
        req: BookAppointmentRequest,
    ) -> BackendFuture<'_, Effect<BookAppointmentResult, AppointmentView>> {
        Box::pin(async move {
            self.write(|tx, rules| scheduling::book(tx, rules, &req, self.forward))
                .await
        })
    }

    fn create_ticket(
        &self,
        req: CreateTicketRequest,
    ) -> BackendFuture<'_, Effect<CreateTicketResult, TicketView>> {
        Box::pin(async move {
            self.write(|tx, rules| scheduling::ticket(tx, rules, &req, self.forward))
                .await
        })
    }

    fn list_orders(&self, filter: OrderFilter) -> BackendFuture<'_, Vec<OrderView>> {
        Box::pin(async move { self.read(|c, _| orders::list(c, &filter)).await })
    }

    fn list_appointments(
        &self,
        from: String,
        to: String,
    ) -> BackendFuture<'_, Vec<AppointmentView>> {
        Box::pin(async move {
            self.read(|c, _| scheduling::list_appointments(c, &from, &to))
                .await
        })
    }

    fn list_tickets(&self) -> BackendFuture<'_, Vec<TicketView>> {
        Box::pin(async move { self.read(|c, _| scheduling::list_tickets(c)).await })
    }

    fn record_session(&self, finished: FinishedSession) -> BackendFuture<'_, ()> {
        Box::pin(async move {
            self.write(|tx, rules| {
                calls::record(tx, &finished, self.forward.then_some(&rules.time_zone))
            })
            .await
        })
    }

    fn analytics(&self, date: String) -> BackendFuture<'_, (DashboardData, Vec<HourlyCalls>)> {
        Box::pin(async move {
            self.read(|c, rules| calls::analytics(c, rules, &date))
                .await
        })
    }

    fn outbox_stats(&self) -> BackendFuture<'_, Option<outbox::OutboxStats>> {
        Box::pin(async move {
            if !self.forward {
                return Ok(None);
            }
            if let Some(log) = &self.shared {
                return log.outbox_stats().await.map(Some);
            }
            self.read(|c, _| outbox::stats(c)).await.map(Some)
        })
    }

    fn replica_health(&self) -> BackendFuture<'_, Option<crate::business::ReplicaHealth>> {
        Box::pin(async move {
            let Some(log) = &self.shared else {
                return Ok(None);
            };
            let error = log.catch_up(self).await.err().map(|e| e.to_string());
            Ok(Some(crate::business::ReplicaHealth {
                position: self.replica_position()?,
                error,
            }))
        })
    }

    fn session_tools(
        &self,
        session_id: String,
    ) -> BackendFuture<'_, Vec<voice_domain::business::ToolCall>> {
        Box::pin(async move { self.read(|c, _| calls::session_tools(c, &session_id)).await })
    }

    fn session_transcript(&self, session_id: String) -> BackendFuture<'_, Option<RecordedCall>> {
        Box::pin(async move { self.read(|c, _| calls::transcript(c, &session_id)).await })
    }
}

/// Logs a business tool call of a voice session (for its outcome).
fn log_tool(
    tx: &Transaction<'_>,
    session_id: Option<&str>,
    tool: &str,
    success: bool,
) -> Result<(), BackendError> {
    if let Some(session_id) = session_id {
        tx.prepare_cached(
            "INSERT INTO session_tools (session_id, tool, success, at_ms) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(rusqlite::params![
            session_id,
            tool,
            success,
            now_ms() as i64
        ])?;
    }
    Ok(())
}

/// Remembers a customer by phone; a name or e-mail given later updates it.
fn upsert_customer(
    tx: &Transaction<'_>,
    phone: Option<&str>,
    name: Option<&str>,
    email: Option<&str>,
) -> Result<(), BackendError> {
    if let Some(phone) = phone {
        tx.prepare_cached(
            "INSERT INTO customers (phone, name, email, updated_at_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(phone) DO UPDATE SET name = COALESCE(excluded.name, name),
               email = COALESCE(excluded.email, email), updated_at_ms = excluded.updated_at_ms",
        )?
        .execute(rusqlite::params![phone, name, email, now_ms() as i64])?;
    }
    Ok(())
}
