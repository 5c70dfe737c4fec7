//! The reference backend of the risk data-source panel: the REST contract served for real,
//! stored in SQLite, with the panel's own rules enforced again on every change.

pub mod access_log;
pub mod admin;
pub mod api;
pub mod catalog;
pub mod check;
pub mod clock;
pub mod config;
pub mod cors;
pub mod faults;
pub mod openapi;
pub mod problem;
pub mod secret_box;
pub mod store;
pub mod web;

use std::io::Read;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};

pub use config::Config;
use problem::ApiProblem;
use store::Store;

/// The OpenAPI document of the contract, as checked into the repository (a test holds it
/// equal to what [`openapi::document`] generates).
pub const OPENAPI: &str = include_str!("../openapi.json");

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub catalog: Arc<catalog::Loaded>,
    pub config: Arc<Config>,
    pub log: Arc<access_log::AccessLog>,
    pub faults: Arc<faults::Faults>,
    pub prober: Arc<check::Prober>,
    pub checks: Arc<check::Running>,
}

/// Compares in constant time, so the token cannot be guessed byte by byte from timings.
pub fn bearer_matches(headers: &HeaderMap, expected: &str) -> bool {
    // The scheme is case-insensitive (RFC 9110, 11.1); the token is exact.
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .and_then(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer").then(|| token.trim_start_matches(' ')))
    else {
        return false;
    };
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn require_token(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if bearer_matches(req.headers(), &app.config.api_token) {
        next.run(req).await
    } else {
        let mut res = ApiProblem::new(StatusCode::UNAUTHORIZED, "Unauthorized", "Send the console's bearer token in Authorization.")
            .into_response();
        res.headers_mut().insert(header::WWW_AUTHENTICATE, "Bearer".parse().expect("static"));
        res
    }
}

/// 128 random bits from the kernel, as hex.
pub fn random_token() -> String {
    let mut buf = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .expect("the kernel's random source is readable");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/v1/data-sources", get(api::list).post(api::create))
        .route("/api/v1/data-sources/{id}", get(api::get_one).patch(api::patch).delete(api::remove))
        .route("/api/v1/data-sources/{id}/consent", post(api::start_consent))
        .route("/api/v1/data-sources/{id}/check", post(check::run))
        .route("/api/v1/catalog", get(api::catalog))
        .route("/api/openapi.json", get(api::openapi))
        .layer(DefaultBodyLimit::max(api::MAX_BODY))
        .route_layer(middleware::from_fn_with_state(state.clone(), faults::inject))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    let admin = Router::new()
        .route("/admin/v1/world", put(admin::put_world))
        .route("/admin/v1/data-sources/{id}/status", put(admin::put_status))
        .route("/admin/v1/faults", put(faults::put))
        .route_layer(middleware::from_fn_with_state(state.clone(), admin::guard));
    Router::new()
        .merge(api)
        .merge(admin)
        .route("/consent/{token}", get(web::consent_page).post(web::consent_approve))
        .route("/csp-report", post(web::csp_report).layer(DefaultBodyLimit::max(16 * 1024)))
        .fallback(web::static_file)
        // Outside the token check, so preflights (sent without it) are answered.
        .layer(cors::layer(&state.config.allowed_origins))
        .layer(middleware::from_fn_with_state(state.clone(), cors::log_refused))
        .layer(middleware::from_fn_with_state(state.clone(), web::security_headers))
        // Quality 4: API answers are small and made per request; brotli's default (11) costs
        // milliseconds each. Static files come precompressed at 11 from the build.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(middleware::from_fn_with_state(state.clone(), access_log::record))
        .with_state(state)
}

/// The database's file name in the data directory.
pub const DATABASE_FILE: &str = "risk-data-sources.sqlite3";

/// Loads the catalog and opens the database and the log named by `config`.
pub fn state(config: Config) -> Result<AppState, String> {
    let catalog = catalog::Loaded::load(config.catalog_dir.as_deref()).map_err(|e| format!("the catalog does not hold:\n{e}"))?;
    std::fs::create_dir_all(&config.data_dir).map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
    let db = config.data_dir.join(DATABASE_FILE);
    restrict_permissions(&db).map_err(|e| format!("cannot make {} private: {e}", db.display()))?;
    let store = Store::open(&db, &config.secret_key_file, &config.world, catalog.catalog.clone(), catalog.english().clone())
        .map_err(|e| e.message(&db))?;
    let prober = check::prober(&config.probes)?;
    let log = access_log::AccessLog::open(config.log_file.as_deref()).map_err(|e| format!("cannot open the log file: {e}"))?;
    Ok(AppState {
        store: Arc::new(store),
        catalog: Arc::new(catalog),
        config: Arc::new(config),
        log: Arc::new(log),
        faults: Arc::default(),
        prober,
        checks: Arc::default(),
    })
}

/// The database holds secrets: only its owner may read it. Made private before SQLite opens
/// it, since SQLite gives its WAL and shared-memory files the database file's mode when it
/// creates them; those left by an earlier run are made private too.
fn restrict_permissions(db: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(db)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut path = db.as_os_str().to_owned();
            path.push(suffix);
            match std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    Ok(())
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}
