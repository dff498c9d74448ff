//! Counters a user sees of themselves move at once when others act on their content, even
//! though user rows are served from the in-process cache.

use serde_json::json;

use crate::fixtures_news::article;
use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn an_author_sees_likes_and_reads_of_their_articles_immediately() {
    let app = spawn_app().await;
    let (author, author_id) = app.login_user("13800000001").await;
    let (reader, _) = app.login_user("13800000002").await;
    let art = article(&app, author_id);

    // Warm the cache with the author's current counters.
    let me = json(app.get("/v1_0/user", Some(&author.token)).await).await;
    assert_eq!(me["data"]["like_count"], 0);
    let fig = json(app.get("/v1_0/user/figure", Some(&author.token)).await).await;
    assert_eq!(fig["data"]["read_count"], 0);

    let res = app
        .post_json(
            "/v1_0/article/likings",
            Some(&reader.token),
            &json!({"target": art}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        app.get(&format!("/v1_0/articles/{art}"), Some(&reader.token))
            .await
            .status(),
        200
    );

    let me = json(app.get("/v1_0/user", Some(&author.token)).await).await;
    assert_eq!(me["data"]["like_count"], 1);
    let fig = json(app.get("/v1_0/user/figure", Some(&author.token)).await).await;
    assert_eq!(fig["data"]["read_count"], 1);

    // Switching to a dislike takes the like back, and the author sees that too.
    let res = app
        .post_json(
            "/v1_0/article/dislikes",
            Some(&reader.token),
            &json!({"target": art.to_string()}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let me = json(app.get("/v1_0/user", Some(&author.token)).await).await;
    assert_eq!(me["data"]["like_count"], 0);
}

#[tokio::test]
async fn a_follow_shows_in_both_users_counts_at_once() {
    let app = spawn_app().await;
    let (a, _) = app.login_user("13800000001").await;
    let (b, b_id) = app.login_user("13800000002").await;
    let res = app
        .post_json(
            "/v1_0/user/followings",
            Some(&a.token),
            &json!({"target": b_id}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let me = json(app.get("/v1_0/user", Some(&a.token)).await).await;
    assert_eq!(me["data"]["follow_count"], 1);
    let them = json(app.get("/v1_0/user", Some(&b.token)).await).await;
    assert_eq!(them["data"]["fans_count"], 1);
}
