//! The requests behind the panel's actions. Each one reads the state, asks the pure
//! [`State::plan_save`] what to do, and reports back through the reducer and to the host.

use rds_domain::api::{ConnectionState, DataSource};
use rds_domain::SourceId;
use wasm_bindgen::JsValue;
use yew::platform::spawn_local;

use crate::api_error::ApiError;
use crate::config::resolve_url;
use crate::panel_handle::PanelHandle;
use crate::state::{Action, Intent, SavePlan, State};
use crate::wire::set;

/// How often, and how long, a pending consent is polled.
const CONSENT_POLL_MS: u32 = 1_500;
const CONSENT_POLLS: u32 = 400;

/// The `change` event's detail: what the console may want to know, and no secret.
fn change_detail(s: &DataSource) -> JsValue {
    let o = js_sys::Object::new();
    set(&o, "id", s.id.as_str());
    set(&o, "uploadEnabled", s.upload_enabled);
    if let Some(t) = s.threat_detection_upload {
        set(&o, "threatDetectionUpload", t);
    }
    set(&o, "status", s.status.state.label());
    set(&o, "version", s.version as f64);
    o.into()
}

fn report_error(panel: &PanelHandle, id: Option<SourceId>, error: &ApiError) {
    let o = js_sys::Object::new();
    set(&o, "id", id.map(|i| JsValue::from(i.as_str())).unwrap_or(JsValue::NULL));
    set(&o, "message", error.message());
    panel.emit("error", &o.into());
}

pub fn load(panel: PanelHandle) {
    panel.dispatch(Action::Reload);
    spawn_local(async move {
        match panel.client.list().await {
            Ok(list) => panel.dispatch(Action::Loaded(list)),
            Err(e) => {
                report_error(&panel, None, &e);
                panel.dispatch(Action::LoadFailed(e));
            }
        }
    });
}

pub fn save(state: &State, panel: PanelHandle, id: SourceId, intent: Intent, confirmed: bool) {
    match state.plan_save(id, intent, confirmed) {
        SavePlan::Nothing => {}
        SavePlan::Blocked(_) => panel.dispatch(Action::ShowProblems(id)),
        SavePlan::Confirm(c) => panel.dispatch(Action::AskConfirm(c)),
        SavePlan::Send { patch, version } => {
            let refresh_all = patch.turn_off_dependents;
            panel.dispatch(Action::SaveStarted(id, patch.clone(), intent, confirmed));
            spawn_local(async move {
                match panel.client.patch(id, version, &patch).await {
                    Ok(saved) => {
                        panel.emit("change", &change_detail(&saved));
                        panel.dispatch(Action::Saved(id, saved));
                        if refresh_all {
                            if let Ok(list) = panel.client.list().await {
                                panel.dispatch(Action::Refreshed(list));
                            }
                        }
                    }
                    Err(e) => {
                        report_error(&panel, Some(id), &e);
                        panel.dispatch(Action::SaveFailed(id, e));
                    }
                }
            });
        }
    }
}

/// Repeats the last save of `id` exactly as the user asked for it.
pub fn retry(state: &State, panel: PanelHandle, id: SourceId) {
    let (intent, confirmed) = state.ui(id).last_intent.unwrap_or((Intent::Save, false));
    save(state, panel, id, intent, confirmed);
}

/// Opens the consent page and follows the source until the backend reports the outcome.
pub fn start_consent(panel: PanelHandle, id: SourceId) {
    spawn_local(async move {
        let start = match panel.client.start_consent(id).await {
            Ok(s) => s,
            Err(e) => {
                report_error(&panel, Some(id), &e);
                return panel.dispatch(Action::SaveFailed(id, e));
            }
        };
        let url = resolve_against(&panel.client.base, &start.authorization_url);
        if let Some(w) = web_sys::window() {
            // A blocked pop-up is fine: the link beside the button opens the same page.
            let _ = w.open_with_url_and_target(&url, "_blank");
        }
        panel.dispatch(Action::ConsentOpened(id, url));
        for _ in 0..CONSENT_POLLS {
            gloo_timers::future::TimeoutFuture::new(CONSENT_POLL_MS).await;
            if let Ok(tagged) = panel.client.get(id).await {
                let state = tagged.value.status.state;
                if state != ConnectionState::Pending {
                    panel.emit("change", &change_detail(&tagged.value));
                    panel.dispatch(Action::SourceUpdated(tagged.value));
                    panel.dispatch(Action::Announce(format!("{}: {}.", id.name(), state.label())));
                    return;
                }
                panel.dispatch(Action::SourceUpdated(tagged.value));
            }
        }
    });
}

/// The backend may answer with a URL relative to its own origin.
fn resolve_against(api_base: &str, url: &str) -> String {
    web_sys::Url::new_with_base(url, api_base).map(|u| u.href()).unwrap_or_else(|_| resolve_url(url))
}
