//! The panel in Japanese: chosen by `config.json` on the standalone page and by the custom
//! element's `locale` attribute at run time, with every word, date and count in Japanese.
//! The expected texts are read from `locales/ja.json` and the catalog, so these tests check
//! that the panel shows the Japanese it has, and nothing else.

use std::collections::BTreeSet;

use fantoccini::Locator;
use rds_e2e::{workspace, Layout, Session, OKTA_TOKEN};
use serde_json::{json, Value};

use super::new_user::NARROW_PROBLEMS;


/// One language's words, as the panel fills them in.
struct Words(serde_json::Map<String, Value>);

impl Words {
    fn of(lang: &str) -> Words {
        let text = std::fs::read_to_string(workspace().join(format!("locales/{lang}.json"))).unwrap();
        Words(serde_json::from_str(&text).unwrap())
    }

    fn t(&self, key: &str) -> String {
        self.0[key].as_str().unwrap_or_else(|| panic!("no {key}")).to_string()
    }

    fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.t(key), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }
}

/// A definition of the catalog, as JSON.
fn definition(id: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(workspace().join(format!("catalog/{id}.json"))).unwrap()).unwrap()
}

/// The Japanese label of a definition's field.
fn label(def: &Value, key: &str) -> String {
    let field = def["fields"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap();
    field["label"]["ja"].as_str().unwrap().to_string()
}

/// A server and browser at the standalone page, whose `config.json` asks for `locale`.
async fn standalone_in(tag: &str, locale: &str) -> Session {
    let s = Session::launch(tag, Layout::Root, None, |c| {
        c.world.facts.insert("internetAccessServiceEnabled".into(), true);
    })
    .await;
    let path = s.dir.join("site").join("config.json");
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    config["locale"] = json!(locale);
    std::fs::write(&path, config.to_string()).unwrap();
    s.browser.goto(&format!("{}/", s.base)).await.unwrap();
    shown(&s).await;
    s
}

/// Waits until the panel shows its sources, in Japanese.
async fn shown(s: &Session) {
    s.wait_for(Locator::XPath(&format!("//h2[normalize-space()='{}']", Words::of("ja").t("panel.sources")))).await;
}

async fn reload(s: &Session) {
    s.browser.refresh().await.unwrap();
    shown(s).await;
}

async fn switch(s: &Session, w: &Words, name: &str) -> fantoccini::elements::Element {
    s.wait_for(Locator::XPath(&format!("//button[@role='switch'][@aria-label='{}']", w.f("source.uploadFor", &[("name", name)]))))
        .await
}

async fn open_source(s: &Session, w: &Words, name: &str) {
    let open = w.f("source.configureFor", &[("name", name)]);
    let hide = w.f("source.hideFor", &[("name", name)]);
    let b = s.wait_for(Locator::XPath(&format!("//button[@aria-label='{open}' or @aria-label='{hide}']"))).await;
    if b.attr("aria-expanded").await.unwrap().as_deref() != Some("true") {
        b.click().await.unwrap();
    }
    s.wait_for(Locator::XPath(&format!("//button[@aria-label='{hide}']"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_okta_flow_runs_in_japanese_from_errors_to_on() {
    let ja = Words::of("ja");
    let okta = definition("okta");
    let (domain, token, role) = (label(&okta, "domain"), label(&okta, "apiToken"), label(&okta, "adminRole"));
    let s = standalone_in("ja-okta", "ja").await;

    switch(&s, &ja, "Okta").await.click().await.unwrap();
    s.wait_text(&ja.f("announce.blocked.other", &[("name", "Okta"), ("count", "3")])).await;
    let page = s.browser.execute("return [document.documentElement.lang, document.querySelector('.rds-panel').lang, document.title]", vec![]).await.unwrap();
    assert_eq!(page, json!(["ja", "ja", ja.t("panel.title")]), "the page, the panel and the title speak Japanese");
    assert!(s.is_invalid(&domain).await);
    let required = okta["fields"][0]["problems"]["required"]["message"]["ja"].as_str().unwrap();
    assert!(s.field_message(&domain).await.unwrap().contains(required));

    // A problem in the general words, and one the definition words itself.
    s.type_into(&domain, "http://acme.okta.com").await;
    s.leave(&domain).await;
    let insecure = ja.t("problem.insecure-scheme");
    s.until("the domain is refused in Japanese", || async { s.field_message(&domain).await.is_some_and(|m| m.contains(&insecure)) }).await;
    s.type_into(&domain, "acme-admin.okta.com").await;
    s.leave(&domain).await;
    let admin = okta["fields"][0]["problems"]["admin-host"]["message"]["ja"].as_str().unwrap().to_string();
    s.until("the -admin host is refused in Japanese", || async { s.field_message(&domain).await.is_some_and(|m| m.contains(&admin)) }).await;

    s.type_into(&domain, "acme.okta.com").await;
    s.until("the domain is accepted", || async { !s.is_invalid(&domain).await }).await;
    s.type_into(&token, OKTA_TOKEN).await;
    s.field(&role).await.select_by_label("Read-Only Admin").await.unwrap();
    s.wait_card_text("Okta", &ja.t("checklist.allMet")).await;
    switch(&s, &ja, "Okta").await.click().await.unwrap();
    s.wait_text(&ja.f("announce.saved", &[("name", "Okta")])).await;
    s.wait_card_text("Okta", &ja.t("secret.configured")).await;
    assert_eq!(switch(&s, &ja, "Okta").await.attr("aria-checked").await.unwrap().as_deref(), Some("true"));
    // The status the server wrote reads in Japanese too.
    s.wait_card_text("Okta", &ja.t("status.uploadOn")).await;
    assert_no_english(&s).await;

    reload(&s).await;
    assert_eq!(switch(&s, &ja, "Okta").await.attr("aria-checked").await.unwrap().as_deref(), Some("true"));
    open_source(&s, &ja, "Okta").await;
    s.wait_card_text("Okta", &ja.t("secret.configured")).await;
    assert_eq!(s.api_source("okta").await["settings"]["adminRole"], "readOnlyAdmin");
    s.finish().await;
}

/// The Latin words of `text`, once host names and addresses are taken out.
fn latin_words(text: &str) -> BTreeSet<String> {
    let address = |t: &&str| t.contains("://") || (t.contains('.') && !t.ends_with('.') && t.chars().any(|c| c.is_ascii_alphabetic()));
    text.split(|c: char| c.is_whitespace() || !c.is_ascii() || "、。（）「」：()[]<>,;\"'“”!?*×→".contains(c))
        .filter(|t| !address(t))
        .flat_map(|t| t.split(|c: char| !c.is_ascii_alphanumeric()).map(str::to_string).collect::<Vec<_>>())
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect()
}

/// Every Latin word the Japanese texts keep on purpose (product, role and platform names,
/// API terms), from the words and every definition.
fn kept_in_japanese() -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(o) => match o.get("ja").and_then(Value::as_str) {
                Some(ja) => out.extend(latin_words(ja)),
                None => o.values().for_each(|x| walk(x, out)),
            },
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for text in Words::of("ja").0.values() {
        out.extend(latin_words(text.as_str().unwrap()));
    }
    for entry in std::fs::read_dir(workspace().join("catalog")).unwrap() {
        let p = entry.unwrap().path();
        if p.file_name().is_some_and(|n| n != "schema.json") {
            walk(&serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap(), &mut out);
        }
    }
    out
}

/// What a reader meets: the text, and the names and hints that only assistive technology
/// and tooltips show.
const EVERYTHING_READ: &str = r#"
    const names = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
      .flatMap((e) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a)).filter(Boolean));
    const hidden = [...document.querySelectorAll('.rds-announcer, dialog')].map((e) => e.textContent);
    return [document.title, document.body.innerText, ...names, ...hidden].join('\n');
"#;

/// Every Latin word a reader meets must come from a Japanese text, where it was kept on
/// purpose.
async fn assert_no_english(s: &Session) {
    let read = s.browser.execute(EVERYTHING_READ, vec![]).await.unwrap();
    let kept = kept_in_japanese();
    let english: Vec<String> = latin_words(read.as_str().unwrap()).into_iter().filter(|w| !kept.contains(w)).collect();
    assert!(english.is_empty(), "English left on the Japanese page: {english:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_japanese_page_has_no_english_left_passes_axe_and_fits_320_px() {
    let ja = Words::of("ja");
    let s = standalone_in("ja-page", "ja").await;
    let names: Vec<String> =
        ["endpoint-sensor", "connected-endpoint-agent", "email-sensor", "network-sensor", "web-sensor", "mobile-sensor", "azure-ad", "okta", "office-365", "qualys", "splunk"]
            .iter()
            .map(|id| definition(id)["name"]["ja"].as_str().unwrap().to_string())
            .collect();
    for name in &names {
        open_source(&s, &ja, name).await;
    }
    s.field(&label(&definition("qualys"), "apiServer")).await.select_by_index(1).await.unwrap();
    switch(&s, &ja, "Okta").await.click().await.unwrap();
    s.wait_text(&ja.f("announce.blocked.other", &[("name", "Okta"), ("count", "3")])).await;

    // A consent flow under way: the statuses the server writes for it.
    switch(&s, &ja, "Azure AD").await.click().await.unwrap();
    s.wait_card_text("Azure AD", &ja.t("status.onscreenSteps")).await;
    s.click_button(&ja.f("consent.enableFor", &[("name", "Azure AD")])).await;
    s.wait_card_text("Azure AD", &ja.t("status.consentPending")).await;
    assert_no_english(&s).await;
    // The check sees English where there is some: the same page in English fails it.
    let en = Words::of("en");
    assert!(!latin_words(&en.t("panel.intro")).is_subset(&kept_in_japanese()));

    let violations = s.axe_violations().await;
    assert!(violations.is_empty(), "axe in Japanese:\n{}", violations.join("\n"));

    s.browser.set_window_size(1280, 1400).await.unwrap();
    s.browser.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    s.screenshot(&workspace().join("docs/screenshot-ja.png")).await;
    s.emulate_width(320).await;
    reload(&s).await;
    for name in ["Okta", "Qualys"] {
        open_source(&s, &ja, name).await;
    }
    s.field(&label(&definition("qualys"), "apiServer")).await.select_by_index(1).await.unwrap();
    let problems = s.browser.execute(NARROW_PROBLEMS, vec![]).await.unwrap();
    let wide = s.browser.execute(WIDEST, vec![]).await.unwrap();
    assert_eq!(problems, json!([]), "Japanese at 320 px; past the edge: {wide}");
    let card = s.card("Okta").await;
    s.browser.execute("arguments[0].scrollIntoView()", vec![serde_json::to_value(&card).unwrap()]).await.unwrap();
    s.screenshot(&workspace().join("docs/screenshot-ja-320.png")).await;
    s.finish().await;
}

/// The innermost elements that reach past the right edge, to say what to fix.
const WIDEST: &str = r#"
    return [...document.querySelectorAll('.rds-panel *')]
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > innerWidth + 1))
      .slice(0, 8).map((e) => e.tagName + '.' + e.className + ': ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 60));
"#;

/// Runs `script` (which ends by calling `done(value)`) and returns its value.
async fn eval(s: &Session, script: &str) -> Value {
    let body = format!("const done = arguments[arguments.length - 1]; {script}");
    s.browser.execute_async(&body, vec![]).await.unwrap()
}

/// Text and state of the embedded panel, read through its shadow root.
async fn embedded(s: &Session, expr: &str) -> Value {
    eval(s, &format!("const r = document.getElementById('panel')?.shadowRoot; done(r ? ({expr}) : null);")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_locale_attribute_switches_a_mounted_panel_and_keeps_its_drafts() {
    let (en, ja) = (Words::of("en"), Words::of("ja"));
    let s = Session::launch("ja-switch", Layout::Cdn, None, |_| {}).await;
    s.browser.goto(&format!("{}/console/embed.html", s.base)).await.unwrap();
    s.until("the embedded panel shows its sources", || async { embedded(&s, "r.querySelectorAll('li.rds-source').length").await == 11 }).await;
    let title = "r.querySelector('.rds-header__title').textContent";
    assert_eq!(embedded(&s, title).await, en.t("panel.title"));

    // A draft: a typed domain and a typed token, in an open card.
    embedded(&s, "(r.querySelector('#rds-source-okta .rds-source__toggle').click(), true)").await;
    // The domain is the first of Okta's fields.
    let domain = "r.querySelector('#rds-source-okta input.rds-field__input[type=\"text\"]')";
    s.until("Okta is open", || async { embedded(&s, &format!("!!{domain}")).await == true }).await;
    let host = s.wait_for(Locator::Id("panel")).await;
    let root = host.shadow_root().await.unwrap();
    let field = root.find(Locator::Css("#rds-source-okta input.rds-field__input[type='text']")).await.unwrap();
    field.send_keys("draft.okta.com").await.unwrap();
    let secret = root.find(Locator::Css("#rds-source-okta input[type='password']")).await.unwrap();
    secret.send_keys(OKTA_TOKEN).await.unwrap();
    field.click().await.unwrap();

    eval(&s, "document.getElementById('panel').setAttribute('locale', 'ja-JP'); done(true)").await;
    s.until("the panel speaks Japanese", || async { embedded(&s, title).await == ja.t("panel.title") }).await;
    assert_eq!(embedded(&s, "r.querySelector('.rds-panel').lang").await, "ja");
    let okta = definition("okta");
    let card = embedded(&s, "r.getElementById('rds-source-okta').innerText").await;
    assert!(card.as_str().unwrap().contains(&label(&okta, "domain")), "the catalog in Japanese too: {card}");
    assert_eq!(embedded(&s, &format!("{domain}.value")).await, "draft.okta.com", "the typed domain stays");
    assert_eq!(embedded(&s, "r.querySelector('#rds-source-okta input[type=\"password\"]').value").await, OKTA_TOKEN, "the typed token stays");
    assert_eq!(embedded(&s, "r.querySelectorAll('li.rds-source').length").await, 11);
    let unsaved = ja.t("source.unsaved");
    assert!(card.as_str().unwrap().contains(&unsaved), "still a draft: {card}");

    eval(&s, "document.getElementById('panel').setAttribute('locale', 'en'); done(true)").await;
    s.until("the panel speaks English again", || async { embedded(&s, title).await == en.t("panel.title") }).await;
    assert_eq!(embedded(&s, &format!("{domain}.value")).await, "draft.okta.com");
    // Only the active language's words were fetched, once each.
    let fetched = eval(&s, "done(performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/locales/')).map((n) => n.split('/').pop()))").await;
    assert_eq!(fetched, json!(["en.json", "ja.json", "en.json"]));
    s.finish().await;
}
