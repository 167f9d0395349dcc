//! The browser join protocol over a real WebSocket.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use voice_types::voice::{JoinClientMessage, JoinServerMessage};

use crate::helpers::{TestApp, eventually};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn connect(join_url: &str) -> Socket {
    let (socket, _) =
        tokio_tungstenite::connect_async(format!("{join_url}?clientVersion=web_test&apiVersion=1"))
            .await
            .unwrap();
    socket
}

async fn next_frame(socket: &mut Socket) -> Option<JoinServerMessage> {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a frame in time")?;
        match message.unwrap() {
            Message::Text(text) => return Some(serde_json::from_str(text.as_str()).unwrap()),
            Message::Close(_) => return None,
            _ => {}
        }
    }
}

/// Frames until (and including) the next agent transcript line.
async fn until_agent_line(socket: &mut Socket) -> (Vec<JoinServerMessage>, String) {
    let mut seen = Vec::new();
    while let Some(frame) = next_frame(socket).await {
        seen.push(frame.clone());
        if let JoinServerMessage::Transcript { role, text, .. } = frame
            && role == "agent"
        {
            return (seen, text);
        }
    }
    panic!("the socket closed before an agent line: {seen:?}");
}

async fn send(socket: &mut Socket, message: &JoinClientMessage) {
    socket
        .send(Message::Text(
            serde_json::to_string(message).unwrap().into(),
        ))
        .await
        .unwrap();
}

fn transcript_lines(frames: &[JoinServerMessage]) -> Vec<(String, String, u32)> {
    frames
        .iter()
        .filter_map(|f| match f {
            JoinServerMessage::Transcript {
                role,
                text,
                ordinal,
                ..
            } => Some((role.clone(), text.clone(), *ordinal)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_browser_joins_types_rejoins_and_hangs_up() {
    let app = TestApp::start().await;
    app.register_webhook(&["call.joined"]).await;
    let call = app
        .create_call(&crate::helpers::call_body(&app.backend.url, "restaurant"))
        .await;
    let id = call["callId"].as_str().unwrap().to_owned();
    let join_url = call["joinUrl"].as_str().unwrap().to_owned();

    let mut socket = connect(&join_url).await;
    assert_eq!(
        next_frame(&mut socket).await,
        Some(JoinServerMessage::RoomInfo {
            call_id: id.clone(),
            local: true
        })
    );
    let (_, greeting) = until_agent_line(&mut socket).await;
    assert!(greeting.contains("local demo agent"));
    let joined = app.provider().call(&id).unwrap();
    assert!(joined["joined"].is_string());
    assert_eq!(joined["clientVersion"], "web_test");
    eventually("call.joined", || async {
        !app.backend.hooks_for(&id, "call.joined").is_empty()
    })
    .await;

    send(
        &mut socket,
        &JoinClientMessage::InputTextMessage {
            text: "two pepperoni pizzas please".into(),
        },
    )
    .await;
    let (frames, answer) = until_agent_line(&mut socket).await;
    assert_eq!(answer, "Is that for collection or delivery?");
    let states: Vec<&str> = frames
        .iter()
        .filter_map(|f| match f {
            JoinServerMessage::State { state } => Some(state.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        states.contains(&"thinking") && states.contains(&"speaking"),
        "{states:?}"
    );
    assert!(frames.contains(&JoinServerMessage::Transcript {
        role: "user".into(),
        medium: "text".into(),
        text: "two pepperoni pizzas please".into(),
        is_final: true,
        ordinal: 1,
    }));
    let typed = app.provider().messages(&id).unwrap();
    assert_eq!(typed[1]["medium"], "MESSAGE_MEDIUM_TEXT");

    // A network drop: the call survives a quick reconnect, which replays
    // the whole transcript.
    socket.close(None).await.unwrap();
    drop(socket);
    let mut socket = connect(&join_url).await;
    assert!(matches!(
        next_frame(&mut socket).await,
        Some(JoinServerMessage::RoomInfo { .. })
    ));
    let mut replay = Vec::new();
    for _ in 0..3 {
        replay.push(next_frame(&mut socket).await.unwrap());
    }
    assert_eq!(
        transcript_lines(&replay),
        [
            ("agent".to_owned(), greeting.clone(), 0),
            (
                "user".to_owned(),
                "two pepperoni pizzas please".to_owned(),
                1
            ),
            ("agent".to_owned(), answer.clone(), 2),
        ]
    );
    tokio::time::sleep(GRACE_AND_A_BIT).await;
    assert!(
        app.provider().call(&id).unwrap()["ended"].is_null(),
        "the reconnect kept the call"
    );

    send(&mut socket, &JoinClientMessage::HangUp).await;
    let mut last = None;
    while let Some(frame) = next_frame(&mut socket).await {
        last = Some(frame);
    }
    assert_eq!(
        last,
        Some(JoinServerMessage::CallEnded {
            end_reason: "hangup".into()
        })
    );
    assert_eq!(app.provider().call(&id).unwrap()["endReason"], "hangup");
}

/// The provider's reconnect grace is 2 s.
pub const GRACE_AND_A_BIT: Duration = Duration::from_millis(2300);

#[tokio::test]
async fn closing_the_only_socket_ends_the_call_after_the_grace() {
    let app = TestApp::start().await;
    let call = app
        .create_call(&crate::helpers::call_body(&app.backend.url, "support"))
        .await;
    let id = call["callId"].as_str().unwrap().to_owned();
    let mut socket = connect(call["joinUrl"].as_str().unwrap()).await;
    until_agent_line(&mut socket).await;
    drop(socket);
    eventually("the call ends with hangup", || async {
        app.provider().call(&id).unwrap()["endReason"] == "hangup"
    })
    .await;
}

#[tokio::test]
async fn a_socket_on_an_ended_call_gets_the_transcript_and_the_end() {
    let app = TestApp::start().await;
    let call = app
        .create_call(&crate::helpers::call_body(&app.backend.url, "support"))
        .await;
    let id = call["callId"].as_str().unwrap().to_owned();
    app.provider().join(&id).await.unwrap();
    app.provider().end(&id, "system_error").await.unwrap();
    let mut socket = connect(call["joinUrl"].as_str().unwrap()).await;
    let mut frames = Vec::new();
    while let Some(f) = next_frame(&mut socket).await {
        frames.push(f);
    }
    assert_eq!(frames.len(), 3, "{frames:?}");
    assert_eq!(
        frames[2],
        JoinServerMessage::CallEnded {
            end_reason: "system_error".into()
        }
    );
    let unknown = tokio_tungstenite::connect_async(
        app.url("calls/00000000-0000-4000-8000-000000000000/join")
            .replace("http", "ws"),
    )
    .await;
    assert!(unknown.is_err(), "no socket for an unknown call");
}
