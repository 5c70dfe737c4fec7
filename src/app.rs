//! The root of the panel: one backend, one reducer, and the actions over them.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::actions::{use_panel_handle, PanelHandle};
use crate::api::{ApiClient, Prefetched};
use crate::components::confirm_dialog::{confirm_opener, use_modal};
use crate::components::naming_dialog::naming_opener;
use crate::components::panel::{focus_source, focus_target, panel};
use crate::draft_storage;
use crate::filter::Filter;
use crate::state::{Action, Highlight, Load, State};
use crate::words::Words;

/// How often an open, visible panel asks whether the list changed elsewhere.
const POLL_MS: i32 = 30_000;

#[derive(Properties)]
pub struct PanelRootProps {
    pub client: ApiClient,
    pub words: Rc<Words>,
    /// Receives the panel's `change` and `error` events.
    #[prop_or_default]
    pub host: Option<web_sys::Element>,
    /// The catalog and the list, if the page requested them already.
    #[prop_or_default]
    pub early: (Prefetched, Prefetched),
    /// Receives the panel's actions, for a console that mounted it (`setLocale`).
    #[prop_or_default]
    pub actions: Rc<RefCell<Option<PanelHandle>>>,
}

impl PartialEq for PanelRootProps {
    fn eq(&self, other: &Self) -> bool {
        // The early requests are used once, on the first render; they never re-render, nor
        // does the slot for the actions.
        self.client == other.client && self.words == other.words && self.host == other.host
    }
}

/// The panel against one backend: owns the reducer and provides the actions.
#[function_component]
pub fn PanelRoot(props: &PanelRootProps) -> Html {
    let state = use_reducer(|| {
        let mut s = State::new(props.words.clone(), draft_storage::load());
        // From the first render, so that the fragment is not written over before it is read.
        s.filter = Filter::from_hash(&web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default());
        s
    });
    let handle = use_panel_handle(props.client.clone(), props.host.clone(), &state);
    props.actions.replace(Some(handle.clone()));
    let root = use_node_ref();

    {
        let handle = handle.clone();
        let early = props.early.clone();
        let root = root.clone();
        use_effect_with((), move |_| {
            handle.reload(early.0, early.1, None);
            let window = web_sys::window().expect("a browser window");
            let follow_hash = {
                let handle = handle.clone();
                move || {
                    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
                    if let Some(h) = Highlight::from_hash(&hash) {
                        handle.dispatch(Action::Highlight(h));
                    }
                    handle.dispatch(Action::Filtered(Filter::from_hash(&hash)));
                }
            };
            follow_hash();
            let listener = Closure::<dyn Fn()>::new(follow_hash);
            // Another administrator may change a source while this page is open: look again
            // when the reader comes back to the page (the document's visibilitychange bubbles
            // to the window), and now and then while it is in view.
            let look = {
                let handle = handle.clone();
                Closure::<dyn Fn()>::new(move || {
                    if !web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden()) {
                        handle.poll();
                    }
                })
            };
            let keys = {
                let handle = handle.clone();
                Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| search_keys(&e, &root, &handle))
            };
            let _ = window.add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref());
            listen(&window, true, &listener, &look);
            let timer = window.set_interval_with_callback_and_timeout_and_arguments_0(look.as_ref().unchecked_ref(), POLL_MS);
            move || {
                let _ = window.remove_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref());
                listen(&window, false, &listener, &look);
                if let Ok(t) = timer {
                    window.clear_interval_with_handle(t);
                }
            }
        });
    }

    use_effect_with(state.persistable_drafts(), draft_storage::save);

    // Idempotent (it writes only what differs from the fragment), so it runs with each
    // render rather than as an effect of its own, whose machinery cost the page 0.26 KB.
    write_hash(&state.filter);

    // Bring the highlighted factor's first source into view and move focus there. Once data
    // is rendered, mark it: the load benchmark reads the first `rds-ready`.
    {
        let root = root.clone();
        let ready = state.load == Load::Ready;
        use_effect_with((state.highlight_seq, focus_target(&state), ready), move |(_, target, ready)| {
            if !*ready {
                return;
            }
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("rds-ready");
            }
            if let (Some(id), Some(root)) = (target, root.cast::<web_sys::Element>()) {
                focus_source(&root, id);
            }
        });
    }

    let dialog = use_modal(confirm_opener(&state), state.refocus.clone());
    let naming = use_modal(naming_opener(&state), state.refocus.clone());
    panel(&handle, &state, root, dialog, naming)
}

/// `/` brings focus to the search box, unless focus is in a field; Escape in it clears it.
/// The event's first target is read through its composed path, which reaches into a
/// shadow root where the panel is embedded in one.
fn search_keys(e: &web_sys::KeyboardEvent, root: &NodeRef, handle: &PanelHandle) {
    let target = e.composed_path().get(0).dyn_into::<web_sys::Element>().ok();
    let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
    let in_field = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA") || target.as_ref().is_some_and(|t| t.has_attribute("contenteditable"));
    let in_search = target.is_some_and(|t| t.id() == "rds-search");
    let plain = !(e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented());
    match e.key().as_str() {
        "/" if !in_field && plain => {
            let search = root.cast::<web_sys::Element>().and_then(|r| r.query_selector("#rds-search").ok().flatten());
            if let Some(s) = search.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
                e.prevent_default();
                let _ = s.focus();
            }
        }
        "Escape" if in_search => handle.dispatch(Action::Filter("q", String::new())),
        _ => {}
    }
}

/// Keeps the filter in the page's fragment, beside any pairs that are not the filter's
/// (`factor=`, `source=`); replaced, so that typing a search adds no history entries.
fn write_hash(f: &Filter) {
    let Some(w) = web_sys::window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    let merged = f.merged_into(&hash);
    if Filter::from_hash(&hash) == *f || merged == hash {
        return;
    }
    let l = w.location();
    let url = format!("{}{}{merged}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default());
    // The history entry's state is the console's router's: it stays as it is.
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&h.state().unwrap_or(wasm_bindgen::JsValue::NULL), "", Some(&url));
    }
}

/// Adds or removes the panel's window listeners: the hash that highlights, and the looks for
/// changes made elsewhere.
fn listen(window: &web_sys::Window, on: bool, hash: &Closure<dyn Fn()>, look: &Closure<dyn Fn()>) {
    for (kind, f) in [("hashchange", hash), ("focus", look), ("visibilitychange", look)] {
        let f = f.as_ref().unchecked_ref();
        let _ = if on { window.add_event_listener_with_callback(kind, f) } else { window.remove_event_listener_with_callback(kind, f) };
    }
}
