//! The server's edges (issue 7, items 6 and 10): a trickled body meets a deadline, the
//! connection count is capped, and shutdown waits a configurable while for in-flight work.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, spawn_app_with};

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Sends a login request's head announcing `length` body bytes.
async fn start_body(stream: &mut TcpStream, length: usize) {
    let head = format!(
        "POST /v1_0/authorizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
}

/// Everything the server sends until it closes the connection (or `limit` passes).
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(limit, stream.read_to_end(&mut buf))
        .await
        .is_ok();
    (String::from_utf8_lossy(&buf).into_owned(), closed)
}

#[tokio::test]
async fn a_trickled_body_gets_408_and_the_connection_is_closed() {
    let app = spawn_app_with(|s| s.server.body_timeout_ms = 600).await;
    let mut stream = connect(&app).await;
    start_body(&mut stream, 1000).await;
    let started = Instant::now();
    let trickle = async {
        for _ in 0..30 {
            if stream.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    // The writer stops as soon as the server hangs up.
    let _ = tokio::time::timeout(Duration::from_millis(1500), trickle).await;
    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(2)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains(r#"{"message":"The request body took too long to arrive.","data":null}"#),
        "{answer}"
    );
    assert!(closed, "the connection stayed open");
    assert!(started.elapsed() < Duration::from_secs(3));
    // The server is fine afterwards.
    assert_eq!(app.get("/health", None).await.status(), 200);
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let app = spawn_app_with(|s| {
        s.server.max_connections = 2;
        s.server.workers = 1;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = connect(&app).await;
        start_body(&mut s, 100).await;
        held.push(s);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let waiting = reqwest::Client::new()
        .get(app.url("/health"))
        .timeout(Duration::from_millis(700))
        .send()
        .await;
    assert!(
        waiting.is_err(),
        "a third connection was served: {waiting:?}"
    );
    drop(held);
    let res = reqwest::Client::new()
        .get(app.url("/health"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn shutdown_answers_what_finishes_in_time_and_waits_no_longer_than_configured() {
    let app = spawn_app_with(|s| {
        s.server.shutdown_timeout_secs = 1;
        s.server.body_timeout_ms = 60_000;
    })
    .await;
    let body = br#"{"mobile":"13812345678","code":"123456"}"#;
    let mut finishing = connect(&app).await;
    start_body(&mut finishing, body.len()).await;
    finishing.write_all(&body[..10]).await.unwrap();
    let mut stalled = connect(&app).await;
    start_body(&mut stalled, body.len()).await;
    stalled.write_all(&body[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    let stopping = tokio::spawn({
        let handle = app.server.clone();
        async move { handle.stop(true).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    finishing.write_all(&body[10..]).await.unwrap();
    let (answer, _) = read_until_closed(&mut finishing, Duration::from_secs(3)).await;
    assert!(
        answer.starts_with("HTTP/1.1 400"),
        "in-flight request lost: {answer}"
    );

    stopping.await.unwrap();
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(2500),
        "shutdown took {took:?} with a 1 s period"
    );
    let (_, closed) = read_until_closed(&mut stalled, Duration::from_secs(2)).await;
    assert!(closed, "the stalled client was not let go");
}
