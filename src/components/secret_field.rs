use rds_domain::api::SecretName;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fields::{field_message, flag, is_error, message_id, Message};
use super::{field_id, on_edit, on_touch};
use crate::panel_handle::PanelHandle;
use crate::state::{Action, Edit};
use crate::view_model::SourceView;

/// The secret `name` of the source in `v`, wired to the panel's actions.
pub fn secret_input(panel: &PanelHandle, v: &SourceView, name: SecretName, label: &'static str) -> Html {
    let id = v.id();
    let pointer = format!("/secrets/{}", name.key());
    SecretField {
        id: field_id(id, &pointer),
        label,
        configured: v.source.secret_is_set(name),
        draft: v.secret_draft(name),
        replacing: v.ui.replacing.contains(&name),
        revealed: v.ui.revealed.contains(&name),
        message: v.message(&pointer),
        disabled: !v.can_edit || v.ui.saving,
        on_change: on_edit(panel, id, move |s| Edit::Secret(name, s)),
        on_keep: on_edit(panel, id, move |_: ()| Edit::KeepSecret(name)),
        on_reveal: {
            let panel = panel.clone();
            Callback::from(move |on| panel.dispatch(Action::Reveal(id, name, on)))
        },
        on_blur: on_touch(panel, id, &pointer),
    }
    .view()
}

/// A write-only secret: a password input with a reveal toggle, or, when the server holds
/// one, a "Configured" state with Replace and Clear.
pub struct SecretField {
    pub id: String,
    pub label: &'static str,
    /// The server holds a value.
    pub configured: bool,
    /// What the user did: `None` nothing, `Some(Some(v))` typed `v`, `Some(None)` cleared.
    pub draft: Option<Option<String>>,
    /// The user pressed Replace on a configured secret.
    pub replacing: bool,
    /// The input shows its value as plain text.
    pub revealed: bool,
    pub message: Message,
    pub disabled: bool,
    /// Emits a new value (`Some`) or a request to clear the stored one (`None`).
    pub on_change: Callback<Option<String>>,
    /// Goes back to the stored value.
    pub on_keep: Callback<()>,
    /// Asks to show (`true`) or hide the typed value.
    pub on_reveal: Callback<bool>,
    /// Emits when focus leaves the input.
    pub on_blur: Callback<()>,
}

impl SecretField {
    pub fn view(self) -> Html {
        let revealed = self.revealed;
        let id = self.id;
        let clearing = self.draft == Some(None);
        let editing = !self.configured || self.replacing || self.draft.is_some();

        if self.configured && clearing {
            let undo = self.on_keep.reform(|_: MouseEvent| ());
            return html! {
                <div class="rds-field rds-secret">
                    <p class="rds-field__label" id={format!("{id}-label")}>{self.label}</p>
                    <p class="rds-secret__state" id={id.clone()}>{"Will be cleared when you save."}</p>
                    <button type="button" class="rds-button rds-button--secondary" onclick={undo} disabled={self.disabled}
                        aria-label={format!("Undo clearing the {}", self.label)}>{"Undo"}</button>
                    { field_message(&id, &self.message) }
                </div>
            };
        }
        if !editing {
            let replace = self.on_change.reform(|_: MouseEvent| Some(String::new()));
            let clear = self.on_change.reform(|_: MouseEvent| None);
            return html! {
                <div class="rds-field rds-secret">
                    <p class="rds-field__label">{self.label}</p>
                    <p class="rds-secret__state" id={id.clone()}>{"Configured"}</p>
                    <div class="rds-secret__actions">
                        <button type="button" class="rds-button rds-button--secondary" onclick={replace} disabled={self.disabled}
                            aria-label={format!("Replace the {}", self.label)}>{"Replace"}</button>
                        <button type="button" class="rds-button rds-button--secondary" onclick={clear} disabled={self.disabled}
                            aria-label={format!("Clear the {}", self.label)}>{"Clear"}</button>
                    </div>
                    { field_message(&id, &self.message) }
                </div>
            };
        }

        let value = self.draft.clone().flatten().unwrap_or_default();
        let oninput = {
            let cb = self.on_change.clone();
            Callback::from(move |e: InputEvent| cb.emit(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
        };
        let onblur = self.on_blur.reform(|_: FocusEvent| ());
        let toggle = self.on_reveal.reform(move |_: MouseEvent| !revealed);
        html! {
            <div class={classes!("rds-field", "rds-secret", is_error(&self.message).then_some("rds-field--invalid"))}>
                <label class="rds-field__label" for={id.clone()}>{self.label}</label>
                <div class="rds-secret__row">
                    <input class="rds-field__input" id={id.clone()} type={if revealed { "text" } else { "password" }}
                        value={value} spellcheck="false" autocomplete="new-password" autocapitalize="off"
                        disabled={self.disabled}
                        aria-invalid={flag(is_error(&self.message))}
                        aria-describedby={self.message.as_ref().map(|_| message_id(&id))}
                        {oninput} {onblur} />
                    <button type="button" class="rds-button rds-button--secondary" onclick={toggle}
                        aria-pressed={flag(revealed)} aria-controls={id.clone()} disabled={self.disabled}
                        aria-label={format!("Show the {}", self.label)}>
                        {if revealed { "Hide" } else { "Show" }}
                    </button>
                    if self.configured {
                        <button type="button" class="rds-button rds-button--secondary" onclick={self.on_keep.reform(|_: MouseEvent| ())}
                            disabled={self.disabled} aria-label={format!("Keep the stored {}", self.label)}>{"Keep stored"}</button>
                    }
                </div>
                { field_message(&id, &self.message) }
            </div>
        }
    }
}
