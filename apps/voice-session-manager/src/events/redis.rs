//! Redis mode of the event bus: numbered, replayable, cross-instance.
//!
//! Per stream, `{ev:<stream>}:seq` counts and `{ev:<stream>}:log` is a capped
//! Redis stream whose entry ids are `0-<seq>`, so `?since=N` is one XRANGE.
//! One Lua script numbers, appends and publishes on `vsm:events`; Redis runs
//! scripts one at a time, so the channel carries each stream's events in
//! order. Every instance subscribes to that one channel and hands frames to
//! its local hub.

use std::{sync::Arc, time::Duration};

use fred::{clients::SubscriberClient, prelude::*, types::scripts::Script};

use crate::{
    events::{Frame, Hub, Replay, STAFF_STREAM},
    store::StoreError,
};

pub const CHANNEL: &str = "vsm:events";

/// KEYS: seq, log. ARGV: body (frame without `{"seq":N,`), maxlen, ttl seconds (0 = none), channel, stream.
const PUBLISH_LUA: &str = r#"
local seq = redis.call('INCR', KEYS[1])
local rest = string.sub(ARGV[1], 2)
local frame
if rest == '}' then frame = '{"seq":' .. seq .. '}' else frame = '{"seq":' .. seq .. ',' .. rest end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '0-' .. seq, 'f', frame)
if tonumber(ARGV[3]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
redis.call('PUBLISH', ARGV[4], ARGV[5] .. '\n' .. seq .. '\n' .. frame)
return seq
"#;

pub struct RedisEvents {
    client: Client,
    publish: Script,
    replay_session: usize,
    replay_staff: usize,
    session_ttl: Duration,
}

fn keys(stream: &str) -> (String, String) {
    (
        format!("{{ev:{stream}}}:seq"),
        format!("{{ev:{stream}}}:log"),
    )
}

impl RedisEvents {
    pub fn new(
        client: Client,
        replay_session: usize,
        replay_staff: usize,
        session_ttl: Duration,
    ) -> Self {
        Self {
            client,
            publish: Script::from_lua(PUBLISH_LUA),
            replay_session,
            replay_staff,
            session_ttl,
        }
    }

    pub async fn publish(&self, stream: &str, body: &str) -> Result<u64, StoreError> {
        let (seq_key, log_key) = keys(stream);
        let (cap, ttl) = if stream == STAFF_STREAM {
            (self.replay_staff, 0)
        } else {
            // Session streams live as long as an ended session's record at most.
            (self.replay_session, self.session_ttl.as_secs().max(1))
        };
        let args = vec![
            body.to_owned(),
            cap.max(1).to_string(),
            ttl.to_string(),
            CHANNEL.to_owned(),
            stream.to_owned(),
        ];
        let seq: u64 = self
            .publish
            .evalsha_with_reload(&self.client, vec![seq_key, log_key], args)
            .await?;
        Ok(seq)
    }

    pub async fn latest(&self, stream: &str) -> Result<u64, StoreError> {
        let (seq_key, _) = keys(stream);
        let seq: Option<u64> = self.client.get(seq_key).await?;
        Ok(seq.unwrap_or(0))
    }

    pub async fn replay(&self, stream: &str, since: u64) -> Result<Replay, StoreError> {
        let latest = self.latest(stream).await?;
        if since > latest {
            return Ok(Replay::TooOld { latest });
        }
        if since == latest {
            return Ok(Replay::Frames(Vec::new()));
        }
        let (_, log_key) = keys(stream);
        let start = format!("0-{}", since + 1);
        let entries: Vec<(String, Vec<(String, String)>)> = self
            .client
            .xrange(log_key, start.as_str(), "+", None)
            .await?;
        let frames: Vec<Frame> = entries
            .into_iter()
            .filter_map(|(id, fields)| {
                let seq: u64 = id.strip_prefix("0-")?.parse().ok()?;
                let json = fields.into_iter().find(|(k, _)| k == "f")?.1;
                Some(Frame {
                    seq,
                    json: json.into(),
                })
            })
            .collect();
        match frames.first() {
            Some(first) if first.seq == since + 1 => Ok(Replay::Frames(frames)),
            _ => Ok(Replay::TooOld { latest }),
        }
    }
}

/// Subscribes to the events channel and feeds this instance's hub until the
/// subscriber client is closed. Reconnects and re-subscribes on its own.
pub async fn run_subscriber(subscriber: SubscriberClient, hub: Arc<Hub>) -> Result<(), StoreError> {
    let mut rx = subscriber.message_rx();
    let _resubscribe = subscriber.manage_subscriptions();
    subscriber.subscribe(CHANNEL).await?;
    loop {
        match rx.recv().await {
            Ok(message) => {
                let Ok(payload) = message.value.convert::<String>() else {
                    continue;
                };
                let mut parts = payload.splitn(3, '\n');
                let (Some(stream), Some(seq), Some(frame)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                let Ok(seq) = seq.parse() else { continue };
                hub.deliver(
                    stream,
                    Frame {
                        seq,
                        json: frame.to_owned().into(),
                    },
                );
            }
            Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                tracing::warn!(
                    missed = n,
                    "event subscriber lagged; clients will resync through since"
                );
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return Ok(()),
        }
    }
}
