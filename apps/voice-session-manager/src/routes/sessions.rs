//! `/api/sessions`: create (public, rate-limited), read and end (the
//! session's customer or staff), list and move (staff).

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
};
use serde::Deserialize;
use voice_types::{
    BusinessType, CreateSessionRequest, CreateSessionResponse, ErrorBody, SessionId, SessionList,
    SessionStatus, SessionView,
};

use crate::{
    auth::{Service, Staff, bearer, require_session_access, require_staff},
    error::ApiError,
    json::{ApiJson, parse_json},
    sessions,
    state::AppState,
    store::ListFilter,
};

/// Create a session: a call slot is reserved, or the caller is queued.
#[utoipa::path(post, path = "/api/sessions", tag = "sessions",
    request_body = CreateSessionRequest,
    responses(
        (status = 201, description = "Created: ready (slot reserved) or queued", body = CreateSessionResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is missing or invalid (named in `field`)", body = ErrorBody),
        (status = 429, description = "Too many sessions from this address; see Retry-After", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CreateSessionRequest>,
) -> Result<(StatusCode, Json<CreateSessionResponse>), ApiError> {
    let created = sessions::create(&state, req).await?;
    let websocket_url = websocket_url(&state, &headers, &created.view.session_id, &created.token);
    let response = CreateSessionResponse {
        session_id: created.view.session_id.clone(),
        status: created.view.status,
        session_token: created.token,
        websocket_url,
        queue: created.view.queue,
        session: created.view,
    };
    Ok((StatusCode::CREATED, Json(response)))
}

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

/// Read one session (its customer's token, or staff).
#[utoipa::path(get, path = "/api/sessions/{id}", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    security(("session_token" = []), ("staff_token" = [])),
    responses(
        (status = 200, body = SessionView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
) -> Result<Json<SessionView>, ApiError> {
    let token = need_token(&headers, q.token.as_deref())?;
    let record = sessions::get(&state, &SessionId(id)).await?;
    require_session_access(&state, Some(token), &record)?;
    Ok(Json(record.view))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndRequest {
    /// Why the session ends (kept with the session; default "ended by the caller" or "ended by staff").
    #[serde(default)]
    pub reason: Option<String>,
}

/// End a session (queued, ready or active); frees its slot or queue place.
#[utoipa::path(post, path = "/api/sessions/{id}/end", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    request_body(content = Option<EndRequest>, description = "Optional reason"),
    security(("session_token" = []), ("staff_token" = [])),
    responses(
        (status = 200, body = SessionView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already over", body = ErrorBody),
    ))]
pub async fn end(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<SessionView>, ApiError> {
    let token = need_token(&headers, q.token.as_deref())?;
    let id = SessionId(id);
    let record = sessions::get(&state, &id).await?;
    let caller = require_session_access(&state, Some(token), &record)?;
    let req: EndRequest = if body.is_empty() {
        EndRequest::default()
    } else {
        parse_json(&body)?
    };
    let reason = match (req.reason, caller) {
        (Some(r), _) if r.chars().count() > 500 => {
            return Err(ApiError::invalid(
                "reason",
                "reason: at most 500 characters",
            ));
        }
        (Some(r), _) => r,
        (None, crate::auth::Caller::Customer) => "ended by the caller".to_owned(),
        (None, crate::auth::Caller::Staff) => "ended by staff".to_owned(),
    };
    let view = sessions::transition(&state, &id, SessionStatus::Ended, Some(reason)).await?;
    Ok(Json(view))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransitionRequest {
    pub status: SessionStatus,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Move a session along its lifecycle (staff and the voice integration).
///
/// `queued → ready → active → ended`, or `→ failed`; anything else is `409`.
#[utoipa::path(post, path = "/api/sessions/{id}/transition", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    request_body = TransitionRequest,
    security(("staff_token" = [])),
    responses(
        (status = 200, body = SessionView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not an allowed move; the reason says why", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn transition(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Staff,
    ApiJson(req): ApiJson<TransitionRequest>,
) -> Result<Json<SessionView>, ApiError> {
    let view = sessions::transition(&state, &SessionId(id), req.status, req.reason).await?;
    Ok(Json(view))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// queued | ready | active | ended | failed
    pub status: Option<String>,
    /// restaurant | appointment | support
    pub business_type: Option<String>,
    /// Default 0.
    pub offset: Option<String>,
    /// 1..=500, default 50.
    pub limit: Option<String>,
}

/// List sessions, newest first (staff).
#[utoipa::path(get, path = "/api/sessions", tag = "sessions",
    params(ListQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, body = SessionList),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
    headers: HeaderMap,
) -> Result<Json<SessionList>, ApiError> {
    require_staff(&state, bearer(&headers, None))?;
    let filter = parse_list_query(&q)?;
    let (sessions, total) = state.store.list(&filter).await?;
    Ok(Json(SessionList {
        sessions,
        total,
        offset: filter.offset,
        limit: filter.limit,
    }))
}

fn parse_list_query(q: &ListQuery) -> Result<ListFilter, ApiError> {
    let status = match &q.status {
        None => None,
        Some(s) => Some(SessionStatus::parse(s).ok_or_else(|| {
            ApiError::invalid(
                "status",
                format!("status: `{s}` is not one of queued, ready, active, ended, failed"),
            )
        })?),
    };
    let business_type = match &q.business_type {
        None => None,
        Some(s) => Some(BusinessType::parse(s).ok_or_else(|| {
            ApiError::invalid(
                "businessType",
                format!("businessType: `{s}` is not one of restaurant, appointment, support"),
            )
        })?),
    };
    let number =
        |field: &str, value: &Option<String>, default: u64, max: u64| -> Result<u64, ApiError> {
            match value {
                None => Ok(default),
                Some(v) => match v.parse::<u64>() {
                    Ok(n) if n <= max => Ok(n),
                    _ => Err(ApiError::invalid(
                        field,
                        format!("{field}: a whole number from 0 to {max}, got `{v}`"),
                    )),
                },
            }
        };
    let offset = number("offset", &q.offset, 0, u64::from(u32::MAX))?;
    let limit = number("limit", &q.limit, 50, 500)?;
    if limit == 0 {
        return Err(ApiError::invalid("limit", "limit: at least 1"));
    }
    Ok(ListFilter {
        status,
        business_type,
        offset,
        limit,
    })
}

/// A token must be present before anything about the session is revealed.
fn need_token<'a>(headers: &'a HeaderMap, query: Option<&'a str>) -> Result<&'a str, ApiError> {
    bearer(headers, query).ok_or(ApiError::Unauthorized(
        "the session token (Authorization: Bearer or ?token=) is required",
    ))
}

/// `ws[s]://<public host>/ws/sessions/<id>?token=<token>`.
fn websocket_url(state: &AppState, headers: &HeaderMap, id: &SessionId, token: &str) -> String {
    let base = match &state.config.public_base_url {
        Some(url) => {
            let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
            let host = url.host_str().unwrap_or("127.0.0.1");
            match url.port() {
                Some(port) => format!("{scheme}://{host}:{port}"),
                None => format!("{scheme}://{host}"),
            }
        }
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| {
                    h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
                })
                .map(str::to_owned)
                .unwrap_or_else(|| state.config.bind.to_string());
            format!("ws://{host}")
        }
    };
    format!("{base}/ws/sessions/{id}?token={token}")
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UiUpdateRequest {
    /// The form (or the changed values) to show on the customer's page.
    #[schema(value_type = Object)]
    pub form: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Published {
    /// The event's number on the session's stream.
    pub seq: u64,
}

/// Push a form or UI update to the session's customer page (`form_update`).
#[utoipa::path(post, path = "/api/sessions/{id}/ui", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    request_body = UiUpdateRequest,
    security(("staff_token" = [])),
    responses(
        (status = 202, description = "Published to the session's stream", body = Published),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The session is over", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn push_ui(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Service,
    ApiJson(req): ApiJson<UiUpdateRequest>,
) -> Result<(StatusCode, Json<Published>), ApiError> {
    let seq = sessions::push_form(&state, &SessionId(id), req.form).await?;
    Ok((StatusCode::ACCEPTED, Json(Published { seq })))
}

/// A session's conversation context: what the caller said so far, merged
/// (kept by the session manager for the MCP server; expires after an hour).
#[derive(Debug, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConversationContextBody {
    /// Opaque JSON object owned by the voice tools; `null` when none yet.
    #[schema(value_type = Option<Object>)]
    pub context: Option<serde_json::Value>,
}

const MAX_CONTEXT_BYTES: usize = 16 * 1024;

/// Read a session's conversation context (services).
#[utoipa::path(get, path = "/api/sessions/{id}/context", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    security(("service_token" = []), ("staff_token" = [])),
    responses((status = 200, body = ConversationContextBody), (status = 404, body = ErrorBody)))]
pub async fn get_context(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Service,
) -> Result<Json<ConversationContextBody>, ApiError> {
    let id = SessionId(id);
    sessions::get(&state, &id).await?;
    let context = match state.store.get_context(&id).await? {
        Some(json) => Some(
            serde_json::from_str(&json)
                .map_err(|e| ApiError::Conflict(format!("stored context unreadable: {e}")))?,
        ),
        None => None,
    };
    Ok(Json(ConversationContextBody { context }))
}

/// Replace a session's conversation context (services).
#[utoipa::path(put, path = "/api/sessions/{id}/context", tag = "sessions",
    params(("id" = String, Path, description = "Session id")), request_body = ConversationContextBody,
    security(("service_token" = []), ("staff_token" = [])),
    responses((status = 200, body = ConversationContextBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_context(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Service,
    ApiJson(body): ApiJson<ConversationContextBody>,
) -> Result<Json<ConversationContextBody>, ApiError> {
    let id = SessionId(id);
    sessions::get(&state, &id).await?;
    let Some(context) = &body.context else {
        return Err(ApiError::invalid(
            "context",
            "context: an object is required",
        ));
    };
    if !context.is_object() {
        return Err(ApiError::invalid(
            "context",
            "context: must be a JSON object",
        ));
    }
    let json = serde_json::to_string(context).unwrap_or_default();
    if json.len() > MAX_CONTEXT_BYTES {
        return Err(ApiError::invalid(
            "context",
            format!("context: at most {MAX_CONTEXT_BYTES} bytes of JSON"),
        ));
    }
    state
        .store
        .put_context(&id, &json, sessions::CONTEXT_TTL)
        .await?;
    Ok(Json(body))
}

/// `POST /api/sessions/{id}/form` body: values the caller typed.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormCorrection {
    /// Field name (as in the form) → the corrected value (`null` clears it).
    #[schema(value_type = Object)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// Correct the dynamic form by typing (the session's customer): the values
/// replace what was heard, reach the session's context (so the voice tools
/// use them), and the updated form is pushed as a `form_update`.
#[utoipa::path(post, path = "/api/sessions/{id}/form", tag = "sessions",
    params(("id" = String, Path, description = "Session id")), request_body = FormCorrection,
    security(("session_token" = []), ("staff_token" = [])),
    responses((status = 200, description = "The updated form", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The session is over", body = ErrorBody),
        (status = 422, description = "An unknown field or a value of the wrong type (named)", body = ErrorBody)))]
pub async fn correct_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<FormCorrection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    use voice_domain::forms::dynamic_form;
    let token = need_token(&headers, q.token.as_deref())?;
    let id = SessionId(id);
    let record = sessions::get(&state, &id).await?;
    require_session_access(&state, Some(token), &record)?;
    if record.view.status.is_terminal() {
        return Err(ApiError::Conflict(format!(
            "session {id} is over; the form no longer takes corrections"
        )));
    }
    let business = record.view.business_type;
    let blank = dynamic_form(business, None, &state.rules.catalog);
    if req.fields.is_empty() {
        return Err(ApiError::invalid("fields", "fields: at least one field"));
    }
    let mut context = sessions::load_context(&state, &id, business).await?;
    for (name, value) in req.fields {
        let field = format!("fields.{name}");
        if !blank.fields.iter().any(|f| f.name == name) {
            let known: Vec<&str> = blank.fields.iter().map(|f| f.name.as_str()).collect();
            return Err(ApiError::invalid(
                field.clone(),
                format!(
                    "{field}: not a field of this form (fields: {})",
                    known.join(", ")
                ),
            ));
        }
        if value.as_str().is_some_and(|s| s.chars().count() > 500) {
            return Err(ApiError::invalid(
                field.clone(),
                format!("{field}: at most 500 characters"),
            ));
        }
        context
            .correct(&name, value)
            .map_err(|message| ApiError::invalid(field, message))?;
    }
    let form = sessions::save_context_and_push_form(&state, &id, business, &context).await?;
    Ok(Json(serde_json::to_value(&form).unwrap_or_default()))
}

/// A finished session's transcript and the provider's summary (staff).
#[utoipa::path(get, path = "/api/sessions/{id}/transcript", tag = "staff",
    params(("id" = String, Path, description = "Session id")),
    security(("staff_token" = [])),
    responses((status = 200, body = crate::business::RecordedCall),
        (status = 401, body = ErrorBody), (status = 404, description = "Not recorded (yet)", body = ErrorBody)))]
pub async fn transcript(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Staff,
) -> Result<Json<crate::business::RecordedCall>, ApiError> {
    state
        .business
        .session_transcript(id.clone())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("a recorded call for session {id}")))
}
