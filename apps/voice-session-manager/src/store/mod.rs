//! Session records: where sessions live, and how their status changes safely.
//!
//! Two implementations behind one enum: in memory (the embedded default, one
//! instance) and Redis (shared by every instance). A status change is a
//! compare-and-set on the current status, so two instances (or a webhook and
//! a staff click) racing on one session never both win.

mod memory;
mod redis;

use std::time::Duration;

use voice_types::{BusinessType, SessionId, SessionStatus, SessionView};

pub use memory::MemoryStore;
pub use redis::RedisStore;

/// A session as stored: the public view plus the hash of its customer token.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SessionRecord {
    pub view: SessionView,
    /// Hex SHA-256 of the session token; the token itself is never stored.
    pub token_sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("redis: {0}")]
    Redis(#[from] fred::error::Error),
    #[error("corrupt session record: {0}")]
    Corrupt(#[from] serde_json::Error),
}

/// The result of a compare-and-set.
#[derive(Debug)]
pub enum Cas {
    Updated,
    Missing,
    /// Someone else changed the status first; this is the status now.
    Raced(SessionStatus),
}

/// Staff list filter.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<SessionStatus>,
    pub business_type: Option<BusinessType>,
    pub offset: u64,
    pub limit: u64,
}

impl ListFilter {
    pub fn matches(&self, view: &SessionView) -> bool {
        self.status.is_none_or(|s| s == view.status)
            && self.business_type.is_none_or(|b| b == view.business_type)
    }
}

pub enum SessionStore {
    Memory(MemoryStore),
    Redis(RedisStore),
}

impl SessionStore {
    pub async fn insert(&self, record: &SessionRecord, ttl: Duration) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.insert(record.clone(), ttl);
                Ok(())
            }
            Self::Redis(r) => r.insert(record, ttl).await,
        }
    }

    pub async fn get(&self, id: &SessionId) -> Result<Option<SessionRecord>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.get(id)),
            Self::Redis(r) => r.get(id).await,
        }
    }

    /// Replaces the record's view if its status is still `expected`.
    pub async fn compare_and_set(
        &self,
        expected: SessionStatus,
        view: &SessionView,
        ttl: Duration,
    ) -> Result<Cas, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.compare_and_set(expected, view, ttl)),
            Self::Redis(r) => r.compare_and_set(expected, view, ttl).await,
        }
    }

    /// Sessions matching `filter`, newest first, and how many match in all.
    pub async fn list(&self, filter: &ListFilter) -> Result<(Vec<SessionView>, u64), StoreError> {
        match self {
            Self::Memory(m) => Ok(m.list(filter)),
            Self::Redis(r) => r.list(filter).await,
        }
    }

    /// The oldest `limit` live sessions for which `wanted` holds, oldest
    /// first. Reads every record (Redis: one pipelined read of all of them),
    /// so it is for periodic sweeps, not for requests.
    pub async fn select(
        &self,
        wanted: impl Fn(&SessionView) -> bool,
        limit: usize,
    ) -> Result<Vec<SessionView>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.select(wanted, limit)),
            Self::Redis(r) => r.select(wanted, limit).await,
        }
    }

    /// The conversation context of a session (opaque JSON), if any.
    pub async fn get_context(&self, id: &SessionId) -> Result<Option<String>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.get_context(id)),
            Self::Redis(r) => r.get_context(id).await,
        }
    }

    /// Replaces a session's conversation context, expiring after `ttl`.
    pub async fn put_context(
        &self,
        id: &SessionId,
        json: &str,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.put_context(id, json, ttl);
                Ok(())
            }
            Self::Redis(r) => r.put_context(id, json, ttl).await,
        }
    }

    /// A small value by key (call index, delivery ids), if live.
    pub async fn get_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.get_value(key)),
            Self::Redis(r) => r.get_value(key).await,
        }
    }

    /// Stores a small value, expiring after `ttl`.
    pub async fn put_value(&self, key: &str, value: &str, ttl: Duration) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.put_value(key, value, ttl);
                Ok(())
            }
            Self::Redis(r) => r.put_value(key, value, ttl, false).await.map(|_| ()),
        }
    }

    /// Stores a value only if the key is free: true the first time, false
    /// for every repeat within `ttl` (on every instance, in Redis mode).
    pub async fn first_time(&self, key: &str, ttl: Duration) -> Result<bool, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.put_value_if_absent(key, "1", ttl)),
            Self::Redis(r) => r.put_value(key, "1", ttl, true).await,
        }
    }

    /// True when two commands sent one after the other without waiting run
    /// in that order (memory; Redis on one connection, not Redis Cluster).
    pub fn keeps_command_order(&self) -> bool {
        match self {
            Self::Memory(_) => true,
            Self::Redis(r) => r.keeps_command_order(),
        }
    }

    /// Checks the store answers (for `/health`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Self::Memory(_) => Ok(()),
            Self::Redis(r) => r.ping().await,
        }
    }

    /// Drops expired records (memory only; Redis expires keys itself).
    pub fn purge_expired(&self, now_ms: u64) {
        if let Self::Memory(m) = self {
            m.purge_expired(now_ms);
        }
    }
}
