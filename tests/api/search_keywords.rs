//! E45 suggestions, E46/E47 search keywords, and the index's life: built in the background
//! when missing, shared by processes (one writer), rebuilt by `toutiao reindex`.

use std::time::Duration;

use serde_json::json;
use toutiao::state::AppState;

use crate::fixtures_news::{self as fx, Article};
use crate::helpers::{json, spawn_app};
use crate::search_fixtures::{
    FOLLOW, hit_ids, search, search_until, search_with, suggest, suggest_until,
};

#[tokio::test]
async fn histories_keep_the_four_newest_distinct_keywords_of_page_one() {
    let app = spawn_app().await;
    let (_, token) = fx::user(&app);
    for q in ["a", "b", "c", "a", "d", "e"] {
        let (status, _) = search_with(&app, &[("q", q)], Some(&token)).await;
        assert_eq!(status, 200);
    }
    // Page 2 and anonymous searches are not recorded.
    search_with(&app, &[("q", "later"), ("page", "2")], Some(&token)).await;
    search_with(&app, &[("q", "anonymous")], None).await;
    let res = app.get("/v1_0/search/histories", Some(&token)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        json(res).await["data"],
        json!({"keywords": ["e", "d", "a", "c"]})
    );

    let res = app.delete("/v1_0/search/histories", Some(&token)).await;
    assert_eq!(res.status(), 204);
    assert_eq!(res.text().await.unwrap(), "");
    let res = app.get("/v1_0/search/histories", Some(&token)).await;
    assert_eq!(json(res).await["data"], json!({"keywords": []}));

    for res in [
        app.get("/v1_0/search/histories", None).await,
        app.delete("/v1_0/search/histories", None).await,
    ] {
        assert_eq!(res.status(), 401);
        assert_eq!(json(res).await["message"], "User must be authorized.");
    }
}

#[tokio::test]
async fn suggestions_complete_approved_titles_and_frequent_keywords_then_correct_spelling() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    Article::new(author, 1).titled("Rust 入门教程").insert(&app);
    Article::new(author, 1).titled("Rust 进阶").insert(&app);
    Article::new(author, 1)
        .titled("Python 数据分析")
        .insert(&app);
    Article::new(author, 1)
        .titled("Rust 秘籍")
        .status(1)
        .insert(&app);
    for i in 0..12 {
        Article::new(author, 1)
            .titled(&format!("熊猫日记 第{i}篇"))
            .insert(&app);
    }
    let options = suggest_until(&app, "rust", FOLLOW * 2, |o| o.len() == 2).await;
    let mut sorted = options.clone();
    sorted.sort();
    assert_eq!(sorted, ["Rust 入门教程", "Rust 进阶"]);
    assert_eq!(suggest(&app, "PYTH").await, ["Python 数据分析"]);
    let pandas = suggest(&app, "熊猫").await;
    assert_eq!(pandas.len(), 10, "{pandas:?}");
    assert!(pandas.iter().all(|o| o.starts_with("熊猫日记")));

    // Searched twice with results, a keyword becomes a completion, ahead of titles.
    for _ in 0..2 {
        let (status, _) = search_with(&app, &[("q", "Rust 宏编程")], None).await;
        assert_eq!(status, 200);
    }
    let options = suggest_until(&app, "rust", FOLLOW * 3, |o| o.len() == 3).await;
    assert_eq!(options[0], "rust 宏编程");

    // No completion: the closest indexed words.
    assert_eq!(suggest(&app, "pythn").await, ["python"]);
    assert_eq!(suggest(&app, "qqqqqqqq").await, Vec::<String>::new());
    let res = app.get("/v1_0/suggestion", None).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await["message"],
        json!({"q": "Missing required parameter in the query string"})
    );
}

#[tokio::test]
async fn a_missing_index_is_built_in_the_background_and_a_shared_one_has_one_writer() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let ids: Vec<i64> = (0..30)
        .map(|i| {
            Article::new(author, 1)
                .titled(&format!("银河 {i}"))
                .insert(&app)
        })
        .collect();
    search_until(&app, "银河", FOLLOW, |d| d["total_count"] == 30).await;

    // Another process on the same database with no index yet: it builds one from
    // PostgreSQL (the outbox is already drained) while serving.
    let mut settings = (*app.state.settings).clone();
    settings.search.dir = app.storage_dir.join("search-2").display().to_string();
    let fresh = AppState::build(settings).unwrap();
    toutiao::services::search::start(&fresh);
    let deadline = std::time::Instant::now() + FOLLOW * 2;
    while fresh.search.search("银河", 0, 50).unwrap().total < 30 {
        assert!(
            std::time::Instant::now() < deadline,
            "the new index was not built"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A third process on the first index: it may not write, but it sees the writer's commits.
    let shared = AppState::build((*app.state.settings).clone()).unwrap();
    assert!(shared.search.writer().unwrap().is_none());
    let late = Article::new(author, 1)
        .titled("银河 late 彗星")
        .insert(&app);
    let deadline = std::time::Instant::now() + FOLLOW;
    loop {
        let page = shared.search.search("彗星", 0, 10).unwrap();
        if page.ids == [late] {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the reader never reloaded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ids.len() == 30);
}

#[tokio::test]
async fn reindex_rebuilds_from_scratch_and_refuses_while_a_server_writes() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    for i in 0..3 {
        Article::new(author, 1)
            .titled(&format!("重建 {i}"))
            .insert(&app);
    }
    search_until(&app, "重建", FOLLOW, |d| d["total_count"] == 3).await;
    let run = |dir: String| {
        let url = secrecy::ExposeSecret::expose_secret(&app.state.settings.database.url).to_owned();
        std::process::Command::new(env!("CARGO_BIN_EXE_toutiao"))
            .arg("reindex")
            .env("TOUTIAO_DATABASE__URL", url)
            .env("TOUTIAO_SEARCH__DIR", dir)
            .env("TOUTIAO_SEARCH__WRITER_THREADS", "1")
            .env(
                "TOUTIAO_LOG__CONFIG_FILE",
                "no-such-file-so-log-to-the-console",
            )
            .output()
            .unwrap()
    };
    let out = run(app.storage_dir.join("search-cli").display().to_string());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("indexed 3 articles"), "{stdout}");
    assert!(stdout.contains("documents/s"), "{stdout}");

    // The test server writes its own index: reindex says so instead of fighting over it.
    let out = run(app.state.settings.search.dir.clone());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("another process"));
    assert_eq!(hit_ids(&search(&app, "重建").await).len(), 3);
}
