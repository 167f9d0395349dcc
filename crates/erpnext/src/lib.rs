//! Typed client for the ERPNext side of the session manager: the contract of
//! `shared/ref/erpnext-api.md` between us and the `voice_agent` and
//! `business_workflows` Frappe apps.
//!
//! `ErpNextClient` speaks Frappe v15's REST conventions: token auth, JSON
//! bodies posted to `/api/method/<dotted.path>`, reads as GET with a query
//! string, the `{"message": ...}` envelope, and errors told apart by
//! `exc_type` (`ErpError`). It retries only what the contract allows: 429,
//! 5xx and connection failures, and only for calls carrying an idempotency
//! key. It holds no business rules (those are `voice-domain`'s) and keeps no
//! state beyond its connection pool.
//!
//! ```no_run
//! # async fn demo() -> Result<(), voice_erpnext::ErpError> {
//! use std::time::Duration;
//! use voice_erpnext::{ErpNextClient, ErpNextConfig};
//!
//! let client = ErpNextClient::new(ErpNextConfig {
//!     base_url: url::Url::parse("https://erp.example.org/").expect("url"),
//!     api_key: "key".into(),
//!     api_secret: "secret".into(),
//!     timeout: Duration::from_secs(10),
//!     max_attempts: 4,
//!     base_backoff: Duration::from_millis(200),
//! })?;
//! let menu = client.get_menu(&Default::default()).await?;
//! # let _ = menu;
//! # Ok(())
//! # }
//! ```

mod client;
mod error;
mod method;
pub mod voice_agent;

pub use client::{ErpNextClient, ErpNextConfig};
pub use error::ErpError;
pub use method::{ContractMethod, HttpVerb};
pub use voice_agent::{
    AppendTranscriptRequest, AppendTranscriptResult, BusinessConfig, ConfigBusinessType,
    ErpChannel, ErpSessionStatus, ErpSessionType, LogInteractionRequest, LogInteractionResult,
    TranscriptMedium, TranscriptMessage, TranscriptSpeaker, UpsertSessionRequest,
    UpsertSessionResult,
};
