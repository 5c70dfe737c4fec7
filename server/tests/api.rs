//! The contract over real HTTP, against a real SQLite file.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{conforms, read, Server, ADMIN, TOKEN};

const OKTA_TOKEN: &str = "00SeCrEtOkTaToKeN_abcdefghijklmnopqrstuvw";
const QUALYS_PASSWORD: &str = "Qualys-Pa55word-unique-8812";
const SPLUNK_TOKEN: &str = "splunk-token-unique-4471";

fn errors(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["pointer"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
        .collect()
}

fn pair(p: &str, c: &str) -> (String, String) {
    (p.to_string(), c.to_string())
}

#[tokio::test]
async fn list_holds_every_source_and_the_world() {
    let s = Server::start("list").await;
    let (status, body) = s.json(Method::GET, "/api/v1/data-sources").await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = body["sources"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["endpoint-sensor", "connected-endpoint-agent", "email-sensor", "network-sensor", "web-sensor", "mobile-sensor", "azure-ad", "okta", "office-365", "qualys", "splunk"]
    );
    assert!(body["sources"].as_array().unwrap().iter().all(|s| s["type"] == s["id"]), "one connection per type, with its id");
    assert_eq!(body["world"]["capabilities"], json!({"vulnerabilityDetection": "endpoint-sensor"}));
    assert_eq!(body["world"]["canEdit"], true);
    assert_eq!(body["sources"][0]["status"]["state"], "notConnected");
    assert_eq!(body["sources"][7]["secretsSet"], json!({"apiToken": false}));
    assert_eq!(body["sources"][8]["switches"], json!({"threatDetectionUpload": false}));
    assert!(body["sources"][7].get("switches").is_none(), "a source without secondary switches lists none");
    s.stop().await;
}

#[tokio::test]
async fn the_list_costs_a_304_until_something_changes() {
    let s = Server::start("list-etag").await;
    let list_tag = |res: &reqwest::Response| res.headers()["etag"].to_str().unwrap().to_string();
    let first = s.request(Method::GET, "/api/v1/data-sources").send().await.unwrap();
    assert_eq!(first.status(), 200);
    let tag = list_tag(&first);
    let unchanged = s.request(Method::GET, "/api/v1/data-sources").header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(unchanged.status(), 304);
    assert_eq!(list_tag(&unchanged), tag);
    assert!(unchanged.bytes().await.unwrap().is_empty(), "a 304 has no body");
    let listed = format!("\"other\", W/{tag}");
    let weak = s.request(Method::GET, "/api/v1/data-sources").header("if-none-match", &listed).send().await.unwrap();
    assert_eq!(weak.status(), 304, "If-None-Match compares weakly and reads lists");

    // A change made elsewhere gives the list another tag, and the next poll gets it.
    let (_, etag) = s.source("email-sensor").await;
    assert_eq!(s.patch_with("email-sensor", &etag, json!({"uploadEnabled": true})).await.0, 200);
    let changed = s.request(Method::GET, "/api/v1/data-sources").header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(list_tag(&changed), tag);
    let body: Value = changed.json().await.unwrap();
    assert_eq!(body["sources"][2]["uploadEnabled"], true);
    s.stop().await;
}

#[tokio::test]
async fn one_source_has_an_etag_and_unknown_ids_are_404() {
    let s = Server::start("one").await;
    let (body, etag) = s.source("okta").await;
    assert_eq!(body["id"], "okta");
    assert_eq!(etag, format!("\"{}\"", body["version"]));
    let (status, body) = s.json(Method::GET, "/api/v1/data-sources/nope").await;
    assert_eq!(status, 404);
    assert_eq!(body["status"], 404);
    let (status, _) = s.patch_with("nope", "\"1\"", json!({})).await;
    assert_eq!(status, 404);
    let (status, body) = s.json(Method::GET, "/api/v1/no-such-route").await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (404, Some(404)));
    s.stop().await;
}

#[tokio::test]
async fn every_api_route_refuses_a_missing_or_wrong_token() {
    let s = Server::start("auth").await;
    let http = reqwest::Client::new();
    for (m, p) in [
        (Method::GET, "/api/v1/data-sources"),
        (Method::GET, "/api/v1/data-sources/okta"),
        (Method::PATCH, "/api/v1/data-sources/okta"),
        (Method::POST, "/api/v1/data-sources/azure-ad/consent"),
        (Method::GET, "/api/openapi.json"),
    ] {
        for auth in [None, Some("wrong-token-0123456789abcdef"), Some(ADMIN)] {
            let mut r = http.request(m.clone(), format!("{}{p}", s.base));
            if let Some(t) = auth {
                r = r.bearer_auth(t);
            }
            let res = r.send().await.unwrap();
            assert_eq!(res.headers()["www-authenticate"], "Bearer");
            let (status, _) = read(res).await;
            assert_eq!(status, 401, "{m} {p} with {auth:?}");
        }
    }
    // A token of the right length, one character off anywhere, is as wrong as any other;
    // so is the right token with more or less after it.
    let mut wrong: Vec<String> = [0, TOKEN.len() / 2, TOKEN.len() - 1]
        .into_iter()
        .map(|i| {
            let mut t = TOKEN.as_bytes().to_vec();
            t[i] = if t[i] == b'x' { b'y' } else { b'x' };
            String::from_utf8(t).unwrap()
        })
        .collect();
    // Two characters off by the same bits: a comparison that let differences cancel out
    // (an exclusive or in place of an or) would take it.
    let mut twice = TOKEN.as_bytes().to_vec();
    for i in [1, 2] {
        twice[i] ^= 0x01;
    }
    wrong.push(String::from_utf8(twice).unwrap());
    wrong.extend([format!("{TOKEN}0"), TOKEN[..TOKEN.len() - 1].to_string(), String::new()]);
    for t in &wrong {
        let res = http.get(format!("{}/api/v1/data-sources", s.base)).header("authorization", format!("Bearer {t}")).send().await.unwrap();
        assert_eq!(res.status(), 401, "{t:?}");
    }
    // The scheme is case-insensitive; the token is not, and no other scheme is taken.
    for (value, want) in [
        (format!("bearer {TOKEN}"), 200),
        (format!("BEARER  {TOKEN}"), 200),
        (format!("Bearer {}", TOKEN.to_uppercase()), 401),
        (format!("Basic {TOKEN}"), 401),
        (format!("Bearer{TOKEN}"), 401),
    ] {
        let res = http.get(format!("{}/api/v1/data-sources", s.base)).header("authorization", &value).send().await.unwrap();
        assert_eq!(res.status(), want, "{value}");
    }
    // The panel's token cannot reach the admin routes.
    let res = http.put(format!("{}/admin/v1/world", s.base)).bearer_auth(TOKEN).json(&json!({"canEdit": false})).send().await.unwrap();
    assert_eq!(res.status(), 401);
    s.stop().await;
}

#[tokio::test]
async fn admin_routes_are_off_without_an_admin_token() {
    let dir = support::temp_dir("noadmin");
    let mut c = support::config(&dir);
    c.admin_token = None;
    let s = Server::start_in(&dir, c).await;
    assert_eq!(s.admin("/admin/v1/world", json!({"canEdit": false})).await, 404);
    s.stop().await;
}

#[tokio::test]
async fn changes_need_a_current_if_match() {
    let s = Server::start("etag").await;
    let res = s
        .request(Method::PATCH, "/api/v1/data-sources/email-sensor")
        .json(&json!({"uploadEnabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(read(res).await.0, StatusCode::PRECONDITION_REQUIRED);

    let (before, etag) = s.source("email-sensor").await;
    let now = || rds_server::clock::format_unix(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs());
    let started = now();
    let (status, after) = s.patch_with("email-sensor", &etag, json!({"uploadEnabled": true})).await;
    assert_eq!(status, 200);
    // RFC 3339 in UTC, fixed width: the time of the change sorts between the two readings.
    let at = after["updatedAt"].as_str().unwrap();
    assert!(started.as_str() <= at && at <= now().as_str(), "{started} <= {at}");
    assert_eq!(after["uploadEnabled"], true);
    assert_eq!(after["status"]["state"], "connected");
    assert_eq!(after["version"].as_u64().unwrap(), before["version"].as_u64().unwrap() + 1);
    assert_eq!(after["updatedBy"], "admin@console.local");

    let (status, body) = s.patch_with("email-sensor", &etag, json!({"uploadEnabled": false})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(body["current"]["uploadEnabled"], true);
    assert_eq!(body["current"]["version"], after["version"]);
    assert_eq!(s.source("email-sensor").await.0["uploadEnabled"], true);

    s.stop().await;
}

#[tokio::test]
async fn if_match_is_read_as_rfc_9110_says() {
    let s = Server::start("if-match").await;
    let (before, etag) = s.source("email-sensor").await;
    let v = before["version"].as_u64().unwrap();
    // Comparison is strong: a weak tag of the current version does not match.
    let (status, body) = s.patch_with("email-sensor", &format!("W/{etag}"), json!({"uploadEnabled": true})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
    assert_eq!(body["current"]["version"], v);
    // A list matches when any member does, wherever it stands.
    let list = format!("\"{}\", W/\"x\", {etag}", v + 998);
    let (status, body) = s.patch_with("email-sensor", &list, json!({"uploadEnabled": true})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], v + 1);
    let (status, _) = s.patch_with("email-sensor", &format!("\"{v}\", \"999\""), json!({"uploadEnabled": false})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "no member is current any more");
    // `*` matches the source as it is.
    let (status, body) = s.patch_with("email-sensor", "*", json!({"uploadEnabled": false})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["uploadEnabled"], false);
    // Several If-Match lines are one list.
    let current = s.source("email-sensor").await.1;
    let res = s
        .request(Method::PATCH, "/api/v1/data-sources/email-sensor")
        .header("if-match", "\"12345\"")
        .header("if-match", current)
        .json(&json!({"uploadEnabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(read(res).await.0, 200);
    for bad in ["7", "\"7", "*, \"7\"", "\"7\" \"8\"", ""] {
        let (status, body) = s.patch_with("email-sensor", bad, json!({"uploadEnabled": false})).await;
        assert_eq!(status, 400, "{bad:?}: {body}");
        assert_eq!(body["title"], "Bad If-Match");
    }
    assert_eq!(s.source("email-sensor").await.0["uploadEnabled"], true, "no refused change was stored");
    // The precondition is judged before the body (RFC 9110, 13.2.1): stale and malformed is 412.
    let res = s
        .request(Method::PATCH, "/api/v1/data-sources/email-sensor")
        .header("if-match", "\"999\"")
        .header("content-type", "application/json")
        .body("[not json")
        .send()
        .await
        .unwrap();
    assert_eq!(read(res).await.0, StatusCode::PRECONDITION_FAILED);
    s.stop().await;
}

#[tokio::test]
async fn a_change_that_changes_nothing_keeps_the_version() {
    let s = Server::start("no-op").await;
    let (on, _) = s.patch("okta", json!({"settings": {"domain": "acme.okta.com"}, "secrets": {"apiToken": "00abcdefghijklmnopqrstuvwxyz0123456789ABCD"}})).await;
    assert_eq!(on, 200);
    let (before, etag) = s.source("okta").await;
    let nothing = [
        json!({}),
        json!({"settings": {"domain": "acme.okta.com"}}),
        json!({"uploadEnabled": false}),
        json!({"secrets": {"apiToken": "  "}}),
    ];
    for body in nothing {
        let (status, after) = s.patch_with("okta", &etag, body.clone()).await;
        assert_eq!(status, 200, "{body}: {after}");
        assert_eq!(after, before, "{body} changed nothing, so nothing was written");
    }
    let (after, same) = s.source("okta").await;
    assert_eq!((after, same), (before.clone(), etag.clone()), "another panel's ETag still holds");
    // A secret sent with a value is always a change, even the stored one: answering
    // "unchanged" would confirm a guess of a write-only secret. A cleared one is a change.
    let (status, changed) = s.patch_with("okta", &etag, json!({"secrets": {"apiToken": "00abcdefghijklmnopqrstuvwxyz0123456789ABCD"}})).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["version"], before["version"].as_u64().unwrap() + 1);
    let (status, cleared) = s.patch("okta", json!({"secrets": {"apiToken": null}})).await;
    assert_eq!(status, 200);
    assert_eq!(cleared["version"], before["version"].as_u64().unwrap() + 2);
    assert_eq!(cleared["secretsSet"]["apiToken"], false);
    // Clearing what is not set is no change either.
    let (status, again) = s.patch("okta", json!({"secrets": {"apiToken": null}})).await;
    assert_eq!(status, 200);
    assert_eq!(again, cleared);
    s.stop().await;
}

#[tokio::test]
async fn web_sensor_waits_for_the_internet_access_service() {
    let s = Server::start("web").await;
    let (status, body) = s.patch("web-sensor", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 422);
    assert_eq!(errors(&body), [pair("/uploadEnabled", "internet-access-service-disabled")]);
    assert_eq!(s.source("web-sensor").await.0["uploadEnabled"], false);
    assert_eq!(s.admin("/admin/v1/world", json!({"facts": {"internetAccessServiceEnabled": true}})).await, 200);
    assert_eq!(s.patch("web-sensor", json!({"uploadEnabled": true})).await.0, 200);
    // The service goes away later: the source says so instead of going blind silently.
    s.admin("/admin/v1/world", json!({"facts": {"internetAccessServiceEnabled": false}})).await;
    let web = s.source("web-sensor").await.0;
    assert_eq!(web["status"]["state"], "error");
    assert!(web["status"]["detail"].as_str().unwrap().contains("Internet Access Service"), "{web}");
    s.admin("/admin/v1/world", json!({"facts": {"internetAccessServiceEnabled": true}})).await;
    assert_eq!(s.source("web-sensor").await.0["status"]["state"], "connected");
    s.stop().await;
}

#[tokio::test]
async fn office_365_needs_azure_ad_and_cloud_app_security() {
    let s = Server::start("o365").await;
    let (status, body) = s.patch("office-365", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 422);
    assert_eq!(errors(&body), [pair("/uploadEnabled", "azure-ad-upload-off")]);
    assert_eq!(s.patch("azure-ad", json!({"uploadEnabled": true})).await.0, 200);
    let (status, body) = s.patch("office-365", json!({"uploadEnabled": true, "switches": {"threatDetectionUpload": true}})).await;
    assert_eq!(status, 422);
    assert_eq!(errors(&body), [pair("/switches/threatDetectionUpload", "cloud-app-security-not-connected")]);
    let (status, body) = s.patch("office-365", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"]["state"], "pending");
    assert_eq!(s.admin("/admin/v1/world", json!({"facts": {"cloudAppSecurityConnected": true}})).await, 200);
    let (status, body) = s.patch("office-365", json!({"switches": {"threatDetectionUpload": true}})).await;
    assert_eq!(status, 200);
    assert_eq!(body["switches"]["threatDetectionUpload"], true);
    // Turning the upload off takes the secondary switch along.
    let (status, body) = s.patch("office-365", json!({"uploadEnabled": false})).await;
    assert_eq!(status, 200);
    assert_eq!(body["switches"]["threatDetectionUpload"], false);
    s.stop().await;
}

#[tokio::test]
async fn azure_ad_off_names_its_dependents_or_takes_them_along() {
    let s = Server::start("deps").await;
    s.admin("/admin/v1/world", json!({"facts": {"cloudAppSecurityConnected": true}})).await;
    assert_eq!(s.patch("azure-ad", json!({"uploadEnabled": true})).await.0, 200);
    assert_eq!(s.patch("office-365", json!({"uploadEnabled": true, "switches": {"threatDetectionUpload": true}})).await.0, 200);

    let (status, body) = s.patch("azure-ad", json!({"uploadEnabled": false})).await;
    assert_eq!(status, 409);
    assert_eq!(body["dependents"], json!(["office-365"]));
    assert_eq!(body["detail"], "Office 365 needs Azure AD data upload. Send turnOffDependents: true to turn off Office 365 too.");
    assert_eq!(s.source("azure-ad").await.0["uploadEnabled"], true);

    let (status, body) = s.patch("azure-ad", json!({"uploadEnabled": false, "turnOffDependents": true})).await;
    assert_eq!(status, 200);
    assert_eq!(body["uploadEnabled"], false);
    let o365 = s.source("office-365").await.0;
    assert_eq!(o365["uploadEnabled"], false);
    assert_eq!(o365["switches"]["threatDetectionUpload"], false);
    assert_eq!(o365["status"]["state"], "notConnected");
    s.stop().await;
}

#[tokio::test]
async fn okta_rules_hold_on_both_sides_and_values_are_normalised() {
    let s = Server::start("okta").await;
    let (status, body) = s.patch("okta", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 422);
    assert_eq!(
        errors(&body),
        [pair("/settings/domain", "required"), pair("/secrets/apiToken", "required"), pair("/settings/adminRole", "required")]
    );
    let (status, body) = s.patch("okta", json!({"settings": {"domain": "http://acme.okta.com"}})).await;
    assert_eq!(status, 422);
    assert_eq!(errors(&body), [pair("/settings/domain", "insecure-scheme")]);
    assert_eq!(
        body["errors"][0]["detail"],
        "Use https:// or the bare host name; http:// is not accepted. Enter the domain as acme.okta.com or https://acme.okta.com."
    );
    let (status, body) = s.patch("okta", json!({"settings": {"domain": "acme-admin.okta.com"}})).await;
    assert_eq!((status, errors(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![pair("/settings/domain", "admin-host")]));

    let (status, body) = s
        .patch(
            "okta",
            json!({"uploadEnabled": true, "settings": {"domain": "https://Acme.okta.com/", "adminRole": "readOnlyAdmin"},
                   "secrets": {"apiToken": format!("SSWS {OKTA_TOKEN}")}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["settings"]["domain"], "acme.okta.com");
    assert_eq!(body["secretsSet"]["apiToken"], true);
    assert_eq!(body["status"]["state"], "connected");
    s.stop().await;
}

#[tokio::test]
async fn qualys_needs_its_account_and_becomes_the_vulnerability_source() {
    let s = Server::start("qualys").await;
    let (status, body) = s.patch("qualys", json!({"uploadEnabled": true, "settings": {"apiServer": "qualysapi.qg2.apps.qualys.eu"}})).await;
    assert_eq!(status, 422);
    let e = errors(&body);
    assert!(e.contains(&pair("/settings/username", "required")));
    assert!(e.contains(&pair("/secrets/password", "required")));
    assert_eq!(e.iter().filter(|x| x.1 == "permission-not-confirmed").count(), 4);
    assert!(e.contains(&pair("/settings/replacesEndpointSensor", "not-confirmed")));
    let (status, body) = s
        .patch(
            "qualys",
            json!({"uploadEnabled": true, "settings": {"apiServer": "https://qualysapi.qg2.apps.qualys.eu", "username": "svc",
                   "permissions": ["readerRole", "readAsset", "apiAccess", "assetGroups"], "replacesEndpointSensor": true},
                   "secrets": {"password": QUALYS_PASSWORD}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["settings"]["apiServer"], "qualysapi.qg2.apps.qualys.eu");
    let (_, list) = s.json(Method::GET, "/api/v1/data-sources").await;
    assert_eq!(list["world"]["capabilities"]["vulnerabilityDetection"], "qualys");
    s.stop().await;
}

#[tokio::test]
async fn splunk_needs_app_token_and_firewall_exception() {
    let s = Server::start("splunk").await;
    let (status, body) = s.patch("splunk", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 422);
    assert_eq!(
        errors(&body),
        [pair("/settings/appInstalled", "not-confirmed"), pair("/secrets/apiToken", "required"), pair("/settings/firewallException", "not-confirmed")]
    );
    let (status, _) = s
        .patch(
            "splunk",
            json!({"uploadEnabled": true, "settings": {"appInstalled": true, "firewallException": true}, "secrets": {"apiToken": SPLUNK_TOKEN}}),
        )
        .await;
    assert_eq!(status, 200);
    s.stop().await;
}

#[tokio::test]
async fn secrets_are_write_only_kept_when_omitted_and_cleared_by_null() {
    let s = Server::start("secrets").await;
    let mut bodies = String::new();
    let (st, b) = s.patch("okta", json!({"secrets": {"apiToken": OKTA_TOKEN}})).await;
    assert_eq!(st, 200);
    bodies.push_str(&b.to_string());
    assert_eq!(b["secretsSet"]["apiToken"], true);
    let (st, b) = s.patch("okta", json!({"settings": {"domain": "acme.okta.com"}})).await;
    assert_eq!(st, 200);
    assert_eq!(b["secretsSet"]["apiToken"], true, "omitting a secret keeps it");
    bodies.push_str(&b.to_string());
    let (_, b) = s.patch("qualys", json!({"secrets": {"password": QUALYS_PASSWORD}})).await;
    bodies.push_str(&b.to_string());
    let (_, b) = s.patch("splunk", json!({"secrets": {"apiToken": SPLUNK_TOKEN}})).await;
    bodies.push_str(&b.to_string());
    // A refused change must not echo the secret either.
    let (st, b) = s.patch("okta", json!({"uploadEnabled": "x", "secrets": {"apiToken": OKTA_TOKEN}})).await;
    assert_eq!(st, 422);
    bodies.push_str(&b.to_string());
    let (st, b) = s.patch("okta", json!({"uploadEnabled": OKTA_TOKEN})).await;
    assert_eq!(st, 422);
    bodies.push_str(&b.to_string());
    // A numeric secret in a wrong field, or given as a number, is not quoted back either,
    // while the field's name is.
    for body in [json!({"secrets": {"apiToken": 4711000815u64}}), json!({"uploadEnabled": 4711000815u64})] {
        let (st, b) = s.patch("okta", body).await;
        assert_eq!(st, 422, "{b}");
        assert!(!b.to_string().contains("4711000815"), "{b}");
        assert!(b.to_string().contains("`…`"), "the value is marked as left out: {b}");
    }
    let (_, b) = s.patch("okta", json!({"uploadEnable": true})).await;
    assert!(b.to_string().contains("`uploadEnable`"), "a field's name is the contract's, and kept: {b}");
    bodies.push_str(&s.json(Method::GET, "/api/v1/data-sources").await.1.to_string());
    for id in ["okta", "qualys", "splunk"] {
        bodies.push_str(&s.source(id).await.0.to_string());
    }
    let (_, b) = s.patch_with("okta", "\"1\"", json!({})).await;
    bodies.push_str(&b.to_string());
    for secret in [OKTA_TOKEN, QUALYS_PASSWORD, SPLUNK_TOKEN] {
        assert!(!bodies.contains(secret), "a response body held {secret}");
        assert!(!s.log_text().contains(secret), "the log held {secret}");
    }
    assert!(s.log_text().contains("PATCH /api/v1/data-sources/okta 200"));

    // Blank text is no value: the stored secret stays, and nothing blank is stored.
    for blank in ["", " \t "] {
        let (st, b) = s.patch("okta", json!({"secrets": {"apiToken": blank}})).await;
        assert_eq!(st, 200);
        assert_eq!(b["secretsSet"]["apiToken"], true, "{blank:?} keeps the stored token");
    }
    assert_eq!(s.patch("email-sensor", json!({"secrets": {"apiToken": " "}})).await.0, 200, "a blank stray secret is no change");
    let (_, etag) = s.source("okta").await;
    let (st, b) = s.patch_with("okta", &etag, json!({"secrets": {"apiToken": null}})).await;
    assert_eq!(st, 200);
    assert_eq!(b["secretsSet"]["apiToken"], false);
    let dir = s.stop().await;
    let db_path = dir.join("data/risk-data-sources.sqlite3");
    let db = support::disk_text(&db_path);
    for secret in [QUALYS_PASSWORD, SPLUNK_TOKEN, OKTA_TOKEN] {
        assert!(!db.contains(secret), "a secret is on disk in the clear");
    }
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT source_id || '/' || name FROM secrets ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["qualys/password", "splunk/apiToken"], "null cleared Okta's; no blank was stored");
}

#[tokio::test]
async fn secrets_are_sealed_at_rest_with_a_key_kept_apart() {
    use std::os::unix::fs::PermissionsExt;
    let s = Server::start("sealed").await;
    assert_eq!(s.patch("qualys", json!({"secrets": {"password": QUALYS_PASSWORD}})).await.0, 200);
    assert_eq!(s.patch("splunk", json!({"secrets": {"apiToken": SPLUNK_TOKEN}})).await.0, 200);
    let dir = s.stop().await;
    let data = dir.join("data");
    let (db, key) = (data.join("risk-data-sources.sqlite3"), data.join("secret.key"));
    let key_text = std::fs::read_to_string(&key).unwrap();
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600, "the key is made private on the first start");
    let raw = support::disk_text(&db);
    for secret in [QUALYS_PASSWORD, SPLUNK_TOKEN, key_text.trim()] {
        assert!(!raw.contains(secret), "{secret} is in the database files");
    }

    // The key opens them, bound to their rows; the server starts again with it.
    assert_eq!(opened(&db, &key), [("qualys/password".to_string(), QUALYS_PASSWORD.to_string()), ("splunk/apiToken".into(), SPLUNK_TOKEN.into())]);
    Server::start_in(&dir, support::config(&dir)).await.stop().await;

    // Another key, or none, stops the start and changes nothing.
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&key, rds_server::secret_box::SecretBox::new_key_text()).unwrap();
    let Err(e) = rds_server::state(support::config(&dir)) else { panic!("started with another key") };
    assert!(e.contains("is not the one this database's secrets were sealed with"), "{e}");
    std::fs::remove_file(&key).unwrap();
    let Err(e) = rds_server::state(support::config(&dir)) else { panic!("started without its key") };
    assert!(e.contains("is missing"), "{e}");
    // A key file that is there but not a key says so (not that it is missing).
    std::fs::write(&key, "not a key").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let Err(e) = rds_server::state(support::config(&dir)) else { panic!("started with a key that is not one") };
    assert!(e.contains("not 64 hexadecimal digits"), "{e}");
    std::fs::remove_file(&key).unwrap();
    let fresh = support::temp_dir("no-key-folder");
    let mut elsewhere = support::config(&fresh);
    elsewhere.secret_key_file = fresh.join("no-such-folder/secret.key");
    let Err(e) = rds_server::state(elsewhere) else { panic!("started with a key it could not make") };
    assert!(e.starts_with("cannot create the secret key"), "{e}");
    assert!(!key.exists(), "a missing key is not replaced by a new one");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "a refused start wrote nothing");

    // Rotation seals every secret with a new key; the old one no longer opens the database.
    std::fs::write(&key, &key_text).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let new_key = data.join("secret-2.key");
    assert_eq!(rds_server::store::rotate_key(&db, &key, &new_key).map_err(|e| format!("{e:?}")), Ok(2));
    assert!(rds_server::state(support::config(&dir)).is_err(), "the old key is refused after a rotation");
    assert_eq!(opened(&db, &new_key).len(), 2, "every secret opens with the new key");
    let mut rotated = support::config(&dir);
    rotated.secret_key_file = new_key.clone();
    let s = Server::start_in(&dir, rotated).await;
    // Not beside a running server, which would go on sealing with the old key; it does not
    // wait for one either.
    let (db2, key2, third2) = (db.clone(), new_key.clone(), data.join("secret-3.key"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(format!("{:?}", rds_server::store::rotate_key(&db2, &key2, &third2))));
    let e = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the rotation gave up at once");
    assert!(e.contains("in use by a running server"), "{e}");
    // A server starting in this process waits a moment for one that is stopping.
    let mut again = support::config(&dir);
    again.secret_key_file = new_key.clone();
    let starting = std::thread::spawn(move || rds_server::state(again).map(|_| ()));
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.stop().await;
    starting.join().unwrap().expect("the new store opened once the old one let go");
    // A secret that does not open aborts the rotation with nothing changed.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE secrets SET value = value || '00' WHERE source_id = 'splunk'", []).unwrap();
    drop(conn);
    let third = data.join("secret-3.key");
    let Err(e) = rds_server::store::rotate_key(&db, &new_key, &third) else { panic!("rotated over a secret that does not open") };
    assert!(format!("{e:?}").contains("splunk/apiToken does not open"), "{e:?}");
    assert_eq!(opened(&db, &new_key).len(), 1, "the other secret is still sealed with the key it had");
    assert!(rds_server::store::rotate_key(&dir.join("nowhere.sqlite3"), &new_key, &third).is_err(), "no database is made");
    assert!(!dir.join("nowhere.sqlite3").exists());
}

/// The secrets of the database at `db` that open with the key in `key`, as `source/name`.
fn opened(db: &std::path::Path, key: &std::path::Path) -> Vec<(String, String)> {
    let key = rds_server::secret_box::SecretBox::from_key_file(key).unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT source_id || '/' || name, value FROM secrets ORDER BY 1")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.into_iter().filter_map(|(at, v)| key.open(&v, &at).map(|plain| (at, plain))).collect()
}

#[tokio::test]
async fn data_survives_a_restart() {
    let s = Server::start("restart").await;
    assert_eq!(s.patch("network-sensor", json!({"uploadEnabled": true})).await.0, 200);
    assert_eq!(s.patch("okta", json!({"settings": {"domain": "acme.okta.com"}, "secrets": {"apiToken": OKTA_TOKEN}})).await.0, 200);
    let dir = s.stop().await;
    let s = Server::start_in(&dir, support::config(&dir)).await;
    assert_eq!(s.source("network-sensor").await.0["uploadEnabled"], true);
    let okta = s.source("okta").await.0;
    assert_eq!(okta["settings"]["domain"], "acme.okta.com");
    assert_eq!(okta["secretsSet"]["apiToken"], true);
    s.stop().await;
}

/// GETs `path` reading in `language` (`Accept-Language`).
async fn read_in(s: &Server, path: &str, language: &str) -> Value {
    let res = s.request(Method::GET, path).header("accept-language", language).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn status_details_the_server_writes_read_in_the_readers_language() {
    let s = Server::start("status-language").await;
    let (_, on) = s.patch("network-sensor", json!({"uploadEnabled": true})).await;
    assert_eq!(on["status"]["detail"], "Data upload permission is on.", "English when no language is asked for");
    let one = "/api/v1/data-sources/network-sensor";
    assert_eq!(read_in(&s, one, "ja-JP,ja;q=0.9,en;q=0.5").await["status"]["detail"], "データアップロード権限はオンです。");
    assert_eq!(read_in(&s, one, "fr").await["status"]["detail"], "Data upload permission is on.", "a language without words reads English");
    let list = read_in(&s, "/api/v1/data-sources", "ja").await;
    let network = list["sources"].as_array().unwrap().iter().find(|x| x["id"] == "network-sensor").unwrap().clone();
    assert_eq!(network["status"]["detail"], "データアップロード権限はオンです。");

    // A prerequisite lost later is named in the reader's language, as the rules name it now.
    assert_eq!(s.admin("/admin/v1/world", json!({"facts": {"internetAccessServiceEnabled": true}})).await, 200);
    assert_eq!(s.patch("web-sensor", json!({"uploadEnabled": true})).await.0, 200);
    s.admin("/admin/v1/world", json!({"facts": {"internetAccessServiceEnabled": false}})).await;
    let web = "/api/v1/data-sources/web-sensor";
    let en = read_in(&s, web, "en").await["status"]["detail"].as_str().unwrap().to_string();
    let ja = read_in(&s, web, "ja").await["status"]["detail"].as_str().unwrap().to_string();
    assert!(en.starts_with("A prerequisite is no longer met: ") && en.contains("Internet Access Service"), "{en}");
    assert!(ja.starts_with("前提条件が満たされなくなりました：") && ja.contains("インターネットアクセスサービス"), "{ja}");
    s.admin("/admin/v1/world", json!({"facts": {"internetAccessServiceEnabled": true}})).await;
    assert_eq!(read_in(&s, web, "ja").await["status"]["detail"], "前提条件が再び満たされました。");

    // What someone else wrote (the admin route) stays as it came; answers vary by language.
    assert_eq!(s.admin("/admin/v1/data-sources/splunk/status", json!({"detail": "status.uploadOn is not a key here"})).await, 200);
    assert_eq!(read_in(&s, "/api/v1/data-sources/splunk", "ja").await["status"]["detail"], "status.uploadOn is not a key here");
    // Nor is another word of the panel's: only the server's status details are read out.
    assert_eq!(s.admin("/admin/v1/data-sources/splunk/status", json!({"detail": "panel.title"})).await, 200);
    assert_eq!(read_in(&s, "/api/v1/data-sources/splunk", "ja").await["status"]["detail"], "panel.title");
    let res = s.request(Method::GET, "/api/v1/data-sources").send().await.unwrap();
    let vary: Vec<&str> = res.headers().get_all("vary").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(vary.iter().any(|v| v.contains("accept-language")), "{vary:?}");
    s.stop().await;
}

#[tokio::test]
async fn status_details_stored_in_english_by_an_earlier_release_read_in_any_language() {
    let s = Server::start("status-legacy").await;
    assert_eq!(s.patch("network-sensor", json!({"uploadEnabled": true})).await.0, 200);
    let dir = s.stop().await;
    // As the release before stored it: the English text itself, at schema version 3 (before
    // connections had names).
    let db = rusqlite::Connection::open(dir.join("data").join(rds_server::DATABASE_FILE)).unwrap();
    db.execute("UPDATE sources SET status_detail = 'Data upload permission is on.' WHERE id = 'network-sensor'", []).unwrap();
    db.execute("ALTER TABLE sources DROP COLUMN name", []).unwrap();
    db.execute("ALTER TABLE sources DROP COLUMN added", []).unwrap();
    db.pragma_update(None, "user_version", 3).unwrap();
    drop(db);
    let s = Server::start_in(&dir, support::config(&dir)).await;
    assert_eq!(read_in(&s, "/api/v1/data-sources/network-sensor", "ja").await["status"]["detail"], "データアップロード権限はオンです。");
    s.stop().await;
}

#[tokio::test]
async fn a_row_that_does_not_read_stops_the_server_never_quietly_emptied() {
    let s = Server::start("corrupt").await;
    assert_eq!(s.patch("okta", json!({"settings": {"domain": "acme.okta.com"}})).await.0, 200);
    let db = s.dir.join("data/risk-data-sources.sqlite3");
    let corrupt = r#"{"domain": "acme.okta.com""#;
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE sources SET settings = ?1 WHERE id = 'okta'", [corrupt]).unwrap();
    drop(conn);
    // Running, it answers 503 and writes nothing.
    assert_eq!(s.json(Method::GET, "/api/v1/data-sources").await.0, 503);
    let (status, problem) = s.json(Method::GET, "/api/v1/data-sources/okta").await;
    assert_eq!((status.as_u16(), problem["status"].as_u64()), (503, Some(503)));
    assert_eq!(s.patch_with("okta", "\"2\"", json!({"settings": {"adminRole": "orgAdmin"}})).await.0, 503);
    let dir = s.stop().await;
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: String = conn.query_row("SELECT settings FROM sources WHERE id = 'okta'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, corrupt, "the stored text is left for someone to repair, not overwritten");
    // At start it says what is wrong, rather than serve a list without it.
    let Err(e) = rds_server::state(support::config(&dir)) else { panic!("a server started over a corrupt row") };
    assert!(e.contains("the settings of source okta are not the JSON this server writes"), "{e}");
}

#[tokio::test]
async fn bad_input_gets_a_problem_never_a_500() {
    let s = Server::start("bad").await;
    let (_, etag) = s.source("okta").await;
    let send = |body: Vec<u8>, ctype: &'static str| {
        s.request(Method::PATCH, "/api/v1/data-sources/okta").header("if-match", etag.clone()).header("content-type", ctype).body(body).send()
    };
    let cases: Vec<(Vec<u8>, &str, u16)> = vec![
        (b"{not json".to_vec(), "application/json", 400),
        (b"".to_vec(), "application/json", 400),
        (br#"{"uploadEnabled": "yes"}"#.to_vec(), "application/json", 422),
        (br#"{"unknown": 1}"#.to_vec(), "application/json", 422),
        (br#"{"settings": {"adminRole": "god"}}"#.to_vec(), "application/json", 422),
        (br#"{"settings": {"domain": 7}}"#.to_vec(), "application/json", 422),
        (br#"{"settings": {"domain": true}}"#.to_vec(), "application/json", 422),
        (br#"{"uploadEnabled": true}"#.to_vec(), "text/plain", 415),
        // The body is a JSON object: serde's derived reader alone would take an array by position.
        (b"[true]".to_vec(), "application/json", 422),
        (b"[]".to_vec(), "application/json", 422),
        (b"null".to_vec(), "application/json", 422),
        (b"\"uploadEnabled\"".to_vec(), "application/json", 422),
        (b"1".to_vec(), "application/json", 422),
        (br#"{"uploadEnabled": true} []"#.to_vec(), "application/json", 400),
        (format!(r#"{{"settings": {{"domain": "{}"}}}}"#, "a".repeat(70 * 1024)).into_bytes(), "application/json", 413),
        // Just under the 64 KiB limit the body is read, and the value refused on its merits.
        (format!(r#"{{"settings": {{"domain": "{}"}}}}"#, "a".repeat(63 * 1024)).into_bytes(), "application/json", 422),
    ];
    for (body, ctype, want) in cases {
        let (status, problem) = read(send(body, ctype).await.unwrap()).await;
        assert_eq!(status.as_u16(), want, "{problem}");
        assert_eq!(problem["status"], want);
    }
    let (status, body) = s.patch("okta", json!({"settings": {"domain": "a.okta.com"}, "switches": {"threatDetectionUpload": true}})).await;
    assert_eq!(status, 422);
    assert_eq!(errors(&body), [pair("/switches/threatDetectionUpload", "not-applicable")]);
    assert_eq!(s.source("okta").await.0["settings"], json!({}), "nothing of a refused change is stored");
    assert_eq!(s.source("okta").await.1, etag, "no refused body reached the store");
    let (_, sensor) = s.source("email-sensor").await;
    let res = s.request(Method::PATCH, "/api/v1/data-sources/email-sensor").header("if-match", sensor).header("content-type", "application/json").body("[true]").send();
    let (status, problem) = read(res.await.unwrap()).await;
    assert_eq!(status, 422);
    assert!(problem["detail"].as_str().unwrap().contains("expected a JSON object"), "{problem}");
    assert_eq!(s.source("email-sensor").await.0["uploadEnabled"], false, "an array is not read by position");
    // A secret the source does not take is refused, not silently stored.
    let (status, body) = s.patch("email-sensor", json!({"secrets": {"apiToken": "stray-value"}})).await;
    assert_eq!(status, 422);
    assert_eq!(errors(&body), [pair("/secrets/apiToken", "not-applicable")]);
    // A switch the source does not have, set off, is no change; only its own are stored.
    let (status, body) = s.patch("okta", json!({"switches": {"threatDetectionUpload": false}})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.get("switches"), None, "Okta has no switches");
    let (status, body) = s.patch("office-365", json!({"switches": {"bogus": false}})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["switches"], json!({"threatDetectionUpload": false}));
    s.stop().await;
}

#[tokio::test]
async fn read_only_consoles_refuse_changes() {
    let s = Server::start("ro").await;
    assert_eq!(s.admin("/admin/v1/world", json!({"canEdit": false})).await, 200);
    let (_, list) = s.json(Method::GET, "/api/v1/data-sources").await;
    assert_eq!(list["world"]["canEdit"], false);
    assert_eq!(s.patch("email-sensor", json!({"uploadEnabled": true})).await.0, 403);
    assert_eq!(s.source("email-sensor").await.0["uploadEnabled"], false);
    s.stop().await;
}

#[tokio::test]
async fn consent_flow_marks_the_source_connected_once() {
    let s = Server::start("consent").await;
    assert_eq!(s.json(Method::POST, "/api/v1/data-sources/azure-ad/consent").await.0, 409);
    assert_eq!(s.json(Method::POST, "/api/v1/data-sources/okta/consent").await.0, 404);
    assert_eq!(s.patch("azure-ad", json!({"uploadEnabled": true})).await.0, 200);
    let (status, body) = s.json(Method::POST, "/api/v1/data-sources/azure-ad/consent").await;
    assert_eq!(status, 201);
    let url = body["authorizationUrl"].as_str().unwrap();
    assert!(url.starts_with("/consent/"));
    assert_eq!(s.source("azure-ad").await.0["status"]["state"], "pending");

    let http = reqwest::Client::new();
    let page = http.get(format!("{}{url}", s.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Azure AD"));
    let done = http.post(format!("{}{url}", s.base)).send().await.unwrap();
    assert_eq!(done.status(), 200);
    assert_eq!(s.source("azure-ad").await.0["status"]["state"], "connected");
    assert_eq!(http.post(format!("{}{url}", s.base)).send().await.unwrap().status(), 404, "a consent link works once");

    // An open consent link ends when its source is turned off.
    assert_eq!(s.patch("office-365", json!({"uploadEnabled": true})).await.0, 200);
    let (_, body) = s.json(Method::POST, "/api/v1/data-sources/office-365/consent").await;
    let open = body["authorizationUrl"].as_str().unwrap().to_string();
    assert_eq!(http.get(format!("{}{open}", s.base)).send().await.unwrap().status(), 200);
    // Azure AD on again while Office 365 needs it: no change, and nothing to take along.
    let (status, same) = s.patch("azure-ad", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 200, "{same}");
    assert_eq!(s.patch("office-365", json!({"uploadEnabled": false})).await.0, 200);
    assert_eq!(http.get(format!("{}{open}", s.base)).send().await.unwrap().status(), 404, "turning off ends the consent");
    // A read-only console starts no consent.
    assert_eq!(s.patch("office-365", json!({"uploadEnabled": true})).await.0, 200);
    assert_eq!(s.admin("/admin/v1/world", json!({"canEdit": false})).await, 200);
    assert_eq!(s.json(Method::POST, "/api/v1/data-sources/office-365/consent").await.0, 403);
    s.stop().await;
}

#[tokio::test]
async fn admin_status_shows_up_in_the_source() {
    let s = Server::start("status").await;
    let st = s
        .admin(
            "/admin/v1/data-sources/splunk/status",
            json!({"state": "partial", "detail": "2 of 3 gateways reporting", "lastDataReceivedAt": "2026-11-27T10:00:00Z"}),
        )
        .await;
    assert_eq!(st, 200);
    let src = s.source("splunk").await.0;
    assert_eq!(src["status"], json!({"state": "partial", "detail": "2 of 3 gateways reporting"}));
    assert_eq!(src["lastDataReceivedAt"], "2026-11-27T10:00:00Z");
    // A time a lenient parser would take is refused at its field, and nothing is stored.
    let (status, body) =
        s.admin_answer("/admin/v1/data-sources/splunk/status", json!({"state": "connected", "lastDataReceivedAt": "2001"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["pointer"], "/lastDataReceivedAt");
    assert_eq!(body["errors"][0]["code"], "not-rfc3339");
    let src = s.source("splunk").await.0;
    assert_eq!((src["status"]["state"].as_str(), src["lastDataReceivedAt"].as_str()), (Some("partial"), Some("2026-11-27T10:00:00Z")));
    s.stop().await;
}

#[tokio::test]
async fn served_openapi_is_the_generated_document_and_real_answers_conform() {
    let s = Server::start("openapi").await;
    let (status, served) = s.json(Method::GET, "/api/openapi.json").await;
    assert_eq!(status, 200);
    let file: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    assert_eq!(served, file);
    assert!(
        file == rds_server::openapi::document(),
        "server/openapi.json differs from what the code generates: run `cargo run -p rds-server --bin rds-contract`"
    );

    // Real answers, including every optional part, conform to the document.
    s.admin("/admin/v1/world", json!({"facts": {"cloudAppSecurityConnected": true}})).await;
    s.patch("azure-ad", json!({"uploadEnabled": true})).await;
    s.patch("office-365", json!({"uploadEnabled": true, "switches": {"threatDetectionUpload": true}})).await;
    s.patch("okta", json!({"settings": {"domain": "a.okta.com", "adminRole": "orgAdmin"}, "secrets": {"apiToken": OKTA_TOKEN}})).await;
    s.patch(
        "qualys",
        json!({"settings": {"apiServer": "qualysapi.qualys.com", "username": "u", "permissions": ["readAsset"], "replacesEndpointSensor": true}}),
    )
    .await;
    s.patch("splunk", json!({"settings": {"appInstalled": true, "firewallException": false}})).await;
    s.admin("/admin/v1/data-sources/splunk/status", json!({"lastDataReceivedAt": "2026-11-27T10:00:00Z"})).await;
    let (_, list) = s.json(Method::GET, "/api/v1/data-sources").await;
    conforms(&file, "SourceList", &list).unwrap();
    let (okta, _) = s.source("okta").await;
    conforms(&file, "DataSource", &okta).unwrap();
    let (_, catalog) = s.json(Method::GET, "/api/v1/catalog").await;
    conforms(&file, "CatalogDocument", &catalog).unwrap();
    let mut problems = vec![
        s.patch("okta", json!({"uploadEnabled": true, "secrets": {"apiToken": null}})).await.1,
        s.patch("azure-ad", json!({"uploadEnabled": false})).await.1,
        s.patch_with("okta", "\"1\"", json!({})).await.1,
        s.json(Method::GET, "/api/v1/data-sources/x").await.1,
    ];
    problems.push(read(s.request(Method::PATCH, "/api/v1/data-sources/okta").json(&json!({})).send().await.unwrap()).await.1);
    for p in &problems {
        conforms(&file, "ProblemDocument", p).unwrap();
    }
    assert!(problems[0]["errors"].is_array() && problems[1]["dependents"].is_array() && problems[2]["current"].is_object());
    let (_, consent) = s.json(Method::POST, "/api/v1/data-sources/azure-ad/consent").await;
    conforms(&file, "ConsentStart", &consent).unwrap();
    // What clients send conforms too, and the document refuses what the server refuses.
    conforms(&file, "SourcePatch", &json!({"uploadEnabled": true, "settings": {"permissions": ["readAsset"], "domain": "x"}, "secrets": {"apiToken": null}})).unwrap();
    assert!(conforms(&file, "SourcePatch", &json!({"settings": {"domain": 7}})).is_err());

    // Every route the server answers is in the document, and the other way round.
    let paths: Vec<&String> = file["paths"].as_object().unwrap().keys().collect();
    assert_eq!(
        paths,
        [
            "/api/openapi.json",
            "/api/v1/catalog",
            "/api/v1/data-sources",
            "/api/v1/data-sources/{id}",
            "/api/v1/data-sources/{id}/check",
            "/api/v1/data-sources/{id}/consent"
        ]
    );
    // A field the server does not send fails, so the check has teeth.
    let mut extra = list.clone();
    extra["sources"][0]["secretValue"] = json!("x");
    assert!(conforms(&file, "SourceList", &extra).is_err());
    let mut wrong = list.clone();
    wrong["sources"][0]["uploadEnabled"] = json!("yes");
    assert!(conforms(&file, "SourceList", &wrong).unwrap_err().contains("/sources/0/uploadEnabled"));
    s.stop().await;
}

#[tokio::test]
async fn static_files_get_types_caching_compression_and_security_headers() {
    let dir = support::temp_dir("static");
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><script type=\"module\" src=\"./risk-data-sources.js\"></script>").unwrap();
    std::fs::write(dist.join("rds-panel-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).unwrap();
    std::fs::write(dist.join("rds-panel-0123456789abcdef.js"), "export default 1;".repeat(200)).unwrap();
    // As the build writes them: the same file, compressed ahead.
    std::fs::write(dist.join("rds-panel-0123456789abcdef.css"), "body{}".repeat(100)).unwrap();
    std::fs::write(dist.join("rds-panel-0123456789abcdef.css.br"), b"precompressed brotli").unwrap();
    std::fs::write(dist.join("rds-panel-0123456789abcdef.css.gz"), b"precompressed gzip").unwrap();
    let mut c = support::config(&dir);
    c.dist_dir = Some(dist);
    c.frame_ancestors = "https://console.example".into();
    let s = Server::start_in(&dir, c).await;
    let http = reqwest::Client::new();
    let get = |p: &str| http.get(format!("{}{p}", s.base)).header("accept-encoding", "br, gzip").send();

    let index = get("/").await.unwrap();
    assert_eq!(index.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(index.headers()["cache-control"], "no-cache");
    let csp = index.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert_eq!(
        csp,
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors https://console.example; report-uri /csp-report"
    );
    assert_eq!(index.headers()["x-content-type-options"], "nosniff");
    assert_eq!(index.headers()["referrer-policy"], "no-referrer");

    let wasm = get("/rds-panel-0123456789abcdef_bg.wasm").await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(wasm.headers()["content-encoding"], "br");
    let js = http.get(format!("{}/rds-panel-0123456789abcdef.js", s.base)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(js.headers()["content-encoding"], "gzip");
    let css = |enc: &'static str| {
        http.get(format!("{}/rds-panel-0123456789abcdef.css", s.base)).header("accept-encoding", enc).send()
    };
    let br = css("gzip;q=0.5, br").await.unwrap();
    assert_eq!((br.headers()["content-encoding"].to_str().unwrap(), br.headers()["vary"].to_str().unwrap()), ("br", "accept-encoding"));
    assert_eq!(br.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"precompressed brotli");
    assert_eq!(css("gzip").await.unwrap().bytes().await.unwrap().as_ref(), b"precompressed gzip");
    let plain = css("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap(), "body{}".repeat(100));
    for (name, ctype) in [
        ("loader.js", "text/javascript; charset=utf-8"),
        ("module.mjs", "text/javascript; charset=utf-8"),
        ("config.json", "application/json"),
        ("logo.svg", "image/svg+xml"),
        ("favicon.ico", "image/x-icon"),
        ("shot.png", "image/png"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("blob.bin", "application/octet-stream"),
    ] {
        std::fs::write(dir.join("dist").join(name), "x").unwrap();
        let res = get(&format!("/{name}")).await.unwrap();
        assert_eq!(res.headers()["content-type"], ctype, "{name}");
        let cache = if name == "config.json" { "no-store" } else { "no-cache" };
        assert_eq!(res.headers()["cache-control"], cache, "{name}");
    }
    // Files served no-cache revalidate for a 304, per encoding; a changed file gets a new tag.
    let tag = |res: &reqwest::Response| res.headers()["etag"].to_str().unwrap().to_string();
    let index = get("/").await.unwrap();
    let first = tag(&index);
    let again = http.get(format!("{}/", s.base)).header("accept-encoding", "br, gzip").header("if-none-match", &first).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!((tag(&again), again.headers()["cache-control"].to_str().unwrap()), (first.clone(), "no-cache"));
    assert!(again.bytes().await.unwrap().is_empty());
    assert!(first.starts_with("W/\""), "a file the build did not compress may be compressed on its way: a weak tag");
    let strong = first.trim_start_matches("W/");
    let weak = http.get(format!("{}/", s.base)).header("if-none-match", format!("\"other\", {strong}")).send().await.unwrap();
    assert_eq!(weak.status(), 304, "If-None-Match compares weakly and reads lists");
    assert!(!tag(&css("br").await.unwrap()).starts_with("W/"), "a file compressed by the build has a strong tag");
    assert_ne!(tag(&css("br").await.unwrap()), tag(&css("gzip").await.unwrap()), "each encoding has its own tag");
    std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>new</title>").unwrap();
    let changed = http.get(format!("{}/", s.base)).header("if-none-match", &first).send().await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(tag(&changed), first);
    assert_eq!(changed.text().await.unwrap(), "<!doctype html><title>new</title>");
    let wasm = get("/rds-panel-0123456789abcdef_bg.wasm").await.unwrap();
    assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable", "hashed files stay immutable");
    assert!(wasm.headers().contains_key("etag"));
    assert_eq!(http.post(format!("{}/", s.base)).send().await.unwrap().status(), 405);
    let head = http.head(format!("{}/", s.base)).send().await.unwrap();
    assert_eq!((head.status().as_u16(), head.headers()["content-type"].to_str().unwrap()), (200, "text/html; charset=utf-8"));
    assert_eq!(get("/../../etc/passwd").await.unwrap().status(), 404);
    assert_eq!(get("/missing.js").await.unwrap().status(), 404);
    let report = json!({"csp-report": {"violated-directive": "style-src-attr", "blocked-uri": "inline"}});
    let res = http.post(format!("{}/csp-report", s.base)).json(&report).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert!(s.log_text().contains("csp-violation style-src-attr blocked inline"));
    // Real reports carry long URLs and samples: up to 16 KiB is read, more is refused.
    let long = json!({"csp-report": {"violated-directive": "img-src", "blocked-uri": "data", "document-uri": "x".repeat(12 * 1024)}});
    assert_eq!(http.post(format!("{}/csp-report", s.base)).json(&long).send().await.unwrap().status(), 204);
    let huge = json!({"csp-report": {"document-uri": "x".repeat(17 * 1024)}});
    assert_eq!(http.post(format!("{}/csp-report", s.base)).json(&huge).send().await.unwrap().status(), 413);
    s.stop().await;
}

#[tokio::test]
async fn only_configured_origins_may_use_the_api_and_the_files() {
    let dir = support::temp_dir("cors");
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(dir.join("dist/risk-data-sources.js"), "export {};").unwrap();
    let mut c = support::config(&dir);
    c.dist_dir = Some(dir.join("dist"));
    c.allowed_origins = vec!["http://console.test:8081".into(), "https://console.example".into()];
    let s = Server::start_in(&dir, c).await;
    let http = reqwest::Client::new();
    let preflight = |origin: &str| {
        http.request(Method::OPTIONS, format!("{}/api/v1/data-sources/splunk", s.base))
            .header("origin", origin)
            .header("access-control-request-method", "PATCH")
            .header("access-control-request-headers", "authorization, content-type, if-match, if-none-match")
            .send()
    };
    let header = |res: &reqwest::Response, name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_string());

    // A preflight is answered without the token, which browsers never send with it.
    let ok = preflight("https://console.example").await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(header(&ok, "access-control-allow-origin").as_deref(), Some("https://console.example"));
    let methods = header(&ok, "access-control-allow-methods").unwrap();
    assert!(["GET", "PATCH", "POST", "DELETE"].iter().all(|m| methods.contains(m)), "{methods}");
    let headers = header(&ok, "access-control-allow-headers").unwrap();
    assert!(["authorization", "content-type", "if-match", "if-none-match"].iter().all(|h| headers.contains(h)), "{headers}");
    assert_eq!(header(&ok, "access-control-max-age").as_deref(), Some("600"));
    assert!(header(&ok, "vary").unwrap().contains("origin"));
    assert_eq!(header(&ok, "x-content-type-options").as_deref(), Some("nosniff"));

    // Real answers, refusals included, carry the origin, and the ETag is readable.
    let get = |origin: &str, path: &str| s.request(Method::GET, path).header("origin", origin).send();
    let one = get("http://console.test:8081", "/api/v1/data-sources/splunk").await.unwrap();
    assert_eq!(one.status(), 200);
    assert_eq!(header(&one, "access-control-allow-origin").as_deref(), Some("http://console.test:8081"));
    let exposed = header(&one, "access-control-expose-headers").unwrap().to_lowercase();
    assert!(["etag", "retry-after", "location"].iter().all(|h| exposed.contains(h)), "{exposed}");
    // Vary may come as several lines (RFC 9110, 5.3): the language's and CORS's.
    let vary: Vec<&str> = one.headers().get_all("vary").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(vary.iter().any(|v| v.contains("origin")) && vary.iter().any(|v| v.contains("accept-language")), "{vary:?}");
    let refused = http.get(format!("{}/api/v1/data-sources", s.base)).header("origin", "https://console.example").send().await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(header(&refused, "access-control-allow-origin").as_deref(), Some("https://console.example"));
    // The panel's files too, so SRI-checked module scripts load from another origin.
    let file = http.get(format!("{}/risk-data-sources.js", s.base)).header("origin", "https://console.example").send().await.unwrap();
    assert_eq!(header(&file, "access-control-allow-origin").as_deref(), Some("https://console.example"));

    // Another origin gets nothing that lets a browser read the answer, and the log says why.
    for res in [preflight("https://evil.example").await.unwrap(), get("https://evil.example", "/api/v1/data-sources").await.unwrap()] {
        assert_eq!(header(&res, "access-control-allow-origin"), None);
    }
    let log = s.log_text();
    assert!(log.contains("refused origin https://evil.example: not in RDS_ALLOWED_ORIGINS (preflight OPTIONS /api/v1/data-sources/splunk)"), "{log}");
    assert!(log.contains("refused origin https://evil.example: not in RDS_ALLOWED_ORIGINS (request GET /api/v1/data-sources)"), "{log}");
    // The server's own pages send Origin with their changes; that is no refusal.
    let own = s.base.clone();
    let res = s.request(Method::PATCH, "/api/v1/data-sources/email-sensor").header("origin", &own).header("if-match", "*").json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    // Behind a proxy that rewrites Host, the browser's Sec-Fetch-Site still says same-origin.
    let res = s
        .request(Method::GET, "/api/v1/data-sources")
        .header("origin", "https://panel.example")
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let after = s.log_text();
    assert!(!after.contains(&format!("refused origin {own}")) && !after.contains("refused origin https://panel.example"), "{after}");
    assert!(!log.contains("refused origin https://console.example"));
    s.stop().await;

    // None is allowed by default.
    let dir = support::temp_dir("cors-default");
    let s = Server::start_in(&dir, support::config(&dir)).await;
    let res = s.request(Method::GET, "/api/v1/data-sources").header("origin", "https://console.example").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "access-control-allow-origin"), None);
    s.stop().await;
}

#[tokio::test]
async fn the_database_and_its_journal_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let s = Server::start("mode").await;
    assert_eq!(s.patch("okta", json!({"secrets": {"apiToken": OKTA_TOKEN}})).await.0, 200);
    let db = s.dir.join("data/risk-data-sources.sqlite3");
    let mode = |suffix: &str| {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        std::fs::metadata(&p).unwrap_or_else(|e| panic!("{suffix}: {e}")).permissions().mode() & 0o777
    };
    for suffix in ["", "-wal", "-shm"] {
        assert_eq!(mode(suffix), 0o600, "risk-data-sources.sqlite3{suffix}");
    }
    let dir = s.stop().await;
    // Files an older release left readable are made private at the next start.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let s = Server::start_in(&dir, support::config(&dir)).await;
    assert_eq!(mode(""), 0o600);
    s.stop().await;
    // A journal file that cannot be made private stops the start, saying why; only one
    // that does not exist yet is no matter.
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    std::fs::remove_file(&wal).ok();
    std::os::unix::fs::symlink(&wal, &wal).unwrap();
    let Err(e) = rds_server::state(support::config(&dir)) else { panic!("started over a journal it could not make private") };
    assert!(e.starts_with("cannot make") && e.contains("private"), "{e}");
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let dir = support::temp_dir("headers");
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
    let mut c = support::config(&dir);
    c.dist_dir = Some(dist);
    let s = Server::start_in(&dir, c).await;
    let http = reqwest::Client::new();
    let (_, etag) = s.source("okta").await;
    let api = |m: Method, p: &str| http.request(m, format!("{}{p}", s.base)).bearer_auth(TOKEN);
    let admin = |p: &str| http.put(format!("{}{p}", s.base)).bearer_auth(ADMIN);
    let answers = [
        ("API 200", api(Method::GET, "/api/v1/data-sources"), true),
        ("API 401", http.get(format!("{}/api/v1/data-sources", s.base)), true),
        ("API 404", api(Method::GET, "/api/v1/data-sources/nope"), true),
        ("API 422", api(Method::PATCH, "/api/v1/data-sources/okta").header("if-match", &etag).json(&json!({"uploadEnabled": 1})), true),
        ("API 428", api(Method::PATCH, "/api/v1/data-sources/okta").json(&json!({})), true),
        ("the contract", api(Method::GET, "/api/openapi.json"), true),
        ("admin 200", admin("/admin/v1/world").json(&json!({"canEdit": true})), true),
        ("admin 401", http.put(format!("{}/admin/v1/world", s.base)).json(&json!({})), true),
        ("unknown API route", api(Method::GET, "/api/v2/nothing"), true),
        ("static 200", http.get(format!("{}/", s.base)), false),
        ("static 404", http.get(format!("{}/missing.js", s.base)), false),
        ("static 405", http.post(format!("{}/index.html", s.base)), false),
        ("consent page 404", http.get(format!("{}/consent/{}", s.base, "0".repeat(32))), false),
        ("CSP report", http.post(format!("{}/csp-report", s.base)).body("{}"), false),
    ];
    for (what, request, is_api) in answers {
        let res = request.send().await.unwrap();
        let h = res.headers();
        let has = |name: &str| h.get(name).map(|v| v.to_str().unwrap().to_string());
        assert_eq!(has("x-content-type-options").as_deref(), Some("nosniff"), "{what}");
        assert_eq!(has("referrer-policy").as_deref(), Some("no-referrer"), "{what}");
        assert_eq!(has("cross-origin-opener-policy").as_deref(), Some("same-origin-allow-popups"), "{what}");
        assert!(has("content-security-policy").is_some_and(|c| c.starts_with("default-src 'self';") && c.contains("frame-ancestors 'none'")), "{what}");
        if is_api {
            assert_eq!(has("cache-control").as_deref(), Some("no-store"), "{what}: API answers are never cached");
        } else {
            assert_ne!(has("cache-control").as_deref(), Some("no-store"), "{what}");
        }
    }
    s.stop().await;
}

#[tokio::test]
async fn faults_are_off_by_default_and_used_up_when_armed() {
    let s = Server::start("faults-off").await;
    let arm = json!({"method": "GET", "path": "/api/v1/data-sources", "kind": "serverError", "count": 1});
    assert_eq!(s.admin("/admin/v1/faults", arm.clone()).await, 404);
    s.stop().await;

    let dir = support::temp_dir("faults-on");
    let mut c = support::config(&dir);
    c.faults = true;
    let s = Server::start_in(&dir, c).await;
    assert_eq!(s.admin("/admin/v1/faults", arm).await, 204);
    assert_eq!(s.json(Method::GET, "/api/v1/data-sources").await.0, 500);
    assert_eq!(s.json(Method::GET, "/api/v1/data-sources").await.0, 200, "one use only");
    let arm = json!({"method": "GET", "path": "/api/v1/data-sources/okta", "kind": "unavailable", "count": 1, "retryAfter": 3});
    assert_eq!(s.admin("/admin/v1/faults", arm).await, 204);
    let res = s.request(Method::GET, "/api/v1/data-sources/okta").send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "3");
    // Without retryAfter, a second; arming a route again replaces what was armed there,
    // and leaves other routes' faults alone.
    let arm = |path: &str, kind: &str, count: u32| json!({"method": "GET", "path": path, "kind": kind, "count": count});
    assert_eq!(s.admin("/admin/v1/faults", arm("/api/v1/data-sources/qualys", "serverError", 5)).await, 204);
    assert_eq!(s.admin("/admin/v1/faults", arm("/api/v1/data-sources/splunk", "serverError", 1)).await, 204);
    assert_eq!(s.admin("/admin/v1/faults", arm("/api/v1/data-sources/qualys", "unavailable", 1)).await, 204);
    let res = s.request(Method::GET, "/api/v1/data-sources/qualys").send().await.unwrap();
    assert_eq!((res.status().as_u16(), res.headers()["retry-after"].to_str().unwrap()), (503, "1"));
    assert_eq!(s.json(Method::GET, "/api/v1/data-sources/qualys").await.0, 200, "the replaced fault's five uses are gone");
    assert_eq!(s.json(Method::GET, "/api/v1/data-sources/splunk").await.0, 500, "another route's fault is kept");
    // Faults sit behind authentication: an unauthenticated caller still gets 401.
    let http = reqwest::Client::new();
    let arm = json!({"method": "GET", "path": "/api/v1/data-sources", "kind": "serverError", "count": 1});
    s.admin("/admin/v1/faults", arm).await;
    assert_eq!(http.get(format!("{}/api/v1/data-sources", s.base)).send().await.unwrap().status(), 401);
    s.stop().await;
}
