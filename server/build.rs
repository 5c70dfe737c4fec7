//! Embeds the built-in source definitions (`catalog/*.json`) and the words
//! (`locales/*.json`), so the server binary carries them; a new file there needs no code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.file_name().is_some_and(|n| n != "schema.json"))
        .collect();
    out.sort();
    out
}

fn table(name: &str, dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut s = format!("pub const {name}: &[(&str, &str)] = &[\n");
    for path in files(dir) {
        let file = path.file_name().unwrap().to_str().unwrap();
        writeln!(s, "    ({file:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    s.push_str("];\n");
    s
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let code = table("CATALOG", &root.join("catalog")) + &table("LOCALES", &root.join("locales"));
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin.rs");
    std::fs::write(out, code).unwrap();
}
