use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use crate::panel_handle::use_panel;
use crate::state::{Action, Confirm, Intent};

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    pub confirm: Option<Confirm>,
}

/// Asks before a source that others rely on goes off. A native modal `<dialog>` keeps
/// focus inside and closes on Escape; focus returns to where it was.
#[function_component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let panel = use_panel();
    let dialog = use_node_ref();
    // The source whose switch opened the dialog gets focus back when it closes.
    let opener = use_mut_ref(|| None::<rds_domain::SourceId>);

    {
        let dialog = dialog.clone();
        let opener = opener.clone();
        use_effect_with(props.confirm.clone(), move |confirm| {
            let Some(d) = dialog.cast::<HtmlDialogElement>() else { return };
            if let (Some(c), false) = (confirm, d.open()) {
                *opener.borrow_mut() = Some(c.id);
                let _ = d.show_modal();
            } else if confirm.is_none() && d.open() {
                d.close();
                let switch = opener.borrow_mut().take().and_then(|id| {
                    let panel = d.closest(".rds-panel").ok().flatten()?;
                    panel.query_selector(&format!("#rds-source-{}-upload", id.as_str())).ok().flatten()
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
    let (title, body, go) = match &props.confirm {
        Some(c) => {
            let name = c.id.name();
            let id = c.id;
            let deps: Vec<&str> = c.dependents.iter().map(|d| d.name()).collect();
            let go = {
                let panel = panel.clone();
                Callback::from(move |_: MouseEvent| panel.save(id, Intent::Upload(false), true))
            };
            let body = html! {
                <>
                    { for c.id.spec().important.iter().map(|t| html! {
                        <p class="rds-important"><strong>{"Important: "}</strong>{*t}</p>
                    }) }
                    if !deps.is_empty() {
                        <p class="rds-dialog__dependents">
                            {format!("{} need{} {name} data upload and will be turned off too.", deps.join(", "), if deps.len() == 1 { "s" } else { "" })}
                        </p>
                    }
                </>
            };
            (format!("Turn off data upload for {name}?"), body, go)
        }
        None => (String::new(), html! {}, Callback::noop()),
    };
    let confirm_label = match &props.confirm {
        Some(c) if !c.dependents.is_empty() => "Turn off both",
        _ => "Turn off",
    };
    html! {
        <dialog ref={dialog} class="rds-dialog" aria-labelledby="rds-dialog-title" {oncancel}>
            <h2 id="rds-dialog-title" class="rds-dialog__title">{title}</h2>
            {body}
            <div class="rds-dialog__actions">
                <button type="button" class="rds-button rds-button--secondary" onclick={close} autofocus=true>{"Cancel"}</button>
                <button type="button" class="rds-button rds-button--danger" onclick={go}>{confirm_label}</button>
            </div>
        </dialog>
    }
}
