//! Controlled form controls: the value goes in, a `Callback` comes out, and the field's
//! message sits beside it, linked with `aria-describedby`. Plain structs with a `view`,
//! not components: they hold no state, and each component costs about 1 KB of wasm.

use rds_domain::definition::Severity;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::class;
use crate::words::Words;

pub type Message = Option<(String, Severity)>;

/// The id of the message element of field `id`.
pub fn message_id(id: &str) -> String {
    format!("{id}-message")
}

/// An ARIA true/false value, without formatting a `bool`.
pub fn flag(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

pub fn is_error(m: &Message) -> bool {
    matches!(m, Some((_, Severity::Error)))
}

/// The error or warning under a field.
pub fn field_message(w: &Words, id: &str, message: &Message) -> Html {
    match message {
        Some((text, sev)) => {
            let error = *sev == Severity::Error;
            html! {
                <p id={message_id(id)} ~className={class("rds-field__message", &[(error, "rds-field__message--error"), (!error, "rds-field__message--warning")])}>
                    <span class="rds-field__message-kind">{w.node(if error { "field.error" } else { "field.warning" })}</span>
                    {text.clone()}
                </p>
            }
        }
        None => html! {},
    }
}

pub fn describedby(id: &str, message: &Message, hint: bool) -> Option<String> {
    let mut ids = Vec::new();
    if message.is_some() {
        ids.push(message_id(id));
    }
    if hint {
        ids.push(format!("{id}-hint"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A one-line text input with its label, an optional hint, and its message.
pub struct TextField<'a> {
    pub words: &'a Words,
    pub id: String,
    pub label: &'a str,
    pub value: String,
    pub hint: Option<&'a str>,
    pub message: Message,
    pub disabled: bool,
    pub autocomplete: &'a str,
    pub required: bool,
    /// Emits the new value on every keystroke.
    pub on_input: Callback<String>,
    /// Emits when focus leaves the field, so its problems may show.
    pub on_blur: Callback<()>,
}

impl TextField<'_> {
    pub fn view(self) -> Html {
        let oninput = self.on_input.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        let onblur = self.on_blur.reform(|_: FocusEvent| ());
        let id = self.id;
        html! {
            <div ~className={class("rds-field", &[(is_error(&self.message), "rds-field--invalid")])}>
                <label class="rds-field__label" for={id.clone()}>{self.label.to_string()}</label>
                if let Some(h) = self.hint {
                    <p class="rds-field__hint" id={format!("{id}-hint")}>{h.to_string()}</p>
                }
                <input class="rds-field__input" type="text" id={id.clone()} value={self.value}
                    spellcheck="false" autocapitalize="off"
                    autocomplete={self.autocomplete.to_string()}
                    disabled={self.disabled}
                    aria-required={self.required.then_some("true")}
                    aria-invalid={flag(is_error(&self.message))}
                    aria-describedby={describedby(&id, &self.message, self.hint.is_some())}
                    {oninput} {onblur} />
                { field_message(self.words, &id, &self.message) }
            </div>
        }
    }
}

/// A checkbox with its label and message.
pub struct Checkbox<'a> {
    pub words: &'a Words,
    pub id: String,
    pub label: String,
    pub checked: bool,
    pub message: Message,
    pub disabled: bool,
    /// Emits the new checked state.
    pub on_change: Callback<bool>,
}

impl Checkbox<'_> {
    pub fn view(self) -> Html {
        let onchange = self.on_change.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
        let id = self.id;
        html! {
            <div ~className={class("rds-check-field", &[(is_error(&self.message), "rds-field--invalid")])}>
                <input class="rds-check-field__input" type="checkbox" id={id.clone()} checked={self.checked}
                    disabled={self.disabled}
                    aria-invalid={flag(is_error(&self.message))}
                    aria-describedby={describedby(&id, &self.message, false)}
                    {onchange} />
                <label class="rds-check-field__label" for={id.clone()}>{self.label}</label>
                { field_message(self.words, &id, &self.message) }
            </div>
        }
    }
}

/// A drop-down with its label and message.
pub struct SelectField<'a> {
    pub words: &'a Words,
    pub id: String,
    pub label: &'a str,
    /// (value, label) pairs; the empty value is the "choose" prompt.
    pub options: Vec<(String, String)>,
    pub value: String,
    pub message: Message,
    pub disabled: bool,
    pub required: bool,
    /// Emits the chosen option's value.
    pub on_change: Callback<String>,
}

impl SelectField<'_> {
    pub fn view(self) -> Html {
        let onchange = self.on_change.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
        let id = self.id;
        html! {
            <div ~className={class("rds-field", &[(is_error(&self.message), "rds-field--invalid")])}>
                <label class="rds-field__label" for={id.clone()}>{self.label.to_string()}</label>
                <select class="rds-field__input" id={id.clone()} disabled={self.disabled}
                    aria-required={self.required.then_some("true")}
                    aria-invalid={flag(is_error(&self.message))}
                    aria-describedby={describedby(&id, &self.message, false)}
                    {onchange}>
                    { for self.options.into_iter().map(|(v, l)| {
                        let selected = v == self.value;
                        html! { <option value={v} {selected}>{l}</option> }
                    }) }
                </select>
                { field_message(self.words, &id, &self.message) }
            </div>
        }
    }
}
