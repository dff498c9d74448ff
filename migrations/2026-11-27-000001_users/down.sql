DROP TABLE user_profile;
DROP TABLE user_basic;
DROP FUNCTION set_update_time();
