//! The stand-in's HTTP side: one axum route, `/api/method/{dotted.path}`,
//! that records the request, applies the test controls (down, injected
//! failures, rate limiting), checks the token, reads the arguments (query
//! string or JSON body) and hands them to replay or to the stateful methods.
//!
//! Locks: `Shared::store` and `Shared::seen` are `std::sync::Mutex`es, held
//! only inside synchronous code and never across an `.await`, so a plain
//! mutex is both enough and cheaper than tokio's.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::any;
use serde_json::{Map, Value};

use crate::envelope::{Fault, source_app, success};
use crate::replay::{Caller, ReplayCase, find_case};
use crate::store::Store;
use crate::{restaurant, services, voice};

/// A request as the stand-in saw it, for tests that count calls.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenRequest {
    /// `GET` or `POST`.
    pub http_method: String,
    /// The dotted path, e.g. `business_workflows.api.restaurant.place_order`.
    pub method: String,
    /// Query-string or JSON-body arguments.
    pub args: Value,
}

/// How the stand-in answers.
pub enum Mode {
    Stateful,
    Replay(Vec<ReplayCase>),
}

/// State shared by every request (see the module header for the locks).
pub struct Shared {
    pub mode: Mode,
    pub tokens: HashMap<String, Caller>,
    pub store: Mutex<Store>,
    pub seen: Mutex<Vec<SeenRequest>>,
    pub down: AtomicBool,
    pub fail_next: AtomicU32,
    pub rate_limit_next: AtomicU32,
    pub retry_after_seconds: AtomicU64,
}

type Handler = fn(&mut Store, &Value) -> Result<Value, Fault>;

/// The stand-in's router.
pub fn router(shared: std::sync::Arc<Shared>) -> Router {
    Router::new()
        .route("/api/method/{method}", any(dispatch))
        .with_state(shared)
}

async fn dispatch(
    State(shared): State<std::sync::Arc<Shared>>,
    http_method: Method,
    Path(method): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let app = source_app(&method).to_owned();
    let is_get = http_method == Method::GET;
    let args = match read_args(is_get, query.as_deref(), &body) {
        Ok(args) => args,
        Err(fault) => return fault.into_response(&app),
    };
    if let Ok(mut seen) = shared.seen.lock() {
        seen.push(SeenRequest {
            http_method: http_method.to_string(),
            method: method.clone(),
            args: args.clone(),
        });
    }
    if let Some(fault) = injected_fault(&shared) {
        return fault.into_response(&app);
    }
    let Some(caller) = authenticate(&shared, &headers) else {
        let fault = Fault::new(401, "AuthenticationError", "invalid api key or secret");
        return fault.into_response("frappe");
    };
    match &shared.mode {
        Mode::Replay(cases) => match find_case(cases, &method, is_get, caller, &args) {
            Some(case) => crate::envelope::json_response(case.status, &case.response),
            None => Fault::new(
                400,
                "StandInNoMatch",
                format!("no fixture case for {method}"),
            )
            .into_response(&app),
        },
        Mode::Stateful => answer(&shared, &method, is_get, caller, &args),
    }
}

fn answer(shared: &Shared, method: &str, is_get: bool, caller: Caller, args: &Value) -> Response {
    let app = source_app(method);
    let Some((handler, writes)) = handler_for(method) else {
        let fault = Fault::validation(format!("Failed to get method for command {method}"));
        return fault.into_response("frappe");
    };
    if caller == Caller::NoRole || (writes && is_get) {
        return Fault::no_role().into_response("voice_agent");
    }
    let Ok(mut store) = shared.store.lock() else {
        return Fault::new(500, "Exception", "stand-in store poisoned").into_response(app);
    };
    match handler(&mut store, args) {
        Ok(message) => success(message),
        Err(fault) => fault.into_response(app),
    }
}

/// The handler of a method and whether it writes (writes must be POSTed).
fn handler_for(method: &str) -> Option<(Handler, bool)> {
    let found: (Handler, bool) = match method {
        "business_workflows.api.restaurant.get_menu" => (restaurant::get_menu, false),
        restaurant::PLACE_ORDER => (restaurant::place_order, true),
        "business_workflows.api.restaurant.get_order_status" => {
            (restaurant::get_order_status, false)
        }
        restaurant::UPDATE_ORDER_STATUS => (restaurant::update_order_status, true),
        "business_workflows.api.appointment.check_availability" => {
            (services::check_availability, false)
        }
        services::BOOK_APPOINTMENT => (services::book_appointment, true),
        services::CREATE_TICKET => (services::create_ticket, true),
        "voice_agent.api.session.upsert_session" => (voice::upsert_session, true),
        "voice_agent.api.session.append_transcript" => (voice::append_transcript, true),
        voice::LOG_INTERACTION => (voice::log_interaction, true),
        "voice_agent.api.settings.get_business_config" => (voice::get_business_config, false),
        "voice_agent.api.analytics.get_dashboard_data" => (voice::get_dashboard_data, false),
        _ => return None,
    };
    Some(found)
}

/// Down, an injected 500, or an injected 429, in that order.
fn injected_fault(shared: &Shared) -> Option<Fault> {
    if shared.down.load(Ordering::SeqCst) {
        return Some(Fault::new(
            503,
            "SessionStopped",
            "the site is down for maintenance, please try again later",
        ));
    }
    if take_one(&shared.fail_next) {
        return Some(Fault::new(500, "Exception", "stand-in injected failure"));
    }
    if take_one(&shared.rate_limit_next) {
        let mut fault = Fault::new(429, "RateLimitExceededError", "too many requests");
        fault.retry_after = Some(shared.retry_after_seconds.load(Ordering::SeqCst));
        return Some(fault);
    }
    None
}

/// Decrements `counter` if it is above zero; true when it did.
fn take_one(counter: &AtomicU32) -> bool {
    counter
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Option<Caller> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let token = value.strip_prefix("token ")?;
    shared.tokens.get(token.trim()).copied()
}

/// GET arguments from the query string, POST arguments from the JSON body.
fn read_args(is_get: bool, query: Option<&str>, body: &[u8]) -> Result<Value, Fault> {
    if is_get {
        let pairs = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes());
        let fields: Map<String, Value> = pairs
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        return Ok(Value::Object(fields));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(Value::Object(fields)),
        _ => Err(Fault::validation("body: must be a JSON object")),
    }
}
