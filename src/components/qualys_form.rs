use rds_domain::api::{SecretName, SettingKey};
use rds_domain::catalog::QualysPermission;
use rds_domain::hosts::QUALYS_PLATFORMS;
use yew::prelude::*;

use super::fields::{field_message, Checkbox, SelectField, TextField};
use super::secret_field::secret_input;
use super::{field_id, on_edit, on_touch};
use crate::panel_handle::PanelHandle;
use crate::state::Edit;
use crate::view_model::SourceView;

const PRIVATE: &str = "private";

/// Qualys' API server, account, the four permissions and the change of vulnerability source.
pub fn qualys_form(panel: &PanelHandle, v: &SourceView) -> Html {
    let id = v.id();
    let disabled = !v.can_edit || v.ui.saving;
    let server = SettingKey::ApiServer.pointer();
    let user = SettingKey::Username.pointer();
    let perms = SettingKey::Permissions.pointer();
    let ack = SettingKey::ReplacesEndpointSensor.pointer();

    let host = v.settings.api_server.clone().unwrap_or_default();
    let on_platform = QUALYS_PLATFORMS.iter().any(|(_, h)| *h == host);
    let private = !host.is_empty() && !on_platform;
    let mut options: Vec<(AttrValue, AttrValue)> = vec![("".into(), "Choose your Qualys platform".into())];
    options.extend(QUALYS_PLATFORMS.iter().map(|(l, h)| (AttrValue::from(*h), AttrValue::from(format!("{l} ({h})")))));
    options.push((PRIVATE.into(), "Private cloud platform (enter its API host)".into()));
    let held = v.settings.permissions.clone().unwrap_or_default();
    let perm_group = field_id(id, &perms);

    html! {
        <div class="rds-form">
            { SelectField {
                id: format!("{}-platform", field_id(id, &server)),
                label: "Qualys platform",
                options,
                value: if private { PRIVATE.to_string() } else { host.clone() },
                message: if private { None } else { v.message(&server) },
                disabled,
                on_change: on_edit(panel, id, |h: String| Edit::ApiServer(if h == PRIVATE { "qualysapi.".into() } else { h })),
            }.view() }
            if private {
                { TextField {
                    id: field_id(id, &server),
                    label: "Private cloud API server",
                    hint: Some("The host name of your platform's API, starting with qualysapi."),
                    value: host.clone(),
                    message: v.message(&server),
                    disabled,
                    autocomplete: "off",
                    on_input: on_edit(panel, id, Edit::ApiServer),
                    on_blur: on_touch(panel, id, &server),
                }.view() }
            }
            { TextField {
                id: field_id(id, &user),
                label: "Qualys username",
                hint: None,
                value: v.settings.username.clone().unwrap_or_default(),
                message: v.message(&user),
                disabled,
                autocomplete: "username",
                on_input: on_edit(panel, id, Edit::Username),
                on_blur: on_touch(panel, id, &user),
            }.view() }
            { secret_input(panel, v, SecretName::Password, "Qualys password") }
            <fieldset class="rds-fieldset" aria-describedby={v.message(&perms).map(|_| format!("{perm_group}-message"))}>
                <legend class="rds-fieldset__legend">{"The Qualys account has these permissions"}</legend>
                { for QualysPermission::ALL.iter().map(|&p| Checkbox {
                    id: format!("{perm_group}-{}", p.key()),
                    label: p.label().into(),
                    checked: held.contains(&p),
                    message: None,
                    disabled,
                    on_change: on_edit(panel, id, move |on| Edit::Permission(p, on)),
                }.view()) }
                { field_message(&perm_group, &v.message(&perms)) }
            </fieldset>
            { Checkbox {
                id: field_id(id, &ack),
                label: "I understand that Qualys replaces the Endpoint Sensor as the vulnerability detection source, and provides only CVE detection data and limited device information: activity monitoring of exploit attempts and comprehensive device insights are lost.".into(),
                checked: v.settings.replaces_endpoint_sensor == Some(true),
                message: v.message(&ack),
                disabled,
                on_change: on_edit(panel, id, Edit::ReplacesEndpointSensor),
            }.view() }
        </div>
    }
}
