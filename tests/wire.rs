//! The panel's hand-written JSON reader and writer against the server's serde types: what
//! serde writes reads back equal, and what the panel writes is what serde (which refuses
//! unknown fields) reads. Runs in headless Chromium, where `JSON.parse` lives.
#![cfg(target_arch = "wasm32")]

use rds_domain::api::{
    ConnectionState, ConsentStart, DataSource, FieldError, ProblemDocument, SecretName, SourceList, SourcePatch,
    World,
};
use rds_domain::catalog::{OktaRole, QualysPermission};
use rds_domain::{Region, Settings, SourceId};
use rds_panel::wire;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn every_setting() -> Settings {
    Settings {
        domain: Some("acme.okta.com".into()),
        admin_role: Some(OktaRole::ReadOnlyAdmin),
        api_server: Some("qualysapi.qg2.apps.qualys.com".into()),
        username: Some("qualys-user \"quoted\" ü".into()),
        permissions: Some(vec![QualysPermission::ReaderRole, QualysPermission::AssetGroups]),
        replaces_endpoint_sensor: Some(true),
        app_installed: Some(false),
        firewall_exception: Some(true),
    }
}

/// Every source, with every optional field both present and absent somewhere.
fn full_list() -> SourceList {
    let mut list = SourceList::unconfigured(World {
        internet_access_service_enabled: true,
        vulnerability_source: SourceId::Qualys,
        can_edit: false,
        ..World::new(Region::Anz)
    });
    for (i, s) in list.sources.iter_mut().enumerate() {
        s.upload_enabled = i % 2 == 0;
        s.status.state = ConnectionState::ALL[i % ConnectionState::ALL.len()];
        s.status.detail = format!("detail {i} <b>as text</b>");
        s.version = 9_007_199_254_740_991 - i as u64;
        s.updated_at = "2026-11-28T01:02:03Z".into();
        s.updated_by = "admin@example.com".into();
        if i % 3 == 0 {
            s.last_data_received_at = Some("2026-11-27T00:00:00Z".into());
        }
    }
    let okta = list.sources.iter_mut().find(|s| s.id == SourceId::Okta).unwrap();
    okta.settings = every_setting();
    okta.secrets_set.insert(SecretName::ApiToken, true);
    list
}

fn via_serde<T: serde::Serialize>(value: &T) -> wasm_bindgen::JsValue {
    wire::parse(&serde_json::to_string(value).unwrap()).unwrap()
}

#[wasm_bindgen_test]
fn a_list_serde_writes_reads_back_equal() {
    for list in [full_list(), SourceList::unconfigured(World::new(Region::Us))] {
        assert_eq!(wire::source_list(&via_serde(&list)), Ok(list));
    }
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
        dependents: vec![SourceId::Office365],
        current: Some(Box::new(source)),
    };
    assert_eq!(wire::problem(&via_serde(&full)), Ok(full));
    let bare = ProblemDocument {
        kind: "about:blank".into(),
        title: "Not Found".into(),
        status: 404,
        detail: String::new(),
        errors: vec![],
        dependents: vec![],
        current: None,
    };
    assert_eq!(wire::problem(&via_serde(&bare)), Ok(bare));
}

#[wasm_bindgen_test]
fn a_consent_start_reads_back_equal() {
    let c = ConsentStart { authorization_url: "/consent/azure-ad?t=x".into() };
    assert_eq!(wire::consent_start(&via_serde(&c)), Ok(c));
}

#[wasm_bindgen_test]
fn patches_the_panel_writes_are_what_the_server_reads() {
    let mut secrets = SourcePatch::default();
    secrets.secrets.insert(SecretName::ApiToken, Some("00tokentokentoken".into()));
    secrets.secrets.insert(SecretName::Password, None);
    let patches = [
        SourcePatch::default(),
        SourcePatch { upload_enabled: Some(true), ..Default::default() },
        SourcePatch { upload_enabled: Some(false), turn_off_dependents: true, ..Default::default() },
        SourcePatch { threat_detection_upload: Some(true), ..Default::default() },
        SourcePatch { settings: Some(every_setting()), ..Default::default() },
        SourcePatch { settings: Some(Settings { permissions: Some(vec![]), ..Default::default() }), ..Default::default() },
        secrets,
    ];
    for p in patches {
        let text = wire::patch_json(&p);
        assert_eq!(serde_json::from_str::<SourcePatch>(&text).unwrap(), p, "{text}");
    }
}

#[wasm_bindgen_test]
fn settings_round_trip_through_the_panel_and_through_serde() {
    for s in [every_setting(), Settings::default()] {
        let value = wire::settings_value(&s);
        assert_eq!(wire::settings(&value), Ok(s.clone()));
        assert_eq!(serde_json::from_str::<Settings>(&wire::stringify(&value)).unwrap(), s);
    }
}

#[wasm_bindgen_test]
fn an_answer_off_the_contract_names_the_field() {
    let good = serde_json::to_value(DataSource::unconfigured(SourceId::Okta)).unwrap();
    let broken = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        edit(&mut v);
        wire::data_source(&wire::parse(&v.to_string()).unwrap())
    };
    assert!(broken(&|_| {}).is_ok());
    assert_eq!(broken(&|v| drop(v.as_object_mut().unwrap().remove("uploadEnabled"))), Err("uploadEnabled"));
    assert_eq!(broken(&|v| v["uploadEnabled"] = "yes".into()), Err("uploadEnabled"));
    assert_eq!(broken(&|v| v["id"] = "fax-machine".into()), Err("id"));
    assert_eq!(broken(&|v| v["status"]["state"] = "sleeping".into()), Err("status"));
    assert_eq!(broken(&|v| v["version"] = (-1).into()), Err("version"));
    assert_eq!(broken(&|v| v["version"] = 1.5.into()), Err("version"));
    assert_eq!(broken(&|v| v["settings"]["adminRole"] = "root".into()), Err("adminRole"));
    assert_eq!(broken(&|v| v["settings"]["permissions"] = "readAsset".into()), Err("permissions"));
    assert_eq!(broken(&|v| v["lastDataReceivedAt"] = 5.into()), Err("lastDataReceivedAt"));
    assert!(wire::source_list(&wire::parse("[]").unwrap()).is_err());
    assert!(wire::source_list(&wire::parse("null").unwrap()).is_err());
    assert_eq!(wire::parse("{not json"), None);
}
