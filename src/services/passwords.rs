//! Argon2id password hashing on a small dedicated pool. Each hash takes 19 MiB and tens of
//! milliseconds of a core, so at most one runs per core (a semaphore in front of the pool):
//! a flood of logins queues briefly, then answers 503, and never takes the memory or the
//! threads the rest of the service needs.

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier};
use tokio::sync::{Semaphore, oneshot};

use crate::errors::{AppError, Dependency};

pub struct Passwords {
    slots: Semaphore,
    pool: rayon::ThreadPool,
    wait: Duration,
}

impl Passwords {
    /// `concurrency` 0 means one per CPU core.
    pub fn new(concurrency: usize, wait: Duration) -> anyhow::Result<Self> {
        let n = match concurrency {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("argon2-{i}"))
            .build()?;
        Ok(Self {
            slots: Semaphore::new(n),
            pool,
            wait,
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| AppError::internal(anyhow::anyhow!("hashing a password: {e}")))
        })
        .await
    }

    /// True when `password` matches the PHC string `phc`.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, AppError> {
        self.run(move || {
            let parsed = PasswordHash::new(&phc)
                .map_err(|e| AppError::internal(anyhow::anyhow!("stored hash unreadable: {e}")))?;
            Ok(Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok())
        })
        .await
    }

    async fn run<T, F>(&self, job: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, AppError> + Send + 'static,
    {
        let _slot = match tokio::time::timeout(self.wait, self.slots.acquire()).await {
            Ok(Ok(slot)) => slot,
            _ => {
                return Err(AppError::unavailable(
                    Dependency::Hashing,
                    anyhow::anyhow!("no hashing slot free within {} ms", self.wait.as_millis()),
                ));
            }
        };
        let (tx, rx) = oneshot::channel();
        self.pool.spawn(move || {
            let _ = tx.send(job());
        });
        let out = rx
            .await
            .map_err(|_| AppError::internal(anyhow::anyhow!("the hashing thread died")))?;
        crate::outage::succeeded(Dependency::Hashing);
        out
    }
}
