//! Fault injection, for testing how a client copes with a failing backend. Off unless the
//! configuration switches it on; then `PUT /admin/v1/faults` arms the next N requests to a
//! route with one fault.

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rds_domain::api::FieldError;
use serde::Deserialize;

use crate::problem::ApiProblem;
use crate::AppState;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// 500 Internal Server Error.
    ServerError,
    /// 503 with `Retry-After`.
    Unavailable,
    /// 429 with `Retry-After`.
    TooManyRequests,
    /// No answer for longer than any client waits.
    Hang,
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// 412, as if the source had changed elsewhere.
    Stale,
    /// 422 on the upload switch.
    Invalid,
    /// 409.
    Conflict,
    /// The real answer, ten seconds late.
    Delay,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    pub method: String,
    pub path: String,
    pub kind: Kind,
    pub count: u32,
    #[serde(default = "one")]
    pub retry_after: u32,
}

fn one() -> u32 {
    1
}

#[derive(Default)]
pub struct Faults {
    armed: Mutex<Vec<Fault>>,
}

impl Faults {
    pub fn arm(&self, f: Fault) {
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        armed.retain(|a| !(a.method == f.method && a.path == f.path));
        armed.push(f);
    }

    /// Takes one use of the fault armed for this request, if any.
    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        let f = armed.iter_mut().find(|f| f.method.eq_ignore_ascii_case(method) && f.path == path && f.count > 0)?;
        f.count -= 1;
        Some(f.clone())
    }
}

pub async fn put(State(app): State<AppState>, Json(f): Json<Fault>) -> StatusCode {
    app.faults.arm(f);
    StatusCode::NO_CONTENT
}

fn with_retry_after(mut res: Response, secs: u32) -> Response {
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    res
}

pub async fn inject(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if !app.config.faults {
        return next.run(req).await;
    }
    let Some(f) = app.faults.take(req.method().as_str(), req.uri().path()) else {
        return next.run(req).await;
    };
    let problem = |status: StatusCode, title: &str, detail: &str| ApiProblem::new(status, title, detail).into_response();
    match f.kind {
        Kind::ServerError => problem(StatusCode::INTERNAL_SERVER_ERROR, "Injected failure", "An injected server error."),
        Kind::Unavailable => with_retry_after(
            problem(StatusCode::SERVICE_UNAVAILABLE, "Unavailable", "Injected: the service is unavailable."),
            f.retry_after,
        ),
        Kind::TooManyRequests => with_retry_after(
            problem(StatusCode::TOO_MANY_REQUESTS, "Too many requests", "Injected: slow down."),
            f.retry_after,
        ),
        Kind::Hang => {
            tokio::time::sleep(Duration::from_secs(120)).await;
            problem(StatusCode::GATEWAY_TIMEOUT, "Timeout", "Injected hang.")
        }
        Kind::MalformedJson => {
            let mut res = Response::new(Body::from("{\"sources\": [{\"id\": "));
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            res
        }
        Kind::Stale => {
            let id = req.uri().path().rsplit('/').next().unwrap_or("");
            let current = app.store.get(id).ok().flatten();
            match current {
                Some(c) => ApiProblem::stale(c).into_response(),
                None => problem(StatusCode::PRECONDITION_FAILED, "Stale", "Injected 412."),
            }
        }
        Kind::Invalid => {
            let mut p = ApiProblem::new(StatusCode::UNPROCESSABLE_ENTITY, "The change breaks a prerequisite", "Injected 422.");
            p.0.errors = vec![FieldError {
                pointer: "/uploadEnabled".into(),
                code: "injected".into(),
                detail: "The backend refused the upload permission (injected).".into(),
            }];
            p.into_response()
        }
        Kind::Conflict => problem(StatusCode::CONFLICT, "Conflict", "Injected: the change is not possible now."),
        Kind::Delay => {
            tokio::time::sleep(Duration::from_secs(10)).await;
            next.run(req).await
        }
    }
}
