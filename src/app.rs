//! The actix application: routes and middleware (used by `main` and by the tests), and the
//! server that runs it.

use std::net::TcpListener;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::config::Mode;
use crate::controllers::{portal, routes};
use crate::errors::{AppError, BAD_REQUEST_TEXT};
use crate::middleware::body_deadline::{body_deadline, payload_error};
use crate::middleware::identity::identity;
use crate::middleware::request_log::{REQUEST_ID, request_log};
use crate::realtime::{Gateway, actix_bridge};
use crate::state::AppState;
use crate::storage::Backend;

/// The application with every route and middleware.
pub fn build_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    build_app_with(state, None)
}

/// The application, with Socket.IO on `/socket.io/` and `/app/socket.io/` when `realtime`
/// is given.
pub fn build_app_with(
    state: web::Data<AppState>,
    realtime: Option<Gateway>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let json_limit = state.settings.server.json_limit;
    // Only the local backend is served from here; S3 objects are fetched from the store.
    let media_path = match state.storage.backend() {
        Backend::Local => state.settings.storage.serve_path.clone(),
        Backend::S3 => String::new(),
    };
    let dev = state.settings.mode == Mode::Dev;
    let app = match realtime {
        Some(g) => App::new().app_data(web::Data::new(g)),
        None => App::new(),
    };
    app.app_data(state)
        .app_data(web::PayloadConfig::new(json_limit))
        // A path that parses badly (an id too large for i64) is an unknown URL.
        .app_data(web::PathConfig::default().error_handler(|_, _| AppError::not_found().into()))
        .app_data(
            web::QueryConfig::default()
                .error_handler(|_, _| AppError::bad_request(BAD_REQUEST_TEXT).into()),
        )
        .app_data(
            web::JsonConfig::default()
                .limit(json_limit)
                .error_handler(|err, _| match err {
                    actix_web::error::JsonPayloadError::Payload(e) => payload_error(&e).into(),
                    _ => AppError::bad_request(BAD_REQUEST_TEXT).into(),
                }),
        )
        .wrap(from_fn(identity))
        .wrap(cors())
        .wrap(from_fn(body_deadline))
        .wrap(from_fn(request_log))
        // Outermost: socket paths never reach the REST middleware (nor its `*` CORS).
        .wrap(from_fn(actix_bridge::socketio))
        .configure(routes::configure)
        .configure(|cfg| {
            if dev {
                routes::imtest(cfg);
            }
        })
        .configure(|cfg| routes::media(cfg, &media_path))
        .default_service(web::to(portal::not_found))
}

/// Permissive CORS, as the contract asks: any origin, the API's methods and headers.
fn cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::HeaderName::from_static("trace"),
        ])
        .expose_headers([REQUEST_ID])
        .max_age(3600)
}

/// Starts serving the REST API alone on `listener`; the server runs until stopped.
pub fn run(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    run_with(listener, state, None)
}

/// Starts serving on `listener`, Socket.IO included when `realtime` is given.
pub fn run_with(
    listener: TcpListener,
    state: AppState,
    realtime: Option<Gateway>,
) -> std::io::Result<Server> {
    let workers = match state.settings.server.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let server_cfg = state.settings.server.clone();
    let server = HttpServer::new(move || {
        let worker = state.for_worker(workers);
        let pool = worker.redis.clone();
        actix_web::rt::spawn(async move { crate::cache::warm_up(&pool, 4).await });
        build_app_with(web::Data::new(worker), realtime.clone())
    })
    .workers(workers)
    // The cap is per worker in actix; the setting is per process.
    .max_connections(server_cfg.max_connections.div_ceil(workers).max(1))
    .shutdown_timeout(server_cfg.shutdown_timeout_secs)
    .listen(listener)?
    .run();
    Ok(server)
}
