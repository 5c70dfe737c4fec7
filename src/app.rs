//! The root: loads the start-up configuration, then runs the panel against that backend.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::ApiClient;
use crate::components::panel::Panel;
use crate::config;
use crate::draft_storage;
use crate::panel_handle::{use_panel_handle, PanelHandle};
use crate::state::{Highlight, Load, State};

enum Boot {
    Loading,
    Failed(String),
    Ready(ApiClient),
}

/// The standalone page: reads `config.json` beside the page, then shows the panel.
#[function_component]
pub fn App() -> Html {
    let boot = use_state(|| Boot::Loading);
    {
        let boot = boot.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                match config::load().await {
                    Ok(c) => boot.set(Boot::Ready(ApiClient::new(c.api_base, &c.token).with_timeout(c.timeout_ms))),
                    Err(e) => boot.set(Boot::Failed(e)),
                }
            });
        });
    }
    match &*boot {
        Boot::Loading => html! { <div class="rds-panel"><p class="rds-loading" role="status">{"Loading the data-source panel…"}</p></div> },
        Boot::Failed(e) => {
            let reload = Callback::from(|_: MouseEvent| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            });
            html! {
                <div class="rds-panel">
                    <div class="rds-error" role="alert">
                        <p class="rds-error__title">{"The data-source panel could not start."}</p>
                        <p class="rds-error__detail">{e.clone()}</p>
                        <button type="button" class="rds-button rds-button--secondary" onclick={reload}>{"Retry"}</button>
                    </div>
                </div>
            }
        }
        Boot::Ready(client) => {
            let host = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("rds-root"));
            html! { <PanelRoot client={client.clone()} {host} /> }
        }
    }
}

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
