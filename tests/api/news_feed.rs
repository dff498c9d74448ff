//! E25/E26: the feeds (shapes, validation, time paging, pinned articles, exclusions, auth).

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::fixtures_news::{self as fx, Article};
use crate::helpers::{TestApp, json, spawn_app};

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

async fn timeline(app: &TestApp, query: &str, token: Option<&str>) -> Value {
    let res = app.get(&format!("/v1_1/articles?{query}"), token).await;
    assert_eq!(res.status(), 200, "{query}");
    json(res).await
}

/// Pages through channel `ch` from `start` until an empty page; returns the pages' ids.
async fn page_through(
    app: &TestApp,
    ch: i32,
    start: i64,
    token: Option<&str>,
    mut between: impl FnMut(usize),
) -> Vec<Vec<i64>> {
    let mut ts = start;
    let mut pages = Vec::new();
    loop {
        let body = timeline(
            app,
            &format!("channel_id={ch}&timestamp={ts}&with_top=1"),
            token,
        )
        .await;
        let ids = fx::ids(&body, "art_id");
        if ids.is_empty() {
            return pages;
        }
        let next = body["data"]["pre_timestamp"].as_i64().unwrap();
        assert!(next < ts, "pre_timestamp must move back: {next} >= {ts}");
        ts = next;
        pages.push(ids);
        between(pages.len());
        assert!(pages.len() < 100, "paging does not end");
    }
}

#[tokio::test]
async fn the_timeline_serves_feed_articles_as_the_client_reads_them() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let t = Utc::now() - TimeDelta::minutes(5);
    let older = Article::new(author, 1)
        .at(t - TimeDelta::minutes(1))
        .insert(&app);
    let newer = Article::new(author, 1)
        .titled("新的文章")
        .at(t)
        .insert(&app);
    Article::new(author, 2).insert(&app);

    let res = app
        .request(
            reqwest::Method::GET,
            &format!(
                "/app/v1_1/articles?channel_id=1&timestamp={}&with_top=1",
                ms(Utc::now())
            ),
            None,
        )
        .header("Authorization", "Anony device-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    assert_eq!(body["message"], "OK");
    assert_eq!(fx::ids(&body, "art_id"), vec![newer, older]);
    let item = &body["data"]["results"][0];
    let mut keys: Vec<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "art_id",
            "aut_id",
            "aut_name",
            "ch_id",
            "collect_count",
            "comm_count",
            "cover",
            "is_top",
            "like_count",
            "pubdate",
            "title",
            "trace"
        ]
    );
    assert_eq!(item["title"], "新的文章");
    assert_eq!(item["aut_id"], author);
    assert_eq!(item["aut_name"], format!("u{author}"));
    assert_eq!(item["is_top"], 0);
    assert_eq!(item["ch_id"], 1);
    assert_eq!(item["comm_count"], 0);
    assert_eq!(
        item["cover"],
        json!({"type": 1, "images": ["http://img.example/1.png"]})
    );
    let pubdate = (t + TimeDelta::hours(8))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    assert_eq!(item["pubdate"], pubdate);
    for k in ["click", "collect", "share", "read"] {
        let trace: Value = serde_json::from_str(item["trace"][k].as_str().unwrap()).unwrap();
        assert_eq!(trace["action"], k);
        assert_eq!(trace["articleId"], newer.to_string());
    }
    let last = body["data"]["results"][1]["pubdate"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        body["data"]["pre_timestamp"],
        ms(t - TimeDelta::minutes(1)),
        "{last}"
    );
}

#[tokio::test]
async fn the_timeline_checks_its_parameters_with_the_contract_messages() {
    let app = spawn_app().await;
    let now = ms(Utc::now());
    let cases: Vec<(String, Value)> = vec![
        (
            format!("timestamp={now}&with_top=1"),
            json!({"channel_id": "Missing required parameter in the query string"}),
        ),
        (
            format!("channel_id=999&timestamp={now}&with_top=1"),
            json!({"channel_id": "Invalid channel id."}),
        ),
        (
            format!("channel_id=-1&timestamp={now}&with_top=1"),
            json!({"channel_id": "Invalid channel id."}),
        ),
        (
            format!("channel_id=x&timestamp={now}&with_top=1"),
            json!({"channel_id": "x is not a valid integer"}),
        ),
        (
            "channel_id=1&with_top=1".into(),
            json!({"timestamp": "Missing required parameter in the query string"}),
        ),
        (
            "channel_id=1&timestamp=0&with_top=1".into(),
            json!({"timestamp": "Invalid timestamp: 0. timestamp must be a positive integer"}),
        ),
        (
            format!("channel_id=1&timestamp={now}"),
            json!({"with_top": "Missing required parameter in the query string"}),
        ),
        (
            format!("channel_id=1&timestamp={now}&with_top=maybe"),
            json!({"with_top": "Invalid literal for boolean(): maybe"}),
        ),
    ];
    for (query, message) in cases {
        let res = app.get(&format!("/v1_1/articles?{query}"), None).await;
        assert_eq!(res.status(), 400, "{query}");
        assert_eq!(json(res).await["message"], message, "{query}");
    }
    for ok in ["true", "false", "0", "TRUE"] {
        let res = app
            .get(
                &format!("/v1_1/articles?channel_id=0&timestamp={now}&with_top={ok}"),
                None,
            )
            .await;
        assert_eq!(res.status(), 200, "{ok}");
    }
}

#[tokio::test]
async fn timeline_pages_never_repeat_or_skip_articles_sharing_a_millisecond() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let base = Utc::now() - TimeDelta::hours(1);
    let mut expected = Vec::new();
    // Groups of articles sharing one millisecond (some the exact same instant, some a few
    // microseconds apart) straddle every page boundary.
    for (group, size) in [3usize, 1, 4, 9, 2, 1, 5, 3, 7, 2].into_iter().enumerate() {
        let t = base - TimeDelta::seconds(group as i64);
        for i in 0..size {
            let created = if i % 2 == 0 {
                t
            } else {
                t + TimeDelta::microseconds(i as i64 * 7)
            };
            expected.push(Article::new(author, 3).at(created).insert(&app));
        }
    }
    let pages = page_through(&app, 3, ms(Utc::now()), None, |_| {}).await;
    let seen: Vec<i64> = pages.iter().flatten().copied().collect();
    assert_eq!(seen.len(), expected.len(), "{pages:?}");
    assert_eq!(
        seen.iter().collect::<HashSet<_>>(),
        expected.iter().collect::<HashSet<_>>()
    );
    assert!(pages.iter().all(|p| p.len() <= 10));
}

#[tokio::test]
async fn a_millisecond_holding_more_than_a_page_is_served_whole() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let t = Utc::now() - TimeDelta::minutes(3);
    let same: HashSet<i64> = (0..13)
        .map(|_| Article::new(author, 4).at(t).insert(&app))
        .collect();
    let older = Article::new(author, 4)
        .at(t - TimeDelta::seconds(1))
        .insert(&app);
    let pages = page_through(&app, 4, ms(Utc::now()), None, |_| {}).await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].iter().copied().collect::<HashSet<_>>(), same);
    assert_eq!(pages[1], vec![older]);
}

#[tokio::test]
async fn articles_published_between_page_requests_never_shift_the_pages() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let base = Utc::now() - TimeDelta::hours(2);
    let expected: Vec<i64> = (0..35)
        .map(|i| {
            Article::new(author, 5)
                .at(base - TimeDelta::milliseconds(i / 2))
                .insert(&app)
        })
        .collect();
    let pages = page_through(&app, 5, ms(Utc::now()), None, |_| {
        // New articles arrive between every two requests.
        for _ in 0..3 {
            Article::new(author, 5).at(Utc::now()).insert(&app);
        }
    })
    .await;
    let seen: Vec<i64> = pages.into_iter().flatten().collect();
    assert_eq!(seen.len(), expected.len());
    assert_eq!(
        seen.iter().collect::<HashSet<_>>(),
        expected.iter().collect::<HashSet<_>>()
    );
    // Newest first: ids were minted oldest-last here, so the order is the insertion order
    // once ties inside a millisecond are put aside.
    let pos = |id: &i64| expected.iter().position(|e| e == id).unwrap() as i64 / 2;
    assert!(seen.windows(2).all(|w| pos(&w[0]) <= pos(&w[1])));
}

#[tokio::test]
async fn pinned_articles_lead_the_first_page_only_and_are_not_repeated() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let base = Utc::now() - TimeDelta::hours(1);
    let pinned = Article::new(author, 6)
        .at(base - TimeDelta::days(3))
        .pinned()
        .insert(&app);
    let regular: Vec<i64> = (0..12)
        .map(|i| {
            Article::new(author, 6)
                .at(base - TimeDelta::minutes(i))
                .insert(&app)
        })
        .collect();
    // A pinned article of another channel stays out.
    Article::new(author, 7).pinned().insert(&app);

    let pages = page_through(&app, 6, ms(Utc::now()), None, |_| {}).await;
    assert_eq!(pages[0][0], pinned);
    assert_eq!(pages[0].len(), 11, "pinned + 10");
    let all: Vec<i64> = pages.iter().flatten().copied().collect();
    assert_eq!(all.iter().filter(|id| **id == pinned).count(), 1);
    assert_eq!(all.len(), 13);
    let body = timeline(
        &app,
        &format!("channel_id=6&timestamp={}&with_top=1", ms(Utc::now())),
        None,
    )
    .await;
    assert_eq!(body["data"]["results"][0]["is_top"], 1);

    // Without with_top the pinned article is just one more article, in time order.
    let body = timeline(
        &app,
        &format!("channel_id=6&timestamp={}&with_top=0", ms(base)),
        None,
    )
    .await;
    assert_eq!(fx::ids(&body, "art_id")[..2], regular[1..3]);
    let mut ts = ms(Utc::now());
    let mut seen = Vec::new();
    loop {
        let body = timeline(
            &app,
            &format!("channel_id=6&timestamp={ts}&with_top=0"),
            None,
        )
        .await;
        let ids = fx::ids(&body, "art_id");
        if ids.is_empty() {
            break;
        }
        ts = body["data"]["pre_timestamp"].as_i64().unwrap();
        seen.extend(ids);
    }
    assert_eq!(seen.last(), Some(&pinned));
    assert_eq!(seen.len(), 13);
}

#[tokio::test]
async fn channel_zero_serves_every_channel_and_only_approved_articles() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let a = Article::new(author, 1).insert(&app);
    let b = Article::new(author, 9)
        .at(Utc::now() - TimeDelta::minutes(1))
        .insert(&app);
    for status in [0, 1, 3, 4, 5] {
        Article::new(author, 1).status(status).insert(&app);
    }
    let body = timeline(
        &app,
        &format!("channel_id=0&timestamp={}&with_top=1", ms(Utc::now())),
        None,
    )
    .await;
    assert_eq!(fx::ids(&body, "art_id"), vec![a, b]);
}

#[tokio::test]
async fn a_viewer_never_sees_disliked_articles_or_blacklisted_authors() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (pest, _) = fx::user(&app);
    let (viewer, token) = fx::user(&app);
    let disliked = fx::article(&app, author);
    let kept = Article::new(author, 1)
        .at(Utc::now() - TimeDelta::minutes(1))
        .insert(&app);
    let hidden = Article::new(pest, 1)
        .at(Utc::now() - TimeDelta::minutes(2))
        .insert(&app);
    let pinned_by_pest = Article::new(pest, 1).pinned().insert(&app);
    fx::blacklist(&app, viewer, pest);
    let res = app
        .post_json(
            "/v1_0/article/dislikes",
            Some(&token),
            &json!({"target": disliked}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let query = format!("channel_id=1&timestamp={}&with_top=1", ms(Utc::now()));
    let mine = timeline(&app, &query, Some(&token)).await;
    assert_eq!(fx::ids(&mine, "art_id"), vec![kept]);
    let anonymous = timeline(&app, &query, None).await;
    assert_eq!(
        fx::ids(&anonymous, "art_id"),
        vec![pinned_by_pest, disliked, kept, hidden]
    );
    let v1_0 = json(app.get("/v1_0/articles?channel_id=1", Some(&token)).await).await;
    assert_eq!(fx::ids(&v1_0, "art_id"), vec![kept]);
}
