//! WAL checkpoints off the request path, and a WAL that does not grow
//! without bound under steady writes.
//!
//! SQLite's automatic checkpoint runs inside whichever commit crosses the
//! threshold, so one caller in a thousand waited for the copy and its fsync
//! (tens of milliseconds at the 99th percentile of `bench tools`). The store
//! turns that off and this thread checkpoints every `interval` on its own
//! connection, in `PASSIVE` mode (it never blocks the writer).
//!
//! SQLite starts the WAL over from its beginning only when a write begins
//! after a checkpoint copied *every* frame back. Under steady writes (a
//! write every millisecond in `bench tools`) one is always under way while
//! the checkpoint's fsync runs, so the WAL never started over: it grew by
//! about 20 MB a second, and every commit paid for extending the file (ext4
//! block allocation and zeroing, a third of the commit's CPU). So when the
//! WAL holds more than `restart_frames` after a checkpoint, the thread
//! closes the [`WriteGate`] (writers wait, asynchronously: reads and every
//! other request go on), checkpoints the few frames left, and opens it; the
//! next write starts the WAL over and reuses the file's blocks.

use std::{
    path::Path,
    sync::{
        Arc,
        mpsc::{self, RecvTimeoutError},
    },
    thread::JoinHandle,
    time::Duration,
};

use rusqlite::Connection;

/// Writers hold it shared while they write; the checkpointer holds it alone
/// for the moment it needs no new frames.
pub type WriteGate = Arc<tokio::sync::RwLock<()>>;

/// When and how the checkpointer works.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub interval: Duration,
    /// A WAL longer than this (in frames, a page each) after a checkpoint
    /// is checkpointed once more with writers held.
    pub restart_frames: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            interval: Duration::from_millis(500),
            // 8,192 pages of 4 KiB: 32 MiB, about one second of `bench tools`.
            restart_frames: 8192,
        }
    }
}

pub struct Checkpointer {
    /// Dropping it wakes and stops the thread.
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub fn start(path: &Path, gate: WriteGate, policy: Policy) -> anyhow::Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_millis(100))?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(policy.interval) {
                    if let Err(err) = run(&conn, &gate, policy) {
                        tracing::warn!(error = %err, "embedded store: WAL checkpoint failed");
                    }
                }
            })?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

/// One round: a passive checkpoint, and if the WAL grew long (writers kept
/// it from starting over), a second one with writers held.
///
/// A passive checkpoint that copies every frame is not enough: a write that
/// began while it ran still appends after it, and the write after that
/// finds frames not copied. Only a write that *begins* after every frame
/// was copied starts the WAL over.
fn run(conn: &Connection, gate: &WriteGate, policy: Policy) -> rusqlite::Result<()> {
    let (frames, _) = passive(conn)?;
    if frames > policy.restart_frames {
        let _held = gate.blocking_write();
        let (frames, copied) = passive(conn)?;
        tracing::debug!(
            frames,
            copied,
            "embedded store: WAL checkpointed with writers held"
        );
    }
    Ok(())
}

/// `PRAGMA wal_checkpoint(PASSIVE)`: the WAL's frames, and how many of them
/// are now in the database.
fn passive(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((r.get(1)?, r.get(2)?))
    })
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::business::{EmbeddedBackend, Rules};

    /// Writes back to back never leave a moment when every frame is
    /// copied, so without the held round the WAL only grows (thousands of
    /// frames here); with it the WAL starts over again and again.
    #[tokio::test]
    async fn the_wal_starts_over_under_writes_back_to_back() {
        let dir = std::env::temp_dir().join(format!("vsm-wal-restart-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let rules = Rules::new(voice_domain::catalog::Catalog::demo().clone(), Vec::new())
            .expect("demo rules");
        let policy = Policy {
            interval: Duration::from_millis(5),
            restart_frames: 64,
        };
        let store = EmbeddedBackend::open_with(&dir, Arc::new(rules), policy).expect("open");
        let wal = dir.join("business.sqlite3-wal");
        let mut largest = 0;
        for i in 0..6000 {
            let id = format!("delivery-{i:06}-{}", "x".repeat(200));
            assert!(
                store
                    .first_delivery(&id, "call.ended")
                    .await
                    .expect("write")
            );
            largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
        }
        let frames = largest / (4096 + 24);
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
        // 6,000 inserts of 250-byte rows into the table and its indexes
        // make well over 6,000 frames if the WAL never starts over.
        assert!(
            frames < 3000,
            "the WAL grew to {frames} frames: it never started over"
        );
    }
}
