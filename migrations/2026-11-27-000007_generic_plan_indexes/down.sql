DROP INDEX news_attitude_user_idx;
DROP INDEX news_article_top_idx;
DROP INDEX news_article_feed_idx;
DROP INDEX news_article_channel_feed_idx;
CREATE INDEX news_article_channel_feed_idx ON news_article_basic (channel_id, create_time DESC, article_id DESC)
    WHERE status = 2;
CREATE INDEX news_article_feed_idx ON news_article_basic (create_time DESC, article_id DESC)
    WHERE status = 2;
CREATE INDEX news_article_top_idx ON news_article_basic (channel_id)
    WHERE status = 2 AND is_top;
CREATE INDEX news_attitude_dislikes_idx ON news_attitude (user_id, article_id)
    WHERE attitude = 0;
