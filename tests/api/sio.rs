//! Real Socket.IO clients for the realtime tests: rust_socketio (Engine.IO v4) in process,
//! and socket.io-client 2.x (Engine.IO v3, what the Heima app uses) driven through node,
//! installed into cargo's test directory on first use.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use futures_util::FutureExt;
use rust_socketio::asynchronous::{Client, ClientBuilder};
use rust_socketio::{Event, Payload, TransportType};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::mpsc;

/// How long a test waits for something that should happen.
pub const WAIT: Duration = Duration::from_secs(5);

/// What a client saw, in order: `(event name, data)`; `connect`, `error` and `disconnect`
/// are reported under those names.
pub struct Events {
    rx: mpsc::UnboundedReceiver<(String, Value)>,
    seen: Vec<(String, Value)>,
}

impl Events {
    fn new(rx: mpsc::UnboundedReceiver<(String, Value)>) -> Self {
        Self {
            rx,
            seen: Vec::new(),
        }
    }

    /// The first `name` event within `wait` (earlier ones included), taken out.
    pub async fn within(&mut self, name: &str, wait: Duration) -> Option<Value> {
        if let Some(i) = self.seen.iter().position(|(n, _)| n == name) {
            return Some(self.seen.remove(i).1);
        }
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some((n, v))) if n == name => return Some(v),
                Ok(Some(other)) => self.seen.push(other),
                Ok(None) | Err(_) => return None,
            }
        }
    }

    /// The first `name` event, or a panic after [`WAIT`].
    pub async fn next(&mut self, name: &str) -> Value {
        match self.within(name, WAIT).await {
            Some(v) => v,
            None => panic!("no {name:?} event within {WAIT:?}; saw {:?}", self.seen),
        }
    }
}

fn first_value(p: Payload) -> Value {
    match p {
        Payload::Text(mut v) if !v.is_empty() => v.remove(0),
        Payload::Text(_) => Value::Null,
        #[allow(deprecated)]
        Payload::String(s) => Value::String(s),
        Payload::Binary(_) => Value::Null,
    }
}

/// Connects an Engine.IO v4 client to `base` + `path_and_query` (e.g.
/// `/socket.io/?token=...`). Refusals arrive as `error` events.
pub async fn connect_v4(base: &str, path_and_query: &str, ws: bool) -> (Client, Events) {
    let (tx, rx) = mpsc::unbounded_channel();
    let on_any = {
        let tx = tx.clone();
        move |e: Event, p: Payload, _c: Client| {
            let tx = tx.clone();
            async move {
                let name = match e {
                    Event::Custom(n) => n,
                    other => other.as_str().to_owned(),
                };
                let _ = tx.send((name, first_value(p)));
            }
            .boxed()
        }
    };
    let report = |name: &'static str| {
        let tx = tx.clone();
        move |p: Payload, _c: Client| {
            let tx = tx.clone();
            async move {
                let _ = tx.send((name.to_owned(), first_value(p)));
            }
            .boxed()
        }
    };
    let client = ClientBuilder::new(format!("{base}{path_and_query}"))
        .transport_type(if ws {
            TransportType::Websocket
        } else {
            TransportType::Polling
        })
        .reconnect(false)
        .on_any(on_any)
        .on(Event::Connect, report("connect"))
        .on(Event::Error, report("error"))
        .on(Event::Close, report("disconnect"))
        .connect()
        .await
        .expect("socket.io v4 client connects");
    (client, Events::new(rx))
}

/// Connects like [`connect_v4`] and waits until the namespace has accepted the socket
/// (its rooms are joined from then on).
pub async fn joined_v4(base: &str, path_and_query: &str, ws: bool) -> (Client, Events) {
    let (client, mut events) = connect_v4(base, path_and_query, ws).await;
    events.next("connect").await;
    (client, events)
}

/// Sends a chat message the way the app does.
pub async fn chat_v4(client: &Client, text: &str) {
    client
        .emit(
            "message",
            json!({ "msg": text, "timestamp": chrono::Utc::now().timestamp_millis() }),
        )
        .await
        .unwrap();
}

/// A socket.io-client 2.x (Engine.IO v3) client running in node, polling first and then
/// upgrading as the Heima app does (or WebSocket only).
pub struct V3Client {
    child: Child,
    stdin: ChildStdin,
    pub events: Events,
}

const V3_SCRIPT: &str = r#"
const io = require(process.env.SIO_MODULE);
const [url, path, query, transports] = process.argv.slice(1);
const out = (ev, data) => process.stdout.write(JSON.stringify([ev, data === undefined ? null : data]) + "\n");
const s = io(url, { path, query: JSON.parse(query), transports: transports.split(","),
  reconnection: false, forceNew: true, timeout: 5000 });
s.on("connect", () => out("connect", s.io.engine.transport.name));
out("open", s.io.engine.transport.name);
s.io.engine.on("upgrade", (t) => out("upgrade", t.name));
s.on("error", (e) => out("error", e));
s.on("connect_error", (e) => out("connect_error", String(e)));
s.on("disconnect", (r) => out("disconnect", r));
for (const n of ["following notify", "liking notify", "comment notify", "message"]) {
  s.on(n, (d) => out(n, d));
}
require("readline").createInterface({ input: process.stdin }).on("line", (l) => {
  const [ev, data] = JSON.parse(l);
  s.emit(ev, data);
});
process.stdin.on("end", () => { s.close(); process.exit(0); });
"#;

impl V3Client {
    /// Starts the client; `query` holds `token` / `a`.
    pub async fn connect(base: &str, path: &str, query: Value, transports: &str) -> Self {
        let module = sio_client2();
        let mut child = Command::new("node")
            .arg("-e")
            .arg(V3_SCRIPT)
            .arg(base)
            .arg(path)
            .arg(query.to_string())
            .arg(transports)
            .env("SIO_MODULE", module)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(Value::Array(mut v)) = serde_json::from_str::<Value>(&line)
                    && v.len() == 2
                {
                    let data = v.remove(1);
                    let name = v.remove(0).as_str().unwrap_or_default().to_owned();
                    let _ = tx.send((name, data));
                }
            }
        });
        Self {
            child,
            stdin,
            events: Events::new(rx),
        }
    }

    pub async fn emit(&mut self, event: &str, data: Value) {
        let line = format!("{}\n", json!([event, data]));
        self.stdin.write_all(line.as_bytes()).await.unwrap();
        self.stdin.flush().await.unwrap();
    }
}

impl Drop for V3Client {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// The socket.io-client 2.x module directory, installed with npm on first use (node and
/// npm from Debian when missing), so `cargo test` needs nothing set up beforehand.
fn sio_client2() -> PathBuf {
    static MODULE: OnceLock<PathBuf> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("tools")
                .join("sio2");
            let module = root.join("node_modules").join("socket.io-client");
            if !module.join("package.json").is_file() {
                ensure_node();
                std::fs::create_dir_all(&root).unwrap();
                let status = std::process::Command::new("npm")
                    .args(["install", "--no-audit", "--no-fund", "--silent"])
                    .arg("--prefix")
                    .arg(&root)
                    .arg("socket.io-client@2.5.0")
                    .status()
                    .expect("running npm install socket.io-client@2");
                assert!(status.success(), "npm install socket.io-client@2 failed");
            }
            module
        })
        .clone()
}

fn ensure_node() {
    let has = |c: &str| {
        std::process::Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if has("node") && has("npm") {
        return;
    }
    let apt = |args: &[&str]| {
        std::process::Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(args)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !apt(&["install", "-y", "nodejs", "npm"]) {
        assert!(apt(&["update"]), "apt-get update failed");
        assert!(
            apt(&["install", "-y", "nodejs", "npm"]),
            "installing node failed"
        );
    }
}
