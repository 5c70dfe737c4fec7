//! The contract's documents, generated from the domain's serde types: the OpenAPI 3.1
//! document (`server/openapi.json`) and the JSON Schema of a definition file
//! (`catalog/schema.json`). Both are checked in; a test fails when a checked-in copy
//! differs from what this generates, and `rds-contract` writes them anew.

use rds_domain::api::{CatalogDocument, CheckDraft, CheckResult, ConsentStart, DataSource, NewSource, ProblemDocument, SourceList, SourcePatch};
use rds_domain::Definition;
use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn problem(description: &str) -> Value {
    json!({ "description": description, "content": { "application/problem+json": { "schema": reference("ProblemDocument") } } })
}

fn body(description: &str, schema: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": reference(schema) } } })
}

/// `If-None-Match` (RFC 9110, 13.1.2): compared weakly; `*` or a list of tags.
fn if_none_match_parameter(what: &str) -> Value {
    json!({ "name": "If-None-Match", "in": "header", "required": false, "schema": { "type": "string" },
            "description": format!("An ETag of {what} from an earlier answer, or a comma-separated list of them: when one names the current version, the answer is 304 without a body. Compared weakly.") })
}

fn not_modified() -> Value {
    json!({ "description": "Unchanged since the ETag in If-None-Match.", "headers": content_etag_header() })
}

/// The tag of a whole document (the list, the catalog), for If-None-Match.
fn content_etag_header() -> Value {
    json!({ "ETag": { "description": "The entity tag of this document: what If-None-Match takes.", "schema": { "type": "string" } } })
}

fn etag_header() -> Value {
    json!({ "ETag": { "description": "The strong entity tag of this version, such as `\"3\"`: what `If-Match` takes.", "schema": { "type": "string" } } })
}

/// `If-Match` as the server reads it (RFC 9110, 13.1.1): `*` alone, or a comma-separated
/// list of entity tags (`"…"` or weak `W/"…"`, the characters between the quotes visible
/// ASCII other than `"`), empty members ignored. Anything else is answered 400.
pub const IF_MATCH_PATTERN: &str = r#"^([ \t,]*\*[ \t,]*|[ \t,]*(W/)?"[!#-~]*"[ \t]*(,[ \t,]*((W/)?"[!#-~]*"[ \t]*)?)*)$"#;

/// The language the server writes its own words in: the status details it sets.
fn accept_language_parameter() -> Value {
    json!({ "name": "Accept-Language", "in": "header", "required": false, "schema": { "type": "string" },
            "description": "The reader's languages (RFC 9110, 12.5.4), such as `ja-JP,ja;q=0.9`. The status details the server writes itself (`status.detail`) come in the best match it has words for, else English; the answer varies by this header. A detail written by someone else comes as written.",
            "example": "ja" })
}

fn id_parameter(example: &str) -> Value {
    json!({
        "name": "id", "in": "path", "required": true,
        "description": "The connection's id. The first connection of a source type has the type's id.",
        "schema": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
        "example": example
    })
}

fn if_match_parameter() -> Value {
    json!({
        "name": "If-Match", "in": "header", "required": true,
        "description": "The precondition of the change (RFC 9110, 13.1.1): the connection's `ETag`, as the last `GET` or change answered it. `*` matches any version; a comma-separated list matches when any of its tags does; tags are compared strongly, so a weak tag (`W/\"3\"`) never matches. Without If-Match the answer is 428; a value that is neither `*` nor a list of entity tags is 400; a precondition that does not hold is 412, with the stored connection in `current`.",
        "schema": { "type": "string", "pattern": IF_MATCH_PATTERN },
        "example": "\"1\""
    })
}

/// What the stateful reader of this document may do next with a connection it was given.
fn links(id: &str, etag: Option<&str>) -> Value {
    let mut change = json!({ "id": id });
    if let Some(etag) = etag {
        change["header.If-Match"] = json!(etag);
    }
    json!({
        "GetDataSource": { "operationId": "getDataSource", "parameters": { "id": id },
                           "description": "Read this connection again, with its ETag." },
        "ChangeDataSource": { "operationId": "changeDataSource", "parameters": change,
                              "description": "Change this connection." },
        "StartConsent": { "operationId": "startConsent", "parameters": { "id": id },
                          "description": "Start this connection's consent flow, when its definition connects by consent." },
        "CheckDataSource": { "operationId": "checkDataSource", "parameters": { "id": id },
                             "description": "Test this connection, when its definition names a check." }
    })
}

/// What the reader may do with a connection just added: the types that allow several connect
/// by credentials or consent, and each names a check.
fn added_links() -> Value {
    let id = "$response.body#/id";
    json!({
        "GetDataSource": { "operationId": "getDataSource", "parameters": { "id": id },
                           "description": "Read the new connection, with its ETag." },
        "ChangeDataSource": { "operationId": "changeDataSource", "parameters": { "id": id, "header.If-Match": "$response.header.ETag" },
                              "description": "Configure the new connection." },
        "CheckDataSource": { "operationId": "checkDataSource", "parameters": { "id": id },
                             "description": "Test the new connection." },
        "RemoveDataSource": { "operationId": "removeDataSource", "parameters": { "id": id, "header.If-Match": "$response.header.ETag" },
                              "description": "Remove the new connection." }
    })
}

fn paths() -> Value {
    let unauthorized = problem("Missing or wrong bearer token (the scheme, `Bearer`, in any case).");
    let storage = problem("The database could not be read or written; nothing was changed. Try again.");
    json!({
        "/api/v1/data-sources": { "get": {
            "operationId": "listDataSources", "tags": ["data sources"],
            "summary": "Every connection and the console it lives in.",
            "description": "Connections come in the catalog's display order. `world.capabilities` names the connection that provides each capability now. A page that polls for changes made elsewhere sends the list's ETag in If-None-Match and hears 304 while nothing changed.",
            "parameters": [if_none_match_parameter("this list"), accept_language_parameter()],
            "responses": {
                "200": {
                    "description": "All connections.",
                    "headers": content_etag_header(),
                    "content": { "application/json": { "schema": reference("SourceList") } },
                    "links": links("$response.body#/sources/0/id", None)
                },
                "304": not_modified(),
                "401": unauthorized.clone(), "503": storage.clone()
            }
        },
        "post": {
            "operationId": "addDataSource", "tags": ["data sources"],
            "summary": "Add another connection of a type that allows several.",
            "description": "A definition says how many connections of its type a console may hold (`instances.max`; Okta, Azure AD and Office 365 allow 20). The new connection is off and unconfigured, has the `name` given and an id of its own, stable and URL-safe (`okta-3f9a0c1d2b4e`); the first connection of a type keeps the type's id.",
            "parameters": [accept_language_parameter()],
            "requestBody": { "required": true, "content": { "application/json": {
                "schema": reference("NewSource"),
                "example": { "type": "okta", "name": "Acme EU" }
            } } },
            "responses": {
                "201": { "description": "The new connection; `Location` is its URL.",
                         "headers": { "Location": { "description": "The new connection's URL.", "schema": { "type": "string" } },
                                      "ETag": etag_header()["ETag"] },
                         "content": { "application/json": { "schema": reference("DataSource") } },
                         "links": added_links() },
                "400": problem("Malformed JSON."),
                "401": unauthorized.clone(),
                "403": problem("The console is read-only for this token."),
                "413": problem("Body over 64 KiB."),
                "415": problem("Body not application/json."),
                "422": problem("The body is not a `NewSource`, the type is unknown (`unknown-type` at `/type`), the console holds as many connections of the type as its definition allows (`instance-limit` at `/type`), or the name, once trimmed, is blank, over 64 characters or holds a control or invisible character (`name` at `/name`) or names another connection of the type, in any case (`name-taken` at `/name`). The errors' words follow Accept-Language."),
                "503": storage.clone()
            }
        }},
        "/api/v1/data-sources/{id}": {
            "get": {
                "operationId": "getDataSource", "tags": ["data sources"],
                "summary": "One connection, with its ETag.",
                "description": "The connection as stored: its settings, which secrets are set (never their values), its switches and status, and its version, whose strong entity tag is the `ETag` header that a change sends back in `If-Match`.",
                "parameters": [id_parameter("okta"), accept_language_parameter()],
                "responses": {
                    "200": { "description": "The connection.", "headers": etag_header(),
                             "content": { "application/json": { "schema": reference("DataSource") } },
                             "links": links("$request.path.id", Some("$response.header.ETag")) },
                    "401": unauthorized, "404": problem("No connection has this id."), "503": storage
                }
            },
            "patch": {
                "operationId": "changeDataSource", "tags": ["data sources"],
                "summary": "Change a connection.",
                "description": "The body is a JSON object (`SourcePatch`); what it leaves out stays as it is. The rules of the connection's definition are enforced, as the panel enforces them: a change that breaks one is refused whole. Settings, secrets and switches the definition does not have are refused. Secrets are write-only: a string sets one, null clears it, omitting it keeps it. The change needs `If-Match` with the connection's ETag (see the parameter).",
                "parameters": [id_parameter("okta"), if_match_parameter(), accept_language_parameter()],
                "requestBody": { "required": true, "content": { "application/json": {
                    "schema": reference("SourcePatch"),
                    "example": { "settings": { "domain": "acme.okta.com" } }
                } } },
                "responses": {
                    "200": { "description": "The stored connection. A change that changes nothing writes nothing: the answer is the connection as it was, with its version and ETag unchanged. A secret sent with a value always counts as a change, so the answer never tells whether it equals the stored one.",
                             "headers": etag_header(),
                             "content": { "application/json": { "schema": reference("DataSource") } },
                             "links": links("$response.body#/id", Some("$response.header.ETag")) },
                    "400": problem("Malformed JSON, or an If-Match that is neither `*` nor a list of entity tags."),
                    "401": unauthorized,
                    "403": problem("The console is read-only for this token."),
                    "404": problem("No connection has this id."),
                    "409": problem("Other connections depend on this one (`dependents` names them); send turnOffDependents: true."),
                    "412": problem("If-Match does not hold: the connection changed since that ETag, or every tag given is weak or names no version. `current` holds the stored connection. Judged before the body, so a stale change hears 412 whatever it sent."),
                    "413": problem("Body over 64 KiB."),
                    "415": problem("Body not application/json."),
                    "422": problem("The body is not a JSON object of the `SourcePatch` shape (no `errors`), or the change breaks a rule of the connection's definition: `errors` holds one entry per field, with its JSON pointer and code. A setting, secret or switch the definition does not have is `not-applicable`; a wrong value or an unmet prerequisite has the code of its rule."),
                    "428": problem("If-Match is missing."),
                    "503": storage.clone()
                }
            },
            "delete": {
                "operationId": "removeDataSource", "tags": ["data sources"],
                "summary": "Remove a connection added beside the first of its type.",
                "description": "Its settings, secrets and any open consent go with it. Needs `If-Match` with its ETag. The first connection of a type stays (turn its upload off instead), and one that is on while connections that need it are on stays too (`dependents` names them; turn those off first).",
                "parameters": [id_parameter("okta-3f9a0c1d2b4e"), if_match_parameter(), accept_language_parameter()],
                "responses": {
                    "204": { "description": "Removed." },
                    "400": problem("An If-Match that is neither `*` nor a list of entity tags."),
                    "401": unauthorized.clone(),
                    "403": problem("The console is read-only for this token."),
                    "404": problem("No connection has this id."),
                    "409": problem("The first connection of a type, or one that others that are on need (`dependents` names them)."),
                    "412": problem("If-Match does not hold; `current` holds the stored connection."),
                    "428": problem("If-Match is missing."),
                    "503": storage.clone()
                }
            }
        },
        "/api/v1/data-sources/{id}/consent": { "post": {
            "operationId": "startConsent", "tags": ["data sources"],
            "summary": "Start the admin consent flow of a connection whose definition connects by consent.",
            "description": "Answers where to send the administrator to grant consent. The connection shows as pending until the consent comes back. Its data upload permission must be on first.",
            "parameters": [id_parameter("azure-ad")],
            "responses": {
                "201": body("Where to send the administrator: absolute, or relative to the API's origin.", "ConsentStart"),
                "401": unauthorized,
                "403": problem("Read-only."),
                "404": problem("No connection has this id, or it does not connect by consent."),
                "409": problem("Data upload permission is off."),
                "503": storage
            }
        }},
        "/api/v1/data-sources/{id}/check": { "post": {
            "operationId": "checkDataSource", "tags": ["data sources"],
            "summary": "Test a connection with values not saved yet; nothing is stored.",
            "description": "Runs the probe the connection's definition names (`check.probe`). The body is an optional draft: settings and secrets typed but not saved; what it leaves out, and an omitted secret, is taken from the stored connection. A value its field's rules refuse is a failed step at that field, and nothing is sent. Probes go over HTTPS only to the host the field names, never follow a redirect, never reach loopback, private or link-local addresses, and never return the remote service's body. A check takes at most 10 seconds; past that its step is `unknown`. One check per connection runs at a time.",
            "parameters": [id_parameter("okta"), accept_language_parameter()],
            "requestBody": { "required": false, "content": { "application/json": {
                "schema": reference("CheckDraft"),
                "example": { "settings": { "domain": "acme.okta.com", "adminRole": "orgAdmin" }, "secrets": { "apiToken": "00…" } }
            } } },
            "responses": {
                "200": { "description": "The result: `passed` only when every step passed, `failed` when a step shows a value is wrong (its `pointer` names the field), `unknown` when nothing could be proved either way. Messages follow Accept-Language.",
                         "headers": { "Cache-Control": { "description": "`no-store`: a result is of its moment.", "schema": { "type": "string" } } },
                         "content": { "application/json": { "schema": reference("CheckResult") } } },
                "400": problem("Malformed JSON."),
                "401": unauthorized,
                "404": problem("No connection has this id, or its type has no check."),
                "413": problem("Body over 64 KiB."),
                "415": problem("Body not application/json."),
                "422": problem("The body is not a JSON object of the `CheckDraft` shape."),
                "429": { "description": "A check of this connection is running; `Retry-After` says when to try again.",
                         "headers": { "Retry-After": { "description": "Seconds.", "schema": { "type": "integer" } } },
                         "content": { "application/problem+json": { "schema": reference("ProblemDocument") } } },
                "503": storage
            }
        }},
        "/api/v1/catalog": { "get": {
            "operationId": "getCatalog", "tags": ["catalog"],
            "summary": "Every source type's definition, with its texts in one locale.",
            "description": "The locale is `?locale=`, else the best match of `Accept-Language`, else `en`; `Content-Language` says which. A text missing in that locale is in English.",
            "parameters": [
                { "name": "locale", "in": "query", "required": false, "schema": { "type": "string" },
                  "description": "A language tag such as `en` or `ja`.", "example": "en" },
                if_none_match_parameter("this catalog")
            ],
            "responses": {
                "200": { "description": "The catalog.", "headers": content_etag_header(),
                         "content": { "application/json": { "schema": reference("CatalogDocument") } } },
                "304": not_modified(),
                "401": unauthorized
            }
        }},
        "/api/openapi.json": { "get": {
            "operationId": "getOpenApi", "tags": ["contract"],
            "summary": "This document.",
            "description": "The OpenAPI 3.1 document of the `/api` routes, as checked into the repository.",
            "responses": {
                "200": { "description": "The OpenAPI document.", "content": { "application/json": { "schema": { "type": "object" } } } },
                "401": unauthorized
            }
        }}
    })
}

/// The OpenAPI 3.1 document of `/api`.
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    generator.subschema_for::<SourceList>();
    generator.subschema_for::<DataSource>();
    generator.subschema_for::<SourcePatch>();
    generator.subschema_for::<NewSource>();
    generator.subschema_for::<ConsentStart>();
    generator.subschema_for::<CheckDraft>();
    generator.subschema_for::<CheckResult>();
    generator.subschema_for::<CatalogDocument>();
    generator.subschema_for::<ProblemDocument>();
    let schemas = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Risk data-source panel API",
            "version": "2.4.0",
            "license": { "name": "MIT", "identifier": "MIT" },
            "contact": { "name": "The risk data-source panel's maintainers" },
            "description": "The contract between the risk data-source panel and its backend. A source type is a definition (`GET /api/v1/catalog`); a connection is a stored source of a type, with an id of its own. Every /api route needs `Authorization: Bearer <token>`. Secrets are write-only: responses say only whether each is set. Every change needs `If-Match` with the connection's ETag. Refusals are RFC 9457 problem documents."
        },
        "servers": [{ "url": "/" }],
        "tags": [
            { "name": "data sources", "description": "The connections and their changes." },
            { "name": "catalog", "description": "The source types the console knows." },
            { "name": "contract", "description": "This document." }
        ],
        "security": [{ "bearer": [] }],
        "paths": paths(),
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": schemas
        }
    })
}

/// The JSON Schema every `catalog/*.json` definition file is validated against.
pub fn catalog_schema() -> Value {
    let mut schema = SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<Definition>().to_value();
    schema["$id"] = json!("https://risk-data-sources.invalid/catalog/schema.json");
    schema["title"] = json!("Source definition");
    schema
}

/// A document as checked in: pretty JSON with a final newline.
pub fn to_file(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("json");
    s.push('\n');
    s
}

/// Compares the generated documents with those checked in under `root` (the workspace):
/// `server/openapi.json` and `catalog/schema.json`. With `write`, rewrites those that
/// differ. Returns the paths that differed.
pub fn sync_documents(root: &std::path::Path, write: bool) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut differed = Vec::new();
    for (path, text) in [
        (root.join("server/openapi.json"), to_file(&document())),
        (root.join("catalog/schema.json"), to_file(&catalog_schema())),
    ] {
        if std::fs::read_to_string(&path).is_ok_and(|t| t == text) {
            continue;
        }
        if write {
            std::fs::write(&path, text)?;
        }
        differed.push(path);
    }
    Ok(differed)
}

/// What the `rds-contract` binary does with its arguments (after the program's name), for
/// the documents checked in under `root`; returns its exit status. `--catalog <locale>`
/// prints the catalog served in that locale; `--check` compares the documents and fails when
/// one differs; with neither, the documents that differ are rewritten.
pub fn contract_cli(args: &[String], root: &std::path::Path, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> i32 {
    let mut after_catalog = args.iter().skip_while(|a| *a != "--catalog");
    if after_catalog.next().is_some() {
        let locale = after_catalog.next().map_or("en", String::as_str);
        let loaded = crate::catalog::Loaded::load(None).unwrap_or_else(|e| panic!("{e}"));
        out.write_all(&loaded.document(locale).body).expect("stdout");
        return 0;
    }
    let check = args.iter().any(|a| a == "--check");
    let differed = match sync_documents(root, !check) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "cannot write the documents: {e}");
            return 1;
        }
    };
    for path in &differed {
        let _ = if check {
            writeln!(err, "{} differs from what the code generates", path.display())
        } else {
            writeln!(out, "wrote {}", path.display())
        };
    }
    if check && !differed.is_empty() {
        let _ = writeln!(err, "run `cargo run -p rds-server --bin rds-contract` and commit the result");
        return 1;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_command_checks_rewrites_and_prints_the_catalog() {
        let root = std::env::temp_dir().join(format!("rds-cli-{}", crate::random_token()));
        std::fs::create_dir_all(root.join("server")).unwrap();
        std::fs::create_dir_all(root.join("catalog")).unwrap();
        std::fs::write(root.join("server/openapi.json"), to_file(&document())).unwrap();
        std::fs::write(root.join("catalog/schema.json"), "stale").unwrap();
        let run = |args: &[&str]| {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            let status = contract_cli(&args, &root, &mut out, &mut err);
            (status, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
        };
        let (status, out, err) = run(&["--check"]);
        assert_eq!((status, out.as_str()), (1, ""));
        assert!(err.contains("schema.json differs") && err.contains("commit the result"), "{err}");
        assert_eq!(std::fs::read_to_string(root.join("catalog/schema.json")).unwrap(), "stale", "a check writes nothing");
        let (status, out, _) = run(&[]);
        assert_eq!(status, 0);
        assert!(out.starts_with("wrote ") && out.contains("schema.json"), "{out}");
        assert_eq!(run(&["--check"]), (0, String::new(), String::new()));
        let served = crate::catalog::Loaded::load(None).unwrap().document("en").body.clone();
        let (status, out, _) = run(&["--catalog", "en"]);
        assert_eq!((status, out.into_bytes()), (0, served));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn documents_are_compared_and_rewritten_only_when_they_differ() {
        let root = std::env::temp_dir().join(format!("rds-sync-{}", crate::random_token()));
        std::fs::create_dir_all(root.join("server")).unwrap();
        std::fs::create_dir_all(root.join("catalog")).unwrap();
        let openapi = root.join("server/openapi.json");
        std::fs::write(&openapi, to_file(&document())).unwrap();
        std::fs::write(root.join("catalog/schema.json"), "stale").unwrap();
        assert_eq!(sync_documents(&root, false).unwrap(), [root.join("catalog/schema.json")]);
        assert_eq!(std::fs::read_to_string(root.join("catalog/schema.json")).unwrap(), "stale", "a check writes nothing");
        let before = std::fs::metadata(&openapi).unwrap().modified().unwrap();
        assert_eq!(sync_documents(&root, true).unwrap(), [root.join("catalog/schema.json")]);
        assert_eq!(std::fs::read_to_string(root.join("catalog/schema.json")).unwrap(), to_file(&catalog_schema()));
        assert_eq!(std::fs::metadata(&openapi).unwrap().modified().unwrap(), before, "a current file is left alone");
        assert!(sync_documents(&root, false).unwrap().is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
