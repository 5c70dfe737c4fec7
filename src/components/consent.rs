use rds_domain::api::ConnectionState;
use yew::prelude::*;

use crate::actions::PanelHandle;
use crate::view_model::SourceView;

/// The onscreen instructions of a source connected by consent (a Microsoft tenant): admin
/// consent in a new window, then the status the backend reports.
pub fn consent_section(panel: &PanelHandle, v: &SourceView) -> Html {
    let w = &v.words;
    if !v.source.upload_enabled {
        return html! { <p class="rds-consent rds-consent--off">{w.t("consent.off").to_string()}</p> };
    }
    if v.source.status.state == ConnectionState::Connected {
        return html! { <p class="rds-consent rds-consent--done">{w.t("consent.done").to_string()}</p> };
    }
    let onclick = {
        let panel = panel.clone();
        let id = v.id().to_string();
        Callback::from(move |_: MouseEvent| panel.consent(&id))
    };
    html! {
        <div class="rds-consent">
            <p>{w.t("consent.intro").to_string()}</p>
            <button type="button" class="rds-button rds-button--primary" {onclick} disabled={!v.can_edit}
                aria-label={w.f("consent.enableFor", &[("name", v.name())])}>
                {w.t("consent.enable").to_string()}
            </button>
            if let Some(url) = v.ui.consent_url.clone() {
                <p class="rds-consent__waiting">
                    {w.t("consent.waiting").to_string()}
                    <a href={url} target="_blank" rel="noopener noreferrer">{w.t("consent.openPage").to_string()}</a>{"."}
                </p>
            }
        </div>
    }
}
