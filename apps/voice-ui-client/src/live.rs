//! A live event stream that survives network drops: it reconnects with
//! `?since=<last seq>` (so nothing is lost or repeated) and backs off
//! 1, 2, 4 … 10 s between attempts, reporting its state to the page.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use futures::StreamExt;
use gloo_net::websocket::{Message, State, futures::WebSocket};
use voice_types::{EventFrame, LiveEvent};

use crate::browser::sleep_ms;

/// How the stream is doing, for the page's status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Open,
    /// Lost; the next attempt is in `in_seconds`.
    Retrying {
        attempt: u32,
        in_seconds: u32,
    },
    Closed,
}

/// What the handler wants after a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Stops a stream from outside (the page left, the call ended).
#[derive(Debug, Clone, Default)]
pub struct StopHandle(Arc<AtomicBool>);

impl StopHandle {
    pub fn stop(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn stopped(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Follows the stream at `url(since)` until the handler says stop or the
/// handle is stopped. `since` starts at `start_after` (`None`: live events
/// only, until the first frame gives a number to resume from).
pub async fn follow(
    url: impl Fn(Option<u64>) -> String,
    start_after: Option<u64>,
    stop: StopHandle,
    mut on_link: impl FnMut(Link),
    mut on_frame: impl FnMut(EventFrame) -> Flow,
) {
    let mut since = start_after;
    let mut attempt: u32 = 0;
    while !stop.stopped() {
        on_link(Link::Connecting);
        if let Ok(socket) = WebSocket::open(&url(since))
            && opened(&socket).await
        {
            attempt = 0;
            on_link(Link::Open);
            let (_write, mut read) = socket.split();
            while let Some(message) = read.next().await {
                if stop.stopped() {
                    on_link(Link::Closed);
                    return;
                }
                let text = match message {
                    Ok(Message::Text(text)) => text,
                    Ok(Message::Bytes(_)) => continue,
                    Err(_) => break,
                };
                let Ok(frame) = serde_json::from_str::<EventFrame>(&text) else {
                    continue;
                };
                match &frame.event {
                    LiveEvent::Resync { latest_seq, .. } => since = Some(*latest_seq),
                    _ if frame.seq > since.unwrap_or(0) => since = Some(frame.seq),
                    _ => {}
                }
                if on_frame(frame) == Flow::Stop {
                    on_link(Link::Closed);
                    return;
                }
            }
        }
        if stop.stopped() {
            break;
        }
        attempt += 1;
        let in_seconds = backoff_seconds(attempt);
        on_link(Link::Retrying {
            attempt,
            in_seconds,
        });
        sleep_ms(in_seconds * 1000).await;
    }
    on_link(Link::Closed);
}

/// Waits (up to 10 s) for the socket to open; false when it failed.
async fn opened(socket: &WebSocket) -> bool {
    for _ in 0..200 {
        match socket.state() {
            State::Open => return true,
            State::Connecting => sleep_ms(50).await,
            State::Closing | State::Closed => return false,
        }
    }
    false
}

/// 1, 2, 4, 8, 10, 10 … seconds.
pub fn backoff_seconds(attempt: u32) -> u32 {
    2u32.saturating_pow(attempt.saturating_sub(1)).min(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_then_caps() {
        let waits: Vec<u32> = (1..=6).map(backoff_seconds).collect();
        assert_eq!(waits, [1, 2, 4, 8, 10, 10]);
    }
}
