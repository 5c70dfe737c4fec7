//! The risk data-source panel: a Yew component that shows every data source of the risk
//! console as its catalog defines it, checks each prerequisite in the browser, and saves
//! through the REST backend.

pub mod actions;
pub mod api;
pub mod api_error;
pub mod app;
pub mod boot;
pub mod components;
pub mod draft_storage;
pub mod embed;
pub mod shared;
pub mod state;
pub mod view_model;
pub mod words;

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::api::ApiClient;
use crate::boot::Early;

/// The only language the panel speaks so far.
pub const LOCALE: &str = "en";

/// Starts the standalone page when the page has `#rds-root`: `config.json` says where the
/// API is, and the loader has left what it already requested (`{config, words, list,
/// catalog}`) on the root as `rdsEarly`. A console that embeds the panel uses [`embed`].
pub fn start_standalone() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("rds-root"));
    let Some(root) = root else { return };
    let key = JsValue::from_str("rdsEarly");
    let early = Early::from_js(&js_sys::Reflect::get(&root, &key).unwrap_or(JsValue::UNDEFINED));
    // Read once: the panel owns the answers now.
    let _ = js_sys::Reflect::delete_property(&root, &key);
    yew::platform::spawn_local(async move {
        match boot::load_config(early.config.clone()).await {
            Ok(c) => {
                let client = ApiClient::new(c.api_base, &c.token).with_timeout(c.timeout_ms);
                let host = Some(root.clone());
                render_panel(root, client, host, boot::resolve_url("./"), early, Box::new(|_| {}));
            }
            Err(message) => root.set_inner_html(&boot::failure_html(&message)),
        }
    });
}

/// Loads the words, then renders the panel into `root`; `rendered` receives the app.
pub(crate) fn render_panel(
    root: web_sys::Element,
    client: ApiClient,
    host: Option<web_sys::Element>,
    assets: String,
    early: Early,
    rendered: Box<dyn FnOnce(yew::AppHandle<app::PanelRoot>)>,
) {
    yew::platform::spawn_local(async move {
        match boot::load_words(&assets, LOCALE, early.words).await {
            Ok(words) => {
                root.set_inner_html("");
                let props = app::PanelRootProps { client, words: Rc::new(words), host, early: (early.catalog, early.list) };
                rendered(yew::Renderer::<app::PanelRoot>::with_root_and_props(root, props).render());
            }
            Err(message) => root.set_inner_html(&boot::failure_html(&message)),
        }
    });
}

/// The repository's English words, for the native tests.
#[cfg(test)]
pub(crate) fn test_words() -> words::Words {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en.json")).unwrap();
    words::Words::new("en", serde_json::from_str(&text).unwrap())
}

/// The repository's catalog, for the native tests.
#[cfg(test)]
pub(crate) fn test_catalog() -> rds_domain::Catalog {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog");
    let defs = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.file_name().is_some_and(|n| n != "schema.json"))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    rds_domain::Catalog::new(defs, &test_words().bundle).unwrap()
}
