use rds_domain::definition::Severity;
use yew::prelude::*;

use super::fields::TextField;
use super::text;
use crate::actions::PanelHandle;
use crate::state::{Action, State};

/// The control that opened the naming dialog: a type's Add button, or a card's Rename.
pub fn naming_opener(state: &State) -> Option<String> {
    state.naming.as_ref().map(|n| if n.adding { format!("rds-add-{}", n.target) } else { format!("rds-source-{}-rename", n.target) })
}

/// Asks for the display name of a connection to add beside the first of its type, or a new
/// one for a connection. The name is checked as it would be on the server before it is
/// sent; a refusal shows at the input, and what was typed stays.
pub fn naming_dialog(panel: &PanelHandle, state: &State, dialog: NodeRef) -> Html {
    let w = &state.words;
    let n = state.naming.clone().unwrap_or_default();
    let title = if n.adding { state.add_label(&n.target) } else { w.f("naming.renameTitle", &[("name", &state.name(&n.target))]) };
    let onsubmit = {
        let panel = panel.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            panel.submit_name()
        })
    };
    let oncancel = {
        let panel = panel.clone();
        let busy = n.busy;
        Callback::from(move |e: Event| {
            e.prevent_default();
            // Not while its request is on its way: its answer would land in no dialog.
            if !busy {
                panel.dispatch(Action::CloseNaming)
            }
        })
    };
    let input = {
        let panel = panel.clone();
        Callback::from(move |v: String| panel.dispatch(Action::NameInput(v)))
    };
    html! {
        <dialog ref={dialog} class="rds-dialog" aria-labelledby="rds-naming-title" {oncancel}>
            <form {onsubmit} aria-busy={crate::components::fields::flag(n.busy)}>
                <h2 id="rds-naming-title" class="rds-dialog__title">{text(title)}</h2>
                { TextField {
                    words: w,
                    id: "rds-naming-name".into(),
                    label: w.t("naming.label"),
                    hint: Some(w.t("naming.hint")),
                    value: n.value,
                    message: n.error.map(|e| (e, Severity::Error)),
                    disabled: n.busy,
                    autocomplete: "off",
                    required: true,
                    on_input: input,
                    on_blur: Callback::noop(),
                }.view() }
                <div class="rds-dialog__actions">
                    <button type="button" class="rds-button rds-button--secondary" disabled={n.busy} onclick={super::on_click(panel, "", |p, _| p.dispatch(Action::CloseNaming))}>
                        {w.node("action.cancel")}
                    </button>
                    <button type="submit" class="rds-button rds-button--primary" disabled={n.busy}>
                        {w.node(if n.adding { "naming.add" } else { "naming.save" })}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
