//! Durable revocation (issue 7, items 1 and 2): PostgreSQL holds the record of every issued
//! and revoked token, Redis only a cache of it, so losing Redis neither revives a revoked
//! token nor logs anyone out.

use futures_util::StreamExt;
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::helpers::{TestApp, Tokens, json, spawn_app, spawn_app_with};
use crate::instances::OwnRedis;

async fn app_on(redis: &OwnRedis) -> TestApp {
    let url = redis.url();
    spawn_app_with(move |s| s.redis.url = SecretString::from(url)).await
}

async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.request(Method::PUT, "/v1_0/authorizations", Some(refresh_token))
        .send()
        .await
        .unwrap()
}

async fn status_and_message(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, json(res).await["message"].clone())
}

async fn set_ban(app: &TestApp, admin: &str, uid: i64, banned: bool) {
    let path = format!("/mis/v1_0/users/{uid}/ban");
    let res = if banned {
        app.post_json(&path, Some(admin), &json!({"reason": "spam"}))
            .await
    } else {
        app.delete(&path, Some(admin)).await
    };
    assert!(res.status().is_success(), "ban={banned}: {}", res.status());
}

/// A second login of the same mobile (a second device).
async fn login_again(app: &TestApp, mobile: &str) -> Tokens {
    app.clear_sms_limits(mobile).await;
    app.login(mobile).await
}

#[tokio::test]
async fn tokens_revoked_by_a_ban_stay_dead_after_redis_loses_everything() {
    let mut redis = OwnRedis::start();
    let app = app_on(&redis).await;
    let admin = app.admin_token().await;
    let (old, uid) = app.login_user("13812345678").await;
    set_ban(&app, &admin, uid, true).await;
    set_ban(&app, &admin, uid, false).await;

    redis.restart();

    let res = app.get("/v1_0/user", Some(&old.token)).await;
    assert_eq!(status_and_message(res).await, (403, json!("Invalid token")));
    let res = refresh(&app, &old.refresh_token).await;
    assert_eq!(
        status_and_message(res).await,
        (403, json!("Wrong refresh token."))
    );
    // A login after the unban still works, and the old ones stay dead beside it.
    let fresh = login_again(&app, "13812345678").await;
    assert_eq!(
        app.get("/v1_0/user", Some(&fresh.token)).await.status(),
        200
    );
    assert_eq!(app.get("/v1_0/user", Some(&old.token)).await.status(), 403);
}

#[tokio::test]
async fn every_device_stays_logged_in_when_redis_loses_everything() {
    let mut redis = OwnRedis::start();
    let app = app_on(&redis).await;
    let (phone, _) = app.login_user("13812345678").await;
    let tablet = login_again(&app, "13812345678").await;

    redis.restart();
    // The first request after the loss is a third device logging in: it must not replace
    // the set with its own token alone.
    let laptop = login_again(&app, "13812345678").await;
    for t in [&laptop, &phone, &tablet] {
        assert_eq!(app.get("/v1_0/user", Some(&t.token)).await.status(), 200);
    }
    redis.restart();
    let res = refresh(&app, &tablet.refresh_token).await;
    assert_eq!(res.status(), 201);
    let renewed = json(res).await["data"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for t in [&phone.token, &laptop.token, &renewed] {
        assert_eq!(app.get("/v1_0/user", Some(t)).await.status(), 200);
    }
}

#[tokio::test]
async fn logout_ends_only_that_login() {
    let app = spawn_app().await;
    let (phone, _) = app.login_user("13812345678").await;
    let tablet = login_again(&app, "13812345678").await;
    let renewed = json(refresh(&app, &phone.refresh_token).await).await["data"]["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let res = app.delete("/v1_0/authorizations", Some(&phone.token)).await;
    assert_eq!(res.status(), 204);

    // The phone's access token, the one its refresh minted and its refresh token are gone.
    for t in [&phone.token, &renewed] {
        let res = app.get("/v1_0/user", Some(t)).await;
        assert_eq!(status_and_message(res).await, (403, json!("Invalid token")));
    }
    assert_eq!(refresh(&app, &phone.refresh_token).await.status(), 403);
    // The tablet never noticed.
    assert_eq!(
        app.get("/v1_0/user", Some(&tablet.token)).await.status(),
        200
    );
    assert_eq!(refresh(&app, &tablet.refresh_token).await.status(), 201);
    // Without a token there is nothing to end.
    let res = app.delete("/v1_0/authorizations", None).await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn a_valid_token_missing_from_a_stale_cache_is_still_accepted() {
    let app = spawn_app().await;
    let (phone, uid) = app.login_user("13812345678").await;
    assert_eq!(
        app.get("/v1_0/user", Some(&phone.token)).await.status(),
        200
    );
    // The cached set loses the token (as a cache written by an older process might).
    let mut conn = app.state.redis.get().await.unwrap();
    let _: () = deadpool_redis::redis::AsyncCommands::srem(
        &mut conn,
        app.state.keys.user_tokens(uid),
        jti_of(&app, &phone.token),
    )
    .await
    .unwrap();
    assert_eq!(
        app.get("/v1_0/user", Some(&phone.token)).await.status(),
        200
    );
    assert_eq!(
        app.get("/v1_0/user", Some(&phone.token)).await.status(),
        200
    );
}

fn jti_of(app: &TestApp, token: &str) -> String {
    app.state.tokens.verify(token).unwrap().jti
}

#[tokio::test]
async fn a_ban_announces_the_revocation_to_the_realtime_side() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, uid) = app.login_user("13812345678").await;
    let mut events = subscribe_sessions(&app).await;
    set_ban(&app, &admin, uid, true).await;
    let event = tokio::time::timeout(std::time::Duration::from_secs(2), events.next())
        .await
        .expect("a sessions event within 2 s")
        .unwrap();
    assert_eq!(event, json!({"user_id": uid, "jtis": null}));
}

#[tokio::test]
async fn a_logout_announces_exactly_the_tokens_it_ended() {
    let app = spawn_app().await;
    let (phone, uid) = app.login_user("13812345678").await;
    let mut events = subscribe_sessions(&app).await;
    app.delete("/v1_0/authorizations", Some(&phone.token)).await;
    let event = tokio::time::timeout(std::time::Duration::from_secs(2), events.next())
        .await
        .expect("a sessions event within 2 s")
        .unwrap();
    assert_eq!(event["user_id"], uid);
    let mut jtis: Vec<String> = event["jtis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j.as_str().unwrap().to_owned())
        .collect();
    jtis.sort();
    let mut expected = vec![
        jti_of(&app, &phone.token),
        jti_of(&app, &phone.refresh_token),
    ];
    expected.sort();
    assert_eq!(jtis, expected);
}

async fn subscribe_sessions(app: &TestApp) -> impl futures_util::Stream<Item = Value> + Unpin {
    use secrecy::ExposeSecret;
    let url = app.state.settings.redis.url.expose_secret().to_owned();
    let client = deadpool_redis::redis::Client::open(url).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub
        .subscribe(app.state.keys.session_events_channel())
        .await
        .unwrap();
    Box::pin(pubsub.into_on_message().map(|m| {
        let body: String = m.get_payload().unwrap();
        serde_json::from_str(&body).unwrap()
    }))
}

#[tokio::test]
async fn with_redis_down_tokens_are_checked_against_postgresql_and_a_ban_still_bites() {
    let mut redis = OwnRedis::start();
    let app = app_on(&redis).await;
    let admin = app.admin_token().await;
    let (phone, uid) = app.login_user("13812345678").await;
    let (other, _) = app.login_user("13812345679").await;

    redis.stop();
    for t in [&phone.token, &other.token] {
        assert_eq!(app.get("/v1_0/user", Some(t)).await.status(), 200);
    }
    set_ban(&app, &admin, uid, true).await;
    let res = app.get("/v1_0/user", Some(&phone.token)).await;
    assert_eq!(status_and_message(res).await, (403, json!("User denied.")));
    assert_eq!(
        app.get("/v1_0/user", Some(&other.token)).await.status(),
        200
    );

    // Redis comes back (empty): the ban is still the record's.
    redis.restart();
    let res = app.get("/v1_0/user", Some(&phone.token)).await;
    assert_eq!(status_and_message(res).await, (403, json!("User denied.")));
    assert_eq!(
        app.get("/v1_0/user", Some(&other.token)).await.status(),
        200
    );
}

#[tokio::test]
async fn a_ban_while_redis_is_frozen_reaches_the_cache_once_it_thaws() {
    let redis = OwnRedis::start();
    let app = app_on(&redis).await;
    let admin = app.admin_token().await;
    let (phone, uid) = app.login_user("13812345678").await;
    assert_eq!(
        app.get("/v1_0/user", Some(&phone.token)).await.status(),
        200
    );

    // The cache keeps its (now stale) copy through the freeze.
    redis.freeze();
    set_ban(&app, &admin, uid, true).await;
    redis.thaw();

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let res = app.get("/v1_0/user", Some(&phone.token)).await;
        if res.status() == 403 {
            assert_eq!(json(res).await["message"], "User denied.");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the banned user's token still answers {}",
            res.status()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_login_racing_a_ban_never_yields_a_working_token() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, uid) = app.login_user("13812345678").await;
    for round in 0..8 {
        app.clear_sms_limits("13812345678").await;
        app.get("/v1_0/sms/codes/13812345678", None).await;
        let code = app.received_code("13812345678").await;
        let body = json!({"mobile": "13812345678", "code": code});
        let (login, _) = tokio::join!(
            app.post_json("/v1_0/authorizations", None, &body),
            set_ban(&app, &admin, uid, true)
        );
        if login.status() == 201 {
            let token = json(login).await["data"]["token"]
                .as_str()
                .unwrap()
                .to_owned();
            let res = app.get("/v1_0/user", Some(&token)).await;
            assert_eq!(res.status(), 403, "round {round}: a token outlived the ban");
        } else {
            let (status, message) = status_and_message(login).await;
            assert_eq!((status, message), (403, json!("Invalid user.")));
        }
        set_ban(&app, &admin, uid, false).await;
    }
}
