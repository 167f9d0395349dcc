//! `TestApp`: a running session manager on port 0 with one helper per endpoint.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use testkit::RedisServer;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async, tungstenite::Message};
use tokio_util::sync::CancellationToken;
use voice_session_manager::{config::Config, startup};
use voice_types::{CreateSessionResponse, EventFrame, LiveEvent, SessionView};

pub const STAFF: &str = "test-staff-token-0123456789";

pub struct TestApp {
    pub addr: SocketAddr,
    pub http: reqwest::Client,
    pub shutdown: CancellationToken,
    /// The running app's state (for the in-process local voice provider's test controls).
    pub state: voice_session_manager::state::AppState,
    /// Keeps the shared redis-server alive as long as the app.
    pub _redis: Option<Arc<RedisServer>>,
}

pub type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Points the app at the ERPNext stand-in (ERPNext as the system of record).
pub fn point_at_erpnext(c: &mut Config, standin: &voice_erpnext_standin::StandIn) {
    c.erpnext_url = Some(standin.url().clone());
    c.erpnext_api_key = voice_erpnext_standin::API_KEY.to_owned();
    c.erpnext_api_secret = Some(voice_session_manager::config::Secret::new(
        voice_erpnext_standin::API_SECRET.to_owned(),
    ));
    c.erpnext_timeout = Duration::from_secs(2);
}

/// A date `days_ahead` (or later) that is not a Sunday (the demo business is closed then).
pub fn next_open_day(days_ahead: i64) -> String {
    let mut day = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(days_ahead))
        .unwrap();
    while day.weekday() == jiff::civil::Weekday::Sunday {
        day = day.tomorrow().unwrap();
    }
    day.to_string()
}

/// An app in memory mode.
pub async fn spawn_app(tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn_with(None, tweak).await
}

/// An app in Redis mode against `redis` (shared by several apps = instances).
pub async fn spawn_with(
    redis: Option<Arc<RedisServer>>,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = Config::for_tests();
    config.redis_url = redis.as_ref().map(|r| r.url());
    tweak(&mut config);
    let app = startup::build(config).await.expect("the app builds");
    let addr = app.addr();
    let shutdown = app.shutdown_token();
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        addr,
        http: reqwest::Client::new(),
        shutdown,
        state,
        _redis: redis,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// POST with the staff token: the status and the JSON answer.
    pub async fn post_staff(&self, path: &str, body: &Value) -> (u16, Value) {
        let res = self
            .http
            .post(self.url(path))
            .bearer_auth(STAFF)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }

    /// GET with the staff token: the status and the JSON answer.
    pub async fn get_staff(&self, path: &str) -> (u16, Value) {
        let res = self
            .http
            .get(self.url(path))
            .bearer_auth(STAFF)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }

    /// GET with the staff token, asserting `200`.
    pub async fn get_ok(&self, path: &str) -> Value {
        let (status, body) = self.get_staff(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// A GET without credentials (the public routes).
    pub async fn get_public(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    /// A public route's JSON body.
    pub async fn get_public_json(&self, path: &str) -> Value {
        self.get_public(path).await.json().await.unwrap()
    }

    /// `/metrics` as Prometheus text.
    pub async fn metrics(&self) -> String {
        self.get_public("/metrics").await.text().await.unwrap()
    }

    /// `/health` as JSON.
    pub async fn health(&self) -> Value {
        self.get_public_json("/health").await
    }

    pub async fn post_session_raw(&self, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url("/api/sessions"))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Creates a session and asserts 201.
    pub async fn create(&self, business_type: &str) -> CreateSessionResponse {
        let res = self
            .post_session_raw(&json!({"businessType": business_type}))
            .await;
        assert_eq!(
            res.status(),
            201,
            "create failed: {}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    pub async fn get_session(&self, id: &str, token: &str) -> reqwest::Response {
        self.http
            .get(self.url(&format!("/api/sessions/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn view(&self, id: &str) -> SessionView {
        let res = self.get_session(id, STAFF).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    pub async fn end(&self, id: &str, token: &str) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/sessions/{id}/end")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn transition(&self, id: &str, status: &str) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/sessions/{id}/transition")))
            .bearer_auth(STAFF)
            .json(&json!({"status": status}))
            .send()
            .await
            .unwrap()
    }

    pub async fn list(&self, query: &str) -> reqwest::Response {
        self.http
            .get(self.url(&format!("/api/sessions{query}")))
            .bearer_auth(STAFF)
            .send()
            .await
            .unwrap()
    }

    pub async fn ws_session(&self, id: &str, token: &str, since: Option<u64>) -> Ws {
        let since = since.map(|s| format!("&since={s}")).unwrap_or_default();
        let url = format!("ws://{}/ws/sessions/{id}?token={token}{since}", self.addr);
        connect_async(url).await.expect("websocket connects").0
    }

    pub async fn ws_staff(&self, since: Option<u64>) -> Ws {
        let since = since.map(|s| format!("&since={s}")).unwrap_or_default();
        let url = format!("ws://{}/ws/staff?token={STAFF}{since}", self.addr);
        connect_async(url).await.expect("websocket connects").0
    }
}

/// The next event frame (skipping pings), or panics after 5 s.
pub async fn next_frame(ws: &mut Ws) -> EventFrame {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .expect("an event within 5 s")
            .expect("the stream is open")
            .expect("no websocket error");
        match msg {
            Message::Text(text) => {
                return serde_json::from_str(text.as_str()).expect("a valid frame");
            }
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("unexpected message {other:?}"),
        }
    }
}

/// Reads frames until one matches, or panics after 5 s.
pub async fn wait_for(ws: &mut Ws, mut pred: impl FnMut(&LiveEvent) -> bool) -> EventFrame {
    loop {
        let frame = next_frame(ws).await;
        if pred(&frame.event) {
            return frame;
        }
    }
}

/// Polls until `check` holds, or panics after `secs`.
pub async fn eventually<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {what}");
}

pub async fn close(mut ws: Ws) {
    let _ = ws.send(Message::Close(None)).await;
}

/// Polls until `check` yields a value, or panics after `secs`.
pub async fn eventually_some<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while tokio::time::Instant::now() < deadline {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {what}");
}
