//! `POST /api/v1/data-sources/{id}/check` against stand-in Okta and Qualys APIs over real
//! HTTPS: what each answer means, at which field, and what a check must never do.

mod support;

use std::time::{Duration, Instant};

use rds_standins::{QualysAccess, StandIns, BODY_MARKER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::Server;

const GOOD: &str = "00abcdefghijklmnopqrstuvwxyz0123456789ABCD";
const REVOKED: &str = "00REVOKEDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
const NO_ROLE: &str = "00NOROLExxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
const SUPER: &str = "00SUPERxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
const OTHER_ADMIN: &str = "00OTHERxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
const SLOW_ROLES: &str = "00SLOWxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

/// Names that resolve to the stand-ins. `acme.okta-emea.com` is not on their certificate.
const NAMES: [&str; 12] = [
    "acme.okta.com",
    "hang.okta.com",
    "redirect.okta.com",
    "elsewhere.example",
    "web.okta.com",
    "busy.okta.com",
    "down.okta.com",
    "big.okta.com",
    "edge.okta.com",
    "acme.okta-emea.com",
    "qualysapi.qualys.com",
    "qualysapi.corp.example",
];

/// A server whose probes reach the stand-ins, as a test configuration allows; with
/// `allow_private` false, as production has it, they may not.
async fn start(tag: &str, allow_private: bool) -> (Server, StandIns) {
    let dir = support::temp_dir(tag);
    let standins = StandIns::start(&dir).await;
    standins.okta_token(GOOD, "00u1good", &["ORG_ADMIN", "CUSTOM"]);
    standins.okta_token(NO_ROLE, "00u2none", &[]);
    standins.okta_token(SUPER, "00u3super", &["SUPER_ADMIN"]);
    standins.okta_token(OTHER_ADMIN, "00u4other", &["USER_ADMIN", "CUSTOM", "USER_ADMIN"]);
    standins.okta_token(SLOW_ROLES, "00uslow5", &["ORG_ADMIN"]);
    standins.qualys_account("reader", "right-password", QualysAccess::Reader);
    standins.qualys_account("noapi", "right-password", QualysAccess::NoApi);
    standins.qualys_account("nolist", "right-password", QualysAccess::NoHostList);
    standins.qualys_account("limited", "right-password", QualysAccess::Limited);
    let mut config = support::config(&dir);
    let mut hosts = standins.hosts(&NAMES);
    hosts.push(("metadata.okta.com".into(), "169.254.169.254:443".parse().unwrap()));
    config.probes.hosts = Some(hosts);
    config.probes.allow_private = allow_private;
    config.probes.extra_root = Some(standins.ca_file.clone());
    (Server::start_in(&dir, config).await, standins)
}

async fn check(s: &Server, id: &str, draft: Value) -> (StatusCode, Value) {
    check_in(s, id, draft, "en").await
}

async fn check_in(s: &Server, id: &str, draft: Value, language: &str) -> (StatusCode, Value) {
    let res = s
        .request(Method::POST, &format!("/api/v1/data-sources/{id}/check"))
        .header("accept-language", language)
        .json(&draft)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(!text.contains(BODY_MARKER), "a remote body reached the client: {text}");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn okta(domain: &str, token: &str, role: &str) -> Value {
    json!({"settings": {"domain": domain, "adminRole": role}, "secrets": {"apiToken": token}})
}

/// `name outcome pointer` of each step.
fn steps(result: &Value) -> Vec<String> {
    result["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("no steps in {result}"))
        .iter()
        .map(|s| format!("{} {} {}", s["name"].as_str().unwrap(), s["outcome"].as_str().unwrap(), s["pointer"].as_str().unwrap_or("-")))
        .collect()
}

fn message(result: &Value, name: &str) -> String {
    let step = result["steps"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no step {name} in {result}"));
    step["message"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_right_token_and_role_pass_and_nothing_is_stored() {
    let (s, standins) = start("check-pass", true).await;
    let (before, etag) = s.source("okta").await;
    let (status, result) = check(&s, "okta", okta("acme.okta.com", GOOD, "orgAdmin")).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(result["outcome"], "passed");
    assert_eq!(
        steps(&result),
        ["domain passed /settings/domain", "token passed /secrets/apiToken", "role passed /settings/adminRole"]
    );
    assert_eq!(message(&result, "role"), "The token's account holds the Org Admin privilege.");
    assert!(result["durationMs"].as_u64().unwrap() < 10_000);
    assert!(rds_domain::time::is_rfc3339(result["checkedAt"].as_str().unwrap()));
    let contract: Value = serde_json::from_str(rds_server::OPENAPI).unwrap();
    support::conforms(&contract, "CheckResult", &result).unwrap();
    support::conforms(&contract, "CheckDraft", &okta("acme.okta.com", GOOD, "orgAdmin")).unwrap();
    assert!(support::conforms(&contract, "CheckDraft", &json!({"uploadEnabled": true})).is_err());
    assert_eq!(standins.seen(), ["acme.okta.com /api/v1/users/me", "acme.okta.com /api/v1/users/00u1good/roles"]);
    let (after, etag_after) = s.source("okta").await;
    assert_eq!((after, etag_after), (before, etag), "a check stores nothing");
    let disk = support::disk_text(&s.dir.join("data").join(rds_server::DATABASE_FILE));
    assert!(!disk.contains("acme.okta.com"), "a checked value is not written anywhere");
    assert!(!s.log_text().contains(GOOD), "the token is not in the access log");
}

#[tokio::test]
async fn the_stored_token_stands_in_for_one_not_typed_and_a_pasted_domain_is_cleaned() {
    let (s, standins) = start("check-stored", true).await;
    let (status, _) = s.patch("okta", json!({"settings": {"domain": "acme.okta.com", "adminRole": "orgAdmin"}, "secrets": {"apiToken": GOOD}})).await;
    assert_eq!(status, 200);
    let empty = s.request(Method::POST, "/api/v1/data-sources/okta/check").send().await.unwrap();
    assert_eq!(empty.status(), 200, "no body checks the stored values");
    assert_eq!(empty.json::<Value>().await.unwrap()["outcome"], "passed");
    let (_, typed) = check(&s, "okta", json!({"settings": {"domain": "https://acme.okta.com/"}})).await;
    assert_eq!(typed["outcome"], "passed", "{typed}");
    let (_, other) = check(&s, "okta", json!({"secrets": {"apiToken": REVOKED}})).await;
    assert_eq!(steps(&other)[1], "token failed /secrets/apiToken", "a typed token is checked in place of the stored one");
    assert_eq!(standins.seen().iter().filter(|r| r.ends_with("/users/me")).count(), 3);
    let (_, moved) = check(&s, "okta", json!({"settings": {"domain": "web.okta.com"}})).await;
    assert_eq!(steps(&moved), ["token failed /secrets/apiToken"], "a saved token goes only to its own host: {moved}");
    assert!(message(&moved, "token").starts_with("Okta API token was saved for another host. Enter it again to test it with web.okta.com"), "{moved}");
    let (_, retyped) = check(&s, "okta", json!({"settings": {"domain": "web.okta.com"}, "secrets": {"apiToken": GOOD}})).await;
    assert_eq!(steps(&retyped), ["domain failed /settings/domain"], "typed again, it is sent: {retyped}");
    assert_eq!(standins.seen().iter().filter(|r| r.starts_with("web.okta.com")).count(), 1, "the saved token never went there");
    let (_, q) = check(&s, "qualys", json!({"settings": {"apiServer": "qualysapi.qualys.com", "username": "reader"}})).await;
    assert_eq!(steps(&q), ["password failed /secrets/password"], "a password never saved is missing: {q}");
}

#[tokio::test]
async fn each_okta_refusal_is_named_at_its_field() {
    let (s, _standins) = start("check-okta", true).await;
    let (_, revoked) = check(&s, "okta", okta("acme.okta.com", REVOKED, "orgAdmin")).await;
    assert_eq!(revoked["outcome"], "failed");
    assert_eq!(steps(&revoked), ["domain passed /settings/domain", "token failed /secrets/apiToken"]);
    assert!(message(&revoked, "token").contains("revoked"));

    let (_, none) = check(&s, "okta", okta("acme.okta.com", NO_ROLE, "orgAdmin")).await;
    assert_eq!(steps(&none)[2], "role failed /settings/adminRole");
    assert!(message(&none, "role").contains("holds no administrator privilege"), "{none}");

    let (_, others) = check(&s, "okta", okta("acme.okta.com", OTHER_ADMIN, "orgAdmin")).await;
    assert_eq!(steps(&others)[2], "role failed /settings/adminRole");
    assert!(message(&others, "role").starts_with("The token's account holds CUSTOM, USER_ADMIN, none of the six"), "{others}");

    let (_, control) = check(&s, "okta", okta("acme.okta.com", "00abcdefghijklmnopqrstuvwxyz0123456789AB\u{7f}D", "orgAdmin")).await;
    assert_eq!(steps(&control), ["token failed /secrets/apiToken"], "{control}");

    let (_, other) = check(&s, "okta", okta("acme.okta.com", SUPER, "orgAdmin")).await;
    assert_eq!(other["outcome"], "failed");
    assert_eq!(message(&other, "role"), "Okta reports Super Admin for the token's account, not Org Admin. Choose the privilege Okta reports.");
    let (_, ja) = check_in(&s, "okta", okta("acme.okta.com", SUPER, "orgAdmin"), "ja").await;
    assert_eq!(message(&ja, "role"), "Oktaによると、トークンのアカウントの権限はOrg AdminではなくSuper Adminです。Oktaが示す権限を選択してください。");
}

#[tokio::test]
async fn hosts_that_are_not_okta_orgs_fail_at_the_domain() {
    let (s, standins) = start("check-domain", true).await;
    let expect = [
        ("nowhere.okta.com", "does not resolve"),
        ("acme.okta-emea.com", "did not prove over HTTPS"),
        ("redirect.okta.com", "redirect, which the check does not follow"),
        ("web.okta.com", "not as an Okta org does"),
    ];
    for (domain, words) in expect {
        let (_, r) = check(&s, "okta", okta(domain, GOOD, "orgAdmin")).await;
        assert_eq!(r["outcome"], "failed", "{domain}: {r}");
        assert_eq!(steps(&r), ["domain failed /settings/domain"], "{domain}");
        assert!(message(&r, "domain").contains(words), "{domain}: {r}");
        assert!(message(&r, "domain").contains(domain), "the message names the host");
    }
    assert!(!standins.seen().iter().any(|r| r.contains("elsewhere")), "no redirect is followed: {:?}", standins.seen());
    let unknown = [
        ("busy.okta.com", "busy.okta.com asks for fewer requests just now."),
        ("down.okta.com", "down.okta.com answered with HTTP 503"),
        ("big.okta.com", "big.okta.com answered with more than a check reads"),
    ];
    for (domain, words) in unknown {
        let (_, r) = check(&s, "okta", okta(domain, GOOD, "orgAdmin")).await;
        assert_eq!(steps(&r), ["domain unknown /settings/domain"], "{domain}: {r}");
        assert_eq!(r["outcome"], "unknown", "the service could not say");
        assert!(message(&r, "domain").starts_with(words), "{domain}: {r}");
    }
}

#[tokio::test]
async fn an_answer_of_the_most_a_probe_reads_is_read_and_addresses_are_reached_where_tests_allow() {
    let (s, standins) = start("check-edge", true).await;
    let (_, edge) = check(&s, "okta", okta("edge.okta.com", GOOD, "orgAdmin")).await;
    assert_eq!(edge["outcome"], "passed", "a user of {} B is read: {edge}", rds_standins::EDGE_BODY);
    // Allowed for tests, a loopback address typed as the domain is tried, and nothing listens
    // on its port 443.
    let (_, refused) = check(&s, "okta", okta("127.0.0.1", GOOD, "orgAdmin")).await;
    assert_eq!(steps(&refused), ["domain unknown /settings/domain"], "{refused}");
    assert!(message(&refused, "domain").starts_with("127.0.0.1 did not accept a connection"), "{refused}");
    assert_eq!(standins.seen().len(), 2);
}

#[tokio::test]
async fn loopback_private_and_link_local_addresses_are_never_reached() {
    let (s, standins) = start("check-ssrf", false).await;
    for domain in ["acme.okta.com", "metadata.okta.com", "127.0.0.1", "169.254.169.254", "10.0.0.1"] {
        let (_, r) = check(&s, "okta", okta(domain, GOOD, "orgAdmin")).await;
        assert_eq!(steps(&r), ["domain failed /settings/domain"], "{domain}: {r}");
        assert!(message(&r, "domain").contains("private network"), "{r}");
    }
    let (_, q) = check(&s, "qualys", json!({"settings": {"apiServer": "qualysapi.corp.example", "username": "reader"}, "secrets": {"password": "right-password"}})).await;
    assert_eq!(steps(&q), ["server failed /settings/apiServer"], "{q}");
    assert!(standins.seen().is_empty(), "nothing reached the stand-ins: {:?}", standins.seen());
}

#[tokio::test]
async fn values_the_rules_refuse_are_never_sent() {
    let (s, standins) = start("check-input", true).await;
    let (status, r) = check(&s, "okta", json!({"settings": {"domain": "acme.okta.com/admin"}, "secrets": {"apiToken": GOOD}})).await;
    assert_eq!(status, 200);
    assert_eq!(r["outcome"], "failed");
    assert_eq!(steps(&r), ["domain failed /settings/domain", "role failed /settings/adminRole"]);
    let (_, r) = check(&s, "qualys", json!({"settings": {"apiServer": "corp.example", "username": "reader"}, "secrets": {"password": "x"}})).await;
    assert_eq!(steps(&r), ["server failed /settings/apiServer"], "only hosts its field accepts: {r}");
    assert!(standins.seen().is_empty());
}

#[tokio::test]
async fn a_hung_service_gives_unknown_after_ten_seconds_and_one_check_runs_at_a_time() {
    let (s, _standins) = start("check-hang", true).await;
    let started = Instant::now();
    let first = {
        let req = s.request(Method::POST, "/api/v1/data-sources/okta/check").json(&okta("hang.okta.com", GOOD, "orgAdmin"));
        tokio::spawn(async move { req.send().await.unwrap().json::<Value>().await.unwrap() })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let second = s.request(Method::POST, "/api/v1/data-sources/okta/check").json(&okta("acme.okta.com", GOOD, "orgAdmin")).send().await.unwrap();
    assert_eq!(second.status(), 429);
    assert_eq!(second.headers()["retry-after"], "10");
    let contract: Value = serde_json::from_str(rds_server::OPENAPI).unwrap();
    support::conforms(&contract, "ProblemDocument", &second.json::<Value>().await.unwrap()).unwrap();
    let (other, _) = check(&s, "qualys", json!({})).await;
    assert_eq!(other, 200, "another source checks meanwhile");
    let r = first.await.unwrap();
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(10) && took < Duration::from_secs(13), "{took:?}");
    assert_eq!(r["outcome"], "unknown");
    assert_eq!(steps(&r), ["domain unknown /settings/domain"]);
    assert_eq!(message(&r, "domain"), "hang.okta.com did not answer within 10 seconds. Try again later.");
    let (again, _) = check(&s, "okta", okta("acme.okta.com", GOOD, "orgAdmin")).await;
    assert_eq!(again, 200, "the source is free once its check ends");
}

#[tokio::test]
async fn the_ten_seconds_count_from_the_first_request_to_the_last() {
    let (s, standins) = start("check-slow-roles", true).await;
    let started = Instant::now();
    let (_, r) = check(&s, "okta", okta("acme.okta.com", SLOW_ROLES, "orgAdmin")).await;
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(10) && took < Duration::from_secs(13), "{took:?}");
    assert_eq!(r["outcome"], "unknown");
    assert_eq!(steps(&r), ["domain passed /settings/domain", "token passed /secrets/apiToken", "role unknown /settings/adminRole"], "what was proved stays");
    assert_eq!(standins.seen().len(), 2);
}

#[tokio::test]
async fn qualys_access_and_refusals_are_named_at_their_fields() {
    let (s, standins) = start("check-qualys", true).await;
    let draft = |server: &str, user: &str, password: &str| {
        json!({"settings": {"apiServer": server, "username": user}, "secrets": {"password": password}})
    };
    let (_, ok) = check(&s, "qualys", draft("qualysapi.qualys.com", "reader", "right-password")).await;
    assert_eq!(ok["outcome"], "passed", "{ok}");
    assert_eq!(steps(&ok), ["login passed /settings/username", "permissions passed /settings/permissions"]);
    let (_, private) = check(&s, "qualys", draft("qualysapi.corp.example", "reader", "right-password")).await;
    assert_eq!(private["outcome"], "passed", "the private-cloud host typed: {private}");
    let (_, wrong) = check(&s, "qualys", draft("qualysapi.qualys.com", "reader", "wrong")).await;
    assert_eq!(steps(&wrong), ["login failed /settings/username", "password failed /secrets/password"], "Qualys does not say which");
    let (_, limited) = check(&s, "qualys", draft("qualysapi.qualys.com", "limited", "right-password")).await;
    assert_eq!((limited["outcome"].as_str(), steps(&limited)), (Some("unknown"), vec!["server unknown /settings/apiServer".to_string()]));
    let (_, noapi) = check(&s, "qualys", draft("qualysapi.qualys.com", "noapi", "right-password")).await;
    assert_eq!(steps(&noapi), ["login passed /settings/username", "permissions failed /settings/permissions"]);
    let (_, nolist) = check(&s, "qualys", draft("qualysapi.qualys.com", "nolist", "right-password")).await;
    assert_eq!(nolist["outcome"], "failed");
    assert!(message(&nolist, "permissions").contains("Read Asset"));
    let basic = standins.seen();
    assert!(basic.iter().all(|r| r.ends_with("/api/2.0/fo/asset/host/?action=list&truncation_limit=1")), "{basic:?}");
}

#[tokio::test]
async fn splunk_reports_whether_data_arrived_and_says_nothing_can_be_probed() {
    let (s, standins) = start("check-splunk", true).await;
    let (_, none) = check(&s, "splunk", json!({})).await;
    assert_eq!(none["outcome"], "unknown");
    assert_eq!(steps(&none), ["data unknown -"]);
    assert!(message(&none, "data").contains("Nothing can be probed from this side"));
    let at = |days: u64| rds_server::clock::format_unix(rds_server::clock::now_unix() as u64 - days * 86_400 - 60);
    let yesterday = at(1);
    assert_eq!(s.admin("/admin/v1/data-sources/splunk/status", json!({"lastDataReceivedAt": yesterday})).await, 200);
    let (_, fresh) = check(&s, "splunk", json!({})).await;
    assert_eq!(fresh["outcome"], "passed");
    assert!(message(&fresh, "data").contains(&yesterday));
    assert_eq!(s.admin("/admin/v1/data-sources/splunk/status", json!({"lastDataReceivedAt": at(9)})).await, 200);
    let (_, stale) = check(&s, "splunk", json!({})).await;
    assert_eq!(stale["outcome"], "failed");
    assert!(message(&stale, "data").starts_with("No data from Splunk - Network Firewall / Web Gateway Logs for 9 days"), "{stale}");
    assert!(standins.seen().is_empty(), "nothing is probed");
}

#[tokio::test]
async fn microsoft_sources_report_their_consent() {
    let (s, _standins) = start("check-consent", true).await;
    let (_, off) = check(&s, "azure-ad", json!({})).await;
    assert_eq!((off["outcome"].as_str(), steps(&off)), (Some("unknown"), vec!["consent unknown -".to_string()]));
    assert_eq!(s.patch("azure-ad", json!({"uploadEnabled": true})).await.0, 200);
    let (_, pending) = check(&s, "azure-ad", json!({})).await;
    assert!(message(&pending, "consent").contains("not granted yet"));
    assert_eq!(s.admin("/admin/v1/data-sources/azure-ad/status", json!({"state": "connected"})).await, 200);
    let (_, granted) = check(&s, "azure-ad", json!({})).await;
    assert_eq!(granted["outcome"], "passed");
}

#[tokio::test]
async fn a_check_is_refused_where_there_is_none_or_the_body_is_wrong() {
    let (s, _standins) = start("check-refused", true).await;
    let (status, p) = s.json(Method::POST, "/api/v1/data-sources/email-sensor/check").await;
    assert_eq!(status, 404, "{p}");
    assert_eq!(s.json(Method::POST, "/api/v1/data-sources/nope/check").await.0, 404);
    let (status, p) = check(&s, "okta", json!({"uploadEnabled": true})).await;
    assert_eq!(status, 422, "a check switches nothing: {p}");
    let res = s.request(Method::POST, "/api/v1/data-sources/okta/check").header("content-type", "text/plain").body("{}").send().await.unwrap();
    assert_eq!(res.status(), 415);
    let res = s.request(Method::POST, "/api/v1/data-sources/okta/check").header("content-type", "application/json").body("[]").send().await.unwrap();
    assert_eq!(res.status(), 422);
    let unauthorized = reqwest::Client::new().post(format!("{}/api/v1/data-sources/okta/check", s.base)).send().await.unwrap();
    assert_eq!(unauthorized.status(), 401);
}
