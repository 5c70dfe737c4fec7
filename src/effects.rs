//! The requests behind the panel's actions. Each one reads the state, asks the pure
//! [`State::plan_save`] what to do, and reports back through the reducer.

use rds_domain::api::ConnectionState;
use rds_domain::SourceId;
use yew::platform::spawn_local;
use yew::UseReducerDispatcher;

use crate::api::ApiClient;
use crate::config::resolve_url;
use crate::state::{Action, Intent, SavePlan, State};

pub type Dispatch = UseReducerDispatcher<State>;

/// How often, and how long, a pending consent is polled.
const CONSENT_POLL_MS: u32 = 1_500;
const CONSENT_POLLS: u32 = 400;

pub fn load(client: ApiClient, dispatch: Dispatch) {
    dispatch.dispatch(Action::Reload);
    spawn_local(async move {
        match client.list().await {
            Ok(list) => {
                dispatch.dispatch(Action::Loaded(list));
            }
            Err(e) => dispatch.dispatch(Action::LoadFailed(e)),
        }
    });
}

pub fn save(state: &State, client: ApiClient, dispatch: Dispatch, id: SourceId, intent: Intent, confirmed: bool) {
    match state.plan_save(id, intent, confirmed) {
        SavePlan::Nothing => {}
        SavePlan::Blocked(_) => dispatch.dispatch(Action::ShowProblems(id)),
        SavePlan::Confirm(c) => dispatch.dispatch(Action::AskConfirm(c)),
        SavePlan::Send { patch, version } => {
            let refresh_all = patch.turn_off_dependents;
            dispatch.dispatch(Action::SaveStarted(id, patch.clone(), intent, confirmed));
            spawn_local(async move {
                match client.patch(id, version, &patch).await {
                    Ok(saved) => {
                        dispatch.dispatch(Action::Saved(id, saved));
                        if refresh_all {
                            if let Ok(list) = client.list().await {
                                dispatch.dispatch(Action::Refreshed(list));
                            }
                        }
                    }
                    Err(e) => dispatch.dispatch(Action::SaveFailed(id, e)),
                }
            });
        }
    }
}

/// Repeats the last save of `id` exactly as the user asked for it.
pub fn retry(state: &State, client: ApiClient, dispatch: Dispatch, id: SourceId) {
    let (intent, confirmed) = state.ui(id).last_intent.unwrap_or((Intent::Save, false));
    save(state, client, dispatch, id, intent, confirmed);
}

/// Opens the consent page and follows the source until the backend reports the outcome.
pub fn start_consent(client: ApiClient, dispatch: Dispatch, id: SourceId) {
    spawn_local(async move {
        let start = match client.start_consent(id).await {
            Ok(s) => s,
            Err(e) => return dispatch.dispatch(Action::SaveFailed(id, e)),
        };
        let url = resolve_against(&client.base, &start.authorization_url);
        if let Some(w) = web_sys::window() {
            // A blocked pop-up is fine: the link beside the button opens the same page.
            let _ = w.open_with_url_and_target(&url, "_blank");
        }
        dispatch.dispatch(Action::ConsentOpened(id, url));
        for _ in 0..CONSENT_POLLS {
            gloo_timers::future::TimeoutFuture::new(CONSENT_POLL_MS).await;
            if let Ok(tagged) = client.get(id).await {
                let state = tagged.value.status.state;
                dispatch.dispatch(Action::SourceUpdated(tagged.value));
                if state != ConnectionState::Pending {
                    dispatch.dispatch(Action::Announce(format!("{}: {}.", id.name(), state.label())));
                    return;
                }
            }
        }
    });
}

/// The backend may answer with a URL relative to its own origin.
fn resolve_against(api_base: &str, url: &str) -> String {
    web_sys::Url::new_with_base(url, api_base).map(|u| u.href()).unwrap_or_else(|_| resolve_url(url))
}
