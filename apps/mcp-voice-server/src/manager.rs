//! The session manager's HTTP API, as the business tools need it.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// A failed call, with what the session manager said.
#[derive(Debug, thiserror::Error)]
pub enum ManagerError {
    #[error("the session manager refused the request ({status}): {message}")]
    Refused {
        status: u16,
        field: Option<String>,
        message: String,
    },
    #[error("the session manager is unreachable")]
    Unreachable(#[source] reqwest::Error),
}

#[derive(Clone)]
pub struct SessionManager {
    http: reqwest::Client,
    base: url::Url,
    token: String,
}

impl SessionManager {
    pub fn new(base: url::Url, token: String) -> Self {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        Self { http, base, token }
    }

    pub async fn get<R: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<R, ManagerError> {
        let mut url = url::Url::parse(&self.url(path)).map_err(|e| ManagerError::Refused {
            status: 0,
            field: None,
            message: format!("bad session manager URL: {e}"),
        })?;
        url.query_pairs_mut()
            .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        let res = self.http.get(url).bearer_auth(&self.token).send().await;
        Self::answer(res).await
    }

    pub async fn post<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, ManagerError> {
        self.send_json(reqwest::Method::POST, path, body).await
    }

    pub async fn put<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, ManagerError> {
        self.send_json(reqwest::Method::PUT, path, body).await
    }

    async fn send_json<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &B,
    ) -> Result<R, ManagerError> {
        let res = self
            .http
            .request(method, self.url(path))
            .json(body)
            .bearer_auth(&self.token)
            .send()
            .await;
        Self::answer(res).await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.as_str().trim_end_matches('/'), path)
    }

    async fn answer<R: DeserializeOwned>(
        res: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<R, ManagerError> {
        let res = res.map_err(ManagerError::Unreachable)?;
        let status = res.status().as_u16();
        if (200..300).contains(&status) {
            return res.json::<R>().await.map_err(ManagerError::Unreachable);
        }
        let body: Value = res.json().await.unwrap_or(Value::Null);
        Err(ManagerError::Refused {
            status,
            field: body["error"]["field"].as_str().map(str::to_owned),
            message: body["error"]["message"]
                .as_str()
                .unwrap_or("no message")
                .to_owned(),
        })
    }
}
