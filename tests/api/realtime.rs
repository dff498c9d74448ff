//! Socket.IO (S1, issue 10) with real clients: rust_socketio (Engine.IO v4) and
//! socket.io-client 2.x in node (Engine.IO v3): connect and refusals, notifications after
//! the real HTTP actions, chat, disconnects on ban and logout, two IM processes.

use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::{Value, json};
use toutiao::services::tokens::{Claims, TokenKind};

use crate::fixtures_news::{Article, ban, token, user};
use crate::helpers::spawn_realtime_app;
use crate::sio::{V3Client, chat_v4, connect_v4, joined_v4};

/// Long enough for a notification that should not come.
const QUIET: Duration = Duration::from_millis(400);

fn q(token: &str) -> String {
    format!("/socket.io/?token={token}")
}

async fn follow(app: &crate::helpers::TestApp, token: &str, target: i64) {
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
async fn v4_anonymous_websocket_connects_and_the_assistant_answers() {
    let app = spawn_realtime_app().await;
    let (client, mut ev) = joined_v4(&app.address, "/socket.io/", true).await;
    chat_v4(&client, "你好").await;
    let reply = ev.next("message").await;
    assert!(reply["msg"].as_str().unwrap().contains("小智"), "{reply}");
    let ts = reply["timestamp"].as_i64().unwrap();
    assert!(
        (ts - Utc::now().timestamp_millis()).abs() < 60_000,
        "ms: {ts}"
    );

    chat_v4(&client, "help").await;
    let help = ev.next("message").await;
    assert!(help["msg"].as_str().unwrap().contains("频道"), "{help}");
    chat_v4(&client, "我的粉丝").await;
    let counts = ev.next("message").await;
    assert!(counts["msg"].as_str().unwrap().contains("登录"), "{counts}");
    chat_v4(&client, "qwertz").await;
    let unknown = ev.next("message").await;
    assert!(
        unknown["msg"].as_str().unwrap().contains("没听懂"),
        "{unknown}"
    );
}

#[tokio::test]
async fn the_assistant_lists_a_channels_newest_articles_and_the_users_counts() {
    let app = spawn_realtime_app().await;
    let (uid, tok) = user(&app);
    Article::new(uid, 1).titled("最新的一篇").insert(&app);
    let channels: Value = app.get("/v1_0/channels", None).await.json().await.unwrap();
    let name = channels["data"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 1)
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let (client, mut ev) = joined_v4(&app.address, &q(&tok), false).await;
    chat_v4(&client, &format!("{name} 最新文章")).await;
    let news = ev.next("message").await;
    assert!(
        news["msg"].as_str().unwrap().contains("最新的一篇"),
        "{news}"
    );
    chat_v4(&client, "我的统计").await;
    let counts = ev.next("message").await;
    assert!(counts["msg"].as_str().unwrap().contains("粉丝"), "{counts}");
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

#[tokio::test]
async fn v3_client_polls_then_upgrades_and_gets_notifications_and_replies() {
    let app = spawn_realtime_app().await;
    let (a, a_tok) = user(&app);
    let (b, b_tok) = user(&app);
    let mut c = V3Client::connect(
        &app.address,
        "/socket.io",
        json!({ "token": b_tok }),
        "polling,websocket",
    )
    .await;
    assert_eq!(c.events.next("open").await, "polling");
    c.events.next("connect").await;
    assert_eq!(c.events.next("upgrade").await, "websocket");
    follow(&app, &a_tok, b).await;
    // JavaScript numbers: ids beyond 2^53 arrive rounded, as in the real app.
    let got = c.events.next("following notify").await;
    assert_eq!(got["user_id"].as_f64(), Some(a as f64));
    c.emit(
        "message",
        json!({ "msg": "你好", "timestamp": 1, "userId": b }),
    )
    .await;
    let reply = c.events.next("message").await;
    assert!(reply["msg"].as_str().unwrap().contains("小智"), "{reply}");
}

#[tokio::test]
async fn v3_clients_on_the_app_path_and_websocket_only_connect_and_bad_tokens_are_refused() {
    let app = spawn_realtime_app().await;
    let mut anon = V3Client::connect(
        &app.address,
        "/app/socket.io",
        json!({ "a": "device-1" }),
        "websocket",
    )
    .await;
    assert_eq!(anon.events.next("connect").await, "websocket");
    anon.emit("message", json!({ "msg": "help", "timestamp": 1 }))
        .await;
    assert!(anon.events.next("message").await["msg"].is_string());

    let mut bad = V3Client::connect(
        &app.address,
        "/socket.io",
        json!({ "token": "garbage" }),
        "polling,websocket",
    )
    .await;
    let err = bad.events.next("error").await;
    assert!(err.to_string().contains("Token has some errors."), "{err}");
}

#[tokio::test]
async fn imtest_sends_the_caller_a_sample_of_each_kind_in_dev_mode() {
    let app = spawn_realtime_app().await;
    let (_, tok) = user(&app);
    let (_s, mut ev) = joined_v4(&app.address, &q(&tok), true).await;
    for (kind, event) in [
        ("f", "following notify"),
        ("l", "liking notify"),
        ("c", "comment notify"),
    ] {
        let res = app.get(&format!("/app/imtest/{kind}"), Some(&tok)).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["message"], "OK");
        let got = ev.next(event).await;
        assert!(got["user_name"].is_string(), "{got}");
    }
    assert_eq!(app.get("/app/imtest/x", Some(&tok)).await.status(), 404);
    assert_eq!(app.get("/app/imtest/f", None).await.status(), 401);
}

#[tokio::test]
async fn imtest_is_not_found_in_production_mode() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.mode = toutiao::config::Mode::Production;
        s.jwt.secret = secrecy::SecretString::from("x".repeat(40));
    })
    .await;
    let (_, tok) = user(&app);
    assert_eq!(app.get("/app/imtest/f", Some(&tok)).await.status(), 404);
}

#[tokio::test]
async fn the_socket_endpoint_echoes_allowed_origins_with_credentials() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.realtime.enabled = true;
        s.realtime.allowed_origins = "http://app.example, http://localhost:8080".into();
    })
    .await;
    let handshake = "/socket.io/?EIO=3&transport=polling";
    let res = app
        .request(reqwest::Method::GET, handshake, None)
        .header("Origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(h["access-control-allow-credentials"], "true");
    let body = res.text().await.unwrap();
    assert!(body.contains("\"sid\""), "{body}");

    let res = app
        .request(reqwest::Method::OPTIONS, handshake, None)
        .header("Origin", "http://app.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "http://app.example"
    );

    let res = app
        .request(reqwest::Method::GET, handshake, None)
        .header("Origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    // The REST API keeps its permissive `*`.
    let res = app
        .request(reqwest::Method::GET, "/v1_0/channels", None)
        .header("Origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
}
