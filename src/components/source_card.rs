use rds_domain::api::ConnectionState;
use rds_domain::definition::{Block, ConnectionKind, FieldKind};
use rds_domain::SettingValue;
use yew::prelude::*;

use super::{on_click, text};
use super::para;
use super::checklist::checklist;
use super::class;
use super::connection_test::connection_test;
use super::consent::consent_section;
use super::error_notice::error_notice;
use super::field_kinds::field;
use super::fields::flag;
use super::switch::Switch;
use crate::actions::PanelHandle;
use crate::api_error::ApiError;
use crate::state::{Action, Confirmation, Intent};
use crate::view_model::SourceView;

#[derive(Properties, PartialEq)]
pub struct SourceCardProps {
    pub view: SourceView,
    /// The panel's actions.
    pub panel: PanelHandle,
}

/// Why a switch is blocked: read-only, refused by the server, or its unmet prerequisites.
fn blocked_reason(v: &SourceView, refusal: Option<String>, blockers: &[rds_domain::rules::Problem]) -> Option<String> {
    let w = &v.words;
    if !v.can_edit {
        Some(w.s("switch.readOnly"))
    } else if refusal.is_some() {
        refusal
    } else {
        blockers.first().map(|p| w.n("switch.blocked", blockers.len(), &[("first", &p.message)]))
    }
}

/// One data source: its state, its upload switch, and when open, its definition's steps,
/// notes and callouts, its fields, its secondary switches and its prerequisite checklist.
#[function_component]
pub fn SourceCard(props: &SourceCardProps) -> Html {
    let panel = &props.panel;
    let v = &props.view;
    let w = &v.words;
    let d = v.definition();
    let id = v.id().to_string();
    let name = v.name().to_string();
    let body_id = format!("rds-source-{id}-body");
    let upload_on = v.source.upload_enabled;

    let toggle_open = on_click(panel, &id, |p, id| p.dispatch(Action::ToggleOpen(id.into())));
    let on_upload = {
        let (panel, id) = (panel.clone(), id.clone());
        Callback::from(move |on: bool| panel.save(&id, Intent::Upload(on), Confirmation::Ask))
    };
    let save = on_click(panel, &id, |p, id| p.save(id, Intent::Save, Confirmation::Ask));

    let state_label = w.state(v.source.status.state);

    html! {
        <li id={format!("rds-source-{id}")}
            ~className={class("rds-source", &[(v.highlighted, "rds-source--highlight"), (upload_on, "rds-source--on")])}
            aria-labelledby={format!("rds-source-{id}-name")}>
            <div class="rds-source__head">
                <div class="rds-source__titles">
                    <h3 class="rds-source__name" id={format!("rds-source-{id}-name")} tabindex="-1">{text(name.clone())}</h3>
                    { para("rds-source__target", v.node(&d.data_target)) }
                    <p ~className={class("rds-status", &[(true, status_class(v.source.status.state))])}>
                        <span class="rds-status__label">{text(w.f("source.status", &[("state", &state_label)]))}</span>
                        if !v.source.status.detail.is_empty() {
                            <span class="rds-status__detail">{" — "}{v.source.status.detail.clone()}</span>
                        }
                    </p>
                    <p class="rds-source__last">
                        {w.node("source.lastData")}
                        { match &v.source.last_data_received_at {
                            // Only a real time goes in `datetime`; anything else reads "unknown".
                            Some(t) if rds_domain::time::is_rfc3339(t) => html! { <time datetime={t.clone()}>{w.date_time_ago(t)}</time> },
                            Some(t) => text(w.date_time(t)),
                            None => w.node("source.never"),
                        } }
                    </p>
                    if let Some(days) = v.quiet_days {
                        { para("rds-source__quiet", text(w.n("source.quiet", days as usize, &[("name", &name)]))) }
                    }
                    // Version 1 is the source as the console made it: nobody changed it yet.
                    if v.source.version > 1 && !v.source.updated_by.is_empty() {
                        { para("rds-source__changed", text(w.f("source.changedBy", &[("user", &v.source.updated_by), ("time", &w.date_time(&v.source.updated_at))]))) }
                    }
                </div>
                <div class="rds-source__controls">
                    { GatedSwitch {
                        dom_id: format!("rds-source-{id}-upload"),
                        label: w.t("source.upload"),
                        accessible_name: w.f("source.uploadFor", &[("name", &name)]),
                        on: upload_on,
                        pointer: "/uploadEnabled",
                        blockers: &v.blockers,
                        on_toggle: on_upload,
                    }.view(v) }
                    <button type="button" class="rds-button rds-button--secondary rds-source__toggle"
                        aria-expanded={flag(v.ui.open)} aria-controls={body_id.clone()}
                        aria-label={w.f(if v.ui.open { "source.hideFor" } else { "source.configureFor" }, &[("name", &name)])}
                        onclick={toggle_open}>
                        {w.node(if v.ui.open { "source.hide" } else { "source.configure" })}
                    </button>
                </div>
            </div>
            if v.ui.saving {
                <p class="rds-source__progress" role="progressbar" aria-label={w.f("announce.saving", &[("name", &name)])}>{w.node("source.saving")}</p>
            }
            // What the last save did, or that someone else changed the source since (a save
            // clears that).
            if let Some(n) = if v.ui.changed_elsewhere { Some(w.s("source.changedElsewhere")) } else { v.ui.notice.clone() } {
                { para("rds-source__notice", text(n)) }
            }
            if let Some(f) = &v.ui.error {
                { error_view(v, &f.error, f.title.clone(), panel) }
            }
            if v.ui.open {
                <div class="rds-source__body" id={body_id}>
                    if v.several && v.can_edit {
                        <div class="rds-source__manage">
                            <button type="button" class="rds-button rds-button--secondary" id={format!("rds-source-{id}-rename")}
                                aria-label={w.f("source.renameFor", &[("name", &name)])}
                                onclick={on_click(panel, &id, |p, id| p.dispatch(Action::Name(id.into(), false)))}>
                                {w.node("source.rename")}
                            </button>
                            // The first of a type stays: it is the one a console has always had.
                            if id != d.id {
                                <button type="button" class="rds-button rds-button--danger" id={format!("rds-source-{id}-remove")}
                                    aria-label={w.f("source.removeFor", &[("name", &name)])}
                                    onclick={on_click(panel, &id, PanelHandle::ask_remove)}>
                                    {w.node("source.remove")}
                                </button>
                            }
                        </div>
                    }
                    <h4 class="rds-source__subtitle">{w.node("source.configuration")}</h4>
                    <ol class="rds-steps">
                        { for d.steps.iter().map(|s| html! { <li class="rds-steps__step">{block(v, s)}</li> }) }
                    </ol>
                    { for d.notes.iter().map(|n| html! {
                        <div class="rds-note"><strong>{w.node("source.note")}</strong>{block(v, n)}</div>
                    }) }
                    { for d.important.iter().map(|n| html! {
                        <p class="rds-important"><strong>{w.node("source.important")}</strong>{v.node(n)}</p>
                    }) }
                    if !d.fields.is_empty() {
                        <div class="rds-form">{ for d.fields.iter().map(|f| field(panel, v, f)) }</div>
                    }
                    if d.connection == ConnectionKind::Consent {
                        { consent_section(panel, v) }
                    }
                    { for d.switches.iter().map(|s| secondary_switch(panel, v, s)) }
                    { checklist(w, &name, &v.checklist) }
                    if d.testable() && v.can_edit {
                        { connection_test(panel, v) }
                    }
                    if !d.fields.is_empty() && v.can_edit {
                        <div class="rds-source__actions">
                            <button type="button" class="rds-button rds-button--primary" onclick={save}
                                disabled={!v.has_changes() || v.ui.saving || v.testing()}>
                                {text(w.f("source.save", &[("name", &name)]))}
                            </button>
                            if v.has_changes() {
                                <span class="rds-source__unsaved">{w.node("source.unsaved")}</span>
                            }
                        </div>
                    }
                </div>
            }
        </li>
    }
}

/// A step or note, with the list under it if it has one.
fn block(v: &SourceView, b: &Block) -> Html {
    html! {
        <>
            {v.node(&b.text)}
            if !b.list.is_empty() {
                <ul class="rds-seed-list">{ for b.list.iter().map(|i| html! { <li>{v.node(i)}</li> }) }</ul>
            }
        </>
    }
}

fn status_class(state: ConnectionState) -> &'static str {
    match state {
        ConnectionState::NotConnected => "rds-status--off",
        ConnectionState::Pending => "rds-status--pending",
        ConnectionState::Connected => "rds-status--connected",
        ConnectionState::Partial => "rds-status--partial",
        ConnectionState::Error => "rds-status--error",
    }
}

/// A switch that a read-only console, a refusal of the server or unmet prerequisites can
/// block, with the reason beside it.
struct GatedSwitch<'a> {
    dom_id: String,
    label: &'a str,
    accessible_name: String,
    on: bool,
    /// Where the server's refusal of this switch would be.
    pointer: &'a str,
    /// What stops it from turning on.
    blockers: &'a [rds_domain::rules::Problem],
    /// Asks for the opposite of `on`.
    on_toggle: Callback<bool>,
}

impl GatedSwitch<'_> {
    fn view(self, v: &SourceView) -> Html {
        let w = &v.words;
        let refusal = v.ui.server_errors.get(self.pointer).map(|e| crate::state::say(e, self.blockers, w));
        let reason = blocked_reason(v, refusal, if self.on { &[] } else { self.blockers });
        let blocked = !v.can_edit || (!self.on && !self.blockers.is_empty());
        let reason_id = format!("{}-blocked", self.dom_id);
        html! {
            <>
                { Switch {
                    id: self.dom_id,
                    label: self.label,
                    accessible_name: self.accessible_name,
                    checked: self.on,
                    blocked,
                    busy: v.ui.saving || v.testing(),
                    described_by: reason.as_ref().map(|_| reason_id.clone()),
                    states: (w.t("switch.on"), w.t("switch.off")),
                    on_toggle: self.on_toggle,
                }.view() }
                if let Some(r) = reason {
                    <p class="rds-source__blocked" id={reason_id}>{r}</p>
                }
            </>
        }
    }
}

fn secondary_switch(panel: &PanelHandle, v: &SourceView, s: &rds_domain::definition::Switch) -> Html {
    let label = v.text(&s.label);
    let (panel, target, key) = (panel.clone(), v.id().to_string(), s.key.clone());
    let pointer = format!("/switches/{}", s.key);
    html! {
        <div class="rds-threat">
            { GatedSwitch {
                dom_id: format!("rds-source-{}-{}", v.id(), s.key),
                label,
                accessible_name: v.words.f("switch.of", &[("switch", label), ("name", v.name())]),
                on: v.source.switch_on(&s.key),
                pointer: &pointer,
                blockers: v.switch_blockers.get(&s.key).map_or(&[], Vec::as_slice),
                on_toggle: Callback::from(move |b| panel.save(&target, Intent::Switch(key.clone(), b), Confirmation::Ask)),
            }.view(v) }
        </div>
    }
}

fn error_view(v: &SourceView, e: &ApiError, title: String, panel: &PanelHandle) -> Html {
    let w = &v.words;
    let id = v.id().to_string();
    match e {
        ApiError::Stale(Some(theirs)) => {
            let keep = on_click(panel, &id, |p, id| {
                p.dispatch(Action::KeepMine(id.into()));
                p.retry(id);
            });
            let take = on_click(panel, &id, |p, id| p.dispatch(Action::UseTheirs(id.into())));
            let mut mine = v.source.settings.clone();
            mine.merge(&v.draft.settings);
            let my_upload = match v.ui.last_intent {
                Some((Intent::Upload(b), _)) => b,
                _ => v.source.upload_enabled,
            };
            let on_off = |b: bool| w.s(if b { "switch.on" } else { "switch.off" });
            html! {
                <div class="rds-conflict" role="alert">
                    { para("rds-error__title", w.node("error.stale")) }
                    <p>{text(w.f("conflict.savedBy", &[("user", &theirs.updated_by), ("time", &w.date_time(&theirs.updated_at))]))}</p>
                    <table class="rds-conflict__table">
                        <caption class="rds-conflict__caption">{w.node("conflict.caption")}</caption>
                        <thead><tr>
                            <th scope="col">{w.node("conflict.setting")}</th>
                            <th scope="col">{w.node("conflict.theirs")}</th>
                            <th scope="col">{w.node("conflict.yours")}</th>
                        </tr></thead>
                        <tbody>
                            <tr><th scope="row">{w.node("source.upload")}</th>
                                <td>{on_off(theirs.upload_enabled)}</td>
                                <td>{on_off(my_upload)}</td></tr>
                            { for v.definition().fields.iter().filter(|f| f.kind != FieldKind::Secret).filter_map(|f| {
                                let (a, b) = (theirs.settings.get(&f.key), mine.get(&f.key));
                                (a.is_some() || b.is_some()).then(|| html! {
                                    <tr><th scope="row">{v.node(&f.label)}</th>
                                        <td>{shown(v, f, a)}</td><td>{shown(v, f, b)}</td></tr>
                                })
                            }) }
                        </tbody>
                    </table>
                    <button type="button" class="rds-button rds-button--primary" onclick={keep}>{w.node("conflict.keepMine")}</button>
                    <button type="button" class="rds-button rds-button--secondary" onclick={take}>{w.node("conflict.useTheirs")}</button>
                </div>
            }
        }
        ApiError::Invalid(errors) => html! {
            <div class="rds-error" role="alert">
                { para("rds-error__title", title) }
                { para("rds-error__detail", e.message(w)) }
                <ul class="rds-error__list">
                    // In the panel's words where it has them (see `ServerError::say`).
                    { for errors.iter().map(|fe| html! { <li>{text(v.message(&fe.pointer).map_or_else(|| fe.detail.clone(), |m| m.0))}</li> }) }
                </ul>
            </div>
        },
        _ => error_notice(w, title, e, Some(on_click(panel, &id, PanelHandle::retry))),
    }
}

/// A setting as the side-by-side view shows it: text as it is, choices by their labels.
fn shown(v: &SourceView, f: &rds_domain::definition::Field, value: Option<&SettingValue>) -> String {
    let w = &v.words;
    let label = |x: &str| f.option(x).map_or_else(|| x.to_string(), |o| v.string(&o.label));
    match value {
        None => "—".into(),
        Some(SettingValue::Text(t)) => label(t),
        Some(SettingValue::Flag(b)) => w.s(if *b { "switch.on" } else { "switch.off" }),
        Some(SettingValue::List(items)) => items.iter().map(|x| label(x)).collect::<Vec<_>>().join(w.t("list.separator")),
    }
}
