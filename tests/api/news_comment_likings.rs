//! E40/E41 comment likes, exact counters under concurrent comments, comment notify.

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::fixtures_news::{self as fx, Article};
use crate::helpers::{TestApp, json, spawn_app};

async fn comment(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.post_json("/v1_0/comments", Some(token), &body).await;
    assert_eq!(res.status(), 201, "{body}");
    json(res).await
}

async fn list(app: &TestApp, query: &str, token: Option<&str>) -> Value {
    let res = app.get(&format!("/v1_0/comments?{query}"), token).await;
    assert_eq!(res.status(), 200, "{query}");
    json(res).await
}

#[tokio::test]
async fn comment_likes_are_idempotent_exact_and_shown_to_the_liker() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let t = Some(token.as_str());
    let id = fx::article(&app, author);
    let com_id =
        comment(&app, &token, json!({"target": id, "content": "x"})).await["data"]["com_id"]
            .as_i64()
            .unwrap();
    for _ in 0..2 {
        let res = app
            .post_json(
                "/v1_0/comment/likings",
                t,
                &json!({"target": com_id.to_string()}),
            )
            .await;
        assert_eq!(res.status(), 201);
        assert_eq!(json(res).await["data"], json!({"target": com_id}));
    }
    assert_eq!(fx::comment_stat(&app, com_id, "like_count"), 1);
    let mine = list(&app, &format!("type=a&source={id}"), t).await;
    assert_eq!(mine["data"]["results"][0]["is_liking"], true);
    assert_eq!(mine["data"]["results"][0]["like_count"], 1);
    let anon = list(&app, &format!("type=a&source={id}"), None).await;
    assert_eq!(anon["data"]["results"][0]["is_liking"], false);
    for _ in 0..2 {
        let res = app
            .delete(&format!("/v1_0/comment/likings/{com_id}"), t)
            .await;
        assert_eq!(res.status(), 204);
    }
    assert_eq!(fx::comment_stat(&app, com_id, "like_count"), 0);
    app.post_json("/v1_0/comment/likings", t, &json!({"target": com_id}))
        .await;
    assert_eq!(fx::comment_stat(&app, com_id, "like_count"), 1);
    let res = app
        .post_json("/v1_0/comment/likings", t, &json!({"target": 5}))
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        json!({"target": "Invalid target comment id."})
    );
    assert_eq!(
        app.delete("/v1_0/comment/likings/5", None).await.status(),
        401
    );
}

#[tokio::test]
async fn concurrent_comments_replies_and_comment_likes_count_exactly() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, first) = fx::user(&app);
    let id = fx::article(&app, author);
    let parent =
        comment(&app, &first, json!({"target": id, "content": "parent"})).await["data"]["com_id"]
            .as_i64()
            .unwrap();
    let users: Vec<(i64, String)> = (0..16).map(|_| fx::user(&app)).collect();
    let requests = users.iter().flat_map(|(_, token)| {
        let app = &app;
        [
            json!({"target": id, "content": "top"}),
            json!({"target": parent, "content": "reply", "art_id": id}),
        ]
        .into_iter()
        .map(move |body| async move {
            app.post_json("/v1_0/comments", Some(token), &body)
                .await
                .status()
        })
    });
    let statuses = join_all(requests).await;
    assert!(statuses.iter().all(|s| *s == 201));
    let likes = users.iter().map(|(_, token)| {
        let app = &app;
        async move {
            app.post_json(
                "/v1_0/comment/likings",
                Some(token),
                &json!({"target": parent}),
            )
            .await
            .status()
        }
    });
    join_all(likes).await;
    assert_eq!(fx::stat(&app, id, "comment_count"), 33);
    assert_eq!(fx::comment_stat(&app, parent, "reply_count"), 16);
    assert_eq!(fx::comment_stat(&app, parent, "like_count"), 16);
    let page = list(&app, &format!("type=a&source={id}"), None).await;
    assert_eq!(page["data"]["total_count"], 17);
    let replies = list(&app, &format!("type=c&source={parent}&limit=50"), None).await;
    assert_eq!(replies["data"]["total_count"], 16);
    assert_eq!(replies["data"]["results"].as_array().unwrap().len(), 16);
}

#[tokio::test]
async fn a_comment_notifies_the_article_author_but_not_oneself() {
    let app = spawn_app().await;
    let (author, author_token) = fx::user(&app);
    let (me, token) = fx::user(&app);
    let id = Article::new(author, 1).titled("有人评论").insert(&app);
    let mut events = fx::subscribe(&app).await;
    comment(&app, &token, json!({"target": id, "content": "hello"})).await;
    let ev = fx::next_event(&mut events).await.expect("a comment notify");
    assert_eq!(ev["event"], "comment notify");
    assert_eq!(ev["room"], author.to_string());
    assert_eq!(ev["data"]["user_id"], me);
    assert_eq!(ev["data"]["art_id"], id);
    assert_eq!(ev["data"]["art_title"], "有人评论");
    comment(
        &app,
        &author_token,
        json!({"target": id, "content": "my own"}),
    )
    .await;
    assert_eq!(fx::next_event(&mut events).await, None);
}
