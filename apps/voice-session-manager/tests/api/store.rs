//! The session stores (memory and a real redis-server) under many sessions:
//! a staff page holds the newest, a sweep's selection finds the few it asks
//! for however many others there are.

use std::{sync::Arc, time::Duration};

use testkit::RedisServer;
use voice_session_manager::store::{ListFilter, SessionRecord};
use voice_types::{BusinessType, Channel, SessionId, SessionStatus, SessionView};

use crate::helpers::{TestApp, spawn_app, spawn_with};

fn record(n: u64, status: SessionStatus) -> SessionRecord {
    SessionRecord {
        view: SessionView {
            session_id: SessionId(format!("sess_store_{n:05}")),
            business_type: BusinessType::Restaurant,
            channel: Channel::Web,
            status,
            customer_name: None,
            customer_phone: None,
            metadata: None,
            queue: None,
            join_url: None,
            call_id: Some(format!("call_{n}")),
            voice_provider: None,
            end_reason: None,
            created_at_ms: 1_000_000 + n,
            updated_at_ms: 1_000_000 + n,
            started_at_ms: Some(1_000_000 + n),
            ended_at_ms: None,
        },
        token_sha256: String::new(),
    }
}

/// 600 active sessions, of which only the oldest two started long ago.
async fn many_sessions_select_only_the_old_ones(app: TestApp) {
    let store = &app.state.store;
    for n in 0..600 {
        store
            .insert(&record(n, SessionStatus::Active), Duration::from_secs(600))
            .await
            .expect("insert");
    }
    // The sweep's old bug: it read the newest 500 and never saw these.
    let old = store
        .select(|v| v.started_at_ms.is_some_and(|t| t < 1_000_002), 500)
        .await
        .expect("select");
    let ids: Vec<_> = old.iter().map(|v| v.session_id.0.as_str()).collect();
    assert_eq!(ids, ["sess_store_00000", "sess_store_00001"]);
    // Over the limit, the oldest come first (the most overdue calls).
    let capped = store
        .select(|v| v.status == SessionStatus::Active, 3)
        .await
        .expect("select");
    let ids: Vec<_> = capped.iter().map(|v| v.session_id.0.as_str()).collect();
    assert_eq!(
        ids,
        ["sess_store_00000", "sess_store_00001", "sess_store_00002"]
    );

    let filter = ListFilter {
        status: Some(SessionStatus::Active),
        business_type: None,
        offset: 10,
        limit: 5,
    };
    let (page, total) = store.list(&filter).await.expect("list");
    assert_eq!(total, 600);
    let ids: Vec<_> = page.iter().map(|v| v.session_id.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sess_store_00589",
            "sess_store_00588",
            "sess_store_00587",
            "sess_store_00586",
            "sess_store_00585"
        ],
        "newest first, from the offset"
    );
}

#[tokio::test]
async fn memory_store_selects_and_pages_among_many_sessions() {
    many_sessions_select_only_the_old_ones(spawn_app(|_| {}).await).await;
}

#[tokio::test]
async fn redis_store_selects_and_pages_among_many_sessions() {
    let redis = Arc::new(RedisServer::start());
    many_sessions_select_only_the_old_ones(spawn_with(Some(redis), |_| {}).await).await;
}
