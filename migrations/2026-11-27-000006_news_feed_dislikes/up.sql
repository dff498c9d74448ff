-- The feed leaves out what the viewer disliked: a small index of dislikes only, so that
-- the check does not read through every like a heavy user has given.
CREATE INDEX news_attitude_dislikes_idx ON news_attitude (user_id, article_id)
    WHERE attitude = 0;
