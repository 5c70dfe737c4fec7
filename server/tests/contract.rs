//! The catalog as a contract: its schema is generated and checked in, every definition file
//! validates against it, the server serves it per locale, takes more definitions from a
//! folder, refuses a broken one at start-up, and opens a database of the earlier release
//! with nothing lost.

mod support;

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::{json, Value};
use support::{Server, TOKEN};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn definition_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.file_name().is_some_and(|n| n != "schema.json"))
        .collect();
    files.sort();
    files
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_checked_in_schema_is_the_generated_one() {
    let file = std::fs::read_to_string(root().join("catalog/schema.json")).unwrap();
    assert!(
        file == rds_server::openapi::to_file(&rds_server::openapi::catalog_schema()),
        "catalog/schema.json differs from what the code generates: run `cargo run -p rds-server --bin rds-contract`"
    );
}

/// The binary the size check and the repository's regeneration run.
#[test]
fn the_contract_binary_prints_the_served_catalog_and_finds_the_documents_current() {
    let bin = env!("CARGO_BIN_EXE_rds-contract");
    let out = std::process::Command::new(bin).args(["--catalog", "en"]).output().unwrap();
    assert!(out.status.success());
    let served = rds_server::catalog::Loaded::load(None).unwrap().document("en").body.clone();
    assert_eq!(out.stdout, served, "--catalog prints what GET /api/v1/catalog answers");
    let check = std::process::Command::new(bin).arg("--check").output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn every_definition_file_validates_against_the_schema() {
    let schema = read_json(&root().join("catalog/schema.json"));
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut files = definition_files(&root().join("catalog"));
    assert_eq!(files.len(), 11, "the eleven built-in sources");
    files.extend(definition_files(&root().join("examples/catalog")));
    for path in &files {
        let errors: Vec<String> = validator.iter_errors(&read_json(path)).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    // The schema refuses what the server would refuse, so the check has teeth.
    let okta = read_json(&root().join("catalog/okta.json"));
    let broken = [
        ("/fields/0/kind", json!("textarea")),
        ("/fields/0/validators/0/kind", json!("regex")),
        ("/name", json!({})),
        ("/name", json!({"english": "Okta"})),
        ("/id", json!("Okta Org")),
        ("/feeds/0/factor", json!("insider-threat")),
    ];
    for (pointer, value) in broken {
        let mut bad = okta.clone();
        *bad.pointer_mut(pointer).unwrap() = value.clone();
        assert!(!validator.is_valid(&bad), "{pointer} = {value} passed");
    }
    let mut extra = okta.clone();
    extra["fields"][0]["regex"] = json!("^.*$");
    assert!(!validator.is_valid(&extra), "an unknown property passed");
}

#[tokio::test]
async fn the_catalog_is_served_per_locale_with_an_etag() {
    let s = Server::start("catalog").await;
    let res = s.request(Method::GET, "/api/v1/catalog").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-language"], "en");
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["locale"], "en");
    let sources = body["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 11);
    assert_eq!(sources[7]["id"], "okta");
    assert_eq!(sources[7]["name"], json!({"en": "Okta"}));
    assert!(sources.iter().all(|d| d.get("$schema").is_none()), "the editor's schema link is not served");

    let again = s.request(Method::GET, "/api/v1/catalog").header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    let stale = s.request(Method::GET, "/api/v1/catalog").header("if-none-match", "\"catalog-0\"").send().await.unwrap();
    assert_eq!(stale.status(), 200);
    // A locale without words yet is answered in English, and says so.
    for req in [
        s.request(Method::GET, "/api/v1/catalog?locale=fr"),
        s.request(Method::GET, "/api/v1/catalog").header("accept-language", "fr-CA, fr;q=0.9"),
    ] {
        let res = req.send().await.unwrap();
        assert_eq!(res.headers()["content-language"], "en");
        assert_eq!(res.headers()["vary"], "accept-language");
        assert_eq!(res.json::<Value>().await.unwrap()["locale"], "en");
    }
    let anonymous = reqwest::Client::new().get(format!("{}/api/v1/catalog", s.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    s.stop().await;
}

/// A folder of definitions: the 12th source of the README's example, and `extra` files.
fn catalog_dir(tag: &str, extra: &[(&str, String)]) -> PathBuf {
    let dir = support::temp_dir(tag).join("catalog");
    std::fs::create_dir_all(&dir).unwrap();
    let gcid = root().join("examples/catalog/google-cloud-identity.json");
    std::fs::copy(&gcid, dir.join("google-cloud-identity.json")).unwrap();
    for (name, text) in extra {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

#[tokio::test]
async fn a_folder_of_definitions_adds_sources_and_replaces_built_in_ones() {
    let mut email = read_json(&root().join("catalog/email-sensor.json"));
    email["name"] = json!({"en": "Email Sensor (Exchange Online)"});
    let dir = catalog_dir("catalog-dir", &[("email-sensor.json", email.to_string()), ("notes.txt", "not a definition".into())]);
    let data = dir.parent().unwrap().to_path_buf();
    let mut c = support::config(&data);
    c.catalog_dir = Some(dir);
    let s = Server::start_in(&data, c).await;

    let (_, catalog) = s.json(Method::GET, "/api/v1/catalog").await;
    let ids: Vec<&str> = catalog["sources"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 12);
    assert_eq!(ids[8], "google-cloud-identity", "after Okta, by its order");
    assert_eq!(catalog["sources"][2]["name"]["en"], "Email Sensor (Exchange Online)");
    let (_, list) = s.json(Method::GET, "/api/v1/data-sources").await;
    assert_eq!(list["sources"][8]["id"], "google-cloud-identity");
    assert_eq!(list["sources"][8]["secretsSet"], json!({"serviceAccountKey": false}));

    // Its rules are enforced from the definition alone.
    let (status, body) = s.patch("google-cloud-identity", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 422);
    let codes: Vec<(&str, &str)> =
        body["errors"].as_array().unwrap().iter().map(|e| (e["pointer"].as_str().unwrap(), e["code"].as_str().unwrap())).collect();
    assert_eq!(codes, [("/settings/customerId", "required"), ("/secrets/serviceAccountKey", "required")]);
    let (status, body) = s.patch("google-cloud-identity", json!({"settings": {"customerId": "X03az79cb"}})).await;
    assert_eq!((status.as_u16(), body["errors"][0]["code"].as_str()), (422, Some("wrong-prefix")));
    assert_eq!(body["errors"][0]["detail"], "A Google customer ID starts with C. Copy the customer ID from the Google Admin console (Account > Account settings).");
    let (status, body) = s.patch("google-cloud-identity", json!({"secrets": {"serviceAccountKey": "{\"type\": \"service_account\"}"}})).await;
    assert_eq!((status.as_u16(), body["errors"][0]["code"].as_str()), (422, Some("too-short")));
    let key = format!("{{\"type\": \"service_account\", \"private_key\": \"{}\"}}", "k".repeat(120));
    let (status, body) = s
        .patch("google-cloud-identity", json!({"uploadEnabled": true, "settings": {"customerId": "C03az79cb"}, "secrets": {"serviceAccountKey": key}}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["secretsSet"]["serviceAccountKey"], true);
    assert_eq!(body["status"]["state"], "connected");
    assert!(!body.to_string().contains("private_key"), "the key is write-only");
    s.stop().await;
}

#[tokio::test]
async fn a_source_others_need_can_change_its_settings_while_it_stays_on() {
    // Reports that need the Google source on: a definition of a dependent, as a console may add.
    let mut reports = read_json(&root().join("catalog/email-sensor.json"));
    reports["id"] = json!("gcid-reports");
    reports["order"] = json!(95);
    reports["name"] = json!({"en": "Google reports"});
    reports["requires"] = json!([{"source": "google-cloud-identity", "label": {"en": "Google Cloud Identity on"}, "code": "gcid-off",
        "message": {"en": "Google Cloud Identity must be on."}, "fix": {"en": "Turn it on first."}}]);
    let dir = catalog_dir("dependent", &[("gcid-reports.json", reports.to_string())]);
    let data = dir.parent().unwrap().to_path_buf();
    let mut c = support::config(&data);
    c.catalog_dir = Some(dir);
    let s = Server::start_in(&data, c).await;
    let key = format!("{{\"type\": \"service_account\", \"private_key\": \"{}\"}}", "k".repeat(120));
    let on = json!({"uploadEnabled": true, "settings": {"customerId": "C03az79cb"}, "secrets": {"serviceAccountKey": key}});
    assert_eq!(s.patch("google-cloud-identity", on).await.0, 200);
    assert_eq!(s.patch("gcid-reports", json!({"uploadEnabled": true})).await.0, 200);

    // A new customer ID strands nobody: only turning it off asks about its dependents.
    let (status, body) = s.patch("google-cloud-identity", json!({"settings": {"customerId": "C04bz80dc"}})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s.patch("google-cloud-identity", json!({"uploadEnabled": false})).await;
    assert_eq!((status.as_u16(), body["dependents"][0].as_str()), (409, Some("gcid-reports")), "{body}");
    s.stop().await;
}

#[test]
fn a_broken_definition_stops_start_up_naming_its_file_and_field() {
    let mut wrong_kind = read_json(&root().join("examples/catalog/google-cloud-identity.json"));
    wrong_kind["fields"][0]["kind"] = json!("textarea");
    let mut dangling = read_json(&root().join("examples/catalog/google-cloud-identity.json"));
    dangling["requires"] = json!([{"source": "azure-ad-v2", "label": {"en": "L"}, "code": "c", "message": {"en": "M"}, "fix": {"en": "F"}}]);
    let mut misnamed = read_json(&root().join("examples/catalog/google-cloud-identity.json"));
    misnamed["id"] = json!("gcid");
    for (definition, expected) in [
        (wrong_kind, "google-cloud-identity.json at fields[0].kind: unknown variant `textarea`"),
        (dangling, "google-cloud-identity.json at /requires/0/source: azure-ad-v2 is not another source type of the catalog"),
        (misnamed, "google-cloud-identity.json: the id is \"gcid\""),
    ] {
        let dir = support::temp_dir("broken").join("catalog");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("google-cloud-identity.json"), definition.to_string()).unwrap();
        let mut c = support::config(dir.parent().unwrap());
        c.catalog_dir = Some(dir.clone());
        let error = rds_server::state(c).err().expect("start-up refuses the catalog");
        assert!(error.contains(expected), "{error}");
        assert!(error.contains(&dir.display().to_string()), "names the file's path: {error}");
    }
    let mut c = support::config(&support::temp_dir("nodir"));
    c.catalog_dir = Some(PathBuf::from("/nonexistent/catalog"));
    assert!(rds_server::state(c).err().unwrap().contains("RDS_CATALOG_DIR /nonexistent/catalog"));
}

#[test]
fn the_server_binary_rotates_the_secret_key_and_refuses_other_arguments() {
    let dir = support::temp_dir("rotate-cli");
    let run = |args: &[&str], key: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rds-server"))
            .current_dir(&dir)
            .args(args)
            .env("RDS_API_TOKEN", TOKEN)
            .env("RDS_DATA_DIR", dir.join("data"))
            .env("RDS_SECRET_KEY_FILE", key)
            .output()
            .unwrap()
    };
    let (old, new) = (dir.join("old.key"), dir.join("new.key"));
    let missing = run(&["rotate-secret-key", new.to_str().unwrap()], &old);
    assert_eq!(missing.status.code(), Some(1), "no database is made by a rotation");
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no database at"));
    let mut c = support::config(&dir);
    c.secret_key_file = old.clone();
    drop(rds_server::state(c).unwrap());
    // A key file named alone is made in the working folder.
    let out = run(&["rotate-secret-key", "new.key"], &old);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("sealed 0 secrets with new.key"), "{err}");
    assert!(old.exists() && new.exists());
    // The old key is refused now; the new one is taken.
    let again = run(&["rotate-secret-key", dir.join("third.key").to_str().unwrap()], &old);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not the one this database's secrets were sealed with"));
    let odd = run(&["--serve"], &new);
    assert_eq!(odd.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&odd.stderr).contains("rotate-secret-key NEW_KEY_FILE"));
    // Without arguments it serves (and is still running a moment later).
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_rds-server"))
        .env("RDS_API_TOKEN", TOKEN)
        .env("RDS_DATA_DIR", dir.join("data"))
        .env("RDS_SECRET_KEY_FILE", &new)
        .env("RDS_BIND", "127.0.0.1:0")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let early = server.try_wait().unwrap();
    server.kill().ok();
    server.wait().ok();
    assert_eq!(early, None, "the server stopped at once without arguments");
}

#[test]
fn the_server_binary_refuses_a_broken_catalog_with_a_message() {
    let dir = catalog_dir("binary", &[("splunk.json", "{\"id\": \"splunk\"".into())]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rds-server"))
        .env("RDS_API_TOKEN", TOKEN)
        .env("RDS_DATA_DIR", dir.parent().unwrap().join("data"))
        .env("RDS_BIND", "127.0.0.1:0")
        .env("RDS_CATALOG_DIR", &dir)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A server that starts anyway would serve until stopped: fail rather than wait forever.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the server started over a broken catalog");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the catalog does not hold") && err.contains("splunk.json: EOF while parsing"), "{err}");
}

/// The fixture database, with a long secret of the earlier release replaced and another
/// cleared the way it did it (freed pages not zeroed); returns where it is and what was freed.
fn earlier_release_with_freed_secrets(tag: &str) -> (PathBuf, PathBuf, [String; 2]) {
    let dir = support::temp_dir(tag);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let db = dir.join("data/risk-data-sources.sqlite3");
    std::fs::copy(root().join("server/tests/fixtures/release-2026-11-28.sqlite3"), &db).unwrap();
    // Long enough to spill onto overflow pages; runs of capitals never occur in sealed (hex) text.
    let freed = ["Q".repeat(6000), "Z".repeat(6000)];
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA secure_delete = OFF").unwrap();
    conn.execute("UPDATE secrets SET value = ?1 WHERE source_id = 'splunk'", [&freed[0]]).unwrap();
    conn.execute("INSERT INTO secrets (source_id, name, value) VALUES ('qualys', 'old', ?1)", [&freed[1]]).unwrap();
    conn.execute("UPDATE secrets SET value = 'fixture-splunk-token-3391' WHERE source_id = 'splunk'", []).unwrap();
    conn.execute("DELETE FROM secrets WHERE name = 'old'", []).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    (dir, db, freed)
}

#[tokio::test]
async fn an_upgrade_leaves_no_secret_of_the_earlier_release_on_disk() {
    let (dir, db, freed) = earlier_release_with_freed_secrets("freed");
    assert!(freed.iter().all(|f| support::disk_text(&db).contains(&f[..64])), "the earlier release left them in freed pages");
    // Gone from the files as soon as the server runs, not only once it stops and SQLite
    // folds its WAL back into the database.
    let s = Server::start_in(&dir, support::config(&dir)).await;
    let running = support::disk_text(&db);
    s.stop().await;
    for (when, text) in [("running", running), ("stopped", support::disk_text(&db))] {
        for f in &freed {
            assert!(!text.contains(&f[..64]), "a freed secret is still on disk ({when})");
        }
    }
}

#[tokio::test]
async fn an_upgrade_with_every_secret_cleared_leaves_none_on_disk() {
    let (dir, db, freed) = earlier_release_with_freed_secrets("all-cleared");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("DELETE FROM secrets", []).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    Server::start_in(&dir, support::config(&dir)).await.stop().await;
    assert!(!support::disk_text(&db).contains(&freed[0][..64]), "nothing left to seal, and still nothing freed is left");
}

#[tokio::test]
async fn a_secret_written_plain_later_is_sealed_at_the_next_start() {
    // As a server of the earlier release would, run again on a database this one opened.
    let (dir, db, _) = earlier_release_with_freed_secrets("plain-later");
    Server::start_in(&dir, support::config(&dir)).await.stop().await;
    let marker = "W".repeat(6000);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA secure_delete = OFF").unwrap();
    conn.execute("UPDATE secrets SET value = ?1 WHERE source_id = 'okta'", [&marker]).unwrap();
    conn.execute("UPDATE secrets SET value = 'plain-okta-token-later' WHERE source_id = 'okta'", []).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    Server::start_in(&dir, support::config(&dir)).await.stop().await;
    let text = support::disk_text(&db);
    assert!(!text.contains("plain-okta-token-later") && !text.contains(&marker[..64]), "the plain secret and what it freed are gone");
    let key = rds_server::secret_box::SecretBox::from_key_file(&dir.join("data/secret.key")).unwrap();
    let sealed: String = rusqlite::Connection::open(&db).unwrap().query_row("SELECT value FROM secrets WHERE source_id = 'okta'", [], |r| r.get(0)).unwrap();
    assert_eq!(key.open(&sealed, "okta/apiToken").as_deref(), Some("plain-okta-token-later"));
}

#[test]
fn a_wrong_key_at_an_upgrade_changes_nothing() {
    let (dir, db, _) = earlier_release_with_freed_secrets("upgrade-bad-key");
    let before = support::disk_text(&db);
    let mut c = support::config(&dir);
    c.secret_key_file = dir.join("bad.key");
    std::fs::write(&c.secret_key_file, "not a key").unwrap();
    std::fs::set_permissions(&c.secret_key_file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let Err(e) = rds_server::state(c) else { panic!("started with a key that is not one") };
    assert!(e.contains("not 64 hexadecimal digits"), "{e}");
    assert_eq!(support::disk_text(&db), before, "the database was not touched");
    let version: i64 = rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1, "not even migrated");
}

#[tokio::test]
async fn a_database_of_the_earlier_release_opens_with_nothing_lost() {
    let fixtures = root().join("server/tests/fixtures");
    let before = read_json(&fixtures.join("release-2026-11-28.list.json"));
    let dir = support::temp_dir("fixture");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let db = dir.join("data/risk-data-sources.sqlite3");
    std::fs::copy(fixtures.join("release-2026-11-28.sqlite3"), &db).unwrap();
    let s = Server::start_in(&dir, support::config(&dir)).await;

    let (status, after) = s.json(Method::GET, "/api/v1/data-sources").await;
    assert_eq!(status, 200);
    assert_eq!(after["world"]["region"], "jp");
    assert_eq!(after["world"]["facts"], json!({"cloudAppSecurityConnected": true, "internetAccessServiceEnabled": true}));
    assert_eq!(after["world"]["capabilities"]["vulnerabilityDetection"], before["world"]["vulnerabilitySource"]);
    let old = before["sources"].as_array().unwrap();
    let new = after["sources"].as_array().unwrap();
    assert_eq!(old.len(), new.len());
    for (o, n) in old.iter().zip(new) {
        assert_eq!(n["id"], o["id"]);
        assert_eq!(n["type"], o["id"], "each connection's type is its old id");
        for field in ["uploadEnabled", "status", "lastDataReceivedAt", "settings", "secretsSet", "version", "updatedAt", "updatedBy"] {
            assert_eq!(n[field], o[field], "{} {field}", o["id"]);
        }
    }
    let o365 = new.iter().find(|x| x["id"] == "office-365").unwrap();
    assert_eq!(o365["switches"], json!({"threatDetectionUpload": true}), "the old threat-detection column became a switch");

    // The stored secrets still count: Okta can be turned off and on again without retyping.
    assert_eq!(s.patch("okta", json!({"uploadEnabled": false})).await.0, 200);
    let (status, body) = s.patch("okta", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["secretsSet"]["apiToken"], true);
    s.stop().await;

    // The pending consent is where it was; the secrets' values are kept, and sealed: no
    // plain copy is left in the database or its WAL.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let pending: String = conn.query_row("SELECT source_id FROM consents", [], |r| r.get(0)).unwrap();
    assert_eq!(pending, "azure-ad");
    let key = rds_server::secret_box::SecretBox::from_key_file(&dir.join("data/secret.key")).unwrap();
    let secrets: Vec<(String, String)> = conn
        .prepare("SELECT source_id, name, value FROM secrets ORDER BY source_id")
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        .unwrap()
        .map(|row| {
            let (id, name, value) = row.unwrap();
            let plain = key.open(&value, &format!("{id}/{name}")).unwrap_or_else(|| panic!("{id}/{name} does not open"));
            (id, plain)
        })
        .collect();
    let plain = [
        ("okta".to_string(), "00FixtureOktaTokenAbcdefghijklmnopqrstu".to_string()),
        ("qualys".to_string(), "Fixture-Qualys-Password-77".to_string()),
        ("splunk".to_string(), "fixture-splunk-token-3391".to_string()),
    ];
    assert_eq!(secrets, plain);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 5, "every migration ran, connection names the last");
    drop(conn);
    let raw = support::disk_text(&db);
    for (id, value) in &plain {
        assert!(!raw.contains(value.as_str()), "{id}'s secret is still on disk in the clear");
    }
}
