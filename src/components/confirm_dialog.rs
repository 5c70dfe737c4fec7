use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use super::text;
use crate::actions::PanelHandle;
use crate::state::{Action, Ask, Confirmation, Intent, State};

/// Opens a native modal `<dialog>` while `open` holds the id of the control that opened it,
/// and gives focus back to that control when it closes, or to `after` when what the dialog
/// did moved it (a new card, the Add button once a card is gone). The returned ref goes on
/// the dialog.
#[hook]
pub fn use_modal(open: Option<String>, after: Option<String>) -> NodeRef {
    let dialog = use_node_ref();
    let opener = use_mut_ref(|| None::<String>);
    {
        let dialog = dialog.clone();
        use_effect_with((open, after), move |(open, after)| {
            let Some(d) = dialog.cast::<HtmlDialogElement>() else { return };
            if let (Some(o), false) = (open, d.open()) {
                *opener.borrow_mut() = Some(o.clone());
                let _ = d.show_modal();
            } else if open.is_none() && d.open() {
                d.close();
                let back = after.clone().or_else(|| opener.borrow_mut().take()).and_then(|id| {
                    let panel = d.closest(".rds-panel").ok().flatten()?;
                    panel.query_selector(&format!("#{id}")).ok().flatten()
                });
                if let Some(el) = back.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            }
        });
    }
    dialog
}

/// The control that opened the confirmation dialog.
pub fn confirm_opener(state: &State) -> Option<String> {
    state.confirm.as_ref().map(|c| format!("rds-source-{}-{}", c.id, if c.ask == Ask::Remove { "remove" } else { "upload" }))
}

/// Asks before a source that others rely on goes off, naming them, with the definition's
/// warning; before one turns on untested; and before one is removed, naming what uses it.
/// Focus stays inside while it is open and it closes on Escape.
pub fn confirm_dialog(panel: &PanelHandle, state: &State, dialog: NodeRef) -> Html {
    let w = &state.words;
    let confirm = state.confirm.as_ref();
    let ask = confirm.map_or(Ask::TurnOff, |c| c.ask);
    let name = confirm.map(|c| state.name(&c.id)).unwrap_or_default();
    let deps = confirm.map(|c| c.dependents.as_slice()).unwrap_or_default();
    let names = state.names(deps);
    let warning = confirm
        .filter(|c| c.ask == Ask::TurnOff)
        .and_then(|c| state.definition(&c.id))
        .and_then(|d| d.turn_off_warning.as_ref())
        .map(|t| t.get(&w.locale).to_string());
    let close = super::on_click(panel, "", |p, _| p.dispatch(Action::CloseConfirm));
    let oncancel = {
        let panel = panel.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            panel.dispatch(Action::CloseConfirm)
        })
    };
    let name = name.as_str();
    let args = [("name", name)];
    let act: fn(&PanelHandle, &str) = match ask {
        Ask::TurnOnUntested => |p, id| p.save(id, Intent::Upload(true), Confirmation::Given),
        Ask::TurnOff => |p, id| p.save(id, Intent::Upload(false), Confirmation::Given),
        Ask::Remove => PanelHandle::remove,
    };
    let go = confirm.map_or_else(Callback::noop, |c| super::on_click(panel, &c.id, act));
    let (title, why, confirm_label) = match ask {
        Ask::TurnOnUntested => ("dialog.untestedTitle", Some("dialog.untested"), w.s("dialog.turnOnAnyway")),
        Ask::Remove => ("dialog.removeTitle", Some("dialog.remove"), w.s("dialog.removeAction")),
        Ask::TurnOff => (
            "dialog.title",
            None,
            match deps.len() {
                0 => w.s("dialog.turnOff"),
                1 => w.s("dialog.turnOffBoth"),
                n => w.f("dialog.turnOffAll", &[("count", &(n + 1).to_string())]),
            },
        ),
    };
    // What uses a connection must let go of it before it is removed: then there is nothing to confirm.
    let removable = ask != Ask::Remove || deps.is_empty();
    let dependents_key = if ask == Ask::Remove { "dialog.removeBlocked" } else { "dialog.dependents" };
    // Why there is nothing to confirm is part of what the dialog says.
    let described = match (why, removable) {
        (_, false) => Some("rds-dialog-why rds-dialog-dependents"),
        (Some(_), _) => Some("rds-dialog-why"),
        _ => None,
    };
    html! {
        <dialog ref={dialog} class="rds-dialog" aria-labelledby="rds-dialog-title" aria-describedby={described} {oncancel}>
            <h2 id="rds-dialog-title" class="rds-dialog__title">{text(w.f(title, &args))}</h2>
            if let Some(key) = why {
                <p id="rds-dialog-why">{text(w.f(key, &args))}</p>
            }
            if let Some(t) = &warning {
                <p class="rds-important"><strong>{w.node("source.important")}</strong>{text(t.clone())}</p>
            }
            if !deps.is_empty() {
                <p class="rds-dialog__dependents" id="rds-dialog-dependents">
                    {text(w.n(dependents_key, deps.len(), &[("names", &names), ("name", name)]))}
                </p>
            }
            if let Some(r) = confirm.and_then(|c| c.refused.clone()) {
                <p class="rds-error" role="alert">{text(r)}</p>
            }
            <div class="rds-dialog__actions">
                <button type="button" class="rds-button rds-button--secondary" onclick={close} autofocus=true>{w.node("action.cancel")}</button>
                if removable {
                    <button type="button" class="rds-button rds-button--danger" onclick={go} disabled={confirm.is_some_and(|c| c.busy)}>{confirm_label}</button>
                }
            </div>
        </dialog>
    }
}
