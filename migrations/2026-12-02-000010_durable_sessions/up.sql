-- Durable revocation: PostgreSQL is the record of every user token, Redis only its cache.
-- token_version moves with every change to a user's tokens (issue, revoke, ban, unban), so a
-- cache write carrying an older version can never overwrite a newer one.
ALTER TABLE user_basic ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE user_token (
    -- the JWT's jti
    jti        VARCHAR(64) PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    -- 1 access, 2 refresh
    kind       SMALLINT NOT NULL CHECK (kind IN (1, 2)),
    -- one login: its refresh token's jti, shared by every access token minted from it
    session_id VARCHAR(64) NOT NULL,
    issued_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX user_token_live_idx ON user_token (user_id, expires_at) WHERE revoked_at IS NULL;
CREATE INDEX user_token_session_idx ON user_token (session_id);

-- Every admin login attempt that was judged (wrong password, success, lockout begun).
CREATE TABLE mis_login_audit (
    login_audit_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account        VARCHAR(64) NOT NULL,
    ip             VARCHAR(45),
    -- 'success', 'wrong_password', 'locked'
    outcome        VARCHAR(20) NOT NULL,
    create_time    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mis_login_audit_account_idx ON mis_login_audit (account, create_time DESC);
