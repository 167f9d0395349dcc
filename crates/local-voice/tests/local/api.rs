//! The REST surface: auth, 404s, pagination, data messages, deletion,
//! the webhook registry, and the test controls over HTTP.

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::helpers::{API_KEY, TestApp, eventually};

#[tokio::test]
async fn every_api_and_control_route_needs_the_key() {
    let app = TestApp::start().await;
    for path in [
        "api/calls",
        "api/webhooks",
        "_local/requests",
        "_local/deliveries",
    ] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
        let body: Value = r.json().await.unwrap();
        assert!(body["detail"].is_string());
        let r = app
            .http
            .get(app.url(path))
            .header("X-API-Key", "wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{path} with a wrong key");
    }
    let r = app
        .http
        .get(app.url("api/calls"))
        .header("X-Unsafe-API-Key", API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .http
        .post(app.url("api/calls"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(
        app.provider().create_requests().is_empty(),
        "refused before reading the body"
    );
}

#[tokio::test]
async fn unknown_calls_are_404_with_a_detail() {
    let app = TestApp::start().await;
    let r = app
        .get("api/calls/2f1d6a43-0000-4000-8000-000000000000")
        .await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "Not found."})
    );
}

/// Follows `next` from `first` and returns every result.
async fn follow(app: &TestApp, first: &str) -> (Vec<Value>, u64, usize) {
    let mut url = first.to_owned();
    let mut all = Vec::new();
    let mut pages = 0;
    let total;
    loop {
        let page = app.get_json(&url).await;
        pages += 1;
        all.extend(page["results"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(next) => {
                assert!(next.starts_with("http://"), "next is absolute: {next}");
                assert!(next.contains("cursor="));
                url = next.to_owned();
            }
            None => {
                total = page["total"].as_u64().unwrap();
                break;
            }
        }
    }
    (all, total, pages)
}

#[tokio::test]
async fn messages_are_paginated_by_cursor() {
    let app = TestApp::start().await;
    let id = app.business_call("restaurant").await;
    app.provider()
        .say(&id, "two pepperoni pizzas please")
        .await
        .unwrap();
    app.provider().say(&id, "collection").await.unwrap();
    app.provider().say(&id, "my name is Kevin").await.unwrap();
    let expected = app.provider().messages(&id).unwrap();
    assert!(expected.len() > 5, "more than one default page");

    let (all, total, pages) = follow(&app, &format!("api/calls/{id}/messages")).await;
    assert_eq!(all, expected);
    assert_eq!(total as usize, expected.len());
    assert_eq!(pages, expected.len().div_ceil(5));
    assert_eq!(all[0]["role"], "MESSAGE_ROLE_AGENT");
    assert_eq!(all[1]["role"], "MESSAGE_ROLE_USER");
    assert_eq!(all[1]["text"], "two pepperoni pizzas please");

    let first = app
        .get_json(&format!("api/calls/{id}/messages?pageSize=2"))
        .await;
    assert_eq!(first["results"].as_array().unwrap().len(), 2);
    assert!(first["previous"].is_null());
    let second = app.get_json(first["next"].as_str().unwrap()).await;
    assert_eq!(second["results"][0], expected[2]);
    assert!(second["next"].as_str().unwrap().contains("pageSize=2"));
    assert!(second["previous"].is_string());

    let r = app
        .get(&format!("api/calls/{id}/messages?cursor=nonsense"))
        .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn calls_are_listed_newest_first_across_pages() {
    let app = TestApp::start().await;
    let mut ids = Vec::new();
    for _ in 0..7 {
        ids.push(app.business_call("support").await);
    }
    let (all, total, pages) = follow(&app, "api/calls").await;
    assert_eq!((total, pages), (7, 2));
    let listed: Vec<&str> = all.iter().map(|c| c["callId"].as_str().unwrap()).collect();
    ids.reverse();
    assert_eq!(listed, ids);
    let filtered = app
        .get_json("api/calls?metadata.businessType=restaurant")
        .await;
    assert_eq!(filtered["total"], 0);
}

#[tokio::test]
async fn data_messages_need_a_live_call() {
    let app = TestApp::start().await;
    let id = app.business_call("restaurant").await;
    let path = format!("api/calls/{id}/send_data_message");
    let r = app
        .post(
            &path,
            &json!({"type": "user_text_message", "text": "hello"}),
        )
        .await;
    assert_eq!(r.status(), 422, "not joined yet");

    app.provider().join(&id).await.unwrap();
    let r = app
        .post(
            &path,
            &json!({"type": "user_text_message", "text": "two cokes please"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    eventually("the typed turn is answered", || async {
        let m = app.provider().messages(&id).unwrap();
        m.iter()
            .any(|m| m["text"] == "two cokes please" && m["medium"] == "MESSAGE_MEDIUM_TEXT")
            && m.last().is_some_and(|l| l["role"] == "MESSAGE_ROLE_AGENT")
    })
    .await;
    let r = app.post(&path, &json!({"type": "teleport"})).await;
    assert_eq!(r.status(), 400);

    let r = app
        .post(
            &path,
            &json!({"type": "hang_up", "message": "Bye for now."}),
        )
        .await;
    assert_eq!(r.status(), 204);
    eventually("the call ends", || async {
        app.provider().call(&id).unwrap()["endReason"] == "agent_hangup"
    })
    .await;
    let r = app
        .post(
            &path,
            &json!({"type": "user_text_message", "text": "hello?"}),
        )
        .await;
    assert_eq!(r.status(), 422, "ended");
}

#[tokio::test]
async fn deleting_a_call_ends_and_removes_it() {
    let app = TestApp::start().await;
    let id = app.business_call("restaurant").await;
    let r = app
        .http
        .delete(app.url(&format!("api/calls/{id}")))
        .header("X-API-Key", API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(app.get(&format!("api/calls/{id}")).await.status(), 404);
}

#[tokio::test]
async fn webhooks_are_registered_changed_and_deleted() {
    let app = TestApp::start().await;
    let r = app
        .post(
            "api/webhooks",
            &json!({"url": "https://example.test/hook", "events": ["call.ended"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let hook: Value = r.json().await.unwrap();
    let secret = hook["secrets"][0].as_str().unwrap();
    assert!(secret.len() >= 32, "a strong secret is generated: {secret}");
    assert_eq!(hook["status"], "normal");
    let id = hook["webhookId"].as_str().unwrap();

    let r = app
        .http
        .patch(app.url(&format!("api/webhooks/{id}")))
        .header("X-API-Key", API_KEY)
        .json(&json!({"events": ["call.joined", "call.ended"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let changed: Value = r.json().await.unwrap();
    assert_eq!(changed["events"], json!(["call.joined", "call.ended"]));
    assert_eq!(changed["secrets"], hook["secrets"], "secrets kept");

    let list = app.get_json("api/webhooks").await;
    assert_eq!(list["total"], 1);
    let r = app
        .post(
            "api/webhooks",
            &json!({"url": "not a url", "events": ["call.nope"]}),
        )
        .await;
    assert_eq!(r.status(), 400);
    let errors: Value = r.json().await.unwrap();
    assert!(
        errors.get("url").is_some() && errors.get("events").is_some(),
        "{errors}"
    );

    let r = app
        .http
        .delete(app.url(&format!("api/webhooks/{id}")))
        .header("X-API-Key", API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(app.get(&format!("api/webhooks/{id}")).await.status(), 404);
}

#[tokio::test]
async fn the_test_controls_work_over_http() {
    let app = TestApp::start().await;
    let id = app.business_call("restaurant").await;
    let r = app
        .post(&format!("_local/calls/{id}/join"), &json!({}))
        .await;
    assert_eq!(r.status(), 204);
    let r = app
        .post(
            &format!("_local/calls/{id}/say"),
            &json!({"text": "two pepperoni pizzas please"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let said: Value = r.json().await.unwrap();
    assert_eq!(
        said,
        json!({"agent": ["Is that for collection or delivery?"]})
    );
    let requests = app.get_json("_local/requests").await;
    assert_eq!(requests.as_array().unwrap().len(), 1);
    assert_eq!(
        app.post("_local/deliveries/fail", &json!({"n": 1}))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.post("_local/deliveries/duplicate", &json!({"n": 1}))
            .await
            .status(),
        204
    );
    assert!(app.get_json("_local/deliveries").await.is_array());
    assert!(app.get_json("_local/tool-requests").await.is_array());
    let r = app
        .post(
            &format!("_local/calls/{id}/end"),
            &json!({"reason": "teleported"}),
        )
        .await;
    assert_eq!(r.status(), 400);
    let r = app
        .post(
            &format!("_local/calls/{id}/end"),
            &json!({"reason": "system_error"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        app.provider().call(&id).unwrap()["endReason"],
        "system_error"
    );
    let r = app
        .post(
            &format!("_local/calls/{id}/say"),
            &json!({"text": "hello?"}),
        )
        .await;
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn the_router_works_nested_under_a_prefix() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = url::Url::parse(&format!("http://{addr}/local-voice")).unwrap();
    let mut config = voice_local::LocalConfig::new(API_KEY, base);
    config.agent_turn_delay = std::time::Duration::ZERO;
    let provider = voice_local::LocalProvider::new(config);
    let app = axum::Router::new().nest("/local-voice", provider.router());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("http://{addr}/local-voice/api/calls"))
        .header("X-API-Key", API_KEY)
        .json(&json!({"metadata": {"businessType": "support"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["callId"].as_str().unwrap();
    let join_url = created["joinUrl"].as_str().unwrap();
    assert_eq!(join_url, format!("ws://{addr}/local-voice/calls/{id}/join"));
    let (mut socket, _) = tokio_tungstenite::connect_async(join_url).await.unwrap();
    let first = socket.next().await.unwrap().unwrap();
    assert!(first.to_text().unwrap().contains("room_info"));

    for _ in 0..6 {
        http.post(format!("http://{addr}/local-voice/api/calls"))
            .header("X-API-Key", API_KEY)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
    }
    let page: Value = http
        .get(format!("http://{addr}/local-voice/api/calls"))
        .header("X-API-Key", API_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        page["next"]
            .as_str()
            .unwrap()
            .starts_with(&format!("http://{addr}/local-voice/api/calls?cursor="))
    );
}
