//! Redis mode: one business store for every instance, through a shared log.
//!
//! Each instance keeps its embedded SQLite store as a *replica* of one log,
//! a Redis stream (`vsm:{biz}:log`) whose entries are the rows a transaction
//! wrote, as row images (see `embedded::replica`). A write runs like this:
//!
//! 1. catch up: apply every log entry after the replica's position;
//! 2. run the rule speculatively in a transaction that records its changes,
//!    take the images of the rows it wrote (and any outbox rows for
//!    ERPNext), roll back;
//! 3. append them with a script that succeeds only if the log's tip
//!    is still the position the rule saw (optimistic concurrency); if another
//!    instance appended first, go back to 1 and decide again on fresh state;
//! 4. catch up again, which applies our own entry like anybody else's.
//!
//! So two instances never both take the last slot, an idempotency key
//! replayed on another instance returns the first answer, and every staff
//! board shows the same orders. Reads catch up first (one `XRANGE` when
//! nothing is new), so a change made on one instance is read on the next
//! request anywhere.
//!
//! The same entries are the outbox towards ERPNext: an entry carries the
//! outbox rows its transaction wrote, and one instance at a time (a leased
//! leader, see `forwarder::run_shared`) delivers them in log order and
//! moves a shared position forward. A crashed instance loses nothing: the
//! entry is in Redis, and the next leader resumes from the position.
//!
//! Compaction keeps the log short: every `SHARED_LOG_COMPACT_INTERVAL` one
//! instance (whichever takes the turn) writes a snapshot of its replica
//! (every replicated row, as images, and the entry it is at) and trims the
//! entries before a cut that the snapshot covers, that are older than
//! `SHARED_LOG_RETAIN`, and that carry nothing still undelivered to ERPNext.
//! The snapshot and the trim mark (`vsm:{biz}:trimmed`) change together in
//! one script. A replica whose position is before the mark (a new instance,
//! or one that was stopped for long) loads the snapshot, then reads the log
//! after it. Run Redis with persistence (AOF) in this mode: the log and the
//! snapshot are the business's record until ERPNext has it.

use std::{sync::Arc, time::Duration};

use fred::{
    prelude::*,
    types::{Expiration, SetOptions, Value, scripts::Script},
};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use crate::business::{BackendError, EmbeddedBackend, Rules, embedded::RowImage};

pub const LOG_KEY: &str = "vsm:{biz}:log";
const POSITION_KEY: &str = "vsm:{biz}:outbox-position";
const LEADER_KEY: &str = "vsm:{biz}:outbox-leader";
const FAILED_KEY: &str = "vsm:{biz}:outbox-failed";

const SNAPSHOT_KEY: &str = "vsm:{biz}:snapshot";
const TRIMMED_KEY: &str = "vsm:{biz}:trimmed";
const COMPACT_TURN_KEY: &str = "vsm:{biz}:compact-turn";

/// Entries read per `XRANGE`.
const PAGE: u64 = 256;
/// Pages of the log read to count the outbox depth.
const STATS_PAGES: usize = 40;
/// Appends tried before a write gives up (each retry follows a concurrent
/// write by another instance, so this is only reached under a storm).
const MAX_APPENDS: usize = 50;

/// Appends only when the tip is still `ARGV[1]`; answers `{"ok", id}` or
/// `{"moved", tip}`.
const APPEND_LUA: &str = r#"
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local tip = '0-0'
if last[1] then tip = last[1][1] end
if tip ~= ARGV[1] then return {'moved', tip} end
return {'ok', redis.call('XADD', KEYS[1], '*', 'c', ARGV[2], 'o', ARGV[3], 'by', ARGV[4])}
"#;

/// Takes or renews the delivery lease: 1 when `ARGV[1]` holds it now.
const LEAD_LUA: &str = r#"
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"#;

/// Stores a snapshot taken at `ARGV[1]` (rows `ARGV[2]`) unless a newer one
/// is there (an empty `ARGV[2]`: the stored one must be at `ARGV[1]`), and
/// trims the log before `ARGV[3]` (never past the snapshot), moving the
/// trim mark forward. Answers 1 when done, 0 when the snapshot was stale.
const COMPACT_LUA: &str = r#"
local function before(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
local current = redis.call('HGET', KEYS[1], 'at')
if ARGV[2] == '' then
  if current ~= ARGV[1] then return 0 end
else
  if current and not before(current, ARGV[1]) then return 0 end
  redis.call('HSET', KEYS[1], 'at', ARGV[1], 'rows', ARGV[2])
end
local cut = ARGV[3]
if before(ARGV[1], cut) then cut = ARGV[1] end
local trimmed = redis.call('GET', KEYS[3]) or '0-0'
if before(trimmed, cut) then
  redis.call('XTRIM', KEYS[2], 'MINID', cut)
  redis.call('SET', KEYS[3], cut)
end
return 1
"#;

/// Moves the delivered position, only for the lease holder.
const ADVANCE_LUA: &str = r#"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
"#;

/// One effect to deliver to ERPNext (a row of the local outbox, carried in
/// the log instead).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxItem {
    pub key: String,
    pub method: String,
    pub payload: serde_json::Value,
}

/// One entry of the log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub id: String,
    pub rows: Vec<RowImage>,
    pub outbox: Vec<OutboxItem>,
}

/// What a speculative run of a rule produced.
pub struct Speculation<T> {
    pub value: T,
    /// The log position the rule saw.
    pub position: String,
    pub rows: Vec<RowImage>,
    pub outbox: Vec<OutboxItem>,
}

pub struct SharedLog {
    client: Client,
    append: Script,
    lead: Script,
    advance: Script,
    compact: Script,
    instance: Arc<str>,
}

/// What one compaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compaction {
    /// The log entry the snapshot was taken at.
    pub at: String,
    /// Rows in the new snapshot; `None` when the stored one was current
    /// (nothing written since), so only the trim could move.
    pub rows: Option<usize>,
    /// Entries before this one may be gone from the log.
    pub cut: String,
}

impl SharedLog {
    pub fn new(client: Client, instance: Arc<str>) -> Self {
        Self {
            client,
            append: Script::from_lua(APPEND_LUA),
            lead: Script::from_lua(LEAD_LUA),
            advance: Script::from_lua(ADVANCE_LUA),
            compact: Script::from_lua(COMPACT_LUA),
            instance,
        }
    }

    /// Applies every entry after the replica's position; a replica whose
    /// position is before the trimmed part of the log loads the snapshot
    /// first.
    pub async fn catch_up(&self, store: &EmbeddedBackend) -> Result<(), BackendError> {
        loop {
            let from = store.replica_position()?;
            // One round trip: the entries, then the trim mark. In that order,
            // a compaction between the two can only make the mark look newer
            // than the entries need (a needless reload), never older.
            let (entries, trimmed) =
                tokio::try_join!(self.read_entries_after(&from, PAGE), async {
                    Ok(self.client.get::<Option<String>, _>(TRIMMED_KEY).await?)
                },)?;
            if let Some(mark) = trimmed
                && stream_id(&from) < stream_id(&mark)
            {
                self.load_snapshot(store, &from, &mark).await?;
                continue;
            }
            let entries = entries.inspect_err(|_| stuck())?;
            let full = entries.len() as u64 == PAGE;
            if !entries.is_empty() {
                store.apply_log(&entries).inspect_err(|_| stuck())?;
            }
            if !full {
                metrics::gauge!("vsm_shared_log_stuck").set(0.0);
                return Ok(());
            }
        }
    }

    async fn load_snapshot(
        &self,
        store: &EmbeddedBackend,
        from: &str,
        mark: &str,
    ) -> Result<(), BackendError> {
        let (at, rows): (Option<String>, Option<Vec<u8>>) =
            self.client.hmget(SNAPSHOT_KEY, vec!["at", "rows"]).await?;
        let (Some(at), Some(rows)) = (at, rows) else {
            return Err(BackendError::Shared(format!(
                "the shared business log is trimmed before {mark} but Redis holds no snapshot: \
                 Redis lost data (flushed, or restarted without persistence)"
            )));
        };
        if stream_id(&at) < stream_id(mark) {
            return Err(BackendError::Shared(format!(
                "the shared business log's snapshot ({at}) is older than its trim mark ({mark})"
            )));
        }
        let rows: Vec<RowImage> = serde_json::from_slice(&rows)?;
        tracing::info!(from, snapshot = %at, rows = rows.len(),
            "this replica is behind the compacted part of the shared business log: loading the snapshot");
        store.restore_snapshot(&at, &rows)
    }

    /// Snapshots this replica and trims the log before the newest entry that
    /// is covered by the snapshot, older than `retain`, and not before an
    /// entry still to be delivered to ERPNext. `None` when another instance
    /// took this turn (one compaction per `interval` in the deployment).
    pub async fn compact(
        &self,
        store: &EmbeddedBackend,
        interval: Duration,
        retain: Duration,
    ) -> Result<Option<Compaction>, BackendError> {
        let turn: Option<String> = self
            .client
            .set(
                COMPACT_TURN_KEY,
                self.instance.to_string(),
                Some(Expiration::PX(interval.as_millis().max(1) as i64)),
                Some(SetOptions::NX),
                false,
            )
            .await?;
        if turn.is_none() {
            return Ok(None);
        }
        self.catch_up(store).await?;
        let position = store.replica_position()?;
        if position == "0-0" {
            return Ok(None);
        }
        // Nothing written since the last snapshot: keep it (a dump holds the
        // store for a full read) and only let the trim move on.
        let last: Option<String> = self.client.hget(SNAPSHOT_KEY, "at").await?;
        let (at, rows) = if last.as_deref() == Some(position.as_str()) {
            (position, None)
        } else {
            let (at, rows) = store.snapshot()?;
            (at, Some(rows))
        };
        let now = crate::clock::now_ms();
        let retained = format!("{}-0", now.saturating_sub(retain.as_millis() as u64));
        let mut cut = if stream_id(&retained) < stream_id(&at) {
            retained
        } else {
            at.clone()
        };
        if let Some(pending) = self.first_undelivered(&at).await?
            && stream_id(&pending) < stream_id(&cut)
        {
            cut = pending;
        }
        let stored: i64 = self
            .compact
            .evalsha_with_reload(
                &self.client,
                vec![SNAPSHOT_KEY, LOG_KEY, TRIMMED_KEY],
                vec![
                    at.clone(),
                    match &rows {
                        Some(rows) => serde_json::to_string(rows)?,
                        None => String::new(),
                    },
                    cut.clone(),
                ],
            )
            .await?;
        if stored != 1 {
            return Ok(None);
        }
        Ok(Some(Compaction {
            at,
            rows: rows.map(|r| r.len()),
            cut,
        }))
    }

    /// The first entry up to `until` whose ERPNext items are not delivered.
    async fn first_undelivered(&self, until: &str) -> Result<Option<String>, BackendError> {
        let mut from = self.delivered_position().await?;
        loop {
            let entries = self.read_after(&from, PAGE).await?;
            for entry in &entries {
                if stream_id(&entry.id) > stream_id(until) {
                    return Ok(None);
                }
                if !entry.outbox.is_empty() {
                    return Ok(Some(entry.id.clone()));
                }
            }
            match entries.last() {
                Some(last) if entries.len() as u64 == PAGE => from = last.id.clone(),
                _ => return Ok(None),
            }
        }
    }

    /// Runs a rule as one write of the shared store (see the module header).
    pub async fn write<T: Send>(
        &self,
        store: &EmbeddedBackend,
        rule: &(dyn Fn(&Transaction<'_>, &Rules) -> Result<T, BackendError> + Sync),
    ) -> Result<T, BackendError> {
        for _ in 0..MAX_APPENDS {
            self.catch_up(store).await?;
            let spec = store.speculate(rule)?;
            if spec.rows.is_empty() && spec.outbox.is_empty() {
                return Ok(spec.value);
            }
            let args: Vec<String> = vec![
                spec.position.clone(),
                serde_json::to_string(&spec.rows)?,
                serde_json::to_string(&spec.outbox)?,
                self.instance.to_string(),
            ];
            let answer: Vec<String> = self
                .append
                .evalsha_with_reload(&self.client, vec![LOG_KEY], args)
                .await?;
            match (answer.first().map(String::as_str), answer.get(1)) {
                (Some("ok"), Some(_)) => {
                    self.catch_up(store).await?;
                    return Ok(spec.value);
                }
                (Some("moved"), Some(tip)) if stream_id(tip) < stream_id(&spec.position) => {
                    return Err(BackendError::Shared(format!(
                        "the shared business log in Redis ends at {tip}, before this replica's \
                         position {}: Redis lost data (flushed, or restarted without persistence)",
                        spec.position
                    )));
                }
                (Some("moved"), _) => {
                    // Another instance wrote first: decide again on its result.
                    tokio::task::yield_now().await;
                }
                _ => {
                    return Err(BackendError::Shared(format!(
                        "unexpected answer from the append script: {answer:?}"
                    )));
                }
            }
        }
        Err(BackendError::Shared(
            "the shared business log is too busy: gave up after repeated concurrent writes".into(),
        ))
    }

    /// Up to `count` entries after `from` (exclusive).
    pub async fn read_after(&self, from: &str, count: u64) -> Result<Vec<LogEntry>, BackendError> {
        self.read_entries_after(from, count).await?
    }

    /// The entries after `from`: the outer error is Redis failing, the inner
    /// one an entry that cannot be read (a stuck log, see [`stuck`]).
    async fn read_entries_after(
        &self,
        from: &str,
        count: u64,
    ) -> Result<Result<Vec<LogEntry>, BackendError>, BackendError> {
        let raw: Vec<RawEntry> = self
            .client
            .xrange(LOG_KEY, format!("({from}"), "+", Some(count))
            .await?;
        Ok(raw.into_iter().map(parse_entry).collect())
    }

    /// Takes or renews the delivery lease for `lease_ms`; true when held.
    pub async fn lead(&self, lease_ms: u64) -> Result<bool, BackendError> {
        let held: i64 = self
            .lead
            .evalsha_with_reload(
                &self.client,
                vec![LEADER_KEY],
                vec![self.instance.to_string(), lease_ms.to_string()],
            )
            .await?;
        Ok(held == 1)
    }

    /// The last entry whose outbox items were delivered (or given up).
    pub async fn delivered_position(&self) -> Result<String, BackendError> {
        let position: Option<String> = self.client.get(POSITION_KEY).await?;
        Ok(position.unwrap_or_else(|| "0-0".to_owned()))
    }

    /// Moves the delivered position; false when this instance lost the lease.
    pub async fn advance(&self, id: &str) -> Result<bool, BackendError> {
        let moved: i64 = self
            .advance
            .evalsha_with_reload(
                &self.client,
                vec![LEADER_KEY, POSITION_KEY],
                vec![self.instance.to_string(), id.to_owned()],
            )
            .await?;
        Ok(moved == 1)
    }

    /// Keeps an item ERPNext refused for good (counted, never dropped silently).
    pub async fn give_up(&self, item: &OutboxItem, why: &str) -> Result<(), BackendError> {
        let record =
            serde_json::json!({"method": item.method, "payload": item.payload, "error": why});
        let _: i64 = self
            .client
            .hset(FAILED_KEY, (item.key.as_str(), record.to_string()))
            .await?;
        Ok(())
    }

    /// Depth and age of what is not delivered yet, and the refused count.
    pub async fn outbox_stats(
        &self,
    ) -> Result<crate::business::embedded::outbox::OutboxStats, BackendError> {
        let position = self.delivered_position().await?;
        let mut pending = 0u64;
        let mut oldest_ms = None;
        let mut from = position;
        // Bounded: beyond this many entries the depth is a lower bound.
        for _ in 0..STATS_PAGES {
            let entries = self.read_after(&from, PAGE).await?;
            for entry in &entries {
                if !entry.outbox.is_empty() {
                    pending += entry.outbox.len() as u64;
                    oldest_ms.get_or_insert(stream_id(&entry.id).0);
                }
            }
            match entries.last() {
                Some(last) if entries.len() as u64 == PAGE => from = last.id.clone(),
                _ => break,
            }
        }
        let failed: u64 = self.client.hlen(FAILED_KEY).await?;
        Ok(crate::business::embedded::outbox::OutboxStats {
            pending,
            failed,
            oldest_pending_age_ms: oldest_ms
                .map_or(0, |t| crate::clock::now_ms().saturating_sub(t)),
        })
    }
}

/// Redis mode: compacts the shared log every `interval` (one instance of
/// the deployment per turn) until shutdown.
pub async fn run_compactor(
    store: Arc<EmbeddedBackend>,
    interval: Duration,
    retain: Duration,
    shutdown: tokio_util::sync::CancellationToken,
) {
    let Some(log) = store.shared_log().cloned() else {
        return;
    };
    if interval.is_zero() {
        tracing::info!(
            "SHARED_LOG_COMPACT_INTERVAL=0: this instance never compacts the shared log"
        );
        return;
    }
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick is immediate: wait a whole interval after start-up.
    tick.tick().await;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.cancelled() => return,
        }
        match log.compact(&store, interval, retain).await {
            Ok(Some(done)) => match done.rows {
                Some(rows) => tracing::info!(snapshot_at = %done.at, rows,
                    trimmed_before = %done.cut, "compacted the shared business log"),
                None => tracing::debug!(snapshot_at = %done.at, trimmed_before = %done.cut,
                    "shared business log: snapshot current, trim moved on"),
            },
            Ok(None) => {}
            Err(err) => {
                metrics::counter!("vsm_shared_log_compaction_failures_total").increment(1);
                tracing::warn!(error = %err, "could not compact the shared business log");
            }
        }
    }
}

/// Counts an entry this replica cannot read or apply, and marks the replica
/// stuck (`vsm_shared_log_stuck` 1 until a catch-up succeeds). Replicas never skip
/// an entry (that would lose the write it carries), so this replica's
/// business requests fail until the entry can be applied: an instance of an
/// older build that meets a newer build's entry is upgraded, or an operator
/// repairs the log (see infra/README.md). `/health` names the entry.
fn stuck() {
    metrics::counter!("vsm_shared_log_apply_failures_total").increment(1);
    metrics::gauge!("vsm_shared_log_stuck").set(1.0);
}

/// A stream entry as Redis returns it.
type RawEntry = (String, Vec<(String, Value)>);

fn parse_entry((id, fields): RawEntry) -> Result<LogEntry, BackendError> {
    let mut rows = Vec::new();
    let mut outbox = Vec::new();
    for (name, value) in fields {
        let bytes: Vec<u8> = match value {
            Value::Bytes(b) => b.to_vec(),
            Value::String(s) => s.as_bytes().to_vec(),
            Value::Null => Vec::new(),
            other => {
                return Err(BackendError::Shared(format!(
                    "log entry {id}: field {name} is {other:?}, not a string"
                )));
            }
        };
        match name.as_str() {
            "c" if !bytes.is_empty() => rows = parse_field(&id, &name, &bytes)?,
            "o" if !bytes.is_empty() => outbox = parse_field(&id, &name, &bytes)?,
            _ => {}
        }
    }
    Ok(LogEntry { id, rows, outbox })
}

fn parse_field<T: serde::de::DeserializeOwned>(
    id: &str,
    name: &str,
    bytes: &[u8],
) -> Result<T, BackendError> {
    serde_json::from_slice(bytes).map_err(|e| {
        BackendError::Shared(format!(
            "shared log entry {id} cannot be read: field {name:?} is not what this build \
             expects ({e})"
        ))
    })
}

/// A stream id (`<ms>-<seq>`) as a comparable pair; malformed ids sort first.
pub fn stream_id(id: &str) -> (u64, u64) {
    let (ms, seq) = id.split_once('-').unwrap_or((id, "0"));
    (ms.parse().unwrap_or(0), seq.parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_compare_numerically() {
        assert!(stream_id("10-0") > stream_id("9-5"));
        assert!(stream_id("10-2") > stream_id("10-1"));
        assert_eq!(stream_id("0-0"), (0, 0));
        assert_eq!(stream_id("junk"), (0, 0));
    }
}
