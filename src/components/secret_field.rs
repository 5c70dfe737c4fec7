use rds_domain::api::SecretName;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fields::{field_message, is_error, message_id, Message};
use super::{field_id, on_edit, on_touch};
use crate::panel_handle::PanelHandle;
use crate::state::Edit;
use crate::view_model::SourceView;

/// The secret `name` of the source in `v`, wired to the panel's actions.
pub fn secret_input(panel: &PanelHandle, v: &SourceView, name: SecretName, label: &'static str) -> Html {
    let id = v.id();
    let pointer = format!("/secrets/{}", name.key());
    html! {
        <SecretField id={field_id(id, &pointer)} {label}
            configured={v.source.secret_is_set(name)}
            draft={v.secret_draft(name)}
            replacing={v.ui.replacing.contains(&name)}
            message={v.message(&pointer)} disabled={!v.can_edit || v.ui.saving}
            on_change={on_edit(panel, id, move |s| Edit::Secret(name, s))}
            on_keep={on_edit(panel, id, move |_: ()| Edit::KeepSecret(name))}
            on_blur={on_touch(panel, id, &pointer)} />
    }
}

#[derive(Properties, PartialEq)]
pub struct SecretFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The server holds a value.
    pub configured: bool,
    /// What the user did: `None` nothing, `Some(Some(v))` typed `v`, `Some(None)` cleared.
    pub draft: Option<Option<String>>,
    /// The user pressed Replace on a configured secret.
    pub replacing: bool,
    #[prop_or_default]
    pub message: Message,
    #[prop_or_default]
    pub disabled: bool,
    /// Emits a new value (`Some`) or a request to clear the stored one (`None`).
    pub on_change: Callback<Option<String>>,
    /// Goes back to the stored value.
    pub on_keep: Callback<()>,
    /// Emits when focus leaves the input.
    pub on_blur: Callback<()>,
}

/// A write-only secret: a password input with a reveal toggle, or, when the server holds
/// one, a "Configured" state with Replace and Clear.
#[function_component]
pub fn SecretField(props: &SecretFieldProps) -> Html {
    let revealed = use_state(|| false);
    let id = props.id.to_string();
    let clearing = props.draft == Some(None);
    let editing = !props.configured || props.replacing || props.draft.is_some();

    if props.configured && clearing {
        let undo = props.on_keep.reform(|_: MouseEvent| ());
        return html! {
            <div class="rds-field rds-secret">
                <p class="rds-field__label" id={format!("{id}-label")}>{props.label.clone()}</p>
                <p class="rds-secret__state" id={id.clone()}>{"Will be cleared when you save."}</p>
                <button type="button" class="rds-button rds-button--secondary" onclick={undo} disabled={props.disabled}
                    aria-label={format!("Undo clearing the {}", props.label)}>{"Undo"}</button>
                { field_message(&id, &props.message) }
            </div>
        };
    }
    if !editing {
        let replace = props.on_change.reform(|_: MouseEvent| Some(String::new()));
        let clear = props.on_change.reform(|_: MouseEvent| None);
        return html! {
            <div class="rds-field rds-secret">
                <p class="rds-field__label">{props.label.clone()}</p>
                <p class="rds-secret__state" id={id.clone()}>{"Configured"}</p>
                <div class="rds-secret__actions">
                    <button type="button" class="rds-button rds-button--secondary" onclick={replace} disabled={props.disabled}
                        aria-label={format!("Replace the {}", props.label)}>{"Replace"}</button>
                    <button type="button" class="rds-button rds-button--secondary" onclick={clear} disabled={props.disabled}
                        aria-label={format!("Clear the {}", props.label)}>{"Clear"}</button>
                </div>
                { field_message(&id, &props.message) }
            </div>
        };
    }

    let value = props.draft.clone().flatten().unwrap_or_default();
    let oninput = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| cb.emit(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let onblur = props.on_blur.reform(|_: FocusEvent| ());
    let toggle = {
        let revealed = revealed.clone();
        Callback::from(move |_: MouseEvent| revealed.set(!*revealed))
    };
    html! {
        <div class={classes!("rds-field", "rds-secret", is_error(&props.message).then_some("rds-field--invalid"))}>
            <label class="rds-field__label" for={id.clone()}>{props.label.clone()}</label>
            <div class="rds-secret__row">
                <input class="rds-field__input" id={id.clone()} type={if *revealed { "text" } else { "password" }}
                    value={value} spellcheck="false" autocomplete="new-password" autocapitalize="off"
                    disabled={props.disabled}
                    aria-invalid={is_error(&props.message).to_string()}
                    aria-describedby={props.message.as_ref().map(|_| message_id(&id))}
                    {oninput} {onblur} />
                <button type="button" class="rds-button rds-button--secondary" onclick={toggle}
                    aria-pressed={revealed.to_string()} aria-controls={id.clone()} disabled={props.disabled}
                    aria-label={format!("Show the {}", props.label)}>
                    {if *revealed { "Hide" } else { "Show" }}
                </button>
                if props.configured {
                    <button type="button" class="rds-button rds-button--secondary" onclick={props.on_keep.reform(|_: MouseEvent| ())}
                        disabled={props.disabled} aria-label={format!("Keep the stored {}", props.label)}>{"Keep stored"}</button>
                }
            </div>
            { field_message(&id, &props.message) }
        </div>
    }
}
