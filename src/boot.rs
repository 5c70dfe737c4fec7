//! Start-up: the words of the panel, and the requests the loader started beside the wasm.
//! The messages here are the only words in the code: they say that the words themselves
//! could not be loaded.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::{from_json, Prefetched};
use crate::words::Words;

/// The requests the standalone page's loader started, each a promise of a `Response` (or
/// null when it failed).
pub struct Early {
    pub words: Prefetched,
    pub list: Prefetched,
    pub catalog: Prefetched,
}

impl Early {
    /// Reads the loader's `{words, list, catalog}`; anything missing is fetched here.
    pub fn from_js(v: &JsValue) -> Early {
        let take = |key: &str| js_sys::Reflect::get(v, &key.into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        Early { words: take("words"), list: take("list"), catalog: take("catalog") }
    }
}

/// Resolves `relative` against the page's address.
pub fn resolve_url(relative: &str) -> String {
    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    web_sys::Url::new_with_base(relative, &base).map(|u| u.href()).unwrap_or_else(|_| relative.to_string())
}

/// The text of `url`, or of the early request for it. No cache: these files change in place.
async fn fetch_text(url: &str, early: Prefetched) -> Result<(u16, JsValue), ()> {
    let early = match early {
        Some(p) => JsFuture::from(p).await.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()),
        None => None,
    };
    let res = match early {
        Some(r) => gloo_net::http::Response::from(r),
        None => gloo_net::http::Request::get(url).cache(web_sys::RequestCache::NoCache).send().await.map_err(|_| ())?,
    };
    let status = res.status();
    let text = web_sys::Response::from(res).text().map_err(|_| ())?;
    Ok((status, JsFuture::from(text).await.map_err(|_| ())?))
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

/// Shows, in `root`, that the panel cannot start and why, with a Retry that loads the page
/// again. Plain HTML, as the loader's notice for a broken `config.json`: the panel's
/// components are not running. The message goes in as text, never as markup.
pub fn show_failure(root: &web_sys::Element, message: &str) {
    root.set_inner_html(
        r#"<div class="rds-panel"><div class="rds-error" role="alert"><p class="rds-error__title">The data-source panel could not start.</p><p class="rds-error__detail"></p><a class="rds-button rds-button--secondary" href="">Retry</a></div></div>"#,
    );
    if let Ok(Some(detail)) = root.query_selector(".rds-error__detail") {
        detail.set_text_content(Some(message));
    }
}
