use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use crate::actions::PanelHandle;
use crate::state::{Action, Confirm, Confirmation, Intent};
use crate::view_model::Shared;
use crate::words::Words;

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    /// The panel's actions.
    pub panel: PanelHandle,
    pub confirm: Option<Confirm>,
    pub words: Shared<Words>,
    /// The turned-off source's name, and the names of those that go off with it.
    pub name: String,
    pub dependents: Vec<String>,
    /// The definition's warning shown before turning off.
    pub warning: Option<String>,
}

/// Asks before a source that others rely on goes off. A native modal `<dialog>` keeps
/// focus inside and closes on Escape; focus returns to where it was.
#[function_component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let panel = &props.panel;
    let dialog = use_node_ref();
    // The source whose switch opened the dialog gets focus back when it closes.
    let opener = use_mut_ref(|| None::<String>);
    let w = &props.words;

    {
        let dialog = dialog.clone();
        let opener = opener.clone();
        use_effect_with(props.confirm.clone(), move |confirm| {
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

    let close = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| panel.dispatch(Action::CloseConfirm))
    };
    let oncancel = {
        let panel = panel.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            panel.dispatch(Action::CloseConfirm)
        })
    };
    let name = props.name.as_str();
    let (title, go) = match &props.confirm {
        Some(c) => {
            let id = c.id.clone();
            let panel = panel.clone();
            let go = Callback::from(move |_: MouseEvent| panel.save(&id, Intent::Upload(false), Confirmation::Given));
            (w.f("dialog.title", &[("name", name)]), go)
        }
        None => (String::new(), Callback::noop()),
    };
    let deps = &props.dependents;
    let confirm_label = match deps.len() {
        0 => w.t("dialog.turnOff").to_string(),
        1 => w.t("dialog.turnOffBoth").to_string(),
        n => w.f("dialog.turnOffAll", &[("count", &(n + 1).to_string())]),
    };
    html! {
        <dialog ref={dialog} class="rds-dialog" aria-labelledby="rds-dialog-title" {oncancel}>
            <h2 id="rds-dialog-title" class="rds-dialog__title">{title}</h2>
            if let Some(t) = &props.warning {
                <p class="rds-important"><strong>{w.t("source.important").to_string()}</strong>{t.clone()}</p>
            }
            if !deps.is_empty() {
                <p class="rds-dialog__dependents">
                    {w.n("dialog.dependents", deps.len(), &[("names", &deps.join(", ")), ("name", name)])}
                </p>
            }
            <div class="rds-dialog__actions">
                <button type="button" class="rds-button rds-button--secondary" onclick={close} autofocus=true>{w.t("action.cancel").to_string()}</button>
                <button type="button" class="rds-button rds-button--danger" onclick={go}>{confirm_label}</button>
            </div>
        </dialog>
    }
}
