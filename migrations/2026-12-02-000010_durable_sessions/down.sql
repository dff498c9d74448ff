DROP TABLE mis_login_audit;
DROP TABLE user_token;
ALTER TABLE user_basic DROP COLUMN token_version;
