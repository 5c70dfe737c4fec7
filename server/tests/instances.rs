//! Several connections of one type: `POST /api/v1/data-sources` and `DELETE
//! /api/v1/data-sources/{id}`, their refusals, and what removing one takes with it.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{read, Server};

const TOKEN: &str = "00INSTANCExxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

async fn add(s: &Server, body: Value) -> (StatusCode, Value, Option<String>) {
    let res = s.request(Method::POST, "/api/v1/data-sources").json(&body).send().await.unwrap();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    let (status, body) = read(res).await;
    (status, body, location)
}

async fn remove(s: &Server, id: &str, etag: Option<&str>) -> (StatusCode, Value) {
    let mut req = s.request(Method::DELETE, &format!("/api/v1/data-sources/{id}"));
    if let Some(etag) = etag {
        req = req.header("if-match", etag);
    }
    read(req.send().await.unwrap()).await
}

fn ids(list: &Value) -> Vec<String> {
    list["sources"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn another_okta_org_is_added_with_an_id_and_name_of_its_own_and_removed_with_its_secret() {
    let s = Server::start("instances-add").await;
    let (status, made, location) = add(&s, json!({"type": "okta", "name": "  Acme EU "})).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("okta-") && id.len() == "okta-".len() + 12 && rds_domain::catalog::url_safe(&id), "{id}");
    assert_eq!(location.as_deref(), Some(format!("/api/v1/data-sources/{id}").as_str()));
    assert_eq!((made["type"].as_str(), made["name"].as_str()), (Some("okta"), Some("Acme EU")), "the name is trimmed");
    assert_eq!((made["uploadEnabled"].as_bool(), made["version"].as_u64()), (Some(false), Some(1)));
    let contract: Value = serde_json::from_str(rds_server::OPENAPI).unwrap();
    support::conforms(&contract, "DataSource", &made).unwrap();

    let (second, _, _) = add(&s, json!({"type": "okta", "name": "Acme Labs"})).await;
    assert_eq!(second, 201);
    let (_, list) = s.json(Method::GET, "/api/v1/data-sources").await;
    let all = ids(&list);
    let okta: Vec<&String> = all.iter().filter(|i| i.starts_with("okta")).collect();
    assert_eq!(okta.len(), 3);
    assert_eq!(okta[0], "okta", "the first keeps the type's id and comes first");
    assert_eq!(okta[1], &id, "then the others, as added");
    assert_eq!(all.iter().position(|i| i == "okta").unwrap() + 2, all.iter().position(|i| *i == *okta[2]).unwrap(), "all together");
    assert!(list["sources"][0].get("name").is_none(), "the first goes by its type's name");

    // Configured and turned on like any connection.
    let (status, on) = s.patch(&id, json!({"uploadEnabled": true, "settings": {"domain": "acme-eu.okta.com", "adminRole": "orgAdmin"}, "secrets": {"apiToken": TOKEN}})).await;
    assert_eq!(status, 200, "{on}");
    let db = s.dir.join("data").join(rds_server::DATABASE_FILE);
    let (_, etag) = s.source(&id).await;
    let (status, _) = remove(&s, &id, Some(&etag)).await;
    assert_eq!(status, 204);
    assert_eq!(s.json(Method::GET, &format!("/api/v1/data-sources/{id}")).await.0, 404);
    let dir = s.stop().await;
    let disk = support::disk_text(&db);
    assert!(!disk.contains(&id), "nothing of the removed connection is left in the database files");
    let s = Server::start_in(&dir, support::config(&dir)).await;
    let (_, list) = s.json(Method::GET, "/api/v1/data-sources").await;
    assert_eq!(ids(&list).iter().filter(|i| i.starts_with("okta")).count(), 2, "the removal lasts; the other stays");
}

#[tokio::test]
async fn a_type_holds_at_most_its_definitions_number_and_only_types_that_allow_several_add() {
    let s = Server::start("instances-limit").await;
    for n in 2..=20 {
        let (status, body, _) = add(&s, json!({"type": "azure-ad", "name": format!("Tenant {n}")})).await;
        assert_eq!(status, 201, "tenant {n}: {body}");
    }
    let (status, over, _) = add(&s, json!({"type": "azure-ad", "name": "Tenant 21"})).await;
    assert_eq!(status, 422);
    assert_eq!((over["errors"][0]["pointer"].as_str(), over["errors"][0]["code"].as_str()), (Some("/type"), Some("instance-limit")));
    assert!(over["errors"][0]["detail"].as_str().unwrap().contains("at most 20"), "{over}");
    let (status, single, _) = add(&s, json!({"type": "email-sensor", "name": "Second"})).await;
    assert_eq!((status, single["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("instance-limit")), "one unless the definition says more");
    let (status, unknown, _) = add(&s, json!({"type": "nope", "name": "X"})).await;
    assert_eq!((status, unknown["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown-type")));
    for name in ["", "   ", "a\u{7}b", "\u{200B}", "Acme\u{202E}UE"] {
        let (status, bad, _) = add(&s, json!({"type": "okta", "name": name})).await;
        assert_eq!((status, bad["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/name")), "{name:?}");
    }
    let (status, _, _) = add(&s, json!({"type": "okta", "name": "x".repeat(65)})).await;
    assert_eq!(status, 422);
    assert_eq!(add(&s, json!({"type": "okta", "name": "Acme EU"})).await.0, 201);
    let (status, taken, _) = add(&s, json!({"type": "okta", "name": " acme eu"})).await;
    assert_eq!((status, taken["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("name-taken")), "{taken}");
    assert_eq!(add(&s, json!({"type": "azure-ad", "name": "Tenant 21 "})).await.0, 422, "the limit first");
    let res = s
        .request(Method::POST, "/api/v1/data-sources")
        .header("accept-language", "ja")
        .json(&json!({"type": "okta", "name": "ACME EU"}))
        .send()
        .await
        .unwrap();
    let (_, ja) = read(res).await;
    assert_eq!(ja["errors"][0]["detail"], "この種類の別の接続に「ACME EU」という名前が付いています。2つの接続を区別できる名前を選択してください。");
    let (status, _, _) = add(&s, json!({"type": "okta"})).await;
    assert_eq!(status, 422, "a name is needed");
    let (status, _, _) = add(&s, json!({"type": "okta", "name": "x", "id": "okta-mine"})).await;
    assert_eq!(status, 422, "the id is the server's to give");
}

#[tokio::test]
async fn a_tenant_that_others_need_stays_and_removal_keeps_its_preconditions() {
    let s = Server::start("instances-remove").await;
    let (_, tenant, _) = add(&s, json!({"type": "azure-ad", "name": "Subsidiary"})).await;
    let id = tenant["id"].as_str().unwrap().to_string();
    let (_, etag) = s.source(&id).await;
    assert_eq!(remove(&s, &id, None).await.0, 428);
    assert_eq!(remove(&s, &id, Some("\"99\"")).await.0, 412);
    assert_eq!(remove(&s, &id, Some("not a tag")).await.0, 400);
    let (_, first) = s.source("azure-ad").await;
    let (status, p) = remove(&s, "azure-ad", Some(&first)).await;
    assert_eq!(status, 409, "the first of a type stays: {p}");
    assert_eq!(remove(&s, "nope", Some("*")).await.0, 404);

    // Office 365 uses the first tenant while it names none, and then the one it names.
    assert_eq!(s.patch(&id, json!({"uploadEnabled": true})).await.0, 200);
    let (status, p) = s.patch("office-365", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 422, "the first tenant is off: {p}");
    assert_eq!(p["errors"][0]["detail"], "Office 365 integration also requires that you permit data upload from Azure AD. Turn on Data upload permission for Azure AD first.");
    let (status, bound) = s.patch("office-365", json!({"uploadEnabled": true, "settings": {"tenant": id}})).await;
    assert_eq!(status, 200, "Office 365 on, on the added tenant: {bound}");
    let (_, etag_on) = s.source(&id).await;
    let (status, p) = remove(&s, &id, Some(&etag_on)).await;
    assert_eq!(status, 409);
    assert_eq!(p["dependents"], json!(["office-365"]), "{p}");
    assert_eq!(p["detail"], "Office 365 needs Azure AD (Subsidiary). Turn Office 365 off first, or have it use another connection that is on.");
    // Another tenant on does not free it: Office 365 uses this one, and turning it off names it.
    assert_eq!(s.patch("azure-ad", json!({"uploadEnabled": true})).await.0, 200);
    let (_, etag_on) = s.source(&id).await;
    assert_eq!(remove(&s, &id, Some(&etag_on)).await.0, 409);
    let (status, p) = s.patch(&id, json!({"uploadEnabled": false})).await;
    assert_eq!(status, 409);
    assert_eq!(p["dependents"], json!(["office-365"]), "{p}");
    // Moved to the first tenant, Office 365 lets this one go.
    assert_eq!(s.patch("office-365", json!({"settings": {"tenant": "azure-ad"}})).await.0, 200);
    let (_, etag_now) = s.source(&id).await;
    assert_eq!(remove(&s, &id, Some(&etag_now)).await.0, 204);
    assert_eq!(remove(&s, &id, Some(&etag)).await.0, 404, "gone");

    // An Office 365 that is off and chose a tenant that goes chooses none: the first again.
    let (_, other, _) = add(&s, json!({"type": "azure-ad", "name": "Leaving"})).await;
    let other = other["id"].as_str().unwrap().to_string();
    assert_eq!(s.patch("office-365", json!({"uploadEnabled": false, "settings": {"tenant": other}})).await.0, 200);
    let (_, etag_other) = s.source(&other).await;
    assert_eq!(remove(&s, &other, Some(&etag_other)).await.0, 204);
    let (_, office) = s.json(Method::GET, "/api/v1/data-sources/office-365").await;
    assert!(office["settings"].get("tenant").is_none(), "no tenant that is gone: {office}");
    assert_eq!(office["updatedBy"], "admin@console.local");

    // A tenant removed while its consent window is open: the window's link dies with it.
    let (_, other, _) = add(&s, json!({"type": "azure-ad", "name": "Pending"})).await;
    let other = other["id"].as_str().unwrap().to_string();
    assert_eq!(s.patch(&other, json!({"uploadEnabled": true})).await.0, 200);
    let (status, consent) = s.json(Method::POST, &format!("/api/v1/data-sources/{other}/consent")).await;
    assert_eq!(status, 201, "{consent}");
    let link = format!("{}{}", s.base, consent["authorizationUrl"].as_str().unwrap());
    assert_eq!(reqwest::get(&link).await.unwrap().status(), 200, "the consent page is open");
    let (_, etag_other) = s.source(&other).await;
    assert_eq!(remove(&s, &other, Some(&etag_other)).await.0, 204);
    assert_eq!(reqwest::get(&link).await.unwrap().status(), 404, "and closed with the tenant");

    let (_, last, _) = add(&s, json!({"type": "okta", "name": "Kept"})).await;
    let last = last["id"].as_str().unwrap().to_string();
    let (_, etag_last) = s.source(&last).await;
    assert_eq!(s.admin("/admin/v1/world", json!({"canEdit": false})).await, 200);
    let (status, _, _) = add(&s, json!({"type": "okta", "name": "Read-only"})).await;
    assert_eq!(status, 403);
    assert_eq!(remove(&s, &last, Some(&etag_last)).await.0, 403, "a read-only console removes nothing");
    assert_eq!(s.source(&last).await.1, etag_last);
}


#[tokio::test]
async fn two_okta_orgs_may_not_share_a_domain() {
    let s = Server::start("instances-unique").await;
    let (_, made, _) = add(&s, json!({"type": "okta", "name": "Acme Labs"})).await;
    let id = made["id"].as_str().unwrap().to_string();
    let (status, _) = s.patch("okta", json!({"settings": {"domain": "acme.okta.com"}})).await;
    assert_eq!(status, 200);
    let (status, body) = s.patch(&id, json!({"settings": {"domain": "https://ACME.okta.com"}})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/settings/domain");
    assert_eq!(body["errors"][0]["code"], "duplicate");
    assert_eq!(body["errors"][0]["detail"], "Okta uses acme.okta.com already: each Okta connection needs its own. Enter another Okta URL domain, or change the connection that has it.");
    let (_, stored) = s.json(Method::GET, &format!("/api/v1/data-sources/{id}")).await;
    assert!(stored["settings"].get("domain").is_none(), "nothing of the refused change is stored");
    let (status, _) = s.patch(&id, json!({"settings": {"domain": "labs.okta.com"}})).await;
    assert_eq!(status, 200, "another org is fine");
    // The first may not take the second's now, and names it by its name.
    let (status, body) = s.patch("okta", json!({"settings": {"domain": "labs.okta.com"}})).await;
    assert_eq!(status, 422);
    assert!(body["errors"][0]["detail"].as_str().unwrap().starts_with("Acme Labs uses labs.okta.com already"), "{body}");
}

#[tokio::test]
async fn a_connection_is_renamed_by_patch_and_names_stay_apart() {
    let s = Server::start("instances-rename").await;
    let (_, made, _) = add(&s, json!({"type": "okta", "name": "Acme Labs"})).await;
    let id = made["id"].as_str().unwrap().to_string();
    let (status, renamed) = s.patch(&id, json!({"name": "  Acme Research "})).await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!((renamed["name"].as_str(), renamed["version"].as_u64()), (Some("Acme Research"), Some(2)), "trimmed, and a change");
    let (status, same) = s.patch(&id, json!({"name": "Acme Research"})).await;
    assert_eq!((status.as_u16(), same["version"].as_u64()), (200, Some(2)), "the same name is no change");
    assert_eq!(s.patch("okta", json!({"name": "HQ"})).await.0, 200, "the first may have a name too");
    let (status, p) = s.patch(&id, json!({"name": "hq"})).await;
    assert_eq!(status, 422);
    assert_eq!((p["errors"][0]["pointer"].as_str(), p["errors"][0]["code"].as_str()), (Some("/name"), Some("name-taken")));
    let (status, p) = s.patch(&id, json!({"name": "\u{200b}"})).await;
    assert_eq!((status.as_u16(), p["errors"][0]["code"].as_str()), (422, Some("name")));
    let (_, stored) = s.json(Method::GET, &format!("/api/v1/data-sources/{id}")).await;
    assert_eq!(stored["name"], "Acme Research", "nothing of a refused name is stored");
    let (status, _, _) = add(&s, json!({"type": "okta", "name": "ACME RESEARCH"})).await;
    assert_eq!(status, 422, "a new connection may not take it either");
}
