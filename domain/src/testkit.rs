//! The repository's own catalog and English words, for the domain's tests.

use std::path::Path;

use crate::api::{SourceList, SourcePatch, World};
use crate::catalog::Catalog;
use crate::definition::Definition;
use crate::region::Region;
use crate::rules::{self, Context, Draft, Problem};
use crate::text::Bundle;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

pub fn words() -> Bundle {
    serde_json::from_str(&std::fs::read_to_string(root().join("locales/en.json")).unwrap()).unwrap()
}

pub fn definitions() -> Vec<Definition> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("catalog")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") && path.file_name().is_some_and(|n| n != "schema.json") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        }
    }
    out
}

pub fn catalog() -> Catalog {
    Catalog::new(definitions(), &words()).unwrap_or_else(|e| panic!("{e:#?}"))
}

/// The catalog's sources, all off, in an EU console with no facts true.
pub fn list(catalog: &Catalog) -> SourceList {
    SourceList::unconfigured(catalog, World::new(Region::Eu))
}

/// Everything a test needs to run the rules.
pub struct Fixture {
    pub catalog: Catalog,
    pub list: SourceList,
    pub words: Bundle,
}

impl Fixture {
    pub fn new() -> Fixture {
        let catalog = catalog();
        let list = list(&catalog);
        Fixture { catalog, list, words: words() }
    }

    pub fn ctx(&self) -> Context<'_> {
        Context { catalog: &self.catalog, list: &self.list, words: &self.words, locale: "en" }
    }

    pub fn source_mut(&mut self, id: &str) -> &mut crate::api::DataSource {
        self.list.sources.iter_mut().find(|s| s.id == id).unwrap()
    }

    pub fn draft(&self, id: &str, patch: &SourcePatch) -> Draft {
        Draft::apply(self.list.get(id).unwrap(), patch)
    }

    pub fn check(&self, id: &str, patch: &SourcePatch) -> Vec<Problem> {
        rules::check(&self.draft(id, patch), self.ctx())
    }

    /// The problems of turning `id` on with `patch`.
    pub fn turn_on(&self, id: &str, patch: SourcePatch) -> Vec<Problem> {
        self.check(id, &SourcePatch { upload_enabled: Some(true), ..patch })
    }
}

/// A patch from JSON, as a client would send it.
pub fn patch(v: serde_json::Value) -> SourcePatch {
    serde_json::from_value(v).unwrap()
}

pub fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
    problems.iter().map(|p| (p.pointer.as_str(), p.code.as_str())).collect()
}
