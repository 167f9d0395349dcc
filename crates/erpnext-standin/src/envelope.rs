//! Frappe v15's answers, byte-shaped like the contract fixtures: the
//! `{"message": ...}` success envelope and the v1 error envelope
//! (`exception`, `exc_type`, `exc`, `_exc_source`, `_server_messages`).
//!
//! Also the argument readers the stateful methods share, which fail the way
//! the Python apps do: a 417 `ValidationError` whose message starts with the
//! field name (`"items[0].quantity: must be ..."`). No state lives here.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A Frappe exception on its way to becoming an error envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub status: u16,
    pub exc_type: &'static str,
    pub message: String,
    /// `Retry-After` in seconds, for 429s.
    pub retry_after: Option<u64>,
}

impl Fault {
    /// 417 `ValidationError`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(417, "ValidationError", message)
    }

    /// 404 `DoesNotExistError`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "DoesNotExistError", message)
    }

    /// 403 `PermissionError`, as sent to a user without the integration role.
    pub fn no_role() -> Self {
        Self::new(
            403,
            "PermissionError",
            "not permitted: this method needs the Voice Agent Integration role",
        )
    }

    pub fn new(status: u16, exc_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            exc_type,
            message: message.into(),
            retry_after: None,
        }
    }

    /// The v1 envelope body, as in the fixtures (traceback and exc id are placeholders).
    pub fn body(&self, source_app: &str) -> Value {
        let exception = format!("frappe.exceptions.{}: {}", self.exc_type, self.message);
        let traceback = format!("Traceback (most recent call last):\n  (trimmed)\n{exception}\n");
        let title = if self.status == 403 {
            "Not Permitted"
        } else {
            "Message"
        };
        let inner = json!({
            "message": self.message,
            "title": title,
            "indicator": "red",
            "raise_exception": 1,
            "__frappe_exc_id": "0123456789",
        })
        .to_string();
        json!({
            "exception": exception,
            "exc_type": self.exc_type,
            "exc": json!([traceback]).to_string(),
            "_exc_source": format!("{source_app} (app)"),
            "_server_messages": json!([inner]).to_string(),
        })
    }

    pub fn into_response(self, source_app: &str) -> Response {
        let body = self.body(source_app);
        let mut response = json_response(self.status, &body);
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON response with any status.
pub fn json_response(status: u16, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(body.clone())).into_response()
}

/// The success envelope.
pub fn success(message: Value) -> Response {
    json_response(200, &json!({ "message": message }))
}

/// An optional string argument; `null` and absent mean "not given".
pub fn opt_str(args: &Value, field: &str) -> Result<Option<String>, Fault> {
    match args.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(Fault::validation(format!("{field}: must be a string"))),
    }
}

/// A required, non-blank string argument.
pub fn req_str(args: &Value, field: &str) -> Result<String, Fault> {
    opt_str(args, field)?
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| Fault::validation(format!("{field}: is required")))
}

/// An optional argument that must be one of `options` (exact spelling).
pub fn opt_one_of(
    args: &Value,
    field: &str,
    options: &[&'static str],
) -> Result<Option<&'static str>, Fault> {
    match opt_str(args, field)? {
        None => Ok(None),
        Some(text) => match options.iter().find(|o| **o == text) {
            Some(option) => Ok(Some(option)),
            None => Err(Fault::validation(format!(
                "{field}: '{text}' is not one of {}",
                options.join(", ")
            ))),
        },
    }
}

/// The idempotency key every creating method requires.
pub fn idempotency_key(args: &Value) -> Result<String, Fault> {
    req_str(args, "idempotency_key")
}

/// A local date-time `YYYY-MM-DDTHH:MM:SS` without offset.
pub fn opt_local_datetime(
    args: &Value,
    field: &str,
) -> Result<Option<jiff::civil::DateTime>, Fault> {
    let Some(text) = opt_str(args, field)? else {
        return Ok(None);
    };
    let parsed = (text.len() == 19)
        .then(|| text.parse::<jiff::civil::DateTime>().ok())
        .flatten();
    match parsed {
        Some(at) => Ok(Some(at)),
        None => Err(Fault::validation(format!(
            "{field}: must be a local date-time written YYYY-MM-DDTHH:MM:SS without offset"
        ))),
    }
}

/// The app a method belongs to, for `_exc_source`.
pub fn source_app(method_path: &str) -> &str {
    method_path.split('.').next().unwrap_or("frappe")
}
