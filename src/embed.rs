//! Embedding in an existing console: a `mount(element, options)` / `unmount()` API for
//! consoles that mount components themselves. The `<risk-data-sources>` custom element is
//! defined in JavaScript over `mount` (src/js/element.js, part of the loader).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::AppHandle;

use crate::api::{ApiClient, TokenSource};
use crate::actions::PanelHandle;
use crate::app::PanelRoot;
use crate::boot::resolve_url;

/// A mounted panel; `unmount()` removes it and stops its work.
#[wasm_bindgen]
pub struct MountedPanel {
    app: Rc<RefCell<Option<AppHandle<PanelRoot>>>>,
    /// Set by `unmount()`, so a panel still loading its words never appears.
    gone: Rc<RefCell<bool>>,
    element: web_sys::Element,
    /// The running panel's actions, once it renders: `setLocale` goes through them.
    actions: Rc<RefCell<Option<PanelHandle>>>,
    assets: String,
}

#[wasm_bindgen]
impl MountedPanel {
    /// Speaks `locale` (one the loader has words for) once its words and catalog are in;
    /// drafts, open cards and focus stay as they are. Until then, and if they cannot be
    /// loaded, the panel keeps its language.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, locale: String) {
        if let Some(actions) = self.actions.borrow().as_ref() {
            actions.set_language(self.assets.clone(), locale);
        }
    }

    pub fn unmount(&mut self) {
        *self.gone.borrow_mut() = true;
        if let Some(app) = self.app.borrow_mut().take() {
            app.destroy();
        }
        let _ = self.element.remove_attribute(MOUNT_MARK);
        self.element.set_inner_html("");
    }
}

/// Marks an element that holds a panel, so the loader can report a crash there.
const MOUNT_MARK: &str = "data-rds-mount";

fn option(options: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Mounts the panel into `element`. `options`: `apiBase` (the backend's `…/api/v1`, absolute
/// or relative to the page), and either `token` (a string) or `getToken` (a function
/// returning the current token, called before each request); optionally `timeoutMs` per
/// request. `host`, if given, receives the `change` and `error` events instead of `element`.
/// `assets` is where the panel's files are and `locale` the language to speak: the loader
/// passes its own folder, and a language it has words for.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<MountedPanel, JsValue> {
    let api_base = option(&options, "apiBase")
        .as_string()
        .ok_or_else(|| JsValue::from_str("mount: options.apiBase must be a string"))?;
    let provider = option(&options, "getToken");
    let token = if let Some(f) = provider.dyn_ref::<js_sys::Function>() {
        TokenSource::Provider(f.clone())
    } else {
        let t = option(&options, "token")
            .as_string()
            .ok_or_else(|| JsValue::from_str("mount: give options.token or options.getToken"))?;
        TokenSource::Fixed(t.as_str().into())
    };
    let host = option(&options, "host").dyn_into::<web_sys::Element>().unwrap_or_else(|_| element.clone());
    let timeout = option(&options, "timeoutMs").as_f64().map(|ms| ms as u32);
    // The loader always passes both.
    let assets = option(&options, "assets").as_string().unwrap_or_default();
    let locale = option(&options, "locale").as_string().unwrap_or_default();
    let client = ApiClient::with_token_source(resolve_url(&api_base), token).with_timeout(timeout);
    client.language.replace(locale.clone());
    let _ = element.set_attribute(MOUNT_MARK, "");
    let mounted = MountedPanel {
        app: Rc::default(),
        gone: Rc::default(),
        element: element.clone(),
        actions: Rc::default(),
        assets: assets.clone(),
    };
    let (app, gone) = (mounted.app.clone(), mounted.gone.clone());
    // The standalone page's loader hands over the requests it made (`early`).
    let early = crate::boot::Early::from_js(&option(&options, "early"));
    crate::render_panel(element, client, Some(host), assets, &locale, early, mounted.actions.clone(),
        Box::new(move |handle| {
            if *gone.borrow() {
                handle.destroy();
            } else {
                *app.borrow_mut() = Some(handle);
            }
        }),
    );
    Ok(mounted)
}
