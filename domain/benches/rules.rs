//! How long each prerequisite check takes over a full draft (goal: 10 µs or less).

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rds_domain::api::{SourceList, SourcePatch, World};
use rds_domain::definition::FieldKind;
use rds_domain::rules::{self, Context, Draft};
use rds_domain::{Definition, Region, SettingValue};

/// Every field filled in, so each rule does all of its work.
fn full_patch(d: &Definition) -> SourcePatch {
    let mut p = SourcePatch { upload_enabled: Some(true), ..Default::default() };
    for s in &d.switches {
        p.switches.insert(s.key.clone(), true);
    }
    for f in &d.fields {
        let value = match f.kind {
            FieldKind::Secret => {
                p.secrets.insert(f.key.clone(), Some("00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123".into()));
                continue;
            }
            FieldKind::Host => SettingValue::Text("https://acme.okta.com/".into()),
            FieldKind::Platform => SettingValue::Text(f.options[0].value.clone()),
            FieldKind::Select => SettingValue::Text(f.options[0].value.clone()),
            FieldKind::Text => SettingValue::Text("svc".into()),
            FieldKind::Connection => SettingValue::Text("azure-ad".into()),
            FieldKind::Confirm | FieldKind::RegionHost => SettingValue::Flag(true),
            FieldKind::Confirmations => SettingValue::List(f.options.iter().map(|o| o.value.clone()).collect()),
        };
        p.settings.set(&f.key, value);
    }
    p
}

fn bench(c: &mut Criterion) {
    let (catalog, words) = support::fixture();
    let list = SourceList::unconfigured(catalog, World::new(Region::Eu));
    let ctx = Context { catalog, list: &list, words, locale: "en" };
    let mut group = c.benchmark_group("rules::check");
    for d in catalog.definitions() {
        let draft = Draft::apply(list.get(&d.id).unwrap(), &full_patch(d));
        group.bench_function(d.id.as_str(), |b| b.iter(|| rules::check(black_box(&draft), black_box(ctx))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
