//! Property tests: the validators and rules take any input without panicking, and what they
//! accept is stable. Each property runs `CASES` generated cases (see README, "Security").

use proptest::prelude::*;
use rds_domain::api::{DataSource, SourceList, SourcePatch, World};
use rds_domain::definition::{Validator, ValidatorKind};
use rds_domain::rules::{self, Blocks, Context, Draft, SecretDraft};
use rds_domain::{validators, Catalog, Definition, Region, SettingValue, Settings};

const CASES: u32 = 4096;

mod support;
use support::fixture;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,80}",
        "(https?://)?[a-zA-Z0-9.{}/-]{0,40}(\\.okta\\.com|\\.qualys\\.com)?/?",
        "(SSWS )?[A-Za-z0-9_-]{0,50}",
        "qualysapi\\.[a-z0-9.-]{0,30}",
    ]
}

fn any_value() -> impl Strategy<Value = SettingValue> {
    prop_oneof![
        any_text().prop_map(SettingValue::Text),
        any::<bool>().prop_map(SettingValue::Flag),
        proptest::collection::vec(prop_oneof![any_text(), Just("readAsset".to_string()), Just("apiAccess".to_string())], 0..5)
            .prop_map(SettingValue::List),
    ]
}

const KEYS: [&str; 12] = [
    "domain", "adminRole", "apiServer", "username", "permissions", "replacesEndpointSensor", "appInstalled",
    "firewallException", "apiToken", "password", "threatDetectionUpload", "x",
];

fn any_settings() -> impl Strategy<Value = Settings> {
    proptest::collection::vec((proptest::sample::select(KEYS.to_vec()), any_value()), 0..8)
        .prop_map(|pairs| Settings(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

fn any_secret() -> impl Strategy<Value = SecretDraft> {
    prop_oneof![Just(SecretDraft::Stored), Just(SecretDraft::Absent), any_text().prop_map(SecretDraft::New)]
}

fn any_draft(ids: Vec<String>) -> impl Strategy<Value = Draft> {
    (proptest::sample::select(ids), any::<bool>(), any::<bool>(), any_settings(), any_secret(), any_secret()).prop_map(
        |(id, upload, tdu, settings, token, password)| Draft {
            source_type: id.clone(),
            id,
            upload_enabled: upload,
            switches: [("threatDetectionUpload".to_string(), tdu)].into_iter().collect(),
            settings,
            secrets: [("apiToken".to_string(), token), ("password".to_string(), password)].into_iter().collect(),
            name: None,
        },
    )
}

fn any_list(catalog: &Catalog) -> impl Strategy<Value = SourceList> {
    let base = SourceList::unconfigured(catalog, World::new(Region::Eu));
    let n = base.sources.len();
    (any::<bool>(), any::<bool>(), any::<bool>(), proptest::collection::vec(any::<bool>(), n)).prop_map(move |(ias, cas, edit, ups)| {
        let mut l = base.clone();
        l.world.facts.insert("internetAccessServiceEnabled".into(), ias);
        l.world.facts.insert("cloudAppSecurityConnected".into(), cas);
        l.world.can_edit = edit;
        for (s, up) in l.sources.iter_mut().zip(ups) {
            s.upload_enabled = up;
        }
        l
    })
}

/// Okta's domain validator, as its definition states it.
fn host_validator() -> &'static Validator {
    let okta = fixture().0.get("okta").unwrap();
    okta.fields[0].validators.iter().find(|v| v.kind == ValidatorKind::Host).unwrap()
}

proptest! {
    // PROPTEST_CASES lowers the count where speed matters more (mutation testing).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES)
    ))]

    #[test]
    fn hosts_parse_without_panic_and_stay_stable(s in any_text()) {
        let v = host_validator();
        if let Ok(host) = validators::host(v, &s) {
            prop_assert_eq!(validators::host(v, &host), Ok(host.clone()));
            prop_assert!(!host.contains(['/', ':', '{']), "{}", host);
            prop_assert!(host.len() <= validators::MAX_HOST_LEN);
            prop_assert!(!host.split('.').next().unwrap().ends_with("-admin"));
        }
    }

    #[test]
    fn tokens_lose_only_whitespace_and_one_pasted_prefix(s in any_text()) {
        let t = validators::strip_token(&s, Some("SSWS "));
        prop_assert!(s.contains(&t));
        prop_assert_eq!(t.trim(), t.as_str());
        let stripped = s.trim().get(..5).is_some_and(|p| p.eq_ignore_ascii_case("ssws "));
        prop_assert!(t.len() + usize::from(stripped) * 5 <= s.trim().len());
    }

    #[test]
    fn rules_take_any_draft_and_never_block_a_source_left_off(
        (d, list) in {
            let (catalog, _) = fixture();
            let ids: Vec<String> = catalog.definitions().iter().map(|d| d.id.clone()).collect();
            (any_draft(ids), any_list(catalog))
        }
    ) {
        let (catalog, words) = fixture();
        let ctx = Context { catalog, list: &list, words, locale: "en" };
        let problems = rules::check(&d, ctx);
        for p in &problems {
            prop_assert!(p.pointer.starts_with('/'));
            prop_assert!(!p.message.is_empty() && !p.fix.is_empty(), "{:?}", p);
            prop_assert!(!p.message.contains("problem.") && !p.fix.contains("problem."), "a missing word: {:?}", p);
            if !d.upload_enabled {
                prop_assert!(p.blocks != Blocks::Upload, "{:?}", p);
            }
        }
        let _ = rules::checklist(&d, ctx);
    }

    #[test]
    fn patches_round_trip_through_json(settings in any_settings(), upload in proptest::option::of(any::<bool>()),
                                       token in proptest::option::of(proptest::option::of(any_text()))) {
        let mut patch = SourcePatch { upload_enabled: upload, settings, ..Default::default() };
        if let Some(t) = token {
            patch.secrets.insert("apiToken".into(), t);
        }
        let json = serde_json::to_string(&patch).unwrap();
        let back: SourcePatch = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, patch);
    }

    #[test]
    fn the_decoders_take_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<SourcePatch>(&bytes);
        let _ = serde_json::from_slice::<SourceList>(&bytes);
        let _ = serde_json::from_slice::<DataSource>(&bytes);
        let _ = serde_json::from_slice::<Definition>(&bytes);
    }

    #[test]
    fn the_patch_decoder_takes_any_json_shape(v in json_value()) {
        let _ = serde_json::from_value::<SourcePatch>(serde_json::json!({"settings": v.clone(), "secrets": v.clone(), "switches": v.clone()}));
        let _ = serde_json::from_value::<SourcePatch>(v);
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any_text().prop_map(serde_json::Value::from),
        proptest::sample::select(KEYS.to_vec()).prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(proptest::sample::select(KEYS.to_vec()), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}
