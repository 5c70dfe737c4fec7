//! The REST client: one method per operation of the contract, each returning
//! `Result<_, ApiError>`. Answers are decoded into the domain's serde types through
//! serde-wasm-bindgen, and changes encoded from them. Every request has a timeout; reads
//! are retried with backoff and full jitter, honouring `Retry-After`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
use rds_domain::api::{CatalogDocument, CheckDraft, CheckResult, ConsentStart, DataSource, NewSource, ProblemDocument, SourceList, SourcePatch};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCache, RequestMode};

use crate::api_error::ApiError;
use crate::shared::Shared;

/// How long one request may take before it is abandoned, unless configured otherwise.
pub const TIMEOUT_MS: u32 = 15_000;
const READ_ATTEMPTS: u32 = 3;
const BACKOFF_BASE_MS: u32 = 400;

/// Where the bearer token comes from: fixed at start-up, or asked of the host console
/// before every request, so that a console can rotate it.
#[derive(Clone, Debug)]
pub enum TokenSource {
    Fixed(Rc<str>),
    Provider(js_sys::Function),
}

impl PartialEq for TokenSource {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (TokenSource::Fixed(a), TokenSource::Fixed(b)) => a == b,
            (TokenSource::Provider(a), TokenSource::Provider(b)) => js_sys::Object::is(a, b),
            _ => false,
        }
    }
}

impl TokenSource {
    fn current(&self) -> String {
        match self {
            TokenSource::Fixed(t) => t.to_string(),
            TokenSource::Provider(f) => f.call0(&JsValue::NULL).ok().and_then(|v| v.as_string()).unwrap_or_default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ApiClient {
    /// Absolute URL of `/api/v1`, without a trailing slash.
    pub base: String,
    token: TokenSource,
    timeout_ms: u32,
    /// The `ETag` of the last list read, shared by the client's copies: the next read asks
    /// only for a change since.
    list_tag: Shared<RefCell<Option<String>>>,
    /// The panel's language, in which the server writes its own words (`Accept-Language`);
    /// shared by the client's copies, so a change of language reaches every request.
    pub language: Shared<RefCell<String>>,
}

/// A request the page started before the panel ran (the loader fetches the list and the
/// catalog beside the wasm). The client reads its answer as it would its own, and makes
/// the request itself when that answer is missing or worth retrying.
pub type Prefetched = Option<js_sys::Promise>;

impl ApiClient {
    pub fn new(base: impl Into<String>, token: &str) -> ApiClient {
        ApiClient::with_token_source(base, TokenSource::Fixed(Rc::from(token)))
    }

    pub fn with_token_source(base: impl Into<String>, token: TokenSource) -> ApiClient {
        ApiClient {
            base: base.into().trim_end_matches('/').to_string(),
            token,
            timeout_ms: TIMEOUT_MS,
            list_tag: Shared(Rc::default()),
            language: Shared(Rc::default()),
        }
    }

    /// Overrides how long one request may take (a console on a slow link may want more).
    pub fn with_timeout(mut self, ms: Option<u32>) -> ApiClient {
        if let Some(ms) = ms.filter(|ms| *ms > 0) {
            self.timeout_ms = ms;
        }
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn authorized(&self, b: RequestBuilder) -> RequestBuilder {
        b.header("Authorization", &format!("Bearer {}", self.token.current()))
            .header("Accept", "application/json")
            .header("Accept-Language", &self.language.borrow())
            .cache(RequestCache::NoStore)
    }

    /// The list, if it changed since the last one read (an unchanged one is a 304, which
    /// reads as an error: there is nothing new to take); with `whole`, in any case.
    pub async fn list(&self, prefetched: Prefetched, whole: bool) -> Result<SourceList, ApiError> {
        if whole {
            self.list_tag.take();
        }
        let (status, text, retry_after) = self.read(prefetched, &self.url("/data-sources"), Some(&self.list_tag)).await?;
        parse_answer(status, &text, retry_after)
    }

    /// Every source type, with its texts in `locale`.
    pub async fn catalog(&self, locale: &str, prefetched: Prefetched) -> Result<CatalogDocument, ApiError> {
        let (status, text, retry_after) = self.read(prefetched, &self.url(&format!("/catalog?locale={locale}")), None).await?;
        parse_answer(status, &text, retry_after)
    }

    /// `b`, authorized, and asking only for a change since the `ETag` in `tag`, if any.
    fn conditional(&self, b: RequestBuilder, tag: Option<&RefCell<Option<String>>>) -> RequestBuilder {
        let b = self.authorized(b);
        match tag.and_then(|t| t.borrow().clone()) {
            Some(t) => b.header("If-None-Match", &t),
            None => b,
        }
    }

    /// Sends a change guarded by `If-Match`. Never retried: a retry is the user's call.
    pub async fn patch(&self, id: &str, version: u64, patch: &SourcePatch) -> Result<DataSource, ApiError> {
        let (status, text, retry_after) = self.send(Request::patch(&self.source_url(id, "")), Some(version), Some(to_json(patch)), None).await?;
        parse_answer(status, &text, retry_after)
    }

    /// Tests `draft` against the service itself; nothing is stored. `cancel` aborts it (an
    /// aborted test reads as a timeout). Never retried: a test that did not answer is the
    /// user's to repeat.
    pub async fn check(&self, id: &str, draft: &CheckDraft, cancel: &AbortController) -> Result<CheckResult, ApiError> {
        let (status, text, retry_after) = self.send(Request::post(&self.source_url(id, "/check")), None, Some(to_json(draft)), Some(cancel)).await?;
        parse_answer(status, &text, retry_after)
    }

    pub async fn start_consent(&self, id: &str) -> Result<ConsentStart, ApiError> {
        let (status, text, retry_after) = self.send(Request::post(&self.source_url(id, "/consent")), None, None, None).await?;
        parse_answer(status, &text, retry_after)
    }

    /// Adds a connection of type `target` named `name` beside the first, or renames the
    /// connection `target` if still at `version`. Never retried, like a change.
    pub async fn name(&self, adding: bool, target: &str, version: u64, name: String) -> Result<DataSource, ApiError> {
        let (b, version, body) = if adding {
            (Request::post(&self.url("/data-sources")), None, to_json(&NewSource { source_type: target.into(), name }))
        } else {
            (Request::patch(&self.source_url(target, "")), Some(version), to_json(&SourcePatch { name: Some(name), ..Default::default() }))
        };
        let (status, text, retry_after) = self.send(b, version, Some(body), None).await?;
        parse_answer(status, &text, retry_after)
    }

    /// Removes a connection added beside the first of its type, if still at `version`.
    pub async fn remove(&self, id: &str, version: u64) -> Result<(), ApiError> {
        match self.send(Request::delete(&self.source_url(id, "")), Some(version), None, None).await? {
            (204, ..) => Ok(()),
            (status, text, retry_after) => Err(problem_error(status, &text, retry_after)),
        }
    }

    fn source_url(&self, id: &str, rest: &str) -> String {
        self.url(&format!("/data-sources/{id}{rest}"))
    }

    /// One request that writes (never retried), guarded by `If-Match` with `version`, with
    /// a JSON `body`. A `cancel`led request is a connection test, which waits at least as
    /// long as the server's own 10 s for one, or a slow service would read as a failure.
    async fn send(&self, b: RequestBuilder, version: Option<u64>, body: Option<String>, cancel: Option<&AbortController>) -> Result<(u16, JsValue, Option<u32>), ApiError> {
        let mut b = self.authorized(b);
        if let Some(v) = version {
            b = b.header("If-Match", &rds_domain::api::etag(v));
        }
        if body.is_some() {
            b = b.header("Content-Type", "application/json");
        }
        let timeout = if cancel.is_some() { self.timeout_ms.max(TIMEOUT_MS) } else { self.timeout_ms };
        let res = send_with_timeout(b, body, timeout, cancel).await?;
        read_answer(res, None).await
    }

    /// A GET of `url`, retried on network failure (also while the body is read), 429 and
    /// 5xx; its status, body and `Retry-After`. The first answer may be one the page
    /// fetched already. With `tag`, a conditional GET (`If-None-Match`), and `tag` keeps
    /// the answer's `ETag`.
    async fn read(&self, prefetched: Prefetched, url: &str, tag: Option<&RefCell<Option<String>>>) -> Result<(u16, JsValue, Option<u32>), ApiError> {
        let mut attempt = 0;
        let mut early = prefetched;
        loop {
            attempt += 1;
            let answer = match early.take() {
                Some(p) => match JsFuture::from(p).await.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()) {
                    Some(r) => read_answer(Response::from(r), tag).await,
                    // The early request failed (the loader reports that as null): ours is the first.
                    None => {
                        attempt -= 1;
                        continue;
                    }
                },
                None => match send_with_timeout(self.conditional(Request::get(url), tag), None, self.timeout_ms, None).await {
                    Ok(res) => read_answer(res, tag).await,
                    Err(e) => Err(e),
                },
            };
            let retry = match &answer {
                Ok((status, _, after)) if *status == 429 || *status >= 500 => Some(*after),
                // A refused origin may be a proxy's passing failure: it is retried like one.
                Err(ApiError::Network | ApiError::Timeout | ApiError::OriginRefused) => Some(None),
                _ => None,
            };
            match retry {
                Some(after) if attempt < READ_ATTEMPTS => {
                    let wait = backoff_ms(attempt, after, js_sys::Math::random());
                    gloo_timers::future::TimeoutFuture::new(wait).await;
                }
                _ => return answer,
            }
        }
    }
}

/// Full jitter: a random wait up to the exponential bound, or the server's `Retry-After`
/// when it names one (capped, so a hostile server cannot stall the panel).
pub fn backoff_ms(attempt: u32, retry_after_secs: Option<u32>, random: f64) -> u32 {
    if let Some(s) = retry_after_secs {
        return s.min(30) * 1000;
    }
    let bound = BACKOFF_BASE_MS.saturating_mul(1 << attempt.min(6));
    (f64::from(bound) * random.clamp(0.0, 1.0)) as u32
}

/// Sends `b`, abandoned after `timeout_ms` or when `controller` (if given) is aborted.
async fn send_with_timeout(b: RequestBuilder, body: Option<String>, timeout_ms: u32, controller: Option<&AbortController>) -> Result<Response, ApiError> {
    let controller = match controller {
        Some(c) => c.clone(),
        None => AbortController::new().map_err(|_| ApiError::Network)?,
    };
    let signal = controller.signal();
    let b = b.abort_signal(Some(&signal));
    let req = match body {
        Some(body) => b.body(body),
        None => b.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let abort = controller.clone();
    let _timer = gloo_timers::callback::Timeout::new(timeout_ms, move || abort.abort());
    let url = req.url();
    match req.send().await {
        Ok(res) => Ok(res),
        Err(_) if signal.aborted() => Err(ApiError::Timeout),
        Err(_) => Err(explain_failure(&url).await),
    }
}

/// A browser reports a server that refuses this page's origin (no CORS answer) as a plain
/// network failure. For a server on another origin, two requests without the token tell
/// them apart: when one the page may read gets an answer, the origin is allowed and the
/// failure was something else; when only one the page may not read (`no-cors`) does, the
/// server is up and refuses this page's origin.
async fn explain_failure(url: &str) -> ApiError {
    let e = ApiError::Network;
    let Some(window) = web_sys::window() else { return e };
    let Ok(page) = window.location().origin() else { return e };
    // The request's URL is absolute (the browser resolved it), so a prefix names its origin.
    if url.starts_with(&format!("{page}/")) || reaches(&window, url, RequestMode::Cors).await {
        return e;
    }
    if reaches(&window, url, RequestMode::NoCors).await {
        ApiError::OriginRefused
    } else {
        e
    }
}

/// Whether a GET of `url` in `mode` gets any answer. No timer of its own: it only follows a
/// request that failed at once (one that hung ended as a timeout and is not explained).
async fn reaches(window: &web_sys::Window, url: &str, mode: RequestMode) -> bool {
    let init = web_sys::RequestInit::new();
    init.set_mode(mode);
    init.set_cache(RequestCache::NoStore);
    JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.is_ok()
}

/// A contract type as a plain JavaScript object (maps as objects, as JSON has them).
#[cfg(not(feature = "size-without-serde"))]
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

#[cfg(feature = "size-without-serde")]
pub fn to_js<T: Serialize>(_value: &T) -> JsValue {
    JsValue::NULL
}

/// JSON for a request body, as the contract's serde types write it.
pub fn to_json<T: Serialize>(value: &T) -> String {
    js_sys::JSON::stringify(&to_js(value)).map(String::from).unwrap_or_default()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a string held by JavaScript: an answer's body is parsed where it is,
    /// rather than copied into the wasm as UTF-8 and back (at a thousand sources, 1.5 MB of
    /// catalog each way).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// Reads JSON text (a JavaScript string) into a contract type.
#[cfg(not(feature = "size-without-serde"))]
pub fn from_json<T: DeserializeOwned>(text: &JsValue) -> Option<T> {
    // Why it did not read is never shown (the reader gets one sentence), so serde's error
    // text is not made: formatting it would ship its formatting code.
    serde_wasm_bindgen::from_value(parse_json(text).ok()?).ok()
}

/// Without serde, a `T` the optimiser cannot prove absent (so that everything using it
/// stays in the page), made from nothing. `Math.random()` is below 1, so it never is.
#[cfg(feature = "size-without-serde")]
pub fn from_json<T: DeserializeOwned>(text: &JsValue) -> Option<T> {
    parse_json(text).ok()?;
    let at = js_sys::Math::random();
    if at > 2.0 {
        // SAFETY: unreachable at run time (see above); only the optimiser must not know it.
        return Some(unsafe { std::ptr::read(at as usize as *const T) });
    }
    None
}

/// An answer's status, body and `Retry-After`; its `ETag` goes to `tag`. Not generic, so
/// the waiting is compiled once rather than once per type read.
async fn read_answer(res: Response, tag: Option<&RefCell<Option<String>>>) -> Result<(u16, JsValue, Option<u32>), ApiError> {
    let res = web_sys::Response::from(res);
    let text = JsFuture::from(res.text().map_err(|_| ApiError::Network)?).await.map_err(|_| ApiError::Network)?;
    let header = |name: &str| res.headers().get(name).ok().flatten();
    if let Some(tag) = tag {
        *tag.borrow_mut() = header("etag");
    }
    let retry_after = header("retry-after").and_then(|v| v.trim().parse().ok());
    Ok((res.status(), text, retry_after))
}

/// Reads a 2xx answer into `T`, or turns any other status into an [`ApiError`].
fn parse_answer<T: DeserializeOwned>(status: u16, text: &JsValue, retry_after: Option<u32>) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        return from_json(text).ok_or(ApiError::Decode);
    }
    Err(problem_error(status, text, retry_after))
}

/// A refusal as an [`ApiError`], with the problem document when there is one.
#[inline(never)]
fn problem_error(status: u16, text: &JsValue, retry_after: Option<u32>) -> ApiError {
    ApiError::from_status(status, from_json::<ProblemDocument>(text), retry_after)
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_is_full_jitter_under_an_exponential_bound() {
        assert_eq!(backoff_ms(1, None, 0.0), 0);
        assert_eq!(backoff_ms(1, None, 1.0), 800);
        assert_eq!(backoff_ms(2, None, 1.0), 1600);
        assert_eq!(backoff_ms(2, None, 0.5), 800);
        assert_eq!(backoff_ms(20, None, 1.0), 400 * 64, "the bound stops growing");
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        assert_eq!(backoff_ms(1, Some(2), 0.0), 2000);
        assert_eq!(backoff_ms(1, Some(3600), 0.5), 30_000);
    }
}
