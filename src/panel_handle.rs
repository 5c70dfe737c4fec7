//! The panel's actions as one context value: components call `save`, `retry`… and never
//! touch the network themselves.

use std::cell::RefCell;
use std::rc::Rc;

use rds_domain::SourceId;
use wasm_bindgen::JsValue;
use yew::{hook, use_context, use_memo, use_mut_ref, UseReducerDispatcher, UseReducerHandle};

use crate::api::ApiClient;
use crate::effects;
use crate::state::{Action, Intent, State};

#[derive(Clone)]
pub struct PanelHandle {
    pub client: ApiClient,
    pub dispatch: UseReducerDispatcher<State>,
    /// The state of the latest render, read when an action needs to plan a request. Held
    /// behind a stable pointer so that the context does not change on every render.
    pub latest: Rc<RefCell<Option<UseReducerHandle<State>>>>,
    /// The element that receives the panel's `change` and `error` events.
    pub host: Option<web_sys::Element>,
}

impl PartialEq for PanelHandle {
    fn eq(&self, other: &Self) -> bool {
        self.client == other.client && Rc::ptr_eq(&self.latest, &other.latest) && self.host == other.host
    }
}

impl PanelHandle {
    fn with_state(&self, f: impl FnOnce(&State)) {
        if let Some(h) = self.latest.borrow().as_ref() {
            f(h);
        }
    }

    /// Tells the host console what happened, as a DOM `CustomEvent` that bubbles out of any
    /// shadow root. The detail never carries a secret.
    pub fn emit(&self, kind: &str, detail: &JsValue) {
        let Some(host) = &self.host else { return };
        let init = web_sys::CustomEventInit::new();
        init.set_detail(detail);
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(kind, &init) {
            let _ = host.dispatch_event(&ev);
        }
    }

    pub fn dispatch(&self, action: Action) {
        self.dispatch.dispatch(action);
    }

    pub fn reload(&self) {
        effects::load(self.clone());
    }

    pub fn save(&self, id: SourceId, intent: Intent, confirmed: bool) {
        self.with_state(|s| effects::save(s, self.clone(), id, intent, confirmed));
    }

    pub fn retry(&self, id: SourceId) {
        self.with_state(|s| effects::retry(s, self.clone(), id));
    }

    pub fn consent(&self, id: SourceId) {
        effects::start_consent(self.clone(), id);
    }
}

/// The panel's actions; only valid under the panel's provider.
#[hook]
pub fn use_panel() -> PanelHandle {
    use_context::<PanelHandle>().expect("use_panel() must be called inside the panel's ContextProvider<PanelHandle>")
}

/// Builds the actions of the panel whose reducer is `state`, talking to `client`.
#[hook]
pub fn use_panel_handle(client: ApiClient, host: Option<web_sys::Element>, state: &UseReducerHandle<State>) -> PanelHandle {
    let latest = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(state.clone());
    let dispatch = state.dispatcher();
    let handle = use_memo((client, host), move |(client, host)| PanelHandle {
        client: client.clone(),
        dispatch,
        latest,
        host: host.clone(),
    });
    (*handle).clone()
}
