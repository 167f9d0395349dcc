//! In-memory session records for the embedded default (one instance).
//!
//! A `DashMap` (sharded locks) keeps creates and reads from different
//! sessions off each other's locks; expiry is a deadline checked on read and
//! swept by the maintenance task.

use std::time::Duration;

use voice_types::{SessionId, SessionStatus, SessionView};

use crate::{
    clock::now_ms,
    state::FastMap,
    store::{Cas, ListFilter, SessionRecord},
};

#[derive(Default)]
pub struct MemoryStore {
    records: FastMap<String, (SessionRecord, u64)>,
    contexts: FastMap<String, (String, u64)>,
    values: FastMap<String, (String, u64)>,
}

impl MemoryStore {
    pub fn insert(&self, record: SessionRecord, ttl: Duration) {
        let expires = now_ms() + ttl.as_millis() as u64;
        self.records
            .insert(record.view.session_id.0.clone(), (record, expires));
    }

    pub fn get(&self, id: &SessionId) -> Option<SessionRecord> {
        let entry = self.records.get(id.as_str())?;
        (entry.1 > now_ms()).then(|| entry.0.clone())
    }

    pub fn compare_and_set(
        &self,
        expected: SessionStatus,
        view: &SessionView,
        ttl: Duration,
    ) -> Cas {
        let now = now_ms();
        match self.records.get_mut(view.session_id.as_str()) {
            Some(mut entry) if entry.1 > now => {
                if entry.0.view.status != expected {
                    return Cas::Raced(entry.0.view.status);
                }
                entry.0.view = view.clone();
                entry.1 = now + ttl.as_millis() as u64;
                Cas::Updated
            }
            _ => Cas::Missing,
        }
    }

    pub fn list(&self, filter: &ListFilter) -> (Vec<SessionView>, u64) {
        let now = now_ms();
        // Sort the matching keys, then clone only the page's views.
        let mut keys: Vec<(u64, String)> = self
            .records
            .iter()
            .filter(|e| e.1 > now && filter.matches(&e.0.view))
            .map(|e| (e.0.view.created_at_ms, e.key().clone()))
            .collect();
        keys.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let total = keys.len() as u64;
        let page = keys
            .iter()
            .skip(filter.offset as usize)
            .take(filter.limit as usize)
            .filter_map(|(_, id)| {
                let entry = self.records.get(id)?;
                (entry.1 > now).then(|| entry.0.view.clone())
            })
            .collect();
        (page, total)
    }

    /// The oldest `limit` live sessions for which `wanted` holds, oldest
    /// first.
    pub fn select(&self, wanted: impl Fn(&SessionView) -> bool, limit: usize) -> Vec<SessionView> {
        let now = now_ms();
        let mut views: Vec<SessionView> = self
            .records
            .iter()
            .filter(|e| e.1 > now && wanted(&e.0.view))
            .map(|e| e.0.view.clone())
            .collect();
        views.sort_by(|a, b| {
            a.created_at_ms
                .cmp(&b.created_at_ms)
                .then_with(|| a.session_id.cmp(&b.session_id))
        });
        views.truncate(limit);
        views
    }

    pub fn purge_expired(&self, now: u64) {
        self.records.retain(|_, (_, expires)| *expires > now);
        self.contexts.retain(|_, (_, expires)| *expires > now);
        self.values.retain(|_, (_, expires)| *expires > now);
    }

    pub fn get_context(&self, id: &SessionId) -> Option<String> {
        let entry = self.contexts.get(id.as_str())?;
        (entry.1 > now_ms()).then(|| entry.0.clone())
    }

    pub fn put_context(&self, id: &SessionId, json: &str, ttl: Duration) {
        let expires = now_ms() + ttl.as_millis() as u64;
        self.contexts
            .insert(id.0.clone(), (json.to_owned(), expires));
    }

    pub fn get_value(&self, key: &str) -> Option<String> {
        let entry = self.values.get(key)?;
        (entry.1 > now_ms()).then(|| entry.0.clone())
    }

    pub fn put_value(&self, key: &str, value: &str, ttl: Duration) {
        let expires = now_ms() + ttl.as_millis() as u64;
        self.values
            .insert(key.to_owned(), (value.to_owned(), expires));
    }

    /// Stores `value` unless a live value is there; true when stored.
    pub fn put_value_if_absent(&self, key: &str, value: &str, ttl: Duration) -> bool {
        let now = now_ms();
        let expires = now + ttl.as_millis() as u64;
        match self.values.entry(key.to_owned()) {
            dashmap::Entry::Occupied(mut e) => {
                if e.get().1 > now {
                    false
                } else {
                    e.insert((value.to_owned(), expires));
                    true
                }
            }
            dashmap::Entry::Vacant(e) => {
                e.insert((value.to_owned(), expires));
                true
            }
        }
    }
}
