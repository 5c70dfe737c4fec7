//! End-to-end harness: the release build of the panel, served by the real reference server
//! on a free loopback port with its own SQLite file, driven through chromedriver in
//! headless Chromium. Elements are found the way a person finds them: by role, label, text.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
pub use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use axum::response::IntoResponse;
use tokio::sync::oneshot;

pub const TOKEN: &str = "e2e-panel-token-0123456789abcdef";
/// The Okta API token the tests type: its stand-in account holds each of the six roles, so
/// a connection test passes whichever role a test chooses.
pub const OKTA_TOKEN: &str = "00e2eOktaTokenAbcdefghijklmnopqrstuvwxyz1";
/// The Qualys account the tests type, with API access and the asset read.
pub const QUALYS_USER: &str = "svc-risk";
pub const QUALYS_PASSWORD: &str = "e2e-Qualys-Password-5512";
/// The Okta orgs and Qualys servers the tests use; connection tests reach the stand-ins for
/// them. A name not listed does not resolve.
pub const PROBED_HOSTS: [&str; 8] = [
    "acme.okta.com",
    "draft.okta.com",
    "a.okta.com",
    "hang.okta.com",
    "qualysapi.qualys.com",
    "qualysapi.qg2.apps.qualys.eu",
    "qualysapi.corp.example",
    "qualysapi.qg2.apps.qualys.com",
];
pub const ADMIN: &str = "e2e-admin-token-0123456789abcdef";
/// How long a condition may take to become true before a test fails.
pub const PATIENCE: Duration = Duration::from_secs(15);

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rds-e2e-{tag}-{}", rds_server::random_token()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Where the test server puts the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// The standalone page at the server's root.
    Root,
    /// The build under `/static/risk-panel/`, as a CDN would hold it, and the example
    /// console page that embeds it under `/console/`.
    Cdn,
}

/// Where the panel's standalone page is in the [`Layout::Cdn`] layout.
pub const CDN_PATH: &str = "/static/risk-panel/";

/// Lays out a copy of the release build under `dir`, with a `config.json` that points at the
/// test server; returns the folder to serve.
pub fn site(dir: &Path, layout: Layout, timeout_ms: Option<u32>) -> PathBuf {
    let built = std::env::var_os("RDS_E2E_DIST").map(PathBuf::from).unwrap_or_else(|| workspace().join("dist"));
    assert!(
        built.join("index.html").exists(),
        "no release build at {}: run `trunk build --release` first (the test command does)",
        built.display()
    );
    let root = dir.join("site");
    let panel = match layout {
        Layout::Root => root.clone(),
        Layout::Cdn => root.join(CDN_PATH.trim_matches('/')),
    };
    copy_tree(&built, &panel);
    let api_base = if layout == Layout::Root { "api/v1" } else { "/api/v1" };
    let mut config = json!({"apiBase": api_base, "token": TOKEN});
    if let Some(ms) = timeout_ms {
        config["timeoutMs"] = json!(ms);
    }
    std::fs::write(panel.join("config.json"), config.to_string()).unwrap();
    if layout == Layout::Cdn {
        let console = root.join("console");
        copy_tree(&workspace().join("examples"), &console);
        let session = json!({"token": TOKEN, "panel": format!("{CDN_PATH}risk-data-sources.js")});
        std::fs::write(console.join("console-session.json"), session.to_string()).unwrap();
    }
    root
}

/// Copies a folder, without the `config.json` a local run may have left there.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let e = entry.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else if e.file_name() != "config.json" {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A child process, in a process group of its own, killed with all of its group when the
/// guard goes: a test that fails half-way must not leave chromedriver's browsers running.
pub struct Killed(pub Child);

impl Killed {
    pub fn spawn(mut cmd: Command) -> std::io::Result<Killed> {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0).spawn().map(Killed)
    }
}

impl Drop for Killed {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct Session {
    pub browser: Client,
    pub base: String,
    pub dir: PathBuf,
    http: reqwest_lite::Http,
    config: rds_server::Config,
    addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    driver: (Killed, u16),
    /// The stand-in Okta and Qualys APIs this session's connection tests reach.
    pub standins: std::sync::Arc<rds_standins::StandIns>,
}

/// Serves `config` on `listener` until the returned sender fires.
fn serve(config: rds_server::Config, listener: tokio::net::TcpListener) -> oneshot::Sender<()> {
    let state = rds_server::state(config).unwrap();
    let (stop, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = rds_server::serve(listener, state, async {
            let _ = rx.await;
        })
        .await;
    });
    stop
}

/// Serves `config` on a free loopback port, as another origin: the panel's files on a
/// "CDN", say. Returns its base URL; the server stops when the sender fires or is dropped.
pub async fn serve_origin(config: rds_server::Config) -> (String, oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (base, serve(config, listener))
}

/// Serves the files under `dir` as a console's own web server would: no policy of the
/// panel's, no CORS. Returns its base URL; it stops when the sender fires or is dropped.
pub async fn serve_plain(dir: PathBuf) -> (String, oneshot::Sender<()>) {
    use axum::http::{header, StatusCode, Uri};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let path = dir.join(uri.path().trim_start_matches('/'));
        async move {
            let ctype = match path.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                _ => "application/json",
            };
            match (uri.path().contains(".."), std::fs::read(&path)) {
                (false, Ok(bytes)) => ([(header::CONTENT_TYPE, ctype), (header::CACHE_CONTROL, "no-store")], bytes).into_response(),
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        }
    });
    let (stop, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    (base, stop)
}

/// Starts chromedriver (`$CHROMEDRIVER`, or the one on PATH) on a free port.
pub fn start_chromedriver() -> (Killed, u16) {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let port = free_port();
    let mut cmd = Command::new(&bin);
    cmd.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null());
    let child = Killed::spawn(cmd).unwrap_or_else(|e| panic!("cannot start {bin}: {e} (install chromium-driver)"));
    (child, port)
}

/// A headless Chromium session with a fresh profile in `profile`, retrying while
/// chromedriver starts. The flags keep Chromium off the network it cannot reach here.
pub async fn connect_browser(driver_port: u16, profile: &Path, extra_args: &[&str]) -> Client {
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--window-size=1280,1000".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.extend(extra_args.iter().map(|a| a.to_string()));
    let caps = json!({
        "goog:chromeOptions": {
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": args,
            "prefs": {"profile.default_content_setting_values.popups": 1}
        },
        // The console, for tests that the page logs nothing it should not.
        "goog:loggingPrefs": {"browser": "ALL"}
    });
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(caps.as_object().unwrap().clone());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match builder.connect(&format!("http://127.0.0.1:{driver_port}")).await {
            Ok(c) => return c,
            Err(e) if Instant::now() > deadline => panic!("chromedriver did not answer: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

impl Session {
    /// A fresh server (empty database) and a fresh browser, at the panel's page.
    pub async fn start(tag: &str) -> Session {
        Session::start_with(tag, |_| {}).await
    }

    pub async fn start_with(tag: &str, configure: impl FnOnce(&mut rds_server::Config)) -> Session {
        let s = Session::launch(tag, Layout::Root, None, configure).await;
        s.open("/").await;
        s
    }

    /// A server and browser with nothing loaded yet; `timeout_ms` goes into the panel's
    /// `config.json`.
    pub async fn launch(
        tag: &str,
        layout: Layout,
        timeout_ms: Option<u32>,
        configure: impl FnOnce(&mut rds_server::Config),
    ) -> Session {
        let dir = temp_dir(tag);
        let mut config = rds_server::Config::new(TOKEN, dir.join("data"));
        config.admin_token = Some(ADMIN.into());
        config.dist_dir = Some(site(&dir, layout, timeout_ms));
        config.log_file = Some(dir.join("server.log"));
        // Connection tests go to stand-in Okta and Qualys APIs over HTTPS on loopback.
        let standins = rds_standins::StandIns::start(&dir).await;
        let roles = ["SUPER_ADMIN", "ORG_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN", "MOBILE_ADMIN", "READ_ONLY_ADMIN", "APP_ADMIN"];
        standins.okta_token(OKTA_TOKEN, "00ue2e", &roles);
        standins.qualys_account(QUALYS_USER, QUALYS_PASSWORD, rds_standins::QualysAccess::Reader);
        config.probes.hosts = Some(standins.hosts(&PROBED_HOSTS));
        config.probes.allow_private = true;
        config.probes.extra_root = Some(standins.ca_file.clone());
        configure(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let stop = serve(config.clone(), listener);

        let driver = start_chromedriver();
        let browser = connect_browser(driver.1, &dir.join("chromium-profile"), &[]).await;
        Session { browser, base, dir, http: reqwest_lite::Http::new(), config, addr, stop: Some(stop), driver, standins: standins.into() }
    }

    /// Another administrator: a second browser (its own Chromium, profile and chromedriver)
    /// at the same server's page. Finishing it leaves the server running.
    pub async fn second_browser(&self) -> Session {
        let driver = start_chromedriver();
        let browser = connect_browser(driver.1, &self.dir.join("second-chromium-profile"), &[]).await;
        let s = Session {
            browser,
            base: self.base.clone(),
            dir: self.dir.clone(),
            http: reqwest_lite::Http::new(),
            config: self.config.clone(),
            addr: self.addr,
            stop: None,
            driver,
            standins: self.standins.clone(),
        };
        s.open("/").await;
        s
    }

    /// Stops the server: connections are refused until [`Session::restart_server`].
    pub async fn stop_server(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.until("the server stops", || async { tokio::net::TcpStream::connect(self.addr).await.is_err() }).await;
    }

    /// Starts the server again on the same address, with the same database.
    pub async fn restart_server(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.stop = Some(serve(self.config.clone(), listener));
    }

    /// Makes the next `count` requests of `method path` fail with `kind` (the server must
    /// run with `faults` on).
    pub async fn arm_fault(&self, method: &str, path: &str, kind: &str, count: u32) {
        let body = json!({"method": method, "path": path, "kind": kind, "count": count, "retryAfter": 1});
        let status = self.http.put(&format!("{}/admin/v1/faults", self.base), ADMIN, &body).await;
        assert_eq!(status, 204, "arming {kind}");
    }

    /// Loads `path` and waits until the panel shows its sources.
    pub async fn open(&self, path: &str) {
        self.browser.goto(&format!("{}{}", self.base, path)).await.unwrap();
        self.wait_for(Locator::XPath("//h2[normalize-space()='Data sources']")).await;
    }

    pub async fn reload(&self) {
        self.browser.refresh().await.unwrap();
        self.wait_for(Locator::XPath("//h2[normalize-space()='Data sources']")).await;
    }

    pub async fn wait_for(&self, loc: Locator<'_>) -> Element {
        self.browser
            .wait()
            .at_most(PATIENCE)
            .for_element(loc)
            .await
            .unwrap_or_else(|e| panic!("{loc:?} did not appear: {e}"))
    }

    /// Polls `check` until it holds, or fails the test naming `what`.
    pub async fn until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + PATIENCE;
        while !check().await {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The card of a source, found by its visible name.
    pub async fn card(&self, name: &str) -> Element {
        self.wait_for(Locator::XPath(&format!("//li[contains(concat(' ', @class, ' '), ' rds-source ')][.//h3[normalize-space()='{name}']]")))
            .await
    }

    pub async fn switch(&self, name: &str) -> Element {
        self.wait_for(Locator::XPath(&format!("//button[@role='switch'][@aria-label='Data upload permission for {name}']")))
            .await
    }

    pub async fn switch_is_on(&self, name: &str) -> bool {
        self.switch(name).await.attr("aria-checked").await.unwrap().as_deref() == Some("true")
    }

    /// Waits until the switch of `name` shows `on`.
    pub async fn expect_switch(&self, name: &str, on: bool) {
        self.until(&format!("{name}'s switch is {}", if on { "on" } else { "off" }), || async {
            self.switch_is_on(name).await == on && !self.busy(name).await
        })
        .await;
    }

    async fn busy(&self, name: &str) -> bool {
        self.switch(name).await.attr("aria-busy").await.unwrap().as_deref() == Some("true")
    }

    /// Opens a source's details unless they are open.
    pub async fn open_source(&self, name: &str) {
        let b = self.wait_for(Locator::XPath(&format!("//button[@aria-label='Configure {name}' or @aria-label='Hide details of {name}']"))).await;
        if b.attr("aria-expanded").await.unwrap().as_deref() != Some("true") {
            b.click().await.unwrap();
        }
        self.wait_for(Locator::XPath(&format!("//button[@aria-label='Hide details of {name}']"))).await;
    }

    /// The form control labelled `label` (through `<label for>`).
    pub async fn field(&self, label: &str) -> Element {
        let l = self.wait_for(Locator::XPath(&format!("//label[normalize-space()=\"{label}\"]"))).await;
        let id = l.attr("for").await.unwrap().expect("label has a for");
        self.browser.find(Locator::Id(&id)).await.unwrap()
    }

    pub async fn type_into(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        f.clear().await.unwrap();
        f.send_keys(text).await.unwrap();
    }

    /// Moves focus out of a field, as a person tabbing on would.
    pub async fn leave(&self, label: &str) {
        self.field(label).await.send_keys("\u{E004}").await.unwrap();
    }

    /// The message shown under a field, through `aria-describedby`.
    pub async fn field_message(&self, label: &str) -> Option<String> {
        let f = self.field(label).await;
        let ids = f.attr("aria-describedby").await.unwrap()?;
        let mut out = String::new();
        for id in ids.split_whitespace().filter(|i| i.ends_with("-message")) {
            out.push_str(&self.browser.find(Locator::Id(id)).await.unwrap().text().await.unwrap());
        }
        (!out.is_empty()).then_some(out)
    }

    pub async fn is_invalid(&self, label: &str) -> bool {
        self.field(label).await.attr("aria-invalid").await.unwrap().as_deref() == Some("true")
    }

    pub async fn click_button(&self, accessible_name: &str) {
        let loc = format!("//button[@aria-label=\"{accessible_name}\" or (not(@aria-label) and normalize-space()=\"{accessible_name}\")]");
        self.wait_for(Locator::XPath(&loc)).await.click().await.unwrap();
    }

    pub async fn text_of(&self, loc: Locator<'_>) -> String {
        self.wait_for(loc).await.text().await.unwrap()
    }

    pub async fn page_text(&self) -> String {
        self.text_of(Locator::Css("body")).await
    }

    pub async fn wait_text(&self, text: &str) {
        self.until(&format!("the page shows {text:?}"), || async { self.page_text().await.contains(text) }).await;
    }

    pub async fn card_text(&self, name: &str) -> String {
        self.card(name).await.text().await.unwrap()
    }

    pub async fn wait_card_text(&self, name: &str, text: &str) {
        self.until(&format!("{name} shows {text:?}"), || async { self.card_text(name).await.contains(text) }).await;
    }

    /// Sets the console's world through the admin route, as the platform would.
    pub async fn set_world(&self, world: Value) {
        let status = self.http.put(&format!("{}/admin/v1/world", self.base), ADMIN, &world).await;
        assert_eq!(status, 200);
    }

    /// Sets what the data pipeline reports about a source, through the admin route.
    pub async fn http_admin_status(&self, id: &str, body: Value) -> u16 {
        self.http.put(&format!("{}/admin/v1/data-sources/{id}/status", self.base), ADMIN, &body).await
    }

    /// Adds a connection of `source_type` named `name` straight through the API; its id.
    pub async fn api_add(&self, source_type: &str, name: &str) -> String {
        let (status, made) = self.http.post_json(&format!("{}/api/v1/data-sources", self.base), Some(TOKEN), &json!({"type": source_type, "name": name})).await;
        assert_eq!(status, 201, "{made}");
        made["id"].as_str().unwrap().to_string()
    }

    /// Reads a source straight from the API, bypassing the panel.
    pub async fn api_source(&self, id: &str) -> Value {
        self.http.get_json(&format!("{}/api/v1/data-sources/{id}", self.base), TOKEN).await
    }

    pub async fn api_patch(&self, id: &str, body: Value) -> u16 {
        let current = self.api_source(id).await;
        self.http
            .patch(&format!("{}/api/v1/data-sources/{id}", self.base), TOKEN, &format!("\"{}\"", current["version"]), &body)
            .await
    }

    /// Runs axe-core on the page as it is now, with the WCAG 2.2 A/AA rules and
    /// `target-size`; returns one line per violation.
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(workspace().join("tools/node_modules/axe-core/axe.min.js"))
            .expect("axe-core is installed by scripts/ensure-tools");
        self.browser.execute(&axe, vec![]).await.unwrap();
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
                rules: { 'target-size': { enabled: true } }
            }).then(r => done(r.violations.map(v =>
                v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
              .catch(e => done(['axe failed: ' + e]));
        "#;
        let out = self.browser.execute_async(script, vec![]).await.unwrap();
        out.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }

    /// Presses Tab until `accessible_name` has focus, as a keyboard user would.
    pub async fn tab_to(&self, accessible_name: &str) -> Element {
        for _ in 0..400 {
            let el = self.browser.active_element().await.unwrap();
            let name = el.attr("aria-label").await.unwrap().unwrap_or_default();
            let label = match el.attr("id").await.unwrap() {
                Some(id) => self
                    .browser
                    .find_all(Locator::Css(&format!("label[for='{id}']")))
                    .await
                    .unwrap()
                    .into_iter()
                    .next(),
                None => None,
            };
            let label_text = match label {
                Some(l) => l.text().await.unwrap(),
                None => String::new(),
            };
            if name == accessible_name || label_text == accessible_name || el.text().await.unwrap() == accessible_name {
                return el;
            }
            self.press(Key::Tab).await;
        }
        panic!("Tab never reached {accessible_name}");
    }

    /// Presses Shift+Tab until the element named `aria_label` has focus.
    pub async fn shift_tab_to(&self, aria_label: &str) {
        for _ in 0..400 {
            let el = self.browser.active_element().await.unwrap();
            if el.attr("aria-label").await.unwrap().as_deref() == Some(aria_label) {
                return;
            }
            let (shift, tab): (char, char) = (Key::Shift.into(), Key::Tab.into());
            let actions = KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: shift })
                .then(KeyAction::Down { value: tab })
                .then(KeyAction::Up { value: tab })
                .then(KeyAction::Up { value: shift });
            self.browser.perform_actions(actions).await.unwrap();
        }
        panic!("Shift+Tab never reached {aria_label}");
    }

    /// The `id` of the element that has focus.
    pub async fn focused_id(&self) -> Option<String> {
        self.browser.active_element().await.unwrap().attr("id").await.unwrap()
    }

    /// Presses one key on whatever has focus.
    pub async fn press(&self, key: impl Into<char>) {
        let k: char = key.into();
        let actions = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: k }).then(KeyAction::Up { value: k });
        self.browser.perform_actions(actions).await.unwrap();
    }

    /// Presses `key` with Control held, as in Control+A.
    pub async fn press_with_control(&self, key: char) {
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: '\u{E009}' })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: '\u{E009}' });
        self.browser.perform_actions(actions).await.unwrap();
    }

    /// Types text into whatever has focus, key by key.
    pub async fn type_keys(&self, text: &str) {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        self.browser.perform_actions(actions).await.unwrap();
    }

    /// Sends a WebDriver extension command of this session (`path` after the session id).
    async fn driver_command(&self, path: &str, body: Value) -> Value {
        let id = self.browser.session_id().await.unwrap().expect("a session");
        let url = format!("http://127.0.0.1:{}/session/{id}/{path}", self.driver.1);
        let (status, answer) = self.http.post_json(&url, None, &body).await;
        assert_eq!(status, 200, "{path}: {answer}");
        answer
    }

    /// Sets a permission of the page as a user or a console's policy would (WebDriver's
    /// Permissions extension): `set_permission("clipboard-write", "denied")`.
    pub async fn set_permission(&self, name: &str, state: &str) {
        self.driver_command("permissions", json!({"descriptor": {"name": name}, "state": state})).await;
    }

    /// Lays the page out as a phone of `width` CSS pixels would (Chromium's device metrics).
    pub async fn emulate_width(&self, width: u32) {
        // Not `mobile`, which would widen the layout to fit what overflows.
        let params = json!({"width": width, "height": 1900, "deviceScaleFactor": 1, "mobile": false});
        self.driver_command("goog/cdp/execute", json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": params})).await;
    }

    /// What the page wrote to the browser's console since the last call, one line each.
    pub async fn console_lines(&self) -> Vec<String> {
        let answer = self.driver_command("se/log", json!({"type": "browser"})).await;
        answer["value"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap_or("").to_string()).collect()
    }

    pub fn server_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    pub async fn screenshot(&self, path: &Path) {
        let png = self.browser.screenshot().await.unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }

    pub async fn finish(mut self) {
        let _ = self.browser.clone().close().await;
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// A minimal HTTP client over hyper-util for the admin and API calls the tests make.
mod reqwest_lite {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;
    use hyper::Request;
    use hyper_util::client::legacy::{connect::HttpConnector, Client};
    use hyper_util::rt::TokioExecutor;
    use serde_json::Value;

    pub struct Http(Client<HttpConnector, Full<Bytes>>);

    impl Http {
        pub fn new() -> Http {
            Http(Client::builder(TokioExecutor::new()).build_http())
        }

        async fn send(&self, req: Request<Full<Bytes>>) -> (u16, Bytes) {
            let res = self.0.request(req).await.unwrap();
            let status = res.status().as_u16();
            (status, res.into_body().collect().await.unwrap().to_bytes())
        }

        pub async fn put(&self, url: &str, token: &str, body: &Value) -> u16 {
            let req = Request::put(url)
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(Full::new(Bytes::from(body.to_string())))
                .unwrap();
            self.send(req).await.0
        }

        pub async fn patch(&self, url: &str, token: &str, etag: &str, body: &Value) -> u16 {
            let req = Request::patch(url)
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .header("if-match", etag)
                .body(Full::new(Bytes::from(body.to_string())))
                .unwrap();
            self.send(req).await.0
        }

        /// A POST of JSON, with the API token when given (none to the WebDriver server), and
        /// its answer.
        pub async fn post_json(&self, url: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
            let mut req = Request::post(url).header("content-type", "application/json");
            if let Some(token) = token {
                req = req.header("authorization", format!("Bearer {token}"));
            }
            let (status, body) = self.send(req.body(Full::new(Bytes::from(body.to_string()))).unwrap()).await;
            (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
        }

        pub async fn get_json(&self, url: &str, token: &str) -> Value {
            let req = Request::get(url).header("authorization", format!("Bearer {token}")).body(Full::new(Bytes::new())).unwrap();
            let (status, body) = self.send(req).await;
            assert_eq!(status, 200, "{url}");
            serde_json::from_slice(&body).unwrap()
        }
    }
}
