//! Socket.IO (S1, issue 10) with a real Engine.IO v4 client (rust_socketio): refusals,
//! notifications after the real HTTP actions, disconnects on ban and logout, two IM
//! processes. Chat, the Engine.IO v3 client, E50 and CORS: `realtime_clients.rs`.

use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::json;
use toutiao::services::tokens::{Claims, TokenKind};

use crate::fixtures_news::{Article, ban, token, user};
use crate::helpers::spawn_realtime_app;
use crate::sio::{connect_v4, joined_v4};

/// Long enough for a notification that should not come.
const QUIET: Duration = Duration::from_millis(400);

pub fn q(token: &str) -> String {
    format!("/socket.io/?token={token}")
}

pub async fn follow(app: &crate::helpers::TestApp, token: &str, target: i64) {
    let res = app
        .post_json(
            "/v1_0/user/followings",
            Some(token),
            &json!({ "target": target }),
        )
        .await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn following_notify_reaches_every_socket_of_the_user_and_nobody_else() {
    let app = spawn_realtime_app().await;
    let (a, a_tok) = user(&app);
    let (b, b_tok) = user(&app);
    let (_c, c_tok) = user(&app);
    let (_ws, mut b1) = joined_v4(&app.address, &q(&b_tok), true).await;
    let (_poll, mut b2) = joined_v4(&app.address, &format!("/app{}", q(&b_tok)), false).await;
    let (_cw, mut c1) = joined_v4(&app.address, &q(&c_tok), true).await;
    // Someone posing as user b through the anonymous id gets nothing either.
    let (_anon, mut spy) = joined_v4(&app.address, &format!("/socket.io/?a={b}"), true).await;

    let started = Instant::now();
    follow(&app, &a_tok, b).await;
    let got = b1.next("following notify").await;
    let first = started.elapsed();
    assert_eq!(got["user_id"], a);
    assert!(got["user_name"].is_string() && got["user_photo"].is_string());
    assert!(got["timestamp"].is_i64());
    assert_eq!(b2.next("following notify").await["user_id"], a);
    assert!(first < Duration::from_secs(1), "took {first:?}");
    assert!(c1.within("following notify", QUIET).await.is_none());
    assert!(spy.within("following notify", QUIET).await.is_none());
}

#[tokio::test]
async fn liking_and_comment_notify_reach_the_articles_author() {
    let app = spawn_realtime_app().await;
    let (author, author_tok) = user(&app);
    let (reader, reader_tok) = user(&app);
    let art = Article::new(author, 1).titled("被赞的文章").insert(&app);
    let (_s, mut ev) = joined_v4(&app.address, &q(&author_tok), true).await;

    let res = app
        .post_json(
            "/v1_0/article/likings",
            Some(&reader_tok),
            &json!({ "target": art }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let like = ev.next("liking notify").await;
    assert_eq!(like["user_id"], reader);
    assert_eq!(like["art_id"], art);
    assert_eq!(like["art_title"], "被赞的文章");

    let res = app
        .post_json(
            "/v1_0/comments",
            Some(&reader_tok),
            &json!({ "target": art, "content": "写得好" }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let comment = ev.next("comment notify").await;
    assert_eq!(comment["user_id"], reader);
    assert_eq!(comment["art_id"], art);
}

#[tokio::test]
async fn each_bad_token_is_refused_with_the_reason() {
    let app = spawn_realtime_app().await;
    let (uid, _) = user(&app);
    let tokens = app.login("13911110001").await;
    let now = Utc::now().timestamp();
    let expired = app
        .state
        .tokens
        .sign(&Claims {
            user_id: uid,
            kind: TokenKind::Access,
            jti: "expired".into(),
            iat: now - 100,
            exp: now - 1,
        })
        .unwrap();
    let (banned, banned_tok) = user(&app);
    ban(&app, banned).await;
    let (_, revoked) = user(&app);
    let res = app.delete("/v1_0/authorizations", Some(&revoked)).await;
    assert_eq!(res.status(), 204);

    let cases = [
        ("not-a-jwt".to_owned(), "Token has some errors."),
        (expired, "Token has some errors."),
        (tokens.refresh_token.clone(), "Do not use refresh token."),
        (revoked, "Invalid token"),
        (banned_tok, "User denied."),
    ];
    for (tok, reason) in cases {
        let (_c, mut ev) = connect_v4(&app.address, &q(&tok), true).await;
        let err = ev.next("error").await.to_string();
        assert!(err.contains(reason), "{reason}: {err}");
        assert!(ev.within("connect", QUIET).await.is_none());
    }
}

#[tokio::test]
async fn a_ban_disconnects_every_socket_of_the_user() {
    let app = spawn_realtime_app().await;
    let (b, b_tok) = user(&app);
    let (_, other_tok) = user(&app);
    let (_s1, mut e1) = joined_v4(&app.address, &q(&b_tok), true).await;
    let (_s2, mut e2) = joined_v4(&app.address, &q(&token(&app, b)), false).await;
    let (_s3, mut other) = joined_v4(&app.address, &q(&other_tok), true).await;
    ban(&app, b).await;
    e1.next("disconnect").await;
    e2.next("disconnect").await;
    assert!(other.within("disconnect", QUIET).await.is_none());
}

#[tokio::test]
async fn logging_out_disconnects_only_the_sockets_of_that_token() {
    let app = spawn_realtime_app().await;
    let (b, first) = user(&app);
    let second = token(&app, b);
    let (_s1, mut e1) = joined_v4(&app.address, &q(&first), true).await;
    let (_s2, mut e2) = joined_v4(&app.address, &q(&second), true).await;
    let res = app.delete("/v1_0/authorizations", Some(&first)).await;
    assert_eq!(res.status(), 204);
    e1.next("disconnect").await;
    assert!(e2.within("disconnect", QUIET).await.is_none());
}

#[tokio::test]
async fn a_user_on_a_second_im_process_gets_notifications_raised_on_the_api() {
    let app = spawn_realtime_app().await;
    let im = app.spawn_im().await;
    let (a, a_tok) = user(&app);
    let (b, b_tok) = user(&app);
    let (_on_im, mut far) = joined_v4(&im, &q(&b_tok), true).await;
    let (_on_api, mut near) = joined_v4(&app.address, &q(&b_tok), false).await;
    follow(&app, &a_tok, b).await;
    assert_eq!(far.next("following notify").await["user_id"], a);
    assert_eq!(near.next("following notify").await["user_id"], a);
    // Exactly one copy each, whichever process relays it.
    assert!(far.within("following notify", QUIET).await.is_none());
    assert!(near.within("following notify", QUIET).await.is_none());
    // And a ban raised on the API disconnects the socket held by the IM process.
    ban(&app, b).await;
    far.next("disconnect").await;
}

/// The first Socket.IO answer to a WebSocket opened with `Authorization: Bearer <token>`.
async fn connect_with_header(base: &str, token: &str) -> String {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket",
        base.replacen("http", "ws", 1)
    );
    let mut req = url.into_client_request().unwrap();
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let _open = ws.next().await.unwrap().unwrap();
    ws.send(Message::Text("40".into())).await.unwrap();
    loop {
        let answer = tokio::time::timeout(Duration::from_secs(5), ws.next()).await;
        let text = answer.unwrap().unwrap().unwrap().into_text().unwrap();
        match text.as_str() {
            "2" => ws.send(Message::Text("3".into())).await.unwrap(),
            _ => return text,
        }
    }
}

#[tokio::test]
async fn a_bearer_header_identifies_non_browser_clients_too() {
    let app = spawn_realtime_app().await;
    let (_, good) = user(&app);
    let (banned, banned_tok) = user(&app);
    ban(&app, banned).await;
    let ok = connect_with_header(&app.address, &good).await;
    assert!(ok.starts_with("40"), "{ok}");
    let refused = connect_with_header(&app.address, &banned_tok).await;
    assert!(
        refused.starts_with("44") && refused.contains("User denied."),
        "{refused}"
    );
}
