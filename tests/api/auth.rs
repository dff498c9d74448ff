//! E02-E05: SMS codes, login/registration, refresh, the current user.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{json, spawn_app, spawn_app_with};

#[tokio::test]
async fn sms_code_echoes_the_mobile_and_delivers_a_six_digit_code() {
    let app = spawn_app().await;
    let res = app.get("/v1_0/sms/codes/13812345678", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        json(res).await,
        json!({"message": "OK", "data": {"mobile": "13812345678"}})
    );
    let code = app.received_code("13812345678").await;
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
}

#[tokio::test]
async fn sms_code_for_a_malformed_mobile_is_404() {
    let app = spawn_app().await;
    for bad in ["12812345678", "1381234567", "138123456789", "abcdefghijk"] {
        let res = app.get(&format!("/v1_0/sms/codes/{bad}"), None).await;
        assert_eq!(res.status(), 404, "{bad}");
        let body = json(res).await;
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .starts_with("The requested URL was not found")
        );
    }
}

#[tokio::test]
async fn a_second_sms_code_within_a_minute_is_429() {
    let app = spawn_app().await;
    assert_eq!(
        app.get("/v1_0/sms/codes/13812345678", None).await.status(),
        200
    );
    let res = app.get("/v1_0/sms/codes/13812345678", None).await;
    assert_eq!(res.status(), 429);
    assert_eq!(json(res).await["message"], "Too many requests.");
    // Another mobile is not limited by the first one.
    assert_eq!(
        app.get("/app/v1_0/sms/codes/13812345679", None)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn one_client_ip_gets_at_most_100_codes_an_hour() {
    let app = spawn_app().await;
    for i in 0..100 {
        let res = app.get(&format!("/v1_0/sms/codes/139{i:08}"), None).await;
        assert_eq!(res.status(), 200, "request {i}");
    }
    let res = app.get("/v1_0/sms/codes/13700000000", None).await;
    assert_eq!(res.status(), 429);
    assert_eq!(json(res).await["message"], "Too many requests.");
}

#[tokio::test]
async fn sms_limits_hold_across_server_processes_sharing_redis() {
    let first = spawn_app().await;
    let prefix = first.state.settings.redis.prefix.clone();
    let second = spawn_app_with(|s| s.redis.prefix = prefix).await;
    assert_eq!(
        first
            .get("/v1_0/sms/codes/13812345678", None)
            .await
            .status(),
        200
    );
    assert_eq!(
        second
            .get("/v1_0/sms/codes/13812345678", None)
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn login_registers_an_unknown_mobile_and_returns_both_tokens() {
    let app = spawn_app().await;
    let tokens = app.login("13812345678").await;
    assert_ne!(tokens.token, tokens.refresh_token);

    let res = app.get("/v1_0/user", Some(&tokens.token)).await;
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    assert_eq!(body["message"], "OK");
    let user = &body["data"];
    assert!(
        user["id"].as_i64().unwrap() > 1 << 53,
        "snowflake ids are large: {user}"
    );
    assert_eq!(user["name"], "13812345678");
    assert!(user["photo"].as_str().unwrap().starts_with("http"));
    assert_eq!(user["is_media"], 0);
    assert_eq!(user["intro"], "");
    assert_eq!(user["certi"], "");
    for counter in ["art_count", "follow_count", "fans_count", "like_count"] {
        assert_eq!(user[counter], 0, "{counter}");
    }
    assert!(user.get("mobile").is_none());
    assert_eq!(app.sql_count("SELECT count(*) AS n FROM user_profile"), 1);
}

#[tokio::test]
async fn logging_in_again_finds_the_same_user() {
    let app = spawn_app().await;
    let (_, first) = app.login_user("13812345678").await;
    // The per-mobile limit is one code a minute: wait it out by clearing the window key.
    let mut conn = app.state.redis.get().await.unwrap();
    let _: () = deadpool_redis::redis::AsyncCommands::del(
        &mut conn,
        app.state.keys.sms_limit_mobile("13812345678"),
    )
    .await
    .unwrap();
    let (_, second) = app.login_user("13812345678").await;
    assert_eq!(first, second);
    assert_eq!(app.sql_count("SELECT count(*) AS n FROM user_basic"), 1);
}

#[tokio::test]
async fn a_code_survives_a_few_wrong_tries_and_the_last_one_burns_it() {
    // Room for every try below under the per-mobile failure limit (tested on its own).
    let app = spawn_app_with(|s| s.sms.login_failures_per_mobile = 100).await;
    let max = app.state.settings.sms.code_max_attempts;
    app.get("/v1_0/sms/codes/13812345678", None).await;
    let code = app.received_code("13812345678").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    // A stranger's wrong guesses do not take the owner's code away at once...
    for _ in 0..max - 1 {
        let res = app.try_login("13812345678", wrong).await;
        assert_eq!(res.status(), 400);
        assert_eq!(
            json(res).await,
            json!({"message": "Invalid code.", "data": null})
        );
    }
    assert_eq!(app.try_login("13812345678", &code).await.status(), 201);
    // ...a used code is gone...
    assert_eq!(app.try_login("13812345678", &code).await.status(), 400);

    // ...and the last allowed wrong try burns a code.
    app.clear_sms_limits("13812345678").await;
    app.get("/v1_0/sms/codes/13812345678", None).await;
    let code = app.received_code("13812345678").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..max {
        assert_eq!(app.try_login("13812345678", wrong).await.status(), 400);
    }
    let res = app.try_login("13812345678", &code).await;
    assert_eq!(res.status(), 400);
    assert_eq!(json(res).await["message"], "Invalid code.");
}

#[tokio::test]
async fn login_without_a_requested_code_is_400() {
    let app = spawn_app().await;
    let res = app
        .post_json(
            "/v1_0/authorizations",
            None,
            &json!({"mobile": "13812345678", "code": "123456"}),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(json(res).await["message"], "Invalid code.");
}

#[tokio::test]
async fn the_universal_code_works_only_when_configured() {
    let app = spawn_app_with(|s| s.sms.universal_code = "246810".into()).await;
    let res = app
        .post_json(
            "/v1_0/authorizations",
            None,
            &json!({"mobile": "13611111111", "code": "246810"}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let app = spawn_app().await;
    let res = app
        .post_json(
            "/v1_0/authorizations",
            None,
            &json!({"mobile": "13611111111", "code": "246810"}),
        )
        .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn login_parameters_are_validated_with_the_contract_messages() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"code": "123456"}),
            json!({"mobile": "Missing required parameter in the JSON body"}),
        ),
        (
            json!({"mobile": null, "code": "123456"}),
            json!({"mobile": "Missing required parameter in the JSON body"}),
        ),
        (
            json!({"mobile": "12345", "code": "123456"}),
            json!({"mobile": "12345 is not a valid mobile"}),
        ),
        (
            json!({"mobile": true, "code": "123456"}),
            json!({"mobile": "true is not a valid mobile"}),
        ),
        (
            json!({"mobile": "13812345678"}),
            json!({"code": "Missing required parameter in the JSON body"}),
        ),
        (
            json!({"mobile": "13812345678", "code": "12345"}),
            json!({"code": "Invalid params."}),
        ),
        (
            json!({"mobile": "13812345678", "code": "abcdef"}),
            json!({"code": "Invalid params."}),
        ),
        (
            json!({"mobile": "13812345678", "code": [1]}),
            json!({"code": "Invalid params."}),
        ),
    ];
    for (body, message) in cases {
        let res = app.post_json("/v1_0/authorizations", None, &body).await;
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(
            json(res).await,
            json!({"message": message, "data": null}),
            "{body}"
        );
    }
    // Strings must be JSON strings, as the original's parser required: a number is the
    // parameter's error, not its digits.
    for (body, message) in [
        (
            json!({"mobile": 13812345678u64, "code": "123456"}),
            json!({"mobile": "13812345678 is not a valid mobile"}),
        ),
        (
            json!({"mobile": "13812345678", "code": 123456}),
            json!({"code": "Invalid params."}),
        ),
    ] {
        let res = app.post_json("/v1_0/authorizations", None, &body).await;
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(json(res).await["message"], message, "{body}");
    }
}

#[tokio::test]
async fn malformed_json_and_non_json_bodies_get_400_envelopes() {
    let app = spawn_app().await;
    let res = app
        .request(Method::POST, "/v1_0/authorizations", None)
        .header("content-type", "application/json")
        .body("{\"mobile\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        "The browser (or proxy) sent a request that this server could not understand."
    );
    // A form body is not JSON: the parameters read as missing.
    let res = app
        .request(Method::POST, "/v1_0/authorizations", None)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("mobile=13812345678&code=123456")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        json!({"mobile": "Missing required parameter in the JSON body"})
    );
}

#[tokio::test]
async fn refresh_returns_a_new_working_access_token() {
    let app = spawn_app().await;
    let tokens = app.login("13812345678").await;
    let res = app
        .request(
            Method::PUT,
            "/v1_0/authorizations",
            Some(&tokens.refresh_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let body = json(res).await;
    let fresh = body["data"]["token"].as_str().unwrap();
    assert_ne!(fresh, tokens.token);
    assert!(body["data"].get("refresh_token").is_none());
    assert_eq!(app.get("/v1_0/user", Some(fresh)).await.status(), 200);
    // The old access token keeps working until it expires.
    assert_eq!(
        app.get("/v1_0/user", Some(&tokens.token)).await.status(),
        200
    );
}

#[tokio::test]
async fn refresh_with_anything_but_a_refresh_token_is_403() {
    let app = spawn_app().await;
    let tokens = app.login("13812345678").await;
    let wrong = json!({"message": "Wrong refresh token.", "data": null});
    for bearer in [Some(tokens.token.as_str()), Some("garbage"), None] {
        let res = app
            .request(Method::PUT, "/app/v1_0/authorizations", bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{bearer:?}");
        assert_eq!(json(res).await, wrong);
    }
}
