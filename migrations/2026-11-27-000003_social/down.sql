DROP TABLE news_user_channel;
DROP TABLE news_channel;
DROP TABLE user_relation;
