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

/// Mounts the panel into `#rds-root` when the page has one (the standalone page); a console
/// that embeds the panel uses [`embed`] instead.
pub fn start_standalone() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("rds-root"));
    if let Some(root) = root {
        install_panic_hook();
        yew::Renderer::<app::App>::with_root(root).render();
    }
}

/// Shows a visible error instead of a silently dead panel when the wasm panics.
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(el) = doc.as_ref().and_then(|d| d.get_element_by_id("rds-root")) {
            el.set_text_content(Some(
                "The data-source panel stopped because of an internal error. Reload the page; your unsaved settings are kept.",
            ));
            let _ = el.set_attribute("role", "alert");
        }
        web_sys::console::error_1(&format!("rds-panel: {info}").into());
    }));
}
