CREATE TABLE news_article_basic (
    article_id     BIGINT PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    channel_id     INTEGER NOT NULL REFERENCES news_channel (channel_id) ON DELETE RESTRICT,
    title          VARCHAR(128) NOT NULL,
    -- {"type": 0|1|3, "images": [absolute URLs]}
    cover          JSONB NOT NULL DEFAULT '{"type": 0, "images": []}',
    is_advertising BOOLEAN NOT NULL DEFAULT false,
    -- 0 draft, 1 pending, 2 approved (the only public state), 3 rejected, 4 deleted, 5 banned
    status         SMALLINT NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 5),
    allow_comment  BOOLEAN NOT NULL DEFAULT true,
    -- pinned at the top of its channel
    is_top         BOOLEAN NOT NULL DEFAULT false,
    reviewer_id    BIGINT,
    review_time    TIMESTAMPTZ,
    delete_time    TIMESTAMPTZ,
    reject_reason  VARCHAR(200),
    create_time    TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER news_article_basic_update_time BEFORE UPDATE ON news_article_basic
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
-- Feeds: approved articles of a channel (or of all channels) older than a timestamp.
CREATE INDEX news_article_channel_feed_idx ON news_article_basic (channel_id, create_time DESC, article_id DESC)
    WHERE status = 2;
CREATE INDEX news_article_feed_idx ON news_article_basic (create_time DESC, article_id DESC)
    WHERE status = 2;
CREATE INDEX news_article_author_idx ON news_article_basic (user_id, create_time DESC, article_id DESC)
    WHERE status = 2;
CREATE INDEX news_article_top_idx ON news_article_basic (channel_id)
    WHERE status = 2 AND is_top;

CREATE TABLE news_article_content (
    article_id BIGINT PRIMARY KEY REFERENCES news_article_basic (article_id) ON DELETE RESTRICT,
    content    TEXT NOT NULL
);

-- Article counters, kept exact: written in the same transaction as the rows they count.
CREATE TABLE news_article_statistic (
    article_id    BIGINT PRIMARY KEY REFERENCES news_article_basic (article_id) ON DELETE RESTRICT,
    read_count    BIGINT  NOT NULL DEFAULT 0 CHECK (read_count >= 0),
    like_count    INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    dislike_count INTEGER NOT NULL DEFAULT 0 CHECK (dislike_count >= 0),
    repost_count  INTEGER NOT NULL DEFAULT 0 CHECK (repost_count >= 0),
    collect_count INTEGER NOT NULL DEFAULT 0 CHECK (collect_count >= 0),
    -- top-level comments and replies
    comment_count INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    update_time   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER news_article_statistic_update_time BEFORE UPDATE ON news_article_statistic
    FOR EACH ROW EXECUTE FUNCTION set_update_time();

CREATE TABLE news_collection (
    collection_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    article_id    BIGINT NOT NULL REFERENCES news_article_basic (article_id) ON DELETE RESTRICT,
    is_deleted    BOOLEAN NOT NULL DEFAULT false,
    create_time   TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, article_id)
);
CREATE TRIGGER news_collection_update_time BEFORE UPDATE ON news_collection
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
CREATE INDEX news_collection_user_idx ON news_collection (user_id, update_time DESC)
    WHERE NOT is_deleted;

CREATE TABLE news_attitude (
    attitude_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    article_id  BIGINT NOT NULL REFERENCES news_article_basic (article_id) ON DELETE RESTRICT,
    -- 0 dislike, 1 like, NULL none
    attitude    SMALLINT CHECK (attitude IN (0, 1)),
    create_time TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, article_id)
);
CREATE TRIGGER news_attitude_update_time BEFORE UPDATE ON news_attitude
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
CREATE INDEX news_attitude_article_idx ON news_attitude (article_id, attitude);

CREATE TABLE news_report (
    report_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    article_id  BIGINT NOT NULL REFERENCES news_article_basic (article_id) ON DELETE RESTRICT,
    -- 0 other (keeps remark), 1 exaggerated title, 2 vulgar, 3 typos, 4 stale, 5 advertorial,
    -- 6 untrue, 7 illegal, 8 infringement
    type        SMALLINT NOT NULL CHECK (type BETWEEN 0 AND 8),
    remark      VARCHAR(200),
    create_time TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, article_id)
);

CREATE TABLE news_comment (
    comment_id  BIGINT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    article_id  BIGINT NOT NULL REFERENCES news_article_basic (article_id) ON DELETE RESTRICT,
    -- NULL: a comment on the article; otherwise a reply to that comment
    parent_id   BIGINT REFERENCES news_comment (comment_id) ON DELETE RESTRICT,
    content     TEXT NOT NULL CHECK (char_length(content) BETWEEN 1 AND 2000),
    is_top      BOOLEAN NOT NULL DEFAULT false,
    -- 0 pending, 1 approved, 2 rejected, 3 deleted; comments are approved on creation
    status      SMALLINT NOT NULL DEFAULT 1 CHECK (status BETWEEN 0 AND 3),
    like_count  INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    reply_count INTEGER NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    create_time TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER news_comment_update_time BEFORE UPDATE ON news_comment
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
-- Cursor paging: pinned first, then newest (snowflake ids grow with time).
CREATE INDEX news_comment_article_idx ON news_comment (article_id, is_top DESC, comment_id DESC)
    WHERE parent_id IS NULL AND status = 1;
CREATE INDEX news_comment_reply_idx ON news_comment (parent_id, is_top DESC, comment_id DESC)
    WHERE status = 1;

CREATE TABLE news_comment_liking (
    liking_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES user_basic (user_id) ON DELETE RESTRICT,
    comment_id  BIGINT NOT NULL REFERENCES news_comment (comment_id) ON DELETE RESTRICT,
    is_deleted  BOOLEAN NOT NULL DEFAULT false,
    create_time TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, comment_id)
);
CREATE TRIGGER news_comment_liking_update_time BEFORE UPDATE ON news_comment_liking
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
CREATE INDEX news_comment_liking_comment_idx ON news_comment_liking (comment_id);

CREATE TABLE global_announcement (
    announcement_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           VARCHAR(128) NOT NULL,
    content         TEXT NOT NULL,
    -- 0 unpublished, 1 published, 2 withdrawn
    status          SMALLINT NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
    publish_time    TIMESTAMPTZ,
    create_time     TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER global_announcement_update_time BEFORE UPDATE ON global_announcement
    FOR EACH ROW EXECUTE FUNCTION set_update_time();
CREATE INDEX global_announcement_published_idx ON global_announcement (publish_time DESC, announcement_id DESC)
    WHERE status = 1;
