use rds_domain::api::{SecretName, SettingKey};
use rds_domain::catalog::OktaRole;
use yew::prelude::*;

use super::fields::{SelectField, TextField};
use super::secret_field::secret_input;
use super::{field_id, on_edit, on_touch};
use crate::panel_handle::PanelHandle;
use crate::state::Edit;
use crate::view_model::SourceView;

/// Okta's URL domain, API token and administrator role.
pub fn okta_form(panel: &PanelHandle, v: &SourceView) -> Html {
    let id = v.id();
    let disabled = !v.can_edit || v.ui.saving;
    let domain = SettingKey::Domain.pointer();
    let role = SettingKey::AdminRole.pointer();
    let mut roles: Vec<(AttrValue, AttrValue)> =
        vec![("".into(), "Choose the account's administrator privilege".into())];
    roles.extend(OktaRole::ALL.iter().map(|r| (AttrValue::from(r.key()), AttrValue::from(r.label()))));
    html! {
        <div class="rds-form">
            { TextField {
                id: field_id(id, &domain),
                label: "Okta URL domain",
                hint: Some("Your Okta org domain, such as acme.okta.com"),
                value: v.settings.domain.clone().unwrap_or_default(),
                message: v.message(&domain),
                disabled,
                autocomplete: "url",
                on_input: on_edit(panel, id, Edit::Domain),
                on_blur: on_touch(panel, id, &domain),
            }.view() }
            { secret_input(panel, v, SecretName::ApiToken, "Okta API token") }
            { SelectField {
                id: field_id(id, &role),
                label: "Administrator privilege of the Okta account",
                options: roles,
                value: v.settings.admin_role.map(|r| r.key()).unwrap_or("").to_string(),
                message: v.message(&role),
                disabled,
                on_change: on_edit(panel, id, |k: String| Edit::AdminRole(OktaRole::parse(&k))),
            }.view() }
        </div>
    }
}
