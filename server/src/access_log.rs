//! One line per request: time, method, path, status and duration. Never a query string,
//! a header or a body, so no credential can reach the log.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::clock::now_rfc3339;
use crate::AppState;

pub struct AccessLog {
    file: Option<Mutex<File>>,
}

impl AccessLog {
    pub fn open(path: Option<&Path>) -> std::io::Result<AccessLog> {
        let file = match path {
            Some(p) => Some(Mutex::new(OpenOptions::new().create(true).append(true).open(p)?)),
            None => None,
        };
        Ok(AccessLog { file })
    }

    pub fn line(&self, line: &str) {
        eprintln!("{line}");
        if let Some(f) = &self.file {
            let mut f = f.lock().unwrap_or_else(|p| p.into_inner());
            let _ = writeln!(f, "{line}");
        }
    }
}

pub async fn record(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    app.log.line(&format!(
        "{} {} {} {} {}ms",
        now_rfc3339(),
        method,
        path.escape_default(),
        res.status().as_u16(),
        started.elapsed().as_millis()
    ));
    res
}
