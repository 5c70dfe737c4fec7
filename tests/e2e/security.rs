//! Secret hygiene and hostile server data, checked in the real browser.

use fantoccini::Locator;
use rds_e2e::Session;
use serde_json::json;

const OKTA: &str = "00HygieneOktaToken_9f8e7d6c5b4a3z2y1x0w9v";
const QUALYS: &str = "Hygiene-Qualys-Password-47c1";
const SPLUNK: &str = "hygiene-splunk-token-83ab";
const SPLUNK_NAME: &str = "Splunk - Network Firewall / Web Gateway Logs";

/// Records, from now on, every request URL, response body and console message.
const CAPTURE: &str = r#"
window.__seen = { urls: [], bodies: [], console: [] };
const realFetch = window.fetch;
window.fetch = async (input, init) => {
  window.__seen.urls.push(String(input && input.url ? input.url : input));
  const res = await realFetch(input, init);
  res.clone().text().then(t => window.__seen.bodies.push(t), () => {});
  return res;
};
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const real = console[level];
  console[level] = (...args) => { window.__seen.console.push(args.map(String).join(' ')); real.apply(console, args); };
}
"#;

/// Everything a secret could have leaked into on the browser side.
async fn browser_traces(s: &Session) -> String {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const inputs = [...document.querySelectorAll('input')].map(i => i.value).join(' ');
        const dbs = indexedDB.databases ? indexedDB.databases() : Promise.resolve([]);
        dbs.then(list => done(JSON.stringify({
            seen: window.__seen || null,
            local: { ...localStorage },
            session: { ...sessionStorage },
            idb: list.map(d => d.name),
            dom: document.documentElement.outerHTML,
            inputs,
            url: location.href,
            perf: performance.getEntriesByType('resource').map(e => e.name),
        })));
    "#;
    s.browser.execute_async(script, vec![]).await.unwrap().as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_leave_the_field_they_were_typed_in() {
    let s = Session::start("hygiene").await;
    // Turning Okta on tests the token first: the stand-in Okta knows it.
    s.standins.okta_token(OKTA, "00uhygiene", &["ORG_ADMIN"]);
    s.browser.execute(CAPTURE, vec![]).await.unwrap();

    s.open_source("Okta").await;
    s.type_into("Okta URL domain", "acme.okta.com").await;
    s.type_into("Okta API token", OKTA).await;
    s.field("Administrator privilege of the Okta account").await.select_by_label("Org Admin").await.unwrap();
    s.switch("Okta").await.click().await.unwrap();
    s.expect_switch("Okta", true).await;

    s.open_source("Qualys").await;
    s.field("Qualys platform").await.select_by_label("US Platform 1 (qualysapi.qualys.com)").await.unwrap();
    s.type_into("Qualys username", "svc").await;
    s.type_into("Qualys password", QUALYS).await;
    s.click_button("Save Qualys settings").await;
    s.wait_text("Qualys saved.").await;

    s.open_source(SPLUNK_NAME).await;
    s.type_into("Splunk API token", SPLUNK).await;
    s.click_button(&format!("Save {SPLUNK_NAME} settings")).await;
    s.wait_text("saved.").await;
    s.until("the Splunk token shows as configured", || async {
        s.card_text(SPLUNK_NAME).await.contains("Configured")
    })
    .await;

    let traces = browser_traces(&s).await;
    assert!(traces.contains("\"bodies\":[\""), "the capture saw responses: {}", &traces[..200.min(traces.len())]);
    assert!(traces.contains("acme.okta.com"), "the capture is live");
    for secret in [OKTA, QUALYS, SPLUNK] {
        assert!(!traces.contains(secret), "{secret} leaked into the browser: {traces}");
        assert!(!s.server_log().contains(secret), "{secret} leaked into the server log");
    }
    // After a reload, nothing kept it either.
    s.reload().await;
    let traces = browser_traces(&s).await;
    for secret in [OKTA, QUALYS, SPLUNK] {
        assert!(!traces.contains(secret), "{secret} survived a reload");
    }
    // The server did store them: the secrets are set, just never shown.
    for id in ["okta", "qualys", "splunk"] {
        let src = s.api_source(id).await;
        assert!(src["secretsSet"].as_object().unwrap().values().all(|v| v == true), "{id}: {src}");
    }
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_server_strings_render_as_inert_text() {
    let s = Session::start("hostile").await;
    let detail = r#"<img src=x onerror="window.__pwned='detail'">"#;
    let by = r#"<script>window.__pwned='by'</script>"#;
    let when = r#"<svg onload="window.__pwned='time'">"#;
    s.open_source("Qualys").await;
    s.type_into("Qualys username", "mine").await;
    // A time that is not one never gets into a source.
    assert_eq!(s.http_admin_status("qualys", json!({"lastDataReceivedAt": when})).await, 422);
    // The data pipeline reports hostile text, and someone else saves meanwhile.
    let st = s
        .http_admin_status("qualys", json!({"state": "error", "detail": detail, "lastDataReceivedAt": "2026-11-28T03:55:16Z", "updatedBy": by}))
        .await;
    assert_eq!(st, 200);
    s.click_button("Save Qualys settings").await;
    s.wait_card_text("Qualys", "This source was changed elsewhere").await;
    let card = s.card_text("Qualys").await;
    assert!(card.contains(&format!("Saved by {by}")), "{card}");
    s.reload().await;
    let card = s.card_text("Qualys").await;
    assert!(card.contains(detail), "{card}");
    assert!(card.contains(&format!("Last changed by {by}")), "{card}");
    let pwned = s.browser.execute("return window.__pwned === undefined", vec![]).await.unwrap();
    assert_eq!(pwned, json!(true), "hostile text ran as code");
    assert!(s.browser.find(Locator::Css(".rds-source img, .rds-source svg, .rds-source script")).await.is_err());
    s.finish().await;
}
