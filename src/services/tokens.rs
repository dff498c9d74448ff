//! JWTs: HS256, one unique `jti` per token, and a `kind` claim that keeps access, refresh
//! and admin tokens apart.

use chrono::Utc;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::JwtSettings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Access,
    Refresh,
    Admin,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, or the administrator id for admin tokens.
    pub user_id: i64,
    pub kind: TokenKind,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub jti: String,
    /// `exp`, in seconds since the epoch.
    pub expires_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("token expired")]
    Expired,
    #[error("token invalid")]
    Invalid,
}

pub struct TokenCodec {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    access_ttl: i64,
    refresh_ttl: i64,
    admin_ttl: i64,
}

impl TokenCodec {
    pub fn new(settings: &JwtSettings) -> Self {
        let secret = settings.secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        // One service signs and checks, so no clock-skew allowance is needed.
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl: settings.access_ttl_secs,
            refresh_ttl: settings.refresh_ttl_secs,
            admin_ttl: settings.admin_ttl_secs,
        }
    }

    pub fn ttl(&self, kind: TokenKind) -> i64 {
        match kind {
            TokenKind::Access => self.access_ttl,
            TokenKind::Refresh => self.refresh_ttl,
            TokenKind::Admin => self.admin_ttl,
        }
    }

    /// The longest life of a user token: how long a token set must outlive its last issue.
    pub fn longest_user_ttl(&self) -> i64 {
        self.access_ttl.max(self.refresh_ttl)
    }

    pub fn issue(&self, user_id: i64, kind: TokenKind) -> anyhow::Result<IssuedToken> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            user_id,
            kind,
            jti: Uuid::new_v4().simple().to_string(),
            iat: now,
            exp: now + self.ttl(kind),
        };
        let token = self.sign(&claims)?;
        Ok(IssuedToken {
            token,
            jti: claims.jti,
            expires_at: claims.exp,
        })
    }

    /// Signs arbitrary claims (tests use it to mint expired or odd tokens).
    pub fn sign(&self, claims: &Claims) -> anyhow::Result<String> {
        Ok(encode(
            &Header::new(Algorithm::HS256),
            claims,
            &self.encoding,
        )?)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        match decode::<Claims>(token, &self.decoding, &self.validation) {
            Ok(data) => Ok(data.claims),
            Err(e) if matches!(e.kind(), ErrorKind::ExpiredSignature) => Err(TokenError::Expired),
            Err(_) => Err(TokenError::Invalid),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    fn codec(secret: &str) -> TokenCodec {
        TokenCodec::new(&JwtSettings {
            secret: SecretString::from(secret),
            access_ttl_secs: 7200,
            refresh_ttl_secs: 1_209_600,
            admin_ttl_secs: 3600,
        })
    }

    #[test]
    fn issued_tokens_round_trip_with_unique_ids() {
        let c = codec("s3cret");
        let a = c.issue(42, TokenKind::Access).unwrap();
        let b = c.issue(42, TokenKind::Access).unwrap();
        assert_ne!(a.jti, b.jti);
        let claims = c.verify(&a.token).unwrap();
        assert_eq!(claims.user_id, 42);
        assert_eq!(claims.kind, TokenKind::Access);
        assert_eq!(claims.exp - claims.iat, 7200);
    }

    #[test]
    fn expired_wrong_secret_and_garbage_are_told_apart() {
        let c = codec("s3cret");
        let now = Utc::now().timestamp();
        let expired = c
            .sign(&Claims {
                user_id: 1,
                kind: TokenKind::Access,
                jti: "x".into(),
                iat: now - 100,
                exp: now - 1,
            })
            .unwrap();
        assert_eq!(c.verify(&expired).unwrap_err(), TokenError::Expired);
        let other = codec("other").issue(1, TokenKind::Access).unwrap();
        assert_eq!(c.verify(&other.token).unwrap_err(), TokenError::Invalid);
        assert_eq!(c.verify("not.a.jwt").unwrap_err(), TokenError::Invalid);
    }
}
