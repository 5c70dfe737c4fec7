//! The REST contract's types, as camelCase JSON. The server writes them with serde_json,
//! the panel reads them through serde-wasm-bindgen, and the OpenAPI document is generated
//! from them: the contract is written once, here.
//!
//! A *source type* is a [`Definition`]; a *connection* ([`DataSource`]) is a stored source of
//! one type, with an `id` of its own. Today every type has one connection whose id is the
//! type's id, and nothing here relies on that.

use serde::{Deserialize, Serialize};

use crate::definition::{Capability, Definition};
use crate::region::Region;
use crate::settings::Settings;
use crate::small_map::SmallMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

    /// The name in the API (its serde name), in storage and in the words' keys.
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub state: ConnectionState,
    /// What the data pipeline says, as plain text. What the server writes itself comes in
    /// the language of the request's `Accept-Language`.
    pub detail: String,
}

/// One connection as the server reports it. Secrets appear only as "set or not".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct DataSource {
    /// The connection's id: stable, unique and URL-safe.
    pub id: String,
    /// The id of its source type (its definition).
    #[serde(rename = "type")]
    pub source_type: String,
    /// The display name of a connection added beside the first of its type (a second Okta
    /// org, say); the first has none and goes by its type's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub upload_enabled: bool,
    /// The definition's secondary switches, each on or off.
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub switches: SmallMap<String, bool>,
    pub status: Status,
    /// RFC 3339.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub last_data_received_at: Option<String>,
    pub settings: Settings,
    /// Which of the definition's secrets hold a value. Never the values themselves.
    pub secrets_set: SmallMap<String, bool>,
    pub version: u64,
    /// RFC 3339.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub updated_at: String,
    pub updated_by: String,
}

impl DataSource {
    /// A connection as a new console has it: off, not connected, nothing set.
    pub fn unconfigured(id: &str, definition: &Definition) -> DataSource {
        DataSource {
            id: id.to_string(),
            source_type: definition.id.clone(),
            name: None,
            upload_enabled: false,
            switches: definition.switches.iter().map(|s| (s.key.clone(), false)).collect(),
            status: Status { state: ConnectionState::NotConnected, detail: String::new() },
            last_data_received_at: None,
            settings: Settings::default(),
            secrets_set: definition.secret_fields().map(|f| (f.key.clone(), false)).collect(),
            version: 1,
            updated_at: String::new(),
            updated_by: String::new(),
        }
    }

    pub fn secret_is_set(&self, name: &str) -> bool {
        self.secrets_set.get(name).copied().unwrap_or(false)
    }

    pub fn switch_on(&self, key: &str) -> bool {
        self.switches.get(key).copied().unwrap_or(false)
    }
}

/// The console around the sources: what the panel cannot change but must know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct World {
    pub region: Region,
    /// Facts about the rest of the console that definitions may require, such as
    /// `internetAccessServiceEnabled`. An absent fact is false.
    pub facts: SmallMap<String, bool>,
    /// The connection that provides each capability now.
    pub capabilities: SmallMap<Capability, String>,
    pub can_edit: bool,
}

impl World {
    /// An editable console in `region` with no facts true.
    pub fn new(region: Region) -> World {
        World { region, facts: SmallMap::new(), capabilities: SmallMap::new(), can_edit: true }
    }

    pub fn fact(&self, name: &str) -> bool {
        self.facts.get(name).copied().unwrap_or(false)
    }
}

/// `GET /api/v1/data-sources`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct SourceList {
    pub world: World,
    /// Every connection, in the catalog's order.
    pub sources: Vec<DataSource>,
}

impl SourceList {
    /// One unconfigured connection of every type in `catalog`, with the type's id.
    pub fn unconfigured(catalog: &crate::catalog::Catalog, world: World) -> SourceList {
        let sources = catalog.definitions().iter().map(|d| DataSource::unconfigured(&d.id, d)).collect();
        SourceList { world, sources }
    }

    pub fn get(&self, id: &str) -> Option<&DataSource> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// `PATCH /api/v1/data-sources/{id}`. Absent fields stay as they are; a secret set to
/// `null` is cleared, and blank text clears a setting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct SourcePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub switches: SmallMap<String, bool>,
    #[serde(default, skip_serializing_if = "Settings::is_empty")]
    pub settings: Settings,
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub secrets: SmallMap<String, Option<String>>,
    /// A new display name, as `POST` takes it (1 to 64 characters, none a control or
    /// invisible character, not another connection's of the type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Turning a source off also turns off the sources that need it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub turn_off_dependents: bool,
}

impl SourcePatch {
    pub fn is_empty(&self) -> bool {
        self.upload_enabled.is_none() && self.switches.is_empty() && self.settings.is_empty() && self.secrets.is_empty() && self.name.is_none()
    }

    /// Forgets secrets given as blank text: a blank value keeps the stored one (only
    /// `null` clears), so it is no change at all.
    pub fn drop_blank_secrets(&mut self) {
        self.secrets.retain(|_, v| v.as_ref().is_none_or(|s| !s.trim().is_empty()));
    }
}

/// `POST /api/v1/data-sources`: another connection of a type whose definition allows
/// several (`instances.max`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct NewSource {
    #[serde(rename = "type")]
    pub source_type: String,
    /// How the console names it: once trimmed, 1 to 64 characters, none a control or
    /// invisible character, and not the name of another connection of the type.
    pub name: String,
}

/// `name` as it may name a connection: trimmed, 1 to 64 characters, none of them a control
/// or an invisible character (a bidi override, a zero-width space, a line separator…), so
/// that two names that look alike are alike.
pub fn fit_name(name: &str) -> Option<&str> {
    let invisible = |c: char| {
        c.is_control()
            || matches!(c,
                '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
                | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
                | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFF}' | '\u{E0000}'..='\u{E0FFF}')
    };
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= 64 && !name.chars().any(invisible)).then_some(name)
}

/// `POST /api/v1/data-sources/{id}/consent`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct ConsentStart {
    pub authorization_url: String,
}

/// `GET /api/v1/catalog`: every source type, with its texts in one locale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct CatalogDocument {
    pub locale: String,
    pub sources: Vec<Definition>,
}

/// One field's error in a problem document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// JSON pointer into the request body, such as `/settings/domain`.
    pub pointer: String,
    pub code: String,
    pub detail: String,
}

/// RFC 9457 `application/problem+json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
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
    /// On 409: the connections that would go off too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependents: Vec<String>,
    /// On 412: the source as it is now on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<DataSource>>,
}

/// `POST /api/v1/data-sources/{id}/check`: values not saved yet, to test before saving. What
/// is absent is taken from the stored connection; an absent secret means the stored one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct CheckDraft {
    #[serde(default, skip_serializing_if = "Settings::is_empty")]
    pub settings: Settings,
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub secrets: SmallMap<String, Option<String>>,
}

impl CheckDraft {
    /// The draft as a change that turns the upload on, so that the rules ask for every
    /// value the connection needs.
    pub fn as_patch(&self) -> SourcePatch {
        SourcePatch { upload_enabled: Some(true), settings: self.settings.clone(), secrets: self.secrets.clone(), ..SourcePatch::default() }
    }
}

/// How a check, or one step of it, came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum CheckOutcome {
    /// The service answered and the answer proves what the step names.
    Passed,
    /// The service answered, and the answer shows a value is wrong.
    Failed,
    /// Nothing could be proved either way: no answer in time, or nothing to ask.
    Unknown,
}

/// One step of a check: what was tried, how it came out, and the field it is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct CheckStep {
    /// A stable name, such as `token` or `role`.
    pub name: String,
    pub outcome: CheckOutcome,
    /// What was found, in the language of the request's `Accept-Language`.
    pub message: String,
    /// JSON pointer of the field to fix, as in a PATCH body, such as `/secrets/apiToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// The answer of a check. It never stores anything.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    pub outcome: CheckOutcome,
    /// In the order they ran; a step that could not run for an earlier one is not listed.
    pub steps: Vec<CheckStep>,
    pub duration_ms: u64,
    /// RFC 3339.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub checked_at: String,
}

impl CheckResult {
    /// Failed when a step failed; passed only when every step passed; otherwise unknown.
    /// No steps at all proves nothing.
    pub fn overall(steps: &[CheckStep]) -> CheckOutcome {
        if steps.iter().any(|s| s.outcome == CheckOutcome::Failed) {
            CheckOutcome::Failed
        } else if !steps.is_empty() && steps.iter().all(|s| s.outcome == CheckOutcome::Passed) {
            CheckOutcome::Passed
        } else {
            CheckOutcome::Unknown
        }
    }
}

/// The strong entity tag of a source version.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::SettingValue;
    use serde_json::json;

    #[test]
    fn patch_reads_null_as_clear_and_absent_as_keep() {
        let p: SourcePatch =
            serde_json::from_value(json!({"secrets": {"apiToken": null}, "uploadEnabled": true})).unwrap();
        assert_eq!(p.secrets.get("apiToken"), Some(&None));
        assert_eq!(p.upload_enabled, Some(true));
        let p: SourcePatch = serde_json::from_value(json!({"settings": {"domain": "a.okta.com"}})).unwrap();
        assert!(p.secrets.is_empty());
        assert!(!p.is_empty());
        assert!(SourcePatch::default().is_empty());
        let switches: SourcePatch = serde_json::from_value(json!({"switches": {"threatDetectionUpload": true}})).unwrap();
        assert!(!switches.is_empty());
    }

    #[test]
    fn patch_refuses_unknown_fields_and_values_of_no_setting_type() {
        assert!(serde_json::from_value::<SourcePatch>(json!({"uploadEnable": true})).is_err());
        assert!(serde_json::from_value::<SourcePatch>(json!({"settings": {"domain": 3}})).is_err());
        assert!(serde_json::from_value::<SourcePatch>(json!({"secrets": {"apiToken": true}})).is_err());
        assert!(serde_json::from_value::<SourcePatch>(json!({"switches": {"x": "on"}})).is_err());
    }

    #[test]
    fn a_source_serialises_camel_case_without_secret_values() {
        let mut s = DataSource {
            id: "okta".into(),
            source_type: "okta".into(),
            name: None,
            upload_enabled: true,
            switches: SmallMap::new(),
            status: Status { state: ConnectionState::NotConnected, detail: String::new() },
            last_data_received_at: None,
            settings: Settings::default(),
            secrets_set: [("apiToken".to_string(), true)].into_iter().collect(),
            version: 3,
            updated_at: "2026-01-01T00:00:00Z".into(),
            updated_by: "admin".into(),
        };
        s.settings.set("domain", SettingValue::Text("a.okta.com".into()));
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["type"], "okta");
        assert_eq!(v["uploadEnabled"], true);
        assert_eq!(v["status"]["state"], "notConnected");
        assert_eq!(v["secretsSet"]["apiToken"], true);
        assert_eq!(v["settings"], json!({"domain": "a.okta.com"}));
        assert!(v.get("switches").is_none(), "a source without secondary switches has none in its JSON");
        assert!(s.secret_is_set("apiToken") && !s.secret_is_set("password"));
        assert!(!s.switch_on("x"));
        let back: DataSource = serde_json::from_value(v).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn states_are_named_as_serde_names_them() {
        for c in ConnectionState::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.key());
            assert_eq!(ConnectionState::parse(c.key()), Some(c));
        }
        assert_eq!(ConnectionState::parse("on"), None);
    }

    #[test]
    fn world_facts_default_to_false() {
        let mut w = World::new(Region::Eu);
        assert!(!w.fact("internetAccessServiceEnabled"));
        w.facts.insert("internetAccessServiceEnabled".into(), true);
        assert!(w.fact("internetAccessServiceEnabled"));
        let v = serde_json::to_value(&w).unwrap();
        assert_eq!(v, json!({"region": "eu", "facts": {"internetAccessServiceEnabled": true}, "capabilities": {}, "canEdit": true}));
    }

    #[test]
    fn a_check_fails_on_any_failed_step_and_passes_only_when_all_passed() {
        let step = |outcome| CheckStep { name: "s".into(), outcome, message: String::new(), pointer: None };
        use CheckOutcome::*;
        assert_eq!(CheckResult::overall(&[]), Unknown);
        assert_eq!(CheckResult::overall(&[step(Passed)]), Passed);
        assert_eq!(CheckResult::overall(&[step(Passed), step(Passed)]), Passed);
        assert_eq!(CheckResult::overall(&[step(Passed), step(Unknown)]), Unknown);
        assert_eq!(CheckResult::overall(&[step(Unknown), step(Failed)]), Failed);
        assert_eq!(CheckResult::overall(&[step(Failed), step(Passed)]), Failed);
    }

    #[test]
    fn a_check_draft_is_a_change_that_turns_the_upload_on() {
        let d: CheckDraft = serde_json::from_value(json!({"settings": {"domain": "a.okta.com"}, "secrets": {"apiToken": "t"}})).unwrap();
        let p = d.as_patch();
        assert_eq!(p.upload_enabled, Some(true));
        assert_eq!(p.settings.text("domain"), Some("a.okta.com"));
        assert_eq!(p.secrets.get("apiToken"), Some(&Some("t".to_string())));
        assert!(serde_json::from_value::<CheckDraft>(json!({"uploadEnabled": true})).is_err(), "a check changes no switch");
        assert_eq!(serde_json::to_value(CheckDraft::default()).unwrap(), json!({}));
    }

    #[test]
    fn a_connection_name_is_trimmed_and_held_to_64_characters_without_controls() {
        assert_eq!(fit_name("  Acme EU  "), Some("Acme EU"));
        assert_eq!(fit_name(&"名".repeat(64)), Some("名".repeat(64).as_str()), "characters, not bytes");
        for bad in ["", "   ", "a\u{7}b", "tab\there", "\u{200B}", "Acme\u{202E}UE", "a\u{2028}b", "a\u{FEFF}", "\u{E0041}x"] {
            assert_eq!(fit_name(bad), None, "{bad:?}");
        }
        assert_eq!(fit_name(&"a".repeat(65)), None);
        let n: NewSource = serde_json::from_value(json!({"type": "okta", "name": "Acme EU"})).unwrap();
        assert_eq!(n.source_type, "okta");
        assert!(serde_json::from_value::<NewSource>(json!({"type": "okta", "name": "x", "id": "y"})).is_err());
    }

    #[test]
    fn a_version_tag_is_strong_and_quoted() {
        assert_eq!(etag(7), "\"7\"");
    }
}
