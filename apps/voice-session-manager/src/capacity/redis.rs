//! Redis capacity and queue, shared by every instance.
//!
//! Keys share the hash tag `{vsm-cap}`, so each Lua script touches one
//! cluster slot and runs atomically, also on Redis Cluster:
//! - `slots`: sorted set, session id → lease expiry (ms);
//! - `queue`: sorted set, session id → enqueue sequence (FIFO order);
//! - `alive`: sorted set, session id → queue place expiry (ms);
//! - `deadline`: hash, session id → give-up deadline (ms);
//! - `seq`: the enqueue counter; `avg`: the call-duration moving average.

use fred::{prelude::*, types::scripts::Script};
use voice_domain::queue::CallDurationAverage;

use crate::{
    capacity::{Admission, LeaseTimes, QueueExit, Sweep},
    store::StoreError,
};

const SLOTS: &str = "{vsm-cap}:slots";
const QUEUE: &str = "{vsm-cap}:queue";
const ALIVE: &str = "{vsm-cap}:alive";
const DEADLINE: &str = "{vsm-cap}:deadline";
const SEQ: &str = "{vsm-cap}:seq";
const AVG: &str = "{vsm-cap}:avg";

/// Leases renewed per script call.
const RENEW_BATCH: usize = 256;

/// ARGV: id, now, max, slot_ms, grace_ms, max_wait_ms. Returns 0 (slot) or the queue position.
const ACQUIRE_LUA: &str = r#"
local now = tonumber(ARGV[2])
local live = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf')
if redis.call('ZCARD', KEYS[2]) == 0 and live < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
  return 0
end
local seq = redis.call('INCR', KEYS[5])
local deadline = now + tonumber(ARGV[6])
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('ZADD', KEYS[3], math.min(now + tonumber(ARGV[5]), deadline), ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], deadline)
return redis.call('ZRANK', KEYS[2], ARGV[1]) + 1
"#;

const RELEASE_LUA: &str = r#"
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
"#;

/// ARGV: now, slot_ms, grace_ms, number of slot ids, slot ids..., queued ids...
const RENEW_LUA: &str = r#"
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[4])
for i = 5, 4 + n do
  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[i])
end
for i = 5 + n, #ARGV do
  local deadline = redis.call('HGET', KEYS[3], ARGV[i])
  if deadline then
    redis.call('ZADD', KEYS[2], 'XX', math.min(now + tonumber(ARGV[3]), tonumber(deadline)), ARGV[i])
  end
end
return 1
"#;

/// ARGV: now, max, slot_ms. Returns {expired slots, {id, why, ...}, promoted}.
const SWEEP_LUA: &str = r#"
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) end
local gone = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  local deadline = tonumber(redis.call('HGET', KEYS[4], id) or '0')
  local why = 'disconnected'
  if deadline <= now then why = 'timeout' end
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  table.insert(gone, id)
  table.insert(gone, why)
end
local promoted = {}
local free = tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1])
while free > 0 do
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)
  if #head == 0 then break end
  local id = head[1]
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), id)
  table.insert(promoted, id)
  free = free - 1
end
return {expired, gone, promoted}
"#;

pub struct RedisCapacity {
    client: Client,
    leases: LeaseTimes,
    acquire: Script,
    release: Script,
    renew: Script,
    sweep: Script,
}

impl RedisCapacity {
    pub fn new(client: Client, leases: LeaseTimes) -> Self {
        Self {
            client,
            leases,
            acquire: Script::from_lua(ACQUIRE_LUA),
            release: Script::from_lua(RELEASE_LUA),
            renew: Script::from_lua(RENEW_LUA),
            sweep: Script::from_lua(SWEEP_LUA),
        }
    }

    pub async fn acquire(&self, id: &str, now: u64, max: u32) -> Result<Admission, StoreError> {
        let keys = vec![SLOTS, QUEUE, ALIVE, DEADLINE, SEQ];
        let args = vec![
            id.to_owned(),
            now.to_string(),
            max.to_string(),
            self.leases.slot_ms.to_string(),
            self.leases.queue_grace_ms.to_string(),
            self.leases.queue_max_wait_ms.to_string(),
        ];
        let answer: i64 = self
            .acquire
            .evalsha_with_reload(&self.client, keys, args)
            .await?;
        Ok(if answer == 0 {
            Admission::Ready
        } else {
            Admission::Queued {
                position: answer as u32,
            }
        })
    }

    pub async fn release(&self, id: &str) -> Result<(), StoreError> {
        let keys = vec![SLOTS, QUEUE, ALIVE, DEADLINE];
        let _: i64 = self
            .release
            .evalsha_with_reload(&self.client, keys, vec![id.to_owned()])
            .await?;
        Ok(())
    }

    pub async fn renew(
        &self,
        slots: &[String],
        queued: &[String],
        now: u64,
    ) -> Result<(), StoreError> {
        // In batches: Redis runs a script to the end before serving anyone
        // else, and one script over 10,000 leases held every other command
        // (a session created, an event published) for tens of milliseconds.
        let mut slots = slots.chunks(RENEW_BATCH);
        let mut queued = queued.chunks(RENEW_BATCH);
        loop {
            let (s, q) = (slots.next().unwrap_or(&[]), queued.next().unwrap_or(&[]));
            if s.is_empty() && q.is_empty() {
                return Ok(());
            }
            let mut args = Vec::with_capacity(4 + s.len() + q.len());
            args.push(now.to_string());
            args.push(self.leases.slot_ms.to_string());
            args.push(self.leases.queue_grace_ms.to_string());
            args.push(s.len().to_string());
            args.extend(s.iter().cloned());
            args.extend(q.iter().cloned());
            let _: i64 = self
                .renew
                .evalsha_with_reload(&self.client, vec![SLOTS, ALIVE, DEADLINE], args)
                .await?;
        }
    }

    pub async fn sweep(&self, now: u64, max: u32) -> Result<Sweep, StoreError> {
        let keys = vec![SLOTS, QUEUE, ALIVE, DEADLINE];
        let args = vec![
            now.to_string(),
            max.to_string(),
            self.leases.slot_ms.to_string(),
        ];
        let (expired_slots, gone, promoted): (Vec<String>, Vec<String>, Vec<String>) = self
            .sweep
            .evalsha_with_reload(&self.client, keys, args)
            .await?;
        let expired_queue = gone
            .chunks_exact(2)
            .map(|pair| {
                let why = if pair[1] == "timeout" {
                    QueueExit::TimedOut
                } else {
                    QueueExit::Disconnected
                };
                (pair[0].clone(), why)
            })
            .collect();
        Ok(Sweep {
            expired_slots,
            expired_queue,
            promoted,
        })
    }

    pub async fn queue(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .client
            .zrange(QUEUE, 0, -1, None, false, None, false)
            .await?)
    }

    pub async fn position(&self, id: &str) -> Result<Option<u32>, StoreError> {
        let rank: Option<i64> = self.client.zrank(QUEUE, id, false).await?;
        Ok(rank.map(|r| r as u32 + 1))
    }

    pub async fn counts(&self) -> Result<(u32, u32), StoreError> {
        let pipe = self.client.pipeline();
        let _: () = pipe.zcard(SLOTS).await?;
        let _: () = pipe.zcard(QUEUE).await?;
        let (slots, queued): (u32, u32) = pipe.all().await?;
        Ok((slots, queued))
    }

    /// Read, update and write back. Two instances finishing calls at the
    /// same instant may lose one sample of an estimate; that is acceptable
    /// and keeps the averaging rule in `voice-domain` only.
    pub async fn record_call_seconds(&self, seconds: u64) -> Result<(), StoreError> {
        let mut average = self.load_average().await?;
        average.record(seconds);
        let _: () = self
            .client
            .hset(
                AVG,
                [
                    ("seconds", average.seconds().to_string()),
                    ("samples", average.samples().to_string()),
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn average_call_seconds(&self) -> Result<f64, StoreError> {
        Ok(self.load_average().await?.seconds())
    }

    async fn load_average(&self) -> Result<CallDurationAverage, StoreError> {
        let (seconds, samples): (Option<f64>, Option<u64>) =
            self.client.hmget(AVG, vec!["seconds", "samples"]).await?;
        Ok(match (seconds, samples) {
            (Some(s), Some(n)) => CallDurationAverage::from_parts(s, n),
            _ => CallDurationAverage::default(),
        })
    }
}
