//! A connection's non-secret settings: a JSON object whose keys are its definition's field
//! keys and whose values are text, a flag or a list of choices. What each key must hold is
//! the definition's business ([`crate::rules`]); this type only carries the values.

use std::fmt;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::definition::ValueType;
use crate::small_map::SmallMap;

/// One setting's value, as JSON: a string, a boolean or an array of strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingValue {
    Text(String),
    Flag(bool),
    List(Vec<String>),
}

impl SettingValue {
    pub fn value_type(&self) -> ValueType {
        match self {
            SettingValue::Text(_) => ValueType::Text,
            SettingValue::Flag(_) => ValueType::Flag,
            SettingValue::List(_) => ValueType::List,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            SettingValue::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_flag(&self) -> Option<bool> {
        match self {
            SettingValue::Flag(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            SettingValue::List(l) => Some(l),
            _ => None,
        }
    }
}

impl Serialize for SettingValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SettingValue::Text(t) => s.serialize_str(t),
            SettingValue::Flag(b) => s.serialize_bool(*b),
            SettingValue::List(l) => l.serialize(s),
        }
    }
}

/// A visitor rather than `#[serde(untagged)]`, which buffers every value first and costs
/// the page several kilobytes.
impl<'de> Deserialize<'de> for SettingValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ValueVisitor;

        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = SettingValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a boolean or an array of strings")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SettingValue, E> {
                Ok(SettingValue::Text(v.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<SettingValue, E> {
                Ok(SettingValue::Text(v))
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<SettingValue, E> {
                Ok(SettingValue::Flag(v))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SettingValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(SettingValue::List(items))
            }
        }

        d.deserialize_any(ValueVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for SettingValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SettingValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Text (text, host, platform and select fields), a flag (confirm and regionHost fields) or the confirmed choices (confirmations fields).",
            "oneOf": [
                { "type": "string" },
                { "type": "boolean" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

/// Settings by field key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Settings(pub SmallMap<String, SettingValue>);

impl Settings {
    pub fn get(&self, key: &str) -> Option<&SettingValue> {
        self.0.get(key)
    }

    pub fn set(&mut self, key: &str, value: SettingValue) {
        self.0.insert(key.to_string(), value);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(SettingValue::as_text)
    }

    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).and_then(SettingValue::as_flag)
    }

    /// The choices of a list setting; none when absent.
    pub fn list(&self, key: &str) -> &[String] {
        self.get(key).and_then(SettingValue::as_list).unwrap_or(&[])
    }

    /// Overlays the values `patch` carries; blank text removes the setting.
    pub fn merge(&mut self, patch: &Settings) {
        for (key, value) in &patch.0 {
            match value {
                SettingValue::Text(t) if t.trim().is_empty() => {
                    self.0.remove(key.as_str());
                }
                v => {
                    self.0.insert(key.clone(), v.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings(v: serde_json::Value) -> Settings {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn values_are_strings_flags_or_lists_of_strings() {
        let s = settings(json!({"domain": "a.okta.com", "appInstalled": true, "permissions": ["readAsset"]}));
        assert_eq!(s.text("domain"), Some("a.okta.com"));
        assert_eq!(s.flag("appInstalled"), Some(true));
        assert_eq!(s.list("permissions"), ["readAsset"]);
        assert_eq!(s.text("appInstalled"), None, "a flag is not text");
        assert_eq!(s.flag("domain"), None);
        assert!(s.list("domain").is_empty());
        assert!(s.list("absent").is_empty());
        assert_eq!(serde_json::to_value(&s).unwrap(), json!({"appInstalled": true, "domain": "a.okta.com", "permissions": ["readAsset"]}));
        for bad in [json!({"x": 1}), json!({"x": null}), json!({"x": {"y": true}}), json!({"x": [true]}), json!([])] {
            assert!(serde_json::from_value::<Settings>(bad.clone()).is_err(), "{bad}");
        }
        let e = serde_json::from_value::<Settings>(json!({"x": 1})).unwrap_err().to_string();
        assert!(e.contains("expected a string, a boolean or an array of strings"), "{e}");
    }

    #[cfg(feature = "schema")]
    #[test]
    fn the_schema_says_text_a_flag_or_choices() {
        let s = schemars::schema_for!(Settings).to_value();
        assert_eq!(s["additionalProperties"]["$ref"], "#/$defs/SettingValue");
        let kinds: Vec<&serde_json::Value> = s["$defs"]["SettingValue"]["oneOf"].as_array().unwrap().iter().map(|k| &k["type"]).collect();
        assert_eq!(kinds, [&json!("string"), &json!("boolean"), &json!("array")]);
        assert_eq!(s["$defs"]["SettingValue"]["oneOf"][2]["items"]["type"], "string");
    }

    #[test]
    fn merge_overlays_present_values_and_blank_text_clears() {
        let mut s = settings(json!({"domain": "a.okta.com", "adminRole": "orgAdmin"}));
        s.merge(&settings(json!({"domain": " "})));
        assert_eq!(s.text("domain"), None);
        assert_eq!(s.text("adminRole"), Some("orgAdmin"));
        s.merge(&settings(json!({"adminRole": "superAdmin", "appInstalled": false})));
        assert_eq!(s, settings(json!({"adminRole": "superAdmin", "appInstalled": false})));
    }
}
