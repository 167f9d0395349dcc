//! Every caller mistake gets a precise error and a fitting status; never a 500.

use serde_json::{Value, json};

use crate::helpers::{STAFF, spawn_app};

async fn error_of(res: reqwest::Response, status: u16) -> Value {
    let got = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(got, status, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body["error"].clone()
}

#[tokio::test]
async fn shape_errors_name_the_field() {
    let app = spawn_app(|_| {}).await;
    let cases = [
        (
            json!({"businessType": "pizza"}),
            "businessType",
            "unknown variant",
        ),
        (json!({}), "businessType", "missing field"),
        (json!({"businessType": 3}), "businessType", "invalid type"),
        (
            json!({"businessType": "support", "customerName": 5}),
            "customerName",
            "invalid type",
        ),
        (
            json!({"businessType": "support", "channel": "fax"}),
            "channel",
            "unknown variant",
        ),
        (
            json!({"businessType": "support", "metadata": [1, 2]}),
            "metadata",
            "invalid type",
        ),
        (
            json!({"businessType": "support", "colour": "red"}),
            "colour",
            "unknown field",
        ),
        (
            json!({"businessType": "support", "customerName": "  "}),
            "customerName",
            "blank",
        ),
        (
            json!({"businessType": "support", "customerPhone": "call me"}),
            "customerPhone",
            "digits",
        ),
        (
            json!({"businessType": "support", "customerName": "x".repeat(201)}),
            "customerName",
            "200",
        ),
        (
            json!({"businessType": "support", "metadata": {"blob": "x".repeat(5000)}}),
            "metadata",
            "4096",
        ),
    ];
    for (body, field, words) in cases {
        let err = error_of(app.post_session_raw(&body).await, 422).await;
        assert_eq!(err["code"], "invalid_field", "{body}");
        assert_eq!(err["field"], field, "{body}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(words),
            "{body}: {err}"
        );
    }
}

#[tokio::test]
async fn malformed_oversized_and_non_json_bodies() {
    let app = spawn_app(|c| c.max_body_bytes = 1024).await;
    let post = |body: Vec<u8>, ct: &'static str| {
        app.http
            .post(app.url("/api/sessions"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let err = error_of(
        post(b"{\"businessType\":".to_vec(), "application/json")
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(err["code"], "malformed_json");
    let err = error_of(
        post(b"{} {}".to_vec(), "application/json").await.unwrap(),
        400,
    )
    .await;
    assert_eq!(err["code"], "malformed_json");
    let big = format!(
        "{{\"businessType\":\"support\",\"customerName\":\"{}\"}}",
        "x".repeat(4000)
    );
    let err = error_of(
        post(big.into_bytes(), "application/json").await.unwrap(),
        413,
    )
    .await;
    assert!(err["message"].as_str().unwrap().contains("1024"));
    let err = error_of(
        post(
            b"businessType=support".to_vec(),
            "application/x-www-form-urlencoded",
        )
        .await
        .unwrap(),
        415,
    )
    .await;
    assert_eq!(err["code"], "unsupported_media_type");
}

#[tokio::test]
async fn staff_routes_need_the_staff_token() {
    let app = spawn_app(|_| {}).await;
    let res = app.http.get(app.url("/api/sessions")).send().await.unwrap();
    error_of(res, 401).await;
    let res = app
        .http
        .get(app.url("/api/sessions"))
        .bearer_auth("nope-nope-nope-nope")
        .send()
        .await
        .unwrap();
    error_of(res, 403).await;
    let s = app.create("support").await;
    let res = app
        .http
        .post(app.url(&format!("/api/sessions/{}/transition", s.session_id)))
        .bearer_auth(&s.session_token)
        .json(&json!({"status": "active"}))
        .send()
        .await
        .unwrap();
    error_of(res, 403).await;
}

#[tokio::test]
async fn bad_queries_and_unknown_things() {
    let app = spawn_app(|_| {}).await;
    for (query, field) in [
        ("?status=sleeping", "status"),
        ("?businessType=bakery", "businessType"),
        ("?limit=0", "limit"),
        ("?limit=100000", "limit"),
        ("?offset=-1", "offset"),
    ] {
        let err = error_of(app.list(query).await, 422).await;
        assert_eq!(err["field"], field, "{query}");
    }
    let res = app.get_session("no-such-session", STAFF).await;
    error_of(res, 404).await;
    let res = app
        .http
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    error_of(res, 404).await;
    let s = app.create("support").await;
    let res = app
        .http
        .post(app.url(&format!("/api/sessions/{}/transition", s.session_id)))
        .bearer_auth(STAFF)
        .json(&json!({"status": "flying"}))
        .send()
        .await
        .unwrap();
    let err = error_of(res, 422).await;
    assert_eq!(err["field"], "status");
    let url = format!("ws://{}/ws/staff?token={STAFF}&since=abc", app.addr);
    let err = tokio_tungstenite::connect_async(url)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("422"), "{err}");
}

#[tokio::test]
async fn session_creation_is_rate_limited_per_address_with_retry_after() {
    let app = spawn_app(|c| {
        c.session_create_rate = 1;
        c.session_create_burst = 3;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            app.post_session_raw(&json!({"businessType": "support"}))
                .await
                .status(),
            201
        );
    }
    let res = app
        .post_session_raw(&json!({"businessType": "support"}))
        .await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let err = error_of(res, 429).await;
    assert_eq!(err["code"], "rate_limited");
    // Other routes are not limited.
    assert_eq!(app.list("").await.status(), 200);
}
