use rds_domain::api::ConnectionState;
use yew::prelude::*;

use super::para;

use crate::actions::PanelHandle;
use crate::view_model::SourceView;

/// The onscreen instructions of a source connected by consent (a Microsoft tenant): admin
/// consent in a new window, then the status the backend reports.
pub fn consent_section(panel: &PanelHandle, v: &SourceView) -> Html {
    let w = &v.words;
    if !v.source.upload_enabled {
        return html! { { para("rds-consent rds-consent--off", w.node("consent.off")) } };
    }
    if v.source.status.state == ConnectionState::Connected {
        return html! { { para("rds-consent rds-consent--done", w.node("consent.done")) } };
    }
    let onclick = super::on_click(panel, v.id(), PanelHandle::consent);
    html! {
        <div class="rds-consent">
            <p>{w.node("consent.intro")}</p>
            <button type="button" class="rds-button rds-button--primary" {onclick} disabled={!v.can_edit}
                aria-label={w.f("consent.enableFor", &[("name", v.name())])}>
                {w.node("consent.enable")}
            </button>
            if let Some(url) = v.ui.consent_url.clone() {
                <p class="rds-consent__waiting">
                    {w.node("consent.waiting")}
                    <a href={url} target="_blank" rel="noopener noreferrer">{w.node("consent.openPage")}</a>{w.node("consent.waitingEnd")}
                </p>
            }
        </div>
    }
}
