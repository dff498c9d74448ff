//! E43 reading durations, E48/E49 announcements, and the demo seeder.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{TimeDelta, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use toutiao::services::demo::{self, SeedOptions};

use crate::fixtures_news as fx;
use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn reading_durations_answer_a_bare_ok_and_need_a_trace() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let id = fx::article(&app, author);
    let send = |trace: Option<&'static str>, body: Value, token: Option<&'static str>| {
        let mut rb = app
            .request(Method::POST, "/v1_0/reading/durations", token)
            .json(&body);
        if let Some(t) = trace {
            rb = rb.header("Trace", t);
        }
        rb.send()
    };
    let res = send(
        Some(r#"{"action":"read"}"#),
        json!({"duration": 12, "art_id": id.to_string()}),
        None,
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(json(res).await, json!({"message": "OK"}));
    // No auth level: even a bad token is fine here.
    let res = send(
        Some("plain text trace"),
        json!({"duration": 0, "art_id": id}),
        Some("bad"),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201);

    for (trace, body, message) in [
        (
            None,
            json!({"duration": 1, "art_id": id}),
            json!({"Trace": "Missing required parameter in the HTTP headers"}),
        ),
        (
            Some(""),
            json!({"duration": 1, "art_id": id}),
            json!({"Trace": "Value does not match pattern: \"^.+$\""}),
        ),
        (
            Some("t"),
            json!({"art_id": id}),
            json!({"duration": "Missing required parameter in the JSON body"}),
        ),
        (
            Some("t"),
            json!({"duration": "soon", "art_id": id}),
            json!({"duration": "soon is not a valid integer"}),
        ),
        (
            Some("t"),
            json!({"duration": -3, "art_id": id}),
            json!({"duration": "Invalid duration: -3. duration must be a non-negative integer"}),
        ),
        (
            Some("t"),
            json!({"duration": 3}),
            json!({"art_id": "Missing required parameter in the JSON body"}),
        ),
        (
            Some("t"),
            json!({"duration": 3, "art_id": 404}),
            json!({"art_id": "Invalid target article id."}),
        ),
    ] {
        let res = send(trace, body.clone(), None).await.unwrap();
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(json(res).await["message"], message, "{body}");
    }
}

#[tokio::test]
async fn announcements_list_published_ones_newest_first() {
    let app = spawn_app().await;
    let now = Utc::now();
    let ids: Vec<i64> = (0..11)
        .map(|i| {
            fx::announcement(
                &app,
                &format!("公告 {i}"),
                1,
                Some(now - TimeDelta::hours(i)),
            )
        })
        .collect();
    let draft = fx::announcement(&app, "draft", 0, None);
    let withdrawn = fx::announcement(&app, "withdrawn", 2, Some(now));
    let body = json(app.get("/v1_0/announcements", None).await).await;
    assert_eq!(body["data"]["total_count"], 11);
    assert_eq!(body["data"]["page"], 1);
    assert_eq!(body["data"]["per_page"], 10);
    assert_eq!(fx::ids(&body, "id"), ids[..10]);
    let pubdate = (now + TimeDelta::hours(8))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    assert_eq!(
        body["data"]["results"][0],
        json!({"id": ids[0], "title": "公告 0", "pubdate": pubdate})
    );
    let body = json(app.get("/app/v1_0/announcements?page=2", None).await).await;
    assert_eq!(fx::ids(&body, "id"), ids[10..]);

    let res = app
        .get(&format!("/v1_0/announcements/{}", ids[0]), None)
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        json(res).await["data"],
        json!({"id": ids[0], "title": "公告 0", "content": "<p>公告 0</p>", "pubdate": pubdate})
    );
    for id in [draft, withdrawn, 999] {
        let res = app.get(&format!("/v1_0/announcements/{id}"), None).await;
        assert_eq!(res.status(), 400, "{id}");
        assert_eq!(json(res).await["message"], "Invalid announcement.");
    }
    let res = app.get("/v1_0/announcements?per_page=5", None).await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn the_demo_seeder_writes_consistent_counters_and_a_working_feed() {
    let app = spawn_app().await;
    let seen = Arc::new(AtomicU64::new(0));
    let progress_seen = seen.clone();
    let opts = SeedOptions {
        users: 12,
        articles: 250,
    };
    let report = demo::seed(
        &app.state,
        opts,
        Arc::new(move |n| progress_seen.store(n, Ordering::Relaxed)),
    )
    .await
    .unwrap();
    assert_eq!(report.users, 12);
    assert_eq!(report.articles, 250);
    assert_eq!(seen.load(Ordering::Relaxed), 250);
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM news_article_basic WHERE status = 2"),
        250
    );
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM news_attitude WHERE attitude = 1"),
        report.likes as i64
    );
    let checks = [
        "SELECT count(*) AS n FROM news_article_statistic s LEFT JOIN (SELECT article_id, count(*) c FROM news_attitude WHERE attitude = 1 GROUP BY 1) x USING (article_id) WHERE s.like_count <> coalesce(x.c, 0)",
        "SELECT count(*) AS n FROM news_article_statistic s LEFT JOIN (SELECT article_id, count(*) c FROM news_comment WHERE status = 1 GROUP BY 1) x USING (article_id) WHERE s.comment_count <> coalesce(x.c, 0)",
        "SELECT count(*) AS n FROM news_comment p LEFT JOIN (SELECT parent_id, count(*) c FROM news_comment GROUP BY 1) x ON x.parent_id = p.comment_id WHERE p.reply_count <> coalesce(x.c, 0)",
        "SELECT count(*) AS n FROM news_comment p LEFT JOIN (SELECT comment_id, count(*) c FROM news_comment_liking GROUP BY 1) x USING (comment_id) WHERE p.like_count <> coalesce(x.c, 0)",
        "SELECT count(*) AS n FROM user_basic u LEFT JOIN (SELECT a.user_id, count(*) c, sum(s.like_count) l, sum(s.read_count) r FROM news_article_basic a JOIN news_article_statistic s USING (article_id) GROUP BY 1) x USING (user_id) WHERE u.article_count <> coalesce(x.c, 0) OR u.like_count <> coalesce(x.l, 0) OR u.read_count <> coalesce(x.r, 0)",
        "SELECT count(*) AS n FROM news_article_basic WHERE cover->>'type' NOT IN ('0', '1', '3') OR jsonb_array_length(cover->'images') <> (cover->>'type')::int",
    ];
    for sql in checks {
        assert_eq!(app.sql_count(sql), 0, "{sql}");
    }
    assert!(app.sql_count("SELECT count(*) AS n FROM news_article_basic WHERE is_top") >= 1);
    assert!(app.sql_count("SELECT count(*) AS n FROM user_basic WHERE mobile LIKE '199%'") == 12);

    // The feed pages through all of it, once each.
    let mut ts = Utc::now().timestamp_millis();
    let mut total = 0;
    loop {
        let body = json(
            app.get(
                &format!("/v1_1/articles?channel_id=0&timestamp={ts}&with_top=1"),
                None,
            )
            .await,
        )
        .await;
        let n = body["data"]["results"].as_array().unwrap().len();
        if n == 0 {
            break;
        }
        total += n;
        ts = body["data"]["pre_timestamp"].as_i64().unwrap();
    }
    assert_eq!(total, 250);

    // A second run adds users with fresh mobiles; the dev seeding skips a non-empty database.
    let again = demo::seed(
        &app.state,
        SeedOptions {
            users: 3,
            articles: 5,
        },
        Arc::new(|_| {}),
    )
    .await
    .unwrap();
    assert_eq!(again.articles, 5);
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM user_basic WHERE mobile LIKE '199%'"),
        15
    );
    assert!(
        demo::seed_if_empty(&app.state, demo::DEV_SET)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_dev_server_seeds_an_empty_database_once() {
    let app = spawn_app().await;
    let report = demo::seed_if_empty(
        &app.state,
        SeedOptions {
            users: 4,
            articles: 30,
        },
    )
    .await
    .unwrap()
    .expect("seeded");
    assert_eq!(report.articles, 30);
    let body = json(app.get("/v1_0/articles?channel_id=0", None).await).await;
    assert_eq!(body["data"]["results"].as_array().unwrap().len(), 10);
    assert!(
        demo::seed_if_empty(&app.state, demo::DEV_SET)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM news_article_basic"),
        30
    );
}

#[tokio::test]
async fn tracking_events_become_one_json_line_each_in_the_behavior_log() {
    fx::capture_behavior();
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (reader, token) = fx::user(&app);
    let id = crate::fixtures_news::Article::new(author, 7).insert(&app);
    let click = r#"{"action":"click","articleId":"1"}"#;
    app.request(Method::GET, &format!("/v1_0/articles/{id}"), None)
        .header("Authorization", "Anony dev-42")
        .header("Trace", click)
        .send()
        .await
        .unwrap();
    // No Trace header: nothing is logged.
    app.get(&format!("/v1_0/articles/{id}"), Some(&token)).await;
    app.request(Method::POST, "/v1_0/article/collections", Some(&token))
        .header("Trace", "collect\"},{\"forged\":1")
        .json(&json!({"target": id}))
        .send()
        .await
        .unwrap();
    app.request(Method::POST, "/v1_0/reading/durations", Some(&token))
        .header("Trace", r#"{"action":"read"}"#)
        .json(&json!({"duration": 7, "art_id": id}))
        .send()
        .await
        .unwrap();

    let lines = fx::behavior_lines(id);
    assert_eq!(lines.len(), 3, "{lines:?}");
    let (c, k, r) = (&lines[0], &lines[1], &lines[2]);
    assert_eq!(c["event"], "click");
    assert_eq!(c["param"], json!({"action": "click", "articleId": "1"}));
    assert_eq!(c["userId"], Value::Null);
    assert_eq!(c["deviceId"], "dev-42");
    assert_eq!(c["channelId"], 7);
    assert_eq!(c["readTime"], "");
    assert_eq!(c["actionTime"].as_str().unwrap().len(), 19);
    assert_eq!(k["event"], "collect");
    assert_eq!(k["param"], "collect\"},{\"forged\":1");
    assert_eq!(k["userId"], reader);
    assert_eq!(r["event"], "read");
    assert_eq!(r["readTime"], "7000");
    assert_eq!(r["userId"], reader);
}
