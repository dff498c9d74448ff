-- Feed and dislike indexes usable by generic (prepared, planned-once) plans: the status or
-- attitude is a key column instead of a partial-index predicate, which a bound parameter
-- cannot prove.
DROP INDEX news_article_channel_feed_idx;
DROP INDEX news_article_feed_idx;
DROP INDEX news_article_top_idx;
DROP INDEX news_attitude_dislikes_idx;
CREATE INDEX news_article_channel_feed_idx
    ON news_article_basic (channel_id, status, create_time DESC, article_id DESC);
CREATE INDEX news_article_feed_idx
    ON news_article_basic (status, create_time DESC, article_id DESC);
CREATE INDEX news_article_top_idx ON news_article_basic (channel_id, is_top, status);
CREATE INDEX news_attitude_user_idx ON news_attitude (user_id, attitude, article_id);
