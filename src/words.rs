//! The panel's words in the active language (`locales/<lang>.json`), with plurals chosen by
//! the browser's `Intl.PluralRules`, and dates and relative times formatted by `Intl` too, so
//! no locale data is compiled into the page.

use rds_domain::Bundle;

/// One language's words. `Eq`, so an `Rc<Words>` compares by pointer first: views that hold
/// them re-render when the language changes, cheaply otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    pub locale: String,
    pub bundle: Bundle,
}

impl Words {
    pub fn new(locale: &str, bundle: Bundle) -> Words {
        Words { locale: locale.to_string(), bundle }
    }

    /// The text of `key`.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.bundle.get(key)
    }

    /// The text of `key`, as a `String` to show. Not inlined, nor is `node`: words are
    /// shown in many places, and the lookup and copy at each would make the page larger.
    #[inline(never)]
    pub fn s(&self, key: &str) -> String {
        self.t(key).to_string()
    }

    /// The text of `key` as a text node.
    #[inline(never)]
    pub fn node(&self, key: &str) -> yew::Html {
        crate::components::text(self.s(key))
    }

    /// A connection state's label ("Connected").
    #[inline(never)]
    pub fn state(&self, state: rds_domain::api::ConnectionState) -> String {
        self.s(&format!("state.{}", state.key()))
    }

    /// Two sentences, such as a problem and what to do about it, side by side: a space
    /// after a Latin full stop, none after a full-width 。, which holds its own.
    pub fn sentences(&self, first: &str, second: &str) -> String {
        let gap = if first.ends_with(['。', '！', '？', '）']) { "" } else { " " };
        [first, gap, second].concat()
    }

    /// The text of `key` with `args` filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.bundle.format(key, args)
    }

    /// The plural form of `key` for `n` (`{count}`), as the language counts.
    pub fn n(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        self.bundle.plural(key, &plural_category(&self.locale, n), n, args)
    }

    /// An RFC 3339 time as the reader's locale writes a date and time, in their time zone.
    /// Anything else reads "unknown", and the console says what came: the browser's own
    /// parser would make a date of almost anything ("2001").
    pub fn date_time(&self, iso: &str) -> String {
        if rds_domain::time::is_rfc3339(iso) {
            return local_date_time(&self.locale, iso);
        }
        not_a_time(iso);
        self.s("time.unknown")
    }

    /// [`Self::date_time`] and how long ago that was, in the reader's words: "3 hours ago".
    pub fn date_time_ago(&self, iso: &str) -> String {
        if !rds_domain::time::is_rfc3339(iso) {
            return self.date_time(iso);
        }
        self.f("time.ago", &[("time", &local_date_time(&self.locale, iso)), ("ago", &time_ago(&self.locale, iso))])
    }
}

/// How to read a time `seconds` from now (negative: past) with `Intl.RelativeTimeFormat`:
/// in the largest unit that fits, counted in whole units toward zero, so that 90 minutes
/// ago is "1 hour ago" and never "2 hours ago".
pub fn relative_unit(seconds: f64) -> (f64, &'static str) {
    const UNITS: [(f64, &str); 5] = [(31_536_000.0, "year"), (2_592_000.0, "month"), (86_400.0, "day"), (3_600.0, "hour"), (60.0, "minute")];
    let (size, unit) = UNITS.into_iter().find(|(size, _)| seconds.abs() >= *size).unwrap_or((1.0, "second"));
    ((seconds / size).trunc(), unit)
}

#[cfg(target_arch = "wasm32")]
fn plural_category(locale: &str, n: usize) -> String {
    // One `Intl.PluralRules` per language, made once: a panel of many sources counts a lot.
    thread_local! {
        static RULES: std::cell::RefCell<Option<(String, js_sys::Intl::PluralRules)>> = const { std::cell::RefCell::new(None) };
    }
    RULES.with_borrow_mut(|cached| {
        if cached.as_ref().is_none_or(|(l, _)| l != locale) {
            let locales = js_sys::Array::of1(&locale.into());
            *cached = Some((locale.to_string(), js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())));
        }
        let (_, rules) = cached.as_ref().expect("just made");
        rules.select(n as f64).into()
    })
}

/// Outside the browser (the native tests) there is no `Intl`: English's rule.
#[cfg(not(target_arch = "wasm32"))]
fn plural_category(_: &str, n: usize) -> String {
    rds_domain::text::english_plural(n).to_string()
}

#[cfg(target_arch = "wasm32")]
fn local_date_time(locale: &str, iso: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    String::from(d.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED))
}

#[cfg(not(target_arch = "wasm32"))]
fn local_date_time(_: &str, iso: &str) -> String {
    iso.to_string()
}

/// `iso`, an RFC 3339 time, relative to now.
#[cfg(target_arch = "wasm32")]
fn time_ago(locale: &str, iso: &str) -> String {
    let (n, unit) = relative_unit((js_sys::Date::parse(iso) - js_sys::Date::now()) / 1000.0);
    let format = js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::of1(&locale.into()), &js_sys::Object::new());
    format.format(n, unit).into()
}

/// Outside the browser (the native tests) there is no `Intl`: the count and unit.
#[cfg(not(target_arch = "wasm32"))]
fn time_ago(_: &str, iso: &str) -> String {
    format!("{iso} relative")
}

#[cfg(target_arch = "wasm32")]
fn not_a_time(value: &str) {
    web_sys::console::warn_2(&"Not an RFC 3339 time, shown as unknown:".into(), &value.into());
}

#[cfg(not(target_arch = "wasm32"))]
fn not_a_time(_: &str) {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// String literals in the panel's code, and in the server's connection checks, that look
    /// like word keys (`source.hideFor`).
    fn keys_in_code() -> Vec<String> {
        fn walk(dir: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    // The tests' own strings (hosts, say) are not the panel's words.
                    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
                    for lit in code.split('"').skip(1).step_by(2) {
                        let word = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
                        let looks = lit.contains('.')
                            && lit.chars().all(word)
                            && lit.starts_with(|c: char| c.is_ascii_lowercase())
                            && !lit.ends_with(".json")
                            && !lit.starts_with("rds-")
                            && !lit.ends_with('.');
                        if looks {
                            out.push(lit.to_string());
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut out);
        // The connection check's messages are written by the server, in the reader's language.
        walk(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/server/src/check")), &mut out);
        // And the domain's, which names connections the same way for both.
        walk(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/domain/src")), &mut out);
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn every_word_the_code_asks_for_exists_and_every_word_is_used() {
        let words = crate::test_words();
        let bundle = &words.bundle.0;
        let used = keys_in_code();
        assert!(used.len() > 50, "the scan finds the keys: {used:?}");
        for key in &used {
            let plural = bundle.contains_key(&format!("{key}.other"));
            assert!(bundle.contains_key(key.as_str()) || plural, "locales/en.json has no {key}");
        }
        // Keys built from a closed set in code: a state, a factor, a capability, a region,
        // a problem code (the domain's property tests ask for those), a value type; and the
        // status details the server writes in the reader's language.
        let dynamic = ["state.", "factor.", "capability.", "region.", "problem.", "type.", "status."];
        for key in bundle.keys() {
            let base = key.strip_suffix(".one").or_else(|| key.strip_suffix(".other")).unwrap_or(key);
            assert!(
                used.iter().any(|u| u == base) || dynamic.iter().any(|d| key.starts_with(d)),
                "locales/en.json has {key}, which nothing uses"
            );
            assert!(!bundle[key].trim().is_empty(), "{key} is empty");
        }
        for s in rds_domain::api::ConnectionState::ALL {
            assert!(bundle.contains_key(&format!("state.{}", s.key())), "{s:?}");
        }
        let w = crate::test_words();
        assert_eq!(w.state(rds_domain::api::ConnectionState::Connected), "Connected");
        assert_eq!(w.state(rds_domain::api::ConnectionState::Pending), "Pending");
        for f in rds_domain::definition::Factor::ALL {
            assert!(bundle.contains_key(&format!("factor.{}", f.key())), "{f:?}");
        }
        for c in rds_domain::definition::Capability::ALL {
            assert!(bundle.contains_key(&format!("capability.{}", c.key())), "{c:?}");
        }
        for r in rds_domain::Region::ALL {
            assert!(bundle.contains_key(&format!("region.{}", r.code())), "{r:?}");
        }
        for key in bundle.keys().filter(|k| k.starts_with("problem.") && !k.ends_with(".fix")) {
            assert!(bundle.contains_key(&format!("{key}.fix")), "{key} has no .fix");
        }
    }

    /// The `{name}` placeholders of a text.
    fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
    }

    fn json(path: &Path) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every language's file beside `locales/en.json`, by language.
    fn bundles() -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/locales"));
        let mut out: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_stem().unwrap().to_str().unwrap().to_string(), json(&p).as_object().unwrap().clone()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// What differs between `en`, the English of a text at `at`, and `other`, its text in
    /// `lang`: missing, empty, or other placeholders.
    fn mismatch(at: &str, lang: &str, en: &str, other: Option<&str>) -> Option<String> {
        match other {
            None => Some(format!("{at}: no {lang}")),
            Some(t) if t.trim().is_empty() => Some(format!("{at}: {lang} is empty")),
            Some(t) if placeholders(t) != placeholders(en) => {
                Some(format!("{at}: {lang} has {:?}, en has {:?}", placeholders(t), placeholders(en)))
            }
            Some(_) => None,
        }
    }

    /// Walks a definition: every text (an object with `en`) must have each language.
    fn catalog_mismatches(v: &serde_json::Value, at: &str, langs: &[String], out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(en) = o.get("en").and_then(|e| e.as_str()) {
                    out.extend(langs.iter().filter_map(|l| mismatch(at, l, en, o.get(l).and_then(|t| t.as_str()))));
                    return;
                }
                for (k, x) in o {
                    catalog_mismatches(x, &format!("{at}/{k}"), langs, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    catalog_mismatches(x, &format!("{at}/{i}"), langs, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_language_has_every_word_and_every_definition_text_with_the_same_placeholders() {
        let bundles = bundles();
        let langs: Vec<String> = bundles.iter().map(|(l, _)| l.clone()).filter(|l| l != "en").collect();
        assert!(langs.contains(&"ja".to_string()), "{langs:?}");
        let en = &bundles.iter().find(|(l, _)| l == "en").unwrap().1;
        let mut problems = Vec::new();
        for (lang, words) in &bundles {
            for key in words.keys().filter(|k| !en.contains_key(*k)) {
                problems.push(format!("locales/{lang}.json has {key}, which English has not"));
            }
            for (key, text) in en {
                let other = words.get(key).and_then(|t| t.as_str());
                problems.extend(mismatch(&format!("locales/{lang}.json {key}"), lang, text.as_str().unwrap(), other));
            }
        }
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog"));
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.retain(|p| p.file_name().is_some_and(|n| n != "schema.json"));
        assert_eq!(files.len(), 11);
        for p in files {
            catalog_mismatches(&json(&p), p.file_name().unwrap().to_str().unwrap(), &langs, &mut problems);
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_check_of_every_language_sees_what_is_missing() {
        let langs = ["ja".to_string()];
        let mut problems = Vec::new();
        let def = serde_json::json!({"name": {"en": "Okta"}, "steps": [{"text": {"en": "Enter {label}.", "ja": "入力してください。"}}],
            "notes": [{"text": {"en": "x", "ja": " "}}]});
        catalog_mismatches(&def, "d", &langs, &mut problems);
        assert_eq!(
            problems,
            [
                "d/name: no ja",
                "d/notes/0/text: ja is empty",
                "d/steps/0/text: ja has {}, en has {\"label\"}",
            ]
        );
        assert_eq!(mismatch("k", "ja", "{a} {b}", Some("{b}と{a}")), None, "order may differ");
    }

    #[test]
    fn a_built_page_completes_each_language_from_english_and_leaves_the_servers_words_out() {
        let dir = std::env::temp_dir().join(format!("rds-locales-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("en.json"), r#"{"a": "A", "b": "B", "c": "C {n}", "status.uploadOn": "On.", "check.timeout": "Late."}"#).unwrap();
        std::fs::write(dir.join("ja.json"), r#"{"a": "ア", "b": " ", "check.timeout": "遅い。"}"#).unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/complete-locales.mjs");
        let status = std::process::Command::new("node").arg(script).arg(&dir).status().expect("node runs the build's scripts");
        assert!(status.success());
        let ja = json(&dir.join("ja.json"));
        assert_eq!(ja, serde_json::json!({"a": "ア", "b": "B", "c": "C {n}"}), "missing and empty words read in English");
        assert_eq!(json(&dir.join("en.json")), serde_json::json!({"a": "A", "b": "B", "c": "C {n}"}), "English as it was, less what the server alone writes");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn sentences_are_set_side_by_side_as_their_language_does() {
        let w = crate::test_words();
        assert_eq!(w.sentences("It is missing.", "Enter it."), "It is missing. Enter it.");
        assert_eq!(w.sentences("入力されていません。", "入力してください。"), "入力されていません。入力してください。");
        assert_eq!(w.sentences("（例）", "x"), "（例）x");
    }

    #[test]
    fn relative_times_use_the_largest_unit_that_fits() {
        assert_eq!(relative_unit(-30.0), (-30.0, "second"));
        assert_eq!(relative_unit(-59.9), (-59.0, "second"));
        assert_eq!(relative_unit(-60.0), (-1.0, "minute"));
        assert_eq!(relative_unit(-5_400.0), (-1.0, "hour"), "90 minutes ago is an hour ago, not two");
        assert_eq!(relative_unit(-3.0 * 3_600.0), (-3.0, "hour"));
        assert_eq!(relative_unit(-86_400.0 * 2.5), (-2.0, "day"));
        assert_eq!(relative_unit(-86_400.0 * 45.0), (-1.0, "month"));
        assert_eq!(relative_unit(-86_400.0 * 800.0), (-2.0, "year"));
        assert_eq!(relative_unit(120.0), (2.0, "minute"), "a clock ahead of the server's");
    }

    #[test]
    fn a_time_that_is_not_rfc_3339_reads_unknown() {
        let w = crate::test_words();
        assert_eq!(w.date_time("2001"), "unknown");
        assert_eq!(w.date_time_ago("2001"), "unknown");
        assert_eq!(w.date_time("2026-11-28T03:55:16Z"), "2026-11-28T03:55:16Z", "natively, the time as it came");
        assert_eq!(w.date_time_ago("2026-11-28T03:55:16Z"), "2026-11-28T03:55:16Z (2026-11-28T03:55:16Z relative)");
    }

    #[test]
    fn words_look_up_format_and_count() {
        let bundle: Bundle = serde_json::from_value(serde_json::json!({
            "saved": "{name} saved.", "n.one": "{count} source", "n.other": "{count} sources"
        }))
        .unwrap();
        let w = Words::new("en", bundle);
        assert_eq!(w.t("saved"), "{name} saved.");
        assert_eq!(w.f("saved", &[("name", "Okta")]), "Okta saved.");
        assert_eq!(w.n("n", 1, &[]), "1 source");
        assert_eq!(w.n("n", 2, &[]), "2 sources");
        assert_eq!(w.s("saved"), "{name} saved.");
        assert_eq!(w.node("saved"), yew::Html::from("{name} saved.".to_string()), "the same text as a text node");
    }
}
