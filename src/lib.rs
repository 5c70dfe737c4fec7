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
pub mod filter;
pub mod shared;
pub mod state;
pub mod view_model;
pub mod words;

use std::rc::Rc;


use crate::api::ApiClient;
use crate::boot::Early;

/// Loads the words of `locale`, then renders the panel into `root`; `rendered` receives the
/// app, and `actions` the panel's actions once it renders.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_panel(
    root: web_sys::Element,
    client: ApiClient,
    host: Option<web_sys::Element>,
    assets: String,
    locale: &str,
    early: Early,
    actions: Rc<std::cell::RefCell<Option<actions::PanelHandle>>>,
    rendered: Box<dyn FnOnce(yew::AppHandle<app::PanelRoot>)>,
) {
    let locale = locale.to_string();
    yew::platform::spawn_local(async move {
        match boot::load_words(&assets, &locale, early.words).await {
            Ok(words) => {
                root.set_inner_html("");
                let props = app::PanelRootProps { client, words: Rc::new(words), host, early: (early.catalog, early.list), actions };
                rendered(yew::Renderer::<app::PanelRoot>::with_root_and_props(root, props).render());
            }
            Err(message) => boot::show_failure(&root, &message),
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
