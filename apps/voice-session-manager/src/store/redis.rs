//! Redis session records, shared by every instance.
//!
//! Key layout (only this module knows it):
//! - `vsm:session:<id>`: a hash with `status` and `rec` (the record's JSON),
//!   expiring after the live or ended TTL;
//! - `vsm:kv:<key>`: small values with an expiry (call id → session id,
//!   webhook deliveries already seen);
//! - `vsm:sessions`: a sorted set of session ids by creation time, for the
//!   staff list; ids whose record has expired are pruned when listed.
//!
//! A status change runs a Lua script that writes only if `status` is still
//! the expected one, so concurrent writers never both win.

use std::time::Duration;

use fred::{prelude::*, types::scripts::Script};
use voice_types::{SessionId, SessionStatus, SessionView};

use crate::store::{Cas, ListFilter, SessionRecord, StoreError};

const INDEX_KEY: &str = "vsm:sessions";

/// KEYS[1] session hash; ARGV: expected status, new status, new record JSON, ttl seconds.
/// Returns "ok", "missing", or the current status when it differs.
const CAS_LUA: &str = r#"
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 'missing' end
if current ~= ARGV[1] then return current end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'rec', ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return 'ok'
"#;

pub struct RedisStore {
    client: Client,
    cas: Script,
}

fn session_key(id: &str) -> String {
    format!("vsm:session:{id}")
}

impl RedisStore {
    pub fn new(client: Client) -> Self {
        Self {
            client,
            cas: Script::from_lua(CAS_LUA),
        }
    }

    pub async fn insert(&self, record: &SessionRecord, ttl: Duration) -> Result<(), StoreError> {
        let id = record.view.session_id.as_str();
        let key = session_key(id);
        let json = serde_json::to_string(record)?;
        let pipe = self.client.pipeline();
        let _: () = pipe
            .hset(
                &key,
                [
                    ("status", record.view.status.as_str()),
                    ("rec", json.as_str()),
                ],
            )
            .await?;
        let _: () = pipe.expire(&key, ttl.as_secs().max(1) as i64, None).await?;
        let _: () = pipe
            .zadd(
                INDEX_KEY,
                None,
                None,
                false,
                false,
                (record.view.created_at_ms as f64, id),
            )
            .await?;
        let _: Vec<Value> = pipe.all().await?;
        Ok(())
    }

    pub async fn get(&self, id: &SessionId) -> Result<Option<SessionRecord>, StoreError> {
        let json: Option<String> = self.client.hget(session_key(id.as_str()), "rec").await?;
        Ok(match json {
            Some(json) => Some(serde_json::from_str(&json)?),
            None => None,
        })
    }

    pub async fn compare_and_set(
        &self,
        expected: SessionStatus,
        view: &SessionView,
        ttl: Duration,
    ) -> Result<Cas, StoreError> {
        let id = view.session_id.as_str();
        let Some(mut record) = self.get(&view.session_id).await? else {
            return Ok(Cas::Missing);
        };
        record.view = view.clone();
        let json = serde_json::to_string(&record)?;
        let answer: String = self
            .cas
            .evalsha_with_reload(
                &self.client,
                vec![session_key(id)],
                vec![
                    expected.as_str().to_owned(),
                    view.status.as_str().to_owned(),
                    json,
                    ttl.as_secs().max(1).to_string(),
                ],
            )
            .await?;
        Ok(match answer.as_str() {
            "ok" => Cas::Updated,
            "missing" => Cas::Missing,
            other => Cas::Raced(SessionStatus::parse(other).unwrap_or(SessionStatus::Failed)),
        })
    }

    pub async fn list(&self, filter: &ListFilter) -> Result<(Vec<SessionView>, u64), StoreError> {
        let views = self.views(|view| filter.matches(view)).await?;
        let total = views.len() as u64;
        let page = views
            .into_iter()
            .skip(filter.offset as usize)
            .take(filter.limit as usize)
            .collect();
        Ok((page, total))
    }

    /// The oldest `limit` live sessions for which `wanted` holds, oldest
    /// first.
    pub async fn select(
        &self,
        wanted: impl Fn(&SessionView) -> bool,
        limit: usize,
    ) -> Result<Vec<SessionView>, StoreError> {
        let mut views = self.views(wanted).await?;
        views.reverse();
        views.truncate(limit);
        Ok(views)
    }

    /// Every live session for which `wanted` holds, newest first; drops
    /// the index entries of expired records on the way.
    async fn views(
        &self,
        wanted: impl Fn(&SessionView) -> bool,
    ) -> Result<Vec<SessionView>, StoreError> {
        let ids: Vec<String> = self.client.zrevrange(INDEX_KEY, 0, -1, false).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let pipe = self.client.pipeline();
        for id in &ids {
            let _: () = pipe.hget(session_key(id), "rec").await?;
        }
        let records: Vec<Option<String>> = pipe.all().await?;
        let mut expired = Vec::new();
        let mut views = Vec::new();
        for (id, json) in ids.iter().zip(records) {
            match json {
                None => expired.push(id.clone()),
                Some(json) => {
                    let record: SessionRecord = serde_json::from_str(&json)?;
                    if wanted(&record.view) {
                        views.push(record.view);
                    }
                }
            }
        }
        if !expired.is_empty() {
            let _: i64 = self.client.zrem(INDEX_KEY, expired).await?;
        }
        Ok(views)
    }

    pub async fn get_context(&self, id: &SessionId) -> Result<Option<String>, StoreError> {
        Ok(self.client.get(format!("vsm:ctx:{id}")).await?)
    }

    pub async fn put_context(
        &self,
        id: &SessionId,
        json: &str,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        let expiry = Some(Expiration::EX(ttl.as_secs().max(1) as i64));
        let _: () = self
            .client
            .set(format!("vsm:ctx:{id}"), json, expiry, None, false)
            .await?;
        Ok(())
    }

    /// True when every command goes over one connection, so Redis runs
    /// them in the order they were sent (not so on Redis Cluster).
    pub fn keeps_command_order(&self) -> bool {
        !self.client.is_clustered()
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        let _: String = self.client.ping(None).await?;
        Ok(())
    }

    pub async fn get_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.client.get(format!("vsm:kv:{key}")).await?)
    }

    pub async fn put_value(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
        only_if_absent: bool,
    ) -> Result<bool, StoreError> {
        let expiry = Some(Expiration::PX(ttl.as_millis().max(1) as i64));
        let condition = only_if_absent.then_some(SetOptions::NX);
        let stored: Option<String> = self
            .client
            .set(format!("vsm:kv:{key}"), value, expiry, condition, false)
            .await?;
        // SET answers OK when it wrote, nil when NX found the key.
        Ok(stored.is_some())
    }
}
