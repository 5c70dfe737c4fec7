use rds_domain::catalog::Connection;
use rds_domain::SourceId;
use yew::prelude::*;

use super::checklist::checklist;
use super::consent::consent_section;
use super::error_notice::error_notice;
use super::fields::flag;
use super::okta_form::okta_form;
use super::qualys_form::qualys_form;
use super::splunk_form::splunk_form;
use super::switch::Switch;
use crate::api_error::ApiError;
use crate::panel_handle::use_panel;
use crate::state::{Action, Intent};
use crate::view_model::SourceView;

#[derive(Properties, PartialEq)]
pub struct SourceCardProps {
    pub view: SourceView,
}

fn format_time(iso: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    String::from(d.to_locale_string("en-US", &wasm_bindgen::JsValue::UNDEFINED))
}

/// One data source: its state, its upload switch, and when open, the seed page's
/// instructions, the fields it needs and its prerequisite checklist.
#[function_component]
pub fn SourceCard(props: &SourceCardProps) -> Html {
    let panel = use_panel();
    let v = &props.view;
    let id = v.id();
    let spec = id.spec();
    let key = id.as_str();
    let body_id = format!("rds-source-{key}-body");
    let blocked_id = format!("rds-source-{key}-blocked");
    let upload_on = v.source.upload_enabled;
    let blocked = !v.can_edit || (!upload_on && !v.blockers.is_empty());

    let toggle_open = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| panel.dispatch(Action::ToggleOpen(id)))
    };
    let on_upload = {
        let panel = panel.clone();
        Callback::from(move |on: bool| panel.save(id, Intent::Upload(on), false))
    };
    let save = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| panel.save(id, Intent::Save, false))
    };
    let retry = {
        let panel = panel.clone();
        Callback::from(move |_: ()| panel.retry(id))
    };

    // A refusal the server gave for the switch itself (its world may have moved on).
    let refusal = v.ui.server_errors.get("/uploadEnabled").cloned();
    let reason = if !v.can_edit {
        Some("Read-only: your role cannot change data sources.".to_string())
    } else if refusal.is_some() {
        refusal
    } else if blocked {
        let n = v.blockers.len();
        Some(format!(
            "Cannot turn on yet: {n} prerequisite{} not met. {}",
            if n == 1 { " is" } else { "s are" },
            v.blockers.first().map(|p| p.message.clone()).unwrap_or_default()
        ))
    } else {
        None
    };

    html! {
        <li id={format!("rds-source-{key}")}
            class={classes!("rds-source", v.highlighted.then_some("rds-source--highlight"), upload_on.then_some("rds-source--on"))}
            aria-labelledby={format!("rds-source-{key}-name")}>
            <div class="rds-source__head">
                <div class="rds-source__titles">
                    <h3 class="rds-source__name" id={format!("rds-source-{key}-name")} tabindex="-1">{spec.name}</h3>
                    <p class="rds-source__target">{spec.data_target}</p>
                    <p class={classes!("rds-status", format!("rds-status--{}", status_class(v)))}>
                        <span class="rds-status__label">{"Status: "}{v.source.status.state.label()}</span>
                        if !v.source.status.detail.is_empty() {
                            <span class="rds-status__detail">{" — "}{v.source.status.detail.clone()}</span>
                        }
                    </p>
                    <p class="rds-source__last">
                        {"Last data received: "}
                        { match &v.source.last_data_received_at {
                            Some(t) => html! { <time datetime={t.clone()}>{format_time(t)}</time> },
                            None => html! { {"never"} },
                        } }
                    </p>
                </div>
                <div class="rds-source__controls">
                    { Switch {
                        id: format!("rds-source-{key}-upload"),
                        label: "Data upload permission",
                        accessible_name: format!("Data upload permission for {}", spec.name),
                        checked: upload_on,
                        blocked,
                        busy: v.ui.saving,
                        described_by: reason.as_ref().map(|_| blocked_id.clone()),
                        on_toggle: on_upload,
                    }.view() }
                    if let Some(r) = &reason {
                        <p class="rds-source__blocked" id={blocked_id.clone()}>{r.clone()}</p>
                    }
                    <button type="button" class="rds-button rds-button--secondary rds-source__toggle"
                        aria-expanded={flag(v.ui.open)} aria-controls={body_id.clone()}
                        aria-label={format!("{} {}", if v.ui.open { "Hide details of" } else { "Configure" }, spec.name)}
                        onclick={toggle_open}>
                        {if v.ui.open { "Hide details" } else { "Configure" }}
                    </button>
                </div>
            </div>
            if v.ui.saving {
                <p class="rds-source__progress" role="progressbar" aria-label={format!("Saving {}", spec.name)}>{"Saving…"}</p>
            }
            if let Some(n) = &v.ui.notice {
                <p class="rds-source__notice">{n.clone()}</p>
            }
            if let Some(e) = &v.ui.error {
                { error_view(v, e, retry.clone(), &panel) }
            }
            if v.ui.open {
                <div class="rds-source__body" id={body_id}>
                    <h4 class="rds-source__subtitle">{"Configuration"}</h4>
                    <ol class="rds-steps">
                        { for spec.steps.iter().map(|s| html! { <li class="rds-steps__step">{*s}</li> }) }
                    </ol>
                    if id == SourceId::Qualys { { seed_list(id) } }
                    { for spec.notes.iter().map(|n| html! {
                        <p class="rds-note"><strong>{"Note: "}</strong>{*n}</p>
                    }) }
                    if id == SourceId::Okta { { seed_list(id) } }
                    { for spec.important.iter().map(|n| html! {
                        <p class="rds-important"><strong>{"Important: "}</strong>{*n}</p>
                    }) }
                    { form(v, &panel) }
                    if id == SourceId::Office365 {
                        { threat_detection(v, &panel) }
                    }
                    { checklist(spec.name, &v.requirements) }
                    if spec.connection == Connection::Credentials && v.can_edit {
                        <div class="rds-source__actions">
                            <button type="button" class="rds-button rds-button--primary" onclick={save}
                                disabled={!v.has_changes() || v.ui.saving}>
                                {format!("Save {} settings", spec.name)}
                            </button>
                            if v.has_changes() {
                                <span class="rds-source__unsaved">{"Unsaved changes"}</span>
                            }
                        </div>
                    }
                </div>
            }
        </li>
    }
}

fn status_class(v: &SourceView) -> &'static str {
    use rds_domain::api::ConnectionState as S;
    match v.source.status.state {
        S::NotConnected => "off",
        S::Pending => "pending",
        S::Connected => "connected",
        S::Partial => "partial",
        S::Error => "error",
    }
}

/// The lists the seed page keeps under a step or note: Okta's roles, Qualys' permissions.
fn seed_list(id: SourceId) -> Html {
    use rds_domain::catalog::{OktaRole, QualysPermission};
    let items: Vec<&str> = match id {
        SourceId::Okta => OktaRole::ALL.iter().map(|r| r.label()).collect(),
        SourceId::Qualys => QualysPermission::ALL.iter().map(|p| p.label()).collect(),
        _ => Vec::new(),
    };
    html! { <ul class="rds-seed-list">{ for items.iter().map(|i| html! { <li>{*i}</li> }) }</ul> }
}

fn form(v: &SourceView, panel: &crate::panel_handle::PanelHandle) -> Html {
    match v.id() {
        SourceId::Okta => okta_form(panel, v),
        SourceId::Qualys => qualys_form(panel, v),
        SourceId::Splunk => splunk_form(panel, v),
        SourceId::AzureAd | SourceId::Office365 => consent_section(panel, v),
        _ => html! {},
    }
}

fn threat_detection(v: &SourceView, panel: &crate::panel_handle::PanelHandle) -> Html {
    let id = v.id();
    let on = v.source.threat_detection_upload == Some(true);
    let reason = if !v.cloud_app_security_connected {
        Some("Cannot turn on yet: connect Trend Micro Cloud App Security first.")
    } else if !v.source.upload_enabled {
        Some("Cannot turn on yet: turn on Data upload permission for Office 365 first.")
    } else {
        None
    };
    let blocked = !v.can_edit || (!on && reason.is_some());
    let panel = panel.clone();
    let reason_id = "rds-source-office-365-threat-blocked";
    html! {
        <div class="rds-threat">
            { Switch {
                id: "rds-source-office-365-threat".into(),
                label: "Threat detection upload permission",
                accessible_name: "Threat detection upload permission for Office 365".into(),
                checked: on,
                blocked,
                busy: v.ui.saving,
                described_by: reason.filter(|_| !on).map(|_| reason_id.to_string()),
                on_toggle: Callback::from(move |b| panel.save(id, Intent::ThreatDetection(b), false)),
            }.view() }
            if let Some(r) = reason.filter(|_| !on) {
                <p class="rds-source__blocked" id={reason_id}>{r}</p>
            }
        </div>
    }
}

fn error_view(v: &SourceView, e: &ApiError, retry: Callback<()>, panel: &crate::panel_handle::PanelHandle) -> Html {
    let id = v.id();
    match (e, &v.ui.conflict) {
        (ApiError::Stale(_), Some(theirs)) => {
            let keep = {
                let panel = panel.clone();
                Callback::from(move |_: MouseEvent| {
                    panel.dispatch(Action::KeepMine(id));
                    panel.retry(id);
                })
            };
            let take = {
                let panel = panel.clone();
                Callback::from(move |_: MouseEvent| panel.dispatch(Action::UseTheirs(id)))
            };
            let mine = {
                let mut s = v.source.settings.clone();
                if let Some(d) = &v.draft.settings {
                    s.merge(d);
                }
                s
            };
            html! {
                <div class="rds-conflict" role="alert">
                    <p class="rds-error__title">{"This source was changed elsewhere while you edited it."}</p>
                    <p>{format!("Saved by {} at {}. Your changes are kept until you choose.", theirs.updated_by, theirs.updated_at)}</p>
                    <table class="rds-conflict__table">
                        <caption class="rds-conflict__caption">{"Their version beside yours"}</caption>
                        <thead><tr><th scope="col">{"Setting"}</th><th scope="col">{"Theirs"}</th><th scope="col">{"Yours"}</th></tr></thead>
                        <tbody>
                            <tr><th scope="row">{"Data upload permission"}</th>
                                <td>{on_off(theirs.upload_enabled)}</td>
                                <td>{on_off(v.ui.last_intent.and_then(|(i, _)| match i { Intent::Upload(b) => Some(b), _ => None }).unwrap_or(v.source.upload_enabled))}</td></tr>
                            { for diff_rows(&theirs.settings, &mine) }
                        </tbody>
                    </table>
                    <button type="button" class="rds-button rds-button--primary" onclick={keep}>{"Keep mine and save again"}</button>
                    <button type="button" class="rds-button rds-button--secondary" onclick={take}>{"Discard mine, use theirs"}</button>
                </div>
            }
        }
        (ApiError::Invalid(errors), _) => {
            let title = format!("{} was not saved.", id.name());
            html! {
                <div class="rds-error" role="alert">
                    <p class="rds-error__title">{title}</p>
                    <p class="rds-error__detail">{e.message()}</p>
                    <ul class="rds-error__list">
                        { for errors.iter().map(|fe| html! { <li>{fe.detail.clone()}</li> }) }
                    </ul>
                </div>
            }
        }
        _ => {
            let title = format!("{} was not saved.", id.name());
            error_notice(title, e, Some(retry))
        }
    }
}

fn on_off(b: bool) -> &'static str {
    if b {
        "On"
    } else {
        "Off"
    }
}

fn diff_rows(theirs: &rds_domain::api::Settings, mine: &rds_domain::api::Settings) -> Vec<Html> {
    let t = setting_rows(theirs);
    let m = setting_rows(mine);
    let mut keys: Vec<&'static str> = Vec::new();
    for (k, _) in t.iter().chain(m.iter()) {
        if !keys.contains(k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .map(|k| {
            let get = |v: &[(&'static str, String)]| {
                v.iter().find(|(x, _)| *x == k).map(|(_, v)| v.clone()).unwrap_or_else(|| "—".into())
            };
            html! { <tr><th scope="row">{k}</th><td>{get(&t)}</td><td>{get(&m)}</td></tr> }
        })
        .collect()
}

/// Settings as (label, text) pairs for the side-by-side view.
fn setting_rows(s: &rds_domain::api::Settings) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(v) = &s.domain {
        out.push(("Okta URL domain", v.clone()));
    }
    if let Some(v) = s.admin_role {
        out.push(("Administrator privilege", v.label().to_string()));
    }
    if let Some(v) = &s.api_server {
        out.push(("Qualys API server", v.clone()));
    }
    if let Some(v) = &s.username {
        out.push(("Qualys username", v.clone()));
    }
    if let Some(v) = &s.permissions {
        out.push(("Qualys permissions", v.iter().map(|p| p.label()).collect::<Vec<_>>().join(", ")));
    }
    if let Some(v) = s.replaces_endpoint_sensor {
        out.push(("Replaces Endpoint Sensor", on_off(v).into()));
    }
    if let Some(v) = s.app_installed {
        out.push(("Splunk app installed", on_off(v).into()));
    }
    if let Some(v) = s.firewall_exception {
        out.push(("Firewall exception", on_off(v).into()));
    }
    out
}
