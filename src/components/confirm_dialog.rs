use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use super::text;
use crate::actions::PanelHandle;
use crate::state::{Action, Confirm, Confirmation, Intent, State};

/// Opens the turn-off dialog as a native modal `<dialog>` while `confirm` asks for it, and
/// gives focus back to the switch that opened it when it closes. The returned ref goes on
/// the dialog.
#[hook]
pub fn use_modal(confirm: Option<Confirm>) -> NodeRef {
    let dialog = use_node_ref();
    // The source whose switch opened the dialog gets focus back when it closes.
    let opener = use_mut_ref(|| None::<String>);
    {
        let dialog = dialog.clone();
        use_effect_with(confirm, move |confirm| {
            let Some(d) = dialog.cast::<HtmlDialogElement>() else { return };
            if let (Some(c), false) = (confirm, d.open()) {
                *opener.borrow_mut() = Some(c.id.clone());
                let _ = d.show_modal();
            } else if confirm.is_none() && d.open() {
                d.close();
                let switch = opener.borrow_mut().take().and_then(|id| {
                    let panel = d.closest(".rds-panel").ok().flatten()?;
                    panel.query_selector(&format!("#rds-source-{id}-upload")).ok().flatten()
                });
                if let Some(el) = switch.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            }
        });
    }
    dialog
}

/// Asks before a source that others rely on goes off, naming them, with the definition's
/// warning. Focus stays inside while it is open and it closes on Escape.
pub fn confirm_dialog(panel: &PanelHandle, state: &State, dialog: NodeRef) -> Html {
    let w = &state.words;
    let confirm = state.confirm.as_ref();
    let name = confirm.map(|c| state.name(&c.id)).unwrap_or_default();
    let deps = confirm.map(|c| c.dependents.as_slice()).unwrap_or_default();
    let names = state.names(deps);
    let warning = confirm
        .filter(|c| !c.untested)
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
    let untested = confirm.is_some_and(|c| c.untested);
    let (title, go) = match confirm {
        Some(c) => {
            let act: fn(&PanelHandle, &str) = if untested {
                |p, id| p.save(id, Intent::Upload(true), Confirmation::Given)
            } else {
                |p, id| p.save(id, Intent::Upload(false), Confirmation::Given)
            };
            (w.f(if untested { "dialog.untestedTitle" } else { "dialog.title" }, &[("name", name)]), super::on_click(panel, &c.id, act))
        }
        None => (String::new(), Callback::noop()),
    };
    let confirm_label = match deps.len() {
        _ if untested => w.s("dialog.turnOnAnyway"),
        0 => w.s("dialog.turnOff"),
        1 => w.s("dialog.turnOffBoth"),
        n => w.f("dialog.turnOffAll", &[("count", &(n + 1).to_string())]),
    };
    html! {
        <dialog ref={dialog} class="rds-dialog" aria-labelledby="rds-dialog-title" aria-describedby={untested.then_some("rds-dialog-why")} {oncancel}>
            <h2 id="rds-dialog-title" class="rds-dialog__title">{title}</h2>
            if untested {
                <p id="rds-dialog-why">{text(w.f("dialog.untested", &[("name", name)]))}</p>
            }
            if let Some(t) = &warning {
                <p class="rds-important"><strong>{w.node("source.important")}</strong>{text(t.clone())}</p>
            }
            if !deps.is_empty() {
                <p class="rds-dialog__dependents">
                    {text(w.n("dialog.dependents", deps.len(), &[("names", &names), ("name", name)]))}
                </p>
            }
            <div class="rds-dialog__actions">
                <button type="button" class="rds-button rds-button--secondary" onclick={close} autofocus=true>{w.node("action.cancel")}</button>
                <button type="button" class="rds-button rds-button--danger" onclick={go}>{confirm_label}</button>
            </div>
        </dialog>
    }
}
