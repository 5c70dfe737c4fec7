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

/// Mounts the panel into `#rds-root` when the page has one (the standalone page); a console
/// that embeds the panel uses [`embed`] instead.
pub fn start_standalone() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("rds-root"));
    if let Some(root) = root {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
