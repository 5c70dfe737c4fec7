//! What the server sends to a browser outside the API: the panel's static files, the
//! security headers on every answer, and the stand-in Microsoft consent page.

use std::path::{Component, Path as FsPath, PathBuf};

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;

/// The policy of every answer: no inline script or style, nothing from other origins, and
/// violations reported to `/csp-report`.
pub fn content_security_policy(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}; report-uri /csp-report"
    )
}

/// Adds the headers every answer carries.
pub async fn security_headers(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/") || req.uri().path().starts_with("/admin/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin-allow-popups"));
    let csp = content_security_policy(&app.config.frame_ancestors);
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp).expect("csp is ascii"));
    if is_api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

fn content_type(path: &FsPath) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Trunk names built assets `name-<hash>.ext` (or `_bg.wasm`), the hash a 64-bit value in
/// hex without leading zeros; those files never change.
pub fn is_hashed(file_name: &str) -> bool {
    let stem = file_name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| (12..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn resolve(dist: &FsPath, uri_path: &str) -> Option<PathBuf> {
    let rel = uri_path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    let rel = PathBuf::from(rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(dist.join(rel))
}

/// Whether an `Accept-Encoding` value takes `token` (`br;q=0` refuses it).
fn accepts_encoding(header: &str, token: &str) -> bool {
    header.split(',').any(|entry| {
        let mut parts = entry.split(';').map(str::trim);
        parts.next() == Some(token)
            && parts.all(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_none_or(|q| q > 0.0))
    })
}

pub async fn static_file(State(app): State<AppState>, method: Method, req: Request) -> Response {
    if req.uri().path().starts_with("/api/") || req.uri().path().starts_with("/admin/") {
        return crate::problem::ApiProblem::not_found("such API route").into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(dist) = app.config.dist_dir.as_deref() else {
        return (StatusCode::NOT_FOUND, "No panel build is configured (RDS_DIST_DIR).").into_response();
    };
    let Some(path) = resolve(dist, req.uri().path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // A file the build compressed already (`x.wasm.br` beside `x.wasm`) is sent as it is:
    // no compressing at request time, and the best ratio.
    let accepts = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut encoding = None;
    let mut bytes = None;
    for (token, suffix) in [("br", "br"), ("gzip", "gz")] {
        if accepts_encoding(accepts, token) {
            let mut pre = path.clone().into_os_string();
            pre.push(".");
            pre.push(suffix);
            if let Ok(b) = tokio::fs::read(&pre).await {
                (encoding, bytes) = (Some(token), Some(b));
                break;
            }
        }
    }
    let bytes = match bytes {
        Some(b) => b,
        None => match tokio::fs::read(&path).await {
            Ok(b) => b,
            Err(_) => return (StatusCode::NOT_FOUND, "Not found").into_response(),
        },
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ctype = content_type(&path);
    let cache = if is_hashed(name) {
        "public, max-age=31536000, immutable"
    } else if name == "config.json" {
        "no-store"
    } else {
        "no-cache"
    };
    // A file sent as it is may still be compressed on its way out (CompressionLayer), and a
    // strong tag would then name other bytes: it is weak unless the build compressed it.
    let tag = match encoding {
        Some(_) => content_etag(&bytes),
        None => format!("W/{}", content_etag(&bytes)),
    };
    let fresh = unchanged(req.headers(), &tag);
    let mut res = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { Response::new(Body::from(bytes)) };
    let h = res.headers_mut();
    h.insert(header::ETAG, HeaderValue::from_str(&tag).expect("hex is ascii"));
    if !fresh {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(e) = encoding.filter(|_| !fresh) {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    res
}

/// A strong tag of the bytes sent (each encoding its own), so a revalidation of a file, the
/// catalog or the list costs a 304 rather than the body. Not a security measure: std's
/// SipHash is enough to tell versions apart.
pub fn content_etag(bytes: &[u8]) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(bytes);
    format!("\"{:016x}{:x}\"", h.finish(), bytes.len())
}

/// Whether the request's `If-None-Match` names `tag`, so a 304 answers it.
pub fn unchanged(headers: &axum::http::HeaderMap, tag: &str) -> bool {
    headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| none_match_holds(v, tag))
}

/// Whether `If-None-Match` names `tag` (weak comparison, as RFC 9110 13.1.2 says) or is `*`.
fn none_match_holds(header: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.strip_prefix("W/").unwrap_or(t).to_string();
    header.split(',').map(str::trim).any(|t| t == "*" || opaque(t) == opaque(tag))
}

/// Receives the browser's CSP violation reports and writes one log line for each.
pub async fn csp_report(State(app): State<AppState>, body: axum::body::Bytes) -> StatusCode {
    let report: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let r = &report["csp-report"];
    let field = |k: &str| {
        let v = r[k].as_str().unwrap_or("?");
        // Only the scheme and host of a URL: a full URL could carry anything.
        let v = v.split(['?', '#']).next().unwrap_or("?");
        v.chars().take(120).collect::<String>().escape_default().to_string()
    };
    app.log.line(&format!("csp-violation {} blocked {}", field("violated-directive"), field("blocked-uri")));
    StatusCode::NO_CONTENT
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"viewport\" content=\"width=device-width\"></head><body><main><h1>{title}</h1>{body}</main></body></html>"
    ))
}

/// A name from a definition, safe inside HTML: definitions are data, and data is text.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Stands in for Microsoft's admin consent page.
pub async fn consent_page(State(app): State<AppState>, Path(token): Path<String>) -> Response {
    let source = app.store.consent_source(&token).ok().flatten();
    let Some(source) = source else {
        return (StatusCode::NOT_FOUND, page("Consent link expired", "<p>This consent link was used or has expired. Start again from the console.</p>")).into_response();
    };
    page(
        "Permissions requested",
        &format!(
            "<p>The risk console asks for permission to read user information and activity data from {name}.</p>\
             <p>This page is the reference server's stand-in for Microsoft's admin consent page.</p>\
             <form method=\"post\" action=\"/consent/{token}\"><button type=\"submit\">Accept</button></form>",
            name = html_text(&app.store.name(&source))
        ),
    )
    .into_response()
}

pub async fn consent_approve(State(app): State<AppState>, Path(token): Path<String>) -> Response {
    let approved = app.store.approve_consent(&token).ok().flatten();
    match approved {
        Some(source) => page(
            "Consent granted",
            &format!("<p>{} is connected. You can close this window and return to the console.</p>", html_text(&app.store.name(&source))),
        )
        .into_response(),
        None => (StatusCode::NOT_FOUND, page("Consent link expired", "<p>Start again from the console.</p>")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_asset_names_are_recognised() {
        assert!(is_hashed("rds-panel-4f2a9c1e0b7d6a53.js"));
        assert!(is_hashed("rds-panel-4f2a9c1e0b7d6a53_bg.wasm"));
        assert!(is_hashed("panel-adc75d284b7320c.css"), "leading zeros are dropped from the hash");
        assert!(!is_hashed("panel-00112233445566778899aabb.css"));
        assert!(!is_hashed("risk-data-sources-1.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
        assert!(!is_hashed("risk-data-sources.js"));
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_a_star() {
        let tag = content_etag(b"panel");
        assert_ne!(tag, content_etag(b"panel!"), "another file, another tag");
        assert!(none_match_holds(&tag, &tag));
        assert!(none_match_holds(&format!("\"x\", W/{tag}"), &tag));
        assert!(none_match_holds("*", &tag));
        assert!(!none_match_holds("\"x\", \"y\"", &tag));
        assert!(none_match_holds(&tag, &format!("W/{tag}")), "a weak tag matches weakly");
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts_encoding("gzip, deflate, br, zstd", "br"));
        assert!(accepts_encoding("gzip;q=0.5, br;q=1.0", "br"));
        assert!(!accepts_encoding("gzip, br;q=0", "br"));
        assert!(!accepts_encoding("brotli, gzip", "br"));
        assert!(accepts_encoding("gzip, br;q=0", "gzip"));
        assert!(!accepts_encoding("", "gzip"));
    }

    #[test]
    fn paths_cannot_escape_the_dist_folder() {
        let d = FsPath::new("/srv/dist");
        assert_eq!(resolve(d, "/"), Some(PathBuf::from("/srv/dist/index.html")));
        assert_eq!(resolve(d, "/a/b.js"), Some(PathBuf::from("/srv/dist/a/b.js")));
        assert_eq!(resolve(d, "/../etc/passwd"), None);
        assert_eq!(resolve(d, "/a/../../x"), None);
    }
}
