//! What a new administrator stumbled on: typing a private Qualys host, copying a host where
//! the clipboard is refused, the panel on a 320 px wide screen, and a change made in another
//! browser.

use fantoccini::Locator;
use rds_e2e::{workspace, Session};

const QUALYS_HOST: &str = "Private cloud API server";
const SPLUNK: &str = "Splunk - Network Firewall / Web Gateway Logs";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_private_qualys_host_stays_while_it_is_typed() {
    let s = Session::start("qualys-typing").await;
    s.open_source("Qualys").await;
    s.field("Qualys platform").await.select_by_label("Private cloud platform").await.unwrap();
    let input = s.field(QUALYS_HOST).await;
    assert_eq!(input.prop("value").await.unwrap().as_deref(), Some(""), "nothing typed for the user");
    input.click().await.unwrap();
    let id = s.focused_id().await;
    assert!(id.is_some());

    // A listed platform's host, key by key: the field stays, focus stays, no key is lost.
    s.type_keys("qualysapi.qualys.com").await;
    assert_eq!(s.focused_id().await, id, "focus stays in the field");
    assert_eq!(s.field(QUALYS_HOST).await.prop("value").await.unwrap().as_deref(), Some("qualysapi.qualys.com"));
    s.type_keys(".x").await;
    assert_eq!(s.field(QUALYS_HOST).await.prop("value").await.unwrap().as_deref(), Some("qualysapi.qualys.com.x"));

    // Everything selected and deleted: the field is still there, and so is focus.
    s.press_with_control('a').await;
    s.press('\u{E003}').await; // Backspace
    let emptied = s.field(QUALYS_HOST).await;
    assert_eq!(emptied.prop("value").await.unwrap().as_deref(), Some(""));
    assert_eq!(s.focused_id().await, id, "focus stays in the emptied field");

    // The prefix typed twice is refused, with the reason.
    s.type_keys("qualysapi.qualysapi.corp.example").await;
    s.leave(QUALYS_HOST).await;
    s.until("a doubled prefix is named", || async {
        s.field_message(QUALYS_HOST).await.is_some_and(|m| m.contains("starts with “qualysapi.” twice. Type qualysapi. once"))
    })
    .await;
    s.field(QUALYS_HOST).await.click().await.unwrap();
    s.press_with_control('a').await;
    s.type_keys("qualysapi.corp.example").await;
    s.leave(QUALYS_HOST).await;
    s.until("a private host is accepted", || async { s.field_message(QUALYS_HOST).await.is_none() }).await;
    let chosen = s.field("Qualys platform").await.prop("value").await.unwrap();
    assert_eq!(chosen.as_deref(), Some("private"), "the select stayed on the private platform");
    s.finish().await;
}

/// Clicks Copy beside the region's host, with the clipboard allowed or not.
async fn copy_host(s: &Session) -> String {
    s.open_source(SPLUNK).await;
    let button = s.wait_for(Locator::XPath("//button[@aria-label='Copy ingestor-us.xdr.trendmicro.com']")).await;
    button.click().await.unwrap();
    let announcer = Locator::Css(".rds-announcer");
    s.until("the copy is announced", || async { !s.text_of(announcer).await.is_empty() }).await;
    s.text_of(announcer).await
}

const RECORD_REJECTIONS: &str =
    "window.rejections = []; addEventListener('unhandledrejection', (e) => rejections.push(String(e.reason)));";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_says_copied_only_when_the_clipboard_took_it() {
    let s = Session::start("clipboard").await;
    s.browser.execute(RECORD_REJECTIONS, vec![]).await.unwrap();
    s.set_permission("clipboard-write", "denied").await;
    let said = copy_host(&s).await;
    assert_eq!(said, "This page may not use the clipboard. ingestor-us.xdr.trendmicro.com is selected: press Ctrl+C to copy it.");
    let selected = s.browser.execute("return String(getSelection())", vec![]).await.unwrap();
    assert_eq!(selected.as_str(), Some("ingestor-us.xdr.trendmicro.com"), "the host is selected for Ctrl+C");
    let rejections = s.browser.execute("return rejections", vec![]).await.unwrap();
    assert_eq!(rejections, serde_json::json!([]), "nothing is left uncaught");

    // Allowed, the host really is on the clipboard.
    s.set_permission("clipboard-write", "granted").await;
    s.set_permission("clipboard-read", "granted").await;
    s.reload().await;
    let said = copy_host(&s).await;
    assert_eq!(said, "Copied ingestor-us.xdr.trendmicro.com.");
    let pasted = s.browser.execute_async("navigator.clipboard.readText().then(arguments[0])", vec![]).await.unwrap();
    assert_eq!(pasted.as_str(), Some("ingestor-us.xdr.trendmicro.com"));
    s.finish().await;
}

/// What does not fit a narrow screen: the page scrolling sideways, a button whose label is
/// cut, a host name broken across lines, a field past the edge.
pub(crate) const NARROW_PROBLEMS: &str = r#"
    const out = [];
    if (document.documentElement.scrollWidth > innerWidth) out.push('the page scrolls sideways');
    for (const b of document.querySelectorAll('.rds-panel button')) {
      const r = b.getBoundingClientRect();
      if (r.width && (b.scrollWidth > b.clientWidth + 1 || r.right > innerWidth)) out.push('button cut: ' + b.textContent);
    }
    for (const c of document.querySelectorAll('.rds-firewall code')) {
      if (c.getClientRects().length > 1) out.push('host broken: ' + c.textContent);
    }
    for (const f of document.querySelectorAll('.rds-panel input, .rds-panel select')) {
      if (f.getBoundingClientRect().right > innerWidth) out.push('field past the edge: ' + f.id);
    }
    return out;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_field_kind_fits_a_320_px_screen() {
    let s = Session::start("narrow").await;
    s.emulate_width(320).await;
    s.reload().await;
    let shots = workspace().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    // Okta: host, secret, select. Qualys: platform with its private host, text,
    // confirmations, confirm. Splunk: the region's host to copy, a configured secret.
    for (name, file) in [("Okta", "okta"), ("Qualys", "qualys"), (SPLUNK, "splunk")] {
        s.open_source(name).await;
        if name == "Qualys" {
            s.field("Qualys platform").await.select_by_label("Private cloud platform").await.unwrap();
            s.field(QUALYS_HOST).await;
        }
        let card = s.card(name).await;
        s.browser.execute("arguments[0].scrollIntoView()", vec![serde_json::to_value(&card).unwrap()]).await.unwrap();
        let png = s.browser.screenshot().await.unwrap();
        std::fs::write(shots.join(format!("320-{file}.png")), png).unwrap();
        let problems = s.browser.execute(NARROW_PROBLEMS, vec![]).await.unwrap();
        assert_eq!(problems, serde_json::json!([]), "{name}");
        s.click_button(&format!("Hide details of {name}")).await;
    }
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standalone_page_logs_nothing_to_the_console() {
    let s = Session::start("console").await;
    // Password fields, rendered.
    for name in ["Okta", "Qualys", SPLUNK] {
        s.open_source(name).await;
    }
    s.reload().await;
    s.open_source("Okta").await;
    s.browser.execute("console.warn('console probe')", vec![]).await.unwrap();
    let lines = s.console_lines().await;
    assert!(lines.iter().any(|l| l.contains("console probe")), "the console is read: {lines:?}");
    let noise: Vec<&String> = lines.iter().filter(|l| !l.contains("console probe")).collect();
    assert!(noise.is_empty(), "{noise:#?}");
    s.finish().await;
}

/// Leaves the page for another tab and comes back, as a reader does: the page is hidden,
/// then visible again.
async fn come_back(s: &Session) {
    let here = s.browser.window().await.unwrap();
    let away = s.browser.new_window(true).await.unwrap();
    s.browser.switch_to_window(away.handle).await.unwrap();
    s.browser.close_window().await.unwrap();
    s.browser.switch_to_window(here).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_in_another_browser_shows_without_a_reload() {
    let s = Session::start("elsewhere").await;
    // Gone if the page reloads.
    s.browser.execute("window.notReloaded = true", vec![]).await.unwrap();
    s.open_source("Qualys").await;
    s.type_into("Qualys username", "mine").await;
    s.open_source("Email Sensor").await;

    // Another administrator, in a browser of their own: turns Email Sensor on and saves a
    // Qualys username.
    let other = s.second_browser().await;
    other.switch("Email Sensor").await.click().await.unwrap();
    other.expect_switch("Email Sensor", true).await;
    other.open_source("Qualys").await;
    other.type_into("Qualys username", "theirs").await;
    other.click_button("Save Qualys settings").await;
    other.wait_text("Qualys saved.").await;
    other.finish().await;

    assert!(!s.switch_is_on("Email Sensor").await, "nothing changed here yet");
    // Coming back looks at once; the look every 30 s is not what this waits for.
    let back = std::time::Instant::now();
    come_back(&s).await;
    s.until("Email Sensor turned on elsewhere reads On here", || async { s.switch_is_on("Email Sensor").await }).await;
    assert!(back.elapsed() < std::time::Duration::from_secs(5), "{:?}", back.elapsed());
    s.wait_card_text("Qualys", "Someone else changed this source while you were editing it.").await;
    s.wait_text("Changed elsewhere while you were editing: Qualys.").await;
    assert_eq!(s.field("Qualys username").await.prop("value").await.unwrap().as_deref(), Some("mine"), "the draft stays");
    let same = s.browser.execute("return window.notReloaded === true", vec![]).await.unwrap();
    assert_eq!(same, serde_json::json!(true), "the page was not reloaded");

    // Nothing changed since: the next look costs a 304.
    let not_modified = |log: &str| log.lines().filter(|l| l.contains(" GET /api/v1/data-sources 304 ")).count();
    let before = not_modified(&s.server_log());
    come_back(&s).await;
    s.until("an unchanged list answers 304", || async { not_modified(&s.server_log()) > before }).await;

    // Saving meets their change: their version beside mine, and mine kept on request.
    s.click_button("Save Qualys settings").await;
    s.wait_card_text("Qualys", "Their version beside yours").await;
    assert!(s.card_text("Qualys").await.contains("theirs"));
    s.click_button("Keep mine and save again").await;
    s.wait_text("Qualys saved.").await;
    assert!(!s.card_text("Qualys").await.contains("Someone else changed"));
    assert_eq!(s.api_source("qualys").await["settings"]["username"], "mine");
    s.finish().await;
}
