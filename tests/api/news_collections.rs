//! E30-E32 collections and E37 reports.

use reqwest::Method;
use serde_json::json;

use crate::fixtures_news as fx;
use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn collections_list_the_most_recent_first_with_cards() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let t = Some(token.as_str());
    let ids: Vec<i64> = (0..12).map(|_| fx::article(&app, author)).collect();
    for id in &ids {
        let res = app
            .request(Method::POST, "/v1_0/article/collections", t)
            .header("Trace", r#"{"action":"collect"}"#)
            .json(&json!({"target": id}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(json(res).await["data"], json!({"target": id}));
    }
    // Collecting again changes nothing; uncollect + collect moves it to the top.
    app.post_json("/v1_0/article/collections", t, &json!({"target": ids[0]}))
        .await;
    app.delete(&format!("/v1_0/article/collections/{}", ids[1]), t)
        .await;
    app.post_json("/v1_0/article/collections", t, &json!({"target": ids[1]}))
        .await;
    app.post_json("/v1_0/article/likings", t, &json!({"target": ids[1]}))
        .await;

    let res = app.get("/v1_0/article/collections", t).await;
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    assert_eq!(body["data"]["total_count"], 12);
    assert_eq!(body["data"]["per_page"], 10);
    let got = fx::ids(&body, "art_id");
    assert_eq!(got[0], ids[1]);
    assert_eq!(got[1], ids[11]);
    assert_eq!(body["data"]["results"][0]["is_liking"], true);
    assert_eq!(body["data"]["results"][0]["collect_count"], 1);
    assert_eq!(body["data"]["results"][1]["is_liking"], false);
    let body = json(app.get("/v1_0/article/collections?page=2", t).await).await;
    assert_eq!(fx::ids(&body, "art_id"), vec![ids[2], ids[0]]);
    assert_eq!(fx::stat(&app, ids[0], "collect_count"), 1);
    assert_eq!(
        app.get("/v1_0/article/collections", None).await.status(),
        401
    );
}

#[tokio::test]
async fn reports_keep_one_per_user_and_the_remark_only_for_other() {
    let app = spawn_app().await;
    let (author, _) = fx::user(&app);
    let (_, token) = fx::user(&app);
    let t = Some(token.as_str());
    let a = fx::article(&app, author);
    let b = fx::article(&app, author);
    let res = app
        .post_json(
            "/v1_0/article/reports",
            t,
            &json!({"target": a, "type": 0, "remark": "太长了"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        json(res).await,
        json!({"message": "OK", "data": {"target": a, "type": 0}})
    );
    let res = app
        .post_json(
            "/v1_0/article/reports",
            t,
            &json!({"target": b.to_string(), "type": 5, "remark": "ignored"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM news_report WHERE remark = '太长了' AND type = 0"),
        1
    );
    assert_eq!(
        app.sql_count("SELECT count(*) AS n FROM news_report WHERE remark IS NULL AND type = 5"),
        1
    );
    let res = app
        .post_json("/v1_0/article/reports", t, &json!({"target": a, "type": 3}))
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        json(res).await["message"],
        "User has reported this article."
    );

    for (body, message) in [
        (
            json!({"target": a, "type": 9}),
            json!({"type": "Invalid report type."}),
        ),
        (
            json!({"target": a, "type": -1}),
            json!({"type": "Invalid report type."}),
        ),
        (
            json!({"target": a, "type": "1"}),
            json!({"type": "Invalid report type."}),
        ),
        (
            json!({"target": a, "type": 1.5}),
            json!({"type": "Invalid report type."}),
        ),
        (
            json!({"target": a}),
            json!({"type": "Missing required parameter in the JSON body"}),
        ),
        (
            json!({"type": 1}),
            json!({"target": "Missing required parameter in the JSON body"}),
        ),
        (
            json!({"target": 5, "type": 1}),
            json!({"target": "Invalid target article id."}),
        ),
        (
            json!({"target": a, "type": 0, "remark": "x".repeat(201)}),
            json!({"remark": "Invalid remark."}),
        ),
    ] {
        let res = app.post_json("/v1_0/article/reports", t, &body).await;
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(json(res).await["message"], message, "{body}");
    }
    assert_eq!(
        app.post_json(
            "/v1_0/article/reports",
            None,
            &json!({"target": a, "type": 1})
        )
        .await
        .status(),
        401
    );
}
