//! Call capacity and the caller queue, for the whole deployment.
//!
//! A call slot is a lease (session id → expiry), not a counter: the instance
//! serving a session renews it, so when an instance dies its slots expire and
//! come back. A queue place is a lease too (renewed while the caller's
//! WebSocket is connected, capped by the maximum wait), kept in first-in
//! first-out order. In Redis mode every step is one Lua script, so instances
//! never over-admit. In memory mode the same rules run under one mutex.

mod memory;
mod redis;

pub use memory::MemoryCapacity;
pub use redis::RedisCapacity;

use crate::store::StoreError;

/// What `acquire` decided for a new session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// A slot is reserved.
    Ready,
    /// Queued at this position (1 = head).
    Queued { position: u32 },
}

/// Why a queue place was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueExit {
    /// The caller's WebSocket was gone for longer than the grace period.
    Disconnected,
    /// The caller waited longer than the maximum wait.
    TimedOut,
}

/// What one maintenance pass found and did.
#[derive(Debug, Default)]
pub struct Sweep {
    /// Slots whose lease expired (their instance stopped renewing).
    pub expired_slots: Vec<String>,
    /// Queue places that expired, with why.
    pub expired_queue: Vec<(String, QueueExit)>,
    /// Queued sessions that were given a slot, head first.
    pub promoted: Vec<String>,
}

/// Lease timings, from config.
#[derive(Debug, Clone, Copy)]
pub struct LeaseTimes {
    pub slot_ms: u64,
    pub queue_grace_ms: u64,
    pub queue_max_wait_ms: u64,
}

pub enum Capacity {
    Memory(MemoryCapacity),
    Redis(RedisCapacity),
}

impl Capacity {
    /// Takes a slot if one is free and nobody is waiting; otherwise joins the queue.
    pub async fn acquire(&self, id: &str, now: u64, max: u32) -> Result<Admission, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.acquire(id, now, max)),
            Self::Redis(r) => r.acquire(id, now, max).await,
        }
    }

    /// Gives back a slot or a queue place (whichever the session holds).
    pub async fn release(&self, id: &str) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.release(id);
                Ok(())
            }
            Self::Redis(r) => r.release(id).await,
        }
    }

    /// Extends the leases of sessions this instance serves. `queued` are the
    /// queued sessions whose caller is connected here.
    pub async fn renew(
        &self,
        slots: &[String],
        queued: &[String],
        now: u64,
    ) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.renew(slots, queued, now);
                Ok(())
            }
            Self::Redis(r) => r.renew(slots, queued, now).await,
        }
    }

    /// Expires stale leases and promotes the queue head into free slots.
    pub async fn sweep(&self, now: u64, max: u32) -> Result<Sweep, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.sweep(now, max)),
            Self::Redis(r) => r.sweep(now, max).await,
        }
    }

    /// Promotes the queue head into free slots without scanning for expired
    /// leases (right after a slot was given back; the periodic sweep expires).
    /// In Redis mode this is the full sweep script, whose expiry check is a
    /// range query and cheap.
    pub async fn promote(&self, now: u64, max: u32) -> Result<Sweep, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.promote(now, max)),
            Self::Redis(r) => r.sweep(now, max).await,
        }
    }

    /// Every queued session id, head first.
    pub async fn queue(&self) -> Result<Vec<String>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.queue()),
            Self::Redis(r) => r.queue().await,
        }
    }

    /// Position (1 = head) of a queued session.
    pub async fn position(&self, id: &str) -> Result<Option<u32>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.position(id)),
            Self::Redis(r) => r.position(id).await,
        }
    }

    /// (calls holding a slot, callers waiting).
    pub async fn counts(&self) -> Result<(u32, u32), StoreError> {
        match self {
            Self::Memory(m) => Ok(m.counts()),
            Self::Redis(r) => r.counts().await,
        }
    }

    /// Feeds one finished call's duration into the shared moving average.
    pub async fn record_call_seconds(&self, seconds: u64) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.record_call_seconds(seconds);
                Ok(())
            }
            Self::Redis(r) => r.record_call_seconds(seconds).await,
        }
    }

    /// The moving average of call durations, in seconds.
    pub async fn average_call_seconds(&self) -> Result<f64, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.average_call_seconds()),
            Self::Redis(r) => r.average_call_seconds().await,
        }
    }
}
