//! Logs (text or JSON through `tracing-subscriber`) and the Prometheus
//! recorder, installed once per process.

use std::{
    hash::{Hash, Hasher},
    sync::{Arc, LazyLock, OnceLock},
    time::Instant,
};

use axum::{
    extract::{MatchedPath, Request},
    http::Method,
    middleware::Next,
    response::Response,
};
use dashmap::DashMap;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use voice_service::LogTarget;

use crate::{config::LogFormat, error::ApiError};

/// Sets up logging on stdout; `RUST_LOG` overrides the default `info` filter.
pub fn init_tracing(format: LogFormat) {
    voice_service::init_tracing(format, LogTarget::Stdout, "info,tower_http=info");
}

/// The process-wide Prometheus recorder.
pub fn prometheus() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("vsm_http_request_duration_seconds".into()),
                    &[
                        0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
                    ],
                )
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (tests); then ours only renders.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// Records request latency per route, method and status, and logs the cause
/// of every 5xx (kept in the response extensions by `ApiError`). One layer
/// for both, and the histogram handles are looked up once per label set
/// rather than built from owned strings on every request.
pub async fn observe(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req.extensions().get::<MatchedPath>().cloned();
    // The local voice provider is a nested service without matched paths.
    let local_voice = route.is_none() && req.uri().path().starts_with("/local-voice/");
    let method = req.method().clone();
    let response = next.run(req).await;
    let route = match &route {
        Some(matched) => matched.as_str(),
        None if local_voice => "/local-voice/*",
        None => "unmatched",
    };
    latency_histogram(route, &method, response.status().as_u16())
        .record(start.elapsed().as_secs_f64());
    if let Some(err) = response.extensions().get::<Arc<ApiError>>() {
        tracing::error!(error = %err, cause = ?err, "request failed");
    }
    response
}

/// The `vsm_http_request_duration_seconds` handle for one label set.
fn latency_histogram(route: &str, method: &Method, status: u16) -> metrics::Histogram {
    static HANDLES: LazyLock<DashMap<u64, metrics::Histogram>> = LazyLock::new(DashMap::new);
    // 64 bits of SipHash over a few dozen label sets: a collision is not a
    // practical concern.
    let mut hasher = std::hash::DefaultHasher::new();
    (route, method.as_str(), status).hash(&mut hasher);
    let key = hasher.finish();
    if let Some(handle) = HANDLES.get(&key) {
        return handle.clone();
    }
    let handle = metrics::histogram!("vsm_http_request_duration_seconds",
        "route" => route.to_owned(), "method" => method.as_str().to_owned(),
        "status" => status.to_string());
    HANDLES.insert(key, handle.clone());
    handle
}
