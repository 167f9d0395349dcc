//! The session manager's HTTP API, as the browser calls it (gloo-net fetch).
//!
//! Every failure becomes an [`ApiError`] that says what happened in words a
//! customer or a member of staff can act on: unreachable, refused (with the
//! server's own message), or an answer we could not read.

use std::fmt;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};
use voice_types::{
    BusinessType, Channel, CreateSessionRequest, CreateSessionResponse, ErrorBody, SessionList,
    SessionView,
    business::{AppointmentView, OrderStatus, OrderView, TicketView},
    forms::DynamicForm,
};

use crate::{config::UiConfig, staff::model::Analytics};

/// Why a call to the session manager failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all (down, wrong URL, network, CORS).
    Unreachable,
    /// An answer with an error status and the server's error body.
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    /// A success status with a body we could not read.
    Unreadable(String),
}

impl ApiError {
    /// True for 401 and 403: the token was not accepted.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            Self::Refused {
                status: 401 | 403,
                ..
            }
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable => f.write_str("the session manager is unreachable"),
            Self::Refused { message, .. } => f.write_str(message),
            Self::Unreadable(why) => write!(
                f,
                "the session manager sent an answer we could not read ({why})"
            ),
        }
    }
}

/// A client for one session manager, with an optional bearer token (the
/// customer's session token or the staff token).
#[derive(Debug, Clone)]
pub struct Api {
    config: UiConfig,
    token: Option<String>,
}

impl Api {
    pub fn new(config: UiConfig, token: Option<String>) -> Self {
        Self { config, token }
    }

    /// `GET /health`: is the session manager there at all?
    pub async fn reachable(&self) -> bool {
        Request::get(&self.config.http("/health"))
            .send()
            .await
            .is_ok()
    }

    pub async fn create_session(
        &self,
        business_type: BusinessType,
        channel: Channel,
    ) -> Result<CreateSessionResponse, ApiError> {
        let body = CreateSessionRequest {
            business_type,
            customer_name: None,
            customer_phone: None,
            channel: Some(channel),
            metadata: None,
        };
        self.post("/api/sessions", &body).await
    }

    pub async fn session(&self, id: &str) -> Result<SessionView, ApiError> {
        self.get(&format!("/api/sessions/{id}")).await
    }

    pub async fn end_session(&self, id: &str) -> Result<SessionView, ApiError> {
        self.post(&format!("/api/sessions/{id}/end"), &serde_json::json!({}))
            .await
    }

    /// The caller's typed corrections: `{"fields": {"customer_name": "Kevin"}}`.
    pub async fn correct_form(
        &self,
        id: &str,
        fields: serde_json::Map<String, serde_json::Value>,
    ) -> Result<DynamicForm, ApiError> {
        self.post(
            &format!("/api/sessions/{id}/form"),
            &serde_json::json!({ "fields": fields }),
        )
        .await
    }

    pub async fn sessions(&self) -> Result<SessionList, ApiError> {
        self.get("/api/sessions?limit=100").await
    }

    pub async fn orders(&self) -> Result<Vec<OrderView>, ApiError> {
        self.get("/api/business/orders?limit=200").await
    }

    pub async fn move_order(
        &self,
        order_id: &str,
        status: OrderStatus,
    ) -> Result<OrderView, ApiError> {
        self.post(
            &format!("/api/business/orders/{order_id}/status"),
            &serde_json::json!({ "status": status }),
        )
        .await
    }

    pub async fn appointments(&self) -> Result<Vec<AppointmentView>, ApiError> {
        self.get("/api/business/appointments").await
    }

    pub async fn tickets(&self) -> Result<Vec<TicketView>, ApiError> {
        self.get("/api/business/tickets").await
    }

    pub async fn analytics(&self) -> Result<Analytics, ApiError> {
        self.get("/api/business/analytics").await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let request = self.authorize(Request::get(&self.config.http(path)));
        let response = request.send().await.map_err(|_| ApiError::Unreachable)?;
        read(response).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let request = self
            .authorize(Request::post(&self.config.http(path)))
            .json(body)
            .map_err(|e| ApiError::Unreadable(e.to_string()))?;
        let response = request.send().await.map_err(|_| ApiError::Unreachable)?;
        read(response).await
    }

    fn authorize(&self, request: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(token) => request.header("Authorization", &format!("Bearer {token}")),
            None => request,
        }
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| ApiError::Unreadable(e.to_string()));
    }
    let (code, message) = match response.json::<ErrorBody>().await {
        Ok(body) => (body.error.code, body.error.message),
        Err(_) => (
            "http_error".to_owned(),
            format!("the session manager answered {status}"),
        ),
    };
    Err(ApiError::Refused {
        status,
        code,
        message,
    })
}
