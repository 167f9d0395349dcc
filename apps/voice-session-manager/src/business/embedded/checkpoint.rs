//! WAL checkpoints off the request path.
//!
//! SQLite's automatic checkpoint runs inside whichever commit crosses the
//! threshold, so one caller in a thousand waited for the copy and its fsync
//! (tens of milliseconds at the 99th percentile of `bench tools`). The store
//! turns that off and this thread checkpoints every 500 ms on its own
//! connection, in `PASSIVE` mode (it never blocks the writer).

use std::{
    path::Path,
    sync::mpsc::{self, RecvTimeoutError},
    thread::JoinHandle,
    time::Duration,
};

use rusqlite::Connection;

pub struct Checkpointer {
    /// Dropping it wakes and stops the thread.
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub fn start(path: &Path) -> anyhow::Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_millis(100))?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(Duration::from_millis(500))
                {
                    if let Err(err) =
                        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
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

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
