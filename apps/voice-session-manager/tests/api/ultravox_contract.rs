//! Contract with Ultravox: the session manager in `ultravox` mode against the
//! strict stand-in (the local provider started on its own, validating every
//! request as the real API would, reference §9). Every request we send is
//! accepted, webhooks we register are delivered and verified, and the API
//! key never reaches anything a browser sees.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use voice_session_manager::config::{Secret, VoiceProviderKind};
use voice_types::{LiveEvent, SessionStatus};

use crate::helpers::*;

const API_KEY: &str = "Zk3cQ9Lm.Aa0Bb1Cc2Dd3Ee4Ff5Gg6Hh7Ii8Jj9Kk0Ll";
const WEBHOOK_SECRET: &str = "contract-webhook-secret-0123456789";

#[tokio::test]
async fn every_request_we_send_is_accepted_by_the_strict_stand_in() {
    let standin = voice_local::LocalProvider::start(API_KEY, true)
        .await
        .expect("the stand-in starts");
    let api = standin.base_url.join("api/").unwrap();
    let app = spawn_app(|c| {
        c.voice.voice_provider = Some(VoiceProviderKind::Ultravox);
        c.voice.ultravox_api_key = Some(Secret::new(API_KEY.into()));
        c.voice.ultravox_base_url = api.clone();
        c.voice.ultravox_webhook_secrets = vec![Secret::new(WEBHOOK_SECRET.into())];
    })
    .await;
    // The operator's one-off step, as `voice-session-manager register-webhook` runs it.
    let mut config = voice_session_manager::config::Config::for_tests();
    config.voice.ultravox_api_key = Some(Secret::new(API_KEY.into()));
    config.voice.ultravox_base_url = api.clone();
    config.voice.ultravox_webhook_secrets = vec![Secret::new(WEBHOOK_SECRET.into())];
    let hook_url = url::Url::parse(&app.url("/webhooks/ultravox")).unwrap();
    for _ in 0..2 {
        voice_session_manager::voice::register_webhook(&config, Some(hook_url.clone()))
            .await
            .expect("registers");
    }
    let hooks: Value = app
        .http
        .get(api.join("webhooks").unwrap())
        .header("X-API-Key", API_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        hooks["results"].as_array().unwrap().len(),
        1,
        "registering twice updates: {hooks}"
    );

    let provider = standin.provider.clone();
    let created = app
        .post_session_raw(&serde_json::json!({"businessType": "restaurant"}))
        .await;
    let created_text = created.text().await.unwrap();
    assert!(!created_text.contains(API_KEY));
    let s: voice_types::CreateSessionResponse = serde_json::from_str(&created_text).unwrap();
    let mut ws = app
        .ws_session(s.session_id.as_str(), &s.session_token, Some(0))
        .await;
    let mut seen = Vec::new();
    let call_id = loop {
        let frame = next_frame(&mut ws).await;
        seen.push(serde_json::to_string(&frame).unwrap());
        if let LiveEvent::CallReady {
            join_url: Some(url),
            provider,
            ..
        } = &frame.event
        {
            assert_eq!(provider.as_deref(), Some("ultravox"));
            assert!(url.starts_with("ws://"), "{url}");
            break app.view(s.session_id.as_str()).await.call_id.unwrap();
        }
    };
    provider.join(&call_id).await.unwrap();
    for line in [
        "two margherita pizzas please",
        "delivery",
        "12 High Street",
        "my name is Jo",
        "07700 900777",
        "yes",
        "no thanks, bye",
    ] {
        let said = provider.say(&call_id, line).await.unwrap();
        eprintln!("caller: {line}\nagent: {said:?}");
    }
    let ended = wait_for(&mut ws, |e| matches!(e, LiveEvent::SessionEnded { .. })).await;
    assert!(matches!(
        ended.event,
        LiveEvent::SessionEnded {
            status: SessionStatus::Ended,
            ..
        }
    ));

    // Everything we sent to "Ultravox" passed its validation.
    let requests = provider.create_requests();
    assert_eq!(requests.len(), 1);
    for r in &requests {
        assert!(
            r.errors.is_empty(),
            "refused: {:?} for {}",
            r.errors,
            r.body
        );
    }
    // Every webhook was delivered, verified and acknowledged.
    let mut deliveries = Vec::new();
    eventually(5, "call.billed is delivered too", || {
        let all = provider.deliveries();
        let done = all.iter().any(|d| d.event == "call.billed");
        deliveries = all;
        async move { done }
    })
    .await;
    assert!(deliveries.iter().all(|d| d.succeeded()), "{deliveries:?}");

    // Nothing a browser sees carries the key: the session, its events, the transcript.
    let view = app
        .get_session(s.session_id.as_str(), &s.session_token)
        .await
        .text()
        .await
        .unwrap();
    assert!(!view.contains(API_KEY));
    let mut replay = app
        .ws_session(s.session_id.as_str(), &s.session_token, Some(0))
        .await;
    while let Ok(Some(Ok(Message::Text(text)))) =
        tokio::time::timeout(Duration::from_millis(300), replay.next()).await
    {
        seen.push(text.to_string());
    }
    assert!(seen.len() > 3);
    assert!(seen.iter().all(|f| !f.contains(API_KEY)));
    let orders = app
        .http
        .get(app.url("/api/business/orders"))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(orders.contains("12 High Street"), "{orders}");
}
