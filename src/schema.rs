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

diesel::joinable!(user_profile -> user_basic (user_id));
diesel::joinable!(mis_operation_log -> mis_administrator (administrator_id));

diesel::allow_tables_to_appear_in_same_query!(
    user_basic,
    user_profile,
    mis_administrator,
    mis_operation_log,
);
