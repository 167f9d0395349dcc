//! Live events: numbering, replay for `?since=N`, and fan-out to WebSockets.
//!
//! Every stream (the staff stream, and one per session) numbers its events
//! from 1. In memory mode the [`Hub`] numbers them and keeps a bounded ring
//! buffer per stream. In Redis mode a Lua script numbers each event, appends
//! it to a capped Redis stream (the replay buffer) and publishes it on one
//! channel that every instance subscribes to, so a WebSocket on instance B
//! receives events produced on instance A; the hub then only fans out.
//! A frame is serialized once and shared by every subscriber.

mod hub;
mod redis;

use axum::extract::ws::Utf8Bytes;
use serde::Serialize;
use voice_types::{LiveEvent, SessionId};

use crate::{clock::now_ms, store::StoreError};

pub use hub::{Hub, Subscription};
pub use redis::{RedisEvents, run_subscriber};

/// The staff stream's key.
pub const STAFF_STREAM: &str = "staff";

/// A session stream's key.
pub fn session_stream(id: &SessionId) -> String {
    format!("session:{id}")
}

/// One serialized event frame: `{"seq":N,"atMs":...,"type":...}`.
#[derive(Debug, Clone)]
pub struct Frame {
    pub seq: u64,
    pub json: Utf8Bytes,
}

/// What a `since` resume finds.
#[derive(Debug)]
pub enum Replay {
    /// Every frame after `since`, oldest first (possibly none).
    Frames(Vec<Frame>),
    /// `since` is no longer (or not yet) in the buffer; `latest` is the newest seq.
    TooOld { latest: u64 },
}

pub enum EventBus {
    Memory,
    Redis(RedisEvents),
}

/// The frame without its `seq`, serialized before the number is known:
/// `{"atMs":...,"type":"...",...}`.
fn frame_body(event: &LiveEvent) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body<'a> {
        at_ms: u64,
        #[serde(flatten)]
        event: &'a LiveEvent,
    }
    // Serializing our own enum into a String cannot fail (no maps with non-string keys).
    serde_json::to_string(&Body {
        at_ms: now_ms(),
        event,
    })
    .unwrap_or_else(|_| "{}".to_owned())
}

/// Splices the number into a body: `{"seq":N,` + body without its `{`.
fn numbered(seq: u64, body: &str) -> String {
    let rest = body.strip_prefix('{').unwrap_or(body);
    let mut out = String::with_capacity(body.len() + 24);
    out.push_str("{\"seq\":");
    out.push_str(&seq.to_string());
    if rest != "}" {
        out.push(',');
    }
    out.push_str(rest);
    out
}

impl EventBus {
    /// Appends `event` to `stream` and delivers it to every subscriber on
    /// every instance. Returns its number.
    pub async fn publish(
        &self,
        hub: &Hub,
        stream: &str,
        event: &LiveEvent,
    ) -> Result<u64, StoreError> {
        metrics::counter!("vsm_events_published_total", "type" => event.kind()).increment(1);
        let body = frame_body(event);
        match self {
            Self::Memory => Ok(hub.publish_local(stream, &body)),
            Self::Redis(r) => r.publish(stream, &body).await,
        }
    }

    /// [`publish`](Self::publish) to several streams (a session's and the
    /// staff stream), serializing the event once. Returns its number on the
    /// first stream.
    pub async fn publish_all(
        &self,
        hub: &Hub,
        streams: &[&str],
        event: &LiveEvent,
    ) -> Result<u64, StoreError> {
        metrics::counter!("vsm_events_published_total", "type" => event.kind())
            .increment(streams.len() as u64);
        let body = frame_body(event);
        match self {
            Self::Memory => {
                let mut first = None;
                for stream in streams {
                    first.get_or_insert(hub.publish_local(stream, &body));
                }
                Ok(first.unwrap_or(0))
            }
            // The streams are independent (each numbers its own events), so
            // their scripts go out together: one round trip, not one each.
            Self::Redis(r) => {
                let seqs = futures_util::future::try_join_all(
                    streams.iter().map(|stream| r.publish(stream, &body)),
                )
                .await?;
                Ok(seqs.first().copied().unwrap_or(0))
            }
        }
    }

    /// Frames after `since` on `stream`.
    pub async fn replay(&self, hub: &Hub, stream: &str, since: u64) -> Result<Replay, StoreError> {
        match self {
            Self::Memory => Ok(hub.replay_local(stream, since)),
            Self::Redis(r) => r.replay(stream, since).await,
        }
    }

    /// The newest number on `stream` (0 when empty).
    pub async fn latest(&self, hub: &Hub, stream: &str) -> Result<u64, StoreError> {
        match self {
            Self::Memory => Ok(hub.latest_local(stream)),
            Self::Redis(r) => r.latest(stream).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_splices_seq_first() {
        assert_eq!(
            numbered(3, r#"{"atMs":1,"type":"x"}"#),
            r#"{"seq":3,"atMs":1,"type":"x"}"#
        );
        assert_eq!(numbered(1, "{}"), r#"{"seq":1}"#);
    }
}
