//! The `/api/v1` routes.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rds_domain::api::{etag, parse_etag, ConsentStart, SourcePatch};
use rds_domain::SourceId;

use crate::problem::{redact_quoted, ApiProblem};
use crate::store::ChangeError;
use crate::AppState;

pub const MAX_BODY: usize = 64 * 1024;

type ApiResult = Result<Response, ApiProblem>;

fn source_id(raw: &str) -> Result<SourceId, ApiProblem> {
    SourceId::parse(raw).ok_or_else(|| ApiProblem::not_found(&format!("data source \"{}\"", raw.escape_default())))
}

/// Runs blocking SQLite work off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiProblem> {
    tokio::task::spawn_blocking(f).await.map_err(ApiProblem::storage)
}

fn with_etag(version: u64, body: impl IntoResponse) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::ETAG, HeaderValue::from_str(&etag(version)).expect("etag is ascii"));
    res
}

pub async fn list(State(app): State<AppState>) -> ApiResult {
    let store = app.store.clone();
    let list = blocking(move || store.list()).await?.map_err(ApiProblem::storage)?;
    Ok(Json(list).into_response())
}

pub async fn get_one(State(app): State<AppState>, Path(raw): Path<String>) -> ApiResult {
    let id = source_id(&raw)?;
    let store = app.store.clone();
    let s = blocking(move || store.get(id)).await?.map_err(ApiProblem::storage)?;
    Ok(with_etag(s.version, Json(s)))
}

fn parse_patch(headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<SourcePatch, ApiProblem> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiProblem::new(StatusCode::PAYLOAD_TOO_LARGE, "Body too large", format!("Send at most {MAX_BODY} bytes."))
        } else {
            ApiProblem::new(StatusCode::BAD_REQUEST, "Unreadable body", "The request body could not be read.")
        }
    })?;
    let ctype = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = ctype.split(';').next().unwrap_or("").trim();
    if mime != "application/json" && mime != "application/merge-patch+json" {
        return Err(ApiProblem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "Send the change as application/json.",
        ));
    }
    serde_json::from_slice::<SourcePatch>(&body).map_err(|e| {
        let detail = redact_quoted(&e.to_string());
        if e.is_data() {
            ApiProblem::new(StatusCode::UNPROCESSABLE_ENTITY, "The body does not match the contract", detail)
        } else {
            ApiProblem::new(StatusCode::BAD_REQUEST, "Malformed JSON", detail)
        }
    })
}

pub async fn patch(
    State(app): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let id = source_id(&raw)?;
    let Some(if_match) = headers.get(header::IF_MATCH) else {
        return Err(ApiProblem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "If-Match required",
            "Send the source's ETag in If-Match, so that a change made elsewhere is not overwritten.",
        ));
    };
    let version = if_match.to_str().ok().and_then(parse_etag).ok_or_else(|| {
        ApiProblem::new(StatusCode::BAD_REQUEST, "Bad If-Match", "If-Match must be the ETag of the source, such as \"3\".")
    })?;
    let patch = parse_patch(&headers, body)?;
    let store = app.store.clone();
    let user = app.config.user.clone();
    match blocking(move || store.change(id, version, patch, &user)).await? {
        Ok(saved) => Ok(with_etag(saved.version, Json(saved))),
        Err(ChangeError::NotFound) => Err(ApiProblem::not_found("such data source")),
        Err(ChangeError::ReadOnly) => Err(read_only()),
        Err(ChangeError::Stale(current)) => Err(ApiProblem::stale(*current)),
        Err(ChangeError::Invalid(problems)) => Err(ApiProblem::invalid(problems)),
        Err(ChangeError::Dependents(deps)) => Err(ApiProblem::dependents(id, deps)),
        Err(ChangeError::Conflict(detail)) => Err(ApiProblem::new(StatusCode::CONFLICT, "Not possible now", detail)),
        Err(ChangeError::Storage(e)) => Err(ApiProblem::storage(e)),
    }
}

fn read_only() -> ApiProblem {
    ApiProblem::new(
        StatusCode::FORBIDDEN,
        "Read-only",
        "Your role can view data sources but not change them. Ask a console administrator.",
    )
}

pub async fn start_consent(State(app): State<AppState>, Path(raw): Path<String>) -> ApiResult {
    let id = source_id(&raw)?;
    let token = crate::random_token();
    let store = app.store.clone();
    let t = token.clone();
    match blocking(move || store.start_consent(id, &t)).await? {
        // Relative to this server; a production backend answers with Microsoft's absolute URL.
        Ok(_) => Ok((StatusCode::CREATED, Json(ConsentStart { authorization_url: format!("/consent/{token}") })).into_response()),
        Err(ChangeError::NotFound) => Err(ApiProblem::not_found(&format!("consent flow for {}", id.name()))),
        Err(ChangeError::ReadOnly) => Err(read_only()),
        Err(ChangeError::Conflict(detail)) => Err(ApiProblem::new(StatusCode::CONFLICT, "Not possible now", detail)),
        Err(e) => Err(ApiProblem::storage(format!("{e:?}"))),
    }
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}
