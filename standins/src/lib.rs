//! Stand-ins for the third-party APIs that connection checks call: Okta's users and roles
//! API and Qualys' host list, served over HTTPS on loopback with a certificate from a
//! throw-away authority. Tests point the server's probes at them (`RDS_PROBE_HOSTS`,
//! `RDS_PROBE_CA_FILE`). They answer in the shapes the vendors document, and record what
//! they were asked.
//!
//! Some host names behave badly on purpose: `hang.okta.com` never answers in time,
//! `redirect.okta.com` redirects to `elsewhere.example` (which the stand-ins also serve, so
//! a client that followed would be seen), `web.okta.com` is an ordinary web page,
//! `busy.okta.com` answers 429, `down.okta.com` 503, and `big.okta.com` a body of a
//! megabyte; `edge.okta.com` is an Okta org whose user is exactly [`EDGE_BODY`] long. An
//! Okta account whose user id starts with `00uslow` never gets its roles in
//! time.
//! Every body carries [`BODY_MARKER`], so a test can see that none reaches a client.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use serde_json::json;
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// In every body the stand-ins send.
pub const BODY_MARKER: &str = "stand-in-remote-body";

/// The size of `edge.okta.com`'s user: 256 KiB, the most a probe reads.
pub const EDGE_BODY: usize = 256 * 1024;

/// The names the stand-ins' certificate is for. `acme.okta-emea.com` is not among them, so
/// a probe sent there meets a certificate for some other host.
pub const CERTIFIED: [&str; 7] = [
    "*.okta.com",
    "*.oktapreview.com",
    "qualysapi.qualys.com",
    "qualysapi.qg2.apps.qualys.com",
    "qualysapi.qg2.apps.qualys.eu",
    "qualysapi.corp.example",
    "elsewhere.example",
];

/// An Okta account an API token belongs to.
#[derive(Clone, Debug)]
pub struct OktaAccount {
    pub user_id: String,
    /// Role types as Okta names them, such as `ORG_ADMIN`.
    pub roles: Vec<String>,
}

/// What a Qualys account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QualysAccess {
    /// API access and the asset read: the host list comes back.
    Reader,
    /// The account may not use the API.
    NoApi,
    /// Signed in, but the host list is refused inside a 200 answer.
    NoHostList,
    /// The subscription's API limits are reached: Qualys answers 409.
    Limited,
}

#[derive(Default)]
struct Accounts {
    okta: Vec<(String, OktaAccount)>,
    qualys: Vec<(String, String, QualysAccess)>,
    /// `host path` of each request, in order.
    seen: Vec<String>,
}

type Shared = Arc<Mutex<Accounts>>;

pub struct StandIns {
    /// Where every stand-in host name must resolve.
    pub addr: SocketAddr,
    /// The authority's certificate, for the probes to trust.
    pub ca_file: PathBuf,
    accounts: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl StandIns {
    /// Starts the stand-ins on a free loopback port, writing the authority's certificate
    /// into `dir`.
    pub async fn start(dir: &Path) -> StandIns {
        let (ca_pem, acceptor) = certificates();
        let ca_file = dir.join("stand-in-ca.pem");
        std::fs::write(&ca_file, ca_pem).expect("the test directory is writable");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
        let addr = listener.local_addr().expect("bound");
        let accounts = Shared::default();
        let app = Router::new().fallback(answer).with_state(accounts.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else { continue };
                let (acceptor, app) = (acceptor.clone(), app.clone());
                tokio::spawn(async move {
                    // A client that refuses the certificate ends here; that is the point of some tests.
                    let Ok(tls) = acceptor.accept(tcp).await else { return };
                    let service = TowerToHyperService::new(app);
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        StandIns { addr, ca_file, accounts, task }
    }

    /// `host=address:port` for each name, as `RDS_PROBE_HOSTS` takes it.
    pub fn hosts(&self, names: &[&str]) -> Vec<(String, SocketAddr)> {
        names.iter().map(|n| (n.to_string(), self.addr)).collect()
    }

    pub fn okta_token(&self, token: &str, user_id: &str, roles: &[&str]) {
        let account = OktaAccount { user_id: user_id.into(), roles: roles.iter().map(|r| r.to_string()).collect() };
        self.accounts.lock().unwrap().okta.push((token.into(), account));
    }

    pub fn qualys_account(&self, username: &str, password: &str, access: QualysAccess) {
        self.accounts.lock().unwrap().qualys.push((username.into(), password.into(), access));
    }

    /// `host path` of every request so far.
    pub fn seen(&self) -> Vec<String> {
        self.accounts.lock().unwrap().seen.clone()
    }
}

impl Drop for StandIns {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A fresh authority, and a server certificate from it for [`CERTIFIED`].
fn certificates() -> (String, TlsAcceptor) {
    let ca_key = rcgen::KeyPair::generate().expect("a key");
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("no names");
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, "Stand-in test authority");
    let ca_cert = ca.self_signed(&ca_key).expect("a self-signed authority");
    let leaf_key = rcgen::KeyPair::generate().expect("a key");
    let leaf = rcgen::CertificateParams::new(CERTIFIED.iter().map(|n| n.to_string()).collect::<Vec<_>>()).expect("names");
    let leaf_cert = leaf.signed_by(&leaf_key, &ca_cert, &ca_key).expect("signed by the authority");
    let chain = vec![CertificateDer::from(leaf_cert.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let config = ServerConfig::builder_with_provider(Arc::new(tokio_rustls::rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("TLS 1.2 and 1.3")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("a matching key");
    (ca_cert.pem(), TlsAcceptor::from(Arc::new(config)))
}

async fn answer(State(accounts): State<Shared>, req: Request) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("").split(':').next().unwrap_or("").to_string();
    let path = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    accounts.lock().unwrap().seen.push(format!("{host} {path}"));
    match host.as_str() {
        "hang.okta.com" => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        "redirect.okta.com" => (StatusCode::FOUND, [(header::LOCATION, "https://elsewhere.example/api/v1/users/me")], BODY_MARKER).into_response(),
        "web.okta.com" => ([(header::CONTENT_TYPE, "text/html")], format!("<!doctype html><title>{BODY_MARKER}</title>")).into_response(),
        "busy.okta.com" => okta_error(StatusCode::TOO_MANY_REQUESTS, "E0000047"),
        "down.okta.com" => (StatusCode::SERVICE_UNAVAILABLE, BODY_MARKER).into_response(),
        "big.okta.com" => ([(header::CONTENT_TYPE, "application/json")], format!("{{\"id\": \"{}\"}}", BODY_MARKER.repeat(60_000))).into_response(),
        h if h.starts_with("qualysapi.") => qualys(&accounts, req.headers(), &path),
        _ => okta(&accounts, &host, req.headers(), &path).await,
    }
}

fn okta_error(status: StatusCode, code: &str) -> Response {
    (status, axum::Json(json!({"errorCode": code, "errorSummary": BODY_MARKER, "errorLink": code, "errorId": "oae1", "errorCauses": []}))).into_response()
}

async fn okta(accounts: &Shared, host: &str, headers: &HeaderMap, path: &str) -> Response {
    let token = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("SSWS "));
    let account = token.and_then(|t| accounts.lock().unwrap().okta.iter().find(|(k, _)| k == t).map(|(_, a)| a.clone()));
    let Some(account) = account else {
        return okta_error(StatusCode::UNAUTHORIZED, "E0000011");
    };
    if path == "/api/v1/users/me" {
        // Okta's users carry many profile fields and links: a few kilobytes.
        let mut user = json!({
            "id": account.user_id,
            "status": "ACTIVE",
            "profile": {"login": "admin@acme.example", "firstName": BODY_MARKER, "title": "x".repeat(4000)},
        });
        if host == "edge.okta.com" {
            let short = user.to_string().len();
            user["profile"]["title"] = json!("x".repeat(4000 + EDGE_BODY - short));
        }
        return ([(header::CONTENT_TYPE, "application/json")], user.to_string()).into_response();
    }
    if path == format!("/api/v1/users/{}/roles", account.user_id) {
        if account.user_id.starts_with("00uslow") {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        // Listing roles takes an administrator role itself.
        if account.roles.is_empty() {
            return okta_error(StatusCode::FORBIDDEN, "E0000006");
        }
        let roles: Vec<_> = account
            .roles
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"id": format!("ra{i}"), "label": BODY_MARKER, "type": t, "status": "ACTIVE", "assignmentType": "USER"}))
            .collect();
        return axum::Json(roles).into_response();
    }
    okta_error(StatusCode::NOT_FOUND, "E0000007")
}

fn qualys_xml(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/xml;charset=UTF-8")], body).into_response()
}

fn simple_return(status: StatusCode, code: u32) -> Response {
    qualys_xml(status, format!("<?xml version=\"1.0\" encoding=\"UTF-8\" ?><SIMPLE_RETURN><RESPONSE><CODE>{code}</CODE><TEXT>{BODY_MARKER}</TEXT></RESPONSE></SIMPLE_RETURN>"))
}

fn qualys(accounts: &Shared, headers: &HeaderMap, path: &str) -> Response {
    if !headers.contains_key("x-requested-with") {
        return simple_return(StatusCode::BAD_REQUEST, 1960);
    }
    if !path.starts_with("/api/2.0/fo/asset/host/?action=list") {
        return simple_return(StatusCode::NOT_FOUND, 1901);
    }
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic "));
    let access = given.and_then(|g| {
        let accounts = accounts.lock().unwrap();
        accounts.qualys.iter().find(|(u, p, _)| base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}")) == g).map(|(_, _, a)| *a)
    });
    match access {
        None => simple_return(StatusCode::UNAUTHORIZED, 2000),
        Some(QualysAccess::NoApi) => simple_return(StatusCode::FORBIDDEN, 2002),
        Some(QualysAccess::NoHostList) => simple_return(StatusCode::OK, 2003),
        Some(QualysAccess::Limited) => simple_return(StatusCode::CONFLICT, 1965),
        Some(QualysAccess::Reader) => qualys_xml(
            StatusCode::OK,
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\" ?><HOST_LIST_OUTPUT><RESPONSE><DATETIME>2026-12-03T00:00:00Z</DATETIME><HOST_LIST><HOST><ID>1</ID><IP>10.0.0.1</IP><DNS>{BODY_MARKER}</DNS></HOST></HOST_LIST></RESPONSE></HOST_LIST_OUTPUT>"),
        ),
    }
}
