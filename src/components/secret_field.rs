use rds_domain::definition::Field;
use rds_domain::rules::pointer;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fields::{describedby, field_message, flag, is_error, Message};
use super::para;
use super::{class, field_id, on_edit, on_touch};
use crate::actions::PanelHandle;
use crate::state::{Action, Edit};
use crate::view_model::SourceView;
use crate::words::Words;

/// The secret `field` of the source in `v`, wired to the panel's actions.
pub fn secret_input(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    let id = v.id().to_string();
    let at = pointer(field);
    let name = field.key.clone();
    let (keep, reveal) = (name.clone(), name.clone());
    SecretField {
        words: &v.words,
        id: field_id(&id, &at),
        label: v.text(&field.label),
        configured: v.source.secret_is_set(&name),
        draft: v.secret_draft(&name),
        replacing: v.ui.replacing.contains(&name),
        revealed: v.ui.revealed.contains(&name),
        message: v.message(&at),
        disabled: v.locked(),
        on_change: on_edit(panel, &id, move |s| Edit::Secret(name.clone(), s)),
        on_keep: on_edit(panel, &id, move |_: ()| Edit::KeepSecret(keep.clone())),
        on_reveal: {
            let panel = panel.clone();
            let id = id.clone();
            Callback::from(move |on| panel.dispatch(Action::Reveal(id.clone(), reveal.clone(), on)))
        },
        on_blur: on_touch(panel, &id, &at),
    }
    .view()
}

/// A write-only secret: a password input with a reveal toggle, or, when the server holds
/// one, a "Configured" state with Replace and Clear.
pub struct SecretField<'a> {
    pub words: &'a Words,
    pub id: String,
    pub label: &'a str,
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

impl SecretField<'_> {
    pub fn view(self) -> Html {
        let w = self.words;
        let revealed = self.revealed;
        let id = self.id;
        let label = self.label;
        let named = |key: &str| w.f(key, &[("label", label)]);
        let clearing = self.draft == Some(None);
        let editing = !self.configured || self.replacing || self.draft.is_some();

        if self.configured && clearing {
            let undo = self.on_keep.reform(|_: MouseEvent| ());
            return html! {
                <div class="rds-field rds-secret">
                    <p class="rds-field__label" id={format!("{id}-label")}>{label.to_string()}</p>
                    <p class="rds-secret__state" id={id.clone()}>{w.node("secret.willClear")}</p>
                    <button type="button" class="rds-button rds-button--secondary" onclick={undo} disabled={self.disabled}
                        aria-label={named("secret.undoClear")}>{w.node("action.undo")}</button>
                    { field_message(w, &id, &self.message) }
                </div>
            };
        }
        if !editing {
            let replace = self.on_change.reform(|_: MouseEvent| Some(String::new()));
            let clear = self.on_change.reform(|_: MouseEvent| None);
            return html! {
                <div class="rds-field rds-secret">
                    { para("rds-field__label", label.to_string()) }
                    <p class="rds-secret__state" id={id.clone()}>{w.node("secret.configured")}</p>
                    <div class="rds-secret__actions">
                        <button type="button" class="rds-button rds-button--secondary" onclick={replace} disabled={self.disabled}
                            aria-label={named("secret.replace")}>{w.node("action.replace")}</button>
                        <button type="button" class="rds-button rds-button--secondary" onclick={clear} disabled={self.disabled}
                            aria-label={named("secret.clear")}>{w.node("action.clear")}</button>
                    </div>
                    { field_message(w, &id, &self.message) }
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
            <div ~className={class("rds-field rds-secret", &[(is_error(&self.message), "rds-field--invalid")])}>
                <label class="rds-field__label" for={id.clone()}>{label.to_string()}</label>
                // A form, as browsers expect of a password field, with the (hidden) name it
                // belongs to; `method="dialog"` outside a dialog submits nowhere, so Enter in
                // it never reloads the page.
                <form method="dialog" class="rds-secret__row">
                    <input hidden=true autocomplete="username" value={label.to_string()} />
                    <input class="rds-field__input" id={id.clone()} type={if revealed { "text" } else { "password" }}
                        value={value} spellcheck="false" autocomplete="new-password" autocapitalize="off"
                        disabled={self.disabled}
                        aria-invalid={flag(is_error(&self.message))}
                        aria-describedby={describedby(&id, &self.message, false)}
                        {oninput} {onblur} />
                    <button type="button" class="rds-button rds-button--secondary" onclick={toggle}
                        aria-pressed={flag(revealed)} aria-controls={id.clone()} disabled={self.disabled}
                        aria-label={named("secret.show")}>
                        {w.node(if revealed { "action.hide" } else { "action.show" })}
                    </button>
                    if self.configured {
                        <button type="button" class="rds-button rds-button--secondary" onclick={self.on_keep.reform(|_: MouseEvent| ())}
                            disabled={self.disabled} aria-label={named("secret.keep")}>{w.node("action.keepStored")}</button>
                    }
                </form>
                { field_message(w, &id, &self.message) }
            </div>
        }
    }
}
