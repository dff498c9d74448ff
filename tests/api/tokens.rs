//! Every row of the contract's 401/403 table on a required endpoint (`GET /v1_0/user`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use secrecy::SecretString;
use serde_json::{Value, json};
use toutiao::config::JwtSettings;
use toutiao::services::tokens::{Claims, TokenCodec, TokenKind};

use crate::helpers::{TestApp, json, spawn_app};

async fn assert_user_endpoint(app: &TestApp, token: Option<&str>, status: u16, message: &str) {
    let res = app.get("/v1_0/user", token).await;
    assert_eq!(res.status(), status, "token {token:?}");
    assert_eq!(
        json(res).await,
        json!({"message": message, "data": null}),
        "token {token:?}"
    );
}

fn claims(user_id: i64, kind: TokenKind, exp_in: i64) -> Claims {
    let now = Utc::now().timestamp();
    Claims {
        user_id,
        kind,
        jti: uuid::Uuid::new_v4().simple().to_string(),
        iat: now,
        exp: now + exp_in,
    }
}

#[tokio::test]
async fn no_token_or_another_scheme_is_401_user_must_be_authorized() {
    let app = spawn_app().await;
    assert_user_endpoint(&app, None, 401, "User must be authorized.").await;
    for header in ["Anony 0f2c1e", "Basic dXNlcjpwYXNz", "bearer abc", "Bearer"] {
        let res = app
            .request(reqwest::Method::GET, "/v1_0/user", None)
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{header}");
        assert_eq!(json(res).await["message"], "User must be authorized.");
    }
}

#[tokio::test]
async fn malformed_tampered_expired_unsigned_and_foreign_tokens_are_401() {
    let app = spawn_app().await;
    let (tokens, uid) = app.login_user("13812345678").await;
    let mut bad: Vec<String> = vec!["garbage".into(), "a.b.c".into(), String::new()];

    // Tampered signature.
    let mut sig_flipped = tokens.token.clone();
    let last = sig_flipped.pop().unwrap();
    sig_flipped.push(if last == 'A' { 'B' } else { 'A' });
    bad.push(sig_flipped);

    // Tampered payload: claim to be someone else, keep the signature.
    let parts: Vec<&str> = tokens.token.split('.').collect();
    let mut payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["user_id"] = json!(uid + 1);
    let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    bad.push(format!("{}.{}.{}", parts[0], forged, parts[2]));

    // alg: none, with otherwise perfect claims.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let body =
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(uid, TokenKind::Access, 3600)).unwrap());
    bad.push(format!("{header}.{body}."));

    // Signed with another secret.
    let foreign = TokenCodec::new(&JwtSettings {
        secret: SecretString::from("not-our-secret"),
        access_ttl_secs: 7200,
        refresh_ttl_secs: 1_209_600,
        admin_ttl_secs: 3600,
    });
    bad.push(foreign.issue(uid, TokenKind::Access).unwrap().token);

    // Expired one second ago, signed with our secret.
    bad.push(
        app.state
            .tokens
            .sign(&claims(uid, TokenKind::Access, -1))
            .unwrap(),
    );

    for token in &bad {
        assert_user_endpoint(&app, Some(token), 401, "User must be authorized.").await;
    }
    // The real token still works.
    assert_eq!(
        app.get("/v1_0/user", Some(&tokens.token)).await.status(),
        200
    );
}

#[tokio::test]
async fn a_refresh_token_used_as_access_token_is_403() {
    let app = spawn_app().await;
    let tokens = app.login("13812345678").await;
    assert_user_endpoint(
        &app,
        Some(&tokens.refresh_token),
        403,
        "Do not use refresh token.",
    )
    .await;
}

#[tokio::test]
async fn an_access_token_outside_the_users_token_set_is_403_invalid_token() {
    let app = spawn_app().await;
    let (_, uid) = app.login_user("13812345678").await;
    // Correctly signed and unexpired, but never issued: its id is not in the live set.
    let stray = app
        .state
        .tokens
        .sign(&claims(uid, TokenKind::Access, 3600))
        .unwrap();
    assert_user_endpoint(&app, Some(&stray), 403, "Invalid token").await;
}

#[tokio::test]
async fn a_token_for_a_user_that_does_not_exist_is_401() {
    let app = spawn_app().await;
    let ghost = app.state.tokens.issue(4242, TokenKind::Access).unwrap();
    assert_user_endpoint(&app, Some(&ghost.token), 401, "User must be authorized.").await;
}

#[tokio::test]
async fn an_admin_token_is_refused_by_user_endpoints() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    assert_user_endpoint(&app, Some(&admin), 403, "Invalid token").await;
}

#[tokio::test]
async fn an_expired_refresh_token_cannot_refresh() {
    let app = spawn_app().await;
    let (_, uid) = app.login_user("13812345678").await;
    let expired = app
        .state
        .tokens
        .sign(&claims(uid, TokenKind::Refresh, -1))
        .unwrap();
    let res = app
        .request(reqwest::Method::PUT, "/v1_0/authorizations", Some(&expired))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(json(res).await["message"], "Wrong refresh token.");
}

#[tokio::test]
async fn tokens_expire_after_their_configured_lifetime() {
    let app = crate::helpers::spawn_app_with(|s| s.jwt.access_ttl_secs = 1).await;
    let tokens = app.login("13812345678").await;
    assert_eq!(
        app.get("/v1_0/user", Some(&tokens.token)).await.status(),
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_user_endpoint(&app, Some(&tokens.token), 401, "User must be authorized.").await;
    // The refresh token still yields a working access token.
    let res = app
        .request(
            reqwest::Method::PUT,
            "/v1_0/authorizations",
            Some(&tokens.refresh_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}
