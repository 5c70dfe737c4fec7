//! Writes the generated contract documents where they are checked in:
//! `server/openapi.json` and `catalog/schema.json`. `--check` only compares, and fails when
//! either differs from what the code generates. `--catalog <locale>` prints what
//! `GET /api/v1/catalog` answers in that locale (the size check measures it).

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace");
    let status = rds_server::openapi::contract_cli(&args, root, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(status);
}
