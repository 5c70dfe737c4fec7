//! The probes' HTTP client, and what its failures mean to the person checking: each
//! becomes a step at the field that names the host. A remote body never leaves the server;
//! only what the probe makes of it does.

use std::net::IpAddr;
use std::sync::Arc;

use rds_domain::api::{CheckOutcome, CheckStep};
use reqwest::{RequestBuilder, StatusCode};
use tokio::time::Instant;

use super::guard::{self, Refusal, Resolver};
use super::{Say, TIMEOUT};
use crate::config::ProbeConfig;

/// More than any answer a probe reads (a user, a list of roles, one host); a longer body is
/// not the service's.
const MAX_BODY: usize = 256 * 1024;

pub struct Prober {
    client: reqwest::Client,
    resolver: Resolver,
}

impl Prober {
    pub fn new(config: &ProbeConfig) -> Result<Prober, String> {
        let resolver = Resolver { hosts: config.hosts.clone(), allow_private: config.allow_private };
        let mut builder = reqwest::Client::builder()
            .dns_resolver(Arc::new(resolver.clone()))
            // A redirect could lead anywhere; the probe reports it instead.
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .https_only(true)
            .user_agent(concat!("risk-data-sources/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(TIMEOUT);
        if let Some(path) = &config.extra_root {
            let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let ca = reqwest::Certificate::from_pem(&pem).map_err(|e| format!("{} is not a PEM certificate: {e}", path.display()))?;
            builder = builder.add_root_certificate(ca);
        }
        let client = builder.build().map_err(|e| format!("cannot make the probes' HTTP client: {e}"))?;
        Ok(Prober { client, resolver })
    }
}

/// One host a probe talks to, and the field that names it.
pub struct Target<'a> {
    pub prober: &'a Prober,
    pub deadline: Instant,
    pub say: Say<'a>,
    pub host: &'a str,
    /// The step a failure to reach the host is reported as, and its field.
    pub step: &'a str,
    pub pointer: &'a str,
}

/// An answer the probe can read.
pub struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl Target<'_> {
    pub fn get(&self, path: &str) -> Result<RequestBuilder, CheckStep> {
        // The host passed its field's validators; one that still is not a plain host name
        // (or that is an address inside a private network) is refused here.
        let url = reqwest::Url::parse(&format!("https://{}{path}", self.host)).ok();
        let host_ok = url.as_ref().and_then(|u| u.host_str()).is_some_and(|h| {
            let bare = h.trim_start_matches('[').trim_end_matches(']');
            let forbidden_ip = bare.parse::<IpAddr>().is_ok_and(|ip| !self.prober.resolver.allow_private && !guard::public(ip));
            self.host.split(':').next() == Some(h) && !forbidden_ip
        });
        match url {
            Some(url) if host_ok => Ok(self.prober.client.get(url)),
            _ => Err(self.fail("check.unreachable.private")),
        }
    }

    fn fail(&self, key: &str) -> CheckStep {
        self.say.step(self.step, CheckOutcome::Failed, key, &[("host", self.host)], Some(self.pointer))
    }

    fn unknown(&self, key: &str, args: &[(&str, &str)]) -> CheckStep {
        let mut all = vec![("host", self.host)];
        all.extend_from_slice(args);
        self.say.step(self.step, CheckOutcome::Unknown, key, &all, Some(self.pointer))
    }

    /// Sends `request`, within what is left of the check's time. An answer is returned when
    /// it is one the probe may read: not a redirect, not a sign of overload.
    pub async fn send(&self, request: RequestBuilder) -> Result<Answer, CheckStep> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        let seconds = TIMEOUT.as_secs().to_string();
        let timeout = || self.unknown("check.timeout", &[("seconds", &seconds)]);
        if left.is_zero() {
            return Err(timeout());
        }
        let read = async {
            let mut res = request.timeout(left).send().await?;
            let status = res.status();
            let mut body = Vec::new();
            while let Some(chunk) = res.chunk().await? {
                if body.len() + chunk.len() > MAX_BODY {
                    return Ok(None);
                }
                body.extend_from_slice(&chunk);
            }
            Ok::<_, reqwest::Error>(Some(Answer { status, body }))
        };
        let answer = match tokio::time::timeout(left, read).await {
            Err(_) => return Err(timeout()),
            Ok(Err(e)) => return Err(self.failure(&e, timeout)),
            Ok(Ok(Some(answer))) => answer,
            Ok(Ok(None)) => return Err(self.unknown("check.tooLarge", &[])),
        };
        let status = answer.status;
        if status.is_redirection() {
            return Err(self.fail("check.redirect"));
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(self.unknown("check.rateLimited", &[]));
        }
        if status.is_server_error() {
            return Err(self.unknown("check.unavailable", &[("status", status.as_str())]));
        }
        Ok(answer)
    }

    fn failure(&self, e: &reqwest::Error, timeout: impl Fn() -> CheckStep) -> CheckStep {
        if e.is_timeout() {
            return timeout();
        }
        match guard::refusal(e) {
            Some(Refusal::Forbidden) => return self.fail("check.unreachable.private"),
            Some(Refusal::Unresolved) => return self.fail("check.unreachable.unresolved"),
            None => {}
        }
        match io_kind(e) {
            // rustls' handshake errors reach here as invalid data: the certificate is not
            // for this host, or not from an authority the server trusts.
            Some(std::io::ErrorKind::InvalidData) => self.fail("check.unreachable.tls"),
            Some(std::io::ErrorKind::ConnectionRefused) => self.unknown("check.unreachable.refused", &[]),
            _ => self.unknown("check.unreachable.unknown", &[]),
        }
    }
}

/// The kind of the I/O error somewhere in the causes of `error`.
fn io_kind(error: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut at = Some(error);
    while let Some(e) = at {
        if let Some(mut io) = e.downcast_ref::<std::io::Error>() {
            // hyper wraps the TLS error's I/O error in one of kind Other, whose `source`
            // skips the inner error itself.
            while let Some(inner) = io.get_ref().and_then(|i| i.downcast_ref::<std::io::Error>()) {
                io = inner;
            }
            return Some(io.kind());
        }
        at = e.source();
    }
    None
}
