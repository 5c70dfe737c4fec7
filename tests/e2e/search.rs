//! Finding a source: the search box, the filters, the fragment that keeps them, an empty
//! result and the keyboard.

use fantoccini::Locator;
use rds_e2e::Session;

const SEARCH: &str = "Search data sources";

/// The names on the cards shown, in order.
async fn shown(s: &Session) -> Vec<String> {
    let mut out = Vec::new();
    for h in s.browser.find_all(Locator::Css(".rds-source__name")).await.unwrap() {
        out.push(h.text().await.unwrap());
    }
    out
}

async fn count(s: &Session) -> String {
    s.text_of(Locator::Css(".rds-filters__count")).await
}

async fn hash(s: &Session) -> String {
    s.browser.execute("return location.hash", vec![]).await.unwrap().as_str().unwrap().to_string()
}

/// Replaces what the search box holds, key by key as a person types.
async fn search(s: &Session, text: &str) {
    s.field(SEARCH).await.click().await.unwrap();
    s.press_with_control('a').await;
    s.press('\u{E003}').await;
    s.type_keys(text).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_filters_find_sources_and_the_fragment_keeps_them() {
    let s = Session::start("search").await;
    s.card("Okta").await;
    assert_eq!(count(&s).await, "11 of 11 data sources shown.");

    // `/` from the page brings focus to the search box; typing there searches as you type.
    s.press('/').await;
    assert_eq!(s.focused_id().await.as_deref(), Some("rds-search"));
    s.type_keys("OKTA").await;
    s.until("only Okta is shown", || async { shown(&s).await == ["Okta"] }).await;
    assert_eq!(count(&s).await, "1 of 11 data sources shown.");
    assert_eq!(s.browser.find(Locator::Css(".rds-filters__count")).await.unwrap().attr("role").await.unwrap().as_deref(), Some("status"));
    assert_eq!(hash(&s).await, "#q=OKTA");
    // A `/` typed in a field is text, not a jump.
    s.type_keys("/").await;
    assert_eq!(s.field(SEARCH).await.prop("value").await.unwrap().as_deref(), Some("OKTA/"));
    // Escape clears the search.
    s.press('\u{E00C}').await;
    s.until("everything is shown again", || async { shown(&s).await.len() == 11 }).await;
    assert_eq!(hash(&s).await, "");

    // By data and by group, and the filters together.
    search(&s, "sharepoint").await;
    s.until("Office 365 by its data", || async { shown(&s).await == ["Office 365"] }).await;
    search(&s, "").await;
    s.field("Group").await.select_by_label("Identity providers").await.unwrap();
    s.until("the identity providers", || async { shown(&s).await == ["Azure AD", "Okta"] }).await;
    assert_eq!(s.api_patch("email-sensor", serde_json::json!({"uploadEnabled": true})).await, 200);
    s.reload().await;
    s.until("a reload keeps the filter", || async { shown(&s).await == ["Azure AD", "Okta"] }).await;
    s.field("State").await.select_by_label("On").await.unwrap();
    s.wait_text("No data source matches these filters.").await;
    s.field("Group").await.select_by_label("All").await.unwrap();
    s.until("the one that is on", || async { shown(&s).await == ["Email Sensor"] }).await;
    assert_eq!(hash(&s).await, "#state=on");
    s.click_button("Clear filters").await;
    s.until("all again", || async { shown(&s).await.len() == 11 }).await;
    assert!(s.browser.find(Locator::XPath("//button[normalize-space()='Clear filters']")).await.is_err(), "only while a filter is set");

    // An empty result says what was searched and offers to show everything.
    search(&s, "zzz").await;
    s.wait_text("No data source matches “zzz”.").await;
    assert_eq!(count(&s).await, "0 of 11 data sources shown.");
    s.click_button("Show all data sources").await;
    s.until("all again", || async { shown(&s).await.len() == 11 }).await;
    assert_eq!(s.field(SEARCH).await.prop("value").await.unwrap().as_deref(), Some(""));

    // A console links to "the sources that feed vulnerabilities and are off"; a reload keeps it.
    s.open("/#feeds=vulnerabilities&state=off").await;
    s.until("the linked filter", || async { shown(&s).await == ["Trend Micro Vision One Endpoint Sensor", "Qualys"] }).await;
    assert_eq!(s.field("Risk factor").await.prop("value").await.unwrap().as_deref(), Some("vulnerabilities"));
    assert_eq!(s.field("State").await.prop("value").await.unwrap().as_deref(), Some("off"));
    s.reload().await;
    s.until("kept", || async { shown(&s).await.len() == 2 }).await;
    // Beside a deep link to one source, which stays in the fragment.
    s.open("/#source=okta&q=ok").await;
    s.until("Okta, open", || async { shown(&s).await == ["Okta"] }).await;
    s.wait_for(Locator::XPath("//button[@aria-label='Hide details of Okta']")).await;
    search(&s, "okta").await;
    s.until("the fragment follows", || async { hash(&s).await == "#source=okta&q=okta" }).await;
    s.finish().await;
}
