//! E33-E36 likes and dislikes, E30-E32 collections, E37 reports: the `attitude` rules,
//! exact counters under concurrency, notifications and validation.

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;

use crate::fixtures_news::{self as fx, Article};
use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn like_and_dislike_exclude_each_other_and_move_the_right_counters() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (liker, token) = fx::user(&app);
    let t = Some(token.as_str());
    let id = fx::article(&app, author);
    let like = |app: &crate::helpers::TestApp| {
        (
            fx::stat(app, id, "like_count"),
            fx::stat(app, id, "dislike_count"),
            fx::user_stat(app, author, "like_count"),
        )
    };

    let res = app
        .post_json(
            "/v1_0/article/likings",
            t,
            &json!({"target": id.to_string()}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        json(res).await,
        json!({"message": "OK", "data": {"target": id}})
    );
    assert_eq!(like(&app), (1, 0, 1));
    assert_eq!(
        fx::user_stat(&app, liker, "like_count"),
        0,
        "the liker is not credited"
    );
    // Idempotent.
    assert_eq!(
        app.post_json("/v1_0/article/likings", t, &json!({"target": id}))
            .await
            .status(),
        201
    );
    assert_eq!(like(&app), (1, 0, 1));
    // Dislike switches from like.
    let res = app
        .post_json("/v1_0/article/dislikes", t, &json!({"target": id}))
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(json(res).await["data"], json!({"target": id}));
    assert_eq!(like(&app), (0, 1, 0));
    // Cancelling a like that is not there changes nothing.
    let res = app.delete(&format!("/v1_0/article/likings/{id}"), t).await;
    assert_eq!(res.status(), 204);
    assert_eq!(res.text().await.unwrap(), "");
    assert_eq!(like(&app), (0, 1, 0));
    // Like switches back from dislike; then cancel it.
    app.post_json("/v1_0/article/likings", t, &json!({"target": id}))
        .await;
    assert_eq!(like(&app), (1, 0, 1));
    assert_eq!(
        app.delete(&format!("/v1_0/article/dislikes/{id}"), t)
            .await
            .status(),
        204
    );
    assert_eq!(like(&app), (1, 0, 1));
    assert_eq!(
        app.delete(&format!("/v1_0/article/likings/{id}"), t)
            .await
            .status(),
        204
    );
    assert_eq!(like(&app), (0, 0, 0));
    assert_eq!(
        app.delete(&format!("/v1_0/article/likings/{id}"), t)
            .await
            .status(),
        204
    );
    assert_eq!(like(&app), (0, 0, 0));
    let body = json(app.get(&format!("/v1_0/articles/{id}"), t).await).await;
    assert_eq!(body["data"]["attitude"], -1);
}

#[tokio::test]
async fn attitudes_check_the_target_and_the_caller() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let t = Some(token.as_str());
    let pending = Article::new(author, 1).status(1).insert(&app);
    for path in [
        "/v1_0/article/likings",
        "/v1_0/article/dislikes",
        "/v1_0/article/collections",
    ] {
        for target in [
            json!(pending),
            json!(987654321),
            json!("abc"),
            json!(0),
            json!(-5),
        ] {
            let res = app.post_json(path, t, &json!({"target": target})).await;
            assert_eq!(res.status(), 400, "{path} {target}");
            assert_eq!(
                json(res).await["message"],
                json!({"target": "Invalid target article id."})
            );
        }
        let res = app.post_json(path, t, &json!({})).await;
        assert_eq!(
            json(res).await["message"],
            json!({"target": "Missing required parameter in the JSON body"})
        );
        let res = app.post_json(path, None, &json!({"target": pending})).await;
        assert_eq!(res.status(), 401);
        assert_eq!(json(res).await["message"], "User must be authorized.");
    }
    for path in [
        "/v1_0/article/likings/1",
        "/v1_0/article/dislikes/1",
        "/v1_0/article/collections/1",
    ] {
        assert_eq!(app.delete(path, None).await.status(), 401, "{path}");
        assert_eq!(app.delete(path, t).await.status(), 204, "{path}");
        assert_eq!(
            app.request(Method::GET, path, t)
                .send()
                .await
                .unwrap()
                .status(),
            405
        );
    }
}

#[tokio::test]
async fn concurrent_likes_and_collections_from_many_users_count_exactly() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let id = fx::article(&app, author);
    let users: Vec<(i64, String)> = (0..24).map(|_| fx::user(&app)).collect();
    // Every user likes twice and collects twice, all at once.
    let app_ref = &app;
    let requests = users.iter().flat_map(|(_, token)| {
        [
            "/v1_0/article/likings",
            "/v1_0/article/collections",
            "/v1_0/article/likings",
            "/v1_0/article/collections",
        ]
        .into_iter()
        .map(move |path| async move {
            app_ref
                .post_json(path, Some(token), &json!({"target": id}))
                .await
                .status()
        })
    });
    let statuses = join_all(requests).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(fx::stat(&app, id, "like_count"), 24);
    assert_eq!(fx::stat(&app, id, "collect_count"), 24);
    assert_eq!(fx::user_stat(&app, author, "like_count"), 24);

    // Half of them switch to dislike while the other half cancel, concurrently.
    let requests = users.iter().enumerate().map(|(i, (_, token))| {
        let app = &app;
        async move {
            if i % 2 == 0 {
                app.post_json(
                    "/v1_0/article/dislikes",
                    Some(token),
                    &json!({"target": id}),
                )
                .await
                .status()
            } else {
                app.delete(&format!("/v1_0/article/likings/{id}"), Some(token))
                    .await
                    .status()
            }
        }
    });
    join_all(requests).await;
    assert_eq!(fx::stat(&app, id, "like_count"), 0);
    assert_eq!(fx::stat(&app, id, "dislike_count"), 12);
    assert_eq!(fx::user_stat(&app, author, "like_count"), 0);
    let uncollect = users.iter().map(|(_, token)| {
        let app = &app;
        async move {
            app.delete(&format!("/v1_0/article/collections/{id}"), Some(token))
                .await
                .status()
        }
    });
    join_all(uncollect).await;
    assert_eq!(fx::stat(&app, id, "collect_count"), 0);
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM news_attitude WHERE attitude = 0"),
        12
    );
}

#[tokio::test]
async fn a_new_like_notifies_the_author_once_and_never_oneself() {
    let app = spawn_app().await;
    let (author, author_token) = fx::user(&app);
    let (liker, token) = fx::user(&app);
    let id = Article::new(author, 1).titled("被点赞的文章").insert(&app);
    let mut events = fx::subscribe(&app).await;
    app.post_json(
        "/v1_0/article/likings",
        Some(&token),
        &json!({"target": id}),
    )
    .await;
    let ev = fx::next_event(&mut events).await.expect("a liking notify");
    assert_eq!(ev["event"], "liking notify");
    assert_eq!(ev["room"], author.to_string());
    assert_eq!(ev["data"]["user_id"], liker);
    assert_eq!(ev["data"]["user_name"], format!("u{liker}"));
    assert!(
        ev["data"]["user_photo"]
            .as_str()
            .unwrap()
            .starts_with("http")
    );
    assert_eq!(ev["data"]["art_id"], id);
    assert_eq!(ev["data"]["art_title"], "被点赞的文章");
    assert!(ev["data"]["timestamp"].is_i64());
    // A repeated like, a dislike and the author's own like notify nobody.
    app.post_json(
        "/v1_0/article/likings",
        Some(&token),
        &json!({"target": id}),
    )
    .await;
    app.post_json(
        "/v1_0/article/dislikes",
        Some(&token),
        &json!({"target": id}),
    )
    .await;
    app.post_json(
        "/v1_0/article/likings",
        Some(&author_token),
        &json!({"target": id}),
    )
    .await;
    assert_eq!(fx::next_event(&mut events).await, None);
    assert_eq!(
        fx::user_stat(&app, author, "like_count"),
        1,
        "the author's own like counts"
    );
}

#[tokio::test]
async fn a_banned_user_cannot_like_collect_report_or_comment() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (user, token) = fx::user(&app);
    let id = fx::article(&app, author);
    fx::ban(&app, user).await;
    let t = Some(token.as_str());
    for (path, body) in [
        ("/v1_0/article/likings", json!({"target": id})),
        ("/v1_0/article/dislikes", json!({"target": id})),
        ("/v1_0/article/collections", json!({"target": id})),
        ("/v1_0/article/reports", json!({"target": id, "type": 1})),
        ("/v1_0/comments", json!({"target": id, "content": "hi"})),
        ("/v1_0/comment/likings", json!({"target": 1})),
    ] {
        let res = app.post_json(path, t, &body).await;
        assert_eq!(res.status(), 403, "{path}");
        assert_eq!(json(res).await["message"], "User denied.", "{path}");
    }
    for path in [
        "/v1_0/article/collections",
        "/v1_0/user/histories",
        "/v1_0/user/articles",
    ] {
        let res = app.get(path, t).await;
        assert_eq!(res.status(), 403, "{path}");
    }
    let res = app
        .get(&format!("/v1_0/comments?type=a&source={id}"), t)
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(fx::stat(&app, id, "like_count"), 0);
}
