//! Every route of the API. The same table is mounted under `/v1_0` and `/app/v1_0`
//! (and `/v1_1` likewise), and [`ROUTE_MAP`] lists it for E01.

use actix_web::{Resource, web};

use super::{admin, auth, portal, user};

/// E01's map: endpoint name -> route pattern (path parameters in braces).
pub const ROUTE_MAP: &[(&str, &str)] = &[
    ("passport.sms_verification_code", "/v1_0/sms/codes/{mobile}"),
    ("passport.authorization", "/v1_0/authorizations"),
    ("user.current_user", "/v1_0/user"),
    ("mis.authorization", "/mis/v1_0/authorizations"),
    ("mis.users", "/mis/v1_0/users"),
    ("mis.user_ban", "/mis/v1_0/users/{target}/ban"),
    ("health", "/health"),
    ("ready", "/ready"),
];

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
            .route(web::put().to(auth::refresh_authorization)),
    )
    .service(resource("/user").route(web::get().to(user::get_current_user)));
}

/// Routes of `/v1_1` (mounted again under `/app/v1_1`).
pub fn v1_1(_cfg: &mut web::ServiceConfig) {}

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
