use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SwitchProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The full accessible name, which names the source as well as the switch.
    pub accessible_name: AttrValue,
    pub checked: bool,
    /// Refuses the change; the switch stays focusable so its reason can be read.
    pub blocked: bool,
    pub busy: bool,
    /// The id of the text that says why the switch is blocked.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Asks for the opposite of `checked`.
    pub on_toggle: Callback<bool>,
}

/// An on/off switch (`role="switch"`) that can be blocked without losing focusability.
#[function_component]
pub fn Switch(props: &SwitchProps) -> Html {
    let onclick = {
        let (cb, checked, busy) = (props.on_toggle.clone(), props.checked, props.busy);
        Callback::from(move |_: MouseEvent| {
            if !busy {
                cb.emit(!checked)
            }
        })
    };
    html! {
        <button type="button" role="switch" id={props.id.clone()}
            class={classes!("rds-switch", props.checked.then_some("rds-switch--on"), props.blocked.then_some("rds-switch--blocked"))}
            aria-checked={props.checked.to_string()}
            aria-disabled={(props.blocked || props.busy).to_string()}
            aria-busy={props.busy.to_string()}
            aria-label={props.accessible_name.clone()}
            aria-describedby={props.described_by.clone()}
            {onclick}>
            <span class="rds-switch__track" aria-hidden="true"><span class="rds-switch__thumb"></span></span>
            <span class="rds-switch__label">{props.label.clone()}</span>
            <span class="rds-switch__state" aria-hidden="true">{if props.checked { "On" } else { "Off" }}</span>
        </button>
    }
}
