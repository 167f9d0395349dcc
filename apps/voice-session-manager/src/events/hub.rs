//! The local fan-out hub: subscribers of this instance, per stream.
//!
//! Each subscriber has a bounded channel. Publishing never waits: a
//! subscriber whose channel is full has fallen `max_lag` events behind, so
//! it is dropped and told why (its WebSocket is closed with a reason and the
//! client resumes with `?since=`), and memory stays bounded.
//! In memory mode the hub also numbers events and keeps the replay ring.

use std::{
    collections::VecDeque,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
};

use tokio::sync::mpsc;

use crate::{
    events::{Frame, Replay, STAFF_STREAM, numbered},
    state::FastMap,
};

pub struct Hub {
    topics: FastMap<String, Topic>,
    replay_session: usize,
    replay_staff: usize,
    max_lag: usize,
    next_id: AtomicU64,
    subscribers: AtomicUsize,
}

#[derive(Default)]
struct Topic {
    /// Memory mode: the last number given out.
    seq: u64,
    /// Memory mode: the newest frames, oldest first.
    ring: VecDeque<Frame>,
    subs: Vec<Sub>,
}

struct Sub {
    id: u64,
    tx: mpsc::Sender<Frame>,
    lagged: Arc<AtomicBool>,
}

/// A live subscription; unsubscribes when dropped.
pub struct Subscription {
    pub rx: mpsc::Receiver<Frame>,
    lagged: Arc<AtomicBool>,
    hub: Arc<Hub>,
    stream: String,
    id: u64,
}

impl Subscription {
    /// True when the hub dropped this subscriber for falling behind.
    pub fn lagged(&self) -> bool {
        self.lagged.load(Ordering::Relaxed)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.unsubscribe(&self.stream, self.id);
    }
}

impl Hub {
    pub fn new(replay_session: usize, replay_staff: usize, max_lag: usize) -> Self {
        Self {
            topics: FastMap::default(),
            replay_session,
            replay_staff,
            max_lag: max_lag.max(1),
            next_id: AtomicU64::new(1),
            subscribers: AtomicUsize::new(0),
        }
    }

    /// WebSocket subscribers on this instance.
    pub fn subscriber_count(&self) -> usize {
        self.subscribers.load(Ordering::Relaxed)
    }

    /// True when `stream` has a subscriber on this instance.
    pub fn has_subscribers(&self, stream: &str) -> bool {
        self.topics.get(stream).is_some_and(|t| !t.subs.is_empty())
    }

    pub fn subscribe(self: &Arc<Self>, stream: &str) -> Subscription {
        let (tx, rx) = mpsc::channel(self.max_lag);
        let lagged = Arc::new(AtomicBool::new(false));
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.topics
            .entry(stream.to_owned())
            .or_default()
            .subs
            .push(Sub {
                id,
                tx,
                lagged: lagged.clone(),
            });
        self.subscribers.fetch_add(1, Ordering::Relaxed);
        Subscription {
            rx,
            lagged,
            hub: self.clone(),
            stream: stream.to_owned(),
            id,
        }
    }

    fn unsubscribe(&self, stream: &str, id: u64) {
        if let Some(mut topic) = self.topics.get_mut(stream) {
            let before = topic.subs.len();
            topic.subs.retain(|s| s.id != id);
            if topic.subs.len() < before {
                self.subscribers.fetch_sub(1, Ordering::Relaxed);
            }
        }
        // A topic with no subscribers and no replay ring is dropped.
        self.topics.remove_if(stream, |_, t| {
            t.subs.is_empty() && t.ring.is_empty() && t.seq == 0
        });
    }

    /// Memory mode: numbers the event, keeps it for replay, fans it out.
    pub fn publish_local(&self, stream: &str, body: &str) -> u64 {
        let cap = if stream == STAFF_STREAM {
            self.replay_staff
        } else {
            self.replay_session
        };
        let mut topic = self.topics.entry(stream.to_owned()).or_default();
        topic.seq += 1;
        let frame = Frame {
            seq: topic.seq,
            json: numbered(topic.seq, body).into(),
        };
        if cap > 0 {
            if topic.ring.len() >= cap {
                topic.ring.pop_front();
            }
            topic.ring.push_back(frame.clone());
        }
        let seq = frame.seq;
        self.fan_out(&mut topic, frame);
        seq
    }

    /// Redis mode: delivers a frame numbered elsewhere to local subscribers.
    pub fn deliver(&self, stream: &str, frame: Frame) {
        if let Some(mut topic) = self.topics.get_mut(stream) {
            self.fan_out(&mut topic, frame);
        }
    }

    fn fan_out(&self, topic: &mut Topic, frame: Frame) {
        let mut dropped = 0;
        topic
            .subs
            .retain(|sub| match sub.tx.try_send(frame.clone()) {
                Ok(()) => true,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    sub.lagged.store(true, Ordering::Relaxed);
                    dropped += 1;
                    false
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {
                    dropped += 1;
                    false
                }
            });
        if dropped > 0 {
            self.subscribers.fetch_sub(dropped, Ordering::Relaxed);
        }
    }

    /// Memory mode: frames after `since`.
    pub fn replay_local(&self, stream: &str, since: u64) -> Replay {
        let Some(topic) = self.topics.get(stream) else {
            return if since == 0 {
                Replay::Frames(Vec::new())
            } else {
                Replay::TooOld { latest: 0 }
            };
        };
        if since > topic.seq {
            return Replay::TooOld { latest: topic.seq };
        }
        let oldest = topic.ring.front().map_or(topic.seq + 1, |f| f.seq);
        if since + 1 < oldest {
            return Replay::TooOld { latest: topic.seq };
        }
        Replay::Frames(
            topic
                .ring
                .iter()
                .filter(|f| f.seq > since)
                .cloned()
                .collect(),
        )
    }

    pub fn latest_local(&self, stream: &str) -> u64 {
        self.topics.get(stream).map_or(0, |t| t.seq)
    }

    /// Forgets a stream entirely (its session expired).
    pub fn forget(&self, stream: &str) {
        if let Some((_, topic)) = self.topics.remove(stream) {
            self.subscribers
                .fetch_sub(topic.subs.len(), Ordering::Relaxed);
        }
    }

    /// Streams known to this hub (for the expiry sweep).
    pub fn session_streams(&self) -> Vec<String> {
        self.topics
            .iter()
            .filter(|t| t.key() != STAFF_STREAM)
            .map(|t| t.key().clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replay_returns_missed_frames_or_too_old() {
        let hub = Arc::new(Hub::new(3, 3, 8));
        for _ in 0..5 {
            hub.publish_local("s", r#"{"type":"x"}"#);
        }
        match hub.replay_local("s", 3) {
            Replay::Frames(f) => {
                assert_eq!(f.iter().map(|f| f.seq).collect::<Vec<_>>(), vec![4, 5])
            }
            other => panic!("expected frames, got {other:?}"),
        }
        assert!(matches!(
            hub.replay_local("s", 1),
            Replay::TooOld { latest: 5 }
        ));
        assert!(
            matches!(hub.replay_local("s", 2), Replay::Frames(_)),
            "3,4,5 are kept"
        );
        assert!(matches!(
            hub.replay_local("s", 9),
            Replay::TooOld { latest: 5 }
        ));
    }

    #[tokio::test]
    async fn a_slow_subscriber_is_dropped_and_told() {
        let hub = Arc::new(Hub::new(0, 0, 2));
        let mut sub = hub.subscribe("s");
        assert_eq!(hub.subscriber_count(), 1);
        for _ in 0..3 {
            hub.publish_local("s", r#"{"type":"x"}"#);
        }
        assert!(sub.lagged());
        assert_eq!(hub.subscriber_count(), 0);
        assert_eq!(sub.rx.recv().await.map(|f| f.seq), Some(1));
        assert_eq!(sub.rx.recv().await.map(|f| f.seq), Some(2));
        assert!(
            sub.rx.recv().await.is_none(),
            "channel closed after the drop"
        );
    }
}
