//! Voice calls: when a session gets a call slot, create its call at the
//! provider (Ultravox, or the local provider speaking the same API), attach
//! the `joinUrl` to the session and tell the caller; when a session ends
//! early, hang the call up; when the provider says the call ended, fetch the
//! transcript and record the finished session.
//!
//! The provider's API key and our tool secret stay in this process; the
//! browser only ever receives the `joinUrl`.

pub mod call_request;
pub mod finish;
pub mod normalize;
pub mod reconcile;

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use voice_domain::extract::Extractor;
use voice_types::{LiveEvent, SessionId, SessionView};
use voice_ultravox::{
    client::{ClientConfig, UltravoxClient},
    types::CreateWebhookRequest,
};

use crate::{
    config::{Config, Secret, VoiceProviderKind},
    error::ApiError,
    events::{STAFF_STREAM, session_stream},
    state::AppState,
    store::Cas,
};

/// The voice provider in use and what talking to it takes.
pub struct VoiceService {
    pub kind: VoiceProviderKind,
    pub client: UltravoxClient,
    /// Sent by the provider on every tool request (header `X-Voice-Tool-Secret`).
    pub tool_secret: Secret,
    /// Secrets webhooks are signed with (any one matching is enough).
    pub webhook_secrets: Vec<String>,
    /// Where the provider reaches our tools and webhooks: PUBLIC_BASE_URL
    /// for Ultravox, this instance's own address for the local provider.
    pub public_base: url::Url,
    /// The in-process local provider, when it is the provider.
    pub local: Option<voice_local::LocalProvider>,
    pub extractor: Extractor,
}

impl VoiceService {
    /// `local` or `ultravox`, as the UI is told.
    pub fn provider_name(&self) -> &'static str {
        match self.kind {
            VoiceProviderKind::Local => "local",
            _ => "ultravox",
        }
    }

    /// Our webhook URL.
    pub fn webhook_url(&self) -> url::Url {
        self.public_base
            .join("webhooks/ultravox")
            .unwrap_or_else(|_| self.public_base.clone())
    }
}

impl std::fmt::Debug for VoiceService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceService")
            .field("kind", &self.kind)
            .field("public_base", &self.public_base.as_str())
            .finish_non_exhaustive()
    }
}

/// The provider `config` asks for: `ultravox` when a key is set, else `local`.
pub fn provider_kind(config: &Config) -> VoiceProviderKind {
    match config.voice.voice_provider {
        Some(kind) => kind,
        None if config.voice.ultravox_api_key.is_some() => VoiceProviderKind::Ultravox,
        None => VoiceProviderKind::Local,
    }
}

/// Where the provider reaches us: PUBLIC_BASE_URL, or the bound address.
pub fn public_base(config: &Config, addr: SocketAddr) -> url::Url {
    if let Some(url) = &config.public_base_url {
        let mut url = url.clone();
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        return url;
    }
    own_base(addr)
}

/// This instance's own address (loopback when bound to every interface).
fn own_base(addr: SocketAddr) -> url::Url {
    let host = if addr.ip().is_unspecified() {
        format!("127.0.0.1:{}", addr.port())
    } else {
        addr.to_string()
    };
    url::Url::parse(&format!("http://{host}/")).unwrap_or_else(|_| {
        // An IP and a port always make a valid URL.
        url::Url::parse("http://127.0.0.1:3001/").unwrap_or_else(|_| unreachable!())
    })
}

/// Sets up the voice provider, or `None` when voice calls are off.
pub fn setup(config: &Config, addr: SocketAddr) -> anyhow::Result<Option<VoiceService>> {
    let kind = provider_kind(config);
    let public_base = public_base(config, addr);
    let voice = &config.voice;
    let tool_secret = voice
        .voice_tool_secret
        .clone()
        .unwrap_or_else(|| Secret::new(crate::startup::random_token()));
    let extractor = Extractor::new(voice_domain::catalog::Catalog::demo());
    match kind {
        VoiceProviderKind::Off => Ok(None),
        VoiceProviderKind::Ultravox => {
            let key = voice.ultravox_api_key.as_ref().context(
                "VOICE_PROVIDER=ultravox needs ULTRAVOX_API_KEY (or unset VOICE_PROVIDER to use the local provider)",
            )?;
            if voice.ultravox_webhook_secrets.is_empty() {
                anyhow::bail!(
                    "ULTRAVOX_WEBHOOK_SECRETS is required with Ultravox: the secret(s) of the webhook registered with `voice-session-manager register-webhook`"
                );
            }
            if config.public_base_url.is_none() {
                tracing::warn!(
                    "PUBLIC_BASE_URL is unset: Ultravox will be told to call tools at {public_base}, which it can only reach if that address is public"
                );
            }
            let client = UltravoxClient::new(ClientConfig {
                base_url: voice.ultravox_base_url.clone(),
                api_key: key.expose().to_owned(),
                timeout: Duration::from_secs(10),
                max_retries: 3,
            })
            .context("failed to configure the Ultravox client")?;
            Ok(Some(VoiceService {
                kind,
                client,
                tool_secret,
                webhook_secrets: voice
                    .ultravox_webhook_secrets
                    .iter()
                    .map(|s| s.expose().to_owned())
                    .collect(),
                public_base,
                local: None,
                extractor,
            }))
        }
        VoiceProviderKind::Local => {
            let key = crate::startup::random_token();
            // Browsers join at the public address; everything between us
            // and the provider in this process (its API, its webhooks, its
            // tool calls) stays on this instance's own address, so behind a
            // load balancer none of it lands on another instance, whose
            // provider knows neither this key nor these calls.
            let join_base = public_base
                .join("local-voice/")
                .context("failed to build the local provider's URL")?;
            let own = own_base(addr);
            let mut local_config = voice_local::LocalConfig::new(key.clone(), join_base);
            local_config.agent_turn_delay = voice.local_voice_turn_delay;
            let local = voice_local::LocalProvider::new(local_config);
            let client = UltravoxClient::new(ClientConfig {
                base_url: own
                    .join("local-voice/api/")
                    .context("failed to build the local provider's API URL")?,
                api_key: key,
                timeout: Duration::from_secs(10),
                max_retries: 3,
            })
            .context("failed to configure the client for the local provider")?;
            let mut secrets: Vec<String> = voice
                .ultravox_webhook_secrets
                .iter()
                .map(|s| s.expose().to_owned())
                .collect();
            if secrets.is_empty() {
                secrets.push(crate::startup::random_token());
            }
            Ok(Some(VoiceService {
                kind,
                client,
                tool_secret,
                webhook_secrets: secrets,
                public_base: own,
                local: Some(local),
                extractor,
            }))
        }
    }
}

/// Registers our webhook with the in-process local provider (it starts
/// without any, like a fresh Ultravox account). Retries until the server
/// answers.
pub async fn register_local_webhook(voice: Arc<VoiceService>) {
    let request = CreateWebhookRequest {
        url: voice.webhook_url().to_string(),
        events: webhook_events(),
        secrets: voice.webhook_secrets.clone(),
        agent_id: None,
    };
    for attempt in 0..50u32 {
        match voice.client.create_webhook(&request).await {
            Ok(hook) => {
                tracing::info!(url = %hook.url, "local voice provider: webhook registered");
                return;
            }
            Err(err) => {
                tracing::debug!(attempt, error = %err, "local voice provider not answering yet");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    tracing::error!(
        "could not register the webhook with the local voice provider: calls will not end"
    );
}

/// The events we subscribe to.
pub fn webhook_events() -> Vec<String> {
    ["call.started", "call.joined", "call.ended", "call.billed"]
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The key of the call id → session id index.
pub fn call_key(call_id: &str) -> String {
    format!("call:{call_id}")
}

/// The key marking a session whose caller asked for a person.
pub fn handoff_key(session_id: &SessionId) -> String {
    format!("handoff:{session_id}")
}

/// Creates the session's call in the background (a session just got a slot).
pub fn spawn_call(state: &AppState, view: &SessionView) {
    let Some(voice) = state.voice.clone() else {
        return;
    };
    let state = state.clone();
    let view = view.clone();
    tokio::spawn(async move {
        if let Err(err) = start_call(&state, &voice, &view).await {
            let reason = format!("the voice call could not be started: {err}");
            tracing::error!(session_id = %view.session_id, error = %err, "could not create the call");
            metrics::counter!("vsm_calls_failed_to_start_total").increment(1);
            if let Err(err) = crate::sessions::transition(
                &state,
                &view.session_id,
                voice_types::SessionStatus::Failed,
                Some(reason),
            )
            .await
            {
                tracing::debug!(session_id = %view.session_id, error = %err, "session already moved on");
            }
        }
    });
}

async fn start_call(
    state: &AppState,
    voice: &VoiceService,
    view: &SessionView,
) -> Result<(), ApiError> {
    let request = call_request::create_call_request(
        view,
        &state.rules.catalog,
        &state.config.voice,
        &voice.public_base,
        voice.tool_secret.expose(),
    );
    let started = std::time::Instant::now();
    let call = voice
        .client
        .create_call(&request)
        .await
        .map_err(|e| ApiError::Upstream(format!("creating the call: {e}")))?;
    metrics::histogram!("vsm_call_create_seconds").record(started.elapsed().as_secs_f64());
    let join_url = call.join_url.clone().ok_or_else(|| {
        ApiError::Upstream(format!(
            "the provider created call {} without a joinUrl",
            call.call_id
        ))
    })?;
    state
        .store
        .put_value(
            &call_key(&call.call_id),
            view.session_id.as_str(),
            state.config.session_ttl,
        )
        .await?;
    // Attach the call to the session, unless the session ended meanwhile.
    for _ in 0..8 {
        let Some(record) = state.store.get(&view.session_id).await? else {
            hang_up(voice, &call.call_id).await;
            return Ok(());
        };
        if record.view.status.is_terminal() {
            hang_up(voice, &call.call_id).await;
            return Ok(());
        }
        let mut updated = record.view.clone();
        updated.call_id = Some(call.call_id.clone());
        updated.join_url = Some(join_url.clone());
        updated.voice_provider = Some(voice.provider_name().to_owned());
        match state
            .store
            .compare_and_set(record.view.status, &updated, state.config.session_ttl)
            .await?
        {
            Cas::Updated => {
                tracing::info!(session_id = %view.session_id, call_id = %call.call_id, "call created");
                let event = LiveEvent::CallReady {
                    session_id: view.session_id.clone(),
                    join_url: Some(join_url),
                    provider: Some(voice.provider_name().to_owned()),
                };
                let stream = session_stream(&view.session_id);
                state
                    .bus
                    .publish_all(&state.hub, &[&stream, STAFF_STREAM], &event)
                    .await?;
                return Ok(());
            }
            Cas::Missing => {
                hang_up(voice, &call.call_id).await;
                return Ok(());
            }
            Cas::Raced(_) => continue,
        }
    }
    Err(ApiError::Conflict(format!(
        "session {} kept changing while its call was attached",
        view.session_id
    )))
}

/// Ends a live call at the provider (the session ended on our side).
pub async fn hang_up(voice: &VoiceService, call_id: &str) {
    match voice
        .client
        .hang_up(call_id, Some("This call has been ended. Goodbye!"))
        .await
    {
        Ok(true) => tracing::info!(call_id, "call hung up"),
        Ok(false) => tracing::debug!(call_id, "call was already over"),
        Err(err) => tracing::warn!(call_id, error = %err, "could not hang up the call"),
    }
}

/// `voice-session-manager register-webhook`: creates our webhook at
/// Ultravox, or updates the one already registered for the same URL, and
/// prints what to put in ULTRAVOX_WEBHOOK_SECRETS.
pub async fn register_webhook(config: &Config, url: Option<url::Url>) -> anyhow::Result<()> {
    let key = config
        .voice
        .ultravox_api_key
        .as_ref()
        .context("register-webhook needs ULTRAVOX_API_KEY")?;
    let url = match url {
        Some(url) => url,
        None => config
            .public_base_url
            .as_ref()
            .context("give --url, or set PUBLIC_BASE_URL to the address Ultravox can reach")?
            .join("webhooks/ultravox")
            .context("PUBLIC_BASE_URL cannot take a path")?,
    };
    let client = UltravoxClient::new(ClientConfig {
        base_url: config.voice.ultravox_base_url.clone(),
        api_key: key.expose().to_owned(),
        timeout: Duration::from_secs(15),
        max_retries: 3,
    })
    .context("failed to configure the Ultravox client")?;
    let request = CreateWebhookRequest {
        url: url.to_string(),
        events: webhook_events(),
        secrets: config
            .voice
            .ultravox_webhook_secrets
            .iter()
            .map(|s| s.expose().to_owned())
            .collect(),
        agent_id: None,
    };
    let existing = client
        .list_webhooks()
        .await
        .context("listing the account's webhooks")?
        .into_iter()
        .find(|w| w.url == request.url);
    let hook = match existing {
        Some(w) => {
            println!("updating webhook {} for {}", w.webhook_id, w.url);
            client
                .update_webhook(&w.webhook_id, &request)
                .await
                .context("updating the webhook")?
        }
        None => {
            println!("creating a webhook for {url}");
            client
                .create_webhook(&request)
                .await
                .context("creating the webhook")?
        }
    };
    println!(
        "webhook {} → {} (events: {})",
        hook.webhook_id,
        hook.url,
        hook.events.join(", ")
    );
    if request.secrets.is_empty() {
        println!(
            "Ultravox generated the signing secret; set it for every instance:\n  ULTRAVOX_WEBHOOK_SECRETS={}",
            hook.secrets.join(",")
        );
    }
    Ok(())
}
