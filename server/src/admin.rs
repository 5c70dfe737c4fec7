//! `/admin/v1`: sets the console's world and a source's reported status, for demos and
//! tests. Guarded by its own token, which the panel never holds; off when none is configured.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rds_domain::api::FieldError;

use crate::config::WorldSeed;
use crate::problem::ApiProblem;
use crate::store::StatusUpdate;
use crate::{bearer_matches, AppState};

pub async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path() == "/admin/v1/faults" && !app.config.faults {
        return ApiProblem::not_found("fault injection on this server (RDS_FAULTS)").into_response();
    }
    match app.config.admin_token.as_deref() {
        None => ApiProblem::not_found("admin interface on this server").into_response(),
        Some(token) if bearer_matches(req.headers(), token) => next.run(req).await,
        Some(_) => ApiProblem::new(StatusCode::UNAUTHORIZED, "Unauthorized", "Send the admin bearer token.").into_response(),
    }
}

pub async fn put_world(State(app): State<AppState>, Json(seed): Json<WorldSeed>) -> Response {
    match app.store.set_world(&seed) {
        Ok(w) => Json(w).into_response(),
        Err(e) => ApiProblem::storage(e).into_response(),
    }
}

pub async fn put_status(State(app): State<AppState>, Path(id): Path<String>, Json(u): Json<StatusUpdate>) -> Response {
    // Stored times are served as RFC 3339 `date-time`s: a pipeline that reports anything
    // else is told so, rather than passing it on to every panel.
    if let Some(t) = u.last_data_received_at.as_deref().filter(|t| !rds_domain::time::is_rfc3339(t)) {
        let mut p = ApiProblem::new(StatusCode::UNPROCESSABLE_ENTITY, "Not an RFC 3339 time", "lastDataReceivedAt must be an RFC 3339 date-time, such as 2026-11-28T03:55:16Z.");
        p.0.errors = vec![FieldError {
            pointer: "/lastDataReceivedAt".into(),
            code: "not-rfc3339".into(),
            detail: format!("\"{}\" is not an RFC 3339 date-time.", t.chars().take(64).collect::<String>().escape_default()),
        }];
        return p.into_response();
    }
    match app.store.set_status(&id, &u).and_then(|s| Ok((s, app.store.list()?))) {
        Ok((Some(mut s), list)) => {
            app.store.localized(std::slice::from_mut(&mut s), &list, app.catalog.english(), rds_domain::text::DEFAULT_LOCALE);
            Json(s).into_response()
        }
        Ok((None, _)) => ApiProblem::not_found("such data source").into_response(),
        Err(e) => ApiProblem::storage(e).into_response(),
    }
}
