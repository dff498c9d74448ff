//! E06-E08, E10: public user info, the editable profile and its partial update, statistics.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures_users::{JPEG, NOT_AN_IMAGE, PNG, users};
use crate::helpers::{json, spawn_app};

const USER_INFO_FIELDS: [&str; 10] = [
    "id",
    "name",
    "photo",
    "is_media",
    "intro",
    "certi",
    "art_count",
    "follow_count",
    "fans_count",
    "like_count",
];

async fn patch_profile(
    app: &crate::helpers::TestApp,
    token: &str,
    body: Value,
) -> reqwest::Response {
    app.send_json(Method::PATCH, "/v1_0/user/profile", Some(token), &body)
        .await
}

#[tokio::test]
async fn another_users_info_has_the_userinfo_fields_and_false_flags_for_anonymous_callers() {
    let app = spawn_app().await;
    let (_, id) = app.login_user("13800000001").await;
    for auth in [None, Some("Anony device-42")] {
        let mut rb = app.request(Method::GET, &format!("/v1_0/users/{id}"), None);
        if let Some(a) = auth {
            rb = rb.header("Authorization", a);
        }
        let res = rb.send().await.unwrap();
        assert_eq!(res.status(), 200);
        let body = json(res).await;
        assert_eq!(body["message"], "OK");
        let data = body["data"].as_object().unwrap();
        for f in USER_INFO_FIELDS {
            assert!(data.contains_key(f), "{f} missing in {data:?}");
        }
        assert_eq!(data.len(), USER_INFO_FIELDS.len() + 2, "{data:?}");
        assert_eq!(data["id"], id);
        assert_eq!(data["name"], "13800000001");
        assert!(data["photo"].as_str().unwrap().starts_with("http"));
        assert_eq!(data["is_media"], 0);
        assert_eq!(data["is_following"], false);
        assert_eq!(data["is_blacklist"], false);
        assert!(data.get("mobile").is_none());
    }
}

#[tokio::test]
async fn another_users_info_shows_whether_the_caller_follows_or_blacklisted_them() {
    let app = spawn_app().await;
    let u = users(&app, 3).await;
    let (me, followed, blocked) = (&u[0].0.token, u[1].1, u[2].1);
    let res = app
        .post_json(
            "/v1_0/user/followings",
            Some(me),
            &json!({"target": followed.to_string()}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let res = app
        .post_json(
            "/v1_0/user/blacklists",
            Some(me),
            &json!({"target": blocked}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let data =
        json(app.get(&format!("/v1_0/users/{followed}"), Some(me)).await).await["data"].clone();
    assert_eq!(
        (data["is_following"].clone(), data["is_blacklist"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(data["fans_count"], 1);
    let data = json(
        app.get(&format!("/app/v1_0/users/{blocked}"), Some(me))
            .await,
    )
    .await["data"]
        .clone();
    assert_eq!(
        (data["is_following"].clone(), data["is_blacklist"].clone()),
        (json!(false), json!(true))
    );
    // Flags describe the caller's relation, not the other way round.
    let data = json(
        app.get(&format!("/v1_0/users/{}", u[0].1), Some(&u[1].0.token))
            .await,
    )
    .await["data"]
        .clone();
    assert_eq!(data["is_following"], false);
    assert_eq!(data["follow_count"], 1);
}

#[tokio::test]
async fn an_unknown_user_is_400_and_a_malformed_id_is_404() {
    let app = spawn_app().await;
    let res = app.get("/v1_0/users/12345", None).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await,
        json!({"message": "Invalid target user.", "data": null})
    );
    for bad in ["0", "abc", "-1", "99999999999999999999"] {
        assert_eq!(
            app.get(&format!("/v1_0/users/{bad}"), None).await.status(),
            404,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_bad_token_on_the_optional_user_info_is_401() {
    let app = spawn_app().await;
    let (_, id) = app.login_user("13800000001").await;
    let res = app
        .get(&format!("/v1_0/users/{id}"), Some("not-a-jwt"))
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(json(res).await["message"], "Token has some errors.");
}

#[tokio::test]
async fn the_profile_has_the_editable_fields_with_an_empty_birthday_when_unset() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = app.get("/v1_0/user/profile", Some(&tokens.token)).await;
    assert_eq!(res.status(), 200);
    let data = json(res).await["data"].clone();
    assert_eq!(
        data.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        ["birthday", "gender", "id", "mobile", "name", "photo"]
    );
    assert_eq!(data["id"], id);
    assert_eq!(data["mobile"], "13800000001");
    assert_eq!(data["gender"], 0);
    assert_eq!(data["birthday"], "");
    assert!(data["photo"].as_str().unwrap().starts_with("http"));
}

#[tokio::test]
async fn profile_and_figure_require_a_login() {
    let app = spawn_app().await;
    for (method, path) in [
        (Method::GET, "/v1_0/user/profile"),
        (Method::PATCH, "/v1_0/user/profile"),
        (Method::GET, "/v1_0/user/figure"),
    ] {
        let res = app
            .request(method.clone(), path, None)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{method} {path}");
        assert_eq!(json(res).await["message"], "User must be authorized.");
        let res = app
            .request(method.clone(), path, Some("garbage"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{method} {path} with a bad token");
    }
}

#[tokio::test]
async fn a_profile_update_applies_every_sent_field_and_returns_exactly_those() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_profile(
        &app,
        &tokens.token,
        json!({
            "name": "黑马小明",
            "gender": 1,
            "birthday": "1990-02-28",
            "intro": "写代码的",
            "real_name": "张三",
            "id_number": "11010519491231002x",
        }),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        json(res).await,
        json!({"message": "OK", "data": {
            "id": id, "name": "黑马小明", "gender": 1, "birthday": "1990-02-28",
            "intro": "写代码的", "real_name": "张三", "id_number": "11010519491231002X",
        }})
    );
    let profile =
        json(app.get("/v1_0/user/profile", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(profile["name"], "黑马小明");
    assert_eq!(profile["gender"], 1);
    assert_eq!(profile["birthday"], "1990-02-28");
    let me = json(app.get("/v1_0/user", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(me["intro"], "写代码的");

    // One field per request, as the client sends them; the others stay.
    let res = patch_profile(&app, &tokens.token, json!({"gender": "0"})).await;
    assert_eq!(json(res).await["data"], json!({"id": id, "gender": 0}));
    let res = patch_profile(&app, &tokens.token, json!({"intro": ""})).await;
    assert_eq!(json(res).await["data"], json!({"id": id, "intro": ""}));
    let profile =
        json(app.get("/v1_0/user/profile", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(
        (profile["gender"].clone(), profile["name"].clone()),
        (json!(0), json!("黑马小明"))
    );
    let me = json(app.get("/v1_0/user", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(me["intro"], "");
    assert_eq!(
        app.sql_count(&format!(
            "SELECT count(*) AS n FROM user_profile WHERE user_id = {id} AND real_name = '张三' AND id_number = '11010519491231002X'"
        )),
        1
    );
}

#[tokio::test]
async fn an_empty_birthday_or_no_field_at_all_changes_nothing() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_profile(&app, &tokens.token, json!({"birthday": ""})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(json(res).await["data"], json!({"id": id}));
    // A body without a JSON content type reads as no parameter at all.
    let res = app
        .request(Method::PATCH, "/v1_0/user/profile", Some(&tokens.token))
        .body(r#"{"name":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(json(res).await["data"], json!({"id": id}));
    let profile =
        json(app.get("/v1_0/user/profile", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(profile["name"], "13800000001");
}

#[tokio::test]
async fn invalid_profile_fields_are_400_with_the_parameter_message() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let name_msg = r#"Value does not match pattern: "^.{1,7}$""#;
    let intro_msg = r#"Value does not match pattern: "^.{0,60}$""#;
    let text_b64 = STANDARD.encode(NOT_AN_IMAGE);
    let cases = [
        (json!({"name": ""}), "name", name_msg),
        (json!({"name": "12345678"}), "name", name_msg),
        (json!({"name": ["a"]}), "name", name_msg),
        // A number is not a string, however short (the original's parser refuses it).
        (json!({"name": 12345}), "name", name_msg),
        (json!({"gender": 2}), "gender", "Invalid gender."),
        (json!({"gender": "male"}), "gender", "Invalid gender."),
        (
            json!({"birthday": "1990-13-01"}),
            "birthday",
            "Invalid date param.",
        ),
        (
            json!({"birthday": "1990-02-30"}),
            "birthday",
            "Invalid date param.",
        ),
        (
            json!({"birthday": "19900101"}),
            "birthday",
            "Invalid date param.",
        ),
        (
            json!({"birthday": "2999-01-01"}),
            "birthday",
            "Invalid date param.",
        ),
        (
            json!({"birthday": 19900101}),
            "birthday",
            "Invalid date param.",
        ),
        (json!({"intro": "x".repeat(61)}), "intro", intro_msg),
        (
            json!({"real_name": "一二三四五六七八"}),
            "real_name",
            name_msg,
        ),
        (
            json!({"id_number": "123456"}),
            "id_number",
            "Invalid id number.",
        ),
        (
            json!({"id_number": "11010519491331002X"}),
            "id_number",
            "Invalid id number.",
        ),
        (
            json!({"photo": "not base64 at all!"}),
            "photo",
            "Invalid image.",
        ),
        (json!({"photo": text_b64}), "photo", "Invalid image."),
        (json!({"photo": 12}), "photo", "Invalid image."),
        (
            json!({"id_card_front": text_b64}),
            "id_card_front",
            "Invalid image.",
        ),
        (
            json!({"id_card_back": ""}),
            "id_card_back",
            "Invalid image.",
        ),
        (
            json!({"id_card_handheld": "%%%"}),
            "id_card_handheld",
            "Invalid image.",
        ),
    ];
    for (body, field, text) in cases {
        let res = patch_profile(&app, &tokens.token, body.clone()).await;
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(
            json(res).await,
            json!({"message": {field: text}, "data": null}),
            "{body}"
        );
    }
    let res = app
        .request(Method::PATCH, "/v1_0/user/profile", Some(&tokens.token))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    // Nothing was half-applied.
    let profile =
        json(app.get("/v1_0/user/profile", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(profile["name"], "13800000001");
    assert_eq!(profile["birthday"], "");
}

#[tokio::test]
async fn a_name_another_user_has_is_409() {
    let app = spawn_app().await;
    let u = users(&app, 2).await;
    let res = patch_profile(&app, &u[0].0.token, json!({"name": "小明"})).await;
    assert_eq!(res.status(), 200);
    let res = patch_profile(&app, &u[1].0.token, json!({"name": "小明"})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        json(res).await,
        json!({"message": "User name has existed.", "data": null})
    );
    // Keeping one's own name is not a conflict.
    let res = patch_profile(&app, &u[0].0.token, json!({"name": "小明"})).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn base64_images_in_the_profile_are_stored_and_served_back() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_profile(
        &app,
        &tokens.token,
        json!({"photo": STANDARD.encode(PNG), "id_card_front": STANDARD.encode(JPEG)}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let data = json(res).await["data"].clone();
    assert_eq!(data["id"], id);
    let photo = data["photo"].as_str().unwrap();
    let front = data["id_card_front"].as_str().unwrap();
    assert!(
        photo.starts_with(&app.state.settings.storage.public_url),
        "{photo}"
    );
    let fetched = app.client.get(photo).send().await.unwrap();
    assert_eq!(fetched.headers()["content-type"], "image/png");
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), PNG);
    let fetched = app.client.get(front).send().await.unwrap();
    assert_eq!(fetched.headers()["content-type"], "image/jpeg");
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), JPEG);
    // Bodies with images may exceed server.json_limit (256 KiB): they are sized from the
    // upload limit instead.
    let mut big = PNG.to_vec();
    big.resize(400 * 1024, 0);
    let res = patch_profile(
        &app,
        &tokens.token,
        json!({"id_card_back": STANDARD.encode(&big)}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let back = json(res).await["data"]["id_card_back"]
        .as_str()
        .unwrap()
        .to_owned();
    let fetched = app.client.get(&back).send().await.unwrap();
    assert_eq!(fetched.bytes().await.unwrap().len(), big.len());
    let me = json(app.get("/v1_0/user", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(me["photo"], photo);
}

#[tokio::test]
async fn the_figure_shows_fans_and_reads() {
    let app = spawn_app().await;
    let u = users(&app, 2).await;
    app.post_json(
        "/v1_0/user/followings",
        Some(&u[1].0.token),
        &json!({"target": u[0].1}),
    )
    .await;
    app.sql_count(&format!(
        "WITH x AS (UPDATE user_basic SET read_count = 42 WHERE user_id = {} RETURNING 1) SELECT count(*) AS n FROM x",
        u[0].1
    ));
    // Whoever writes read_count (issue 4) drops the cached row.
    toutiao::services::users::forget_user(&app.state, u[0].1).await;
    let res = app.get("/v1_0/user/figure", Some(&u[0].0.token)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        json(res).await,
        json!({"message": "OK", "data": {"fans_count": 1, "read_count": 42}})
    );
}
