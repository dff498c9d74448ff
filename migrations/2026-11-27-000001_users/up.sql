-- One trigger function keeps every table's update_time (diesel's helper only knows updated_at).
CREATE FUNCTION set_update_time() RETURNS trigger AS $$
BEGIN
    NEW.update_time := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TABLE user_basic (
    user_id         BIGINT PRIMARY KEY,
    mobile          VARCHAR(11) NOT NULL UNIQUE CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
    user_name       VARCHAR(32) NOT NULL UNIQUE,
    password        VARCHAR(128),
    account         VARCHAR(20),
    email           VARCHAR(64),
    -- 1 enabled, 0 disabled (banned)
    status          SMALLINT NOT NULL DEFAULT 1 CHECK (status IN (0, 1)),
    profile_photo   VARCHAR(128),
    last_login      TIMESTAMPTZ,
    is_media        BOOLEAN NOT NULL DEFAULT false,
    is_verified     BOOLEAN NOT NULL DEFAULT false,
    introduction    VARCHAR(60),
    certificate     VARCHAR(30),
    -- Counters, updated in the same transaction as the rows they count.
    article_count   INTEGER NOT NULL DEFAULT 0 CHECK (article_count >= 0),
    following_count INTEGER NOT NULL DEFAULT 0 CHECK (following_count >= 0),
    fans_count      INTEGER NOT NULL DEFAULT 0 CHECK (fans_count >= 0),
    like_count      INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    read_count      BIGINT  NOT NULL DEFAULT 0 CHECK (read_count >= 0),
    create_time     TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER user_basic_update_time BEFORE UPDATE ON user_basic
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
CREATE INDEX user_basic_status_idx ON user_basic (status);

CREATE TABLE user_profile (
    user_id             BIGINT PRIMARY KEY REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    -- 0 male, 1 female
    gender              SMALLINT NOT NULL DEFAULT 0 CHECK (gender IN (0, 1)),
    birthday            DATE,
    real_name           VARCHAR(32),
    id_number           VARCHAR(18),
    id_card_front       VARCHAR(128),
    id_card_back        VARCHAR(128),
    id_card_handheld    VARCHAR(128),
    register_media_time TIMESTAMPTZ,
    area                VARCHAR(20),
    company             VARCHAR(20),
    career              VARCHAR(20),
    create_time         TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER user_profile_update_time BEFORE UPDATE ON user_profile
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
