//! The panel inside a foreign console page, from a CDN sub-path, under the strict CSP.

use std::time::Duration;

use fantoccini::Locator;
use rds_e2e::{copy_tree, serve_origin, serve_plain, temp_dir, workspace, Layout, Session, CDN_PATH, TOKEN};

/// Runs `script` (which ends by calling `done(value)`) and returns its value.
async fn eval(s: &Session, script: &str) -> serde_json::Value {
    let body = format!("const done = arguments[arguments.length - 1]; {script}");
    s.browser.execute_async(&body, vec![]).await.unwrap()
}

async fn shadow_count(s: &Session, selector: &str) -> u64 {
    let js = format!(
        "const r = document.getElementById('panel')?.shadowRoot; done(r ? r.querySelectorAll({selector:?}).length : 0);"
    );
    eval(s, &js).await.as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_custom_element_works_inside_a_hostile_console_page() {
    let s = Session::launch("embed", Layout::Cdn, None, |_| {}).await;
    s.browser.goto(&format!("{}/console/embed.html", s.base)).await.unwrap();
    s.until("the embedded panel shows 11 sources", || async { shadow_count(&s, "li.rds-source").await == 11 }).await;

    let host = s.wait_for(Locator::Id("panel")).await;
    let root = host.shadow_root().await.unwrap();
    let switch = root.find(Locator::Css("#rds-source-email-sensor-upload")).await.unwrap();
    assert!(switch.is_displayed().await.unwrap(), "the console's CSS must not hide the panel's controls");
    let style = |prop: &str| {
        format!("done(getComputedStyle(document.getElementById('panel').shadowRoot.querySelector('.rds-panel')).{prop})")
    };
    // The console forces 26px on every element; the panel keeps its own scale (0.9375rem).
    let root_px: f64 = eval(&s, "done(parseFloat(getComputedStyle(document.documentElement).fontSize))").await.as_f64().unwrap();
    let font = eval(&s, &style("fontSize")).await;
    assert_eq!(font, format!("{}px", root_px * 0.9375), "the panel keeps its own type scale");
    assert_eq!(eval(&s, &style("letterSpacing")).await, "normal", "the console's letter-spacing does not leak in");
    let colour = eval(&s, "done(getComputedStyle(document.getElementById('panel').shadowRoot.querySelector('.rds-source__name')).color)").await;
    assert_eq!(colour, "rgb(27, 31, 36)");

    switch.click().await.unwrap();
    s.until("the change event reaches the console", || async {
        s.text_of(Locator::Id("event-log")).await.contains(
            r#"change: {"id":"email-sensor","type":"email-sensor","uploadEnabled":true,"state":"connected","status":"Connected","version":2}"#,
        )
    })
    .await;
    assert_eq!(s.api_source("email-sensor").await["uploadEnabled"], true);

    // The token never sits in the DOM, light or shadow.
    let dom = eval(&s, "done(document.documentElement.outerHTML + document.getElementById('panel').shadowRoot.innerHTML)").await;
    assert!(!dom.as_str().unwrap().contains(TOKEN));

    // Removing the element unmounts the panel.
    eval(&s, "const p = document.getElementById('panel'); window.kept = p; p.remove(); done(true)").await;
    let left = eval(&s, "done(window.kept.shadowRoot.querySelectorAll('.rds-panel').length)").await;
    assert_eq!(left, 0);
    s.finish().await;
}

/// A console page on its own origin, for the files under `dir`, loading the panel from `cdn`
/// and talking to the API at `api`.
fn console_files(dir: &std::path::Path, cdn: &str, api: &str) {
    copy_tree(&workspace().join("examples"), dir);
    let session = serde_json::json!({"token": TOKEN, "panel": format!("{cdn}{CDN_PATH}risk-data-sources.js"), "apiBase": format!("{api}/api/v1")});
    std::fs::write(dir.join("console-session.json"), session.to_string()).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_uses_the_panel_from_a_cdn_origin_and_the_api_from_a_third() {
    // Three origins: the console's page, the panel's files (a CDN) and the API. A fourth
    // console, not allowed by the API, is told so.
    let pages = temp_dir("origins");
    let (console, _console_stop) = serve_plain(pages.join("console")).await;
    let (stranger, _stranger_stop) = serve_plain(pages.join("stranger")).await;
    let allowed = console.clone();
    let s = Session::launch("cors", Layout::Cdn, None, move |c| c.allowed_origins = vec![allowed]).await;
    let mut cdn_config = rds_server::Config::new(TOKEN, pages.join("cdn-data"));
    cdn_config.dist_dir = Some(s.dir.join("site"));
    cdn_config.allowed_origins = vec![console.clone(), stranger.clone()];
    let (cdn, _cdn_stop) = serve_origin(cdn_config).await;
    console_files(&pages.join("console"), &cdn, &s.base);
    console_files(&pages.join("stranger"), &cdn, &s.base);

    s.browser.goto(&format!("{console}/embed.html")).await.unwrap();
    s.until("the panel from the CDN shows 11 sources", || async { shadow_count(&s, "li.rds-source").await == 11 }).await;
    let host = s.wait_for(Locator::Id("panel")).await;
    host.shadow_root().await.unwrap().find(Locator::Css("#rds-source-email-sensor-upload")).await.unwrap().click().await.unwrap();
    s.until("the change from another origin is saved", || async { s.api_source("email-sensor").await["uploadEnabled"] == true }).await;
    s.until("the console hears of it", || async { s.text_of(Locator::Id("event-log")).await.contains("\"uploadEnabled\":true") }).await;
    let log = s.server_log();
    assert!(log.contains("PATCH /api/v1/data-sources/email-sensor 200"), "{log}");
    assert!(!log.contains("refused origin"), "{log}");

    s.browser.goto(&format!("{stranger}/embed.html")).await.unwrap();
    let said = "The server refused this page's origin. Ask whoever runs the server to allow it.";
    s.until("the panel says the API refused its origin", || async {
        eval(&s, "done(document.getElementById('panel')?.shadowRoot?.textContent ?? '')").await.as_str().unwrap_or("").contains(said)
    })
    .await;
    let log = s.server_log();
    assert!(log.contains(&format!("refused origin {stranger}: not in RDS_ALLOWED_ORIGINS")), "{log}");
    // The panel's probes carry no token: the server refused them as unauthenticated.
    assert!(log.lines().any(|l| l.contains(" GET /api/v1/") && l.contains(" 401 ")), "{log}");

    // An allowed console whose API is down hears that it could not be reached, not that its
    // origin was refused.
    let mut s = s;
    s.stop_server().await;
    s.browser.goto(&format!("{console}/embed.html")).await.unwrap();
    s.until("the panel says the server could not be reached", || async {
        eval(&s, "done(document.getElementById('panel')?.shadowRoot?.textContent ?? '')").await.as_str().unwrap_or("").contains("The server could not be reached")
    })
    .await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mount_and_unmount_from_javascript() {
    let s = Session::launch("mount", Layout::Cdn, None, |_| {}).await;
    s.browser.goto(&format!("{}/console/embed.html", s.base)).await.unwrap();
    s.until("the page's panel is up", || async { shadow_count(&s, "li.rds-source").await == 11 }).await;
    let script = format!(
        "import('{CDN_PATH}risk-data-sources.js').then(m => {{
            const div = document.createElement('div');
            div.id = 'mounted';
            document.body.append(div);
            window.handle = m.mount(div, {{ apiBase: '/api/v1', token: '{TOKEN}' }});
            done(typeof window.handle.unmount);
        }}, e => done('failed: ' + e));"
    );
    assert_eq!(eval(&s, &script).await, "function");
    s.until("the mounted panel renders", || async {
        eval(&s, "done(document.querySelectorAll('#mounted .rds-source').length)").await == 11
    })
    .await;
    eval(&s, "window.handle.unmount(); done(true)").await;
    s.until("unmount empties the element", || async { eval(&s, "done(document.getElementById('mounted').children.length)").await == 0 })
        .await;
    let bad = eval(&s, &format!("import('{CDN_PATH}risk-data-sources.js').then(m => {{ try {{ m.mount(document.body, {{}}); done('mounted'); }} catch (e) {{ done(String(e)); }} }})")).await;
    assert!(bad.as_str().unwrap().contains("apiBase"), "{bad}");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standalone_page_works_from_a_cdn_sub_path() {
    let s = Session::launch("cdn", Layout::Cdn, None, |_| {}).await;
    s.open(CDN_PATH).await;
    s.switch("Network Sensor").await.click().await.unwrap();
    s.expect_switch("Network Sensor", true).await;
    let log = s.server_log();
    assert!(log.contains(&format!("GET {CDN_PATH}risk-data-sources.js 200")), "{log}");
    let wasm: Vec<&str> = log.lines().filter(|l| l.contains(".wasm 200")).collect();
    assert_eq!(wasm.len(), 1, "the preloaded wasm is fetched once: {wasm:?}");
    assert!(wasm[0].contains(CDN_PATH));
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_strict_csp_holds_through_a_whole_session() {
    let s = Session::start("csp").await;
    for name in ["Okta", "Qualys", "Azure AD"] {
        s.open_source(name).await;
    }
    s.switch("Okta").await.click().await.unwrap();
    s.wait_text("Okta cannot be turned on yet").await;
    s.switch("Email Sensor").await.click().await.unwrap();
    s.expect_switch("Email Sensor", true).await;
    s.reload().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!s.server_log().contains("csp-violation"), "{}", s.server_log());
    // The policy really is enforced and reported: an inline style attribute is refused.
    s.browser.execute("document.body.setAttribute('style', 'outline: 1px solid red')", vec![]).await.unwrap();
    s.until("the violation is reported", || async { s.server_log().contains("csp-violation style-src") }).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standalone_page_has_its_icon_and_a_description() {
    let s = Session::start("page-meta").await;
    let description = eval(&s, "done(document.querySelector('meta[name=description]')?.content ?? '')").await;
    assert!(description.as_str().unwrap().starts_with("Connect and check the data sources"), "{description}");
    // The icon is a file of the build on the page's origin (no inline image: the CSP holds),
    // so a browser asks for it rather than for a /favicon.ico that does not exist.
    let icon = eval(&s, "const l = document.querySelector('link[rel=icon]'); fetch(l.href).then(r => done([r.status, r.headers.get('content-type'), new URL(l.href).origin === location.origin]), e => done(String(e)))").await;
    assert_eq!(icon, serde_json::json!([200, "image/svg+xml", true]));
    assert!(!s.server_log().contains("/favicon.ico"), "{}", s.server_log());
    s.finish().await;
}
