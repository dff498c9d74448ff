//! From the API to the sockets: subscribes to the notification and revocation channels on
//! Redis and acts on this process's own sockets.
//!
//! Every IM process receives every message (pub/sub fans out), so each one delivers to the
//! sockets it holds (`local()`): one copy per socket, whichever process the user is on.
//! Emitting never waits for a client: a socket whose queue is full loses the packet.

use std::time::Duration;

use futures_util::StreamExt;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::Value;
use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use tokio::sync::oneshot;

use super::connect::{token_room, user_room};
use crate::state::AppState;

/// `{"event", "room" | "user_id", "data"}` from `services::events`.
#[derive(Debug, Deserialize)]
struct Notice {
    event: String,
    room: Option<String>,
    user_id: Option<i64>,
    data: Value,
}

/// `{"user_id", "jtis"}` from `services::sessions` (`jtis` null = every token).
#[derive(Debug, Deserialize)]
struct Revocation {
    user_id: i64,
    jtis: Option<Vec<String>>,
}

/// Starts the relay; `ready` fires once the first subscription is in place.
pub fn spawn<A: Adapter>(state: AppState, io: SocketIo<A>, ready: oneshot::Sender<()>) {
    tokio::spawn(async move {
        let mut ready = Some(ready);
        let mut backoff = Duration::from_millis(100);
        loop {
            match run(&state, &io, &mut ready).await {
                Ok(()) => backoff = Duration::from_millis(100),
                Err(e) => {
                    log::warn!("realtime relay: {e:#}; resubscribing in {backoff:?}");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
            }
        }
    });
}

async fn run<A: Adapter>(
    state: &AppState,
    io: &SocketIo<A>,
    ready: &mut Option<oneshot::Sender<()>>,
) -> anyhow::Result<()> {
    let notify = state.keys.events_channel();
    let sessions = state.keys.session_events_channel();
    let client = redis::Client::open(state.settings.redis.url.expose_secret())?;
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.subscribe(&notify).await?;
    pubsub.subscribe(&sessions).await?;
    if let Some(tx) = ready.take() {
        let _ = tx.send(());
    }
    let mut messages = pubsub.on_message();
    while let Some(msg) = messages.next().await {
        let payload: String = match msg.get_payload() {
            Ok(p) => p,
            Err(e) => {
                log::warn!("realtime relay: unreadable message: {e}");
                continue;
            }
        };
        if msg.get_channel_name() == notify {
            deliver(io, &payload).await;
        } else {
            revoke(io, &payload).await;
        }
    }
    anyhow::bail!("the subscription ended")
}

async fn deliver<A: Adapter>(io: &SocketIo<A>, payload: &str) {
    let notice: Notice = match serde_json::from_str(payload) {
        Ok(n) => n,
        Err(e) => return log::warn!("realtime relay: bad notification: {e}"),
    };
    let Some(room) = notice.room.or(notice.user_id.map(user_room)) else {
        return log::warn!("realtime relay: notification without a recipient");
    };
    if let Err(e) = io
        .local()
        .to(room.clone())
        .emit(&notice.event, &notice.data)
        .await
    {
        log::debug!("realtime relay: {} to {room}: {e}", notice.event);
    }
}

async fn revoke<A: Adapter>(io: &SocketIo<A>, payload: &str) {
    let r: Revocation = match serde_json::from_str(payload) {
        Ok(r) => r,
        Err(e) => return log::warn!("realtime relay: bad revocation: {e}"),
    };
    let rooms: Vec<String> = match r.jtis {
        None => vec![user_room(r.user_id)],
        Some(jtis) if jtis.is_empty() => return,
        Some(jtis) => jtis.iter().map(|j| token_room(j)).collect(),
    };
    if let Err(e) = io.local().to(rooms).disconnect().await {
        log::debug!("realtime relay: disconnecting user {}: {e}", r.user_id);
    }
}
