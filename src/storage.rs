//! Object storage for uploaded images, behind `object_store`: a local directory (served back
//! by this server under `storage.serve_path`) or any S3-compatible store. PostgreSQL keeps
//! only object keys; URLs are built from `storage.public_url` at read time, so the domain can
//! change without a data migration.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{
    Attribute, Attributes, ClientOptions, ObjectStore, ObjectStoreExt, PutOptions, PutPayload,
    RetryConfig,
};
use secrecy::ExposeSecret;

use crate::config::StorageSettings;

/// The avatar of users without one, shipped in the binary so that the default key always
/// resolves to an image.
pub const DEFAULT_PHOTO_PNG: &[u8] = include_bytes!("assets/default_avatar.png");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Local,
    S3,
}

/// The configured object store.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    backend: Backend,
    default_photo_key: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("backend", &self.backend)
            .field("store", &self.store.to_string())
            .finish()
    }
}

impl Storage {
    /// Builds the store named by `storage.backend`; the local directory is created if missing.
    pub fn from_settings(settings: &StorageSettings) -> anyhow::Result<Self> {
        let (store, backend): (Arc<dyn ObjectStore>, Backend) = match settings.backend.as_str() {
            "local" => {
                std::fs::create_dir_all(&settings.local_root).with_context(|| {
                    format!("creating storage.local_root {}", settings.local_root)
                })?;
                let store =
                    LocalFileSystem::new_with_prefix(&settings.local_root).with_context(|| {
                        format!("opening storage.local_root {}", settings.local_root)
                    })?;
                (Arc::new(store), Backend::Local)
            }
            "s3" => (Arc::new(s3_store(settings)?), Backend::S3),
            other => anyhow::bail!("storage.backend must be \"local\" or \"s3\", not {other:?}"),
        };
        Ok(Self {
            store,
            backend,
            default_photo_key: settings.default_photo_key.clone(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Stores `bytes` under `key` (overwriting).
    pub async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> anyhow::Result<()> {
        let path = Path::parse(key).with_context(|| format!("object key {key:?}"))?;
        let mut opts = PutOptions::default();
        // The local backend refuses attributes; S3 needs the type to serve the image right.
        if self.backend == Backend::S3 {
            let mut attributes = Attributes::new();
            attributes.insert(Attribute::ContentType, content_type.to_owned().into());
            opts.attributes = attributes;
        }
        self.store
            .put_opts(&path, PutPayload::from_bytes(bytes), opts)
            .await
            .with_context(|| format!("storing {key}"))?;
        Ok(())
    }

    /// The bytes stored under `key`; `None` when there is no such object. The default avatar
    /// is always found, stored or not.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        let path = Path::parse(key).with_context(|| format!("object key {key:?}"))?;
        match self.store.get(&path).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) if key == self.default_photo_key => {
                Ok(Some(Bytes::from_static(DEFAULT_PHOTO_PNG)))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(anyhow::Error::new(e).context(format!("reading {key}"))),
        }
    }

    /// Deletes `key`; a missing object is not an error.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let path = Path::parse(key).with_context(|| format!("object key {key:?}"))?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(anyhow::Error::new(e).context(format!("deleting {key}"))),
        }
    }

    /// Writes the built-in default avatar under its key unless an object is already there,
    /// so that the default photo URL also works when another server (S3) serves the objects.
    pub async fn ensure_default_photo(&self) -> anyhow::Result<()> {
        let path = Path::parse(&self.default_photo_key)
            .with_context(|| format!("storage.default_photo_key {:?}", self.default_photo_key))?;
        match self.store.head(&path).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::NotFound { .. }) => {
                self.put(
                    &self.default_photo_key,
                    Bytes::from_static(DEFAULT_PHOTO_PNG),
                    "image/png",
                )
                .await
            }
            Err(e) => Err(anyhow::Error::new(e).context("checking the default avatar")),
        }
    }
}

/// An S3-compatible store, path-style (what MinIO and s3s-fs expect), with short retries so
/// that a failing store surfaces as a 507 within seconds rather than minutes.
fn s3_store(settings: &StorageSettings) -> anyhow::Result<object_store::aws::AmazonS3> {
    let s3 = &settings.s3;
    anyhow::ensure!(
        !s3.bucket.is_empty(),
        "storage.s3.bucket is required when storage.backend = \"s3\""
    );
    let mut builder = AmazonS3Builder::new()
        .with_bucket_name(&s3.bucket)
        .with_region(&s3.region)
        .with_virtual_hosted_style_request(false)
        .with_retry(RetryConfig {
            max_retries: 2,
            retry_timeout: Duration::from_secs(10),
            ..RetryConfig::default()
        })
        // allow_http lives in the client options: set it there, not before replacing them.
        .with_client_options(
            ClientOptions::new()
                .with_allow_http(s3.allow_http)
                .with_connect_timeout(Duration::from_secs(5))
                .with_timeout(Duration::from_secs(30)),
        );
    if !s3.endpoint.is_empty() {
        builder = builder.with_endpoint(&s3.endpoint);
    }
    if !s3.access_key.is_empty() {
        builder = builder
            .with_access_key_id(&s3.access_key)
            .with_secret_access_key(s3.secret_key.expose_secret());
    }
    builder.build().context("configuring the S3 store")
}

/// True for keys this server could have generated: relative, `/`-separated segments of
/// `[A-Za-z0-9._-]`, none empty or starting with a dot (so no `..` and no hidden files).
pub fn is_safe_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 128
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.starts_with('.')
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
}

#[cfg(test)]
mod tests {
    use super::is_safe_key;

    #[test]
    fn only_plain_relative_keys_are_safe() {
        for ok in ["photos/ab12.png", "default/avatar.png", "a"] {
            assert!(is_safe_key(ok), "{ok}");
        }
        for bad in [
            "",
            "../etc/passwd",
            "photos/../../x",
            "/abs",
            "photos//x.png",
            "photos/.hidden",
            "photos/a b.png",
            "photos\\x.png",
            "photos/%2e%2e",
        ] {
            assert!(!is_safe_key(bad), "{bad}");
        }
    }
}
