//! Start-up: the standalone page's `config.json`, the words of the panel, and the requests
//! the loader started beside the wasm. The messages here are the only words in the code:
//! they say that the words themselves, or the configuration, could not be loaded.

use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::{from_json, Prefetched};
use crate::words::Words;

/// What `config.json` beside the standalone page says. Never compiled in, so one build
/// serves every console.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelConfig {
    /// The API base (`…/api/v1`), absolute or relative to the page.
    pub api_base: String,
    pub token: String,
    /// How long one request may take, in milliseconds.
    #[serde(default)]
    pub timeout_ms: Option<u32>,
}

/// The requests the loader started, each a promise of a `Response` (or null when it failed).
pub struct Early {
    pub config: Prefetched,
    pub words: Prefetched,
    pub list: Prefetched,
    pub catalog: Prefetched,
}

impl Early {
    /// Reads the loader's `{config, words, list, catalog}`; anything missing is fetched here.
    pub fn from_js(v: &JsValue) -> Early {
        let take = |key: &str| js_sys::Reflect::get(v, &key.into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        Early { config: take("config"), words: take("words"), list: take("list"), catalog: take("catalog") }
    }

    pub fn none() -> Early {
        Early { config: None, words: None, list: None, catalog: None }
    }
}

/// Resolves `relative` against the page's address.
pub fn resolve_url(relative: &str) -> String {
    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    web_sys::Url::new_with_base(relative, &base).map(|u| u.href()).unwrap_or_else(|_| relative.to_string())
}

/// The text of `url`, or of the early request for it. No cache: these files change in place.
async fn fetch_text(url: &str, early: Prefetched) -> Result<(u16, String), ()> {
    let early = match early {
        Some(p) => JsFuture::from(p).await.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()),
        None => None,
    };
    let res = match early {
        Some(r) => gloo_net::http::Response::from(r),
        None => gloo_net::http::Request::get(url).cache(web_sys::RequestCache::NoCache).send().await.map_err(|_| ())?,
    };
    let status = res.status();
    Ok((status, res.text().await.map_err(|_| ())?))
}

pub async fn load_config(early: Prefetched) -> Result<PanelConfig, String> {
    let (status, text) = fetch_text(&resolve_url("config.json"), early)
        .await
        .map_err(|_| "The panel's configuration (config.json) could not be fetched.".to_string())?;
    if !(200..300).contains(&status) {
        return Err(format!("The panel's configuration (config.json) is missing ({status})."));
    }
    let mut c: PanelConfig = from_json(&text).ok_or_else(|| "config.json needs apiBase and token.".to_string())?;
    c.api_base = resolve_url(&c.api_base);
    Ok(c)
}

/// The words of `locale`, from `locales/` beside the panel's files (`assets`).
pub async fn load_words(assets: &str, locale: &str, early: Prefetched) -> Result<Words, String> {
    let url = format!("{assets}locales/{locale}.json");
    let failed = || format!("The panel's words ({url}) could not be loaded.");
    let (status, text) = fetch_text(&url, early).await.map_err(|_| failed())?;
    if !(200..300).contains(&status) {
        return Err(failed());
    }
    Ok(Words::new(locale, from_json(&text).ok_or_else(failed)?))
}

/// The page when the panel cannot start. Plain HTML: the panel's components are not running.
pub fn failure_html(message: &str) -> String {
    let text = message.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    [
        r#"<div class="rds-panel"><div class="rds-error" role="alert"><p class="rds-error__title">The data-source panel could not start.</p><p class="rds-error__detail">"#,
        &text,
        r#"</p><a class="rds-button rds-button--secondary" href="">Retry</a></div></div>"#,
    ]
    .concat()
}
