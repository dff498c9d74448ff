-- Articles whose searchable state may have changed, in commit order of their ids. Triggers
-- fill it in the same transaction as the change, so no change can be missed; the search
-- indexer reads the current article for each id, applies it, then deletes the rows.
CREATE TABLE search_outbox (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  BIGINT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Row-level for updates: only changes to indexed columns enqueue (counters, pins and
-- review metadata do not).
CREATE FUNCTION search_outbox_row() RETURNS trigger AS $$
BEGIN
    INSERT INTO search_outbox (article_id) VALUES (NEW.article_id);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Statement-level for inserts and deletes: one INSERT ... SELECT per statement, so bulk
-- loads (seed-demo's multi-row INSERTs) pay little.
CREATE FUNCTION search_outbox_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO search_outbox (article_id) SELECT article_id FROM new_rows;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION search_outbox_deleted() RETURNS trigger AS $$
BEGIN
    INSERT INTO search_outbox (article_id) SELECT article_id FROM old_rows;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER news_article_basic_search_update
    AFTER UPDATE OF title, status, channel_id, user_id, create_time ON news_article_basic
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title
                       OR OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.channel_id IS DISTINCT FROM NEW.channel_id
                       OR OLD.user_id IS DISTINCT FROM NEW.user_id
                       OR OLD.create_time IS DISTINCT FROM NEW.create_time)
    EXECUTE FUNCTION search_outbox_row();
CREATE TRIGGER news_article_basic_search_insert
    AFTER INSERT ON news_article_basic REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_inserted();
CREATE TRIGGER news_article_basic_search_delete
    AFTER DELETE ON news_article_basic REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_deleted();

CREATE TRIGGER news_article_content_search_update
    AFTER UPDATE OF content ON news_article_content
    FOR EACH ROW WHEN (OLD.content IS DISTINCT FROM NEW.content)
    EXECUTE FUNCTION search_outbox_row();
CREATE TRIGGER news_article_content_search_insert
    AFTER INSERT ON news_article_content REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_inserted();
CREATE TRIGGER news_article_content_search_delete
    AFTER DELETE ON news_article_content REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_deleted();
