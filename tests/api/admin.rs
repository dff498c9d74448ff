//! The admin API: login, user list, ban and unban with immediate effect on tokens.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn admin_login_checks_the_password() {
    let app = spawn_app().await;
    app.admin_token().await;
    for (user, pass) in [("root", "wrong password"), ("nobody", "correct horse")] {
        let res = app
            .post_json(
                "/mis/v1_0/authorizations",
                None,
                &json!({"username": user, "password": pass}),
            )
            .await;
        assert_eq!(res.status(), 401, "{user}");
        assert_eq!(json(res).await["message"], "Invalid username or password.");
    }
    let res = app
        .post_json(
            "/mis/v1_0/authorizations",
            None,
            &json!({"username": "root"}),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        json!({"password": "Missing required parameter in the JSON body"})
    );
}

#[tokio::test]
async fn admin_endpoints_refuse_missing_and_user_tokens() {
    let app = spawn_app().await;
    let res = app.get("/mis/v1_0/users", None).await;
    assert_eq!(res.status(), 401);
    assert_eq!(json(res).await["message"], "Admin must be authorized.");
    let user = app.login("13812345678").await;
    for token in [&user.token, &user.refresh_token] {
        let res = app.get("/mis/v1_0/users", Some(token)).await;
        assert_eq!(res.status(), 403);
        assert_eq!(json(res).await["message"], "Admin token required.");
    }
}

#[tokio::test]
async fn admins_list_users_with_paging_and_filters() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for m in ["13800000001", "13800000002", "13800000003"] {
        app.login(m).await;
    }
    let body = json(app.get("/mis/v1_0/users", Some(&admin)).await).await;
    assert_eq!(body["data"]["total_count"], 3);
    assert_eq!(body["data"]["page"], 1);
    assert_eq!(body["data"]["per_page"], 10);
    assert_eq!(body["data"]["results"].as_array().unwrap().len(), 3);

    let body = json(
        app.get("/mis/v1_0/users?mobile=13800000002", Some(&admin))
            .await,
    )
    .await;
    assert_eq!(body["data"]["total_count"], 1);
    assert_eq!(body["data"]["results"][0]["mobile"], "13800000002");
    assert_eq!(body["data"]["results"][0]["status"], 1);

    let res = app.get("/mis/v1_0/users?per_page=5", Some(&admin)).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        json!({"per_page": "Invalid per_page: 5. per_page must be within the range 10 - 50"})
    );
}

#[tokio::test]
async fn a_ban_kills_every_token_on_the_next_request_and_an_unban_needs_a_new_login() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (phone, uid) = app.login_user("13812345678").await;
    let res = app
        .request(
            Method::PUT,
            "/v1_0/authorizations",
            Some(&phone.refresh_token),
        )
        .send()
        .await
        .unwrap();
    let refreshed = json(res).await["data"]["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let res = app
        .post_json(
            &format!("/mis/v1_0/users/{uid}/ban"),
            Some(&admin),
            &json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body = json(res).await;
    assert_eq!(body["data"]["status"], 0);

    // The very next request with any of the user's tokens is refused.
    for token in [&phone.token, &refreshed] {
        let res = app.get("/v1_0/user", Some(token)).await;
        assert_eq!(res.status(), 403);
        assert_eq!(json(res).await["message"], "User denied.");
    }
    let res = app
        .request(
            Method::PUT,
            "/v1_0/authorizations",
            Some(&phone.refresh_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(json(res).await["message"], "Invalid user.");

    // A banned user cannot log in again.
    app.get("/v1_0/sms/codes/13812345679", None).await;
    let mut conn = app.state.redis.get().await.unwrap();
    let _: () = deadpool_redis::redis::AsyncCommands::del(
        &mut conn,
        app.state.keys.sms_limit_mobile("13812345678"),
    )
    .await
    .unwrap();
    app.get("/v1_0/sms/codes/13812345678", None).await;
    let code = app.received_code("13812345678").await;
    let res = app
        .post_json(
            "/v1_0/authorizations",
            None,
            &json!({"mobile": "13812345678", "code": code}),
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(json(res).await["message"], "Invalid user.");

    // The ban is audited.
    assert_eq!(
        app.sql_count(&format!("SELECT count(*) AS n FROM mis_operation_log WHERE user_id = {uid} AND operation = 'ban' AND description = 'spam'")),
        1
    );

    // Unban: old tokens stay dead, a new login works.
    let res = app
        .delete(&format!("/mis/v1_0/users/{uid}/ban"), Some(&admin))
        .await;
    assert_eq!(res.status(), 204);
    assert!(res.bytes().await.unwrap().is_empty());
    for token in [&phone.token, &refreshed] {
        let res = app.get("/v1_0/user", Some(token)).await;
        assert_eq!(res.status(), 403);
        assert_eq!(json(res).await["message"], "Invalid token");
    }
    let res = app
        .request(
            Method::PUT,
            "/v1_0/authorizations",
            Some(&phone.refresh_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(json(res).await["message"], "Wrong refresh token.");

    let _: () = deadpool_redis::redis::AsyncCommands::del(
        &mut conn,
        app.state.keys.sms_limit_mobile("13812345678"),
    )
    .await
    .unwrap();
    let (fresh, same_uid) = app.login_user("13812345678").await;
    assert_eq!(same_uid, uid);
    assert_eq!(
        app.get("/v1_0/user", Some(&fresh.token)).await.status(),
        200
    );
    assert_eq!(
        app.sql_count(&format!(
            "SELECT count(*) AS n FROM mis_operation_log WHERE user_id = {uid}"
        )),
        2
    );
}

#[tokio::test]
async fn a_ban_holds_even_when_the_token_cache_is_lost() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (phone, uid) = app.login_user("13812345678").await;
    app.post_json(
        &format!("/mis/v1_0/users/{uid}/ban"),
        Some(&admin),
        &json!({"reason": "abuse"}),
    )
    .await;
    let mut conn = app.state.redis.get().await.unwrap();
    let _: () =
        deadpool_redis::redis::AsyncCommands::del(&mut conn, app.state.keys.user_tokens(uid))
            .await
            .unwrap();
    let res = app.get("/v1_0/user", Some(&phone.token)).await;
    assert_eq!(res.status(), 403);
    assert_eq!(json(res).await["message"], "User denied.");
}

#[tokio::test]
async fn banning_needs_a_reason_and_an_existing_user() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, uid) = app.login_user("13812345678").await;
    let res = app
        .post_json(
            &format!("/mis/v1_0/users/{uid}/ban"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        json!({"reason": "Missing required parameter in the JSON body"})
    );
    let res = app
        .post_json(
            &format!("/mis/v1_0/users/{uid}/ban"),
            Some(&admin),
            &json!({"reason": "  "}),
        )
        .await;
    assert_eq!(res.status(), 400);
    let res = app
        .post_json(
            "/mis/v1_0/users/12345/ban",
            Some(&admin),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(json(res).await["message"], "User does not exist.");
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM mis_operation_log"),
        0
    );
}
