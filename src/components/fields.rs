//! Controlled form fields: the value goes in, a `Callback` comes out, and the field's
//! message sits beside it, linked with `aria-describedby`.

use rds_domain::rules::Severity;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

pub type Message = Option<(String, Severity)>;

/// The id of the message element of field `id`.
pub fn message_id(id: &str) -> String {
    format!("{id}-message")
}

pub fn is_error(m: &Message) -> bool {
    matches!(m, Some((_, Severity::Error)))
}

/// The error or warning under a field.
pub fn field_message(id: &str, message: &Message) -> Html {
    match message {
        Some((text, sev)) => html! {
            <p id={message_id(id)} class={classes!("rds-field__message", if *sev == Severity::Error { "rds-field__message--error" } else { "rds-field__message--warning" })}>
                <span class="rds-field__message-kind">{if *sev == Severity::Error { "Error: " } else { "Warning: " }}</span>
                {text.clone()}
            </p>
        },
        None => html! {},
    }
}

fn describedby(id: &str, message: &Message, hint: bool) -> Option<String> {
    let mut ids = Vec::new();
    if message.is_some() {
        ids.push(message_id(id));
    }
    if hint {
        ids.push(format!("{id}-hint"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub message: Message,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// Emits the new value on every keystroke.
    pub on_input: Callback<String>,
    /// Emits when focus leaves the field, so its problems may show.
    pub on_blur: Callback<()>,
}

#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = {
        let cb = props.on_input.clone();
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onblur = props.on_blur.reform(|_: FocusEvent| ());
    let id = props.id.to_string();
    html! {
        <div class={classes!("rds-field", is_error(&props.message).then_some("rds-field--invalid"))}>
            <label class="rds-field__label" for={id.clone()}>{props.label.clone()}</label>
            if let Some(h) = &props.hint {
                <p class="rds-field__hint" id={format!("{id}-hint")}>{h.clone()}</p>
            }
            <input class="rds-field__input" type="text" id={id.clone()} value={props.value.clone()}
                spellcheck="false" autocapitalize="off"
                autocomplete={props.autocomplete.clone().unwrap_or_else(|| AttrValue::from("off"))}
                disabled={props.disabled}
                aria-invalid={is_error(&props.message).to_string()}
                aria-describedby={describedby(&id, &props.message, props.hint.is_some())}
                {oninput} {onblur} />
            { field_message(&id, &props.message) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckboxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub checked: bool,
    #[prop_or_default]
    pub message: Message,
    #[prop_or_default]
    pub disabled: bool,
    /// Emits the new checked state.
    pub on_change: Callback<bool>,
}

#[function_component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let onchange = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let id = props.id.to_string();
    html! {
        <div class={classes!("rds-check-field", is_error(&props.message).then_some("rds-field--invalid"))}>
            <input class="rds-check-field__input" type="checkbox" id={id.clone()} checked={props.checked}
                disabled={props.disabled}
                aria-invalid={is_error(&props.message).to_string()}
                aria-describedby={describedby(&id, &props.message, false)}
                {onchange} />
            <label class="rds-check-field__label" for={id.clone()}>{props.label.clone()}</label>
            { field_message(&id, &props.message) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, label) pairs; the empty value is the "choose" prompt.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub value: AttrValue,
    #[prop_or_default]
    pub message: Message,
    #[prop_or_default]
    pub disabled: bool,
    /// Emits the chosen option's value.
    pub on_change: Callback<String>,
}

#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let id = props.id.to_string();
    html! {
        <div class={classes!("rds-field", is_error(&props.message).then_some("rds-field--invalid"))}>
            <label class="rds-field__label" for={id.clone()}>{props.label.clone()}</label>
            <select class="rds-field__input" id={id.clone()} disabled={props.disabled}
                aria-invalid={is_error(&props.message).to_string()}
                aria-describedby={describedby(&id, &props.message, false)}
                {onchange}>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == props.value}>{l.clone()}</option>
                }) }
            </select>
            { field_message(&id, &props.message) }
        </div>
    }
}
