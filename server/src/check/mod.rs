//! `POST /api/v1/data-sources/{id}/check`: tests a connection with the values typed so far,
//! saved or not, and stores nothing. Each source type names its probe in its definition;
//! the probes are code here, a closed set like the validators.

pub mod guard;
mod okta;
mod passive;
mod qualys;
mod reach;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rds_domain::api::{CheckDraft, CheckOutcome, CheckResult, CheckStep, DataSource};
use rds_domain::definition::{Definition, Probe};
use rds_domain::rules::{self, Context, Draft, SecretDraft};
use rds_domain::settings::Settings;
use rds_domain::small_map::SmallMap;
use rds_domain::Bundle;

use crate::config::ProbeConfig;
use crate::problem::ApiProblem;
use crate::AppState;

pub use reach::Prober;

/// How long a check may take, from the first request to the last answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The sources with a check running: one at a time each, so that an impatient user (or a
/// script) cannot fan one source out into many requests at once to someone else's API.
#[derive(Default)]
pub struct Running(Mutex<Vec<String>>);

/// A running check; the source is free again when it drops, even if the client goes away.
pub struct Slot {
    running: Arc<Running>,
    id: String,
}

impl Running {
    pub fn begin(self: &Arc<Self>, id: &str) -> Option<Slot> {
        let mut ids = self.0.lock().expect("never poisoned: no panics while held");
        if ids.iter().any(|i| i == id) {
            return None;
        }
        ids.push(id.to_string());
        Some(Slot { running: self.clone(), id: id.to_string() })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.running.0.lock().expect("never poisoned").retain(|i| *i != self.id);
    }
}

/// What a probe reads: the values as the check is asked for, secrets in the clear.
pub struct Values {
    pub settings: Settings,
    pub secrets: SmallMap<String, String>,
}

impl Values {
    fn text(&self, key: &str) -> &str {
        self.settings.text(key).unwrap_or("")
    }

    fn secret(&self, key: &str) -> &str {
        self.secrets.get(key).map_or("", String::as_str)
    }
}

/// The words of a check, in the reader's language.
#[derive(Clone, Copy)]
pub struct Say<'a> {
    pub words: &'a Bundle,
    pub locale: &'a str,
    pub definition: &'a Definition,
}

impl Say<'_> {
    pub fn step(&self, name: &str, outcome: CheckOutcome, key: &str, args: &[(&str, &str)], pointer: Option<&str>) -> CheckStep {
        CheckStep {
            name: name.into(),
            outcome,
            message: self.words.format(key, args),
            pointer: pointer.map(str::to_string),
        }
    }
}

pub async fn run(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiProblem> {
    let draft: CheckDraft = crate::api::parse_body(&headers, body, true)?;
    let store = app.store.clone();
    let list = crate::api::blocking(move || store.list()).await?.map_err(ApiProblem::storage)?;
    let not_found = || ApiProblem::not_found(&format!("data source \"{}\"", id.escape_default()));
    let current = list.get(&id).cloned().ok_or_else(not_found)?;
    let definition = app.catalog.catalog.get(&current.source_type).ok_or_else(not_found)?;
    let Some(spec) = &definition.check else {
        return Err(ApiProblem::not_found(&format!("connection check for the source type \"{}\"", definition.id)));
    };
    let Some(_slot) = app.checks.begin(&id) else {
        let mut res = ApiProblem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "A check is running",
            "A check of this source is running already; its result comes within 10 seconds.",
        )
        .into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
        return Ok(res);
    };
    let started = Instant::now();
    let (locale, words) = crate::api::reader_words(&app, &headers);
    let say = Say { words, locale, definition };
    let ctx = Context { catalog: &app.catalog.catalog, list: &list, words, locale };
    let steps = match spec.probe {
        Probe::Okta | Probe::Qualys => {
            let mut patch = draft.as_patch();
            rules::prepare(definition, &current, &mut patch);
            let draft = Draft::apply(&current, &patch);
            let mut input = input_steps(&draft, ctx, spec.probe);
            if input.is_empty() {
                input = secrets_stay_home(&current, &draft, say, spec.probe);
            }
            if !input.is_empty() {
                input
            } else {
                let values = values(&app, &current, draft).await?;
                let deadline = tokio::time::Instant::now() + TIMEOUT;
                match spec.probe {
                    Probe::Okta => okta::probe(&app.prober, deadline, say, &values).await,
                    _ => qualys::probe(&app.prober, deadline, say, &values).await,
                }
            }
        }
        Probe::DataArrival => passive::data_arrival(say, &current, crate::clock::now_unix()),
        Probe::Consent => passive::consent(say, &current),
    };
    let result = CheckResult {
        outcome: CheckResult::overall(&steps),
        steps,
        duration_ms: started.elapsed().as_millis().try_into().unwrap_or(u64::MAX),
        checked_at: crate::clock::now_rfc3339(),
    };
    let mut res = Json(result).into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::VARY, HeaderValue::from_static("accept-language"));
    Ok(res)
}

/// The fields a probe cannot run without, by key, with the name of the step about each;
/// the first names the host the probe goes to.
fn needs(probe: Probe) -> &'static [(&'static str, &'static str)] {
    match probe {
        Probe::Okta => &[("domain", "domain"), ("apiToken", "token"), ("adminRole", "role")],
        Probe::Qualys => &[("apiServer", "server"), ("username", "login"), ("password", "password")],
        Probe::DataArrival | Probe::Consent => &[],
    }
}

/// A failed step for each value the probe needs that the rules refuse: nothing is sent to a
/// host its field does not accept.
fn input_steps(draft: &Draft, ctx: Context, probe: Probe) -> Vec<CheckStep> {
    let Some(definition) = ctx.catalog.get(&draft.source_type) else { return Vec::new() };
    let needed: Vec<(String, &str)> =
        needs(probe).iter().filter_map(|(k, step)| Some((rules::pointer(definition.field(k)?), *step))).collect();
    rules::errors(rules::check(draft, ctx))
        .into_iter()
        .filter_map(|p| {
            let (_, step) = needed.iter().find(|(pointer, _)| *pointer == p.pointer)?;
            let message = rds_domain::text::sentences(&p.message, &p.fix);
            Some(CheckStep { name: step.to_string(), outcome: CheckOutcome::Failed, message, pointer: Some(p.pointer) })
        })
        .collect()
}

/// A stored secret goes only to the host it was saved for: a draft that names another host
/// must type the secrets again, or a check would hand them to whoever runs that host.
fn secrets_stay_home(current: &DataSource, draft: &Draft, say: Say<'_>, probe: Probe) -> Vec<CheckStep> {
    let Some(((host_key, _), secrets)) = needs(probe).split_first() else { return Vec::new() };
    if draft.settings.text(host_key) == current.settings.text(host_key) {
        return Vec::new();
    }
    let host = draft.settings.text(host_key).unwrap_or("");
    secrets
        .iter()
        .filter(|(key, _)| draft.secrets.get(*key) == Some(&SecretDraft::Stored))
        .filter_map(|(key, step)| {
            let field = say.definition.field(key)?;
            let args = [("host", host), ("field", field.label.get(say.locale))];
            Some(say.step(step, CheckOutcome::Failed, "check.secretForNewHost", &args, Some(&rules::pointer(field))))
        })
        .collect()
}

/// The draft's values, with each secret not typed anew read from the store.
async fn values(app: &AppState, current: &DataSource, draft: Draft) -> Result<Values, ApiProblem> {
    let stored: Vec<String> = draft.secrets.iter().filter(|(_, s)| **s == SecretDraft::Stored).map(|(k, _)| k.clone()).collect();
    let store = app.store.clone();
    let id = current.id.clone();
    let opened = crate::api::blocking(move || stored.into_iter().map(|k| Ok((k.clone(), store.secret(&id, &k)?))).collect::<rusqlite::Result<Vec<_>>>())
        .await?
        .map_err(ApiProblem::storage)?;
    let mut secrets: SmallMap<String, String> = opened.into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
    for (k, s) in draft.secrets {
        if let SecretDraft::New(v) = s {
            secrets.insert(k, v);
        }
    }
    Ok(Values { settings: draft.settings, secrets })
}

/// The client every probe uses, made once at start-up.
pub fn prober(config: &ProbeConfig) -> Result<Arc<Prober>, String> {
    Prober::new(config).map(Arc::new)
}
