//! A lean HTTP/1.1 client for closed-loop saturation runs: one hyper
//! connection per sender, requests built from bytes prepared in advance.
//!
//! reqwest (used everywhere else here) adds a pool, URL parsing and header
//! maps per request; at saturation that is CPU taken from the server on the
//! same two cores. The request is still ordinary HTTP/1.1 on keep-alive,
//! one at a time per connection (no pipelining).

use anyhow::Context;
use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, client::conn::http1::SendRequest};
use hyper_util::rt::TokioIo;

pub struct Conn {
    send: SendRequest<Full<Bytes>>,
    host: String,
}

impl Conn {
    /// Connects to `base` (`http://host:port`).
    pub async fn open(base: &str) -> anyhow::Result<Self> {
        let host = base
            .strip_prefix("http://")
            .context("base must be http://host:port")?
            .trim_end_matches('/')
            .to_owned();
        let tcp = tokio::net::TcpStream::connect(&host)
            .await
            .with_context(|| format!("connect {host}"))?;
        tcp.set_nodelay(true).context("TCP_NODELAY")?;
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .context("HTTP/1.1 handshake")?;
        tokio::spawn(conn);
        Ok(Self { send, host })
    }

    /// POSTs `body` with `headers`; true on a 2xx answer (read to the end).
    pub async fn post(&mut self, path: &str, headers: &[(&str, &str)], body: Bytes) -> bool {
        self.exchange(path, headers, body).await.is_some()
    }

    /// POSTs `body` with `headers`; the answer's body when it is a 2xx.
    pub async fn exchange(
        &mut self,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Option<Bytes> {
        let mut request = Request::post(path)
            .header("host", self.host.as_str())
            .header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Full::new(body)).ok()?;
        self.send.ready().await.ok()?;
        let res = self.send.send_request(request).await.ok()?;
        let ok = res.status().is_success();
        let body = res.into_body().collect().await.ok()?.to_bytes();
        ok.then_some(body)
    }
}
