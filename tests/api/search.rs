//! E44 search: relevance on articles the test writes, what is searchable, how fast the
//! index follows edits, paging, validation.

use std::time::Instant;

use serde_json::json;

use crate::fixtures_news::{self as fx, Article};
use crate::helpers::spawn_app;
use crate::search_fixtures::{FOLLOW, hit_ids, search, search_until, search_with, sql};

#[tokio::test]
async fn an_exact_title_ranks_first_and_a_title_match_outranks_content() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let exact = Article::new(author, 1)
        .titled("Rust 入门")
        .body("<p>写给新手</p>")
        .insert(&app);
    let longer = Article::new(author, 1)
        .titled("Rust 入门：从零开始的系统编程指南")
        .body("<p>章节一</p>")
        .insert(&app);
    let in_body = Article::new(author, 1)
        .titled("周末随笔")
        .body("<p>今天读了 <b>Rust</b> 入门，觉得不错。</p>")
        .insert(&app);
    Article::new(author, 1)
        .titled("天气预报")
        .body("<p>晴</p>")
        .insert(&app);

    let data = search_until(&app, "Rust 入门", FOLLOW, |d| d["total_count"] == 3).await;
    assert_eq!(hit_ids(&data), [exact, longer, in_body], "{data}");
    let card = &data["results"][0];
    for field in [
        "art_id",
        "title",
        "aut_id",
        "aut_name",
        "comm_count",
        "pubdate",
        "cover",
        "like_count",
        "collect_count",
    ] {
        assert!(card.get(field).is_some(), "{field} missing from {card}");
    }
    assert_eq!(card["title"], "Rust 入门");
    assert_eq!(card["aut_id"], author);
    assert_eq!(
        (data["page"].clone(), data["per_page"].clone()),
        (json!(1), json!(10))
    );

    // The same word once in a title beats it twice in a body.
    let titled = Article::new(author, 2).titled("量子计算新闻").insert(&app);
    let mentioned = Article::new(author, 2)
        .titled("科技周报")
        .body("<p>量子计算 的进展；量子计算 的未来</p>")
        .insert(&app);
    let data = search_until(&app, "量子计算", FOLLOW, |d| d["total_count"] == 2).await;
    assert_eq!(hit_ids(&data), [titled, mentioned]);
}

#[tokio::test]
async fn a_two_character_word_finds_exactly_the_articles_containing_it() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let a = Article::new(author, 1).titled("熊猫的日常").insert(&app);
    let b = Article::new(author, 1)
        .titled("动物园游记")
        .body("<p>园里的熊猫很可爱</p>")
        .insert(&app);
    // Split by tags, the two characters are not the word.
    Article::new(author, 1)
        .titled("杂记")
        .body("<p>熊</p><p>猫</p>")
        .insert(&app);
    Article::new(author, 1).titled("老虎的日常").insert(&app);
    let marker = Article::new(author, 1).titled("标记文章").insert(&app);
    search_until(&app, "标记", FOLLOW, |d| hit_ids(d) == [marker]).await;

    let data = search(&app, "熊猫").await;
    let mut found = hit_ids(&data);
    found.sort();
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(found, expected, "{data}");
    assert_eq!(data["total_count"], 2);
}

#[tokio::test]
async fn unpublished_and_deleted_articles_never_appear_and_edits_show_within_two_seconds() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let live = Article::new(author, 1)
        .titled("秘密花园 alpha")
        .insert(&app);
    for status in [0, 1, 3, 4, 5] {
        Article::new(author, 1)
            .titled("秘密花园 alpha")
            .status(status)
            .insert(&app);
    }
    let data = search_until(&app, "秘密花园", FOLLOW, |d| d["total_count"] == 1).await;
    assert_eq!(hit_ids(&data), [live]);

    // A title edit: the new word is found, the old one no longer.
    sql(
        &app,
        &format!(
            "UPDATE news_article_basic SET title = '秘密花园 omega' WHERE article_id = {live}"
        ),
    );
    let t = Instant::now();
    search_until(&app, "omega", FOLLOW, |d| hit_ids(d) == [live]).await;
    assert!(t.elapsed() <= FOLLOW);
    assert_eq!(search(&app, "alpha").await["total_count"], 0);

    // A body edit.
    sql(
        &app,
        &format!(
            "UPDATE news_article_content SET content = '<p>向日葵</p>' WHERE article_id = {live}"
        ),
    );
    search_until(&app, "向日葵", FOLLOW, |d| hit_ids(d) == [live]).await;

    // Approving a draft makes it searchable; deleting (status 4) takes it away.
    let draft = Article::new(author, 1)
        .titled("草稿 beta")
        .status(0)
        .insert(&app);
    sql(
        &app,
        &format!("UPDATE news_article_basic SET status = 2 WHERE article_id = {draft}"),
    );
    search_until(&app, "beta", FOLLOW, |d| hit_ids(d) == [draft]).await;
    sql(
        &app,
        &format!("UPDATE news_article_basic SET status = 4 WHERE article_id = {live}"),
    );
    search_until(&app, "秘密花园", FOLLOW, |d| d["total_count"] == 0).await;

    // A row removed outright disappears too.
    sql(
        &app,
        &format!(
            "DELETE FROM news_article_statistic WHERE article_id = {draft}; \
         DELETE FROM news_article_content WHERE article_id = {draft}; \
         DELETE FROM news_article_basic WHERE article_id = {draft}"
        ),
    );
    search_until(&app, "beta", FOLLOW, |d| d["total_count"] == 0).await;
}

#[tokio::test]
async fn query_syntax_characters_are_text_and_punctuation_only_queries_find_nothing() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let id = Article::new(author, 1).titled("Rust 入门").insert(&app);
    search_until(&app, "rust", FOLLOW, |d| hit_ids(d) == [id]).await;
    for q in [
        r#""Rust":(入门)"#,
        "-rust*",
        "rust~2^3",
        "title:rust AND OR",
        "RUST!!",
    ] {
        let data = search(&app, q).await;
        assert_eq!(hit_ids(&data), [id], "{q}");
    }
    for q in ["，。！？", r#""":()-*~^"#, " "] {
        let data = search(&app, q).await;
        assert_eq!(data["total_count"], 0, "{q}");
        assert_eq!(data["results"], json!([]), "{q}");
    }
}

#[tokio::test]
async fn paging_is_stable_with_an_exact_total() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let mut all: Vec<i64> = (0..25)
        .map(|i| {
            Article::new(author, 1)
                .titled(&format!("苹果 {i}"))
                .insert(&app)
        })
        .collect();
    search_until(&app, "苹果", FOLLOW, |d| d["total_count"] == 25).await;
    let mut seen = Vec::new();
    for (page, len) in [(1, 10), (2, 10), (3, 5), (4, 0)] {
        let params = [
            ("q", "苹果"),
            ("page", &page.to_string()),
            ("per_page", "10"),
        ];
        let (status, body) = search_with(&app, &params, None).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["total_count"], 25);
        assert_eq!(body["data"]["page"], page);
        let ids = hit_ids(&body["data"]);
        assert_eq!(ids.len(), len, "page {page}");
        let (_, again) = search_with(&app, &params, None).await;
        assert_eq!(hit_ids(&again["data"]), ids, "page {page} is stable");
        seen.extend(ids);
    }
    seen.sort();
    all.sort();
    assert_eq!(seen, all);
    // Far past the end: an empty page, the total still exact.
    let (status, body) = search_with(&app, &[("q", "苹果"), ("page", "999999999999")], None).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["total_count"], 25);
    assert_eq!(body["data"]["results"], json!([]));
}

#[tokio::test]
async fn search_answers_the_contract_validation_texts() {
    let app = spawn_app().await;
    let pattern = json!({"q": "Value does not match pattern: \"^.{1,50}$\""});
    let cases: Vec<(Vec<(&str, String)>, serde_json::Value)> = vec![
        (
            vec![],
            json!({"q": "Missing required parameter in the query string"}),
        ),
        (vec![("q", String::new())], pattern.clone()),
        (vec![("q", "字".repeat(51))], pattern.clone()),
        (vec![("q", "a\nb".into())], pattern.clone()),
        (
            vec![("q", "a".into()), ("per_page", "9".into())],
            json!({"per_page": "Invalid per_page: 9. per_page must be within the range 10 - 50"}),
        ),
        (
            vec![("q", "a".into()), ("page", "0".into())],
            json!({"page": "Invalid page: 0. page must be a positive integer"}),
        ),
    ];
    for (params, message) in cases {
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = search_with(&app, &params, None).await;
        assert_eq!(status, 400, "{params:?}");
        assert_eq!(
            body,
            json!({"message": message, "data": null}),
            "{params:?}"
        );
    }
    let (status, _) = search_with(&app, &[("q", &"字".repeat(50))], None).await;
    assert_eq!(status, 200);
    let (status, body) = search_with(&app, &[("q", "a")], Some("bad")).await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], "Token has some errors.");
}
