//! Fixture replay: answers a request with the status and body of the contract
//! fixture case (`frappe_apps/contract_fixtures/*.json`) whose method, user
//! and arguments match it.
//!
//! Arguments match when they are equal after dropping `null`s (absent and
//! `null` both mean "not given" to Frappe); GET arguments arrive as strings,
//! so a fixture's GET arguments are compared in their query-string form
//! (strings as they are, anything else as JSON text). A request no case
//! matches gets a 400 `StandInNoMatch` envelope, which no client retries.

use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

/// Who a request authenticated as, as the fixtures name it (`user`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The integration user with the `Voice Agent Integration` role.
    Integration,
    /// A valid user without that role: every method answers 403.
    NoRole,
}

impl Caller {
    fn fixture_name(self) -> &'static str {
        match self {
            Self::Integration => "integration",
            Self::NoRole => "no_role",
        }
    }
}

/// One fixture case, ready to match.
#[derive(Debug, Clone)]
pub struct ReplayCase {
    pub method: String,
    pub http_method: String,
    pub name: String,
    /// `success`, `idempotent_repeat`, `refusal` or `error`.
    pub kind: String,
    pub user: String,
    pub request: Value,
    pub status: u16,
    pub response: Value,
}

#[derive(Deserialize)]
struct FixtureFile {
    method: String,
    http_method: String,
    cases: Vec<FixtureCase>,
}

#[derive(Deserialize)]
struct FixtureCase {
    name: String,
    kind: String,
    user: String,
    request: Value,
    status: u16,
    response: Value,
}

/// Every case of every `*.json` file in `dir`, files in name order.
pub fn load_cases(dir: &Path) -> Result<Vec<ReplayCase>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in paths {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: FixtureFile =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        cases.extend(file.cases.into_iter().map(|case| ReplayCase {
            method: file.method.clone(),
            http_method: file.http_method.clone(),
            name: case.name,
            kind: case.kind,
            user: case.user,
            request: case.request,
            status: case.status,
            response: case.response,
        }));
    }
    Ok(cases)
}

/// The first case answering `method` called by `caller` with `args`.
pub fn find_case<'a>(
    cases: &'a [ReplayCase],
    method: &str,
    is_get: bool,
    caller: Caller,
    args: &Value,
) -> Option<&'a ReplayCase> {
    let wanted = without_nulls(args);
    cases.iter().find(|case| {
        case.method == method
            && case.user == caller.fixture_name()
            && if is_get {
                as_query_args(&case.request) == wanted
            } else {
                without_nulls(&case.request) == wanted
            }
    })
}

/// `value` with every `null` object member removed, at any depth.
pub fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// A fixture's arguments as they look once sent in a query string.
fn as_query_args(request: &Value) -> Value {
    let mut out = Map::new();
    if let Some(fields) = request.as_object() {
        for (name, value) in fields {
            match value {
                Value::Null => {}
                Value::String(text) => {
                    out.insert(name.clone(), Value::String(text.clone()));
                }
                other => {
                    out.insert(name.clone(), Value::String(other.to_string()));
                }
            }
        }
    }
    Value::Object(out)
}
