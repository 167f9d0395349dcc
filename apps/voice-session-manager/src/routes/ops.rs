//! Operations: `/health`, `/metrics`, `/api/openapi.json`, `/api/events.schema.json`.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
};
use serde::Serialize;
use utoipa::OpenApi;

use crate::{openapi::ApiDoc, state::AppState};

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `ok`, or `degraded` when the store does not answer or the shared
    /// business log cannot be applied here.
    pub status: &'static str,
    /// `memory` or `redis`.
    pub store: &'static str,
    pub store_reachable: bool,
    pub instance_id: String,
    /// `embedded`, or `embedded` forwarding to ERPNext through the outbox.
    pub business_backend: &'static str,
    /// The outbox towards ERPNext (absent without ERPNext).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbox: Option<crate::business::embedded::outbox::OutboxStats>,
    /// Redis mode: this instance's replica of the shared business log. With
    /// an `error` the instance cannot serve business requests (`503`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_log: Option<crate::business::ReplicaHealth>,
    pub version: &'static str,
}

/// Liveness plus store reachability (`503` when the store is down, or when
/// this instance cannot apply the shared business log).
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let reachable = state.store.ping().await.is_ok();
    let outbox = state.business.outbox_stats().await.ok().flatten();
    let shared_log = state.business.replica_health().await.ok().flatten();
    let healthy = reachable && shared_log.as_ref().is_none_or(|r| r.error.is_none());
    let body = Health {
        status: if healthy { "ok" } else { "degraded" },
        store: match *state.store {
            crate::store::SessionStore::Memory(_) => "memory",
            crate::store::SessionStore::Redis(_) => "redis",
        },
        store_reachable: reachable,
        instance_id: state.instance_id.to_string(),
        business_backend: if outbox.is_some() {
            "erpnext"
        } else {
            state.business.kind()
        },
        outbox,
        shared_log,
        version: env!("CARGO_PKG_VERSION"),
    };
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    if let Ok((active, queued)) = state.capacity.counts().await {
        metrics::gauge!("vsm_active_calls").set(f64::from(active));
        metrics::gauge!("vsm_queue_length").set(f64::from(queued));
    }
    metrics::gauge!("vsm_capacity").set(f64::from(state.config.max_concurrent_calls));
    metrics::gauge!("vsm_ws_subscribers").set(state.hub.subscriber_count() as f64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

/// This API as OpenAPI 3.1, generated from the code.
pub async fn openapi() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}

/// The live-event frames as JSON Schema, generated from `voice-types`.
pub async fn events_schema() -> impl IntoResponse {
    Json(schemars::schema_for!(voice_types::EventFrame))
}
