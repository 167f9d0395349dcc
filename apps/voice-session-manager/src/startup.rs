//! Builds the application from a [`Config`]: stores (memory or Redis), the
//! event hub, background tasks and the router; then serves it until Ctrl-C
//! or SIGTERM, closing WebSockets with a close frame.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use base64::Engine;
use fred::prelude::{Builder, ClientLike, Config as RedisConfig, ReconnectPolicy};
use rand::RngCore;
use tokio::{net::TcpListener, sync::Notify};
use tokio_util::sync::CancellationToken;

use voice_domain::catalog::Catalog;

use crate::{
    business::{BusinessBackend, EmbeddedBackend, Rules, shared_log::SharedLog},
    capacity::{Capacity, LeaseTimes, MemoryCapacity, RedisCapacity},
    config::{Config, Secret},
    events::{self, EventBus, Hub, RedisEvents},
    maintenance, routes,
    state::{AppState, LocalSessions, Shared},
    store::{MemoryStore, RedisStore, SessionStore},
    telemetry,
};

/// A built application, bound to its port but not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    addr: SocketAddr,
}

impl Application {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Cancel this to stop the server gracefully.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.state.shutdown.clone()
    }

    /// Serves until the shutdown token is cancelled.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let state = self.state.clone();
        let maintenance = tokio::spawn(maintenance::run(state.clone()));
        if let Some(voice) = state.voice.clone().filter(|v| v.local.is_some()) {
            tokio::spawn(crate::voice::register_local_webhook(voice));
        }
        let app = routes::router(state.clone());
        let shutdown = state.shutdown.clone();
        // Small WebSocket frames must not wait for Nagle's algorithm.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
        .context("server failed")?;
        maintenance.abort();
        Ok(())
    }
}

/// Connects the stores and binds the listener.
pub async fn build(config: Config) -> anyhow::Result<Application> {
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("failed to bind {}", config.bind))?;
    let addr = listener
        .local_addr()
        .context("failed to read the bound address")?;
    let staff_token = match &config.staff_token {
        Some(token) => token.clone(),
        None => {
            let token = random_token();
            println!(
                "staff token (generated for this run; set STAFF_TOKEN to choose one): {token}"
            );
            if config.redis_url.is_some() {
                tracing::warn!(
                    "STAFF_TOKEN is unset in Redis mode: every instance will have a different staff token"
                );
            }
            Secret::new(token)
        }
    };
    let instance_id: Arc<str> = config
        .instance_id
        .clone()
        .unwrap_or_else(|| format!("vsm-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]))
        .into();
    let hub = Arc::new(Hub::new(
        config.replay_session_events,
        config.replay_staff_events,
        config.ws_max_lag,
    ));
    let leases = LeaseTimes {
        slot_ms: config.capacity_lease.as_millis() as u64,
        queue_grace_ms: config.queue_disconnect_grace.as_millis() as u64,
        queue_max_wait_ms: config.queue_max_wait.as_millis() as u64,
    };
    let shutdown = CancellationToken::new();
    let (store, capacity, bus, redis) = match &config.redis_url {
        None => (
            SessionStore::Memory(MemoryStore::default()),
            Capacity::Memory(MemoryCapacity::new(leases)),
            EventBus::Memory,
            None,
        ),
        Some(url) => {
            let (client, subscriber) = connect_redis(url).await?;
            let sub_hub = hub.clone();
            tokio::spawn(async move {
                if let Err(err) = events::run_subscriber(subscriber, sub_hub).await {
                    tracing::error!(error = %err, "event subscriber stopped");
                }
            });
            (
                SessionStore::Redis(RedisStore::new(client.clone())),
                Capacity::Redis(RedisCapacity::new(client.clone(), leases)),
                EventBus::Redis(RedisEvents::new(
                    client.clone(),
                    config.replay_session_events,
                    config.replay_staff_events,
                    config.ended_session_ttl,
                )),
                Some(client),
            )
        }
    };
    let rules = Arc::new(Rules::new(
        Catalog::demo().clone(),
        config.support_staff.clone(),
    )?);
    let mut embedded = if config.data_dir.as_os_str() == ":memory:" {
        EmbeddedBackend::in_memory(rules.clone())?
    } else {
        EmbeddedBackend::open(&config.data_dir, rules.clone())?
    };
    if let Some(client) = redis {
        // Every instance's store is a replica of one shared log in Redis.
        embedded = embedded.shared(Arc::new(SharedLog::new(client, instance_id.clone())));
    }
    let erpnext = match &config.erpnext_url {
        None => None,
        Some(url) => {
            embedded = embedded.forwarding();
            let secret = config
                .erpnext_api_secret
                .as_ref()
                .map(|s| s.expose().to_owned())
                .context("ERPNEXT_API_SECRET is required with ERPNEXT_URL")?;
            let client = voice_erpnext::ErpNextClient::new(voice_erpnext::ErpNextConfig {
                base_url: url.clone(),
                api_key: config.erpnext_api_key.clone(),
                api_secret: secret,
                timeout: config.erpnext_timeout,
                // The outbox retries with its own backoff; one attempt per pass.
                max_attempts: 1,
                base_backoff: Duration::from_millis(200),
            })
            .context("failed to configure the ERPNext client")?;
            Some(client)
        }
    };
    let embedded = Arc::new(embedded);
    tokio::spawn(crate::business::prune::run(
        embedded.clone(),
        config.idempotency_retention,
        shutdown.clone(),
    ));
    if embedded.shared_log().is_some() {
        tokio::spawn(crate::business::shared_log::run_compactor(
            embedded.clone(),
            config.shared_log_compact_interval,
            config.shared_log_retain,
            shutdown.clone(),
        ));
    }
    if let Some(client) = erpnext {
        if embedded.shared_log().is_some() {
            tokio::spawn(crate::business::forwarder::run_shared(
                embedded.clone(),
                client,
                shutdown.clone(),
            ));
        } else {
            tokio::spawn(crate::business::forwarder::run(
                embedded.clone(),
                client,
                shutdown.clone(),
            ));
        }
        tracing::info!("ERPNext is the system of record: effects are delivered through the outbox");
    }
    let business: Arc<dyn BusinessBackend> = embedded.clone();
    let voice = crate::voice::setup(&config, addr)?.map(Arc::new);
    match &voice {
        None => tracing::info!("voice calls are off (VOICE_PROVIDER=off): sessions only"),
        Some(v) if v.local.is_some() => tracing::info!(
            "voice calls: the LOCAL provider (offline text agent), joined at {}local-voice/; set ULTRAVOX_API_KEY for real voice",
            crate::voice::public_base(&config, addr)
        ),
        Some(v) => tracing::info!(tools = %v.public_base, "voice calls: Ultravox"),
    }
    let state = AppState::new(Shared {
        config: Arc::new(config),
        store: Arc::new(store),
        capacity: Arc::new(capacity),
        bus: Arc::new(bus),
        hub,
        staff_token: Arc::new(staff_token),
        business,
        embedded: Some(embedded),
        rules,
        instance_id,
        local: Arc::new(LocalSessions::default()),
        metrics: telemetry::prometheus(),
        shutdown,
        kick: Arc::new(Notify::new()),
        voice,
    });
    Ok(Application {
        listener,
        state,
        addr,
    })
}

async fn connect_redis(
    url: &str,
) -> anyhow::Result<(fred::prelude::Client, fred::clients::SubscriberClient)> {
    let redis_config =
        RedisConfig::from_url(url).with_context(|| format!("invalid REDIS_URL `{url}`"))?;
    let builder = || {
        let mut b = Builder::from_config(redis_config.clone());
        b.with_connection_config(|c| {
            c.connection_timeout = Duration::from_secs(5);
            // Commands are small and pipelined: never hold one back for
            // Nagle's algorithm while an earlier one awaits its ACK.
            c.tcp.nodelay = Some(true);
        })
        .with_performance_config(|p| p.broadcast_channel_capacity = 4096)
        .set_policy(ReconnectPolicy::new_exponential(0, 100, 5_000, 2));
        b
    };
    let client = builder()
        .build()
        .context("failed to configure the redis client")?;
    tokio::time::timeout(Duration::from_secs(10), client.init())
        .await
        .context("timed out connecting to redis")?
        .context("failed to connect to redis")?;
    let subscriber = builder()
        .build_subscriber_client()
        .context("failed to configure the redis subscriber")?;
    tokio::time::timeout(Duration::from_secs(10), subscriber.init())
        .await
        .context("timed out connecting the redis subscriber")?
        .context("failed to connect the redis subscriber")?;
    Ok((client, subscriber))
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
