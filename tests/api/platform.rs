//! What every route shares: prefixes, 404/405, CORS, request ids, the route map, probes.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{json, spawn_app};

const NOT_FOUND: &str = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";

#[tokio::test]
async fn unknown_routes_and_bad_path_ids_are_404_with_the_contract_text() {
    let app = spawn_app().await;
    for path in [
        "/nope",
        "/v1_0/nope",
        "/app/v1_0/nope",
        "/mis/v1_0/users/0/ban",
        "/mis/v1_0/users/abc/ban",
        "/mis/v1_0/users/99999999999999999999/ban",
    ] {
        let res = app.request(Method::POST, path, None).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(
            json(res).await,
            json!({"message": NOT_FOUND, "data": null}),
            "{path}"
        );
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_the_contract_text() {
    let app = spawn_app().await;
    let res = app
        .request(Method::PATCH, "/v1_0/authorizations", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(
        json(res).await["message"],
        "The method is not allowed for the requested URL."
    );
}

#[tokio::test]
async fn the_route_map_is_served_unwrapped_at_both_roots() {
    let app = spawn_app().await;
    for root in ["/", "/app/"] {
        let body = json(app.get(root, None).await).await;
        assert_eq!(body["passport.authorization"], "/v1_0/authorizations");
        assert!(body.get("message").is_none());
    }
}

#[tokio::test]
async fn every_route_in_the_map_exists() {
    let app = spawn_app().await;
    let map = json(app.get("/", None).await).await;
    for (name, pattern) in map.as_object().unwrap() {
        let path = concrete_path(pattern.as_str().unwrap());
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            let res = app
                .request(method.clone(), &path, None)
                .send()
                .await
                .unwrap();
            // A routed resource may answer 404 itself (E27's "The article does not
            // exist."); only the generic text means the path is not routed.
            let routed = res.status() != 404 || json(res).await["message"] != NOT_FOUND;
            assert!(routed, "{name}: {method} {path} is not routed");
        }
    }
}

/// Fills a route pattern's parameters: a mobile for `{mobile}`, an id for the rest.
fn concrete_path(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|seg| match seg {
            "{mobile}" => "13812345678",
            s if s.starts_with('{') => "1",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn cors_preflight_allows_any_origin_and_the_api_headers() {
    let app = spawn_app().await;
    let res = app
        .request(Method::OPTIONS, "/v1_0/user", None)
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "PATCH")
        .header(
            "access-control-request-headers",
            "authorization,content-type,trace",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let methods = res.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        methods.contains("PATCH") && methods.contains("DELETE"),
        "{methods}"
    );
    let headers = res.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    for h in ["authorization", "content-type", "trace"] {
        assert!(headers.contains(h), "{headers}");
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_honours_a_sane_incoming_one() {
    let app = spawn_app().await;
    let res = app.get("/health", None).await;
    let generated = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(generated.len(), 32);
    let res = app
        .request(Method::GET, "/nope", None)
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-me-123");
    let res = app
        .request(Method::GET, "/health", None)
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()["x-request-id"], "bad id with spaces");
}

#[tokio::test]
async fn health_and_readiness_report_up() {
    let app = spawn_app().await;
    let res = app.get("/health", None).await;
    assert_eq!(res.status(), 200);
    let res = app.get("/ready", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        json(res).await["data"],
        json!({"database": "up", "redis": "up"})
    );
}

#[tokio::test]
async fn readiness_is_503_when_redis_is_unreachable() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.redis.url = secrecy::SecretString::from("redis://127.0.0.1:1");
    })
    .await;
    let res = app.get("/ready", None).await;
    assert_eq!(res.status(), 503);
    assert_eq!(
        json(res).await["data"],
        json!({"database": "up", "redis": "down"})
    );
}

#[tokio::test]
async fn the_app_prefix_serves_the_same_api() {
    let app = spawn_app().await;
    let tokens = app.login("13812345678").await;
    let a = json(app.get("/v1_0/user", Some(&tokens.token)).await).await;
    let b = json(app.get("/app/v1_0/user", Some(&tokens.token)).await).await;
    assert_eq!(a, b);
}
