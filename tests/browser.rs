//! Components rendered into a real DOM in headless Chromium: click, type, assert on the DOM.
//! The backend here is an address nothing listens on, so every request fails fast: these
//! tests cover what the panel decides in the browser, and how it shows a failed save.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::time::Duration;

use rds_domain::api::{SourceList, World};
use rds_domain::small_map::SmallMap;
use rds_domain::Region;
use rds_panel::actions::use_panel_handle;
use rds_panel::api::ApiClient;
use rds_panel::components::confirm_dialog::{confirm_opener, use_modal};
use rds_panel::components::naming_dialog::naming_opener;
use rds_panel::components::panel::panel;
use rds_panel::state::{Action, State};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{catalog, words};

fn list(on: &[&str], can_edit: bool) -> SourceList {
    let mut list = SourceList::unconfigured(&catalog(), World { can_edit, ..World::new(Region::Eu) });
    for s in list.sources.iter_mut() {
        s.upload_enabled = on.contains(&s.id.as_str());
        s.status.detail = "<b>inert</b>".into();
        if s.id == "splunk" {
            s.secrets_set.insert("apiToken".into(), true);
        }
    }
    list
}

#[derive(Properties, PartialEq)]
struct FixtureProps {
    list: SourceList,
    host: Element,
    /// The catalog's definitions, unless the repository's.
    #[prop_or_default]
    definitions: Option<Rc<Vec<rds_domain::definition::Definition>>>,
}

/// The panel over a loaded list, as `PanelRoot` renders it after its first requests.
#[function_component]
fn Fixture(props: &FixtureProps) -> Html {
    let state = use_reducer(|| {
        let mut s = State::new(Rc::new(words()), SmallMap::new());
        let catalog = props.definitions.as_ref().map_or_else(catalog, |d| rds_domain::Catalog::trusted((**d).clone()));
        s.apply(Action::Loaded(Rc::new(catalog), props.list.clone()));
        s
    });
    let handle =
        use_panel_handle(ApiClient::new("http://127.0.0.1:9/api/v1", "browser-test-token"), Some(props.host.clone()), &state);
    let dialog = use_modal(confirm_opener(&state), state.refocus.clone());
    let naming = use_modal(naming_opener(&state), state.refocus.clone());
    panel(&handle, &state, use_node_ref(), dialog, naming)
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount(list: SourceList) -> Element {
    mount_with(list, None)
}

fn mount_with(list: SourceList, definitions: Option<Rc<Vec<rds_domain::definition::Definition>>>) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Fixture>::with_root_and_props(root.clone(), FixtureProps { list, host: root.clone(), definitions }).render();
    root
}

/// Polls until `cond` holds; the scheduler renders between polls.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..300 {
        if cond() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting until {what}");
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn get(root: &Element, selector: &str) -> Element {
    find(root, selector).unwrap_or_else(|| panic!("no {selector}"))
}

fn click(root: &Element, selector: &str) {
    get(root, selector).unchecked_into::<HtmlElement>().click();
}

fn type_text(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = get(root, selector).unchecked_into();
    input.set_value(text);
    let ev = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn blur(root: &Element, selector: &str) {
    let ev = web_sys::FocusEvent::new("blur").unwrap();
    get(root, selector).dispatch_event(&ev).unwrap();
}

fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    find(root, selector).and_then(|e| e.get_attribute(name))
}

const OKTA_SWITCH: &str = "#rds-source-okta-upload";

#[wasm_bindgen_test]
async fn switches_are_aria_switches_and_blocked_ones_say_why() {
    let root = mount(list(&["email-sensor"], true));
    until("the cards render", || find(&root, OKTA_SWITCH).is_some()).await;
    assert_eq!(attr(&root, "#rds-source-email-sensor-upload", "role").as_deref(), Some("switch"));
    assert_eq!(attr(&root, "#rds-source-email-sensor-upload", "aria-checked").as_deref(), Some("true"));
    assert_eq!(attr(&root, OKTA_SWITCH, "aria-checked").as_deref(), Some("false"));
    assert_eq!(attr(&root, OKTA_SWITCH, "aria-disabled").as_deref(), Some("true"));
    let reason = attr(&root, OKTA_SWITCH, "aria-describedby").unwrap();
    let text = get(&root, &format!("#{reason}")).text_content().unwrap();
    assert!(text.contains("3 prerequisites are not met"), "{text}");
    assert_eq!(root.query_selector_all("li.rds-source").unwrap().length(), 11);
    // Server text renders as text, never as markup.
    assert!(root.inner_html().contains("&lt;b&gt;inert&lt;/b&gt;"));
}

#[wasm_bindgen_test]
async fn a_blocked_switch_reveals_each_field_error() {
    let root = mount(list(&[], true));
    until("the cards render", || find(&root, OKTA_SWITCH).is_some()).await;
    assert!(find(&root, "#rds-okta-settings-domain").is_none(), "details start closed");
    click(&root, OKTA_SWITCH);
    until("the domain field shows its error", || {
        attr(&root, "#rds-okta-settings-domain", "aria-invalid").as_deref() == Some("true")
    })
    .await;
    let described = attr(&root, "#rds-okta-settings-domain", "aria-describedby").unwrap();
    assert!(described.contains("rds-okta-settings-domain-message"));
    let msg = get(&root, "#rds-okta-settings-domain-message").text_content().unwrap();
    assert!(msg.contains("The Okta URL domain is missing"), "{msg}");
    assert_eq!(attr(&root, "#rds-okta-secrets-apiToken", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(attr(&root, "#rds-okta-settings-adminRole", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(attr(&root, OKTA_SWITCH, "aria-checked").as_deref(), Some("false"));
    let status = get(&root, ".rds-announcer").text_content().unwrap();
    assert!(status.contains("Okta cannot be turned on yet"));
}

#[wasm_bindgen_test]
async fn a_bad_domain_is_flagged_after_leaving_the_field_and_cleared_when_fixed() {
    let root = mount(list(&[], true));
    until("the cards render", || find(&root, OKTA_SWITCH).is_some()).await;
    click(&root, "button[aria-controls='rds-source-okta-body']");
    until("Okta opens", || find(&root, "#rds-okta-settings-domain").is_some()).await;
    type_text(&root, "#rds-okta-settings-domain", "http://acme.okta.com");
    yew::platform::time::sleep(Duration::from_millis(20)).await;
    assert!(find(&root, "#rds-okta-settings-domain-message").is_none(), "silent until touched");
    blur(&root, "#rds-okta-settings-domain");
    until("the scheme is refused", || {
        find(&root, "#rds-okta-settings-domain-message").is_some_and(|e| e.text_content().unwrap().contains("http://"))
    })
    .await;
    type_text(&root, "#rds-okta-settings-domain", "acme.okta.com");
    until("the error goes", || attr(&root, "#rds-okta-settings-domain", "aria-invalid").as_deref() == Some("false")).await;
    let checklist = get(&root, "#rds-source-okta-body .rds-checklist").text_content().unwrap();
    assert!(checklist.contains("Met: Okta URL domain"), "{checklist}");
    assert!(checklist.contains("Not met: Okta API token"));
}

#[wasm_bindgen_test]
async fn a_configured_secret_offers_replace_and_clear_and_never_shows_its_value() {
    let root = mount(list(&[], true));
    let splunk = "button[aria-controls='rds-source-splunk-body']";
    until("the cards render", || find(&root, splunk).is_some()).await;
    click(&root, splunk);
    until("Splunk opens", || find(&root, "#rds-splunk-secrets-apiToken").is_some()).await;
    assert_eq!(get(&root, "#rds-splunk-secrets-apiToken").text_content().unwrap(), "Configured");
    click(&root, "button[aria-label='Replace the Splunk API token']");
    until("a password input appears", || {
        attr(&root, "input#rds-splunk-secrets-apiToken", "type").as_deref() == Some("password")
    })
    .await;
    assert_eq!(attr(&root, "#rds-splunk-secrets-apiToken", "spellcheck").as_deref(), Some("false"));
    type_text(&root, "#rds-splunk-secrets-apiToken", "new-token");
    click(&root, "button[aria-label='Show the Splunk API token']");
    until("reveal shows the text", || attr(&root, "input#rds-splunk-secrets-apiToken", "type").as_deref() == Some("text")).await;
    assert_eq!(attr(&root, "button[aria-label='Show the Splunk API token']", "aria-pressed").as_deref(), Some("true"));
    click(&root, "button[aria-label='Keep the stored Splunk API token']");
    until("back to configured", || get(&root, "#rds-splunk-secrets-apiToken").text_content().unwrap() == "Configured").await;
    click(&root, "button[aria-label='Clear the Splunk API token']");
    until("clearing is pending", || root.text_content().unwrap().contains("Will be cleared when you save.")).await;
}

#[wasm_bindgen_test]
async fn a_failed_save_shows_retry_at_the_source_and_keeps_the_draft() {
    let root = mount(list(&[], true));
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let listener = {
        let events = events.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let d = e.detail();
            let get = |k: &str| js_sys::Reflect::get(&d, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            events.borrow_mut().push(format!("{}:{}:{}", e.type_(), get("id"), get("message")));
        })
    };
    root.add_event_listener_with_callback("error", listener.as_ref().unchecked_ref()).unwrap();
    let okta = "button[aria-controls='rds-source-okta-body']";
    until("the cards render", || find(&root, okta).is_some()).await;
    click(&root, okta);
    until("Okta opens", || find(&root, "#rds-okta-settings-domain").is_some()).await;
    type_text(&root, "#rds-okta-settings-domain", "acme.okta.com");
    let save = "#rds-source-okta-body .rds-source__actions button";
    until("Save is enabled", || attr(&root, save, "disabled").is_none()).await;
    assert!(get(&root, save).text_content().unwrap() == "Save Okta settings");
    click(&root, save);
    until("the failure shows at the source", || {
        find(&root, "#rds-source-okta .rds-error").is_some_and(|e| e.text_content().unwrap().contains("could not be reached"))
    })
    .await;
    assert_eq!(attr(&root, "#rds-source-okta .rds-error", "role").as_deref(), Some("alert"));
    assert!(find(&root, "#rds-source-okta .rds-error button").unwrap().text_content().unwrap() == "Retry");
    let value = get(&root, "#rds-okta-settings-domain").unchecked_into::<HtmlInputElement>().value();
    assert_eq!(value, "acme.okta.com");
    assert!(!root.text_content().unwrap().contains("Okta saved."), "no success is shown for a failed save");
    let seen = events.borrow().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].starts_with("error:okta:The server could not be reached"), "{seen:?}");
}

#[wasm_bindgen_test]
async fn read_only_consoles_disable_every_control() {
    let root = mount(list(&[], false));
    until("the notice shows", || find(&root, "#rds-readonly").is_some()).await;
    for sw in root.query_selector_all("[role=switch]").unwrap().values() {
        let el: Element = sw.unwrap().unchecked_into();
        assert_eq!(el.get_attribute("aria-disabled").as_deref(), Some("true"));
    }
    click(&root, "button[aria-controls='rds-source-okta-body']");
    until("Okta opens", || find(&root, "#rds-okta-settings-domain").is_some()).await;
    assert!(get(&root, "#rds-okta-settings-domain").unchecked_into::<HtmlInputElement>().disabled());
    assert!(find(&root, "#rds-source-okta-body .rds-source__actions").is_none());
}

#[wasm_bindgen_test]
async fn qualys_on_changes_the_vulnerability_source_header() {
    let root = mount(list(&[], true));
    until("the header renders", || find(&root, ".rds-vuln__value").is_some()).await;
    assert_eq!(get(&root, ".rds-vuln__value").text_content().unwrap(), "Endpoint Sensor (Qualys not configured)");
    let root = mount(list(&["qualys"], true));
    until("the header renders", || find(&root, ".rds-vuln__value").is_some()).await;
    assert_eq!(get(&root, ".rds-vuln__value").text_content().unwrap(), "Qualys");
    assert!(get(&root, ".rds-vuln").text_content().unwrap().contains("only provides CVE detection data"));
}

#[wasm_bindgen_test]
async fn turning_off_azure_ad_asks_first_and_names_office_365() {
    let root = mount(list(&["azure-ad", "office-365"], true));
    until("the cards render", || find(&root, "#rds-source-azure-ad-upload").is_some()).await;
    click(&root, "#rds-source-azure-ad-upload");
    until("the dialog opens", || find(&root, "dialog[open]").is_some()).await;
    let text = get(&root, "dialog").text_content().unwrap();
    assert!(text.contains("Office 365 needs Azure AD data upload and will be turned off too."), "{text}");
    assert!(text.contains("Operations Dashboard and Zero Trust Secure Access"));
    click(&root, "dialog .rds-button--secondary");
    until("the dialog closes", || find(&root, "dialog[open]").is_none()).await;
    assert_eq!(attr(&root, "#rds-source-azure-ad-upload", "aria-checked").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn factors_count_the_sources_that_are_on() {
    let root = mount(list(&["azure-ad", "okta"], true));
    until("factors render", || find(&root, "#rds-factor-anomaly-detection").is_some()).await;
    let factor = get(&root, "li[aria-labelledby='rds-factor-anomaly-detection']").text_content().unwrap();
    assert!(factor.contains("2 of 3 data sources on"), "{factor}");
    click(&root, "button[aria-label='Configure data source for Anomaly detection']");
    until("its sources are highlighted", || root.query_selector_all(".rds-source--highlight").unwrap().length() == 3).await;
}

#[wasm_bindgen_test]
async fn a_long_list_names_twelve_sources_a_factor_and_renders_only_the_cards_in_view() {
    let short = mount(list(&[], true));
    until("the short list renders", || find(&short, ".rds-sources__list").is_some()).await;
    assert!(find(&short, ".rds-sources--long").is_none(), "eleven cards all render");
    let items = short.query_selector_all(".rds-factor__sources li").unwrap();
    for i in 0..items.length() {
        let t = items.item(i).unwrap().text_content().unwrap();
        assert!(!t.starts_with("and "), "eleven sources are all named: {t}");
    }

    // Sixty sources: copies of the catalog's, each under its own id and name.
    let originals = catalog().into_definitions();
    let mut definitions = originals.clone();
    for i in 0..49 {
        let mut d = originals[i % originals.len()].clone();
        d.id = format!("{}-{i}", d.id);
        d.name = serde_json::from_value(serde_json::json!({"en": format!("Copy {i}")})).unwrap();
        d.order = 1000 + i as i32;
        d.provides.clear();
        definitions.push(d);
    }
    let catalog = rds_domain::Catalog::trusted(definitions.clone());
    let fed = rds_domain::factors::feeds(rds_domain::definition::Factor::AccountCompromise, &catalog, &SourceList::unconfigured(&catalog, World::new(Region::Eu))).len();
    assert!(fed > 12, "the copies feed the factor too: {fed}");
    let long = mount_with(SourceList::unconfigured(&catalog, World::new(Region::Eu)), Some(Rc::new(definitions)));
    until("the long list renders", || find(&long, ".rds-sources--long").is_some()).await;
    let names = long.query_selector_all("#rds-factor-account-compromise ~ .rds-factor__sources li").unwrap();
    assert_eq!(names.length(), 13, "twelve names and the rest counted");
    let last = names.item(12).unwrap().text_content().unwrap();
    assert_eq!(last, format!("and {} more", fed - 12));
    let factor = get(&long, "li[aria-labelledby='rds-factor-account-compromise']").text_content().unwrap();
    assert!(factor.contains(&format!("0 of {fed} data sources on")), "the count covers them all: {factor}");
    // Fifty cards are built; the rest come a page at a time.
    assert_eq!(long.query_selector_all("li.rds-source").unwrap().length(), 50);
    let more = get(&long, ".rds-more button");
    assert_eq!(more.text_content().unwrap(), "Show 10 more (10 not listed yet)");
    more.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    until("the rest is listed", || long.query_selector_all("li.rds-source").unwrap().length() == 60).await;
    assert!(find(&long, ".rds-more").is_none(), "nothing more to list");
}

/// Counting and dates use the browser's `Intl`, so they are checked here, in the browser.
#[wasm_bindgen_test]
fn counts_and_times_follow_the_readers_language() {
    let en = words();
    let fr = rds_panel::words::Words::new("fr", en.bundle.clone());
    let refused = |n: usize| format!("The server refused the change: {n}");
    // English counts 0 as "other", French as "one"; asking in turn checks the cached rules
    // follow the language.
    for _ in 0..2 {
        assert_eq!(en.n("error.invalid", 0, &[]), format!("{} fields need attention.", refused(0)));
        assert_eq!(fr.n("error.invalid", 0, &[]), format!("{} field needs attention.", refused(0)));
    }
    assert_eq!(en.n("error.invalid", 1, &[]), format!("{} field needs attention.", refused(1)));
    let shown = en.date_time("2026-11-28T12:00:00Z");
    assert!(shown.contains("2026") && shown.contains("11/2") && shown != "2026-11-28T12:00:00Z", "{shown}");
    assert_eq!(en.date_time("2001"), "unknown", "the browser would read 2001 as a date; it is not an RFC 3339 time");

    // Relative times, in each reader's words: three hours before now.
    let three_hours_ago = String::from(js_sys::Date::new(&(js_sys::Date::now() - 3.0 * 3_600_000.0).into()).to_iso_string());
    let shown = en.date_time_ago(&three_hours_ago);
    assert!(shown.starts_with(&en.date_time(&three_hours_ago)) && shown.ends_with(" (3 hours ago)"), "{shown}");
    let ja = japanese();
    let shown = ja.date_time_ago(&three_hours_ago);
    assert!(shown.ends_with("（3 時間前）"), "{shown}");
    // Japanese has one plural form.
    assert_eq!(ja.n("error.invalid", 1, &[]), ja.n("error.invalid", 2, &[]).replace('2', "1"));
}

/// A time that is not RFC 3339 reads "unknown", and the console is told what came.
#[wasm_bindgen_test]
fn a_time_that_is_not_rfc_3339_is_reported() {
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let warn = js_sys::Reflect::get(&console, &"warn".into()).unwrap();
    let seen = js_sys::Array::new();
    let record = {
        let seen = seen.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(wasm_bindgen::JsValue, wasm_bindgen::JsValue)>::new(move |a, b| {
            seen.push(&a);
            seen.push(&b);
        })
    };
    js_sys::Reflect::set(&console, &"warn".into(), record.as_ref()).unwrap();
    let shown = (words().date_time("2001"), words().date_time("2026-11-28T03:55:16Z"));
    js_sys::Reflect::set(&console, &"warn".into(), &warn).unwrap();
    assert_eq!(shown.0, "unknown");
    assert_ne!(shown.1, "unknown");
    assert_eq!(seen.length(), 2, "one warning, for the one that is not a time");
    assert_eq!(seen.get(1).as_string().as_deref(), Some("2001"), "the warning quotes what came");
}

/// The repository's Japanese words.
fn japanese() -> rds_panel::words::Words {
    let bundle = serde_json::from_str(include_str!("../locales/ja.json")).unwrap();
    rds_panel::words::Words::new("ja", bundle)
}

#[wasm_bindgen_test]
async fn cards_say_who_changed_a_source_and_when_in_the_readers_locale() {
    const WHEN: &str = "2026-11-28T03:55:16Z";
    let mut l = list(&[], true);
    for s in l.sources.iter_mut() {
        match s.id.as_str() {
            "okta" => {
                s.updated_by = "alice@example.com".into();
                s.updated_at = WHEN.into();
                s.version = 2;
            }
            "splunk" => s.last_data_received_at = Some(WHEN.into()),
            // What a broken backend might send: a date to the browser's lenient parser.
            "email-sensor" => s.last_data_received_at = Some("2001".into()),
            "qualys" => s.updated_by = "system".into(),
            _ => {}
        }
    }
    let root = mount(l);
    until("the cards render", || find(&root, "#rds-source-splunk").is_some()).await;
    let local = String::from(js_sys::Date::new(&WHEN.into()).to_locale_string("en", &wasm_bindgen::JsValue::UNDEFINED));
    assert_ne!(local, WHEN);

    let last = get(&root, "#rds-source-splunk .rds-source__last time").text_content().unwrap();
    assert!(last.starts_with(&format!("{local} (")) && last.ends_with(" ago)"), "the time and how long ago: {last}");
    assert_eq!(attr(&root, "#rds-source-splunk .rds-source__last time", "datetime").as_deref(), Some(WHEN));
    assert_eq!(get(&root, "#rds-source-email-sensor .rds-source__last").text_content().unwrap(), "Last data received: unknown");
    assert!(find(&root, "#rds-source-email-sensor .rds-source__last time").is_none(), "no datetime for what is not a time");

    let changed = get(&root, "#rds-source-okta .rds-source__changed").text_content().unwrap();
    assert_eq!(changed, format!("Last changed by alice@example.com, {local}"));
    assert!(find(&root, "#rds-source-splunk .rds-source__changed").is_none(), "nobody named, nothing said");
    assert!(find(&root, "#rds-source-qualys .rds-source__changed").is_none(), "as the console made it, nothing said");
}
