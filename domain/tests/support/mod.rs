//! The repository's catalog and English words, read once, for the property tests and the
//! benchmark.

use std::path::Path;

use rds_domain::{Bundle, Catalog, Definition};

pub fn fixture() -> &'static (Catalog, Bundle) {
    static FIXTURE: std::sync::OnceLock<(Catalog, Bundle)> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
        let words: Bundle = serde_json::from_str(&std::fs::read_to_string(root.join("locales/en.json")).unwrap()).unwrap();
        let defs: Vec<Definition> = std::fs::read_dir(root.join("catalog"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().is_some_and(|n| n != "schema.json"))
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect();
        (Catalog::new(defs, &words).unwrap(), words)
    })
}
