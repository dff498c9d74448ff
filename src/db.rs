//! PostgreSQL: the r2d2 pool, embedded migrations, and `run`, which keeps every blocking
//! diesel call (pool checkout included) off the async executor.

use std::time::Duration;

use anyhow::Context;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::sql_types::{Bool, Text};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use secrecy::ExposeSecret;

use crate::config::DatabaseSettings;
use crate::errors::AppError;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Runs `f` with a pooled connection on the blocking thread pool.
pub async fn run<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await?
}

/// Like [`run`], inside one transaction.
pub async fn transaction<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
{
    run(pool, move |conn| conn.transaction(f)).await
}

pub fn build_pool(settings: &DatabaseSettings) -> anyhow::Result<DbPool> {
    let manager = ConnectionManager::<PgConnection>::new(settings.url.expose_secret());
    Pool::builder()
        .max_size(settings.pool_size)
        .connection_timeout(Duration::from_secs(settings.connect_timeout_secs))
        // Build lazily so the server starts (and /ready reports) while PostgreSQL is down.
        .min_idle(Some(0))
        // A `SELECT 1` per checkout would cost a round trip on every query; a broken
        // connection is noticed when used and then dropped by the pool.
        .test_on_check_out(false)
        .connection_customizer(Box::new(GenericPlans))
        .build(manager)
        .context("building the PostgreSQL pool")
}

/// Makes PostgreSQL plan each cached prepared statement once. Our statements are key
/// lookups and keyset scans whose best plan does not depend on the values bound, and with
/// custom plans PostgreSQL re-plans at every execution (planning cost us up to ten times
/// the execution time).
#[derive(Debug)]
struct GenericPlans;

impl diesel::r2d2::CustomizeConnection<PgConnection, diesel::r2d2::Error> for GenericPlans {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        diesel::sql_query("SET plan_cache_mode = force_generic_plan")
            .execute(conn)
            .map(|_| ())
            .map_err(diesel::r2d2::Error::QueryError)
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
