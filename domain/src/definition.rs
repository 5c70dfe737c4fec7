//! The definition of a source type, read from `catalog/<id>.json`: what it is, what it
//! feeds, what it asks for and what it needs. Everything that varies between sources is
//! here as data; what stays (the field kinds, the validators, the rule engine) is code.
//! `catalog/schema.json` is generated from these types.
//!
//! The server refuses a property it does not know; the browser reads leniently, so a panel
//! keeps working against a server whose definitions have grown.

use serde::{Deserialize, Serialize};

use crate::region::Region;
use crate::settings::SettingValue;
use crate::small_map::SmallMap;
use crate::text::Text;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Definition {
    /// Where an editor finds `schema.json`; not part of the definition.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    /// The source type's id: lower-case letters, digits and hyphens. The first connection of
    /// a type has this id too, so it is also the REST resource's path segment.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64)))]
    pub id: String,
    /// Where the source is listed: ascending, then by id.
    pub order: i32,
    pub group: Group,
    pub name: Text,
    /// What data the source gives, in the seed page's words.
    pub data_target: Text,
    pub connection: ConnectionKind,
    /// The risk factors the source feeds, and through what.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feeds: Vec<Feed>,
    /// The configuration steps, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Block>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Block>,
    /// "Important" callouts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub important: Vec<Text>,
    /// What the administrator fills in, in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// What must hold outside the source's own fields before its data upload (or a
    /// secondary switch) may be on. A source required here lists this one as its dependent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Requirement>,
    /// Secondary switches, which need the data upload on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub switches: Vec<Switch>,
    /// When present, turning the data upload off asks first and shows this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn_off_warning: Option<Text>,
    /// Capabilities of the console this source can provide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provides: Vec<Provision>,
    /// How many connections of this type a console may hold (one unless it says more): the
    /// server refuses to add one past `max`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub instances: Instances,
    /// How the server tests a connection of this type (`POST .../check`), and when a source
    /// of it that is on counts as stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckSpec>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Group {
    /// Sources with the same group id share the same group name.
    pub id: String,
    pub name: Text,
}

/// How a source is connected, which decides what the panel asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum ConnectionKind {
    /// A sensor of the platform itself: the upload switch alone.
    Switch,
    /// An admin consent flow in another window after the switch (Microsoft tenants).
    Consent,
    /// Fields typed into the panel and saved.
    Credentials,
}

/// The risk factors of the console's Risk Index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Factor {
    AccountCompromise,
    Vulnerabilities,
    ActivityBehaviors,
    CloudAppActivity,
    ThreatDetections,
    XdrDetections,
    AnomalyDetection,
}

impl Factor {
    /// In the order the console lists them.
    pub const ALL: [Factor; 7] = [
        Factor::AccountCompromise,
        Factor::Vulnerabilities,
        Factor::ActivityBehaviors,
        Factor::CloudAppActivity,
        Factor::ThreatDetections,
        Factor::XdrDetections,
        Factor::AnomalyDetection,
    ];

    /// The id in URLs (`#factor=`), in definitions and in the words' keys.
    pub fn key(self) -> &'static str {
        match self {
            Factor::AccountCompromise => "account-compromise",
            Factor::Vulnerabilities => "vulnerabilities",
            Factor::ActivityBehaviors => "activity-behaviors",
            Factor::CloudAppActivity => "cloud-app-activity",
            Factor::ThreatDetections => "threat-detections",
            Factor::XdrDetections => "xdr-detections",
            Factor::AnomalyDetection => "anomaly-detection",
        }
    }

    pub fn parse(s: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|f| f.key() == s)
    }
}

/// How a source feeds a factor: through its data upload, and also through a secondary
/// switch or only while it provides a capability, when those are named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Feed {
    pub factor: Factor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<Capability>,
}

/// A paragraph, optionally with a list under it (Okta's roles, Qualys' permissions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Block {
    pub text: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<Text>,
}

/// The kinds of field the panel can render; one renderer each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// A host name, stored bare (`acme.okta.com`) whatever form was pasted.
    Host,
    /// A write-only value: sent, never read back.
    Secret,
    /// One of `options`.
    Select,
    /// One checkbox the administrator ticks to confirm something.
    Confirm,
    /// One checkbox per option; the value lists the confirmed ones.
    Confirmations,
    /// A shared platform from `options`, or a private host typed in.
    Platform,
    /// The console region's host from `hosts`, with a copy button, and a checkbox to
    /// confirm it is reachable.
    RegionHost,
    /// One connection of the type that a requirement names `through` this field, by its
    /// id; blank means the type's first connection (whose id is the type's).
    Connection,
}

impl FieldKind {
    /// What the setting holds; `None` for secrets, which are not settings.
    pub fn value_type(self) -> Option<ValueType> {
        match self {
            FieldKind::Text | FieldKind::Host | FieldKind::Select | FieldKind::Platform | FieldKind::Connection => Some(ValueType::Text),
            FieldKind::Confirm | FieldKind::RegionHost => Some(ValueType::Flag),
            FieldKind::Confirmations => Some(ValueType::List),
            FieldKind::Secret => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Text,
    Flag,
    List,
}

impl ValueType {
    /// The key of the type's name among the words (`type.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Text => "text",
            ValueType::Flag => "flag",
            ValueType::List => "list",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Field {
    /// The key under `settings` (or `secrets`) in the REST JSON.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[a-z][A-Za-z0-9]*$"), length(max = 64)))]
    pub key: String,
    pub kind: FieldKind,
    /// What the input is labelled. In a `regionHost` field, `{host}` is the region's host.
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// The line of the prerequisite checklist, if it differs from the label. In a
    /// `confirmations` field, `{option}` is each option's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Text>,
    /// The empty choice of a `select` or `platform` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Text>,
    /// The choices of `select`, `confirmations` and `platform` fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// A `platform` field's private-host choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private: Option<PrivateHost>,
    /// A `regionHost` field's host in each region of the console.
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub hosts: SmallMap<Region, String>,
    /// Checked in order; the first problem found is the field's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validators: Vec<Validator>,
    /// This field's words for a problem code, in place of the panel's general ones.
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub problems: SmallMap<String, ProblemText>,
    /// What to do about a wrong value, when the problem's own words say nothing more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Text>,
    /// The input's `autocomplete` token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,
    /// No two connections of the type may hold the same value (hosts compared as stored,
    /// in any case): two connections to one Okta org would read its data twice.
    #[serde(default, skip_serializing_if = "is_default")]
    pub unique: bool,
}

impl Field {
    pub fn option(&self, value: &str) -> Option<&Choice> {
        self.options.iter().find(|c| c.value == value)
    }

    pub fn is_required(&self) -> bool {
        self.validators.iter().any(|v| v.kind == ValidatorKind::Required)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct PrivateHost {
    /// The choice in the list that asks for a host.
    pub option: Text,
    /// The label of the host input.
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct ProblemText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Text>,
}

/// The closed set of checks a field can ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum ValidatorKind {
    /// A value is needed before the data upload may be on (a ticked box for confirmations).
    #[default]
    Required,
    /// At least `min` and at most `max` characters.
    Length,
    /// One of `values`.
    OneOf,
    /// A host name; the options say what else is refused.
    Host,
    /// Trims the value and strips `stripPrefix` (any case) that people paste along.
    Token,
    /// Starts with `prefix`, and uses only the `allowed` characters.
    Pattern,
    /// A host as `host` checks it that is one of the field's options or starts with
    /// `privatePrefix` (a platform's private cloud).
    PlatformOrHost,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The value is refused.
    #[default]
    Error,
    /// The value is accepted with a word of advice.
    Warning,
}

/// One validator with its options. Options that do not belong to its kind are refused
/// when the catalog is loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Validator {
    pub kind: ValidatorKind,
    #[serde(default, skip_serializing_if = "is_default")]
    pub severity: Severity,
    /// The problem code to report instead of the validator's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Only `https://` may come before the host (`http://` and others are refused).
    #[serde(default, skip_serializing_if = "is_default")]
    pub https_only: bool,
    /// A path, query or fragment after the host is refused rather than dropped.
    #[serde(default, skip_serializing_if = "is_default")]
    pub no_path: bool,
    /// The host must end with one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suffixes: Vec<String>,
    /// A first label ending in `-admin` (an admin console's host) is refused.
    #[serde(default, skip_serializing_if = "is_default")]
    pub refuse_admin_host: bool,
    /// Text in braces, such as `{yourOktaDomain}` copied from documentation, is named.
    #[serde(default, skip_serializing_if = "is_default")]
    pub refuse_placeholders: bool,
    /// Letters outside ASCII, which can pass for Latin ones, are named.
    #[serde(default, skip_serializing_if = "is_default")]
    pub ascii_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strip_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Characters and ranges, such as `A-Za-z0-9_-` (a `-` at either end is itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A prerequisite outside the source's fields: another source's data upload on, or a fact
/// about the console. Exactly one of `source` and `fact` is given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(extend("oneOf" = [{"required": ["source"]}, {"required": ["fact"]}])))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Requirement {
    /// A source type one of whose connections must have its data upload on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A fact of the console's world that must be true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// The secondary switch this gates; the data upload when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gates: Option<String>,
    /// The key of this definition's `connection` field that chooses which connection of
    /// `source` must be on (an Office 365 tenant's own Azure AD tenant); without it, any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<String>,
    /// The line of the prerequisite checklist. The requirement's texts may name the
    /// required connection as `{name}`.
    pub label: Text,
    pub code: String,
    pub message: Text,
    pub fix: Text,
}

/// A secondary switch, such as Office 365's threat-detection upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Switch {
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[a-z][A-Za-z0-9]*$")))]
    pub key: String,
    pub label: Text,
    /// Reported when the switch is on while the data upload is off.
    pub code: String,
    pub message: Text,
    pub fix: Text,
}

/// Console capabilities that one of several sources provides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Capability {
    /// The source of the console's vulnerability detections.
    VulnerabilityDetection,
}

impl Capability {
    pub const ALL: [Capability; 1] = [Capability::VulnerabilityDetection];

    pub fn key(self) -> &'static str {
        match self {
            Capability::VulnerabilityDetection => "vulnerabilityDetection",
        }
    }
}

/// A capability this source provides. Of the providers whose data upload is on, the one
/// with the highest priority provides it; when none is on, the lowest-priority one stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Provision {
    pub capability: Capability,
    pub priority: i32,
    /// How the console's header names this provider.
    pub summary: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// How many connections of this type a console may hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Instances {
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max: u32,
    /// The words of the button that adds another ("Add another Okta org"); without them
    /// the panel says "Add another Okta connection". Only for a type that allows several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add: Option<Text>,
}

impl Default for Instances {
    fn default() -> Self {
        Instances { max: 1, add: None }
    }
}

/// The probe the server runs to test a connection, and how old its last data may be before
/// the source counts as stale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct CheckSpec {
    pub probe: Probe,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_days: Option<u32>,
}

/// Days without data after which a source that is on counts as stale, unless its
/// definition says otherwise.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 7;

impl Definition {
    /// Whether the values typed can be tested against the service itself before they are
    /// saved (the panel's "Test connection", and the test before turning the source on).
    pub fn testable(&self) -> bool {
        matches!(self.check.as_ref().map(|c| c.probe), Some(Probe::Okta | Probe::Qualys))
    }

    /// Whole days without data, when a source of this type last received data at `last`
    /// and that is more than its limit ago at `now` (Unix seconds): then it counts as stale.
    /// A time that is not RFC 3339 tells nothing.
    pub fn days_without_data(&self, last: &str, now: i64) -> Option<i64> {
        let limit = self.check.as_ref().and_then(|c| c.stale_after_days).unwrap_or(DEFAULT_STALE_AFTER_DAYS);
        let quiet = now - crate::time::unix_seconds(last)?;
        (quiet > i64::from(limit) * 86_400).then_some(quiet / 86_400)
    }
}

/// The closed set of probes; each is code in the server, as validators are in the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Probe {
    /// Okta's API with the token: the domain, the token, and the administrator role it holds
    /// (fields `domain`, `apiToken`, `adminRole`).
    Okta,
    /// Qualys' API with the account: API access and host asset read (fields `apiServer`,
    /// `username`, `password`, `permissions`).
    Qualys,
    /// Nothing to ask from this side: whether data has arrived, and since when.
    DataArrival,
    /// Whether an administrator granted consent.
    Consent,
}

impl Probe {
    /// The fields a probe reads, by key and kind: a definition naming the probe has them.
    pub fn fields(self) -> &'static [(&'static str, FieldKind)] {
        match self {
            Probe::Okta => &[("domain", FieldKind::Host), ("apiToken", FieldKind::Secret), ("adminRole", FieldKind::Select)],
            Probe::Qualys => &[
                ("apiServer", FieldKind::Platform),
                ("username", FieldKind::Text),
                ("password", FieldKind::Secret),
                ("permissions", FieldKind::Confirmations),
            ],
            Probe::DataArrival | Probe::Consent => &[],
        }
    }
}

impl Definition {
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Whether `value` fits the setting `key`: a field of this definition, not a secret,
    /// of the value's type.
    pub fn holds(&self, key: &str, value: &SettingValue) -> bool {
        self.field(key).and_then(|f| f.kind.value_type()) == Some(value.value_type())
    }

    pub fn switch(&self, key: &str) -> Option<&Switch> {
        self.switches.iter().find(|s| s.key == key)
    }

    pub fn secret_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.kind == FieldKind::Secret)
    }

    /// Calls `f` on every text of the definition, with a JSON pointer to it.
    pub fn each_text(&mut self, f: &mut dyn FnMut(&str, &mut Text)) {
        f("/name", &mut self.name);
        f("/group/name", &mut self.group.name);
        f("/dataTarget", &mut self.data_target);
        for (part, blocks) in [("steps", &mut self.steps), ("notes", &mut self.notes)] {
            for (i, b) in blocks.iter_mut().enumerate() {
                f(&format!("/{part}/{i}/text"), &mut b.text);
                for (j, t) in b.list.iter_mut().enumerate() {
                    f(&format!("/{part}/{i}/list/{j}"), t);
                }
            }
        }
        for (i, t) in self.important.iter_mut().enumerate() {
            f(&format!("/important/{i}"), t);
        }
        for (i, field) in self.fields.iter_mut().enumerate() {
            let at = format!("/fields/{i}");
            f(&format!("{at}/label"), &mut field.label);
            for (name, t) in [("help", &mut field.help), ("requirement", &mut field.requirement), ("prompt", &mut field.prompt), ("fix", &mut field.fix)] {
                if let Some(t) = t {
                    f(&format!("{at}/{name}"), t);
                }
            }
            for (j, c) in field.options.iter_mut().enumerate() {
                f(&format!("{at}/options/{j}/label"), &mut c.label);
            }
            if let Some(p) = &mut field.private {
                f(&format!("{at}/private/option"), &mut p.option);
                f(&format!("{at}/private/label"), &mut p.label);
                if let Some(h) = &mut p.help {
                    f(&format!("{at}/private/help"), h);
                }
            }
            for (code, p) in field.problems.iter_mut() {
                for (name, t) in [("message", &mut p.message), ("fix", &mut p.fix)] {
                    if let Some(t) = t {
                        f(&format!("{at}/problems/{code}/{name}"), t);
                    }
                }
            }
        }
        for (i, r) in self.requires.iter_mut().enumerate() {
            f(&format!("/requires/{i}/label"), &mut r.label);
            f(&format!("/requires/{i}/message"), &mut r.message);
            f(&format!("/requires/{i}/fix"), &mut r.fix);
        }
        for (i, s) in self.switches.iter_mut().enumerate() {
            f(&format!("/switches/{i}/label"), &mut s.label);
            f(&format!("/switches/{i}/message"), &mut s.message);
            f(&format!("/switches/{i}/fix"), &mut s.fix);
        }
        if let Some(t) = &mut self.turn_off_warning {
            f("/turnOffWarning", t);
        }
        for (i, p) in self.provides.iter_mut().enumerate() {
            f(&format!("/provides/{i}/summary"), &mut p.summary);
            if let Some(n) = &mut p.note {
                f(&format!("/provides/{i}/note"), n);
            }
        }
    }

    /// The definition with every text in `locale` only (English where it has none).
    pub fn localized(&self, locale: &str) -> Definition {
        let mut d = self.clone();
        d.each_text(&mut |_, t| t.localize(locale));
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::definitions;

    fn okta() -> Definition {
        definitions().into_iter().find(|d| d.id == "okta").unwrap()
    }

    #[test]
    fn every_definition_file_reads_and_writes_back_as_it_was() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog"));
        for d in definitions() {
            let file = std::fs::read_to_string(root.join(format!("{}.json", d.id))).unwrap();
            let mut original: serde_json::Value = serde_json::from_str(&file).unwrap();
            original.as_object_mut().unwrap().remove("$schema");
            // Defaults (error severity, no options) are left out, as the files leave them out.
            assert_eq!(serde_json::to_value(&d).unwrap(), original, "{}", d.id);
        }
    }

    #[test]
    fn fields_say_whether_they_are_required_and_which_are_secret() {
        let d = okta();
        assert!(d.field("domain").unwrap().is_required());
        let mut optional = d.field("domain").unwrap().clone();
        optional.validators.retain(|v| v.kind != ValidatorKind::Required);
        assert!(!optional.is_required(), "a host validator alone does not make it required");
        let secrets: Vec<&str> = d.secret_fields().map(|f| f.key.as_str()).collect();
        assert_eq!(secrets, ["apiToken"]);
        assert!(d.field("nope").is_none());
        assert_eq!(d.field("adminRole").unwrap().option("orgAdmin").unwrap().label.get("en"), "Org Admin");
        assert!(d.field("adminRole").unwrap().option("root").is_none());
    }

    #[test]
    fn kinds_hold_values_of_one_type() {
        assert_eq!(FieldKind::Text.value_type(), Some(ValueType::Text));
        assert_eq!(FieldKind::Platform.value_type(), Some(ValueType::Text));
        assert_eq!(FieldKind::Confirm.value_type(), Some(ValueType::Flag));
        assert_eq!(FieldKind::RegionHost.value_type(), Some(ValueType::Flag));
        assert_eq!(FieldKind::Confirmations.value_type(), Some(ValueType::List));
        assert_eq!(FieldKind::Secret.value_type(), None);
        let d = okta();
        assert!(d.holds("domain", &SettingValue::Text("a.okta.com".into())));
        assert!(!d.holds("domain", &SettingValue::Flag(true)), "another type");
        assert!(!d.holds("apiToken", &SettingValue::Text("x".into())), "a secret is no setting");
        assert!(!d.holds("gone", &SettingValue::Text("x".into())), "no such field");
        assert_eq!([ValueType::Text.name(), ValueType::Flag.name(), ValueType::List.name()], ["text", "flag", "list"]);
        assert_eq!(SettingValue::List(vec![]).value_type(), ValueType::List);
    }

    #[test]
    fn keys_are_the_serde_names() {
        for c in Capability::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.key());
        }
        assert_eq!(Capability::VulnerabilityDetection.key(), "vulnerabilityDetection");
    }

    #[test]
    fn every_text_is_visited_with_its_pointer() {
        let mut d = definitions().into_iter().find(|d| d.id == "qualys").unwrap();
        let mut seen = Vec::new();
        d.each_text(&mut |at, t| seen.push((at.to_string(), t.get("en").to_string())));
        assert!(seen.contains(&("/name".into(), "Qualys".into())));
        assert!(seen.contains(&("/fields/0/private/option".into(), "Private cloud platform".into())));
        assert!(seen.contains(&("/fields/3/options/0/label".into(), "Role: Reader".into())));
        assert!(seen.contains(&("/steps/0/list/1".into(), "Asset Management Permissions: Read Asset".into())));
        assert!(seen.iter().any(|(at, _)| at == "/fields/3/problems/permission-not-confirmed/fix"));
        assert!(seen.iter().any(|(at, _)| at == "/provides/0/note"));
        let mut o365 = definitions().into_iter().find(|d| d.id == "office-365").unwrap();
        let mut at = Vec::new();
        o365.each_text(&mut |p, _| at.push(p.to_string()));
        for p in ["/requires/1/label", "/requires/1/message", "/requires/1/fix", "/switches/0/label", "/switches/0/fix", "/notes/0/text"] {
            assert!(at.iter().any(|x| x == p), "{p}");
        }
        let mut azure = definitions().into_iter().find(|d| d.id == "azure-ad").unwrap();
        let mut at = Vec::new();
        azure.each_text(&mut |p, _| at.push(p.to_string()));
        assert!(at.iter().any(|x| x == "/turnOffWarning") && at.iter().any(|x| x == "/important/0"));
        let mut splunk = definitions().into_iter().find(|d| d.id == "splunk").unwrap();
        let mut at = Vec::new();
        splunk.each_text(&mut |p, _| at.push(p.to_string()));
        assert!(at.iter().any(|x| x == "/fields/2/requirement") && at.iter().any(|x| x == "/group/name") && at.iter().any(|x| x == "/dataTarget"));
    }

    #[test]
    fn a_localized_definition_has_one_language() {
        // A language the catalog does not speak yet: what it lacks reads in English.
        let mut d = okta();
        d.name.0.insert("fr".into(), "Okta (fr)".into());
        let fr = d.localized("fr");
        assert_eq!(serde_json::to_value(&fr.name).unwrap(), serde_json::json!({"fr": "Okta (fr)"}));
        assert_eq!(serde_json::to_value(&fr.data_target).unwrap(), serde_json::json!({"fr": "Allows access to user information and activity data"}));
        assert_eq!(d.name.get("en"), "Okta", "the original keeps every language");
    }

    #[test]
    fn only_sources_whose_service_can_be_asked_are_testable() {
        let testable: Vec<String> = definitions().into_iter().filter(Definition::testable).map(|d| d.id).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        assert_eq!(testable, ["okta", "qualys"], "Splunk's data arrival and the Microsoft consents are not tested from the panel");
    }

    #[test]
    fn a_source_is_stale_after_more_than_its_limit_of_quiet_days() {
        let mut d = okta();
        let last = "2026-01-01T00:00:00Z";
        let at = crate::time::unix_seconds(last).unwrap();
        let day = 86_400;
        assert_eq!(d.days_without_data(last, at + 7 * day), None, "seven days is the default limit, not over it");
        assert_eq!(d.days_without_data(last, at + 7 * day + 1), Some(7));
        assert_eq!(d.days_without_data(last, at + 9 * day + 5), Some(9));
        assert_eq!(d.days_without_data("yesterday", at + 30 * day), None, "not a time: nothing known");
        d.check = Some(CheckSpec { probe: Probe::Okta, stale_after_days: Some(1) });
        assert_eq!(d.days_without_data(last, at + day), None);
        assert_eq!(d.days_without_data(last, at + 2 * day), Some(2), "the definition's own limit");
        d.check = None;
        assert_eq!(d.days_without_data(last, at + 8 * day), Some(8), "no check: the default limit");
        assert!(!d.testable(), "no check: nothing to test");
    }
}
