//! PostgreSQL: the r2d2 pool, embedded migrations, and `run`, which keeps every blocking
//! diesel call (pool checkout included) off the async executor and bounds how long it waits.

use std::ops::Deref;
use std::time::Duration;

use anyhow::Context;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, ManageConnection, Pool};
use diesel::sql_types::{Bool, Text};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use secrecy::ExposeSecret;

use crate::config::DatabaseSettings;
use crate::errors::{AppError, Dependency};
use crate::outage;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// diesel's manager, told when a call lost its session. diesel only sees a broken
/// transaction, so a connection whose server died (crash, restart, terminate) went back to
/// the pool and failed every request that drew it; now it is dropped and replaced.
pub struct Manager(ConnectionManager<PgConnection>);

thread_local! {
    /// Set by the call that just failed on this thread; read when its connection returns
    /// to the pool, which happens on the same thread as the call.
    static SESSION_LOST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<PgConnection, Self::Error> {
        self.0.connect()
    }

    fn is_valid(&self, conn: &mut PgConnection) -> Result<(), Self::Error> {
        self.0.is_valid(conn)
    }

    fn has_broken(&self, conn: &mut PgConnection) -> bool {
        SESSION_LOST.with(|lost| lost.replace(false)) || self.0.has_broken(conn)
    }
}

/// Runs `f` on a pooled connection; an outage seen by `f` retires that connection.
fn with_connection<T>(
    pool: &Pool<Manager>,
    f: impl FnOnce(&mut PgConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let mut conn = pool.get()?;
    let out = f(&mut conn);
    if matches!(&out, Err(e) if e.outage() == Some(Dependency::Postgres)) {
        SESSION_LOST.with(|lost| lost.set(true));
    }
    drop(conn);
    out
}

/// The connection pool and the bound on every call made through it.
#[derive(Clone)]
pub struct DbPool {
    pool: Pool<Manager>,
    /// Pool wait plus statement time: past it a call answers 503 even if the database hangs.
    call_timeout: Duration,
}

impl Deref for DbPool {
    type Target = Pool<Manager>;

    fn deref(&self) -> &Self::Target {
        &self.pool
    }
}

/// Runs `f` with a pooled connection on the blocking thread pool, within the pool's bound.
pub async fn run<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
{
    bounded(pool, pool.call_timeout, f).await
}

/// Like [`run`], inside one transaction.
pub async fn transaction<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
{
    run(pool, move |conn| conn.transaction(f)).await
}

/// Like [`run`], for batch jobs (seeding, repairs): no client-side bound and no
/// statement timeout on this connection while `f` runs.
pub async fn run_batch<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
{
    let pool2 = pool.clone();
    let task = actix_web::web::block(move || {
        with_connection(&pool2.pool, |conn| {
            diesel::sql_query("SET statement_timeout = 0").execute(conn)?;
            let out = f(conn);
            // Back to the session default (the URL options) before the pool hands it out.
            diesel::sql_query("RESET statement_timeout").execute(conn)?;
            out
        })
    });
    finish(task.await.map_err(AppError::from).and_then(|r| r))
}

async fn bounded<T, F>(pool: &DbPool, limit: Duration, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
{
    let inner = pool.pool.clone();
    let task = actix_web::web::block(move || with_connection(&inner, f));
    // A frozen server never answers and a statement timeout cannot fire there, so the
    // caller stops waiting; the blocked thread finishes when the server wakes.
    let result = match tokio::time::timeout(limit, task).await {
        Ok(joined) => joined.map_err(AppError::from).and_then(|r| r),
        Err(_) => Err(AppError::unavailable(
            Dependency::Postgres,
            anyhow::anyhow!("no answer within {} ms", limit.as_millis()),
        )),
    };
    finish(result)
}

fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if !matches!(&result, Err(e) if e.outage() == Some(Dependency::Postgres)) {
        outage::succeeded(Dependency::Postgres);
    }
    result
}

pub fn build_pool(settings: &DatabaseSettings) -> anyhow::Result<DbPool> {
    let manager = Manager(ConnectionManager::<PgConnection>::new(session_url(
        settings,
    )?));
    let pool_timeout = Duration::from_millis(settings.pool_timeout_ms.max(1));
    let pool = Pool::builder()
        .max_size(settings.pool_size)
        // Also caps r2d2's reconnect back-off at half of it, so service resumes within that
        // long of the database coming back.
        .connection_timeout(pool_timeout)
        // Build lazily so the server starts (and /ready reports) while PostgreSQL is down.
        .min_idle(Some(0))
        // A `SELECT 1` per checkout would cost a round trip on every query; a broken
        // connection is noticed when used and then dropped by the pool.
        .test_on_check_out(false)
        .error_handler(Box::new(QuietPoolErrors))
        .build_unchecked(manager);
    Ok(DbPool {
        pool,
        call_timeout: pool_timeout + Duration::from_millis(settings.query_timeout_ms.max(1)),
    })
}

/// The database URL with our session settings as connection options, so they cost no
/// round trip and `RESET` returns to them:
/// - a connect timeout, so a new connection to a dead host fails in bounded time;
/// - `statement_timeout`, so the server itself gives up on a runaway statement;
/// - generic plans: our statements are key lookups and keyset scans whose best plan does
///   not depend on the values bound, and custom plans re-plan at every execution (planning
///   had cost up to ten times the execution time).
pub fn session_url(settings: &DatabaseSettings) -> anyhow::Result<String> {
    let mut url =
        url::Url::parse(settings.url.expose_secret()).context("database.url is not a URL")?;
    let has = |name: &str| url.query_pairs().any(|(k, _)| k == name);
    let mut extra = Vec::new();
    if !has("connect_timeout") {
        extra.push(format!(
            "connect_timeout={}",
            settings.connect_timeout_secs.max(2)
        ));
    }
    if !has("options") {
        // libpq decodes %XX but not '+', so spaces and '=' are written out by hand.
        let options = format!(
            "-c plan_cache_mode=force_generic_plan -c statement_timeout={}",
            settings.query_timeout_ms
        );
        extra.push(format!(
            "options={}",
            options.replace(' ', "%20").replace('=', "%3D")
        ));
    }
    if !extra.is_empty() {
        let query = url
            .query()
            .filter(|q| !q.is_empty())
            .map(|q| format!("{q}&"))
            .unwrap_or_default();
        url.set_query(Some(&format!("{query}{}", extra.join("&"))));
    }
    Ok(url.to_string())
}

/// r2d2 logs every failed connection attempt; outages are logged once by `crate::outage`.
#[derive(Debug)]
struct QuietPoolErrors;

impl diesel::r2d2::HandleError<diesel::r2d2::Error> for QuietPoolErrors {
    fn handle_error(&self, err: diesel::r2d2::Error) {
        outage::tracker(Dependency::Postgres).failed(None, &err);
    }
}

/// Applies pending migrations; returns the versions it applied.
pub fn migrate(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

/// Creates the database named in `url` when it does not exist, through the server's
/// `postgres` maintenance database. Returns true when it created one.
pub fn create_database_if_missing(url: &str) -> anyhow::Result<bool> {
    let (admin_url, name) = split_database_url(url)?;
    let mut conn = PgConnection::establish(&admin_url)
        .with_context(|| format!("connecting to the maintenance database for {name}"))?;
    let found =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<Text, _>(&name)
            .get_result::<Exists>(&mut conn)?
            .exists;
    if found {
        return Ok(false);
    }
    let sql = format!("CREATE DATABASE {}", quote_ident(&name));
    match diesel::sql_query(sql).execute(&mut conn) {
        Ok(_) => Ok(true),
        // Another process created it between our check and our CREATE.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) if e.to_string().contains("already exists") => Ok(false),
        Err(e) => Err(e).context("creating the database"),
    }
}

/// Splits `postgres://.../name?opts` into the URL of the `postgres` database and `name`.
pub fn split_database_url(url: &str) -> anyhow::Result<(String, String)> {
    let mut parsed = url::Url::parse(url).context("database.url is not a URL")?;
    let name = parsed.path().trim_start_matches('/').to_owned();
    anyhow::ensure!(!name.is_empty(), "database.url names no database");
    parsed.set_path("/postgres");
    Ok((parsed.to_string(), name))
}

/// Double-quotes an SQL identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Makes the configured database usable: creates it when allowed and missing, then applies
/// pending migrations. Blocking; returns the versions applied.
pub fn prepare(settings: &DatabaseSettings) -> anyhow::Result<Vec<String>> {
    let url = settings.url.expose_secret();
    if settings.create_if_missing && create_database_if_missing(url)? {
        log::info!("created the database");
    }
    let mut conn = PgConnection::establish(url).context("connecting to PostgreSQL")?;
    let applied = migrate(&mut conn)?;
    for v in &applied {
        log::info!("applied migration {v}");
    }
    Ok(applied)
}
