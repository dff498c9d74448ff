//! Load client of the realtime benchmark (`bench/realtime.sh`): speaks Engine.IO v4 /
//! Socket.IO v5 frames over WebSocket directly, so one process can hold thousands of sockets.
//!
//!   realtime_load idle  BASE N SECS           N idle sockets held SECS seconds (pongs only)
//!   realtime_load notify BASE USERS           USERS logged-in sockets; latency from the
//!                                             HTTP follow to the `following notify` event
//!   realtime_load chat  BASE CONNS SECS       chat round trips per second over CONNS sockets
//!   realtime_load token BASE MOBILE           logs in, prints an access token
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens a socket and joins the default namespace.
async fn open(base: &str, query: &str) -> anyhow::Result<Ws> {
    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket{query}",
        base.replacen("http", "ws", 1)
    );
    let (mut ws, _) = connect_async(url).await?;
    let mut sent_connect = false;
    while let Some(msg) = ws.next().await {
        let Message::Text(t) = msg? else { continue };
        if t.starts_with('0') && !sent_connect {
            ws.send(Message::Text("40".into())).await?;
            sent_connect = true;
        } else if t.starts_with("40") {
            return Ok(ws);
        } else if t.starts_with("44") {
            anyhow::bail!("refused: {t}");
        } else if t == "2" {
            ws.send(Message::Text("3".into())).await?;
        }
    }
    anyhow::bail!("closed during the handshake")
}

/// `42["name",data]` -> (name, data).
fn event(text: &str) -> Option<(String, Value)> {
    let v: Value = serde_json::from_str(text.strip_prefix("42")?).ok()?;
    Some((v[0].as_str()?.to_owned(), v[1].clone()))
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn idle(base: String, n: usize, secs: u64) {
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let dropped = Arc::new(AtomicU64::new(0));
    let gate = Arc::new(Semaphore::new(256));
    let started = Instant::now();
    let hold_until = Arc::new(tokio::sync::OnceCell::<Instant>::new());
    let mut tasks = Vec::with_capacity(n);
    for _ in 0..n {
        let (base, ok, failed, dropped, gate, until) = (
            base.clone(),
            ok.clone(),
            failed.clone(),
            dropped.clone(),
            gate.clone(),
            hold_until.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let permit = gate.acquire_owned().await.unwrap();
            let mut ws = match open(&base, "").await {
                Ok(ws) => ws,
                Err(_) => {
                    failed.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            };
            drop(permit);
            ok.fetch_add(1, Ordering::Relaxed);
            let deadline = *until
                .get_or_init(|| async { Instant::now() + Duration::from_secs(secs) })
                .await;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match tokio::time::timeout(left, ws.next()).await {
                    Err(_) => break,
                    Ok(Some(Ok(Message::Text(t)))) if t == "2" => {
                        let _ = ws.send(Message::Text("3".into())).await;
                    }
                    Ok(Some(Ok(_))) => {}
                    Ok(_) => {
                        dropped.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                }
            }
            let _ = ws.close(None).await;
        }));
    }
    // Report once everything is connected, then when the hold ends.
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let done = ok.load(Ordering::Relaxed) + failed.load(Ordering::Relaxed);
        if done as usize >= n {
            break;
        }
    }
    println!(
        "idle: {} connected, {} failed, in {:.1} s; holding {secs} s",
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    println!("HOLDING");
    for t in tasks {
        let _ = t.await;
    }
    println!(
        "idle: held {secs} s, {} dropped by the server",
        dropped.load(Ordering::Relaxed)
    );
}

async fn login(http: &reqwest::Client, base: &str, mobile: &str) -> (String, i64) {
    let res: Value = http
        .post(format!("{base}/v1_0/authorizations"))
        .json(&json!({ "mobile": mobile, "code": "246810" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = res["data"]["token"].as_str().expect("login").to_owned();
    let me: Value = http
        .get(format!("{base}/v1_0/user"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (token, me["data"]["id"].as_i64().unwrap())
}

async fn notify(base: String, users: usize) {
    let http = reqwest::Client::new();
    let (actor, _) = login(&http, &base, "13600000000").await;
    let (tx, mut rx) = mpsc::unbounded_channel::<(usize, Instant)>();
    let mut ids = Vec::with_capacity(users);
    for i in 0..users {
        let (token, id) = login(&http, &base, &format!("136{:08}", i + 1)).await;
        ids.push(id);
        let mut ws = open(&base, &format!("&token={token}"))
            .await
            .expect("socket");
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = ws.next().await {
                let Message::Text(t) = msg else { continue };
                if t == "2" {
                    let _ = ws.send(Message::Text("3".into())).await;
                } else if let Some((name, _)) = event(&t)
                    && name == "following notify"
                {
                    let _ = tx.send((i, Instant::now()));
                }
            }
        });
    }
    println!("notify: {users} users connected");
    let mut lat = Vec::with_capacity(users);
    let mut missing = 0;
    for (i, id) in ids.iter().enumerate() {
        let t0 = Instant::now();
        let res = http
            .post(format!("{base}/v1_0/user/followings"))
            .bearer_auth(&actor)
            .json(&json!({ "target": id }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        loop {
            match tokio::time::timeout(Duration::from_secs(2), rx.recv()).await {
                Ok(Some((j, t1))) if j == i => {
                    lat.push((t1 - t0).as_secs_f64() * 1000.0);
                    break;
                }
                Ok(Some(_)) => continue,
                _ => {
                    missing += 1;
                    break;
                }
            }
        }
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    println!(
        "notify: {} samples, {missing} missing; HTTP follow -> socket event ms: p50 {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}",
        lat.len(),
        pct(&lat, 0.5),
        pct(&lat, 0.9),
        pct(&lat, 0.99),
        pct(&lat, 1.0)
    );
}

async fn chat(base: String, conns: usize, secs: u64) {
    let count = Arc::new(AtomicU64::new(0));
    let mut sockets = Vec::new();
    for _ in 0..conns {
        sockets.push(open(&base, "").await.expect("socket"));
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let tasks: Vec<_> = sockets
        .into_iter()
        .map(|mut ws| {
            let count = count.clone();
            tokio::spawn(async move {
                let frame = r#"42["message",{"msg":"你好","timestamp":0}]"#;
                while Instant::now() < deadline {
                    ws.send(Message::Text(frame.into())).await.unwrap();
                    while let Some(Ok(msg)) = ws.next().await {
                        let Message::Text(t) = msg else { continue };
                        if t == "2" {
                            let _ = ws.send(Message::Text("3".into())).await;
                        } else if event(&t).is_some_and(|(n, _)| n == "message") {
                            count.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    let n = count.load(Ordering::Relaxed);
    println!(
        "chat: {n} round trips over {conns} sockets in {:.1} s = {:.0}/s",
        started.elapsed().as_secs_f64(),
        n as f64 / started.elapsed().as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let num = |i: usize, d: u64| arg(i).parse().unwrap_or(d);
    match arg(0).as_str() {
        "idle" => idle(arg(1), num(2, 10_000) as usize, num(3, 60)).await,
        "notify" => notify(arg(1), num(2, 1_000) as usize).await,
        "chat" => chat(arg(1), num(2, 50) as usize, num(3, 10)).await,
        "token" => println!(
            "{}",
            login(&reqwest::Client::new(), &arg(1), &arg(2)).await.0
        ),
        _ => eprintln!("usage: realtime_load idle|notify|chat BASE ..."),
    }
}
