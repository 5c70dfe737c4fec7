//! The risk data-source panel: a Yew component that shows every data source of the risk
//! console, checks each prerequisite in the browser, and saves through the REST backend.

pub mod api;
pub mod api_error;
pub mod app;
pub mod components;
pub mod config;
pub mod draft_storage;
pub mod effects;
pub mod embed;
pub mod panel_handle;
pub mod state;
pub mod view_model;
pub mod wire;

/// Mounts the panel into `#rds-root` when the page has one (the standalone page), once
/// `config.json` beside the page has said where the API is; a console that embeds the panel
/// uses [`embed`] instead. Until then the page shows its own loading line.
pub fn start_standalone() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("rds-root"));
    let Some(root) = root else { return };
    yew::platform::spawn_local(async move {
        match config::load().await {
            Ok(c) => {
                root.set_inner_html("");
                let client = api::ApiClient::new(c.api_base, &c.token).with_timeout(c.timeout_ms);
                let props = app::PanelRootProps { client, host: Some(root.clone()) };
                yew::Renderer::<app::PanelRoot>::with_root_and_props(root, props).render();
            }
            Err(message) => root.set_inner_html(&start_failure(&message)),
        }
    });
}

/// The page when the panel cannot start. Plain HTML: the panel's components are not running.
fn start_failure(message: &str) -> String {
    let text = message.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    [
        r#"<div class="rds-panel"><div class="rds-error" role="alert"><p class="rds-error__title">The data-source panel could not start.</p><p class="rds-error__detail">"#,
        &text,
        r#"</p><a class="rds-button rds-button--secondary" href="">Retry</a></div></div>"#,
    ]
    .concat()
}
