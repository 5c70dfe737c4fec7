//! Start-up configuration: where the API is and which token to send. Read from
//! `config.json` beside the page, never compiled in, so one build serves every console.

#[derive(Clone, Debug, PartialEq)]
pub struct PanelConfig {
    /// The API base (`…/api/v1`), absolute or relative to the page.
    pub api_base: String,
    pub token: String,
    /// How long one request may take, in milliseconds.
    pub timeout_ms: Option<u32>,
}

/// Resolves `relative` against the page's address.
pub fn resolve_url(relative: &str) -> String {
    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    web_sys::Url::new_with_base(relative, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| relative.to_string())
}

pub async fn load() -> Result<PanelConfig, String> {
    let url = resolve_url("config.json");
    let res = gloo_net::http::Request::get(&url)
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(|_| "The panel's configuration (config.json) could not be fetched.".to_string())?;
    if !res.ok() {
        return Err(format!("The panel's configuration (config.json) is missing ({}).", res.status()));
    }
    let text = res.text().await.map_err(|_| "The panel's configuration (config.json) could not be read.".to_string())?;
    let js = crate::wire::parse(&text).ok_or_else(|| "config.json is not valid JSON.".to_string())?;
    let field = |key: &str| crate::wire::get(&js, key).as_string();
    let (Some(api_base), Some(token)) = (field("apiBase"), field("token")) else {
        return Err("config.json needs apiBase and token.".to_string());
    };
    let timeout_ms = crate::wire::get(&js, "timeoutMs").as_f64().map(|ms| ms as u32);
    Ok(PanelConfig { api_base: resolve_url(&api_base), token, timeout_ms })
}
