//! The fake Ultravox: serves a test's router under `/api` and records every
//! request it sees (method, path, query, `X-API-Key`, JSON body).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use serde_json::Value;
use tokio::task::JoinHandle;
use url::Url;
use voice_ultravox::{ClientConfig, UltravoxClient};

pub const API_KEY: &str = "Zk3pQ9xT.abcdefghijklmnopqrstuvwxyz012345";

/// One request the fake saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub api_key: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<Value>,
}

pub struct FakeUltravox {
    /// `http://127.0.0.1:<port>/api`, deliberately without the trailing slash.
    pub base_url: Url,
    seen: Arc<Mutex<Vec<Seen>>>,
    server: JoinHandle<()>,
}

impl FakeUltravox {
    /// Serves `api` (routes like `/calls`) under `/api`.
    pub async fn spawn(api: Router) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .nest("/api", api)
            .layer(middleware::from_fn_with_state(seen.clone(), record));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let address = listener.local_addr().expect("local address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake ultravox serves");
        });
        let base_url = Url::parse(&format!("http://{address}/api")).expect("base url");
        Self {
            base_url,
            seen,
            server,
        }
    }

    /// A client with `max_retries` retries and a short timeout.
    pub fn client(&self, max_retries: u32) -> UltravoxClient {
        UltravoxClient::new(ClientConfig {
            base_url: self.base_url.clone(),
            api_key: API_KEY.into(),
            timeout: Duration::from_secs(5),
            max_retries,
        })
        .expect("client")
    }

    /// Every request so far, oldest first.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

impl Drop for FakeUltravox {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn record(
    State(seen): State<Arc<Mutex<Vec<Seen>>>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .expect("request body");
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let entry = Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        api_key: header("x-api-key"),
        content_type: header("content-type"),
        body: serde_json::from_slice(&bytes).ok(),
    };
    seen.lock().expect("not poisoned").push(entry);
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Asserts `value` holds no `null` and no snake_case key anywhere.
pub fn assert_clean_json(value: &Value, at: &str) {
    match value {
        Value::Null => panic!("null at {at}"),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_clean_json(item, &format!("{at}[{i}]"));
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                assert!(!key.contains('_'), "snake_case key {key:?} at {at}");
                assert_clean_json(item, &format!("{at}.{key}"));
            }
        }
        _ => {}
    }
}
