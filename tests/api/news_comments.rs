//! E38-E41: comments, replies, cursor paging, comment likes, notifications.

use std::collections::HashSet;

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

fn pin(app: &TestApp, comment_id: i64) {
    app.sql_count(&format!(
        "WITH u AS (UPDATE news_comment SET is_top = true WHERE comment_id = {comment_id} \
         RETURNING 1) SELECT count(*) AS n FROM u"
    ));
}

#[tokio::test]
async fn posting_a_comment_answers_ids_and_the_new_object() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (me, token) = fx::user(&app);
    let id = fx::article(&app, author);
    // The client sends ids as strings and art_id null for a top-level comment.
    let body = comment(
        &app,
        &token,
        json!({"target": id.to_string(), "content": "沙发！", "art_id": null}),
    )
    .await;
    let data = &body["data"];
    let com_id = data["com_id"].as_i64().unwrap();
    assert_eq!(data["target"], id);
    assert_eq!(data["art_id"], id);
    let obj = &data["new_obj"];
    assert_eq!(obj["com_id"], com_id);
    assert_eq!(obj["aut_id"], me);
    assert_eq!(obj["aut_name"], format!("u{me}"));
    assert_eq!(
        obj["aut_photo"],
        format!(
            "{}default/avatar.png",
            app.state.settings.storage.public_url
        )
    );
    assert_eq!(obj["like_count"], 0);
    assert_eq!(obj["reply_count"], 0);
    assert_eq!(obj["content"], "沙发！");
    assert_eq!(obj["is_top"], 0);
    assert_eq!(obj["is_liking"], false);
    assert_eq!(obj["pubdate"].as_str().unwrap().len(), 19);

    let reply = comment(
        &app,
        &token,
        json!({"target": com_id.to_string(), "content": "自己回复", "art_id": id.to_string()}),
    )
    .await;
    assert_eq!(reply["data"]["target"], com_id);
    assert_eq!(reply["data"]["art_id"], id);
    assert_eq!(fx::stat(&app, id, "comment_count"), 2, "replies count too");
    assert_eq!(fx::comment_stat(&app, com_id, "reply_count"), 1);

    let page = list(&app, &format!("type=a&source={id}"), None).await;
    assert_eq!(page["data"]["total_count"], 1);
    let listed = &page["data"]["results"][0];
    assert_eq!(listed["reply_count"], 1);
    assert_eq!(listed["content"], "沙发！");
    let replies = list(&app, &format!("type=c&source={com_id}"), None).await;
    assert_eq!(replies["data"]["total_count"], 1);
    assert_eq!(replies["data"]["results"][0]["content"], "自己回复");
    let card = json(app.get(&format!("/v1_0/articles/{id}"), None).await).await;
    assert_eq!(card["data"]["comm_count"], 2);
}

#[tokio::test]
async fn comments_are_refused_with_the_contract_statuses() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let t = Some(token.as_str());
    let open = fx::article(&app, author);
    let closed = Article::new(author, 1).closed().insert(&app);
    let other = fx::article(&app, author);
    let parent =
        comment(&app, &token, json!({"target": open, "content": "x"})).await["data"]["com_id"]
            .as_i64()
            .unwrap();
    let cases = [
        (
            json!({"target": closed, "content": "x"}),
            403,
            json!("Article denied comment."),
        ),
        (
            json!({"target": 123, "content": "x"}),
            400,
            json!("Invalid target article id."),
        ),
        (
            json!({"target": 123, "content": "x", "art_id": open}),
            400,
            json!("Invalid target comment id."),
        ),
        (
            json!({"target": parent, "content": "x", "art_id": other}),
            400,
            json!("Invalid target comment id."),
        ),
        (
            json!({"target": parent, "content": "x", "art_id": 77}),
            400,
            json!({"art_id": "Invalid target article id."}),
        ),
        (
            json!({"target": parent, "content": "x", "art_id": "abc"}),
            400,
            json!({"art_id": "Invalid target article id."}),
        ),
        (
            json!({"target": open, "content": ""}),
            400,
            json!("Empty content."),
        ),
        (
            json!({"target": open, "content": "   "}),
            400,
            json!("Empty content."),
        ),
        (
            json!({"target": open}),
            400,
            json!({"content": "Missing required parameter in the JSON body"}),
        ),
        (
            json!({"content": "x"}),
            400,
            json!({"target": "Missing required parameter in the JSON body"}),
        ),
        (
            json!({"target": "x1", "content": "x"}),
            400,
            json!({"target": "Invalid target: x1. target must be a positive integer"}),
        ),
        (
            json!({"target": open, "content": "长".repeat(2001)}),
            400,
            json!({"content": "Content must be at most 2000 characters."}),
        ),
    ];
    for (body, status, message) in cases {
        let res = app.post_json("/v1_0/comments", t, &body).await;
        assert_eq!(res.status(), status, "{body}");
        assert_eq!(json(res).await["message"], message, "{body}");
    }
    // Replies on a closed article are refused as well.
    app.sql_count(&format!(
        "WITH u AS (UPDATE news_article_basic SET allow_comment = false WHERE article_id = {open} \
         RETURNING 1) SELECT count(*) AS n FROM u"
    ));
    let res = app
        .post_json(
            "/v1_0/comments",
            t,
            &json!({"target": parent, "content": "x", "art_id": open}),
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(fx::stat(&app, open, "comment_count"), 1);
    assert_eq!(
        app.post_json(
            "/v1_0/comments",
            None,
            &json!({"target": open, "content": "x"})
        )
        .await
        .status(),
        401
    );
    let ok = app
        .post_json(
            "/v1_0/comments",
            t,
            &json!({"target": other, "content": "长".repeat(2000)}),
        )
        .await;
    assert_eq!(ok.status(), 201);
}

#[tokio::test]
async fn the_comment_cursor_pages_pinned_first_then_newest_without_repeats() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let id = fx::article(&app, author);
    let mut all = Vec::new();
    for i in 0..23 {
        let body = comment(
            &app,
            &token,
            json!({"target": id, "content": format!("c{i}")}),
        )
        .await;
        all.push(body["data"]["com_id"].as_i64().unwrap());
    }
    pin(&app, all[3]);
    pin(&app, all[17]);
    let mut expected = vec![all[17], all[3]];
    expected.extend(all.iter().rev().filter(|c| **c != all[3] && **c != all[17]));

    let mut seen: Vec<i64> = Vec::new();
    let mut offset: Option<i64> = None;
    let mut pages = 0;
    loop {
        let query = match offset {
            Some(o) => format!("type=a&source={id}&offset={o}"),
            None => format!("type=a&source={id}"),
        };
        let body = list(&app, &query, None).await;
        let data = &body["data"];
        assert_eq!(
            data["total_count"],
            23 + pages,
            "one late comment per page so far"
        );
        assert_eq!(data["end_id"], *expected.last().unwrap());
        let ids = fx::ids(&body, "com_id");
        if ids.is_empty() {
            assert_eq!(data["last_id"], Value::Null);
            break;
        }
        assert_eq!(data["last_id"], *ids.last().unwrap());
        seen.extend(&ids);
        offset = data["last_id"].as_i64();
        pages += 1;
        // New comments between pages never show up in later pages.
        comment(&app, &token, json!({"target": id, "content": "late"})).await;
        if offset == data["end_id"].as_i64() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, expected);
    let first = list(&app, &format!("type=a&source={id}"), None).await;
    assert_eq!(first["data"]["results"][0]["is_top"], 1);
    assert_eq!(first["data"]["results"][2]["is_top"], 0);

    let big = list(&app, &format!("type=a&source={id}&limit=50"), None).await;
    assert_eq!(big["data"]["results"].as_array().unwrap().len(), 26);
    let uniq: HashSet<i64> = fx::ids(&big, "com_id").into_iter().collect();
    assert_eq!(uniq.len(), 26);
}

#[tokio::test]
async fn unknown_sources_list_nothing_and_bad_queries_are_400() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let hidden = Article::new(author, 1).status(4).insert(&app);
    for query in [
        "type=a&source=999",
        "type=c&source=999",
        &format!("type=a&source={hidden}"),
    ] {
        let body = list(&app, query, None).await;
        assert_eq!(
            body["data"],
            json!({"total_count": 0, "end_id": null, "last_id": null, "results": []}),
            "{query}"
        );
    }
    for (query, message) in [
        (
            "source=1",
            json!({"type": "Missing required parameter in the query string"}),
        ),
        ("type=b&source=1", json!({"type": "Invalid type param."})),
        (
            "type=a",
            json!({"source": "Missing required parameter in the query string"}),
        ),
        (
            "type=a&source=0",
            json!({"source": "Invalid source: 0. source must be a positive integer"}),
        ),
        (
            "type=a&source=1&offset=0",
            json!({"offset": "Invalid offset: 0. offset must be a positive integer"}),
        ),
        (
            "type=a&source=1&offset=z",
            json!({"offset": "z is not a valid integer"}),
        ),
        (
            "type=a&source=1&limit=9",
            json!({"limit": "Invalid limit: 9. limit must be within the range 10 - 50"}),
        ),
        (
            "type=a&source=1&limit=51",
            json!({"limit": "Invalid limit: 51. limit must be within the range 10 - 50"}),
        ),
    ] {
        let res = app.get(&format!("/v1_0/comments?{query}"), None).await;
        assert_eq!(res.status(), 400, "{query}");
        assert_eq!(json(res).await["message"], message, "{query}");
    }
    let res = app.get("/v1_0/comments?type=a&source=1", Some("bad")).await;
    assert_eq!(res.status(), 401);
}
