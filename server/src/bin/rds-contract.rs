//! Writes the generated contract documents where they are checked in:
//! `server/openapi.json` and `catalog/schema.json`. `--check` only compares, and fails when
//! either differs from what the code generates. `--catalog <locale>` prints what
//! `GET /api/v1/catalog` answers in that locale (the size check measures it).

use std::path::Path;

use rds_server::openapi::sync_documents;

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
    let differed = sync_documents(root, !check).unwrap_or_else(|e| panic!("cannot write the documents: {e}"));
    for path in &differed {
        if check {
            eprintln!("{} differs from what the code generates", path.display());
        } else {
            println!("wrote {}", path.display());
        }
    }
    if check && !differed.is_empty() {
        eprintln!("run `cargo run -p rds-server --bin rds-contract` and commit the result");
        std::process::exit(1);
    }
}
