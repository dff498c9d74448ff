//! The default namespace: who a socket is (checked before it connects), the rooms it joins,
//! and the `message` chat event.
//!
//! Rooms: `<user id>` for a valid access token (every device of the user), `jti:<token id>`
//! (so revoking one token finds its sockets), and `anon:<a>` for an anonymous id. Anonymous
//! rooms are namespaced so that `a=<someone's user id>` cannot receive their notifications.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};
use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide_core::adapter::DefinedAdapter;

use crate::errors::UNAVAILABLE_TEXT;
use crate::guards::MaybeUser;
use crate::services::chatbot::ChatBot;
use crate::services::identity::{self, AuthState};
use crate::state::AppState;

/// Longest anonymous id kept (a room name, so bounded).
const MAX_ANON_ID: usize = 128;

/// What the connect check learnt, kept on the socket.
#[derive(Debug, Clone)]
pub struct Peer {
    pub user_id: Option<i64>,
    pub jti: Option<String>,
    pub anon: Option<String>,
}

/// Room of a user's sockets.
pub fn user_room(user_id: i64) -> String {
    user_id.to_string()
}

/// Room of the sockets opened with one token.
pub fn token_room(jti: &str) -> String {
    format!("jti:{jti}")
}

/// What the namespace handlers share.
pub struct Ctx {
    pub state: AppState,
    pub bot: Arc<dyn ChatBot>,
}

/// Registers the default namespace (a future to await with a remote adapter).
pub fn register<A: Adapter + DefinedAdapter>(io: &SocketIo<A>, ctx: Arc<Ctx>) -> A::InitRes {
    let check_ctx = ctx.clone();
    let check = move |s: SocketRef<A>| {
        let ctx = check_ctx.clone();
        async move { authenticate(&ctx.state, &s).await }
    };
    let on_connect = move |s: SocketRef<A>| {
        let ctx = ctx.clone();
        async move { connected(ctx, s) }
    };
    io.ns("/", on_connect.with(check))
}

/// Query parameter `name` of the handshake request.
fn query_param(s: &SocketRef<impl Adapter>, name: &str) -> Option<String> {
    let query = s.req_parts().uri.query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// `token=<jwt>` in the query, else `Authorization: Bearer <jwt>` (non-browser clients).
fn token_of(s: &SocketRef<impl Adapter>) -> Option<String> {
    query_param(s, "token").or_else(|| {
        let h = s.req_parts().headers.get(http::header::AUTHORIZATION)?;
        let v = h.to_str().ok()?;
        v.strip_prefix("Bearer ").map(str::to_owned)
    })
}

/// The connect middleware: a present token must be a live access token of an enabled user;
/// the refusal says why, with the texts of the REST guards.
async fn authenticate<A: Adapter>(state: &AppState, s: &SocketRef<A>) -> Result<(), String> {
    let anon = query_param(s, "a").map(|a| a.chars().take(MAX_ANON_ID).collect());
    let Some(token) = token_of(s) else {
        s.extensions.insert(Peer {
            user_id: None,
            jti: None,
            anon,
        });
        return Ok(());
    };
    let auth = match identity::resolve(state, &token).await {
        Ok(AuthState::Unverifiable) | Err(_) => return Err(UNAVAILABLE_TEXT.to_owned()),
        Ok(auth) => auth,
    };
    match MaybeUser::from_state(auth) {
        Ok(MaybeUser(Some(user_id))) => {
            let jti = state.tokens.verify(&token).ok().map(|c| c.jti);
            s.extensions.insert(Peer {
                user_id: Some(user_id),
                jti,
                anon: None,
            });
            Ok(())
        }
        Ok(MaybeUser(None)) => Err(UNAVAILABLE_TEXT.to_owned()),
        Err(e) => Err(e.client_text()),
    }
}

fn connected<A: Adapter>(ctx: Arc<Ctx>, s: SocketRef<A>) {
    let peer = s.extensions.get::<Peer>();
    let user_id = peer.as_ref().and_then(|p| p.user_id);
    if let Some(p) = &peer {
        let mut rooms = Vec::new();
        if let Some(id) = p.user_id {
            rooms.push(user_room(id));
        }
        if let Some(jti) = &p.jti {
            rooms.push(token_room(jti));
        }
        if let Some(a) = &p.anon {
            rooms.push(format!("anon:{a}"));
        }
        s.join(rooms);
    }
    s.on(
        "message",
        move |s: SocketRef<A>, TryData(data): TryData<Value>| {
            let ctx = ctx.clone();
            async move {
                let text = match data {
                    Ok(v) => chat_text(v),
                    Err(_) => String::new(),
                };
                let reply = ctx.bot.reply(user_id, &text).await;
                let body =
                    json!({ "msg": reply, "timestamp": chrono::Utc::now().timestamp_millis() });
                if let Err(e) = s.emit("message", &body) {
                    log::debug!("chat reply to {} not sent: {e}", s.id);
                }
            }
        },
    );
}

#[derive(Deserialize)]
struct ChatIn {
    msg: Value,
}

/// The text of a `message`: `{msg, timestamp}` as the client sends it, or a bare string.
fn chat_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => match serde_json::from_value::<ChatIn>(other) {
            Ok(ChatIn {
                msg: Value::String(s),
            }) => s,
            Ok(ChatIn { msg }) if !msg.is_null() => msg.to_string(),
            _ => String::new(),
        },
    }
}
