//! E27-E29 and E42: the article page (reads, history), a user's and my articles.

use chrono::{TimeDelta, Utc};
use serde_json::json;

use crate::fixtures_news::{self as fx, Article};
use crate::helpers::{json, spawn_app};

const NOT_FOUND_ROUTE: &str = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";

#[tokio::test]
async fn an_anonymous_reader_gets_the_article_with_neutral_flags() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let t = Utc::now() - TimeDelta::hours(3);
    let id = Article::new(author, 2)
        .titled("Rust 之道")
        .at(t)
        .insert(&app);
    let res = app.get(&format!("/v1_0/articles/{id}"), None).await;
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    let pubdate = (t + TimeDelta::hours(8))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    assert_eq!(
        body,
        json!({"message": "OK", "data": {
            "art_id": id, "title": "Rust 之道", "pubdate": pubdate, "aut_id": author,
            "aut_name": format!("u{author}"),
            "aut_photo": format!("{}default/avatar.png", app.state.settings.storage.public_url),
            "content": "<p>body</p>", "is_followed": false, "attitude": -1,
            "is_collected": false, "recomments": [], "ch_id": 2,
            "comm_count": 0, "like_count": 0, "collect_count": 0, "read_count": 1,
        }})
    );
}

#[tokio::test]
async fn every_read_counts_for_the_article_and_its_author() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let id = fx::article(&app, author);
    for t in [None, Some(token.as_str()), None] {
        assert_eq!(
            app.get(&format!("/v1_0/articles/{id}"), t).await.status(),
            200
        );
    }
    assert_eq!(fx::stat(&app, id, "read_count"), 3);
    assert_eq!(fx::user_stat(&app, author, "read_count"), 3);
}

#[tokio::test]
async fn a_logged_in_reader_sees_follow_collect_and_attitude() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (reader, token) = fx::user(&app);
    let id = fx::article(&app, author);
    fx::follow(&app, reader, author);
    let t = Some(token.as_str());
    assert_eq!(
        app.post_json("/v1_0/article/collections", t, &json!({"target": id}))
            .await
            .status(),
        201
    );
    assert_eq!(
        app.post_json(
            "/v1_0/article/likings",
            t,
            &json!({"target": id.to_string()})
        )
        .await
        .status(),
        201
    );
    let body = json(app.get(&format!("/app/v1_0/articles/{id}"), t).await).await;
    assert_eq!(body["data"]["is_followed"], true);
    assert_eq!(body["data"]["is_collected"], true);
    assert_eq!(body["data"]["attitude"], 1);
    assert_eq!(body["data"]["like_count"], 1);
    assert_eq!(body["data"]["collect_count"], 1);
    app.post_json("/v1_0/article/dislikes", t, &json!({"target": id}))
        .await;
    let body = json(app.get(&format!("/v1_0/articles/{id}"), t).await).await;
    assert_eq!(body["data"]["attitude"], 0);
}

#[tokio::test]
async fn unapproved_and_unknown_articles_do_not_exist() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let mut ids: Vec<i64> = [0, 1, 3, 4, 5]
        .into_iter()
        .map(|s| Article::new(author, 1).status(s).insert(&app))
        .collect();
    ids.push(42);
    for id in ids {
        let res = app.get(&format!("/v1_0/articles/{id}"), None).await;
        assert_eq!(res.status(), 404, "{id}");
        assert_eq!(json(res).await["message"], "The article does not exist.");
    }
    assert_eq!(fx::user_stat(&app, author, "read_count"), 0);
    for bad in ["0", "abc", "99999999999999999999"] {
        let res = app.get(&format!("/v1_0/articles/{bad}"), None).await;
        assert_eq!(res.status(), 404);
        assert_eq!(json(res).await["message"], NOT_FOUND_ROUTE);
    }
}

#[tokio::test]
async fn the_article_page_refuses_bad_tokens_and_banned_users() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (reader, token) = fx::user(&app);
    let id = fx::article(&app, author);
    let res = app
        .get(&format!("/v1_0/articles/{id}"), Some("garbage"))
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(json(res).await["message"], "Token has some errors.");
    fx::ban(&app, reader).await;
    let res = app.get(&format!("/v1_0/articles/{id}"), Some(&token)).await;
    assert_eq!(res.status(), 403);
    assert_eq!(json(res).await["message"], "User denied.");
    assert_eq!(fx::stat(&app, id, "read_count"), 0);
}

#[tokio::test]
async fn reading_history_lists_each_article_once_newest_first() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let t = Some(token.as_str());
    let a = fx::article(&app, author);
    let b = fx::article(&app, author);
    let c = fx::article(&app, author);
    for id in [a, b, c, a] {
        app.get(&format!("/v1_0/articles/{id}"), t).await;
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    app.post_json("/v1_0/article/likings", t, &json!({"target": c}))
        .await;
    let res = app.get("/v1_0/user/histories", t).await;
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    assert_eq!(body["data"]["total_count"], 3);
    assert_eq!(body["data"]["page"], 1);
    assert_eq!(body["data"]["per_page"], 10);
    assert_eq!(fx::ids(&body, "art_id"), vec![a, c, b]);
    assert_eq!(body["data"]["results"][1]["is_liking"], true);
    assert_eq!(body["data"]["results"][0]["is_liking"], false);
    assert_eq!(body["data"]["results"][0]["title"], "A title");

    let body = json(app.get("/v1_0/user/histories?page=2", t).await).await;
    assert_eq!(body["data"]["results"], json!([]));
    assert_eq!(body["data"]["total_count"], 3);
    let body = json(app.get("/v1_0/user/histories?page=99999999999", t).await).await;
    assert_eq!(body["data"]["results"], json!([]));
    let res = app.get("/v1_0/user/histories", None).await;
    assert_eq!(res.status(), 401);
    assert_eq!(json(res).await["message"], "User must be authorized.");
}

#[tokio::test]
async fn reading_history_keeps_the_newest_hundred() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let mut read = Vec::new();
    for _ in 0..103 {
        let id = fx::article(&app, author);
        app.get(&format!("/v1_0/articles/{id}"), Some(&token)).await;
        read.push(id);
    }
    let body = json(
        app.get("/v1_0/user/histories?per_page=50", Some(&token))
            .await,
    )
    .await;
    assert_eq!(body["data"]["total_count"], 100);
    let mut all = fx::ids(&body, "art_id");
    for page in [2, 3] {
        let body = json(
            app.get(
                &format!("/v1_0/user/histories?per_page=50&page={page}"),
                Some(&token),
            )
            .await,
        )
        .await;
        all.extend(fx::ids(&body, "art_id"));
    }
    read.reverse();
    assert_eq!(all, read[..100]);
}

#[tokio::test]
async fn a_users_articles_are_paged_newest_first_with_is_liking() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let ids: Vec<i64> = (0..12)
        .map(|i| {
            Article::new(author, 1)
                .at(Utc::now() - TimeDelta::minutes(i + 1))
                .insert(&app)
        })
        .collect();
    Article::new(author, 1).status(1).insert(&app);
    app.post_json(
        "/v1_0/article/likings",
        Some(&token),
        &json!({"target": ids[0]}),
    )
    .await;

    let body = json(
        app.get(&format!("/v1_0/users/{author}/articles"), None)
            .await,
    )
    .await;
    assert_eq!(body["data"]["total_count"], 12);
    assert_eq!(body["data"]["page"], 1);
    assert_eq!(body["data"]["per_page"], 10);
    assert_eq!(fx::ids(&body, "art_id"), ids[..10]);
    assert_eq!(body["data"]["results"][0]["is_liking"], false);
    assert_eq!(body["data"]["results"][0]["like_count"], 1);
    let body = json(
        app.get(
            &format!("/v1_0/users/{author}/articles?page=2"),
            Some(&token),
        )
        .await,
    )
    .await;
    assert_eq!(fx::ids(&body, "art_id"), ids[10..]);
    let body = json(
        app.get(&format!("/v1_0/users/{author}/articles"), Some(&token))
            .await,
    )
    .await;
    assert_eq!(body["data"]["results"][0]["is_liking"], true);
    assert_eq!(body["data"]["results"][1]["is_liking"], false);

    let res = app.get("/v1_0/users/12345/articles", None).await;
    assert_eq!(res.status(), 400);
    assert_eq!(json(res).await["message"], "Invalid request.");
    let res = app
        .get(&format!("/v1_0/users/{author}/articles?per_page=51"), None)
        .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn my_articles_need_a_login_and_list_only_mine() {
    let app = spawn_app().await;
    let (me, token) = fx::user(&app);
    let (other, _) = fx::user(&app);
    let mine = fx::article(&app, me);
    fx::article(&app, other);
    let res = app.get("/v1_0/user/articles", None).await;
    assert_eq!(res.status(), 401);
    let body = json(app.get("/v1_0/user/articles", Some(&token)).await).await;
    assert_eq!(body["data"]["total_count"], 1);
    assert_eq!(fx::ids(&body, "art_id"), vec![mine]);
    assert_eq!(body["data"]["results"][0]["is_liking"], false);
}
