//! Realtime (issue 10): Socket.IO for Engine.IO v3 (socket.io-client 2.x) and v4 clients,
//! long-polling and WebSocket, at `/socket.io/` and `/app/socket.io/`.
//!
//! - `gateway`: the Socket.IO service with its HTTP edge (paths, CORS, limits);
//! - `actix_bridge`: serves it on the API's own listener (the default `toutiao`);
//! - `standalone`: serves it alone (`toutiao serve --only im`);
//! - `connect`: identity, rooms and the chat event; `relay`: Redis -> sockets.
//!
//! Several IM processes share rooms through the socketioxide Redis adapter (RESP3).

pub mod actix_bridge;
pub mod connect;
pub mod gateway;
mod relay;
pub mod standalone;

use std::sync::Arc;
use std::time::Duration;

use secrecy::ExposeSecret;
use socketioxide::SocketIo;
use socketioxide_redis::{RedisAdapter, RedisAdapterConfig, RedisAdapterCtr};
use tokio::sync::oneshot;

pub use gateway::Gateway;

use crate::config::RealtimeSettings;
use crate::services::chatbot::{ChatBot, RuleBot};
use crate::state::AppState;

/// Starts Socket.IO with the rule-based 小智.
pub async fn start(state: &AppState) -> anyhow::Result<Gateway> {
    start_with(state, Arc::new(RuleBot::new(state.clone()))).await
}

/// Starts Socket.IO with `bot` answering chat messages: builds the engine, registers the
/// namespace, and returns once the relay listens to Redis (or after 3 s, still trying).
pub async fn start_with(state: &AppState, bot: Arc<dyn ChatBot>) -> anyhow::Result<Gateway> {
    let cfg = &state.settings.realtime;
    let builder = SocketIo::builder()
        .ping_interval(Duration::from_millis(cfg.ping_interval_ms))
        .ping_timeout(Duration::from_millis(cfg.ping_timeout_ms))
        .max_payload(cfg.max_payload)
        .ws_max_message_size(usize::try_from(cfg.max_payload).unwrap_or(usize::MAX))
        .max_buffer_size(cfg.max_buffer_size.max(1));
    let ctx = Arc::new(connect::Ctx {
        state: state.clone(),
        bot,
    });
    let (ready_tx, ready_rx) = oneshot::channel();
    let adapter = match cfg.adapter.as_str() {
        "redis" => {
            let cfg_adapter = RedisAdapterConfig::new().with_prefix(state.keys.socketio_adapter());
            match redis::Client::open(adapter_url(state, cfg)) {
                Ok(client) => RedisAdapterCtr::new_with_redis_config(&client, cfg_adapter)
                    .await
                    .map_err(anyhow::Error::new),
                Err(e) => Err(anyhow::Error::new(e)),
            }
        }
        "local" => Err(anyhow::anyhow!("the local adapter is configured")),
        other => anyhow::bail!("realtime.adapter must be \"redis\" or \"local\", not {other:?}"),
    };
    let gateway = match adapter {
        Ok(ctr) => {
            let (svc, io) = builder.with_adapter::<RedisAdapter<_>>(ctr).build_svc();
            connect::register(&io, ctx).await?;
            relay::spawn(state.clone(), io, ready_tx);
            Gateway::new(svc, cfg)
        }
        Err(e) => {
            if cfg.adapter != "local" {
                // Notifications and disconnects still reach every process (each relays
                // from Redis pub/sub); only rooms are no longer shared.
                log::warn!("realtime: Redis adapter unavailable ({e:#}); rooms are per process");
            }
            let (svc, io) = builder.build_svc();
            connect::register(&io, ctx);
            relay::spawn(state.clone(), io, ready_tx);
            Gateway::new(svc, cfg)
        }
    };
    if !matches!(
        tokio::time::timeout(Duration::from_secs(3), ready_rx).await,
        Ok(Ok(()))
    ) {
        log::warn!("realtime: not subscribed to Redis yet; notifications wait until it is");
    }
    Ok(gateway)
}

/// The adapter's RESP3 URL: configured, or `redis.url` with `protocol=resp3`.
fn adapter_url(state: &AppState, cfg: &RealtimeSettings) -> String {
    let configured = cfg.adapter_url.expose_secret();
    if !configured.is_empty() {
        return configured.to_owned();
    }
    let base = state.settings.redis.url.expose_secret();
    if base.contains("protocol=") {
        base.to_owned()
    } else if base.contains('?') {
        format!("{base}&protocol=resp3")
    } else {
        format!("{base}?protocol=resp3")
    }
}
