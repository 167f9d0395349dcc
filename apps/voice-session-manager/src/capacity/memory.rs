//! In-memory capacity and queue (one instance), same rules as Redis mode.
//!
//! One `std::sync::Mutex`: every operation is a few map updates with no
//! `.await` inside, so a blocking mutex is cheaper than tokio's.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use voice_domain::queue::CallDurationAverage;

use crate::capacity::{Admission, LeaseTimes, QueueExit, Sweep};

pub struct MemoryCapacity {
    leases: LeaseTimes,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// session id → slot lease expiry (ms).
    slots: HashMap<String, u64>,
    /// enqueue sequence → session id: the queue in order.
    order: BTreeMap<u64, String>,
    /// session id → (sequence, place expiry, give-up deadline).
    places: HashMap<String, (u64, u64, u64)>,
    next_seq: u64,
    average: CallDurationAverage,
}

impl MemoryCapacity {
    pub fn new(leases: LeaseTimes) -> Self {
        Self {
            leases,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave the maps half-updated
        // in a way later calls would misread, so a poisoned lock is reused.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn acquire(&self, id: &str, now: u64, max: u32) -> Admission {
        let mut inner = self.lock();
        if inner.order.is_empty() && (inner.slots.len() as u32) < max {
            inner.slots.insert(id.to_owned(), now + self.leases.slot_ms);
            return Admission::Ready;
        }
        inner.next_seq += 1;
        let seq = inner.next_seq;
        let deadline = now + self.leases.queue_max_wait_ms;
        let expiry = (now + self.leases.queue_grace_ms).min(deadline);
        inner.order.insert(seq, id.to_owned());
        inner.places.insert(id.to_owned(), (seq, expiry, deadline));
        Admission::Queued {
            position: inner.order.len() as u32,
        }
    }

    pub fn release(&self, id: &str) {
        let mut inner = self.lock();
        inner.slots.remove(id);
        if let Some((seq, _, _)) = inner.places.remove(id) {
            inner.order.remove(&seq);
        }
    }

    pub fn renew(&self, slots: &[String], queued: &[String], now: u64) {
        let mut inner = self.lock();
        for id in slots {
            if let Some(expiry) = inner.slots.get_mut(id) {
                *expiry = now + self.leases.slot_ms;
            }
        }
        for id in queued {
            if let Some((_, expiry, deadline)) = inner.places.get_mut(id) {
                *expiry = (now + self.leases.queue_grace_ms).min(*deadline);
            }
        }
    }

    pub fn sweep(&self, now: u64, max: u32) -> Sweep {
        let mut inner = self.lock();
        let mut sweep = Sweep::default();
        inner.slots.retain(|id, expiry| {
            let keep = *expiry > now;
            if !keep {
                sweep.expired_slots.push(id.clone());
            }
            keep
        });
        let expired: Vec<(String, u64, u64)> = inner
            .places
            .iter()
            .filter(|(_, (_, expiry, _))| *expiry <= now)
            .map(|(id, (seq, _, deadline))| (id.clone(), *seq, *deadline))
            .collect();
        for (id, seq, deadline) in expired {
            inner.places.remove(&id);
            inner.order.remove(&seq);
            let why = if deadline <= now {
                QueueExit::TimedOut
            } else {
                QueueExit::Disconnected
            };
            sweep.expired_queue.push((id, why));
        }
        self.promote_locked(&mut inner, now, max, &mut sweep);
        sweep
    }

    /// Only the promotion step of [`Self::sweep`]: O(promoted), not O(slots).
    pub fn promote(&self, now: u64, max: u32) -> Sweep {
        let mut inner = self.lock();
        let mut sweep = Sweep::default();
        self.promote_locked(&mut inner, now, max, &mut sweep);
        sweep
    }

    fn promote_locked(&self, inner: &mut Inner, now: u64, max: u32, sweep: &mut Sweep) {
        while (inner.slots.len() as u32) < max {
            let Some((_, id)) = inner.order.pop_first() else {
                break;
            };
            inner.places.remove(&id);
            inner.slots.insert(id.clone(), now + self.leases.slot_ms);
            sweep.promoted.push(id);
        }
    }

    pub fn queue(&self) -> Vec<String> {
        self.lock().order.values().cloned().collect()
    }

    pub fn position(&self, id: &str) -> Option<u32> {
        let inner = self.lock();
        let (seq, _, _) = inner.places.get(id)?;
        Some(inner.order.range(..=*seq).count() as u32)
    }

    pub fn counts(&self) -> (u32, u32) {
        let inner = self.lock();
        (inner.slots.len() as u32, inner.order.len() as u32)
    }

    pub fn record_call_seconds(&self, seconds: u64) {
        self.lock().average.record(seconds);
    }

    pub fn average_call_seconds(&self) -> f64 {
        self.lock().average.seconds()
    }
}
