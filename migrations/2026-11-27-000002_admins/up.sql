CREATE TABLE mis_administrator (
    administrator_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account          VARCHAR(20) NOT NULL UNIQUE,
    -- argon2 PHC string
    password         VARCHAR(128) NOT NULL,
    name             VARCHAR(20) NOT NULL,
    status           SMALLINT NOT NULL DEFAULT 1 CHECK (status IN (0, 1)),
    access_count     INTEGER NOT NULL DEFAULT 0,
    last_login       TIMESTAMPTZ,
    create_time      TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER mis_administrator_update_time BEFORE UPDATE ON mis_administrator
    FOR EACH ROW EXECUTE FUNCTION set_update_time();

-- Who did what to whom, and why: one row per admin action on a user.
CREATE TABLE mis_operation_log (
    operation_log_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    administrator_id BIGINT NOT NULL REFERENCES mis_administrator (administrator_id) ON DELETE RESTRICT,
    user_id          BIGINT REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    operation        VARCHAR(50) NOT NULL,
    description      VARCHAR(200) NOT NULL DEFAULT '',
    ip               VARCHAR(45),
    create_time      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mis_operation_log_user_idx ON mis_operation_log (user_id, create_time DESC);
CREATE INDEX mis_operation_log_admin_idx ON mis_operation_log (administrator_id, create_time DESC);
