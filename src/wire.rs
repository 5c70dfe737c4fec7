//! The REST contract's JSON, read and written in the browser without serde: `JSON.parse`
//! does the parsing and these functions pick the fields. serde's derived decoders with
//! their error formatting were a tenth of the page; these cost a fraction of that. The
//! server keeps serde; `tests/browser.rs` checks that what these read and write is what the
//! server's serde types write and read.

use js_sys::{Array, Object, Reflect, JSON};
use rds_domain::api::{
    ConnectionState, ConsentStart, DataSource, FieldError, ProblemDocument, SecretName, SourceList, SourcePatch,
    Status, World,
};
use rds_domain::catalog::{OktaRole, QualysPermission, Region};
use rds_domain::small_map::SmallMap;
use rds_domain::{Settings, SourceId};
use wasm_bindgen::JsValue;

/// The name of the field that was missing or of the wrong type.
pub type Bad = &'static str;

pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).map(String::from).unwrap_or_default()
}

/// Field `key` of `v`; undefined when absent (Reflect.get throws on a primitive, which reads
/// as a missing field too).
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn string(v: &JsValue, key: Bad) -> Result<String, Bad> {
    get(v, key).as_string().ok_or(key)
}

fn boolean(v: &JsValue, key: Bad) -> Result<bool, Bad> {
    get(v, key).as_bool().ok_or(key)
}

/// A field that may be absent or null, read with `read` when present.
fn optional<T>(v: &JsValue, key: Bad, read: impl FnOnce(&JsValue) -> Option<T>) -> Result<Option<T>, Bad> {
    let x = get(v, key);
    if absent(&x) {
        Ok(None)
    } else {
        read(&x).map(Some).ok_or(key)
    }
}

fn whole_number(v: &JsValue, key: Bad, max: f64) -> Result<f64, Bad> {
    get(v, key).as_f64().filter(|n| n.fract() == 0.0 && (0.0..=max).contains(n)).ok_or(key)
}

/// An array field; absent reads as empty when `required` is false.
fn list<T>(v: &JsValue, key: Bad, required: bool, read: impl Fn(&JsValue) -> Option<T>) -> Result<Vec<T>, Bad> {
    let x = get(v, key);
    if absent(&x) && !required {
        return Ok(Vec::new());
    }
    if !Array::is_array(&x) {
        return Err(key);
    }
    Array::from(&x).iter().map(|item| read(&item).ok_or(key)).collect()
}

/// A string naming one variant of an enum of the contract.
fn named<T>(x: &JsValue, parse: fn(&str) -> Option<T>) -> Option<T> {
    x.as_string().as_deref().and_then(parse)
}

pub fn settings(v: &JsValue) -> Result<Settings, Bad> {
    let text = |x: &JsValue| x.as_string();
    let flag = |x: &JsValue| x.as_bool();
    Ok(Settings {
        domain: optional(v, "domain", text)?,
        admin_role: optional(v, "adminRole", |x| named(x, OktaRole::parse))?,
        api_server: optional(v, "apiServer", text)?,
        username: optional(v, "username", text)?,
        permissions: optional(v, "permissions", |x| {
            let all = Array::is_array(x).then(|| Array::from(x))?;
            all.iter().map(|p| named(&p, QualysPermission::parse)).collect()
        })?,
        replaces_endpoint_sensor: optional(v, "replacesEndpointSensor", flag)?,
        app_installed: optional(v, "appInstalled", flag)?,
        firewall_exception: optional(v, "firewallException", flag)?,
    })
}

pub fn data_source(v: &JsValue) -> Result<DataSource, Bad> {
    let status = get(v, "status");
    let secrets = get(v, "secretsSet");
    let mut secrets_set = SmallMap::new();
    for name in SecretName::ALL {
        if let Some(set) = get(&secrets, name.key()).as_bool() {
            secrets_set.insert(name, set);
        }
    }
    Ok(DataSource {
        id: named(&get(v, "id"), SourceId::parse).ok_or("id")?,
        upload_enabled: boolean(v, "uploadEnabled")?,
        threat_detection_upload: optional(v, "threatDetectionUpload", JsValue::as_bool)?,
        status: Status {
            state: named(&get(&status, "state"), ConnectionState::parse).ok_or("status")?,
            detail: string(&status, "detail")?,
        },
        last_data_received_at: optional(v, "lastDataReceivedAt", JsValue::as_string)?,
        settings: settings(&get(v, "settings"))?,
        secrets_set,
        version: whole_number(v, "version", 9_007_199_254_740_991.0)? as u64,
        updated_at: string(v, "updatedAt")?,
        updated_by: string(v, "updatedBy")?,
    })
}

fn world(v: &JsValue) -> Result<World, Bad> {
    Ok(World {
        region: named(&get(v, "region"), Region::parse).ok_or("region")?,
        internet_access_service_enabled: boolean(v, "internetAccessServiceEnabled")?,
        cloud_app_security_connected: boolean(v, "cloudAppSecurityConnected")?,
        vulnerability_source: named(&get(v, "vulnerabilitySource"), SourceId::parse).ok_or("vulnerabilitySource")?,
        can_edit: boolean(v, "canEdit")?,
    })
}

pub fn source_list(v: &JsValue) -> Result<SourceList, Bad> {
    Ok(SourceList {
        world: world(&get(v, "world"))?,
        sources: list(v, "sources", true, |s| data_source(s).ok())?,
    })
}

pub fn consent_start(v: &JsValue) -> Result<ConsentStart, Bad> {
    Ok(ConsentStart { authorization_url: string(v, "authorizationUrl")? })
}

pub fn problem(v: &JsValue) -> Result<ProblemDocument, Bad> {
    let field_error = |e: &JsValue| {
        Some(FieldError {
            pointer: string(e, "pointer").ok()?,
            code: string(e, "code").ok()?,
            detail: string(e, "detail").ok()?,
        })
    };
    Ok(ProblemDocument {
        kind: string(v, "type")?,
        title: string(v, "title")?,
        status: whole_number(v, "status", 999.0)? as u16,
        detail: optional(v, "detail", JsValue::as_string)?.unwrap_or_default(),
        errors: list(v, "errors", false, field_error)?,
        dependents: list(v, "dependents", false, |d| named(d, SourceId::parse))?,
        current: optional(v, "current", |c| data_source(c).ok().map(Box::new))?,
    })
}

/// Sets field `key` of `o`.
pub fn set(o: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(key), &value.into());
}

/// The settings `s` carries, as a JSON object.
pub fn settings_value(s: &Settings) -> JsValue {
    let o = Object::new();
    let text = |key, v: &Option<String>| {
        if let Some(v) = v {
            set(&o, key, JsValue::from_str(v));
        }
    };
    text("domain", &s.domain);
    text("apiServer", &s.api_server);
    text("username", &s.username);
    if let Some(r) = s.admin_role {
        set(&o, "adminRole", JsValue::from_str(r.key()));
    }
    if let Some(p) = &s.permissions {
        set(&o, "permissions", p.iter().map(|p| JsValue::from_str(p.key())).collect::<Array>());
    }
    let flag = |key, v: Option<bool>| {
        if let Some(v) = v {
            set(&o, key, JsValue::from_bool(v));
        }
    };
    flag("replacesEndpointSensor", s.replaces_endpoint_sensor);
    flag("appInstalled", s.app_installed);
    flag("firewallException", s.firewall_exception);
    o.into()
}

/// The PATCH body for `p`: only what it carries; a secret set to `None` is sent as null.
pub fn patch_json(p: &SourcePatch) -> String {
    let o = Object::new();
    if let Some(on) = p.upload_enabled {
        set(&o, "uploadEnabled", JsValue::from_bool(on));
    }
    if let Some(on) = p.threat_detection_upload {
        set(&o, "threatDetectionUpload", JsValue::from_bool(on));
    }
    if let Some(s) = &p.settings {
        set(&o, "settings", settings_value(s));
    }
    if !p.secrets.is_empty() {
        let secrets = Object::new();
        for (name, value) in &p.secrets {
            set(&secrets, name.key(), value.as_deref().map_or(JsValue::NULL, JsValue::from_str));
        }
        set(&o, "secrets", secrets);
    }
    if p.turn_off_dependents {
        set(&o, "turnOffDependents", JsValue::TRUE);
    }
    stringify(&o)
}
