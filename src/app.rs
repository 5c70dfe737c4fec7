//! The root of the panel: one backend, one reducer, and the actions over them.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::actions::use_panel_handle;
use crate::api::{ApiClient, Prefetched};
use crate::components::confirm_dialog::use_modal;
use crate::components::panel::{focus_source, focus_target, panel};
use crate::draft_storage;
use crate::state::{Action, Highlight, Load, State};
use crate::words::Words;

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
}

impl PartialEq for PanelRootProps {
    fn eq(&self, other: &Self) -> bool {
        // The early requests are used once, on the first render; they never re-render.
        self.client == other.client && self.words == other.words && self.host == other.host
    }
}

/// The panel against one backend: owns the reducer and provides the actions.
#[function_component]
pub fn PanelRoot(props: &PanelRootProps) -> Html {
    let state = use_reducer(|| State::new(props.words.clone(), draft_storage::load()));
    let handle = use_panel_handle(props.client.clone(), props.host.clone(), &state);

    {
        let handle = handle.clone();
        let early = props.early.clone();
        use_effect_with((), move |_| {
            handle.reload(early.0, early.1);
            let window = web_sys::window().expect("a browser window");
            let follow_hash = {
                let handle = handle.clone();
                move || {
                    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
                    if let Some(h) = Highlight::from_hash(&hash) {
                        handle.dispatch(Action::Highlight(h));
                    }
                }
            };
            follow_hash();
            let listener = Closure::<dyn Fn()>::new(follow_hash);
            let _ = window.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            move || {
                let _ = window.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
        });
    }

    use_effect_with(state.persistable_drafts(), draft_storage::save);

    // Bring the highlighted factor's first source into view and move focus there.
    let root = use_node_ref();
    {
        let root = root.clone();
        let ready = state.load == Load::Ready;
        use_effect_with((state.highlight_seq, focus_target(&state), ready), move |(_, target, ready)| {
            if let (Some(id), true, Some(root)) = (target, ready, root.cast::<web_sys::Element>()) {
                focus_source(&root, id);
            }
        });
    }

    // The load benchmark reads this mark: the first render with data has committed.
    let ready = state.load == Load::Ready;
    use_effect_with(ready, |ready| {
        if *ready {
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("rds-ready");
            }
        }
    });

    let dialog = use_modal(state.confirm.clone());
    panel(&handle, &state, root, dialog)
}
