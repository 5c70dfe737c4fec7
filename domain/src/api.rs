//! The REST contract's types, as camelCase JSON. The server serialises them and the panel
//! deserialises them, so both read the same definitions.

use crate::small_map::SmallMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{OktaRole, QualysPermission, Region, SourceId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionState {
    NotConnected,
    Pending,
    Connected,
    Partial,
    Error,
}

impl ConnectionState {
    pub const ALL: [ConnectionState; 5] = [
        ConnectionState::NotConnected,
        ConnectionState::Pending,
        ConnectionState::Connected,
        ConnectionState::Partial,
        ConnectionState::Error,
    ];

    /// The name in the API (its serde name).
    pub fn key(self) -> &'static str {
        match self {
            ConnectionState::NotConnected => "notConnected",
            ConnectionState::Pending => "pending",
            ConnectionState::Connected => "connected",
            ConnectionState::Partial => "partial",
            ConnectionState::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<ConnectionState> {
        ConnectionState::ALL.into_iter().find(|c| c.key() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConnectionState::NotConnected => "Not connected",
            ConnectionState::Pending => "Pending",
            ConnectionState::Connected => "Connected",
            ConnectionState::Partial => "Partially connected",
            ConnectionState::Error => "Error",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub state: ConnectionState,
    pub detail: String,
}

/// Names of the write-only values a source can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SecretName {
    ApiToken,
    Password,
}

impl SecretName {
    pub const ALL: [SecretName; 2] = [SecretName::ApiToken, SecretName::Password];

    pub fn parse(s: &str) -> Option<SecretName> {
        SecretName::ALL.into_iter().find(|n| n.key() == s)
    }

    pub fn key(self) -> &'static str {
        match self {
            SecretName::ApiToken => "apiToken",
            SecretName::Password => "password",
        }
    }

    /// The secrets a source takes.
    pub fn of(id: SourceId) -> &'static [SecretName] {
        match id {
            SourceId::Okta | SourceId::Splunk => &[SecretName::ApiToken],
            SourceId::Qualys => &[SecretName::Password],
            _ => &[],
        }
    }
}

/// Non-secret settings. Each source uses a few of them (see [`SettingKey::of`]); a PATCH
/// replaces only the ones it carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Okta URL domain, stored as the bare host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The Okta administrator role the account holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_role: Option<OktaRole>,
    /// Qualys API server host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_server: Option<String>,
    /// Qualys account user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Qualys permissions the admin confirmed the account holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<QualysPermission>>,
    /// The admin accepted that Qualys replaces the Endpoint Sensor as vulnerability source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces_endpoint_sensor: Option<bool>,
    /// The Trend Micro Risk Insights for Splunk app is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_installed: Option<bool>,
    /// The firewall exception for the region's ingestor host is configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firewall_exception: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKey {
    Domain,
    AdminRole,
    ApiServer,
    Username,
    Permissions,
    ReplacesEndpointSensor,
    AppInstalled,
    FirewallException,
}

impl SettingKey {
    pub const ALL: [SettingKey; 8] = [
        SettingKey::Domain,
        SettingKey::AdminRole,
        SettingKey::ApiServer,
        SettingKey::Username,
        SettingKey::Permissions,
        SettingKey::ReplacesEndpointSensor,
        SettingKey::AppInstalled,
        SettingKey::FirewallException,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SettingKey::Domain => "domain",
            SettingKey::AdminRole => "adminRole",
            SettingKey::ApiServer => "apiServer",
            SettingKey::Username => "username",
            SettingKey::Permissions => "permissions",
            SettingKey::ReplacesEndpointSensor => "replacesEndpointSensor",
            SettingKey::AppInstalled => "appInstalled",
            SettingKey::FirewallException => "firewallException",
        }
    }

    /// The settings a source takes.
    pub fn of(id: SourceId) -> &'static [SettingKey] {
        match id {
            SourceId::Okta => &[SettingKey::Domain, SettingKey::AdminRole],
            SourceId::Qualys => &[
                SettingKey::ApiServer,
                SettingKey::Username,
                SettingKey::Permissions,
                SettingKey::ReplacesEndpointSensor,
            ],
            SourceId::Splunk => &[SettingKey::AppInstalled, SettingKey::FirewallException],
            _ => &[],
        }
    }

    pub fn pointer(self) -> String {
        format!("/settings/{}", self.key())
    }
}

impl Settings {
    /// The keys this value carries.
    pub fn present(&self) -> Vec<SettingKey> {
        let mut keys = Vec::new();
        let mut add = |on: bool, k| {
            if on {
                keys.push(k)
            }
        };
        add(self.domain.is_some(), SettingKey::Domain);
        add(self.admin_role.is_some(), SettingKey::AdminRole);
        add(self.api_server.is_some(), SettingKey::ApiServer);
        add(self.username.is_some(), SettingKey::Username);
        add(self.permissions.is_some(), SettingKey::Permissions);
        add(self.replaces_endpoint_sensor.is_some(), SettingKey::ReplacesEndpointSensor);
        add(self.app_installed.is_some(), SettingKey::AppInstalled);
        add(self.firewall_exception.is_some(), SettingKey::FirewallException);
        keys
    }

    /// Overlays the values `patch` carries; an empty string clears a text setting.
    pub fn merge(&mut self, patch: &Settings) {
        fn text(slot: &mut Option<String>, new: &Option<String>) {
            if let Some(v) = new {
                *slot = (!v.trim().is_empty()).then(|| v.clone());
            }
        }
        fn value<T: Clone>(slot: &mut Option<T>, new: &Option<T>) {
            if new.is_some() {
                *slot = new.clone();
            }
        }
        text(&mut self.domain, &patch.domain);
        value(&mut self.admin_role, &patch.admin_role);
        text(&mut self.api_server, &patch.api_server);
        text(&mut self.username, &patch.username);
        value(&mut self.permissions, &patch.permissions);
        value(&mut self.replaces_endpoint_sensor, &patch.replaces_endpoint_sensor);
        value(&mut self.app_installed, &patch.app_installed);
        value(&mut self.firewall_exception, &patch.firewall_exception);
    }
}

/// One source as the server reports it. Secrets appear only as "set or not".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSource {
    pub id: SourceId,
    pub upload_enabled: bool,
    /// Office 365 only: threat-detection upload, which needs Cloud App Security.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_detection_upload: Option<bool>,
    pub status: Status,
    pub last_data_received_at: Option<String>,
    pub settings: Settings,
    /// Which secrets hold a value. Never the values themselves.
    pub secrets_set: SmallMap<SecretName, bool>,
    pub version: u64,
    pub updated_at: String,
    pub updated_by: String,
}

impl DataSource {
    /// A source as a new console has it: off, not connected, nothing set.
    pub fn unconfigured(id: SourceId) -> DataSource {
        DataSource {
            id,
            upload_enabled: false,
            threat_detection_upload: (id == SourceId::Office365).then_some(false),
            status: Status { state: ConnectionState::NotConnected, detail: String::new() },
            last_data_received_at: None,
            settings: Settings::default(),
            secrets_set: SecretName::of(id).iter().map(|&n| (n, false)).collect(),
            version: 1,
            updated_at: String::new(),
            updated_by: String::new(),
        }
    }

    pub fn secret_is_set(&self, name: SecretName) -> bool {
        self.secrets_set.get(&name).copied().unwrap_or(false)
    }
}

/// The console around the sources: what the panel cannot change but must know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct World {
    pub region: Region,
    pub internet_access_service_enabled: bool,
    pub cloud_app_security_connected: bool,
    pub vulnerability_source: SourceId,
    pub can_edit: bool,
}

/// `GET /api/v1/data-sources`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceList {
    pub world: World,
    pub sources: Vec<DataSource>,
}

impl World {
    /// An editable console in `region` with nothing else connected.
    pub fn new(region: Region) -> World {
        World {
            region,
            internet_access_service_enabled: false,
            cloud_app_security_connected: false,
            vulnerability_source: SourceId::EndpointSensor,
            can_edit: true,
        }
    }
}

impl SourceList {
    /// Every source of the catalog, unconfigured, in `world`.
    pub fn unconfigured(world: World) -> SourceList {
        SourceList { world, sources: SourceId::ALL.iter().map(|&id| DataSource::unconfigured(id)).collect() }
    }

    pub fn get(&self, id: SourceId) -> Option<&DataSource> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn upload_enabled(&self, id: SourceId) -> bool {
        self.get(id).is_some_and(|s| s.upload_enabled)
    }
}

/// `PATCH /api/v1/data-sources/{id}`. Absent fields stay as they are; a secret set to
/// `null` is cleared.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourcePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_detection_upload: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub secrets: SmallMap<SecretName, Option<String>>,
    /// Turning a source off also turns off the sources that need it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub turn_off_dependents: bool,
}

impl SourcePatch {
    pub fn is_empty(&self) -> bool {
        self.upload_enabled.is_none()
            && self.threat_detection_upload.is_none()
            && self.settings.as_ref().is_none_or(|s| s.present().is_empty())
            && self.secrets.is_empty()
    }
}

/// `POST /api/v1/data-sources/{id}/consent`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentStart {
    pub authorization_url: String,
}

/// One field's error in a problem document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// JSON pointer into the request body, such as `/settings/domain`.
    pub pointer: String,
    pub code: String,
    pub detail: String,
}

/// RFC 9457 `application/problem+json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemDocument {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default)]
    pub detail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// On 409: the sources that would go off too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependents: Vec<SourceId>,
    /// On 412: the source as it is now on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<DataSource>>,
}

/// The strong entity tag of a source version.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// Reads an `If-Match` value back into a version; `*` is not accepted, since a blind
/// overwrite is exactly what the tag exists to stop.
pub fn parse_etag(value: &str) -> Option<u64> {
    let v = value.trim();
    let v = v.strip_prefix("W/").unwrap_or(v);
    v.strip_prefix('"')?.strip_suffix('"')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patch_reads_null_as_clear_and_absent_as_keep() {
        let p: SourcePatch =
            serde_json::from_value(json!({"secrets": {"apiToken": null}, "uploadEnabled": true})).unwrap();
        assert_eq!(p.secrets.get(&SecretName::ApiToken), Some(&None));
        assert_eq!(p.upload_enabled, Some(true));
        let p: SourcePatch = serde_json::from_value(json!({"settings": {"domain": "a.okta.com"}})).unwrap();
        assert!(p.secrets.is_empty());
        assert!(!p.is_empty());
    }

    #[test]
    fn patch_refuses_unknown_fields() {
        assert!(serde_json::from_value::<SourcePatch>(json!({"uploadEnable": true})).is_err());
        assert!(serde_json::from_value::<SourcePatch>(json!({"settings": {"token": "x"}})).is_err());
        assert!(serde_json::from_value::<SourcePatch>(json!({"secrets": {"apiKey": "x"}})).is_err());
    }

    #[test]
    fn source_serialises_camel_case_without_secret_values() {
        let mut secrets_set = SmallMap::new();
        secrets_set.insert(SecretName::ApiToken, true);
        let s = DataSource {
            id: SourceId::Okta,
            upload_enabled: true,
            threat_detection_upload: None,
            status: Status { state: ConnectionState::NotConnected, detail: String::new() },
            last_data_received_at: None,
            settings: Settings { domain: Some("a.okta.com".into()), ..Default::default() },
            secrets_set,
            version: 3,
            updated_at: "2026-01-01T00:00:00Z".into(),
            updated_by: "admin".into(),
        };
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["uploadEnabled"], true);
        assert_eq!(v["status"]["state"], "notConnected");
        assert_eq!(v["secretsSet"]["apiToken"], true);
        assert_eq!(v["settings"], json!({"domain": "a.okta.com"}));
        assert!(v.get("threatDetectionUpload").is_none());
        let back: DataSource = serde_json::from_value(v).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn merge_overlays_present_values_and_clears_blank_text() {
        let mut s = Settings { domain: Some("a.okta.com".into()), admin_role: Some(OktaRole::OrgAdmin), ..Default::default() };
        s.merge(&Settings { domain: Some(" ".into()), ..Default::default() });
        assert_eq!(s.domain, None);
        assert_eq!(s.admin_role, Some(OktaRole::OrgAdmin));
        s.merge(&Settings { admin_role: Some(OktaRole::SuperAdmin), ..Default::default() });
        assert_eq!(s.admin_role, Some(OktaRole::SuperAdmin));
    }

    #[test]
    fn api_names_are_the_serde_names() {
        for c in ConnectionState::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.key());
            assert_eq!(ConnectionState::parse(c.key()), Some(c));
        }
        for n in SecretName::ALL {
            assert_eq!(serde_json::to_value(n).unwrap(), n.key());
            assert_eq!(SecretName::parse(n.key()), Some(n));
        }
        // Every setting set at once serialises to exactly the keys SettingKey names.
        let all = Settings {
            domain: Some("a.okta.com".into()),
            admin_role: Some(OktaRole::OrgAdmin),
            api_server: Some("qualysapi.qualys.com".into()),
            username: Some("u".into()),
            permissions: Some(vec![QualysPermission::ReadAsset]),
            replaces_endpoint_sensor: Some(true),
            app_installed: Some(true),
            firewall_exception: Some(true),
        };
        assert_eq!(all.present(), SettingKey::ALL);
        let v = serde_json::to_value(&all).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut named: Vec<&str> = SettingKey::ALL.iter().map(|k| k.key()).collect();
        keys.sort();
        named.sort();
        assert_eq!(keys, named);
    }

    #[test]
    fn etags_round_trip() {
        assert_eq!(parse_etag(&etag(7)), Some(7));
        assert_eq!(parse_etag("W/\"7\""), Some(7));
        assert_eq!(parse_etag("*"), None);
        assert_eq!(parse_etag("7"), None);
    }
}
