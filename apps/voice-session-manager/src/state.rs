//! `AppState`: the handles every handler and task shares, behind one `Arc`
//! (axum clones the state for every request: one reference count, not one
//! per handle).

use std::sync::Arc;

use dashmap::DashMap;
use metrics_exporter_prometheus::PrometheusHandle;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::{
    business::{BusinessBackend, Rules},
    capacity::Capacity,
    config::{Config, Secret},
    events::{EventBus, Hub},
    store::SessionStore,
};

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
pub struct Shared {
    pub config: Arc<Config>,
    pub store: Arc<SessionStore>,
    pub capacity: Arc<Capacity>,
    pub bus: Arc<EventBus>,
    pub hub: Arc<Hub>,
    pub staff_token: Arc<Secret>,
    /// Orders, bookings, tickets: the embedded store or ERPNext.
    pub business: Arc<dyn BusinessBackend>,
    /// The embedded store itself (for the ERPNext webhook), when it is the backend.
    pub embedded: Option<Arc<crate::business::EmbeddedBackend>>,
    pub rules: Arc<Rules>,
    pub instance_id: Arc<str>,
    pub local: Arc<LocalSessions>,
    pub metrics: PrometheusHandle,
    pub shutdown: CancellationToken,
    /// Wakes the maintenance task (a slot was freed: promote now).
    pub kick: Arc<Notify>,
    /// The voice provider, unless voice calls are off.
    pub voice: Option<Arc<crate::voice::VoiceService>>,
}

/// The concurrent maps of this instance (sessions, topics, claims):
/// sharded locks, hashed with foldhash (per-process random seeds) instead
/// of SipHash, which was 3 % of a webhook's CPU. Keys are our own ids or
/// signed webhook ids, not free text from the network.
pub type FastMap<K, V> = DashMap<K, V, foldhash::fast::RandomState>;

/// The sessions this instance renews leases for.
#[derive(Default)]
pub struct LocalSessions {
    /// Sessions holding a call slot that this instance serves.
    pub slots: FastMap<String, ()>,
    /// Queued sessions with a WebSocket connected here, and how many.
    pub queued_connected: FastMap<String, usize>,
}

impl LocalSessions {
    pub fn serve(&self, id: &str) {
        self.slots.insert(id.to_owned(), ());
    }

    pub fn forget(&self, id: &str) {
        self.slots.remove(id);
        self.queued_connected.remove(id);
    }

    pub fn connect(&self, id: &str) {
        *self.queued_connected.entry(id.to_owned()).or_insert(0) += 1;
    }

    pub fn disconnect(&self, id: &str) {
        self.queued_connected.remove_if_mut(id, |_, n| {
            *n = n.saturating_sub(1);
            *n == 0
        });
    }

    pub fn slot_ids(&self) -> Vec<String> {
        self.slots.iter().map(|e| e.key().clone()).collect()
    }

    pub fn connected_ids(&self) -> Vec<String> {
        self.queued_connected
            .iter()
            .map(|e| e.key().clone())
            .collect()
    }
}
