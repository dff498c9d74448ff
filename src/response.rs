//! The success envelope: `{"message": "OK", "data": ...}`; 204 has no body at all.

use actix_web::HttpResponse;
use serde::Serialize;

#[derive(Serialize)]
struct Envelope<T: Serialize> {
    message: &'static str,
    data: T,
}

/// 200 with `data`.
pub fn ok<T: Serialize>(data: T) -> HttpResponse {
    HttpResponse::Ok().json(Envelope {
        message: "OK",
        data,
    })
}

/// 201 with `data`.
pub fn created<T: Serialize>(data: T) -> HttpResponse {
    HttpResponse::Created().json(Envelope {
        message: "OK",
        data,
    })
}

/// 201 whose body is only `{"message": "OK"}` (the contract's tracking endpoints).
pub fn created_message_only() -> HttpResponse {
    HttpResponse::Created().json(serde_json::json!({ "message": "OK" }))
}

/// 204 with an empty body.
pub fn no_content() -> HttpResponse {
    HttpResponse::NoContent().finish()
}
