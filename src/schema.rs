//! Diesel table definitions, matching `migrations/`.

diesel::table! {
    user_basic (user_id) {
        user_id -> Int8,
        mobile -> Varchar,
        user_name -> Varchar,
        password -> Nullable<Varchar>,
        account -> Nullable<Varchar>,
        email -> Nullable<Varchar>,
        status -> Int2,
        profile_photo -> Nullable<Varchar>,
        last_login -> Nullable<Timestamptz>,
        is_media -> Bool,
        is_verified -> Bool,
        introduction -> Nullable<Varchar>,
        certificate -> Nullable<Varchar>,
        article_count -> Int4,
        following_count -> Int4,
        fans_count -> Int4,
        like_count -> Int4,
        read_count -> Int8,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
        token_version -> Int8,
    }
}

diesel::table! {
    user_token (jti) {
        jti -> Varchar,
        user_id -> Int8,
        kind -> Int2,
        session_id -> Varchar,
        issued_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    mis_login_audit (login_audit_id) {
        login_audit_id -> Int8,
        account -> Varchar,
        ip -> Nullable<Varchar>,
        outcome -> Varchar,
        create_time -> Timestamptz,
    }
}

diesel::table! {
    user_profile (user_id) {
        user_id -> Int8,
        gender -> Int2,
        birthday -> Nullable<Date>,
        real_name -> Nullable<Varchar>,
        id_number -> Nullable<Varchar>,
        id_card_front -> Nullable<Varchar>,
        id_card_back -> Nullable<Varchar>,
        id_card_handheld -> Nullable<Varchar>,
        register_media_time -> Nullable<Timestamptz>,
        area -> Nullable<Varchar>,
        company -> Nullable<Varchar>,
        career -> Nullable<Varchar>,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    mis_administrator (administrator_id) {
        administrator_id -> Int8,
        account -> Varchar,
        password -> Varchar,
        name -> Varchar,
        status -> Int2,
        access_count -> Int4,
        last_login -> Nullable<Timestamptz>,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    mis_operation_log (operation_log_id) {
        operation_log_id -> Int8,
        administrator_id -> Int8,
        user_id -> Nullable<Int8>,
        operation -> Varchar,
        description -> Varchar,
        ip -> Nullable<Varchar>,
        create_time -> Timestamptz,
    }
}

diesel::table! {
    user_relation (relation_id) {
        relation_id -> Int8,
        user_id -> Int8,
        target_user_id -> Int8,
        relation -> Int2,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_channel (channel_id) {
        channel_id -> Int4,
        channel_name -> Varchar,
        sequence -> Int4,
        is_visible -> Bool,
        is_default -> Bool,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_user_channel (user_channel_id) {
        user_channel_id -> Int8,
        user_id -> Int8,
        channel_id -> Int4,
        sequence -> Int4,
        is_deleted -> Bool,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_article_basic (article_id) {
        article_id -> Int8,
        user_id -> Int8,
        channel_id -> Int4,
        title -> Varchar,
        cover -> Jsonb,
        is_advertising -> Bool,
        status -> Int2,
        allow_comment -> Bool,
        is_top -> Bool,
        reviewer_id -> Nullable<Int8>,
        review_time -> Nullable<Timestamptz>,
        delete_time -> Nullable<Timestamptz>,
        reject_reason -> Nullable<Varchar>,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_article_content (article_id) {
        article_id -> Int8,
        content -> Text,
    }
}

diesel::table! {
    news_article_statistic (article_id) {
        article_id -> Int8,
        read_count -> Int8,
        like_count -> Int4,
        dislike_count -> Int4,
        repost_count -> Int4,
        collect_count -> Int4,
        comment_count -> Int4,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_collection (collection_id) {
        collection_id -> Int8,
        user_id -> Int8,
        article_id -> Int8,
        is_deleted -> Bool,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_attitude (attitude_id) {
        attitude_id -> Int8,
        user_id -> Int8,
        article_id -> Int8,
        attitude -> Nullable<Int2>,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_report (report_id) {
        report_id -> Int8,
        user_id -> Int8,
        article_id -> Int8,
        #[sql_name = "type"]
        report_type -> Int2,
        remark -> Nullable<Varchar>,
        create_time -> Timestamptz,
    }
}

diesel::table! {
    news_comment (comment_id) {
        comment_id -> Int8,
        user_id -> Int8,
        article_id -> Int8,
        parent_id -> Nullable<Int8>,
        content -> Text,
        is_top -> Bool,
        status -> Int2,
        like_count -> Int4,
        reply_count -> Int4,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    news_comment_liking (liking_id) {
        liking_id -> Int8,
        user_id -> Int8,
        comment_id -> Int8,
        is_deleted -> Bool,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::table! {
    global_announcement (announcement_id) {
        announcement_id -> Int8,
        title -> Varchar,
        content -> Text,
        status -> Int2,
        publish_time -> Nullable<Timestamptz>,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
    }
}

diesel::joinable!(user_profile -> user_basic (user_id));
diesel::joinable!(user_token -> user_basic (user_id));
diesel::joinable!(mis_operation_log -> mis_administrator (administrator_id));

diesel::joinable!(news_user_channel -> news_channel (channel_id));
diesel::joinable!(news_article_basic -> user_basic (user_id));
diesel::joinable!(news_article_basic -> news_channel (channel_id));
diesel::joinable!(news_article_content -> news_article_basic (article_id));
diesel::joinable!(news_article_statistic -> news_article_basic (article_id));
diesel::joinable!(news_collection -> news_article_basic (article_id));
diesel::joinable!(news_attitude -> news_article_basic (article_id));
diesel::joinable!(news_comment -> user_basic (user_id));
diesel::joinable!(news_comment_liking -> news_comment (comment_id));

diesel::allow_tables_to_appear_in_same_query!(
    user_basic,
    user_token,
    mis_login_audit,
    user_profile,
    mis_administrator,
    mis_operation_log,
    user_relation,
    news_channel,
    news_user_channel,
    news_article_basic,
    news_article_content,
    news_article_statistic,
    news_collection,
    news_attitude,
    news_report,
    news_comment,
    news_comment_liking,
    global_announcement,
);

diesel::table! {
    search_outbox (id) {
        id -> Int8,
        article_id -> Int8,
        create_time -> Timestamptz,
    }
}
