//! The test harness: every test gets the real app on a free port, its own PostgreSQL
//! database (copied from a migrated template) and its own Redis key prefix; both are
//! removed when the test ends.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use reqwest::{Method, RequestBuilder, Response};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use toutiao::config::Settings;
use toutiao::db;
use toutiao::services::sms::SmsSender;
use toutiao::state::AppState;

/// Codes "sent" by SMS, as a phone would receive them.
#[derive(Default)]
pub struct Inbox(Mutex<Vec<(String, String)>>);

#[async_trait]
impl SmsSender for Inbox {
    async fn send_code(&self, mobile: &str, code: &str) -> anyhow::Result<()> {
        self.0
            .lock()
            .unwrap()
            .push((mobile.to_owned(), code.to_owned()));
        Ok(())
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub inbox: Arc<Inbox>,
    /// Stops this test's server (graceful, within `server.shutdown_timeout_secs`).
    pub server: actix_web::dev::ServerHandle,
    db_name: String,
    maintenance_url: String,
    /// The local storage root of this test (removed on drop).
    pub storage_dir: std::path::PathBuf,
}

#[derive(Debug, Clone)]
pub struct Tokens {
    pub token: String,
    pub refresh_token: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// `TEST_LOG=1 cargo test ...` shows the app's logs on the console (once per process).
fn init_test_log() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = toutiao::logging::init("no-such-file-so-log-to-the-console");
        }
    });
}

/// Spawns the app after `tweak` adjusts its settings.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    init_test_log();
    let mut settings = Settings::load(Path::new("config")).expect("config/default.toml loads");
    let id = uuid::Uuid::new_v4().simple().to_string();
    let db_name = format!("toutiao_test_{id}");
    let base_url = settings.database.url.expose_secret().to_owned();
    let (maintenance_url, _) = db::split_database_url(&base_url).unwrap();
    let mut url = url::Url::parse(&base_url).unwrap();
    url.set_path(&format!("/{db_name}"));
    settings.database.url = SecretString::from(url.to_string());
    settings.database.pool_size = 4;
    settings.redis.prefix = format!("test:{id}:");
    settings.redis.pool_size = 8;
    settings.server.workers = 1;
    // Uploads go to a directory of this test, served back by this test's server.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let storage_dir = std::env::temp_dir().join(format!("toutiao_test_{id}"));
    settings.storage.local_root = storage_dir.display().to_string();
    settings.storage.public_url = format!(
        "http://127.0.0.1:{port}{}/",
        settings.storage.serve_path.trim_end_matches('/')
    );
    // Each test has its own search index, written by its own small indexer.
    settings.search.dir = storage_dir.join("search").display().to_string();
    settings.search.writer_threads = 1;
    settings.search.writer_heap_mb = 15;
    // Socket.IO only where a test asks for it (`spawn_realtime_app`): it costs Redis
    // connections per app.
    settings.realtime.enabled = false;
    tweak(&mut settings);

    let (m_url, name) = (maintenance_url.clone(), db_name.clone());
    tokio::task::spawn_blocking(move || create_test_database(&m_url, &name))
        .await
        .unwrap();

    let inbox = Arc::new(Inbox::default());
    let mut state = AppState::build(settings).expect("state builds");
    state.sms = inbox.clone();
    let realtime = match state.settings.realtime.enabled {
        true => Some(toutiao::realtime::start(&state).await.unwrap()),
        false => None,
    };
    let server = toutiao::app::run_with(listener, state.clone(), realtime).unwrap();
    let handle = server.handle();
    tokio::spawn(server);
    toutiao::services::search::start(&state);

    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        state,
        inbox,
        server: handle,
        db_name,
        maintenance_url,
        storage_dir,
    }
}

/// An app serving Socket.IO on its own listener, as the default `cargo run` does.
pub async fn spawn_realtime_app() -> TestApp {
    spawn_app_with(|s| s.realtime.enabled = true).await
}

impl TestApp {
    pub fn db_name(&self) -> &str {
        &self.db_name
    }

    /// A second process-like IM server (`serve --only im`) on the same database and Redis
    /// prefix; returns its base URL. It lives as long as the test's runtime.
    pub async fn spawn_im(&self) -> String {
        let settings = (*self.state.settings).clone();
        let state = AppState::build(settings).unwrap();
        let gateway = toutiao::realtime::start(&state).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(toutiao::realtime::standalone::serve(listener, gateway));
        format!("http://{addr}")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let rb = self.client.request(method, self.url(path));
        match token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token).send().await.unwrap()
    }

    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Response {
        self.request(method, path, token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send_json(Method::POST, path, token, body).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::DELETE, path, token)
            .send()
            .await
            .unwrap()
    }

    /// The last code the inbox received for `mobile` (waits for the async sender). Reading
    /// takes the mobile's codes out of the inbox, so that the next call waits for the code of
    /// the next request instead of returning a stale one.
    pub async fn received_code(&self, mobile: &str) -> String {
        for _ in 0..100 {
            let found = {
                let mut inbox = self.inbox.0.lock().unwrap();
                let last = inbox
                    .iter()
                    .rev()
                    .find(|(m, _)| m == mobile)
                    .map(|(_, c)| c.clone());
                inbox.retain(|(m, _)| m != mobile);
                last
            };
            if let Some(code) = found {
                return code;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("no SMS code arrived for {mobile}");
    }

    /// One login attempt with `code`, whatever it answers.
    pub async fn try_login(&self, mobile: &str, code: &str) -> Response {
        self.post_json(
            "/v1_0/authorizations",
            None,
            &serde_json::json!({"mobile": mobile, "code": code}),
        )
        .await
    }

    /// Requests a code, reads it from the inbox and logs in; panics unless it works.
    pub async fn login(&self, mobile: &str) -> Tokens {
        let res = self.get(&format!("/v1_0/sms/codes/{mobile}"), None).await;
        assert_eq!(res.status(), 200, "sms code request failed");
        let code = self.received_code(mobile).await;
        let res = self
            .post_json(
                "/v1_0/authorizations",
                None,
                &serde_json::json!({ "mobile": mobile, "code": code }),
            )
            .await;
        assert_eq!(
            res.status(),
            201,
            "login failed: {}",
            res.text().await.unwrap()
        );
        let body: Value = res.json().await.unwrap();
        Tokens {
            token: body["data"]["token"].as_str().unwrap().to_owned(),
            refresh_token: body["data"]["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    /// Forgets the SMS-code rate windows of a mobile, so a test can ask for another code.
    pub async fn clear_sms_limits(&self, mobile: &str) {
        let mut conn = self.state.redis.get().await.unwrap();
        let _: () = deadpool_redis::redis::AsyncCommands::del(
            &mut conn,
            self.state.keys.sms_limit_mobile(mobile),
        )
        .await
        .unwrap();
    }

    /// Logs in and returns the tokens and the user id.
    pub async fn login_user(&self, mobile: &str) -> (Tokens, i64) {
        let tokens = self.login(mobile).await;
        let me: Value = self
            .get("/v1_0/user", Some(&tokens.token))
            .await
            .json()
            .await
            .unwrap();
        (tokens, me["data"]["id"].as_i64().unwrap())
    }

    /// Creates an administrator and logs in as it.
    pub async fn admin_token(&self) -> String {
        toutiao::services::admin::create_admin(&self.state, "root".into(), "correct horse".into())
            .await
            .unwrap();
        let res = self
            .post_json(
                "/mis/v1_0/authorizations",
                None,
                &serde_json::json!({ "username": "root", "password": "correct horse" }),
            )
            .await;
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.unwrap();
        body["data"]["token"].as_str().unwrap().to_owned()
    }

    /// Runs SQL against this test's database (for assertions about stored rows).
    pub fn sql_count(&self, query: &str) -> i64 {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let mut conn = self.state.db.get().unwrap();
        diesel::sql_query(query)
            .get_result::<N>(&mut conn)
            .unwrap()
            .n
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.storage_dir);
        if let Ok(mut conn) = PgConnection::establish(&self.maintenance_url) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                db::quote_ident(&self.db_name)
            ))
            .execute(&mut conn);
        }
        let url = self.state.settings.redis.url.expose_secret().to_owned();
        let pattern = self.state.keys.all_pattern();
        // Bounded: a test may leave its own Redis frozen when it fails.
        let connect = |c: deadpool_redis::redis::Client| {
            let conn = c.get_connection_with_timeout(Duration::from_secs(1))?;
            conn.set_read_timeout(Some(Duration::from_secs(1)))?;
            Ok(conn)
        };
        if let Ok(mut conn) = deadpool_redis::redis::Client::open(url).and_then(connect) {
            let keys: Vec<String> = deadpool_redis::redis::cmd("KEYS")
                .arg(&pattern)
                .query(&mut conn)
                .unwrap_or_default();
            if !keys.is_empty() {
                let _: Result<(), _> = deadpool_redis::redis::cmd("DEL")
                    .arg(&keys)
                    .query(&mut conn);
            }
        }
    }
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

/// Name of the template database for the current migrations.
fn template_name() -> String {
    let mut entries: Vec<_> = walk(Path::new("migrations"));
    entries.sort();
    let mut h = DefaultHasher::new();
    for (path, content) in entries {
        path.hash(&mut h);
        content.hash(&mut h);
    }
    format!("toutiao_test_tpl_{:016x}", h.finish())
}

fn walk(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// Creates `name` as a copy of the migrated template, building the template once (across
/// test processes too, under an advisory lock).
fn create_test_database(maintenance_url: &str, name: &str) {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let template = template_name();
        let mut conn = PgConnection::establish(maintenance_url).unwrap();
        diesel::sql_query("SELECT pg_advisory_lock(7422001)")
            .execute(&mut conn)
            .unwrap();
        let exists = diesel::sql_query(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists",
        )
        .bind::<Text, _>(&template)
        .get_result::<Exists>(&mut conn)
        .unwrap()
        .exists;
        if !exists {
            let building = format!("{template}_building");
            let q = db::quote_ident(&building);
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {q} WITH (FORCE)"))
                .execute(&mut conn)
                .unwrap();
            diesel::sql_query(format!("CREATE DATABASE {q}"))
                .execute(&mut conn)
                .unwrap();
            let mut url = url::Url::parse(maintenance_url).unwrap();
            url.set_path(&format!("/{building}"));
            {
                let mut c = PgConnection::establish(url.as_str()).unwrap();
                db::migrate(&mut c).unwrap();
            }
            diesel::sql_query(format!(
                "ALTER DATABASE {q} RENAME TO {}",
                db::quote_ident(&template)
            ))
            .execute(&mut conn)
            .unwrap();
        }
        diesel::sql_query("SELECT pg_advisory_unlock(7422001)")
            .execute(&mut conn)
            .unwrap();
        template
    });
    let mut conn = PgConnection::establish(maintenance_url).unwrap();
    let sql = format!(
        "CREATE DATABASE {} TEMPLATE {}",
        db::quote_ident(name),
        db::quote_ident(template)
    );
    for attempt in 0.. {
        match diesel::sql_query(&sql).execute(&mut conn) {
            Ok(_) => return,
            // Another session may briefly hold the template; try again.
            Err(e) if attempt < 50 && e.to_string().contains("being accessed by other users") => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("creating {name}: {e}"),
        }
    }
}

/// Reads a JSON body.
pub async fn json(res: Response) -> Value {
    res.json().await.unwrap()
}
