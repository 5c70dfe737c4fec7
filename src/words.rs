//! The panel's words in the active language (`locales/<lang>.json`), with plurals chosen by
//! the browser's `Intl.PluralRules` and dates formatted by `Intl` too, so no locale data is
//! compiled into the page.

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

    /// The text of `key` with `args` filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.bundle.format(key, args)
    }

    /// The plural form of `key` for `n` (`{count}`), as the language counts.
    pub fn n(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        self.bundle.plural(key, &plural_category(&self.locale, n), n, args)
    }

    /// An RFC 3339 time as the reader's locale writes a date and time, in their time zone.
    pub fn date_time(&self, iso: &str) -> String {
        local_date_time(&self.locale, iso)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// String literals in the panel's code that look like word keys (`source.hideFor`).
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
        // a problem code (the domain's property tests ask for those), a value type.
        let dynamic = ["state.", "factor.", "capability.", "region.", "problem.", "type."];
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
