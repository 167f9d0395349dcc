//! Test helpers: the provider on a free port, and a tiny "backend" app that
//! plays our tool endpoints and webhook receiver (it records every request
//! and verifies webhook signatures with `voice_ultravox::signature`).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use voice_local::{LocalProvider, RunningLocal};
use voice_ultravox::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, verify};

pub const API_KEY: &str = "Zk9Ht2Lp.0123456789abcdefghijABCDEFGHIJ01";
pub const TOOL_SECRET: &str = "tool-secret-for-tests";
/// The receiver knows only the second of the two webhook secrets (rotation).
pub const WEBHOOK_SECRETS: [&str; 2] = ["whsec-old-0123456789", "whsec-new-9876543210"];

/// One tool request as the backend received it.
#[derive(Debug, Clone)]
pub struct ToolHit {
    pub tool: String,
    pub headers: HeaderMap,
    pub body: Value,
}

/// One webhook as the backend received it.
#[derive(Debug, Clone)]
pub struct Hook {
    pub event: String,
    pub call_id: String,
    pub call: Value,
    pub verified: bool,
    pub signature: String,
}

/// A scripted tool answer: status, extra headers, body.
pub type Scripted = (u16, Vec<(&'static str, String)>, Value);

#[derive(Default)]
pub struct BackendState {
    pub tools: Mutex<Vec<ToolHit>>,
    pub hooks: Mutex<Vec<Hook>>,
    /// Per tool, answers to give before the default.
    pub scripts: Mutex<HashMap<String, VecDeque<Scripted>>>,
    /// Statuses for the next webhook deliveries (then 204).
    pub hook_statuses: Mutex<VecDeque<u16>>,
}

pub struct Backend {
    pub url: String,
    pub state: Arc<BackendState>,
}

impl Backend {
    pub async fn start() -> Backend {
        let state = Arc::new(BackendState::default());
        let app = Router::new()
            .route("/tools/{name}", post(tool))
            .route("/webhooks", post(webhook))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Backend {
            url: format!("http://{addr}"),
            state,
        }
    }

    pub fn script(&self, tool: &str, answer: Scripted) {
        self.state
            .scripts
            .lock()
            .unwrap()
            .entry(tool.to_owned())
            .or_default()
            .push_back(answer);
    }

    pub fn tool_hits(&self, tool: &str) -> Vec<ToolHit> {
        self.state
            .tools
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.tool == tool)
            .cloned()
            .collect()
    }

    pub fn hooks(&self) -> Vec<Hook> {
        self.state.hooks.lock().unwrap().clone()
    }

    pub fn hooks_for(&self, call_id: &str, event: &str) -> Vec<Hook> {
        self.hooks()
            .into_iter()
            .filter(|h| h.call_id == call_id && h.event == event)
            .collect()
    }
}

async fn tool(
    State(s): State<Arc<BackendState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    s.tools.lock().unwrap().push(ToolHit {
        tool: name.clone(),
        headers,
        body: body.clone(),
    });
    let scripted = s
        .scripts
        .lock()
        .unwrap()
        .get_mut(&name)
        .and_then(VecDeque::pop_front);
    let (status, extra, reply) =
        scripted.unwrap_or_else(|| (200, Vec::new(), default_reply(&name, &body)));
    let mut response = (StatusCode::from_u16(status).unwrap(), axum::Json(reply)).into_response();
    for (k, v) in extra {
        response.headers_mut().insert(k, v.parse().unwrap());
    }
    response
}

fn default_reply(tool: &str, body: &Value) -> Value {
    let message = match tool {
        "placeOrder" => "your order ORD-1001 is placed and will be ready in 20 minutes".to_owned(),
        "bookAppointment" => format!(
            "your appointment is booked for {} at {}",
            body["date"].as_str().unwrap_or("?"),
            body["time"].as_str().unwrap_or("?")
        ),
        "createSupportTicket" => "ticket TCK-7 is open; we will reply within 4 hours".to_owned(),
        "getOrderStatus" => "order ORD-1001 is being prepared".to_owned(),
        "requestHandoff" => "a colleague will join you in a moment".to_owned(),
        _ => "done".to_owned(),
    };
    json!({"status": "success", "message": message, "result": {}})
}

async fn webhook(
    State(s): State<Arc<BackendState>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let signature = header(SIGNATURE_HEADER).unwrap_or_default();
    let verified = verify(
        &[WEBHOOK_SECRETS[1]],
        &body,
        header(TIMESTAMP_HEADER).as_deref(),
        Some(&signature),
        jiff::Timestamp::now(),
        Duration::from_secs(60),
    )
    .is_ok();
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    s.hooks.lock().unwrap().push(Hook {
        event: json["event"].as_str().unwrap_or_default().to_owned(),
        call_id: json["call"]["callId"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        call: json["call"].clone(),
        verified,
        signature,
    });
    let status = s.hook_statuses.lock().unwrap().pop_front().unwrap_or(204);
    StatusCode::from_u16(status).unwrap()
}

/// The provider, the backend, and a client.
pub struct TestApp {
    pub local: RunningLocal,
    pub backend: Backend,
    pub http: reqwest::Client,
}

impl TestApp {
    pub async fn start() -> TestApp {
        Self::start_strict(true).await
    }

    pub async fn start_strict(strict: bool) -> TestApp {
        let local = LocalProvider::start(API_KEY, strict).await.unwrap();
        TestApp {
            local,
            backend: Backend::start().await,
            http: reqwest::Client::new(),
        }
    }

    pub fn provider(&self) -> &LocalProvider {
        &self.local.provider
    }

    pub fn url(&self, path: &str) -> String {
        self.local.base_url.join(path).unwrap().to_string()
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("X-API-Key", API_KEY)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, url_or_path: &str) -> reqwest::Response {
        let url = if url_or_path.starts_with("http") {
            url_or_path.to_owned()
        } else {
            self.url(url_or_path)
        };
        self.http
            .get(url)
            .header("X-API-Key", API_KEY)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, url_or_path: &str) -> Value {
        let r = self.get(url_or_path).await;
        assert!(r.status().is_success(), "GET {url_or_path}: {}", r.status());
        r.json().await.unwrap()
    }

    /// Creates a call and returns the Call JSON (asserting 201).
    pub async fn create_call(&self, body: &Value) -> Value {
        let r = self.post("api/calls", body).await;
        let status = r.status();
        let json: Value = r.json().await.unwrap();
        assert_eq!(status, 201, "create call: {json}");
        json
    }

    /// A call for `business` with all our tools, and its id.
    pub async fn business_call(&self, business: &str) -> String {
        self.create_call_id(&call_body(&self.backend.url, business))
            .await
    }

    /// Creates a call and returns its id.
    pub async fn create_call_id(&self, body: &Value) -> String {
        self.create_call(body).await["callId"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Registers a webhook at the backend for `events` with both secrets.
    pub async fn register_webhook(&self, events: &[&str]) -> Value {
        let r = self
            .post(
                "api/webhooks",
                &json!({"url": format!("{}/webhooks", self.backend.url), "events": events, "secrets": WEBHOOK_SECRETS}),
            )
            .await;
        assert_eq!(r.status(), 201);
        r.json().await.unwrap()
    }
}

/// Waits until `check` holds (polling every 10 ms, at most 5 s).
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn param(name: &str, schema: Value, required: bool) -> Value {
    json!({"name": name, "location": "PARAMETER_LOCATION_BODY", "schema": schema, "required": required})
}

fn string() -> Value {
    json!({"type": "string"})
}

/// One of our tools as the session manager declares it: dynamic body
/// parameters, the tool secret as a static HEADER parameter, and the call
/// id as an automatic body parameter.
pub fn tool_def(backend: &str, name: &str, dynamic: Vec<Value>) -> Value {
    json!({"temporaryTool": {
        "modelToolName": name,
        "description": format!("the {name} tool"),
        "timeout": "5s",
        "dynamicParameters": dynamic,
        "staticParameters": [{"name": "X-Voice-Tool-Secret", "location": "PARAMETER_LOCATION_HEADER", "value": TOOL_SECRET}],
        "automaticParameters": [{"name": "callId", "location": "PARAMETER_LOCATION_BODY", "knownValue": "KNOWN_PARAM_CALL_ID"}],
        "http": {"baseUrlPattern": format!("{backend}/tools/{name}"), "httpMethod": "POST"}
    }})
}

/// A realistic create-call body, as the session manager sends it.
pub fn call_body(backend: &str, business: &str) -> Value {
    let item = json!({"type": "object", "properties": {"itemName": {"type": "string"}, "quantity": {"type": "integer"}, "specialInstructions": {"type": "string"}}, "required": ["itemName"]});
    json!({
        "systemPrompt": "You are the voice assistant of Neoron Bistro & Services.",
        "model": "ultravox-v0.7",
        "voice": "Mark",
        "temperature": 0.2,
        "joinTimeout": "30s",
        "maxDuration": "900s",
        "timeExceededMessage": "We have reached the time limit for this call. Goodbye!",
        "recordingEnabled": false,
        "firstSpeakerSettings": {"agent": {}},
        "medium": {"webRtc": {}},
        "inactivityMessages": [{"duration": "30s", "message": "Are you still there?", "endBehavior": "END_BEHAVIOR_UNSPECIFIED"}],
        "metadata": {"sessionId": "s-123", "businessType": business},
        "selectedTools": [
            tool_def(backend, "placeOrder", vec![
                param("items", json!({"type": "array", "items": item}), true),
                param("orderType", string(), true),
                param("customerName", string(), false),
                param("phone", string(), false),
                param("deliveryAddress", string(), false),
                param("specialInstructions", string(), false),
            ]),
            tool_def(backend, "getOrderStatus", vec![param("orderId", string(), false), param("phone", string(), false)]),
            tool_def(backend, "bookAppointment", vec![
                param("serviceType", string(), true),
                param("date", string(), true),
                param("time", string(), true),
                param("customerName", string(), false),
                param("phone", string(), false),
                param("email", string(), false),
                param("notes", string(), false),
            ]),
            tool_def(backend, "createSupportTicket", vec![
                param("issueDescription", string(), true),
                param("priority", string(), false),
                param("category", string(), false),
                param("customerName", string(), false),
                param("phone", string(), false),
                param("email", string(), false),
            ]),
            tool_def(backend, "requestHandoff", vec![param("reason", string(), false)]),
            {"toolName": "hangUp"}
        ]
    })
}
