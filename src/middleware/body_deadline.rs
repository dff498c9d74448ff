//! A deadline on the request body: a client that trickles its body (ten bytes a second, an
//! upload that never ends) gets 408 once `server.body_timeout_ms` has passed since the head,
//! and its connection is closed, so slow clients cannot pile up connections and buffers.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage, web};
use futures_util::Stream;
use tokio::time::Sleep;

use crate::errors::AppError;
use crate::state::AppState;

/// The cause inside the `PayloadError::Io` a late body ends with.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyDeadline;

pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let timeout = req
        .app_data::<web::Data<AppState>>()
        .map(|s| Duration::from_millis(s.settings.server.body_timeout_ms));
    if let Some(timeout) = timeout.filter(|_| has_body(&req)) {
        let inner = req.take_payload();
        let stream = Deadline {
            inner,
            sleep: Box::pin(tokio::time::sleep(timeout)),
            expired: false,
        };
        let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(stream);
        req.set_payload(Payload::from(boxed));
    }
    next.call(req).await
}

fn has_body(req: &ServiceRequest) -> bool {
    use actix_web::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
    let headers = req.headers();
    headers.contains_key(TRANSFER_ENCODING)
        || headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

struct Deadline {
    inner: Payload,
    sleep: Pin<Box<Sleep>>,
    expired: bool,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.expired {
            return Poll::Ready(None);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired = true;
            let err = std::io::Error::new(std::io::ErrorKind::TimedOut, BodyDeadline);
            return Poll::Ready(Some(Err(PayloadError::Io(err))));
        }
        Pin::new(&mut self.inner).poll_next(cx)
    }
}

/// The error a body read ended with: 408 for a late body, 413 for an oversized one, 400
/// otherwise.
pub fn payload_error(err: &PayloadError) -> AppError {
    match err {
        PayloadError::Io(e) if e.get_ref().is_some_and(|r| r.is::<BodyDeadline>()) => {
            AppError::RequestTimeout
        }
        PayloadError::Overflow => AppError::PayloadTooLarge("Request body is too large.".into()),
        _ => AppError::bad_request(crate::errors::BAD_REQUEST_TEXT),
    }
}
