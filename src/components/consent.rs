use rds_domain::api::ConnectionState;
use yew::prelude::*;

use crate::panel_handle::PanelHandle;
use crate::view_model::SourceView;

/// The onscreen instructions of Azure AD and Office 365: admin consent in a new window,
/// then the status the backend reports.
pub fn consent_section(panel: &PanelHandle, v: &SourceView) -> Html {
    let id = v.id();
    if !v.source.upload_enabled {
        return html! {
            <p class="rds-consent rds-consent--off">{"Turn on Data upload permission first; the consent step follows."}</p>
        };
    }
    if v.source.status.state == ConnectionState::Connected {
        return html! { <p class="rds-consent rds-consent--done">{"The data connection is enabled."}</p> };
    }
    let panel = panel.clone();
    let onclick = Callback::from(move |_: MouseEvent| panel.consent(id));
    html! {
        <div class="rds-consent">
            <p>{"Enable the data connection: sign in as a Microsoft administrator and accept the requested permissions."}</p>
            <button type="button" class="rds-button rds-button--primary" {onclick} disabled={!v.can_edit}
                aria-label={format!("Enable the data connection for {}", id.name())}>
                {"Enable data connection"}
            </button>
            if let Some(url) = v.ui.consent_url.clone() {
                <p class="rds-consent__waiting" >
                    {"Waiting for consent in the window that opened. If no window opened, "}
                    <a href={url} target="_blank" rel="noopener noreferrer">{"open the consent page"}</a>{"."}
                </p>
            }
        </div>
    }
}
