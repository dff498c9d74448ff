//! E25 (the page feed) and the feeds' auth levels.

use chrono::{TimeDelta, Utc};
use serde_json::json;

use crate::fixtures_news::{self as fx, Article};
use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn the_page_feed_v1_0_has_page_and_per_page_and_pins_on_page_one() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let pinned = Article::new(author, 8)
        .at(Utc::now() - TimeDelta::days(1))
        .pinned()
        .insert(&app);
    let regular: Vec<i64> = (0..12)
        .map(|i| {
            Article::new(author, 8)
                .at(Utc::now() - TimeDelta::minutes(i + 1))
                .insert(&app)
        })
        .collect();
    let body = json(app.get("/v1_0/articles?channel_id=8", None).await).await;
    assert_eq!(body["data"]["page"], 1);
    assert_eq!(body["data"]["per_page"], 10);
    assert!(body["data"].get("total_count").is_none());
    assert!(body["data"].get("pre_timestamp").is_none());
    let first = fx::ids(&body, "art_id");
    assert_eq!(first[0], pinned);
    assert_eq!(first[1..], regular[..10]);
    assert!(body["data"]["results"][1]["trace"]["click"].is_string());
    let body = json(
        app.get("/app/v1_0/articles?channel_id=8&page=2", None)
            .await,
    )
    .await;
    assert_eq!(fx::ids(&body, "art_id"), regular[10..]);
    let body = json(app.get("/v1_0/articles?channel_id=8&page=3", None).await).await;
    assert_eq!(body["data"]["results"], json!([]));

    for (query, message) in [
        (
            "channel_id=8&per_page=9",
            json!({"per_page": "Invalid per_page: 9. per_page must be within the range 10 - 50"}),
        ),
        (
            "channel_id=8&page=0",
            json!({"page": "Invalid page: 0. page must be a positive integer"}),
        ),
        (
            "channel_id=77",
            json!({"channel_id": "Invalid channel id."}),
        ),
        (
            "page=1",
            json!({"channel_id": "Missing required parameter in the query string"}),
        ),
    ] {
        let res = app.get(&format!("/v1_0/articles?{query}"), None).await;
        assert_eq!(res.status(), 400, "{query}");
        assert_eq!(json(res).await["message"], message, "{query}");
    }
}

#[tokio::test]
async fn a_bad_token_on_the_feed_is_401_and_a_banned_user_is_403() {
    let app = spawn_app().await;
    let (user, token) = fx::user(&app);
    let query = format!(
        "/v1_1/articles?channel_id=0&timestamp={}&with_top=1",
        Utc::now().timestamp_millis()
    );
    let res = app.get(&query, Some("not-a-jwt")).await;
    assert_eq!(res.status(), 401);
    assert_eq!(json(res).await["message"], "Token has some errors.");
    assert_eq!(app.get(&query, Some(&token)).await.status(), 200);
    fx::ban(&app, user).await;
    for path in [query.as_str(), "/v1_0/articles?channel_id=0"] {
        let res = app.get(path, Some(&token)).await;
        assert_eq!(res.status(), 403, "{path}");
        assert_eq!(json(res).await["message"], "User denied.");
    }
}

#[tokio::test]
async fn extreme_numbers_never_cause_a_server_error() {
    let app = spawn_app().await;
    let (author, token) = fx::user(&app);
    let id = fx::article(&app, author);
    let max = i64::MAX;
    let t = Some(token.as_str());
    for path in [
        format!("/v1_1/articles?channel_id=0&timestamp={max}&with_top=1"),
        format!("/v1_1/articles?channel_id=1&timestamp={max}&with_top=0"),
        format!("/v1_1/articles?channel_id={max}&timestamp=1&with_top=1"),
        format!("/v1_0/articles?channel_id=0&page={max}&per_page=50"),
        format!("/v1_0/users/{author}/articles?page={max}"),
        format!("/v1_0/user/articles?page={max}"),
        format!("/v1_0/article/collections?page={max}"),
        format!("/v1_0/user/histories?page={max}&per_page=50"),
        format!("/v1_0/announcements?page={max}"),
        format!("/v1_0/comments?type=a&source={id}&offset={max}&limit=50"),
        format!("/v1_0/comments?type=c&source={max}"),
    ] {
        let res = app.get(&path, t).await;
        assert!(
            res.status().is_success() || res.status() == 400,
            "{path}: {}",
            res.status()
        );
    }
    let body = json(
        app.get(
            &format!("/v1_1/articles?channel_id=0&timestamp={max}&with_top=1"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(fx::ids(&body, "art_id"), vec![id]);
    for body in [
        json!({"target": max}),
        json!({"target": "99999999999999999999"}),
        json!({"target": 1.5}),
        json!({"target": [1]}),
    ] {
        for path in [
            "/v1_0/article/likings",
            "/v1_0/article/collections",
            "/v1_0/comment/likings",
        ] {
            let res = app.post_json(path, t, &body).await;
            assert_eq!(res.status(), 400, "{path} {body}");
        }
    }
    let res = app
        .post_json(
            "/v1_0/comments",
            t,
            &json!({"target": id, "content": "x", "art_id": max}),
        )
        .await;
    assert_eq!(res.status(), 400);
}
