//! E17-E24: all channels, the default list, and a user's own channel list with its batch and
//! single-channel writes (also under `/v1_1/user/channels`).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, json, spawn_app};

/// The seeded defaults (is_default, by sequence): what anonymous callers see after 推荐.
const DEFAULT_IDS: [i64; 11] = [1, 2, 4, 6, 7, 8, 9, 10, 11, 12, 13];

fn ids(body: &Value) -> Vec<i64> {
    body["data"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

async fn channels_of(app: &TestApp, token: Option<&str>) -> Vec<i64> {
    ids(&json(app.get("/v1_0/user/channels", token).await).await)
}

async fn batch(app: &TestApp, method: Method, token: &str, body: Value) -> reqwest::Response {
    app.send_json(method, "/v1_0/user/channels", Some(token), &body)
        .await
}

#[tokio::test]
async fn all_channels_are_the_visible_ones_by_sequence_without_recommended() {
    let app = spawn_app().await;
    let res = app.get("/v1_0/channels", None).await;
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    let list = body["data"]["channels"].as_array().unwrap();
    assert_eq!(list.len(), 32);
    assert_eq!(list[0], json!({"id": 1, "name": "html"}));
    assert_eq!(list[1], json!({"id": 2, "name": "开发者资讯"}));
    assert_eq!(list[2], json!({"id": 4, "name": "c++"}));
    assert!(list.iter().all(|c| c["id"] != 0));
    app.sql_count(
        "WITH x AS (UPDATE news_channel SET is_visible = false WHERE channel_id = 4 RETURNING 1) SELECT count(*) AS n FROM x",
    );
    let again = ids(&json(app.get("/app/v1_0/channels", None).await).await);
    assert_eq!(again.len(), 31);
    assert!(!again.contains(&4));
}

#[tokio::test]
async fn anonymous_callers_get_recommended_then_the_defaults() {
    let app = spawn_app().await;
    let mut expected = vec![0];
    expected.extend(DEFAULT_IDS);
    for path in [
        "/v1_0/user/channels",
        "/v1_1/user/channels",
        "/app/v1_1/user/channels",
    ] {
        let res = app
            .request(Method::GET, path, None)
            .header("Authorization", "Anony abc")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let body = json(res).await;
        assert_eq!(
            body["data"]["channels"][0],
            json!({"id": 0, "name": "推荐"})
        );
        assert_eq!(ids(&body), expected, "{path}");
    }
    let res = app.get("/v1_0/user/channels", Some("bad")).await;
    assert_eq!(res.status(), 401);
    assert_eq!(json(res).await["message"], "Token has some errors.");
}

#[tokio::test]
async fn a_user_with_no_saved_channels_gets_the_defaults_then_their_own_list_in_order() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let t = tokens.token.as_str();
    assert_eq!(channels_of(&app, Some(t)).await[1..], DEFAULT_IDS);

    let body = json!({"channels": [{"id": 18, "seq": 2}, {"id": "x", "seq": 1}]});
    assert_eq!(batch(&app, Method::POST, t, body).await.status(), 400);
    let body =
        json!({"channels": [{"id": 18, "seq": 2}, {"id": 3, "seq": "1"}, {"id": 9, "seq": 3}]});
    let res = batch(&app, Method::POST, t, body.clone()).await;
    assert_eq!(res.status(), 201);
    assert_eq!(json(res).await, json!({"message": "OK", "data": body}));
    assert_eq!(channels_of(&app, Some(t)).await, [0, 3, 18, 9]);
    // The same list under /v1_1.
    let v11 = ids(&json(app.get("/v1_1/user/channels", Some(t)).await).await);
    assert_eq!(v11, [0, 3, 18, 9]);
    assert_eq!(
        app.sql_count(&format!(
            "SELECT count(*) AS n FROM news_user_channel WHERE user_id = {id} AND channel_id = 0"
        )),
        0
    );
}

#[tokio::test]
async fn adding_a_channel_already_linked_is_409_and_saves_nothing() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let t = tokens.token.as_str();
    batch(
        &app,
        Method::POST,
        t,
        json!({"channels": [{"id": 5, "seq": 1}]}),
    )
    .await;
    let res = batch(
        &app,
        Method::POST,
        t,
        json!({"channels": [{"id": 6, "seq": 2}, {"id": 5, "seq": 3}]}),
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        json(res).await,
        json!({"message": "Some conflict user channels occurred.", "data": null})
    );
    assert_eq!(channels_of(&app, Some(t)).await, [0, 5]);
    // A channel deleted earlier still counts as linked.
    app.delete("/v1_0/user/channels/5", Some(t)).await;
    let res = batch(
        &app,
        Method::POST,
        t,
        json!({"channels": [{"id": 5, "seq": 1}]}),
    )
    .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn batch_channel_bodies_are_validated_with_plain_messages() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let t = tokens.token.as_str();
    let cases = [
        (json!({}), "Channels param is required."),
        (json!({"channels": []}), "Channels param is required."),
        (json!([1, 2]), "Channels param is required."),
        (json!({"channels": {"id": 1}}), "Invalid channels param."),
        (json!({"channels": [1, 2]}), "Invalid channels param."),
        (json!({"channels": [{"id": 1}]}), "Invalid channels param."),
        (json!({"channels": [{"seq": 1}]}), "Invalid channels param."),
        (
            json!({"channels": [{"id": "1", "seq": 1}]}),
            "Invalid channels param.",
        ),
        (
            json!({"channels": [{"id": 1, "seq": "one"}]}),
            "Invalid channels param.",
        ),
        (
            json!({"channels": [{"id": 0, "seq": 1}]}),
            "Invalid channels param.",
        ),
        (
            json!({"channels": [{"id": 999, "seq": 1}]}),
            "Invalid channels param.",
        ),
        (
            json!({"channels": [{"id": 1, "seq": 1}, {"id": 1, "seq": 2}]}),
            "Repeated channels occurred.",
        ),
        (
            json!({"channels": [{"id": 1, "seq": -1}]}),
            "Invalid channel sequence param.",
        ),
    ];
    for method in [Method::POST, Method::PUT, Method::PATCH] {
        for (body, text) in &cases {
            let res = batch(&app, method.clone(), t, body.clone()).await;
            assert_eq!(res.status(), 400, "{method} {body}");
            assert_eq!(
                json(res).await,
                json!({"message": text, "data": null}),
                "{method} {body}"
            );
        }
    }
    // These endpoints read JSON whatever the content type; an empty body is "required".
    let res = app
        .request(Method::PATCH, "/v1_0/user/channels", Some(t))
        .header("Content-Type", "text/plain")
        .body(r#"{"channels": [{"id": 7, "seq": 1}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = app
        .request(Method::PUT, "/v1_0/user/channels", Some(t))
        .send()
        .await
        .unwrap();
    assert_eq!(json(res).await["message"], "Channels param is required.");
    // The PATCH edited the defaults this new user was shown: 7 moved to seq 1.
    let mut expected = vec![0, 1, 7];
    expected.extend(DEFAULT_IDS.iter().filter(|id| ![1, 7].contains(*id)));
    assert_eq!(channels_of(&app, Some(t)).await, expected);
}

#[tokio::test]
async fn a_new_users_first_edit_starts_from_the_defaults_they_were_shown() {
    let app = spawn_app().await;
    // What the real client sends to remove a channel...
    let (tokens, _) = app.login_user("13800000001").await;
    let t = tokens.token.as_str();
    let res = app.delete("/app/v1_0/user/channels/2", Some(t)).await;
    assert_eq!(res.status(), 204);
    let mut expected = vec![0];
    expected.extend(DEFAULT_IDS.iter().filter(|id| **id != 2));
    assert_eq!(channels_of(&app, Some(t)).await, expected);

    // ...and to add one, at the end of the list it shows (seq = its length).
    let (tokens, _) = app.login_user("13800000002").await;
    let t = tokens.token.as_str();
    let res = batch(
        &app,
        Method::PATCH,
        t,
        json!({"channels": [{"id": 14, "seq": 11}]}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let mut expected = vec![0];
    expected.extend(DEFAULT_IDS);
    expected.push(14);
    assert_eq!(channels_of(&app, Some(t)).await, expected);

    // Moving one channel of the shown list keeps the others.
    let (tokens, _) = app.login_user("13800000003").await;
    let t = tokens.token.as_str();
    let res = app
        .send_json(
            Method::PUT,
            "/app/v1_0/user/channels/13",
            Some(t),
            &json!({"seq": 1}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let list = channels_of(&app, Some(t)).await;
    assert_eq!(list.len(), DEFAULT_IDS.len() + 1);
    assert_eq!(list[..3], [0, 1, 13]);
}

#[tokio::test]
async fn put_replaces_the_list_and_patch_upserts_into_it() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let t = tokens.token.as_str();
    batch(
        &app,
        Method::POST,
        t,
        json!({"channels": [{"id": 1, "seq": 1}, {"id": 2, "seq": 2}]}),
    )
    .await;

    let body = json!({"channels": [{"id": 2, "seq": 5}, {"id": 3, "seq": 1}]});
    let res = batch(&app, Method::PUT, t, body.clone()).await;
    assert_eq!(res.status(), 201);
    assert_eq!(json(res).await["data"], body);
    assert_eq!(channels_of(&app, Some(t)).await, [0, 3, 2]);

    let res = app
        .send_json(
            Method::PATCH,
            "/v1_1/user/channels",
            Some(t),
            &json!({"channels": [{"id": 1, "seq": 9}, {"id": 3, "seq": 10}]}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(channels_of(&app, Some(t)).await, [0, 2, 1, 3]);
}

#[tokio::test]
async fn batch_delete_removes_listed_channels_and_checks_each_id() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let t = tokens.token.as_str();
    batch(
        &app,
        Method::POST,
        t,
        json!({"channels": [{"id": 1, "seq": 1}, {"id": 2, "seq": 2}, {"id": 3, "seq": 3}]}),
    )
    .await;
    let res = app
        .send_json(
            Method::DELETE,
            "/v1_0/user/channels",
            Some(t),
            &json!({"channels": [1, "3", 30]}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert!(res.bytes().await.unwrap().is_empty());
    assert_eq!(channels_of(&app, Some(t)).await, [0, 2]);
    for (body, text) in [
        (
            json!({"channels": [2, 0]}),
            "Invalid channels: 0. channels must be a positive integer",
        ),
        (
            json!({"channels": ["x"]}),
            "Invalid channels: x. channels must be a positive integer",
        ),
        (
            json!({"channels": [-3]}),
            "Invalid channels: -3. channels must be a positive integer",
        ),
        (json!({}), "Missing required parameter in the JSON body"),
    ] {
        let res = app
            .send_json(Method::DELETE, "/v1_1/user/channels", Some(t), &body)
            .await;
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(
            json(res).await["message"],
            json!({"channels": text}),
            "{body}"
        );
    }
    assert_eq!(channels_of(&app, Some(t)).await, [0, 2]);
}

#[tokio::test]
async fn one_channel_can_be_positioned_and_removed() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let t = tokens.token.as_str();
    batch(
        &app,
        Method::POST,
        t,
        json!({"channels": [{"id": 1, "seq": 1}, {"id": 2, "seq": 2}]}),
    )
    .await;
    let res = app
        .send_json(
            Method::PUT,
            "/v1_0/user/channels/2",
            Some(t),
            &json!({"seq": "1"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        json(res).await,
        json!({"message": "OK", "data": {"id": 2, "seq": 1}})
    );
    let res = app
        .send_json(
            Method::PUT,
            "/v1_0/user/channels/1",
            Some(t),
            &json!({"seq": 3}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // Adds a channel that was not in the list.
    app.send_json(
        Method::PUT,
        "/app/v1_0/user/channels/20",
        Some(t),
        &json!({"seq": 2}),
    )
    .await;
    assert_eq!(channels_of(&app, Some(t)).await, [0, 2, 20, 1]);

    for (path, body, expected) in [
        (
            "/v1_0/user/channels/999",
            json!({"seq": 1}),
            json!("Invalid channel id."),
        ),
        (
            "/v1_0/user/channels/2",
            json!({"seq": 0}),
            json!({"seq": "Invalid seq: 0. seq must be a positive integer"}),
        ),
        (
            "/v1_0/user/channels/2",
            json!({"seq": "a"}),
            json!({"seq": "Invalid seq: a. seq must be a positive integer"}),
        ),
        (
            "/v1_0/user/channels/2",
            json!({}),
            json!({"seq": "Missing required parameter in the JSON body"}),
        ),
    ] {
        let res = app.send_json(Method::PUT, path, Some(t), &body).await;
        assert_eq!(res.status(), 400, "{path} {body}");
        assert_eq!(json(res).await["message"], expected, "{path} {body}");
    }
    assert_eq!(
        app.send_json(
            Method::PUT,
            "/v1_0/user/channels/0",
            Some(t),
            &json!({"seq": 1})
        )
        .await
        .status(),
        404
    );

    for _ in 0..2 {
        let res = app.delete("/v1_0/user/channels/20", Some(t)).await;
        assert_eq!(res.status(), 204);
    }
    assert_eq!(channels_of(&app, Some(t)).await, [0, 2, 1]);
}

#[tokio::test]
async fn writing_channels_requires_a_login() {
    let app = spawn_app().await;
    for (method, path) in [
        (Method::POST, "/v1_0/user/channels"),
        (Method::PUT, "/v1_0/user/channels"),
        (Method::PATCH, "/v1_1/user/channels"),
        (Method::DELETE, "/v1_0/user/channels"),
        (Method::PUT, "/v1_0/user/channels/1"),
        (Method::DELETE, "/v1_0/user/channels/1"),
    ] {
        let res = app
            .request(method.clone(), path, None)
            .json(&json!({"channels": [{"id": 1, "seq": 1}], "seq": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{method} {path}");
        assert_eq!(json(res).await["message"], "User must be authorized.");
    }
}
