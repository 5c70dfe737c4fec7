//! The panel as an administrator uses it: release build, real server, real SQLite file,
//! headless Chromium. Each test gets its own server and browser.

mod connection;
mod definitions;
mod embedding;
mod faults;
mod instances;
mod japanese;
mod new_user;
mod search;
mod security;

use fantoccini::Locator;
use rds_e2e::{workspace, Session, OKTA_TOKEN, QUALYS_PASSWORD, QUALYS_USER};
use serde_json::json;

const SPLUNK_TOKEN: &str = "e2e-splunk-token-7731";

/// The Qualys account permissions to confirm, and the confirmation that Qualys replaces the
/// Endpoint Sensor: what every Qualys flow ticks before turning it on.
const QUALYS_PERMISSIONS: [&str; 4] = ["Role: Reader", "Asset Management Permissions: Read Asset", "Allow access: API", "Asset Groups (assigned to)"];
const QUALYS_REPLACES: &str = "I understand that Qualys replaces the Endpoint Sensor as the vulnerability detection source, and provides only CVE detection data and limited device information: activity monitoring of exploit attempts and comprehensive device insights are lost.";

const ENDPOINT: &str = "Trend Micro Vision One Endpoint Sensor";
const SPLUNK: &str = "Splunk - Network Firewall / Web Gateway Logs";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_sensors_turn_on_and_stay_on_after_reload() {
    let s = Session::start("sensors").await;
    let names = [ENDPOINT, "Connected Endpoint Product Agent", "Email Sensor", "Network Sensor", "Mobile Sensor"];
    for name in names {
        assert!(!s.switch_is_on(name).await);
        s.switch(name).await.click().await.unwrap();
        s.expect_switch(name, true).await;
        s.wait_card_text(name, "Status: Connected").await;
    }
    s.wait_text("Mobile Sensor saved.").await;
    s.reload().await;
    for name in names {
        assert!(s.switch_is_on(name).await, "{name} is on after a reload");
    }
    assert_eq!(s.api_source("mobile-sensor").await["uploadEnabled"], true);
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_sensor_waits_for_the_internet_access_service() {
    let s = Session::start("web").await;
    let sw = s.switch("Web Sensor").await;
    assert_eq!(sw.attr("aria-disabled").await.unwrap().as_deref(), Some("true"));
    let reason_id = sw.attr("aria-describedby").await.unwrap().expect("the blocked switch says why");
    let reason = s.text_of(Locator::Id(&reason_id)).await;
    assert!(reason.contains("Internet Access Service is not enabled"), "{reason}");
    sw.click().await.unwrap();
    s.wait_text("Web Sensor cannot be turned on yet").await;
    assert!(!s.switch_is_on("Web Sensor").await);
    let card = s.card_text("Web Sensor").await;
    assert!(card.contains("Not met: Internet Access Service configured and enabled"), "{card}");
    assert!(card.contains("Zero Trust Secure Access"));
    assert_eq!(s.api_source("web-sensor").await["uploadEnabled"], false);

    s.set_world(json!({"facts": {"internetAccessServiceEnabled": true}})).await;
    s.reload().await;
    s.open_source("Web Sensor").await;
    s.wait_card_text("Web Sensor", "Met: Internet Access Service configured and enabled").await;
    s.switch("Web Sensor").await.click().await.unwrap();
    s.expect_switch("Web Sensor", true).await;
    s.reload().await;
    assert!(s.switch_is_on("Web Sensor").await);
    s.finish().await;
}

/// Approves the consent in the window the panel opened, then returns to the panel.
async fn consent(s: &Session, name: &str) {
    let panel = s.browser.window().await.unwrap();
    s.open_source(name).await;
    s.click_button(&format!("Enable the data connection for {name}")).await;
    s.wait_card_text(name, "Waiting for consent").await;
    s.until("the consent window opens", || async { s.browser.windows().await.unwrap().len() == 2 }).await;
    let popup = s.browser.windows().await.unwrap().into_iter().find(|w| *w != panel).unwrap();
    s.browser.switch_to_window(popup).await.unwrap();
    s.wait_for(Locator::XPath("//button[normalize-space()='Accept']")).await.click().await.unwrap();
    s.wait_for(Locator::XPath("//h1[normalize-space()='Consent granted']")).await;
    s.browser.close_window().await.unwrap();
    s.browser.switch_to_window(panel).await.unwrap();
    s.wait_card_text(name, "Status: Connected").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn azure_ad_and_office_365_connect_through_consent() {
    let s = Session::start("microsoft").await;
    // Office 365 needs Azure AD first.
    s.switch("Office 365").await.click().await.unwrap();
    s.wait_text("Office 365 cannot be turned on yet").await;
    s.wait_card_text("Office 365", "Not met: Azure AD data upload permission on").await;
    assert!(!s.switch_is_on("Office 365").await);

    s.switch("Azure AD").await.click().await.unwrap();
    s.expect_switch("Azure AD", true).await;
    s.wait_card_text("Azure AD", "Status: Pending").await;
    consent(&s, "Azure AD").await;

    s.open_source("Office 365").await;
    s.wait_card_text("Office 365", "Met: Azure AD data upload permission on").await;
    s.switch("Office 365").await.click().await.unwrap();
    s.expect_switch("Office 365", true).await;
    consent(&s, "Office 365").await;

    // Threat detection upload waits for Cloud App Security.
    let threat = "//button[@role='switch'][@aria-label='Threat detection upload permission for Office 365']";
    let t = s.wait_for(Locator::XPath(threat)).await;
    assert_eq!(t.attr("aria-disabled").await.unwrap().as_deref(), Some("true"));
    s.wait_card_text("Office 365", "Threat detection upload needs Trend Micro Cloud App Security, which is not connected.").await;
    s.set_world(json!({"facts": {"cloudAppSecurityConnected": true}})).await;
    s.reload().await;
    s.open_source("Office 365").await;
    s.wait_for(Locator::XPath(threat)).await.click().await.unwrap();
    s.until("threat detection upload is on", || async {
        s.wait_for(Locator::XPath(threat)).await.attr("aria-checked").await.unwrap().as_deref() == Some("true")
    })
    .await;
    s.reload().await;
    assert!(s.switch_is_on("Azure AD").await && s.switch_is_on("Office 365").await);
    assert_eq!(s.api_source("office-365").await["switches"]["threatDetectionUpload"], true);
    assert_eq!(s.api_source("azure-ad").await["status"]["state"], "connected");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_shows_each_prerequisite_error_then_turns_on() {
    let s = Session::start("okta").await;
    s.switch("Okta").await.click().await.unwrap();
    s.wait_text("Okta cannot be turned on yet: 3 prerequisites are not met.").await;
    assert!(s.is_invalid("Okta URL domain").await);
    assert!(s.field_message("Okta URL domain").await.unwrap().contains("The Okta URL domain is missing"));
    assert!(s.field_message("Okta API token").await.unwrap().contains("The Okta API token is missing"));
    assert!(s.field_message("Administrator privilege of the Okta account").await.unwrap().contains("Choose the administrator privilege"));

    for (bad, expect) in [
        ("http://acme.okta.com", "http:// is not accepted"),
        ("https://acme.okta.com/api/v1", "without a path"),
        ("acme-admin.okta.com", "-admin"),
        ("https://{yourOktaDomain}", "Replace {yourOktaDomain}"),
    ] {
        s.type_into("Okta URL domain", bad).await;
        s.leave("Okta URL domain").await;
        s.until(&format!("{bad} is refused"), || async {
            s.field_message("Okta URL domain").await.is_some_and(|m| m.contains(expect))
        })
        .await;
    }
    s.type_into("Okta URL domain", "https://acme.okta.com").await;
    s.until("the domain is accepted", || async { !s.is_invalid("Okta URL domain").await }).await;
    s.type_into("Okta API token", &format!("SSWS {OKTA_TOKEN}")).await;
    s.field("Administrator privilege of the Okta account").await.select_by_label("Read-Only Admin").await.unwrap();
    s.wait_card_text("Okta", "Every prerequisite is met.").await;
    s.switch("Okta").await.click().await.unwrap();
    s.expect_switch("Okta", true).await;
    s.wait_text("Okta saved.").await;
    s.wait_card_text("Okta", "Configured").await;

    s.reload().await;
    assert!(s.switch_is_on("Okta").await);
    s.open_source("Okta").await;
    assert_eq!(s.field("Okta URL domain").await.prop("value").await.unwrap().as_deref(), Some("acme.okta.com"));
    s.wait_card_text("Okta", "Configured").await;
    let stored = s.api_source("okta").await;
    assert_eq!(stored["settings"]["adminRole"], "readOnlyAdmin");
    assert!(!s.page_text().await.contains(OKTA_TOKEN));
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qualys_needs_its_account_and_takes_over_vulnerability_detection() {
    let s = Session::start("qualys").await;
    s.wait_text("Endpoint Sensor (Qualys not configured)").await;
    s.switch("Qualys").await.click().await.unwrap();
    s.wait_text("Qualys cannot be turned on yet: 8 prerequisites are not met.").await;
    assert!(s.field_message("Qualys platform").await.unwrap().contains("API server is missing"));
    assert!(s.is_invalid("Qualys username").await);
    assert!(s.is_invalid("Qualys password").await);
    s.wait_card_text("Qualys", "Not met: Account permission: Role: Reader").await;

    s.field("Qualys platform").await.select_by_label("Private cloud platform").await.unwrap();
    s.type_into("Private cloud API server", "scanner.acme.example").await;
    s.leave("Private cloud API server").await;
    s.until("a non-Qualys host is refused", || async {
        s.field_message("Private cloud API server").await.is_some_and(|m| m.contains("starts with qualysapi."))
    })
    .await;
    s.field("Qualys platform").await.select_by_label("EU Platform 2 (qualysapi.qg2.apps.qualys.eu)").await.unwrap();
    s.type_into("Qualys username", QUALYS_USER).await;
    s.type_into("Qualys password", QUALYS_PASSWORD).await;
    for p in QUALYS_PERMISSIONS {
        s.field(p).await.click().await.unwrap();
    }
    s.wait_card_text("Qualys", "1 of 8 prerequisites not met.").await;
    s.field(QUALYS_REPLACES).await.click().await.unwrap();
    s.wait_card_text("Qualys", "Every prerequisite is met.").await;
    s.switch("Qualys").await.click().await.unwrap();
    s.expect_switch("Qualys", true).await;
    s.until("the header names Qualys", || async {
        s.text_of(Locator::Css(".rds-vuln__value")).await == "Qualys"
    })
    .await;
    s.wait_text("Qualys integration only provides CVE detection data and limited device information.").await;
    s.reload().await;
    assert!(s.switch_is_on("Qualys").await);
    assert_eq!(s.text_of(Locator::Css(".rds-vuln__value")).await, "Qualys");
    assert_eq!(s.api_source("qualys").await["settings"]["apiServer"], "qualysapi.qg2.apps.qualys.eu");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn splunk_needs_app_token_and_the_regions_firewall_exception() {
    let s = Session::start_with("splunk", |c| c.world.region = Some(rds_domain::Region::Jp)).await;
    s.switch(SPLUNK).await.click().await.unwrap();
    s.wait_text("cannot be turned on yet: 3 prerequisites are not met.").await;
    let card = s.card_text(SPLUNK).await;
    assert!(card.contains("Your region (Japan): ingestor-jp.xdr.trendmicro.com"), "{card}");
    for host in ["anz", "eu", "in", "jp", "sg", "us"] {
        assert!(card.contains(&format!("ingestor-{host}.xdr.trendmicro.com")), "{host}");
    }
    s.wait_for(Locator::XPath("//button[@aria-label='Copy ingestor-jp.xdr.trendmicro.com']")).await;
    assert!(s.is_invalid("The Trend Micro Risk Insights for Splunk app is installed in Splunk").await);
    assert!(s.is_invalid("Splunk API token").await);
    assert!(s.is_invalid("The firewall allows Splunk to reach ingestor-jp.xdr.trendmicro.com").await);

    s.field("The Trend Micro Risk Insights for Splunk app is installed in Splunk").await.click().await.unwrap();
    s.type_into("Splunk API token", SPLUNK_TOKEN).await;
    s.field("The firewall allows Splunk to reach ingestor-jp.xdr.trendmicro.com").await.click().await.unwrap();
    s.wait_card_text(SPLUNK, "Every prerequisite is met.").await;
    s.switch(SPLUNK).await.click().await.unwrap();
    s.expect_switch(SPLUNK, true).await;
    s.reload().await;
    assert!(s.switch_is_on(SPLUNK).await);
    assert_eq!(s.api_source("splunk").await["secretsSet"]["apiToken"], true);
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn azure_ad_off_names_office_365_and_turns_both_off() {
    let s = Session::start("deps").await;
    assert_eq!(s.api_patch("azure-ad", json!({"uploadEnabled": true})).await, 200);
    assert_eq!(s.api_patch("office-365", json!({"uploadEnabled": true})).await, 200);
    s.reload().await;
    let sw = s.switch("Azure AD").await;
    sw.click().await.unwrap();
    let dialog = s.wait_for(Locator::Css("dialog[open]")).await;
    let text = dialog.text().await.unwrap();
    assert!(text.contains("Turn off data upload for Azure AD?"), "{text}");
    assert!(text.contains("Operations Dashboard and Zero Trust Secure Access both require the data upload permission"));
    assert!(text.contains("Office 365 needs Azure AD data upload and will be turned off too."));
    // Cancel changes nothing and gives focus back to the switch.
    s.click_button("Cancel").await;
    s.until("the dialog closes", || async { s.browser.find(Locator::Css("dialog[open]")).await.is_err() }).await;
    let focused = s.browser.active_element().await.unwrap();
    assert_eq!(focused.attr("aria-label").await.unwrap().as_deref(), Some("Data upload permission for Azure AD"));
    assert!(s.switch_is_on("Azure AD").await);

    s.switch("Azure AD").await.click().await.unwrap();
    s.wait_for(Locator::Css("dialog[open]")).await;
    s.click_button("Turn off both").await;
    s.expect_switch("Azure AD", false).await;
    s.expect_switch("Office 365", false).await;
    assert_eq!(s.api_source("office-365").await["uploadEnabled"], false);
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configure_data_source_highlights_the_factors_sources() {
    let s = Session::start("factor").await;
    s.click_button("Configure data source for Vulnerabilities").await;
    s.until("the factor's sources are highlighted", || async {
        let hl = s.browser.find_all(Locator::Css(".rds-source--highlight h3")).await.unwrap();
        let mut names = Vec::new();
        for h in hl {
            names.push(h.text().await.unwrap());
        }
        names == [ENDPOINT, "Qualys"]
    })
    .await;
    s.until("focus moves to the first source", || async {
        s.browser.active_element().await.unwrap().text().await.unwrap() == ENDPOINT
    })
    .await;
    let factor = s.wait_for(Locator::Css(".rds-factor--highlight h3")).await;
    assert_eq!(factor.text().await.unwrap(), "Vulnerabilities");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_link_lands_on_its_source() {
    let s = Session::start("deeplink").await;
    s.open("/#source=splunk").await;
    s.until("focus is on Splunk", || async { s.browser.active_element().await.unwrap().text().await.unwrap() == SPLUNK })
        .await;
    s.wait_for(Locator::XPath(&format!("//button[@aria-label='Hide details of {SPLUNK}']"))).await;
    let hl = s.browser.find_all(Locator::Css(".rds-source--highlight")).await.unwrap();
    assert_eq!(hl.len(), 1);
    // A factor link from the console works the same way.
    s.open("/#factor=anomaly-detection").await;
    s.until("three sources are highlighted", || async {
        s.browser.find_all(Locator::Css(".rds-source--highlight")).await.unwrap().len() == 3
    })
    .await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_mode_shows_everything_and_changes_nothing() {
    let s = Session::start_with("readonly", |c| c.world.can_edit = Some(false)).await;
    s.wait_text("Read-only: your console role can view data sources but not change them.").await;
    s.switch("Email Sensor").await.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!s.switch_is_on("Email Sensor").await);
    assert_eq!(s.api_source("email-sensor").await["uploadEnabled"], false);
    let sw = s.switch("Okta").await;
    assert_eq!(sw.attr("aria-disabled").await.unwrap().as_deref(), Some("true"));
    s.open_source("Okta").await;
    assert!(!s.field("Okta URL domain").await.is_enabled().await.unwrap());
    let card = s.card_text("Okta").await;
    assert!(card.contains("Before turning on Data upload permission, obtain the Okta URL domain and API token"));
    assert!(!card.contains("Save Okta settings"));
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_configuration_says_so_and_retry_starts_the_panel() {
    let s = Session::launch("config", rds_e2e::Layout::Root, None, |_| {}).await;
    let config = s.dir.join("site").join("config.json");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, r#"{"apiBase": "api/v1"}"#).unwrap();
    s.browser.goto(&format!("{}/", s.base)).await.unwrap();
    s.wait_text("The data-source panel could not start.").await;
    let alert = s.text_of(Locator::Css("[role=alert]")).await;
    assert!(alert.contains("config.json needs apiBase and token."), "{alert}");
    std::fs::write(&config, good).unwrap();
    s.browser.find(Locator::LinkText("Retry")).await.unwrap().click().await.unwrap();
    s.wait_for(Locator::XPath("//h2[normalize-space()='Data sources']")).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trap_in_the_wasm_replaces_the_panel_with_a_notice() {
    let s = Session::start("trap").await;
    s.wait_text("Email Sensor").await;
    // The release wasm aborts on a panic with a WebAssembly trap, which reaches the page as
    // an uncaught RuntimeError in an `error` event (a script run by the driver would have its
    // error muted, so the event is raised as the browser raises it).
    s.browser
        .execute(
            "dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') }));",
            vec![],
        )
        .await
        .unwrap();
    s.wait_text("The data-source panel stopped because of an internal error.").await;
    let root = s.wait_for(Locator::Id("rds-root")).await;
    assert_eq!(root.attr("role").await.unwrap().as_deref(), Some("alert"));
    assert!(!s.page_text().await.contains("Email Sensor"), "the frozen panel is gone");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_edit_gets_412_and_keeps_the_draft() {
    let s = Session::start("stale").await;
    s.open_source("Qualys").await;
    s.type_into("Qualys username", "mine").await;
    // Someone else saves the same source meanwhile.
    assert_eq!(s.api_patch("qualys", json!({"settings": {"username": "theirs"}})).await, 200);
    s.click_button("Save Qualys settings").await;
    s.wait_card_text("Qualys", "This source was changed elsewhere while you edited it.").await;
    let card = s.card_text("Qualys").await;
    assert!(card.contains("Qualys username theirs mine"), "{card}");
    // When they saved, as the reader's locale writes it, not as the API does.
    let theirs_at = s.api_source("qualys").await["updatedAt"].as_str().unwrap().to_string();
    assert!(card.contains("Saved by ") && !card.contains(&theirs_at), "{card}");
    assert_eq!(s.field("Qualys username").await.prop("value").await.unwrap().as_deref(), Some("mine"));
    assert_eq!(s.api_source("qualys").await["settings"]["username"], "theirs");
    s.click_button("Keep mine and save again").await;
    s.wait_text("Qualys saved.").await;
    s.until("mine is stored", || async { s.api_source("qualys").await["settings"]["username"] == "mine" }).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_survive_a_reload_but_secrets_do_not() {
    let s = Session::start("drafts").await;
    s.open_source("Okta").await;
    s.type_into("Okta URL domain", "draft.okta.com").await;
    s.type_into("Okta API token", OKTA_TOKEN).await;
    s.until("the draft is kept in sessionStorage", || async {
        let v = s.browser.execute("return JSON.stringify(sessionStorage)", vec![]).await.unwrap();
        v.as_str().unwrap_or("").contains("draft.okta.com")
    })
    .await;
    let stored = s.browser.execute("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)", vec![]).await.unwrap();
    assert!(!stored.as_str().unwrap().contains(OKTA_TOKEN));
    s.reload().await;
    s.open_source("Okta").await;
    assert_eq!(s.field("Okta URL domain").await.prop("value").await.unwrap().as_deref(), Some("draft.okta.com"));
    assert_eq!(s.field("Okta API token").await.prop("value").await.unwrap().as_deref(), Some(""));
    assert!(!s.server_log().contains(OKTA_TOKEN));
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readme_screenshot() {
    let s = Session::start("screenshot").await;
    assert_eq!(s.api_patch("endpoint-sensor", json!({"uploadEnabled": true})).await, 200);
    assert_eq!(s.api_patch("email-sensor", json!({"uploadEnabled": true})).await, 200);
    s.reload().await;
    s.open("/#source=okta").await;
    s.switch("Okta").await.click().await.unwrap();
    s.wait_text("Okta cannot be turned on yet").await;
    s.browser.set_window_size(1280, 1400).await.unwrap();
    s.screenshot(&workspace().join("docs/screenshot.png")).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_422_from_the_server_lands_at_the_switch_and_the_source() {
    // The panel loaded while the Internet Access Service was on; it went off since.
    let s = Session::start_with("refused", |c| {
        c.world.facts.insert("internetAccessServiceEnabled".into(), true);
    }).await;
    s.set_world(json!({"facts": {"internetAccessServiceEnabled": false}})).await;
    let sw = s.switch("Web Sensor").await;
    sw.click().await.unwrap();
    s.wait_card_text("Web Sensor", "Web Sensor was not turned on. Retry turns it on.").await;
    let card = s.card_text("Web Sensor").await;
    assert!(card.contains("The server refused the change: 1 field needs attention."), "{card}");
    assert!(card.contains("The Internet Access Service is not enabled"), "{card}");
    let reason_id = s.switch("Web Sensor").await.attr("aria-describedby").await.unwrap().unwrap();
    assert!(s.text_of(Locator::Id(&reason_id)).await.contains("Internet Access Service"));
    assert!(!s.switch_is_on("Web Sensor").await);
    assert!(!s.page_text().await.contains("Web Sensor saved."));
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_turns_on_with_the_keyboard_alone() {
    use rds_e2e::Key;
    let s = Session::start("keyboard").await;
    s.tab_to("Configure Okta").await;
    s.press(Key::Enter).await;
    s.wait_for(Locator::XPath("//button[@aria-label='Hide details of Okta']")).await;
    s.tab_to("Okta URL domain").await;
    s.type_keys("acme.okta.com").await;
    s.tab_to("Okta API token").await;
    s.type_keys(OKTA_TOKEN).await;
    s.tab_to("Administrator privilege of the Okta account").await;
    // A closed select moves its choice with the arrow keys.
    for _ in 0..6 {
        s.press(Key::Down).await;
    }
    s.wait_card_text("Okta", "Every prerequisite is met.").await;
    // Back up to the switch, which sits before the form.
    s.shift_tab_to("Data upload permission for Okta").await;
    // Focus stays visible: the focused switch draws its outline.
    let outline = s
        .browser
        .execute("return getComputedStyle(document.activeElement).outlineStyle", vec![])
        .await
        .unwrap();
    assert_ne!(outline, json!("none"), "the focused control shows where focus is");
    s.press(' ').await;
    s.expect_switch("Okta", true).await;
    assert_eq!(s.api_source("okta").await["settings"]["adminRole"], "superAdmin");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_accessibility_violations_in_any_state() {
    let s = Session::start_with("axe", |c| {
        c.world.facts.insert("internetAccessServiceEnabled".into(), true);
    }).await;
    let mut report = Vec::new();
    let mut check = |state: &str, v: Vec<String>| report.extend(v.into_iter().map(|x| format!("[{state}] {x}")));

    check("list", s.axe_violations().await);
    for name in [
        ENDPOINT,
        "Connected Endpoint Product Agent",
        "Email Sensor",
        "Network Sensor",
        "Web Sensor",
        "Mobile Sensor",
        "Azure AD",
        "Okta",
        "Office 365",
        "Qualys",
        SPLUNK,
    ] {
        s.open_source(name).await;
    }
    check("sources open", s.axe_violations().await);
    s.switch("Okta").await.click().await.unwrap();
    s.wait_text("Okta cannot be turned on yet").await;
    s.click_button("Configure data source for Account compromise").await;
    check("errors shown, factor highlighted", s.axe_violations().await);

    s.set_world(json!({"facts": {"internetAccessServiceEnabled": false}})).await;
    s.switch("Web Sensor").await.click().await.unwrap();
    s.wait_card_text("Web Sensor", "Web Sensor was not turned on. Retry turns it on.").await;
    check("server refusal shown", s.axe_violations().await);

    assert_eq!(s.api_patch("okta", json!({"settings": {"domain": "a.okta.com", "adminRole": "orgAdmin"}, "secrets": {"apiToken": OKTA_TOKEN}, "uploadEnabled": true})).await, 200);
    s.reload().await;
    s.switch("Okta").await.click().await.unwrap();
    s.wait_for(Locator::Css("dialog[open]")).await;
    check("dialog", s.axe_violations().await);
    s.click_button("Cancel").await;

    s.set_world(json!({"canEdit": false})).await;
    s.reload().await;
    s.open_source("Okta").await;
    check("read-only", s.axe_violations().await);
    assert!(report.is_empty(), "axe found:\n{}", report.join("\n"));
    // The check has teeth: a planted unlabelled button is reported.
    s.browser
        .execute("document.querySelector('.rds-panel').appendChild(document.createElement('button'))", vec![])
        .await
        .unwrap();
    assert!(s.axe_violations().await.iter().any(|v| v.starts_with("button-name")));
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_okta_org_cannot_take_the_first_ones_domain() {
    let s = Session::start("unique").await;
    assert_eq!(s.api_patch("okta", json!({"settings": {"domain": "acme.okta.com"}})).await, 200);
    let id = s.api_add("okta", "Acme Labs").await;
    s.reload().await;
    s.wait_for(Locator::Css(&format!("button[aria-controls='rds-source-{id}-body']"))).await.click().await.unwrap();
    let field = s.wait_for(Locator::Id(&format!("rds-{id}-settings-domain"))).await;
    field.send_keys("https://ACME.okta.com").await.unwrap();
    field.send_keys("\u{E004}").await.unwrap();
    let message = format!("rds-{id}-settings-domain-message");
    s.until("the duplicate is named at the field", || async {
        s.browser.find(Locator::Id(&message)).await.is_ok()
    })
    .await;
    let text = s.text_of(Locator::Id(&message)).await;
    assert!(text.contains("Okta uses acme.okta.com already: each Okta connection needs its own."), "{text}");
    assert_eq!(field.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    // Saving is refused in the browser; nothing reaches the server. Focus is in the empty
    // token field, passed through: leaving it for the click shows nothing that would move
    // the button from under the pointer.
    s.wait_for(Locator::Css(&format!("#rds-source-{id} .rds-source__actions .rds-button--primary"))).await.click().await.unwrap();
    s.wait_text("Okta (Acme Labs) cannot be turned on yet").await;
    assert!(s.api_source(&id).await["settings"].get("domain").is_none());
    field.clear().await.unwrap();
    field.send_keys("labs.okta.com").await.unwrap();
    s.until("another org is fine", || async { s.browser.find(Locator::Id(&message)).await.is_err() }).await;
    s.finish().await;
}
