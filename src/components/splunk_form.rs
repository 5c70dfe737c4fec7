use rds_domain::api::{SecretName, SettingKey};
use rds_domain::Region;
use yew::prelude::*;

use super::fields::Checkbox;
use super::secret_field::secret_input;
use super::{field_id, on_edit};
use crate::panel_handle::PanelHandle;
use crate::state::{Action, Edit};
use crate::view_model::SourceView;

/// Splunk's app, API token and the firewall exception for the region's ingestor.
pub fn splunk_form(panel: &PanelHandle, v: &SourceView) -> Html {
    let id = v.id();
    let disabled = !v.can_edit || v.ui.saving;
    let app = SettingKey::AppInstalled.pointer();
    let fw = SettingKey::FirewallException.pointer();
    let host = v.region.ingestor_host();
    let copy = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(host);
            }
            panel.dispatch(Action::Announce(format!("Copied {host}.")));
        })
    };
    html! {
        <div class="rds-form">
            { Checkbox {
                id: field_id(id, &app),
                label: "The Trend Micro Risk Insights for Splunk app is installed in Splunk".into(),
                checked: v.settings.app_installed == Some(true),
                message: v.message(&app),
                disabled,
                on_change: on_edit(panel, id, Edit::AppInstalled),
            }.view() }
            { secret_input(panel, v, SecretName::ApiToken, "Splunk API token") }
            <div class="rds-firewall">
                <h4 class="rds-firewall__title">{"Firewall exception"}</h4>
                <p class="rds-firewall__yours">
                    {format!("Your region ({}): ", v.region.label())}
                    <code class="rds-firewall__host" id={format!("rds-{}-ingestor", id.as_str())}>{host}</code>
                    <button type="button" class="rds-button rds-button--secondary" onclick={copy}
                        aria-label={format!("Copy {host}")}>{"Copy"}</button>
                </p>
                <p class="rds-firewall__intro">{"Configure the necessary firewall exceptions based on your region:"}</p>
                <ul class="rds-firewall__regions">
                    { for Region::ALL.iter().map(|r| html! {
                        <li class={classes!("rds-firewall__region", (*r == v.region).then_some("rds-firewall__region--current"))}>
                            {format!("{}: ", r.label())}<code>{r.ingestor_host()}</code>
                        </li>
                    }) }
                </ul>
                { Checkbox {
                    id: field_id(id, &fw),
                    label: format!("The firewall allows Splunk to reach {host}"),
                    checked: v.settings.firewall_exception == Some(true),
                    message: v.message(&fw),
                    disabled,
                    on_change: on_edit(panel, id, Edit::FirewallException),
                }.view() }
            </div>
        </div>
    }
}
