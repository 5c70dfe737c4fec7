//! Writes the generated contract documents where they are checked in:
//! `server/openapi.json` and `catalog/schema.json`. `--check` only compares, and fails when
//! either differs from what the code generates. `--catalog <locale>` prints what
//! `GET /api/v1/catalog` answers in that locale (the size check measures it).

use std::path::Path;

use rds_server::openapi::{catalog_schema, document, to_file};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut after_catalog = args.iter().skip_while(|a| *a != "--catalog");
    if after_catalog.next().is_some() {
        let locale = after_catalog.next().map_or("en", String::as_str);
        let loaded = rds_server::catalog::Loaded::load(None).unwrap_or_else(|e| panic!("{e}"));
        std::io::Write::write_all(&mut std::io::stdout(), &loaded.document(locale).body).expect("stdout");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace");
    let check = args.iter().any(|a| a == "--check");
    let mut stale = false;
    for (path, text) in [
        (root.join("server/openapi.json"), to_file(&document())),
        (root.join("catalog/schema.json"), to_file(&catalog_schema())),
    ] {
        let same = std::fs::read_to_string(&path).is_ok_and(|t| t == text);
        if check {
            if !same {
                eprintln!("{} differs from what the code generates", path.display());
                stale = true;
            }
        } else if !same {
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            println!("wrote {}", path.display());
        }
    }
    if stale {
        eprintln!("run `cargo run -p rds-server --bin rds-contract` and commit the result");
        std::process::exit(1);
    }
}
