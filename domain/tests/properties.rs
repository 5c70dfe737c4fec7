//! Property tests: the parsers and rules take any input without panicking, and what they
//! accept is stable. Each property runs `CASES` generated cases (see README, "Security").

use proptest::prelude::*;
use rds_domain::api::{SecretName, Settings, SourceList, SourcePatch};
use rds_domain::catalog::{OktaRole, QualysPermission};
use rds_domain::hosts;
use rds_domain::rules::{self, Blocks, Draft, SecretDraft};
use rds_domain::SourceId;

const CASES: u32 = 4096;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,80}",
        "(https?://)?[a-zA-Z0-9.{}/-]{0,40}(\\.okta\\.com|\\.qualys\\.com)?/?",
        "(SSWS )?[A-Za-z0-9_-]{0,50}",
    ]
}

fn any_settings() -> impl Strategy<Value = Settings> {
    (
        proptest::option::of(any_text()),
        proptest::option::of(proptest::sample::select(OktaRole::ALL.to_vec())),
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        proptest::option::of(proptest::sample::subsequence(QualysPermission::ALL.to_vec(), 0..=4)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(domain, admin_role, api_server, username, permissions, r, a, f)| Settings {
            domain,
            admin_role,
            api_server,
            username,
            permissions,
            replaces_endpoint_sensor: r,
            app_installed: a,
            firewall_exception: f,
        })
}

fn any_secret() -> impl Strategy<Value = SecretDraft> {
    prop_oneof![Just(SecretDraft::Stored), Just(SecretDraft::Absent), any_text().prop_map(SecretDraft::New)]
}

fn any_draft() -> impl Strategy<Value = Draft> {
    (
        proptest::sample::select(SourceId::ALL.to_vec()),
        any::<bool>(),
        any::<bool>(),
        any_settings(),
        any_secret(),
        any_secret(),
    )
        .prop_map(|(id, upload, tdu, settings, token, password)| Draft {
            id,
            upload_enabled: upload,
            threat_detection_upload: tdu,
            settings,
            secrets: [(SecretName::ApiToken, token), (SecretName::Password, password)].into_iter().collect(),
        })
}

fn any_list() -> impl Strategy<Value = SourceList> {
    (any::<bool>(), any::<bool>(), any::<bool>(), proptest::collection::vec(any::<bool>(), 11)).prop_map(|(ias, cas, edit, ups)| {
        let json = serde_json::json!({
            "world": {"region": "eu", "internetAccessServiceEnabled": ias, "cloudAppSecurityConnected": cas,
                      "vulnerabilitySource": "endpoint-sensor", "canEdit": edit},
            "sources": SourceId::ALL.iter().zip(ups).map(|(id, up)| serde_json::json!({
                "id": id.as_str(), "uploadEnabled": up, "status": {"state": "notConnected", "detail": ""},
                "lastDataReceivedAt": null, "settings": {}, "secretsSet": {}, "version": 1, "updatedAt": "", "updatedBy": ""
            })).collect::<Vec<_>>()
        });
        serde_json::from_value::<SourceList>(json).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn okta_domains_parse_without_panic_and_stay_stable(s in any_text()) {
        if let Ok(host) = hosts::okta_domain(&s) {
            prop_assert_eq!(hosts::okta_domain(&host), Ok(host.clone()));
            prop_assert!(!host.contains(['/', ':', '{']), "{}", host);
            prop_assert!(!host.split('.').next().unwrap().ends_with("-admin"));
        }
    }

    #[test]
    fn qualys_servers_parse_without_panic_and_stay_stable(s in any_text()) {
        if let Ok(host) = hosts::qualys_server(&s) {
            prop_assert_eq!(hosts::qualys_server(&host), Ok(host.clone()));
            prop_assert!(host.starts_with("qualysapi."));
        }
    }

    #[test]
    fn okta_tokens_lose_only_whitespace_and_one_ssws_prefix(s in any_text()) {
        let t = hosts::okta_token(&s);
        prop_assert!(s.contains(&t));
        prop_assert_eq!(t.trim(), t.as_str());
        let stripped = s.trim().get(..5).is_some_and(|p| p.eq_ignore_ascii_case("ssws "));
        prop_assert_eq!(t.len() + usize::from(stripped) * 5 <= s.trim().len(), true);
    }

    #[test]
    fn rules_take_any_draft_and_never_block_a_source_left_off(d in any_draft(), list in any_list()) {
        let problems = rules::check(&d, &list);
        for p in &problems {
            prop_assert!(p.pointer.starts_with('/'));
            prop_assert!(!p.message.is_empty() && !p.fix.is_empty());
            if !d.upload_enabled {
                prop_assert!(p.blocks != Blocks::Upload, "{:?}", p);
            }
        }
        let _ = rules::requirements(&d, &list);
    }

    #[test]
    fn patches_round_trip_through_json(settings in any_settings(), upload in proptest::option::of(any::<bool>()),
                                       token in proptest::option::of(proptest::option::of(any_text()))) {
        let mut patch = SourcePatch { upload_enabled: upload, settings: Some(settings), ..Default::default() };
        if let Some(t) = token {
            patch.secrets.insert(SecretName::ApiToken, t);
        }
        let json = serde_json::to_string(&patch).unwrap();
        let back: SourcePatch = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, patch);
    }

    #[test]
    fn the_patch_decoder_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<SourcePatch>(&bytes);
        let _ = serde_json::from_slice::<SourceList>(&bytes);
    }

    #[test]
    fn the_patch_decoder_takes_any_json_shape(v in json_value()) {
        let _ = serde_json::from_value::<SourcePatch>(serde_json::json!({"settings": v.clone(), "secrets": v.clone()}));
        let _ = serde_json::from_value::<SourcePatch>(v);
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any_text().prop_map(serde_json::Value::from),
        proptest::sample::select(vec!["uploadEnabled", "domain", "apiToken", "password", "settings", "secrets", "okta"])
            .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(
                proptest::sample::select(vec!["uploadEnabled", "settings", "secrets", "domain", "apiToken", "password", "adminRole", "x"]),
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

