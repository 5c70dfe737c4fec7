//! What an administrator sees when the backend misbehaves: a clear message at the right
//! place, a Retry that works once the fault is gone, the draft still there, and never a
//! success for a failed save. The server runs with fault injection on.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use rds_e2e::{Layout, Session};

const PATCH_QUALYS: &str = "/api/v1/data-sources/qualys";
const LIST: &str = "/api/v1/data-sources";

async fn faulty(tag: &str, timeout_ms: Option<u32>) -> Session {
    Session::launch(tag, Layout::Root, timeout_ms, |c| c.faults = true).await
}

async fn loaded(tag: &str, timeout_ms: Option<u32>) -> Session {
    let s = faulty(tag, timeout_ms).await;
    s.open("/").await;
    s
}

/// Types a draft into Qualys and presses Save.
async fn draft_and_save(s: &Session) {
    s.open_source("Qualys").await;
    s.type_into("Qualys username", "draft-user").await;
    s.click_button("Save Qualys settings").await;
}

async fn username_field(s: &Session) -> String {
    s.field("Qualys username").await.prop("value").await.unwrap().unwrap_or_default()
}

/// The failure shows at Qualys, the draft is intact, and nothing claims success.
async fn failed_with(s: &Session, message: &str) {
    s.wait_card_text("Qualys", message).await;
    assert!(!s.page_text().await.contains("Qualys saved."), "a failed save must not be announced as saved");
    assert_eq!(username_field(s).await, "draft-user", "the draft is kept");
    assert!(s.api_source("qualys").await["settings"].get("username").is_none(), "nothing was stored");
}

async fn retry_saves(s: &Session) {
    s.click_button("Retry").await;
    s.wait_text("Qualys saved.").await;
    assert_eq!(s.api_source("qualys").await["settings"]["username"], "draft-user");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_on_save() {
    let s = loaded("f500", None).await;
    s.arm_fault("PATCH", PATCH_QUALYS, "serverError", 1).await;
    draft_and_save(&s).await;
    failed_with(&s, "The server failed (500). Your change was not saved; retry.").await;
    retry_saves(&s).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_on_save() {
    let s = loaded("f429", None).await;
    s.arm_fault("PATCH", PATCH_QUALYS, "tooManyRequests", 1).await;
    draft_and_save(&s).await;
    failed_with(&s, "The server is busy. Retry in 1 seconds.").await;
    retry_saves(&s).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hang_on_save_times_out() {
    let s = loaded("fhang", Some(1500)).await;
    s.arm_fault("PATCH", PATCH_QUALYS, "hang", 1).await;
    let started = Instant::now();
    draft_and_save(&s).await;
    failed_with(&s, "The server took too long to answer.").await;
    assert!(started.elapsed() < Duration::from_secs(10), "the request was abandoned at its timeout");
    retry_saves(&s).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_on_save() {
    let mut s = loaded("frefused", None).await;
    s.open_source("Qualys").await;
    s.type_into("Qualys username", "draft-user").await;
    s.stop_server().await;
    s.click_button("Save Qualys settings").await;
    s.wait_card_text("Qualys", "The server could not be reached.").await;
    assert_eq!(username_field(&s).await, "draft-user");
    assert!(!s.page_text().await.contains("Qualys saved."));
    s.restart_server().await;
    retry_saves(&s).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_on_first_load() {
    let s = faulty("fjson", None).await;
    s.arm_fault("GET", LIST, "malformedJson", 1).await;
    s.browser.goto(&format!("{}/", s.base)).await.unwrap();
    s.wait_text("The data sources could not be loaded.").await;
    s.wait_text("The server's answer could not be read.").await;
    s.click_button("Retry").await;
    s.wait_for(Locator::XPath("//h2[normalize-space()='Data sources']")).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_on_load_is_retried_honouring_retry_after() {
    let s = faulty("f503", None).await;
    s.arm_fault("GET", LIST, "unavailable", 2).await;
    let started = Instant::now();
    s.open("/").await;
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(1900), "two Retry-After: 1 waits, took {waited:?}");
    let log = s.server_log();
    assert_eq!(log.matches("GET /api/v1/data-sources 503").count(), 2, "{log}");
    assert_eq!(log.matches("GET /api/v1/data-sources 200").count(), 1, "{log}");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_412_on_save_keeps_mine_until_i_choose() {
    let s = loaded("f412", None).await;
    s.arm_fault("PATCH", PATCH_QUALYS, "stale", 1).await;
    draft_and_save(&s).await;
    failed_with(&s, "This source was changed elsewhere while you edited it.").await;
    s.click_button("Keep mine and save again").await;
    s.wait_text("Qualys saved.").await;
    assert_eq!(s.api_source("qualys").await["settings"]["username"], "draft-user");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_422_on_a_switch_lands_at_the_switch() {
    let s = loaded("f422", None).await;
    s.arm_fault("PATCH", "/api/v1/data-sources/email-sensor", "invalid", 1).await;
    s.switch("Email Sensor").await.click().await.unwrap();
    s.wait_card_text("Email Sensor", "Email Sensor was not turned on. Retry turns it on.").await;
    let sw = s.switch("Email Sensor").await;
    let reason = sw.attr("aria-describedby").await.unwrap().expect("the refusal is linked to the switch");
    assert!(s.text_of(Locator::Id(&reason)).await.contains("The backend refused the upload permission"));
    assert!(!s.switch_is_on("Email Sensor").await);
    s.switch("Email Sensor").await.click().await.unwrap();
    s.expect_switch("Email Sensor", true).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_409_on_save() {
    let s = loaded("f409", None).await;
    s.arm_fault("PATCH", PATCH_QUALYS, "conflict", 1).await;
    draft_and_save(&s).await;
    failed_with(&s, "Injected: the change is not possible now.").await;
    retry_saves(&s).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_save_shows_progress_then_success() {
    let s = loaded("fslow", None).await;
    s.arm_fault("PATCH", PATCH_QUALYS, "delay", 1).await;
    draft_and_save(&s).await;
    let progress = s.wait_for(Locator::Css("#rds-source-qualys [role='progressbar']")).await;
    assert_eq!(progress.text().await.unwrap(), "Saving…");
    assert_eq!(s.switch("Qualys").await.attr("aria-busy").await.unwrap().as_deref(), Some("true"));
    s.browser.wait().at_most(Duration::from_secs(20)).for_element(Locator::XPath("//*[contains(text(),'Qualys saved.')]")).await.unwrap();
    assert!(s.browser.find(Locator::Css("#rds-source-qualys [role='progressbar']")).await.is_err());
    s.finish().await;
}
