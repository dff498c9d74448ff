//! Every route of the API. The same table is mounted under `/v1_0` and `/app/v1_0`
//! (and `/v1_1` likewise); `route_map.rs` lists it for E01.

use actix_web::{Resource, web};

use super::{
    admin, announcements, articles, attitudes, auth, channels, collections, comments, histories,
    imtest, media, photo, portal, profile, relations, reports, search, user,
};

/// A resource whose wrong methods answer the contract's 405.
pub fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(portal::method_not_allowed))
}

/// Routes of `/v1_0` (mounted again under `/app/v1_0`).
pub fn v1_0(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource(r"/sms/codes/{mobile:1[3-9]\d{9}}").route(web::get().to(auth::send_sms_code)),
    )
    .service(
        resource("/authorizations")
            .route(web::post().to(auth::create_authorization))
            .route(web::put().to(auth::refresh_authorization))
            .route(web::delete().to(auth::delete_authorization)),
    )
    .service(resource("/user").route(web::get().to(user::get_current_user)))
    .configure(users_v1_0)
    .configure(news_v1_0)
    .configure(search_v1_0);
}

/// Issue 9 (E44-E47): search, suggestions, search keywords.
fn search_v1_0(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/search").route(web::get().to(search::get_search)))
        .service(resource("/suggestion").route(web::get().to(search::get_suggestion)))
        .service(
            resource("/search/histories")
                .route(web::get().to(search::get_search_histories))
                .route(web::delete().to(search::delete_search_histories)),
        );
}

/// Issue 3 (E06-E24): users, profile, photo, followings, blacklist, channels.
fn users_v1_0(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(r"/users/{target:[1-9]\d{0,18}}").route(web::get().to(user::get_user)))
        .service(
            resource("/user/profile")
                .route(web::get().to(user::get_user_profile))
                .route(web::patch().to(profile::update_user_profile)),
        )
        .service(resource("/user/photo").route(web::patch().to(photo::update_user_photo)))
        .service(resource("/user/figure").route(web::get().to(user::get_user_figure)))
        .service(
            resource("/user/followings")
                .route(web::post().to(relations::create_following))
                .route(web::get().to(relations::get_followings)),
        )
        .service(
            resource(r"/user/followings/{target:[1-9]\d{0,18}}")
                .route(web::delete().to(relations::delete_following)),
        )
        .service(resource("/user/followers").route(web::get().to(relations::get_followers)))
        .service(resource("/user/blacklists").route(web::post().to(relations::create_blacklist)))
        .service(
            resource(r"/user/blacklists/{target:[1-9]\d{0,18}}")
                .route(web::delete().to(relations::delete_blacklist)),
        )
        .service(user_channels_resource())
        .service(
            resource(r"/user/channels/{target:[1-9]\d{0,18}}")
                .route(web::put().to(channels::update_user_channel))
                .route(web::delete().to(channels::delete_user_channel)),
        )
        .service(resource("/channels").route(web::get().to(channels::get_channels)));
}

/// E17-E21, mounted under `/v1_0` and, as [F] did, `/v1_1`.
fn user_channels_resource() -> Resource {
    resource("/user/channels")
        .route(web::get().to(channels::get_user_channels))
        .route(web::post().to(channels::create_user_channels))
        .route(web::put().to(channels::reset_user_channels))
        .route(web::patch().to(channels::update_user_channels))
        .route(web::delete().to(channels::delete_user_channels))
}

/// The news routes of `/v1_0` (E25-E43, E48-E49).
fn news_v1_0(cfg: &mut web::ServiceConfig) {
    const ID: &str = r"{target:[1-9]\d{0,18}}";
    cfg.service(resource("/articles").route(web::get().to(articles::get_articles)))
        .service(resource(&format!("/articles/{ID}")).route(web::get().to(articles::get_article)))
        .service(
            resource(&format!("/users/{ID}/articles"))
                .route(web::get().to(articles::get_user_articles)),
        )
        .service(resource("/user/articles").route(web::get().to(articles::get_my_articles)))
        .service(
            resource("/article/collections")
                .route(web::post().to(collections::create_collection))
                .route(web::get().to(collections::get_collections)),
        )
        .service(
            resource(&format!("/article/collections/{ID}"))
                .route(web::delete().to(collections::delete_collection)),
        )
        .service(resource("/article/likings").route(web::post().to(attitudes::create_liking)))
        .service(
            resource(&format!("/article/likings/{ID}"))
                .route(web::delete().to(attitudes::delete_liking)),
        )
        .service(resource("/article/dislikes").route(web::post().to(attitudes::create_dislike)))
        .service(
            resource(&format!("/article/dislikes/{ID}"))
                .route(web::delete().to(attitudes::delete_dislike)),
        )
        .service(resource("/article/reports").route(web::post().to(reports::create_report)))
        .service(
            resource("/comments")
                .route(web::get().to(comments::get_comments))
                .route(web::post().to(comments::create_comment)),
        )
        .service(
            resource("/comment/likings").route(web::post().to(comments::create_comment_liking)),
        )
        .service(
            resource(&format!("/comment/likings/{ID}"))
                .route(web::delete().to(comments::delete_comment_liking)),
        )
        .service(resource("/user/histories").route(web::get().to(histories::get_histories)))
        .service(
            resource("/reading/durations")
                .route(web::post().to(histories::create_reading_duration)),
        )
        .service(resource("/announcements").route(web::get().to(announcements::get_announcements)))
        .service(
            resource(&format!("/announcements/{ID}"))
                .route(web::get().to(announcements::get_announcement)),
        );
}

/// Routes of `/v1_1` (mounted again under `/app/v1_1`).
pub fn v1_1(cfg: &mut web::ServiceConfig) {
    cfg.service(user_channels_resource())
        .service(resource("/articles").route(web::get().to(articles::get_timeline)));
}

/// Stored objects of the local storage backend, under `serve_path` (none when it is empty).
pub fn media(cfg: &mut web::ServiceConfig, serve_path: &str) {
    let base = serve_path.trim_end_matches('/');
    if !base.is_empty() {
        cfg.service(
            resource(&format!("{base}/{{key:.+}}"))
                .route(web::get().to(media::get_media))
                .route(web::head().to(media::get_media)),
        );
    }
}

/// E50, mounted in dev mode only (production answers the default 404).
pub fn imtest(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/app/imtest/{event}").route(web::get().to(imtest::get_imtest)));
}

/// Routes of `/mis/v1_0`.
pub fn mis(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/authorizations").route(web::post().to(admin::create_admin_authorization)),
    )
    .service(resource("/users").route(web::get().to(admin::list_users)))
    .service(
        resource(r"/users/{target:[1-9]\d{0,18}}/ban")
            .route(web::post().to(admin::ban_user))
            .route(web::delete().to(admin::unban_user)),
    );
}

/// Everything, as the app mounts it.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/").route(web::get().to(portal::get_route_map)))
        .service(resource("/app/").route(web::get().to(portal::get_route_map)))
        .service(resource("/health").route(web::get().to(portal::get_health)))
        .service(resource("/ready").route(web::get().to(portal::get_ready)))
        .service(web::scope("/v1_0").configure(v1_0))
        .service(web::scope("/app/v1_0").configure(v1_0))
        .service(web::scope("/v1_1").configure(v1_1))
        .service(web::scope("/app/v1_1").configure(v1_1))
        .service(web::scope("/mis/v1_0").configure(mis));
}
