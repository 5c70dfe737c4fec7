//! Testing a connection before it is saved, against the stand-in Okta and Qualys APIs over
//! HTTPS: each failure at its field, progress and Cancel, the test before turning a source
//! on, and a source that has gone quiet.

use fantoccini::Locator;
use rds_e2e::{workspace, Session, OKTA_TOKEN, QUALYS_PASSWORD, QUALYS_USER};
use rds_standins::QualysAccess;

use super::{QUALYS_PERMISSIONS, QUALYS_REPLACES};
use serde_json::json;

const DOMAIN: &str = "Okta URL domain";
const TOKEN: &str = "Okta API token";
const ROLE: &str = "Administrator privilege of the Okta account";
const TEST_OKTA: &str = "Test connection to Okta with the values entered";
const TEST_QUALYS: &str = "Test connection to Qualys with the values entered";

/// Tokens the stand-in Okta knows besides the tests' own: an account with no role, and one
/// holding only Org Admin. Any other token is one Okta refuses, as a revoked one.
const NO_ROLE: &str = "00e2eNoRoleTokenAbcdefghijklmnopqrstuvwx1";
const ORG_ADMIN: &str = "00e2eOrgAdminTokenAbcdefghijklmnopqrstuv1";
const REVOKED: &str = "00e2eRevokedTokenAbcdefghijklmnopqrstuvw1";

/// Runs a test of Okta's values and waits for its summary line.
async fn test_okta(s: &Session, summary: &str) {
    s.click_button(TEST_OKTA).await;
    s.wait_card_text("Okta", summary).await;
}

async fn message(s: &Session, label: &str) -> String {
    s.field_message(label).await.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_test_names_each_failure_at_its_field_and_gates_turning_on() {
    let s = Session::start("test-okta").await;
    s.standins.okta_token(NO_ROLE, "00unorole", &[]);
    s.standins.okta_token(ORG_ADMIN, "00uorg", &["ORG_ADMIN"]);
    s.open_source("Okta").await;
    s.type_into(DOMAIN, "acme.okta.com").await;
    s.type_into(TOKEN, REVOKED).await;
    s.field(ROLE).await.select_by_label("Read-Only Admin").await.unwrap();

    // A token Okta refuses: at the token field, announced, and nothing stored.
    test_okta(&s, "Connection test failed").await;
    assert!(s.is_invalid(TOKEN).await);
    assert!(message(&s, TOKEN).await.contains("Okta refused this API token"), "{}", message(&s, TOKEN).await);
    assert!(!s.is_invalid(DOMAIN).await, "the domain answered as an Okta org");
    s.wait_text("The connection test of Okta failed: 1 problem to fix.").await;
    assert!(s.card_text("Okta").await.contains("Passed: acme.okta.com is an Okta org"), "the steps that passed are listed too");
    assert_eq!(s.api_source("okta").await["settings"], json!({}), "a test stores nothing");
    s.browser.execute("document.querySelector('#rds-source-okta .rds-test').scrollIntoView({block: 'center'})", vec![]).await.unwrap();
    s.screenshot(&workspace().join("docs/screenshot-test-connection.png")).await;

    // A field changed since: the result says it no longer stands for what is typed.
    s.type_into(TOKEN, NO_ROLE).await;
    s.wait_card_text("Okta", "Values changed since this test: test again.").await;
    assert!(!s.is_invalid(TOKEN).await, "typing a new token clears the test's error at it");

    test_okta(&s, "Connection test failed").await;
    assert!(!s.card_text("Okta").await.contains("Values changed since this test"));
    assert!(s.is_invalid(ROLE).await);
    assert!(message(&s, ROLE).await.contains("holds no administrator privilege"), "{}", message(&s, ROLE).await);

    s.type_into(TOKEN, ORG_ADMIN).await;
    test_okta(&s, "Connection test failed").await;
    assert!(message(&s, ROLE).await.contains("Okta reports Org Admin for the token's account, not Read-Only Admin"), "{}", message(&s, ROLE).await);

    s.type_into(DOMAIN, "nowhere.okta.com").await;
    test_okta(&s, "Connection test failed").await;
    assert!(s.is_invalid(DOMAIN).await);
    assert!(message(&s, DOMAIN).await.contains("does not resolve"), "{}", message(&s, DOMAIN).await);

    // Turning on tests first: a failed test leaves the source off, with why at the field.
    s.type_into(DOMAIN, "acme.okta.com").await;
    s.type_into(TOKEN, REVOKED).await;
    s.switch("Okta").await.click().await.unwrap();
    s.wait_text("Okta stays off: its connection test found 1 problem to fix.").await;
    assert!(s.is_invalid(TOKEN).await);
    assert!(!s.switch_is_on("Okta").await);
    assert_eq!(s.api_source("okta").await["uploadEnabled"], false);

    // The right token and role pass, with the time of the test.
    s.type_into(TOKEN, OKTA_TOKEN).await;
    test_okta(&s, "Connection test passed").await;
    s.wait_text("The connection test of Okta passed.").await;
    assert!(!s.is_invalid(TOKEN).await && !s.is_invalid(ROLE).await && !s.is_invalid(DOMAIN).await);
    assert!(s.card_text("Okta").await.contains("Passed: The token's account holds the Read-Only Admin privilege"), "{}", s.card_text("Okta").await);

    // A service that hangs: progress, and Cancel stops it without a result.
    s.type_into(DOMAIN, "hang.okta.com").await;
    s.click_button(TEST_OKTA).await;
    s.wait_for(Locator::Css("#rds-source-okta progress")).await;
    s.wait_text("Testing the connection…").await;
    s.click_button("Cancel the connection test of Okta").await;
    s.wait_text("The connection test of Okta was cancelled.").await;
    for gone in ["progress", ".rds-test__result", ".rds-error"] {
        assert!(s.browser.find(Locator::Css(&format!("#rds-source-okta {gone}"))).await.is_err(), "{gone} is gone after Cancel");
    }
    let focused = s.browser.active_element().await.unwrap().attr("aria-label").await.unwrap();
    assert_eq!(focused.as_deref(), Some(TEST_OKTA), "focus stays on the button, Test connection again");

    // Values changed while a turn-on test runs: the source stays off rather than turn on
    // with values that were never tested.
    s.switch("Okta").await.click().await.unwrap();
    s.wait_for(Locator::Css("#rds-source-okta progress")).await;
    s.type_into(TOKEN, NO_ROLE).await;
    s.wait_text("Okta was not turned on: its values changed while the test ran. Test them again.").await;
    s.wait_card_text("Okta", "Values changed since this test: test again.").await;
    assert!(!s.switch_is_on("Okta").await);
    assert!(s.browser.find(Locator::Css("dialog[open]")).await.is_err(), "nothing to ask about values not tested");
    s.type_into(TOKEN, OKTA_TOKEN).await;

    // Turned on while the service hangs: after ten seconds the test cannot tell, and the
    // panel asks before turning on untested.
    s.switch("Okta").await.click().await.unwrap();
    s.wait_for(Locator::XPath("//dialog[@open]//h2[normalize-space()='Turn on Okta without a passed test?']")).await;
    let card = s.card_text("Okta").await;
    assert!(card.contains("Connection test incomplete") && card.contains("Not known: hang.okta.com did not answer within 10 seconds"), "{card}");
    assert!(!s.is_invalid(DOMAIN).await, "not knowing is no fault of the domain");
    assert!(!s.switch_is_on("Okta").await, "nothing is turned on before the answer");
    s.wait_for(Locator::XPath("//dialog[@open]//button[normalize-space()='Turn on anyway']")).await.click().await.unwrap();
    s.expect_switch("Okta", true).await;
    s.wait_text("Okta saved.").await;
    // Eight tests ran to an answer; the cancelled one was aborted, and the server dropped it
    // rather than run it to its end.
    let log = s.server_log();
    let answered: Vec<&str> = log.lines().filter(|l| l.contains("POST /api/v1/data-sources/okta/check 200")).collect();
    assert_eq!(answered.len(), 8, "{answered:#?}");
    s.reload().await;
    assert!(s.switch_is_on("Okta").await);
    assert_eq!(s.api_source("okta").await["settings"]["domain"], "hang.okta.com");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qualys_refusals_show_at_the_account_fields_and_a_passed_test_turns_it_on() {
    let s = Session::start("test-qualys").await;
    s.standins.qualys_account("no-api-user", QUALYS_PASSWORD, QualysAccess::NoApi);
    s.open_source("Qualys").await;
    s.field("Qualys platform").await.select_by_label("US Platform 1 (qualysapi.qualys.com)").await.unwrap();
    s.type_into("Qualys username", QUALYS_USER).await;
    s.type_into("Qualys password", "not-the-password").await;

    // 401: Qualys does not say which of the two is wrong, so both are marked.
    s.click_button(TEST_QUALYS).await;
    s.wait_card_text("Qualys", "Connection test failed").await;
    assert!(s.is_invalid("Qualys username").await && s.is_invalid("Qualys password").await);
    assert!(!s.page_text().await.contains("not-the-password"));

    // 403: the account may not use the API, at the permission confirmations.
    s.type_into("Qualys username", "no-api-user").await;
    s.type_into("Qualys password", QUALYS_PASSWORD).await;
    s.click_button(TEST_QUALYS).await;
    s.until("the permissions show the refusal", || async {
        s.browser.find(Locator::Id("rds-qualys-settings-permissions-message")).await.is_ok()
    })
    .await;
    let permissions = s.text_of(Locator::Id("rds-qualys-settings-permissions-message")).await;
    assert!(permissions.contains("API"), "{permissions}");
    let group = s.wait_for(Locator::Css("#rds-source-qualys fieldset")).await;
    assert!(group.attr("aria-describedby").await.unwrap().unwrap_or_default().contains("rds-qualys-settings-permissions-message"));
    assert!(!s.is_invalid("Qualys username").await, "the sign-in worked");

    // The right account passes the test on the way to turning on.
    s.type_into("Qualys username", QUALYS_USER).await;
    for p in QUALYS_PERMISSIONS {
        s.field(p).await.click().await.unwrap();
    }
    s.field(QUALYS_REPLACES).await.click().await.unwrap();
    s.wait_card_text("Qualys", "Every prerequisite is met.").await;
    s.switch("Qualys").await.click().await.unwrap();
    s.expect_switch("Qualys", true).await;
    s.wait_card_text("Qualys", "Connection test passed").await;
    assert_eq!(s.api_source("qualys").await["uploadEnabled"], true);
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_that_is_on_and_gets_no_data_warns_and_is_counted() {
    let s = Session::start("quiet").await;
    for id in ["email-sensor", "network-sensor"] {
        assert_eq!(s.api_patch(id, json!({"uploadEnabled": true})).await, 200);
    }
    let days_ago = |d: u64| rds_server::clock::format_unix(rds_server::clock::now_unix() as u64 - d * 86_400 - 3_600);
    assert_eq!(s.http_admin_status("email-sensor", json!({"lastDataReceivedAt": days_ago(9)})).await, 200);
    assert_eq!(s.http_admin_status("network-sensor", json!({"lastDataReceivedAt": days_ago(2)})).await, 200);
    // Off and quiet for long: nothing to warn about.
    assert_eq!(s.http_admin_status("mobile-sensor", json!({"lastDataReceivedAt": days_ago(30)})).await, 200);
    s.reload().await;
    s.wait_card_text("Email Sensor", "No data received for 9 days. Check that Email Sensor still sends data").await;
    assert!(!s.card_text("Network Sensor").await.contains("No data received"), "two days is within the limit");
    assert!(!s.card_text("Mobile Sensor").await.contains("No data received"), "a source that is off is not expected to send");
    assert_eq!(s.text_of(Locator::Css(".rds-header__quiet")).await, "1 source that is on has received no data lately.");

    // Data arrives again: the warning and the count go.
    assert_eq!(s.http_admin_status("email-sensor", json!({"lastDataReceivedAt": days_ago(0)})).await, 200);
    s.reload().await;
    s.wait_card_text("Email Sensor", "Last data received").await;
    assert!(!s.card_text("Email Sensor").await.contains("No data received"));
    assert!(s.browser.find(Locator::Css(".rds-header__quiet")).await.is_err());
    s.finish().await;
}
