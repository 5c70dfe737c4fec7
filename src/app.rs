//! The root of the panel: one backend, one reducer, and the actions over them.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::ApiClient;
use crate::components::panel::Panel;
use crate::draft_storage;
use crate::panel_handle::{use_panel_handle, PanelHandle};
use crate::state::{Highlight, Load, State};

#[derive(Properties, PartialEq)]
pub struct PanelRootProps {
    pub client: ApiClient,
    /// Receives the panel's `change` and `error` events.
    #[prop_or_default]
    pub host: Option<web_sys::Element>,
}

/// The panel against one backend: owns the reducer and provides the actions.
#[function_component]
pub fn PanelRoot(props: &PanelRootProps) -> Html {
    let state = use_reducer(|| State::new(draft_storage::load()));
    let handle = use_panel_handle(props.client.clone(), props.host.clone(), &state);

    {
        let handle = handle.clone();
        use_effect_with((), move |_| {
            handle.reload();
            let window = web_sys::window().expect("a browser window");
            let follow_hash = {
                let handle = handle.clone();
                move || {
                    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
                    if let Some(h) = Highlight::from_hash(&hash) {
                        handle.dispatch(crate::state::Action::Highlight(h));
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

    // The load benchmark reads this mark: the first render with data has committed.
    let ready = state.load == Load::Ready;
    use_effect_with(ready, |ready| {
        if *ready {
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("rds-ready");
            }
        }
    });

    html! {
        <ContextProvider<PanelHandle> context={handle}>
            <Panel state={state.clone()} />
        </ContextProvider<PanelHandle>>
    }
}
