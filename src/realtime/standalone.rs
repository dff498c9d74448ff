//! `toutiao serve --only im`: Socket.IO alone on a hyper listener (plus `/health`), for
//! deployments that run IM processes apart from the API.

use std::convert::Infallible;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::gateway::{Gateway, is_socket_path, is_upgrade};

/// Serves `gateway` on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, gateway: Gateway) -> std::io::Result<()> {
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(s) => s,
            Err(e) => {
                // Out of file descriptors and the like: keep serving the open sockets.
                log::warn!("im: accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let gw = gateway.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| handle(gw.clone(), req));
            let conn = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .with_upgrades();
            if let Err(e) = conn.await {
                log::debug!("im: connection ended: {e}");
            }
        });
    }
}

fn status(code: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *res.status_mut() = code;
    res
}

async fn handle(gw: Gateway, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path();
    if path == "/health" {
        return Ok(status(StatusCode::OK, "ok"));
    }
    if !is_socket_path(path) {
        return Ok(status(StatusCode::NOT_FOUND, "not found"));
    }
    if is_upgrade(req.headers()) {
        return Ok(websocket(gw, req));
    }
    let limit = usize::try_from(gw.max_payload()).unwrap_or(usize::MAX);
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, limit).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Ok(status(StatusCode::PAYLOAD_TOO_LARGE, "payload too large")),
    };
    Ok(gw
        .polling(Request::from_parts(parts, Full::new(body)))
        .await)
}

fn websocket(gw: Gateway, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let accept = match gw.accept_key(&req) {
        Ok(a) => a,
        Err(code) => return status(code, "websocket refused"),
    };
    let (parts, body) = req.into_parts();
    let head = Request::from_parts(parts.clone(), ());
    let mut upgrading = Request::from_parts(parts, body);
    tokio::spawn(async move {
        match hyper::upgrade::on(&mut upgrading).await {
            Ok(upgraded) => {
                if let Err(e) = gw.websocket(Box::new(TokioIo::new(upgraded)), head) {
                    log::debug!("im: websocket refused: {e}");
                }
            }
            Err(e) => log::debug!("im: upgrade failed: {e}"),
        }
    });
    let mut res = status(StatusCode::SWITCHING_PROTOCOLS, "");
    let h = res.headers_mut();
    h.insert(
        header::UPGRADE,
        header::HeaderValue::from_static("websocket"),
    );
    h.insert(
        header::CONNECTION,
        header::HeaderValue::from_static("Upgrade"),
    );
    if let Ok(v) = header::HeaderValue::from_str(&accept) {
        h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    res
}
