//! How long each prerequisite check takes over a full draft (goal: 10 µs or less).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rds_domain::api::{SecretName, Settings, SourceList, SourcePatch, World};
use rds_domain::catalog::{OktaRole, QualysPermission};
use rds_domain::rules::{self, Draft};
use rds_domain::{Region, SourceId};

/// Every setting and secret filled in, so each rule does all of its work.
fn full_patch(id: SourceId) -> SourcePatch {
    let mut p = SourcePatch {
        upload_enabled: Some(true),
        threat_detection_upload: Some(id == SourceId::Office365),
        settings: Some(match id {
            SourceId::Okta => Settings {
                domain: Some("https://acme.okta.com/".into()),
                admin_role: Some(OktaRole::SuperAdmin),
                ..Default::default()
            },
            SourceId::Qualys => Settings {
                api_server: Some("qualysapi.qg2.apps.qualys.eu".into()),
                username: Some("svc".into()),
                permissions: Some(QualysPermission::ALL.to_vec()),
                replaces_endpoint_sensor: Some(true),
                ..Default::default()
            },
            SourceId::Splunk => Settings { app_installed: Some(true), firewall_exception: Some(true), ..Default::default() },
            _ => Settings::default(),
        }),
        ..Default::default()
    };
    for &n in SecretName::of(id) {
        p.secrets.insert(n, Some("00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123".into()));
    }
    p
}

fn bench(c: &mut Criterion) {
    let list = SourceList::unconfigured(World::new(Region::Eu));
    let mut group = c.benchmark_group("rules::check");
    for id in SourceId::ALL {
        let draft = Draft::apply(list.get(id).unwrap(), &full_patch(id));
        group.bench_function(id.as_str(), |b| b.iter(|| rules::check(black_box(&draft), black_box(&list))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
