//! E01 route map, health and readiness probes, and the 404/405 fallbacks.

use actix_web::{HttpResponse, web};
use serde_json::{Map, Value};

use super::route_map::ROUTE_MAP;
use crate::errors::AppError;
use crate::services::health;
use crate::state::AppState;

/// E01 `GET /` and `GET /app/`: a flat, unwrapped map of endpoint name to route pattern.
pub async fn get_route_map() -> HttpResponse {
    let map: Map<String, Value> = ROUTE_MAP
        .iter()
        .map(|(name, path)| ((*name).to_owned(), Value::from(*path)))
        .collect();
    HttpResponse::Ok().json(map)
}

/// `GET /health`: the process is up.
pub async fn get_health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "message": "OK", "data": { "status": "up" } }))
}

/// `GET /ready`: PostgreSQL and Redis answer (503 otherwise).
pub async fn get_ready(state: web::Data<AppState>) -> HttpResponse {
    let r = health::readiness(&state).await;
    let body = serde_json::json!({
        "message": if r.ready() { "OK" } else { "Unavailable service." },
        "data": {
            "database": if r.database { "up" } else { "down" },
            "redis": if r.redis { "up" } else { "down" },
        },
    });
    if r.ready() {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::not_found())
}

pub async fn method_not_allowed() -> Result<HttpResponse, AppError> {
    Err(AppError::MethodNotAllowed)
}
