//! Helpers of the search tests: searching, suggesting, and waiting (with a deadline) for
//! the index to follow the database.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{TestApp, json};

/// How long an article change may take to reach search (the bound).
pub const FOLLOW: Duration = Duration::from_secs(2);

/// `GET /v1_0/search` with `params` (q, page, per_page ...); the status and body.
pub async fn search_with(
    app: &TestApp,
    params: &[(&str, &str)],
    token: Option<&str>,
) -> (u16, Value) {
    let res = app
        .request(reqwest::Method::GET, "/v1_0/search", token)
        .query(params)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), json(res).await)
}

/// The data of a successful search for `q` (page 1, 10 per page, anonymous).
pub async fn search(app: &TestApp, q: &str) -> Value {
    let (status, body) = search_with(app, &[("q", q)], None).await;
    assert_eq!(status, 200, "{body}");
    body["data"].clone()
}

/// The result ids of a search data object.
pub fn hit_ids(data: &Value) -> Vec<i64> {
    data["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["art_id"].as_i64().unwrap())
        .collect()
}

/// `GET /v1_0/suggestion?q`: the options.
pub async fn suggest(app: &TestApp, q: &str) -> Vec<String> {
    let res = app
        .request(reqwest::Method::GET, "/v1_0/suggestion", None)
        .query(&[("q", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    body["data"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// Searches `q` until `done` holds for the data, failing after `within`.
pub async fn search_until(
    app: &TestApp,
    q: &str,
    within: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let data = search(app, q).await;
        if done(&data) {
            return data;
        }
        assert!(Instant::now() < deadline, "search {q:?} still gives {data}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Asks for suggestions of `q` until `done` holds for them, failing after `within`.
pub async fn suggest_until(
    app: &TestApp,
    q: &str,
    within: Duration,
    done: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let deadline = Instant::now() + within;
    loop {
        let options = suggest(app, q).await;
        if done(&options) {
            return options;
        }
        assert!(
            Instant::now() < deadline,
            "suggestions of {q:?} still are {options:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs SQL statements on the test database.
pub fn sql(app: &TestApp, statements: &str) {
    use diesel::connection::SimpleConnection;
    let mut c = app.state.db.get().unwrap();
    c.batch_execute(statements).unwrap();
}
