//! Socket.IO on the API's own listener: an outermost actix middleware hands `/socket.io/`
//! and `/app/socket.io/` to the [`Gateway`] and lets every other request through untouched,
//! so REST requests pay one path check and nothing else.
//!
//! Long-polling requests are converted to `http` requests and back. A WebSocket handshake is
//! answered here (101); actix then streams the raw connection, which is piped into the
//! engine through an in-memory duplex stream.

use actix_web::body::{BodyStream, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse, web};
use bytes::BytesMut;
use futures_util::StreamExt;
use http_body_util::Full;
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use super::gateway::{Gateway, is_socket_path, is_upgrade};

/// Bytes buffered between actix and the engine per WebSocket, each way.
const PIPE_BYTES: usize = 16 * 1024;

/// The middleware: socket paths go to the gateway when one is registered as app data.
pub async fn socketio(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, Error> {
    let gateway = match req.app_data::<web::Data<Gateway>>() {
        Some(g) if is_socket_path(req.path()) => g.clone(),
        _ => return Ok(next.call(req).await?.map_into_left_body()),
    };
    let (http_req, payload) = req.into_parts();
    let res = if is_upgrade_actix(&http_req) {
        websocket(&gateway, &http_req, payload)
    } else {
        polling(&gateway, &http_req, payload).await
    };
    Ok(ServiceResponse::new(http_req, res).map_into_right_body())
}

fn is_upgrade_actix(req: &HttpRequest) -> bool {
    req.headers()
        .get("upgrade")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// The request head in `http` 1 types (actix still uses `http` 0.2).
fn head(req: &HttpRequest) -> Option<http::request::Builder> {
    let mut b = http::Request::builder()
        .method(http::Method::from_bytes(req.method().as_str().as_bytes()).ok()?)
        .uri(req.uri().to_string());
    for (name, value) in req.headers() {
        b = b.header(name.as_str(), value.as_bytes());
    }
    Some(b)
}

fn status(code: StatusCode, text: &'static str) -> HttpResponse {
    HttpResponse::build(code).body(text)
}

async fn polling(gateway: &Gateway, req: &HttpRequest, mut payload: Payload) -> HttpResponse {
    let limit = usize::try_from(gateway.max_payload()).unwrap_or(usize::MAX);
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        match chunk {
            Ok(c) if body.len() + c.len() <= limit => body.extend_from_slice(&c),
            Ok(_) => return status(StatusCode::PAYLOAD_TOO_LARGE, "payload too large"),
            Err(_) => return status(StatusCode::BAD_REQUEST, "bad request body"),
        }
    }
    let Some(Ok(http_req)) = head(req).map(|b| b.body(Full::new(body.freeze()))) else {
        return status(StatusCode::BAD_REQUEST, "bad request");
    };
    let res = gateway.polling(http_req).await;
    let (parts, body) = res.into_parts();
    let mut out =
        HttpResponse::build(StatusCode::from_u16(parts.status.as_u16()).unwrap_or(StatusCode::OK));
    for (name, value) in &parts.headers {
        out.append_header((name.as_str(), value.as_bytes()));
    }
    let bytes = match http_body_util::BodyExt::collect(body).await {
        Ok(b) => b.to_bytes(),
        Err(e) => match e {},
    };
    out.body(bytes)
}

fn websocket(gateway: &Gateway, req: &HttpRequest, mut payload: Payload) -> HttpResponse {
    let Some(Ok(http_req)) = head(req).map(|b| b.body(())) else {
        return status(StatusCode::BAD_REQUEST, "bad request");
    };
    if !is_upgrade(http_req.headers()) {
        return status(StatusCode::BAD_REQUEST, "bad request");
    }
    let accept = match gateway.accept_key(&http_req) {
        Ok(a) => a,
        Err(code) => {
            let code = StatusCode::from_u16(code.as_u16()).unwrap_or(StatusCode::BAD_REQUEST);
            return status(code, "websocket refused");
        }
    };
    let (ours, engine_side) = tokio::io::duplex(PIPE_BYTES);
    if let Err(e) = gateway.websocket(Box::new(engine_side), http_req) {
        log::debug!("socket.io websocket refused: {e}");
        return status(StatusCode::BAD_REQUEST, "bad socket.io request");
    }
    let (read, mut write) = tokio::io::split(ours);
    // Client -> engine. The payload is tied to this worker, so the pump stays here too.
    actix_web::rt::spawn(async move {
        while let Some(Ok(chunk)) = payload.next().await {
            if write.write_all(&chunk).await.is_err() {
                break;
            }
        }
        let _ = write.shutdown().await;
    });
    let frames = ReaderStream::new(read);
    HttpResponse::SwitchingProtocols()
        .upgrade("websocket")
        .insert_header(("sec-websocket-accept", accept))
        .body(BodyStream::new(frames))
}
