//! Cross-origin use: a console on another origin, or the panel's files on a CDN. Only the
//! origins configured in `RDS_ALLOWED_ORIGINS` are allowed; nothing is open by default.
//! Preflights are answered before authentication (a browser sends them without the token).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::AppState;

/// How long a browser may keep a preflight's answer.
pub const MAX_AGE: Duration = Duration::from_secs(600);

/// Reads `RDS_ALLOWED_ORIGINS`: exact origins (`https://console.example.com`, a port if
/// not the default), separated by commas. A wildcard is refused: the API carries secrets.
pub fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    let mut origins = Vec::new();
    for origin in text.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
        // As a browser writes an origin: no default port, no trailing dot (those never match).
        let default_port = if origin.starts_with("https://") { ":443" } else { ":80" };
        let valid = host.is_some_and(|h| {
            !h.is_empty()
                && h.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.:[]".contains(&b))
                && !h.ends_with(default_port)
                && !h.ends_with('.')
        });
        if !valid {
            return Err(format!(
                "RDS_ALLOWED_ORIGINS takes exact origins such as https://console.example.com, separated by commas (lower case, no path, no default port, no wildcard), not {origin}"
            ));
        }
        origins.push(origin.to_string());
    }
    Ok(origins)
}

/// The CORS layer for `origins`. The browser may send the token, a JSON body and an ETag (in
/// `If-Match` for a change or a removal, in `If-None-Match` when it polls the list), and may
/// read the ETag, `Retry-After` and `Location`.
pub fn layer(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins.iter().map(|o| HeaderValue::from_str(o).expect("checked by parse_origins")).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::PATCH, Method::POST, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::IF_MATCH, header::IF_NONE_MATCH])
        .expose_headers([header::ETAG, header::RETRY_AFTER, header::LOCATION])
        .max_age(MAX_AGE)
}

/// Logs a request from an origin that is neither this server's nor allowed, so whoever runs
/// the server sees why a console's panel cannot reach it (its browser only says "failed").
pub async fn log_refused(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let refused = req
        .headers()
        .get(header::ORIGIN)
        .map(|o| String::from_utf8_lossy(o.as_bytes()).into_owned())
        .filter(|origin| !app.config.allowed_origins.contains(origin))
        .filter(|origin| !same_origin(origin, req.headers().get(header::HOST), req.headers().get("sec-fetch-site")));
    if let Some(origin) = refused {
        let what = if req.method() == Method::OPTIONS { "preflight" } else { "request" };
        app.log.line(&format!(
            "refused origin {}: not in RDS_ALLOWED_ORIGINS ({what} {} {})",
            origin.escape_default(),
            req.method(),
            req.uri().path().escape_default()
        ));
    }
    next.run(req).await
}

/// Browsers send `Origin` with same-origin changes too; those need no CORS. The browser's
/// `Sec-Fetch-Site` says so even behind a proxy that rewrites `Host`.
fn same_origin(origin: &str, host: Option<&HeaderValue>, fetch_site: Option<&HeaderValue>) -> bool {
    if fetch_site.is_some_and(|v| v == "same-origin") {
        return true;
    }
    let Some(host) = host.and_then(|h| h.to_str().ok()) else { return false };
    origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact_and_never_a_wildcard() {
        assert_eq!(
            parse_origins(" https://console.example.com, http://127.0.0.1:8081 ,").unwrap(),
            ["https://console.example.com", "http://127.0.0.1:8081"]
        );
        assert_eq!(parse_origins("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_origins("https://a.com:8443,http://a.com:8080").unwrap(), ["https://a.com:8443", "http://a.com:8080"]);
        for bad in ["*", "null", "console.example.com", "https://", "https://console.example.com/", "https://a.com/path", "ftp://a.com", "https://A.com", "https://a.com:443", "http://a.com:80", "https://a.com."] {
            let e = parse_origins(bad).unwrap_err();
            assert!(e.contains(bad), "{e}");
        }
    }

    #[test]
    fn same_origin_is_scheme_less_host_equality() {
        let host = HeaderValue::from_static("127.0.0.1:8080");
        assert!(same_origin("http://127.0.0.1:8080", Some(&host), None));
        assert!(same_origin("https://127.0.0.1:8080", Some(&host), None));
        assert!(!same_origin("http://127.0.0.1:8081", Some(&host), None));
        assert!(!same_origin("http://127.0.0.1:8080", None, None));
        let same = HeaderValue::from_static("same-origin");
        assert!(same_origin("https://console.example", Some(&host), Some(&same)), "behind a proxy");
        assert!(!same_origin("https://console.example", Some(&host), Some(&HeaderValue::from_static("cross-site"))));
    }
}
