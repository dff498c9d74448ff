//! Guessing is bounded (issue 7, items 3 and 4): wrong SMS codes per mobile and per client
//! IP, wrong admin passwords per account and per IP (locked out, audited), and password
//! hashing that cannot take the machine's memory.

use serde_json::{Value, json};

use crate::helpers::{TestApp, json, spawn_app_with};

async fn admin_login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/mis/v1_0/authorizations",
        None,
        &json!({"username": username, "password": password}),
    )
    .await
}

fn too_many() -> Value {
    json!({"message": "Too many requests.", "data": null})
}

#[tokio::test]
async fn wrong_codes_for_one_mobile_end_in_429_even_for_the_right_code() {
    let app = spawn_app_with(|s| {
        s.sms.login_failures_per_mobile = 4;
        s.sms.code_max_attempts = 100;
    })
    .await;
    app.get("/v1_0/sms/codes/13812345678", None).await;
    let code = app.received_code("13812345678").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        assert_eq!(app.try_login("13812345678", wrong).await.status(), 400);
    }
    let res = app.try_login("13812345678", &code).await;
    assert_eq!(res.status(), 429);
    assert_eq!(json(res).await, too_many());
    // Another mobile is not affected.
    app.get("/v1_0/sms/codes/13812345679", None).await;
    let other = app.received_code("13812345679").await;
    assert_eq!(app.try_login("13812345679", &other).await.status(), 201);
    assert_eq!(app.sql_count("SELECT count(*) AS n FROM user_basic"), 1);
}

#[tokio::test]
async fn wrong_codes_from_one_ip_across_many_mobiles_end_in_429() {
    let app = spawn_app_with(|s| s.sms.login_failures_per_ip = 6).await;
    for i in 0..6 {
        let res = app.try_login(&format!("1381234{i:04}"), "123456").await;
        assert_eq!(res.status(), 400, "guess {i}");
    }
    let res = app.try_login("13899999999", "123456").await;
    assert_eq!(res.status(), 429);
    assert_eq!(json(res).await, too_many());
}

#[tokio::test]
async fn an_admin_account_is_locked_after_wrong_passwords_even_for_the_right_one() {
    let app = spawn_app_with(|s| {
        s.admin.failures_per_account = 3;
        s.admin.failures_per_ip = 100;
    })
    .await;
    app.admin_token().await;
    for _ in 0..3 {
        assert_eq!(admin_login(&app, "root", "guess").await.status(), 401);
    }
    for _ in 0..3 {
        let res = admin_login(&app, "root", "correct horse").await;
        assert_eq!(res.status(), 429);
        assert_eq!(json(res).await, too_many());
    }
    let audit = |outcome: &str| {
        app.sql_count(&format!(
            "SELECT count(*) AS n FROM mis_login_audit WHERE account = 'root' AND outcome = '{outcome}'"
        ))
    };
    // One success (the fixture's), three wrong passwords, one lockout record (not three).
    assert_eq!(
        (audit("success"), audit("wrong_password"), audit("locked")),
        (1, 3, 1)
    );
}

#[tokio::test]
async fn an_ip_guessing_many_admin_accounts_is_locked_out() {
    let app = spawn_app_with(|s| {
        s.admin.failures_per_account = 100;
        s.admin.failures_per_ip = 4;
    })
    .await;
    for i in 0..4 {
        let res = admin_login(&app, &format!("admin{i}"), "guess").await;
        assert_eq!(res.status(), 401);
    }
    let res = admin_login(&app, "someone", "guess").await;
    assert_eq!(res.status(), 429);
}

#[tokio::test]
async fn admin_lockouts_hold_across_server_processes_sharing_redis() {
    let first = spawn_app_with(|s| s.admin.failures_per_account = 2).await;
    let prefix = first.state.settings.redis.prefix.clone();
    let second = spawn_app_with(move |s| {
        s.admin.failures_per_account = 2;
        s.redis.prefix = prefix;
    })
    .await;
    assert_eq!(admin_login(&first, "root", "a").await.status(), 401);
    assert_eq!(admin_login(&second, "root", "b").await.status(), 401);
    assert_eq!(admin_login(&first, "root", "c").await.status(), 429);
    assert_eq!(admin_login(&second, "root", "d").await.status(), 429);
}

#[tokio::test]
async fn hashing_is_bounded_and_a_login_that_cannot_get_a_slot_is_503() {
    let app = spawn_app_with(|s| {
        s.admin.hash_concurrency = 1;
        s.admin.hash_wait_ms = 1;
        s.admin.failures_per_account = 1000;
        s.admin.failures_per_ip = 1000;
    })
    .await;
    let attempts: Vec<_> = (0..8)
        .map(|i| {
            let app = &app;
            async move { admin_login(app, &format!("root{i}"), "guess").await }
        })
        .collect();
    let mut statuses = Vec::new();
    for res in futures_util::future::join_all(attempts).await {
        let status = res.status().as_u16();
        let body = json(res).await;
        if status == 503 {
            assert_eq!(
                body,
                json!({"message": "Unavailable service.", "data": null})
            );
        }
        statuses.push(status);
    }
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses.contains(&401), "{statuses:?}");
    assert!(
        statuses.contains(&503),
        "one slot cannot serve 8 at once: {statuses:?}"
    );
}
