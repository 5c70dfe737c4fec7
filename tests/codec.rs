//! The panel's JSON, read and written through serde-wasm-bindgen with the domain's types,
//! against what serde_json (the server's codec) writes and reads: what the server writes
//! reads back equal, and what the panel writes is the server's JSON. Runs in headless
//! Chromium, where `JSON.parse` lives.
#![cfg(target_arch = "wasm32")]

use rds_domain::api::{
    CatalogDocument, ConnectionState, ConsentStart, DataSource, FieldError, ProblemDocument, SourceList, SourcePatch,
    World,
};
use rds_domain::{Catalog, Definition, Region, SettingValue, Settings};
use rds_panel::api::{from_json, to_json};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

/// The built-in definitions and the 12th source of the README's example.
fn definitions() -> Vec<Definition> {
    let mut all = support::parse(&support::BUILT_IN);
    all.extend(support::parse(&[support::EXAMPLE]));
    all
}

/// JSON text as a body reaches the panel: a JavaScript string.
fn read<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    from_json(&text.into())
}

fn settings(v: serde_json::Value) -> Settings {
    serde_json::from_value(v).unwrap()
}

/// Every connection, with every optional field both present and absent somewhere.
fn full_list() -> SourceList {
    let catalog = Catalog::trusted(definitions());
    let mut list = SourceList::unconfigured(&catalog, World { can_edit: false, ..World::new(Region::Anz) });
    list.world.facts.insert("internetAccessServiceEnabled".into(), true);
    list.world.capabilities.insert(rds_domain::definition::Capability::VulnerabilityDetection, "qualys".into());
    for (i, s) in list.sources.iter_mut().enumerate() {
        s.upload_enabled = i % 2 == 0;
        s.status.state = ConnectionState::ALL[i % ConnectionState::ALL.len()];
        s.status.detail = format!("detail {i} <b>as text</b> \"quoted\" ü");
        s.version = 9_007_199_254_740_991 - i as u64;
        s.updated_at = "2026-11-28T01:02:03Z".into();
        s.updated_by = "admin@example.com".into();
        if i % 3 == 0 {
            s.last_data_received_at = Some("2026-11-27T00:00:00Z".into());
        }
    }
    let okta = list.sources.iter_mut().find(|s| s.id == "okta").unwrap();
    okta.settings = settings(json!({"domain": "acme.okta.com", "adminRole": "readOnlyAdmin"}));
    okta.secrets_set.insert("apiToken".into(), true);
    let qualys = list.sources.iter_mut().find(|s| s.id == "qualys").unwrap();
    qualys.settings = settings(json!({"permissions": ["readerRole", "assetGroups"], "replacesEndpointSensor": true, "username": ""}));
    let o365 = list.sources.iter_mut().find(|s| s.id == "office-365").unwrap();
    o365.switches.insert("threatDetectionUpload".into(), true);
    list
}

#[wasm_bindgen_test]
fn a_list_serde_writes_reads_back_equal() {
    let catalog = Catalog::trusted(definitions());
    for list in [full_list(), SourceList::unconfigured(&catalog, World::new(Region::Us))] {
        let text = serde_json::to_string(&list).unwrap();
        assert_eq!(read::<SourceList>(&text), Some(list));
    }
}

#[wasm_bindgen_test]
fn the_catalog_serde_writes_reads_back_equal() {
    let mut doc = CatalogDocument { locale: "en".into(), sources: Catalog::trusted(definitions()).localized("en") };
    let text = serde_json::to_string(&doc).unwrap();
    // The editor's link to the schema is the file's, not the definition's: it is not served.
    for d in doc.sources.iter_mut() {
        assert!(d.schema.take().is_some());
    }
    assert_eq!(read::<CatalogDocument>(&text), Some(doc));
}

#[wasm_bindgen_test]
fn a_problem_document_reads_back_equal_with_and_without_its_extras() {
    let source = full_list().sources.remove(7);
    let full = ProblemDocument {
        kind: "about:blank".into(),
        title: "Precondition Failed".into(),
        status: 412,
        detail: "changed elsewhere".into(),
        errors: vec![FieldError { pointer: "/settings/domain".into(), code: "required".into(), detail: "Enter it.".into() }],
        dependents: vec!["office-365".into()],
        current: Some(Box::new(source)),
    };
    assert_eq!(read::<ProblemDocument>(&serde_json::to_string(&full).unwrap()), Some(full));
    let bare = ProblemDocument {
        kind: "about:blank".into(),
        title: "Not Found".into(),
        status: 404,
        detail: String::new(),
        errors: vec![],
        dependents: vec![],
        current: None,
    };
    assert_eq!(read::<ProblemDocument>(&serde_json::to_string(&bare).unwrap()), Some(bare));
}

#[wasm_bindgen_test]
fn a_consent_start_reads_back_equal() {
    let c = ConsentStart { authorization_url: "/consent/azure-ad?t=x".into() };
    assert_eq!(read::<ConsentStart>(&serde_json::to_string(&c).unwrap()), Some(c));
}

#[wasm_bindgen_test]
fn the_json_the_panel_writes_is_the_servers_json() {
    let mut secrets = SourcePatch::default();
    secrets.secrets.insert("apiToken".into(), Some("00tokentokentoken".into()));
    secrets.secrets.insert("password".into(), None);
    let patches = [
        SourcePatch::default(),
        SourcePatch { upload_enabled: Some(true), ..Default::default() },
        SourcePatch { upload_enabled: Some(false), turn_off_dependents: true, ..Default::default() },
        SourcePatch { switches: [("threatDetectionUpload".to_string(), true)].into_iter().collect(), ..Default::default() },
        SourcePatch {
            settings: settings(json!({"domain": "acme.okta.com", "appInstalled": false, "permissions": [], "username": "ü \"q\""})),
            ..Default::default()
        },
        SourcePatch { name: Some("Acme \"Labs\" ü".into()), ..Default::default() },
        secrets,
    ];
    for p in patches {
        let text = to_json(&p);
        let server: serde_json::Value = serde_json::to_value(&p).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), server, "{text}");
        assert_eq!(serde_json::from_str::<SourcePatch>(&text).unwrap(), p);
    }
    // A secret to clear is sent as null, never dropped (which would keep it).
    let mut clear = SourcePatch::default();
    clear.secrets.insert("apiToken".into(), None);
    assert_eq!(to_json(&clear), r#"{"secrets":{"apiToken":null}}"#);
    let mut drafts = rds_domain::small_map::SmallMap::new();
    drafts.insert("okta".to_string(), settings(json!({"domain": "a.okta.com"})));
    assert_eq!(to_json(&drafts), r#"{"okta":{"domain":"a.okta.com"}}"#);
    let new = rds_domain::api::NewSource { source_type: "okta".into(), name: "Acme Labs".into() };
    assert_eq!(to_json(&new), r#"{"type":"okta","name":"Acme Labs"}"#, "as POST takes it");
}

#[wasm_bindgen_test]
fn an_answer_off_the_contract_is_refused() {
    let good = serde_json::to_value(full_list().sources.remove(7)).unwrap();
    let broken = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        edit(&mut v);
        read::<DataSource>(&v.to_string())
    };
    assert!(broken(&|_| {}).is_some());
    let refused: [&dyn Fn(&mut serde_json::Value); 8] = [
        &|v| drop(v.as_object_mut().unwrap().remove("uploadEnabled")),
        &|v| v["uploadEnabled"] = "yes".into(),
        &|v| v["status"]["state"] = "sleeping".into(),
        &|v| v["version"] = (-1).into(),
        &|v| v["version"] = 1.5.into(),
        &|v| v["settings"]["domain"] = 5.into(),
        &|v| v["lastDataReceivedAt"] = 5.into(),
        &|v| v["settings"]["permissions"] = json!([1]),
    ];
    for (i, edit) in refused.iter().enumerate() {
        assert!(broken(*edit).is_none(), "case {i} is off the contract");
    }
    // A newer server's extra field is read past, not refused.
    assert!(broken(&|v| v["health"] = json!({"stale": false})).is_some());
    assert!(read::<SourceList>("[]").is_none());
    assert!(read::<SourceList>("null").is_none());
    assert!(read::<SourceList>("{not json").is_none());
}

#[wasm_bindgen_test]
fn drafts_of_the_previous_release_are_read_once_and_moved() {
    use rds_panel::draft_storage;
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    storage.clear().unwrap();
    // The previous release wrote its drafts under .v1, in the same layout.
    storage.set_item("rds-panel.drafts.v1", r#"{"okta":{"domain":"acme.okta.com","adminRole":"orgAdmin"},"splunk":{"appInstalled":true}}"#).unwrap();
    let drafts = draft_storage::load();
    assert_eq!(drafts["okta"], settings(json!({"domain": "acme.okta.com", "adminRole": "orgAdmin"})));
    assert_eq!(drafts["splunk"].get("appInstalled"), Some(&SettingValue::Flag(true)));
    assert_eq!(storage.get_item("rds-panel.drafts.v1").unwrap(), None, "the old key is gone");
    draft_storage::save(&drafts);
    assert_eq!(draft_storage::load(), drafts, "they live under the current key now");
    draft_storage::save(&Default::default());
    assert_eq!(storage.length().unwrap(), 0, "no drafts, no entry");
    storage.set_item("rds-panel.drafts.v2", "{not json").unwrap();
    assert!(draft_storage::load().is_empty(), "drafts that do not read are dropped, not fatal");
}
