//! A source is data: a 12th source, defined only in a folder of JSON that the server is
//! pointed at (`RDS_CATALOG_DIR`), is listed, checked and turned on like the built-in ones.

use fantoccini::Locator;
use rds_e2e::{workspace, Session};

const NAME: &str = "Google Cloud Identity";
const CUSTOMER_ID: &str = "Google customer ID";
const KEY: &str = "Service-account key (JSON)";

/// Types `text` into `label`, leaves the field, and waits for its message to say `expect`.
async fn refused(s: &Session, label: &str, text: &str, expect: &str) {
    s.type_into(label, text).await;
    s.leave(label).await;
    s.until(&format!("{text:?} is refused with {expect:?}"), || async {
        s.field_message(label).await.is_some_and(|m| m.contains(expect))
    })
    .await;
    assert!(s.is_invalid(label).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_twelfth_source_defined_in_a_folder_goes_from_its_errors_to_on() {
    let s = Session::start_with("twelfth", |c| c.catalog_dir = Some(workspace().join("examples/catalog"))).await;
    assert_eq!(s.browser.find_all(Locator::Css("li.rds-source")).await.unwrap().len(), 12);
    let card = s.card_text(NAME).await;
    assert!(card.contains("Allows access to user information and activity data"), "{card}");

    s.switch(NAME).await.click().await.unwrap();
    s.wait_text("Google Cloud Identity cannot be turned on yet: 2 prerequisites are not met.").await;
    assert!(s.field_message(CUSTOMER_ID).await.unwrap().contains("The Google customer ID is missing."));
    assert!(s.field_message(KEY).await.unwrap().contains("The service-account key is missing."));
    let card = s.card_text(NAME).await;
    assert!(card.contains("create a service account with domain-wide delegation"), "its steps show: {card}");

    refused(&s, CUSTOMER_ID, "X03az79cb", "A Google customer ID starts with C.").await;
    refused(&s, CUSTOMER_ID, "C03az-79cb", "Google customer ID cannot contain “-”; it takes only A–Z a–z 0–9.").await;
    refused(&s, CUSTOMER_ID, "C03az", "A Google customer ID is C followed by 8 or more letters and digits.").await;
    s.type_into(CUSTOMER_ID, "C03az79cb").await;
    s.until("the customer ID is accepted", || async { !s.is_invalid(CUSTOMER_ID).await }).await;

    refused(&s, KEY, "not a key file", "This is not the key file's contents, which start with {.").await;
    refused(&s, KEY, r#"{"type": "service_account"}"#, "This is too short for a service-account key file (27 characters).").await;
    let key = format!(r#"{{"type": "service_account", "project_id": "risk", "private_key": "{}"}}"#, "k".repeat(80));
    s.type_into(KEY, &key).await;
    s.wait_card_text(NAME, "Every prerequisite is met.").await;

    s.switch(NAME).await.click().await.unwrap();
    s.expect_switch(NAME, true).await;
    s.wait_text("Google Cloud Identity saved.").await;
    s.wait_card_text(NAME, "Configured").await;
    // It feeds the factor its definition names.
    let factor = s.text_of(Locator::Css("li[aria-labelledby='rds-factor-account-compromise']")).await;
    assert!(factor.contains("Google Cloud Identity (on)"), "{factor}");
    assert!(factor.contains("1 of 6 data sources on"), "{factor}");

    s.reload().await;
    assert!(s.switch_is_on(NAME).await);
    s.open_source(NAME).await;
    assert_eq!(s.field(CUSTOMER_ID).await.prop("value").await.unwrap().as_deref(), Some("C03az79cb"));
    s.wait_card_text(NAME, "Configured").await;
    let stored = s.api_source("google-cloud-identity").await;
    assert_eq!(stored["settings"]["customerId"], "C03az79cb");
    assert_eq!(stored["secretsSet"]["serviceAccountKey"], true);
    assert!(!s.page_text().await.contains("private_key"), "the key is write-only");
    s.finish().await;
}
