//! E17-E24: all channels and the user's own channel list (also under `/v1_1/user/channels`).

use std::collections::HashSet;

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use super::params::{JsonBody, LenientJsonBody, MISSING_IN_BODY, as_int, shown};
use crate::errors::AppError;
use crate::guards::{CurrentUser, MaybeUser};
use crate::response;
use crate::services::channels::{self, BatchMode};
use crate::state::AppState;

const REQUIRED: &str = "Channels param is required.";
const INVALID: &str = "Invalid channels param.";
const REPEATED: &str = "Repeated channels occurred.";
const BAD_SEQUENCE: &str = "Invalid channel sequence param.";

/// E24 `GET /channels`.
pub async fn get_channels(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let list = channels::all_channels(&state).await?;
    Ok(response::ok(json!({ "channels": list })))
}

/// E17 `GET /user/channels`: login optional.
pub async fn get_user_channels(
    state: web::Data<AppState>,
    user: MaybeUser,
) -> Result<HttpResponse, AppError> {
    let list = channels::user_channels(&state, user.0).await?;
    Ok(response::ok(json!({ "channels": list })))
}

/// E18 `POST /user/channels`: adds channels; 409 when any is already linked.
pub async fn create_user_channels(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: LenientJsonBody,
) -> Result<HttpResponse, AppError> {
    write(&state, user, body, BatchMode::Add).await
}

/// E19 `PUT /user/channels`: replaces the whole list.
pub async fn reset_user_channels(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: LenientJsonBody,
) -> Result<HttpResponse, AppError> {
    write(&state, user, body, BatchMode::Reset).await
}

/// E20 `PATCH /user/channels`: inserts or re-sequences the given channels.
pub async fn update_user_channels(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: LenientJsonBody,
) -> Result<HttpResponse, AppError> {
    write(&state, user, body, BatchMode::Upsert).await
}

async fn write(
    state: &AppState,
    user: CurrentUser,
    body: LenientJsonBody,
    mode: BatchMode,
) -> Result<HttpResponse, AppError> {
    let (items, echo) = parse_channel_list(body.0)?;
    channels::write_channels(state, user.id, items, mode).await?;
    Ok(response::created(json!({ "channels": echo })))
}

/// Python truthiness, as [F] tested the parameter (`if not channels`).
fn is_falsy(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// `{"channels": [{"id": int, "seq": int}, ...]}` → (id, seq) pairs and the list to echo.
/// Ids must be JSON integers (§1.2); whether they are visible channels is the service's check.
fn parse_channel_list(body: Option<Value>) -> Result<(Vec<(i32, i32)>, Value), AppError> {
    let list = match body {
        Some(Value::Object(mut map)) => map.remove("channels").unwrap_or(Value::Null),
        _ => Value::Null,
    };
    if is_falsy(&list) {
        return Err(AppError::bad_request(REQUIRED));
    }
    let Value::Array(items) = &list else {
        return Err(AppError::bad_request(INVALID));
    };
    let mut pairs = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for item in items {
        let id = item
            .get("id")
            .and_then(Value::as_i64)
            .and_then(|id| i32::try_from(id).ok())
            .filter(|id| *id > 0)
            .ok_or_else(|| AppError::bad_request(INVALID))?;
        let seq = item
            .get("seq")
            .and_then(as_int)
            .ok_or_else(|| AppError::bad_request(INVALID))?;
        if seq < 0 {
            return Err(AppError::bad_request(BAD_SEQUENCE));
        }
        let seq = i32::try_from(seq).map_err(|_| AppError::bad_request(INVALID))?;
        if !seen.insert(id) {
            return Err(AppError::bad_request(REPEATED));
        }
        pairs.push((id, seq));
    }
    Ok((pairs, list))
}

/// E21 `DELETE /user/channels` with `{"channels": [id, ...]}`.
pub async fn delete_user_channels(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let raw = body
        .get("channels")
        .ok_or_else(|| AppError::param("channels", MISSING_IN_BODY))?;
    let values = match raw {
        Value::Array(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    let ids = values
        .iter()
        .map(|v| {
            as_int(v).filter(|id| *id > 0).ok_or_else(|| {
                AppError::param(
                    "channels",
                    format!(
                        "Invalid channels: {}. channels must be a positive integer",
                        shown(v)
                    ),
                )
            })
        })
        .collect::<Result<Vec<i64>, AppError>>()?;
    channels::delete_channels(&state, user.id, ids).await?;
    Ok(response::no_content())
}

/// E22 `PUT /user/channels/{target}` with `{seq}`.
pub async fn update_user_channel(
    state: web::Data<AppState>,
    user: CurrentUser,
    target: web::Path<i64>,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let raw = body.require("seq")?;
    let seq = as_int(raw)
        .filter(|s| *s >= 1)
        .and_then(|s| i32::try_from(s).ok())
        .ok_or_else(|| {
            AppError::param(
                "seq",
                format!(
                    "Invalid seq: {}. seq must be a positive integer",
                    shown(raw)
                ),
            )
        })?;
    let id = channels::set_channel(&state, user.id, target.into_inner(), seq).await?;
    Ok(response::created(json!({ "id": id, "seq": seq })))
}

/// E23 `DELETE /user/channels/{target}`.
pub async fn delete_user_channel(
    state: web::Data<AppState>,
    user: CurrentUser,
    target: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    channels::delete_channel(&state, user.id, target.into_inner()).await?;
    Ok(response::no_content())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn message(body: Value) -> String {
        match parse_channel_list(Some(body)) {
            Ok(_) => "ok".into(),
            Err(AppError::BadRequest(m)) => m,
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn batch_bodies_are_checked_with_the_contract_texts() {
        assert_eq!(message(json!({})), REQUIRED);
        assert_eq!(message(json!({"channels": []})), REQUIRED);
        assert_eq!(message(json!({"channels": "1"})), INVALID);
        assert_eq!(message(json!({"channels": [{"id": 1}]})), INVALID);
        assert_eq!(
            message(json!({"channels": [{"id": "1", "seq": 1}]})),
            INVALID
        );
        assert_eq!(message(json!({"channels": [{"id": 0, "seq": 1}]})), INVALID);
        assert_eq!(
            message(json!({"channels": [{"id": 1, "seq": "x"}]})),
            INVALID
        );
        assert_eq!(
            message(json!({"channels": [{"id": 1, "seq": -1}]})),
            BAD_SEQUENCE
        );
        assert_eq!(
            message(json!({"channels": [{"id": 1, "seq": 1}, {"id": 1, "seq": 2}]})),
            REPEATED
        );
        assert_eq!(message(json!({"channels": [{"id": 1, "seq": "2"}]})), "ok");
        assert!(parse_channel_list(None).is_err());
    }
}
