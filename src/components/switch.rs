use yew::prelude::*;

use super::class;

use super::fields::flag;

/// An on/off switch (`role="switch"`) that can be blocked without losing focusability.
pub struct Switch<'a> {
    pub id: String,
    pub label: &'a str,
    /// The full accessible name, which names the source as well as the switch.
    pub accessible_name: String,
    pub checked: bool,
    /// Refuses the change; the switch stays focusable so its reason can be read.
    pub blocked: bool,
    pub busy: bool,
    /// The id of the text that says why the switch is blocked.
    pub described_by: Option<String>,
    /// The words for on and off.
    pub states: (&'a str, &'a str),
    /// Asks for the opposite of `checked`.
    pub on_toggle: Callback<bool>,
}

impl Switch<'_> {
    pub fn view(self) -> Html {
        let (checked, busy) = (self.checked, self.busy);
        let on_toggle = self.on_toggle;
        let onclick = Callback::from(move |_: MouseEvent| {
            if !busy {
                on_toggle.emit(!checked)
            }
        });
        html! {
            <button type="button" role="switch" id={self.id}
                ~className={class("rds-switch", &[(checked, "rds-switch--on"), (self.blocked, "rds-switch--blocked")])}
                aria-checked={flag(checked)}
                aria-disabled={flag(self.blocked || busy)}
                aria-busy={flag(busy)}
                aria-label={self.accessible_name}
                aria-describedby={self.described_by}
                {onclick}>
                <span class="rds-switch__track" aria-hidden="true"><span class="rds-switch__thumb"></span></span>
                <span class="rds-switch__label">{self.label.to_string()}</span>
                <span class="rds-switch__state" aria-hidden="true">{if checked { self.states.0 } else { self.states.1 }.to_string()}</span>
            </button>
        }
    }
}
