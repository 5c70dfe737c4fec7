//! Embedding in an existing console: a `mount(element, options)` / `unmount()` API for
//! consoles that mount components themselves. The `<risk-data-sources>` custom element is
//! defined in JavaScript over `mount` (src/js/element.js, part of the loader).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::AppHandle;

use crate::api::{ApiClient, TokenSource};
use crate::app::{PanelRoot, PanelRootProps};
use crate::config::resolve_url;
use crate::wire;

/// A mounted panel; `unmount()` removes it and stops its work.
#[wasm_bindgen]
pub struct MountedPanel {
    app: Option<AppHandle<PanelRoot>>,
    element: web_sys::Element,
}

#[wasm_bindgen]
impl MountedPanel {
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
            let _ = self.element.remove_attribute(MOUNT_MARK);
        }
    }
}

/// Marks an element that holds a panel, so the loader can report a crash there.
const MOUNT_MARK: &str = "data-rds-mount";

/// Mounts the panel into `element`. `options`: `apiBase` (the backend's `…/api/v1`, absolute
/// or relative to the page), and either `token` (a string) or `getToken` (a function
/// returning the current token, called before each request); optionally `timeoutMs` per
/// request. `host`, if given, receives the `change` and `error` events instead of `element`.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<MountedPanel, JsValue> {
    let api_base = wire::get(&options, "apiBase")
        .as_string()
        .ok_or_else(|| JsValue::from_str("mount: options.apiBase must be a string"))?;
    let provider = wire::get(&options, "getToken");
    let token = if let Some(f) = provider.dyn_ref::<js_sys::Function>() {
        TokenSource::Provider(f.clone())
    } else {
        let t = wire::get(&options, "token")
            .as_string()
            .ok_or_else(|| JsValue::from_str("mount: give options.token or options.getToken"))?;
        TokenSource::Fixed(t.as_str().into())
    };
    let host = wire::get(&options, "host").dyn_into::<web_sys::Element>().unwrap_or_else(|_| element.clone());
    let timeout = wire::get(&options, "timeoutMs").as_f64().map(|ms| ms as u32);
    let client = ApiClient::with_token_source(resolve_url(&api_base), token).with_timeout(timeout);
    let _ = element.set_attribute(MOUNT_MARK, "");
    let app = yew::Renderer::<PanelRoot>::with_root_and_props(element.clone(), PanelRootProps { client, host: Some(host) })
        .render();
    Ok(MountedPanel { app: Some(app), element })
}
