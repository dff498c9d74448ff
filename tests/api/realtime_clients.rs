//! Socket.IO (S1, issue 10), the rest: the 小智 chat, socket.io-client 2.x (Engine.IO v3) in
//! node, E50 and the socket endpoint's CORS.

use chrono::Utc;
use serde_json::{Value, json};

use crate::fixtures_news::{Article, user};
use crate::helpers::spawn_realtime_app;
use crate::realtime::{follow, q};
use crate::sio::{V3Client, chat_v4, joined_v4};

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

#[tokio::test]
async fn a_client_that_stops_answering_pings_is_dropped_and_others_keep_receiving() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let app = crate::helpers::spawn_app_with(|s| {
        s.realtime.enabled = true;
        s.realtime.ping_interval_ms = 300;
        s.realtime.ping_timeout_ms = 300;
    })
    .await;
    let (a, a_tok) = user(&app);
    let (b, b_tok) = user(&app);
    // A dead client: joins b's room, then never reads nor answers a ping.
    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket&token={b_tok}",
        app.address.replacen("http", "ws", 1)
    );
    let (mut dead, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let open = dead.next().await.unwrap().unwrap();
    assert!(open.to_text().unwrap().starts_with('0'), "{open}");
    let cfg: Value = serde_json::from_str(&open.to_text().unwrap()[1..]).unwrap();
    assert_eq!(cfg["pingInterval"], 300);
    assert_eq!(cfg["pingTimeout"], 300);
    dead.send(Message::Text("40".into())).await.unwrap();
    let (_live, mut live) = joined_v4(&app.address, &q(&b_tok), true).await;
    let started = std::time::Instant::now();
    follow(&app, &a_tok, b).await;
    assert_eq!(live.next("following notify").await["user_id"], a);
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    // The silent one is closed after interval + timeout; reading shows the end.
    let closed = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while let Some(Ok(m)) = dead.next().await {
            if m.is_close() {
                break;
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the server kept a client that never answered pings"
    );
    // The live client answered its pings and is still there.
    assert!(
        live.within("disconnect", std::time::Duration::from_millis(300))
            .await
            .is_none()
    );
}

#[tokio::test]
async fn a_polling_body_over_the_payload_limit_is_413() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.realtime.enabled = true;
        s.realtime.max_payload = 1_000;
    })
    .await;
    let res = app
        .request(
            reqwest::Method::POST,
            "/socket.io/?EIO=4&transport=polling&sid=x",
            None,
        )
        .body("4".repeat(5_000))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}
