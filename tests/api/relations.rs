//! E11-E16: following, follow lists, the blacklist, exact counters under concurrency and
//! the `following notify` event.

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures_users::{counts, real_counts, users};
use crate::helpers::{TestApp, json, spawn_app};

async fn follow(app: &TestApp, token: &str, target: Value) -> reqwest::Response {
    app.post_json(
        "/v1_0/user/followings",
        Some(token),
        &json!({ "target": target }),
    )
    .await
}

#[tokio::test]
async fn following_is_201_with_the_target_and_counts_once_per_real_change() {
    let app = spawn_app().await;
    let u = users(&app, 2).await;
    let (me, target) = (&u[0], u[1].1);
    // Ids as the client sends them (decimal strings) and as JSON numbers.
    for body in [json!(target.to_string()), json!(target)] {
        let res = follow(&app, &me.0.token, body).await;
        assert_eq!(res.status(), 201);
        assert_eq!(
            json(res).await,
            json!({"message": "OK", "data": {"target": target}})
        );
    }
    assert_eq!(counts(&app, me.1), (1, 0));
    assert_eq!(counts(&app, target), (0, 1));
    let me_info = json(app.get("/v1_0/user", Some(&me.0.token)).await).await["data"].clone();
    assert_eq!(me_info["follow_count"], 1);
}

#[tokio::test]
async fn invalid_follows_are_400_with_the_contract_texts() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = follow(&app, &tokens.token, json!(id)).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await,
        json!({"message": "User cannot follow self.", "data": null})
    );
    for bad in [
        json!(123456),
        json!("abc"),
        json!(0),
        json!(-5),
        json!(1.5),
        json!([1]),
    ] {
        let res = follow(&app, &tokens.token, bad.clone()).await;
        assert_eq!(res.status(), 400, "{bad}");
        assert_eq!(
            json(res).await["message"],
            json!({"target": "Invalid target user id."}),
            "{bad}"
        );
    }
    let res = app
        .post_json("/v1_0/user/followings", Some(&tokens.token), &json!({}))
        .await;
    assert_eq!(
        json(res).await["message"],
        json!({"target": "Missing required parameter in the JSON body"})
    );
    assert_eq!(app.sql_count("SELECT count(*) AS n FROM user_relation"), 0);
}

#[tokio::test]
async fn relation_endpoints_require_a_login() {
    let app = spawn_app().await;
    for (method, path) in [
        (Method::POST, "/v1_0/user/followings"),
        (Method::GET, "/v1_0/user/followings"),
        (Method::DELETE, "/v1_0/user/followings/1"),
        (Method::GET, "/v1_0/user/followers"),
        (Method::POST, "/v1_0/user/blacklists"),
        (Method::DELETE, "/v1_0/user/blacklists/1"),
    ] {
        for token in [None, Some("bad.token.here")] {
            let res = app
                .request(method.clone(), path, token)
                .json(&json!({"target": 1}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 401, "{method} {path} {token:?}");
            assert_eq!(json(res).await["message"], "User must be authorized.");
        }
    }
}

#[tokio::test]
async fn unfollowing_is_204_with_no_body_idempotent_and_counts_down_once() {
    let app = spawn_app().await;
    let u = users(&app, 2).await;
    follow(&app, &u[0].0.token, json!(u[1].1)).await;
    for _ in 0..2 {
        let res = app
            .delete(
                &format!("/v1_0/user/followings/{}", u[1].1),
                Some(&u[0].0.token),
            )
            .await;
        assert_eq!(res.status(), 204);
        assert!(res.bytes().await.unwrap().is_empty());
    }
    assert_eq!(counts(&app, u[0].1), (0, 0));
    assert_eq!(counts(&app, u[1].1), (0, 0));
    // Unknown users and bad paths.
    let res = app
        .delete("/v1_0/user/followings/424242", Some(&u[0].0.token))
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .delete("/v1_0/user/followings/0", Some(&u[0].0.token))
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn follow_lists_have_usercards_most_recent_first_with_mutual_follow() {
    let app = spawn_app().await;
    let u = users(&app, 4).await;
    let me = &u[0];
    for other in &u[1..] {
        follow(&app, &me.0.token, json!(other.1)).await;
    }
    // Only u[2] follows back.
    follow(&app, &u[2].0.token, json!(me.1)).await;

    let res = app.get("/v1_0/user/followings", Some(&me.0.token)).await;
    assert_eq!(res.status(), 200);
    let data = json(res).await["data"].clone();
    assert_eq!(data["total_count"], 3);
    assert_eq!(data["page"], 1);
    assert_eq!(data["per_page"], 10);
    let results = data["results"].as_array().unwrap();
    let ids: Vec<i64> = results.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [u[3].1, u[2].1, u[1].1]);
    let card = results[1].as_object().unwrap();
    assert_eq!(
        card.keys().cloned().collect::<Vec<_>>(),
        ["fans_count", "id", "mutual_follow", "name", "photo"]
    );
    assert_eq!(card["mutual_follow"], true);
    assert_eq!(card["fans_count"], 1);
    assert!(card["photo"].as_str().unwrap().starts_with("http"));
    assert_eq!(results[0]["mutual_follow"], false);

    let data = json(app.get("/v1_0/user/followers", Some(&me.0.token)).await).await["data"].clone();
    assert_eq!(data["total_count"], 1);
    assert_eq!(data["results"][0]["id"], u[2].1);
    assert_eq!(data["results"][0]["mutual_follow"], true);
    assert_eq!(data["results"][0]["name"], "13900000002");
    let data =
        json(app.get("/v1_0/user/followers", Some(&u[1].0.token)).await).await["data"].clone();
    assert_eq!(data["results"][0]["id"], me.1);
    assert_eq!(data["results"][0]["mutual_follow"], false);
}

#[tokio::test]
async fn follow_lists_page_within_the_contract_bounds() {
    let app = spawn_app().await;
    let u = users(&app, 12).await;
    for other in &u[1..] {
        follow(&app, &other.0.token, json!(u[0].1)).await;
    }
    let token = &u[0].0.token;
    let page2 = json(
        app.get("/v1_0/user/followers?page=2&per_page=10", Some(token))
            .await,
    )
    .await["data"]
        .clone();
    assert_eq!(
        (page2["total_count"].clone(), page2["page"].clone()),
        (json!(11), json!(2))
    );
    assert_eq!(page2["results"].as_array().unwrap().len(), 1);
    let past =
        json(app.get("/v1_0/user/followers?page=9", Some(token)).await).await["data"].clone();
    assert_eq!(past["results"], json!([]));
    let all = json(
        app.get("/v1_0/user/followers?per_page=50", Some(token))
            .await,
    )
    .await["data"]
        .clone();
    assert_eq!(all["results"].as_array().unwrap().len(), 11);
    for (query, param, text) in [
        (
            "per_page=9",
            "per_page",
            "Invalid per_page: 9. per_page must be within the range 10 - 50",
        ),
        (
            "per_page=51",
            "per_page",
            "Invalid per_page: 51. per_page must be within the range 10 - 50",
        ),
        (
            "page=0",
            "page",
            "Invalid page: 0. page must be a positive integer",
        ),
        ("page=x", "page", "x is not a valid integer"),
    ] {
        for list in ["followers", "followings"] {
            let res = app
                .get(&format!("/v1_0/user/{list}?{query}"), Some(token))
                .await;
            assert_eq!(res.status(), 400, "{list} {query}");
            assert_eq!(json(res).await["message"], json!({ param: text }));
        }
    }
}

#[tokio::test]
async fn blacklisting_removes_the_follow_and_is_idempotent() {
    let app = spawn_app().await;
    let u = users(&app, 2).await;
    let (me, other) = (&u[0], u[1].1);
    follow(&app, &me.0.token, json!(other)).await;
    assert_eq!(counts(&app, other), (0, 1));
    for body in [json!(other.to_string()), json!(other)] {
        let res = app
            .post_json(
                "/v1_0/user/blacklists",
                Some(&me.0.token),
                &json!({"target": body}),
            )
            .await;
        assert_eq!(res.status(), 201);
        assert_eq!(json(res).await["data"], json!({"target": other}));
    }
    assert_eq!(counts(&app, me.1), (0, 0));
    assert_eq!(counts(&app, other), (0, 0));
    let list =
        json(app.get("/v1_0/user/followings", Some(&me.0.token)).await).await["data"].clone();
    assert_eq!(list["total_count"], 0);

    // Following a blacklisted user turns the blacklist into a follow.
    assert_eq!(follow(&app, &me.0.token, json!(other)).await.status(), 201);
    assert_eq!(counts(&app, other), (0, 1));
    let info = json(
        app.get(&format!("/v1_0/users/{other}"), Some(&me.0.token))
            .await,
    )
    .await["data"]
        .clone();
    assert_eq!(
        (info["is_following"].clone(), info["is_blacklist"].clone()),
        (json!(true), json!(false))
    );
}

#[tokio::test]
async fn invalid_blacklists_are_400_with_the_contract_texts() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = app
        .post_json(
            "/v1_0/user/blacklists",
            Some(&tokens.token),
            &json!({"target": id}),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(json(res).await["message"], "User cannot blacklist self.");
    let res = app
        .post_json(
            "/v1_0/user/blacklists",
            Some(&tokens.token),
            &json!({"target": "777"}),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        json!({"target": "Invalid target user id."})
    );
    let res = app
        .post_json("/v1_0/user/blacklists", Some(&tokens.token), &json!({}))
        .await;
    assert_eq!(
        json(res).await["message"],
        json!({"target": "Missing required parameter in the JSON body"})
    );
}

#[tokio::test]
async fn removing_from_the_blacklist_is_204_idempotent_and_restores_no_follow() {
    let app = spawn_app().await;
    let u = users(&app, 2).await;
    let (me, other) = (&u[0], u[1].1);
    follow(&app, &me.0.token, json!(other)).await;
    app.post_json(
        "/v1_0/user/blacklists",
        Some(&me.0.token),
        &json!({"target": other}),
    )
    .await;
    for _ in 0..2 {
        let res = app
            .delete(&format!("/v1_0/user/blacklists/{other}"), Some(&me.0.token))
            .await;
        assert_eq!(res.status(), 204);
        assert!(res.bytes().await.unwrap().is_empty());
    }
    let info = json(
        app.get(&format!("/v1_0/users/{other}"), Some(&me.0.token))
            .await,
    )
    .await["data"]
        .clone();
    assert_eq!(
        (info["is_following"].clone(), info["is_blacklist"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(counts(&app, other), (0, 0));
    // Removing a blacklist entry does not cancel a follow.
    follow(&app, &me.0.token, json!(other)).await;
    app.delete(&format!("/v1_0/user/blacklists/{other}"), Some(&me.0.token))
        .await;
    assert_eq!(counts(&app, other), (0, 1));
}

#[tokio::test]
async fn a_new_follow_publishes_following_notify_to_the_target_room() {
    let app = spawn_app().await;
    let u = users(&app, 3).await;
    let url = secrecy::ExposeSecret::expose_secret(&app.state.settings.redis.url).to_owned();
    let client = deadpool_redis::redis::Client::open(url).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub
        .subscribe(app.state.keys.events_channel())
        .await
        .unwrap();
    let mut messages = pubsub.into_on_message();
    let mut next = async || -> Value {
        let msg = tokio::time::timeout(Duration::from_secs(5), messages.next())
            .await
            .expect("a notification within 5 s")
            .unwrap();
        serde_json::from_str(&msg.get_payload::<String>().unwrap()).unwrap()
    };

    follow(&app, &u[0].0.token, json!(u[1].1)).await;
    let msg = next().await;
    assert_eq!(msg["event"], "following notify");
    assert_eq!(msg["room"], u[1].1.to_string());
    let data = &msg["data"];
    assert_eq!(data["user_id"], u[0].1);
    assert_eq!(data["user_name"], "13900000000");
    assert!(data["user_photo"].as_str().unwrap().starts_with("http"));
    let ts = data["timestamp"].as_i64().unwrap();
    assert!(
        (ts - chrono::Utc::now().timestamp()).abs() < 60,
        "seconds: {ts}"
    );

    // A repeated follow changes nothing and notifies no one: the next message is the next
    // real follow.
    follow(&app, &u[0].0.token, json!(u[1].1)).await;
    follow(&app, &u[0].0.token, json!(u[2].1)).await;
    let msg = next().await;
    assert_eq!(msg["room"], u[2].1.to_string());
}

#[tokio::test]
async fn concurrent_follows_and_unfollows_keep_every_counter_exact() {
    let app = spawn_app().await;
    let u = users(&app, 6).await;
    let mut requests = Vec::new();
    // Every ordered pair, several rounds of follow / unfollow / blacklist in flight at once,
    // including opposite follows of the same two users (the deadlock-prone case).
    for round in 0..4 {
        for (i, a) in u.iter().enumerate() {
            for (j, b) in u.iter().enumerate() {
                if i == j {
                    continue;
                }
                let op = (round + i * 7 + j * 3) % 5;
                requests.push((a.0.token.clone(), b.1, op));
            }
        }
    }
    let app_ref = &app;
    let results = futures_util::future::join_all(requests.into_iter().map(
        |(token, target, op)| async move {
            let res = match op {
                0..=2 => follow(app_ref, &token, json!(target)).await,
                3 => {
                    app_ref
                        .delete(&format!("/v1_0/user/followings/{target}"), Some(&token))
                        .await
                }
                _ => {
                    app_ref
                        .post_json(
                            "/v1_0/user/blacklists",
                            Some(&token),
                            &json!({"target": target}),
                        )
                        .await
                }
            };
            res.status().as_u16()
        },
    ))
    .await;
    assert!(
        results.iter().all(|s| matches!(s, 201 | 204)),
        "{results:?}"
    );
    for (_, id) in &u {
        assert_eq!(counts(&app, *id), real_counts(&app, *id), "user {id}");
    }
    let total = app.sql_count("SELECT count(*) AS n FROM user_relation WHERE relation = 1");
    assert!(total > 0, "the mix should leave some follows");
    let sum = app.sql_count("SELECT sum(fans_count)::bigint AS n FROM user_basic");
    assert_eq!(sum, total);
}
