//! A real server on a free loopback port with its own SQLite file, and a small client.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rds_server::Config;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;

pub const TOKEN: &str = "test-token-0123456789abcdef";
pub const ADMIN: &str = "admin-token-0123456789abcdef";

/// The raw bytes of the database at `db` and of its WAL and shared-memory files, as text:
/// where a secret really went.
pub fn disk_text(db: &Path) -> String {
    let mut raw = std::fs::read(db).unwrap_or_else(|e| panic!("{}: {e}", db.display()));
    for suffix in ["-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        raw.extend(std::fs::read(&p).unwrap_or_default());
    }
    String::from_utf8_lossy(&raw).into_owned()
}

pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rds-{tag}-{}", rds_server::random_token()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub struct Server {
    pub base: String,
    pub dir: PathBuf,
    pub log: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    http: reqwest::Client,
}

pub fn config(dir: &Path) -> Config {
    let mut c = Config::new(TOKEN, dir.join("data"));
    c.admin_token = Some(ADMIN.into());
    c.log_file = Some(dir.join("access.log"));
    c
}

impl Server {
    pub async fn start(tag: &str) -> Server {
        let dir = temp_dir(tag);
        Server::start_in(&dir, config(&dir)).await
    }

    pub async fn start_in(dir: &Path, config: Config) -> Server {
        let log = config.log_file.clone().unwrap_or_else(|| dir.join("access.log"));
        let state = rds_server::state(config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel();
        let task = tokio::spawn(async move {
            rds_server::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        Server { base, dir: dir.to_path_buf(), log, stop: Some(tx), task: Some(task), http: reqwest::Client::new() }
    }

    pub async fn stop(mut self) -> PathBuf {
        let _ = self.stop.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap();
        self.dir.clone()
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{}", self.base, path)).bearer_auth(TOKEN)
    }

    pub async fn json(&self, method: Method, path: &str) -> (StatusCode, Value) {
        read(self.request(method, path).send().await.unwrap()).await
    }

    pub async fn source(&self, id: &str) -> (Value, String) {
        let res = self.request(Method::GET, &format!("/api/v1/data-sources/{id}")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        (res.json().await.unwrap(), etag)
    }

    /// PATCH with the current ETag.
    pub async fn patch(&self, id: &str, body: Value) -> (StatusCode, Value) {
        let (_, etag) = self.source(id).await;
        self.patch_with(id, &etag, body).await
    }

    pub async fn patch_with(&self, id: &str, etag: &str, body: Value) -> (StatusCode, Value) {
        let res = self
            .request(Method::PATCH, &format!("/api/v1/data-sources/{id}"))
            .header("if-match", etag)
            .json(&body)
            .send()
            .await
            .unwrap();
        read(res).await
    }

    pub async fn admin(&self, path: &str, body: Value) -> StatusCode {
        self.admin_answer(path, body).await.0
    }

    pub async fn admin_answer(&self, path: &str, body: Value) -> (StatusCode, Value) {
        read(self.http.put(format!("{}{}", self.base, path)).bearer_auth(ADMIN).json(&body).send().await.unwrap()).await
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

pub async fn read(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    let ctype = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let text = res.text().await.unwrap();
    if !status.is_success() {
        assert_eq!(ctype, "application/problem+json", "{status}: {text}");
    }
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Checks `value` against the schema `name` of the OpenAPI document `doc`, with a real JSON
/// Schema (2020-12) validator; the error lists every violation.
pub fn conforms(doc: &Value, name: &str, value: &Value) -> Result<(), String> {
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    let validator = jsonschema::validator_for(&schema).map_err(|e| format!("the schema itself: {e}"))?;
    let errors: Vec<String> = validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}
