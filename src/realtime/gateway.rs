//! The Socket.IO service with its HTTP edge: which paths it owns, CORS, the body limit, and
//! the two entry points every front end uses (a long-polling request, an upgraded
//! WebSocket stream). The actix bridge and the standalone IM server both go through here.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use engineioxide::service::NotFoundService;
use http::header::{self, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use socketioxide::adapter::Adapter;
use socketioxide::service::SocketIoService;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_service::Service;

use crate::config::RealtimeSettings;

/// Where socketioxide listens; `/app/socket.io/` is rewritten to it.
const SIO_PATH: &str = "/socket.io";
const APP_SIO_PATH: &str = "/app/socket.io";

/// A byte stream that has already switched to the WebSocket protocol.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type PollFn = dyn Fn(Request<Full<Bytes>>) -> BoxFuture<Response<Full<Bytes>>> + Send + Sync;
type WsFn = dyn Fn(Box<dyn Io>, Request<()>) -> Result<(), String> + Send + Sync;

/// The Socket.IO endpoint, cheap to clone.
#[derive(Clone)]
pub struct Gateway {
    inner: Arc<Inner>,
}

struct Inner {
    polling: Box<PollFn>,
    websocket: Box<WsFn>,
    origins: Vec<String>,
    max_payload: u64,
}

/// True for the paths the Socket.IO endpoint answers.
pub fn is_socket_path(path: &str) -> bool {
    [SIO_PATH, APP_SIO_PATH].iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// `/app/socket.io/...` as socketioxide expects it (`/socket.io/...`).
fn rewrite<B>(req: &mut Request<B>) {
    let path = req.uri().path();
    if let Some(rest) = path.strip_prefix(APP_SIO_PATH) {
        let pq = match req.uri().query() {
            Some(q) => format!("{SIO_PATH}{rest}?{q}"),
            None => format!("{SIO_PATH}{rest}"),
        };
        if let Ok(uri) = pq.parse() {
            *req.uri_mut() = uri;
        }
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *res.status_mut() = status;
    res
}

impl Gateway {
    pub fn new<A: Adapter>(
        svc: SocketIoService<NotFoundService, A>,
        settings: &RealtimeSettings,
    ) -> Self {
        let poll_svc = svc.clone();
        let polling = move |req: Request<Full<Bytes>>| -> BoxFuture<Response<Full<Bytes>>> {
            let mut svc = poll_svc.clone();
            Box::pin(async move {
                let res = match Service::<Request<Full<Bytes>>>::call(&mut svc, req).await {
                    Ok(res) => res,
                    Err(e) => match e {},
                };
                let (parts, body) = res.into_parts();
                match body.collect().await {
                    Ok(b) => Response::from_parts(parts, Full::new(b.to_bytes())),
                    Err(_) => plain(StatusCode::BAD_GATEWAY, "socket.io response failed"),
                }
            })
        };
        let websocket = move |io: Box<dyn Io>, req: Request<()>| {
            let mut svc = svc.clone();
            Service::<(Box<dyn Io>, Request<()>)>::call(&mut svc, (io, req))
                .into_inner()
                .map_err(|e| e.to_string())
        };
        let origins = settings
            .allowed_origins
            .split(',')
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        Self {
            inner: Arc::new(Inner {
                polling: Box::new(polling),
                websocket: Box::new(websocket),
                origins,
                max_payload: settings.max_payload,
            }),
        }
    }

    /// Largest long-polling body accepted (413 beyond).
    pub fn max_payload(&self) -> u64 {
        self.inner.max_payload
    }

    /// None when the request has no Origin; Some(allowed) otherwise.
    fn origin_allowed<B>(&self, req: &Request<B>) -> Option<(HeaderValue, bool)> {
        let origin = req.headers().get(header::ORIGIN)?.clone();
        let list = &self.inner.origins;
        let ok = list.is_empty()
            || origin
                .to_str()
                .is_ok_and(|o| list.iter().any(|a| a == o.trim_end_matches('/')));
        Some((origin, ok))
    }

    /// A long-polling request (or a CORS preflight) on a socket path.
    pub async fn polling(&self, mut req: Request<Full<Bytes>>) -> Response<Full<Bytes>> {
        let origin = self.origin_allowed(&req);
        if req.method() == Method::OPTIONS {
            let mut res = plain(StatusCode::NO_CONTENT, "");
            if let Some((origin, true)) = origin {
                let h = res.headers_mut();
                cors(h, origin);
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static("GET, POST, OPTIONS"),
                );
                if let Some(asked) = req.headers().get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
                    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
                }
                h.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static("3600"),
                );
            }
            return res;
        }
        rewrite(&mut req);
        let mut res = (self.inner.polling)(req).await;
        if let Some((origin, true)) = origin {
            cors(res.headers_mut(), origin);
        }
        res
    }

    /// Checks a WebSocket handshake: the `Sec-WebSocket-Accept` value to answer with, or the
    /// status to refuse it with (a bad handshake, a foreign origin).
    pub fn accept_key<B>(&self, req: &Request<B>) -> Result<String, StatusCode> {
        if matches!(self.origin_allowed(req), Some((_, false))) {
            return Err(StatusCode::FORBIDDEN);
        }
        let upgrade = req
            .headers()
            .get(header::UPGRADE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
        let key = req.headers().get(header::SEC_WEBSOCKET_KEY);
        match (upgrade, key) {
            (true, Some(key)) => Ok(accept_value(key.as_bytes())),
            _ => Err(StatusCode::BAD_REQUEST),
        }
    }

    /// Hands a stream that has answered the handshake (101) to the Socket.IO engine.
    pub fn websocket(&self, io: Box<dyn Io>, mut req: Request<()>) -> Result<(), String> {
        rewrite(&mut req);
        (self.inner.websocket)(io, req)
    }
}

/// Is this request a WebSocket upgrade?
pub fn is_upgrade(headers: &http::HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// The real client's polling carries credentials, so `*` would be refused by browsers.
fn cors(h: &mut http::HeaderMap, origin: HeaderValue) {
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    h.append(header::VARY, HeaderValue::from_static("Origin"));
}

/// RFC 6455 §4.2.2: base64(SHA-1(key + GUID)).
fn accept_value(key: &[u8]) -> String {
    use base64::Engine;
    use sha1::{Digest, Sha1};
    let mut h = Sha1::new();
    h.update(key);
    h.update(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    base64::engine::general_purpose::STANDARD.encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_paths_are_recognised() {
        for p in [
            "/socket.io/",
            "/socket.io",
            "/app/socket.io/",
            "/app/socket.io/x",
        ] {
            assert!(is_socket_path(p), "{p}");
        }
        for p in ["/socket.iox", "/app/v1_0/user", "/", "/app/socket.ioo/"] {
            assert!(!is_socket_path(p), "{p}");
        }
    }

    #[test]
    fn accept_value_matches_the_rfc_example() {
        assert_eq!(
            accept_value(b"dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }
}
