//! Fixtures of the user, social-graph and channel tests: logged-in users, test images,
//! multipart forms, counters read back from the database, and a local S3 server.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use reqwest::Response;
use reqwest::multipart::{Form, Part};

use crate::helpers::{TestApp, Tokens};

/// A real 48x48 PNG.
pub const PNG: &[u8] = include_bytes!("../fixtures/avatar.png");
/// A real 32x32 baseline JPEG.
pub const JPEG: &[u8] = include_bytes!("../fixtures/avatar.jpg");
/// Plain text in a file named like an image.
pub const NOT_AN_IMAGE: &[u8] = include_bytes!("../fixtures/not_an_image.png");

/// Logs in `n` distinct users (mobiles 1390000000<i>); returns their tokens and ids.
pub async fn users(app: &TestApp, n: usize) -> Vec<(Tokens, i64)> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(app.login_user(&format!("139{i:08}")).await);
    }
    out
}

/// A multipart form with one file part.
pub fn file_form(field: &str, file_name: &str, mime: &str, bytes: &[u8]) -> Form {
    Form::new().part(field.to_owned(), file_part(file_name, mime, bytes))
}

pub fn file_part(file_name: &str, mime: &str, bytes: &[u8]) -> Part {
    Part::bytes(bytes.to_vec())
        .file_name(file_name.to_owned())
        .mime_str(mime)
        .unwrap()
}

/// `PATCH /v1_0/user/photo` with `form`.
pub async fn patch_photo(app: &TestApp, token: &str, form: Form) -> Response {
    app.request(reqwest::Method::PATCH, "/v1_0/user/photo", Some(token))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// `(following_count, fans_count)` as stored.
pub fn counts(app: &TestApp, user_id: i64) -> (i64, i64) {
    let following = app.sql_count(&format!(
        "SELECT following_count::bigint AS n FROM user_basic WHERE user_id = {user_id}"
    ));
    let fans = app.sql_count(&format!(
        "SELECT fans_count::bigint AS n FROM user_basic WHERE user_id = {user_id}"
    ));
    (following, fans)
}

/// `(follow rows from the user, follow rows to the user)`: what the counters must equal.
pub fn real_counts(app: &TestApp, user_id: i64) -> (i64, i64) {
    let following = app.sql_count(&format!(
        "SELECT count(*) AS n FROM user_relation WHERE user_id = {user_id} AND relation = 1"
    ));
    let fans = app.sql_count(&format!(
        "SELECT count(*) AS n FROM user_relation WHERE target_user_id = {user_id} AND relation = 1"
    ));
    (following, fans)
}

/// The object key stored for the user's avatar (NULL reads as "").
pub fn stored_photo_key(app: &TestApp, user_id: i64) -> String {
    use diesel::prelude::*;
    let mut conn = app.state.db.get().unwrap();
    toutiao::schema::user_basic::table
        .find(user_id)
        .select(toutiao::schema::user_basic::profile_photo)
        .first::<Option<String>>(&mut conn)
        .unwrap()
        .unwrap_or_default()
}

/// An `s3s-fs` server on a free port, serving `root` (bucket = subdirectory); killed on drop.
pub struct S3Server {
    pub endpoint: String,
    pub root: PathBuf,
    child: Child,
}

pub const S3_ACCESS_KEY: &str = "test";
pub const S3_SECRET_KEY: &str = "testtest";

impl S3Server {
    /// Starts `s3s-fs` with one bucket (installing it on first use). Panics when it cannot:
    /// the S3 backend must be tested for real.
    pub async fn start(bucket: &str) -> S3Server {
        let root =
            std::env::temp_dir().join(format!("toutiao_s3_{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(root.join(bucket)).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(s3s_fs_binary())
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", S3_ACCESS_KEY, "--secret-key", S3_SECRET_KEY])
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("s3s-fs is required for the S3 tests: {e}"));
        let server = S3Server {
            endpoint: format!("http://127.0.0.1:{port}"),
            root,
            child,
        };
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("s3s-fs did not start listening on port {port}");
    }

    pub fn object_path(&self, bucket: &str, key: &str) -> PathBuf {
        self.root.join(bucket).join(key)
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// `s3s-fs` on PATH or in cargo's bin directory; otherwise installed once into this
/// project's test tools directory, so that `cargo test` needs nothing set up beforehand.
fn s3s_fs_binary() -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    if let Some(found) = installed_s3s_fs() {
        return found;
    }
    INSTALLED
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tools");
            let bin = root.join("bin").join("s3s-fs");
            if !bin.is_file() {
                // 0.14.1 is the last s3s-fs that builds with our rustc (0.17 needs 1.96);
                // `binary` gives the executable.
                let status = Command::new(option_env!("CARGO").unwrap_or("cargo"))
                    .args([
                        "install",
                        "s3s-fs@0.14.1",
                        "--locked",
                        "--features",
                        "binary",
                    ])
                    .arg("--root")
                    .arg(&root)
                    .status()
                    .expect("running cargo install s3s-fs");
                assert!(status.success(), "cargo install s3s-fs failed");
            }
            bin
        })
        .clone()
}

fn installed_s3s_fs() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("s3s-fs"))
            .find(|c| c.is_file())
    });
    on_path.or_else(|| {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
        Some(home.join("bin").join("s3s-fs")).filter(|b| b.is_file())
    })
}
