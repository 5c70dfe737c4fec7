//! Words. A definition's text is a map from locale to text ([`Text`]); the panel's own words
//! are a flat bundle per language ([`Bundle`], `locales/<lang>.json`) with `{name}`
//! placeholders and plurals as `.one` / `.other` keys.

use serde::{Deserialize, Serialize};

use crate::small_map::SmallMap;

/// The language every text must have, and the one shown when another is missing.
pub const DEFAULT_LOCALE: &str = "en";

/// One text in several languages: `{"en": "…", "ja": "…"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Text(
    #[cfg_attr(feature = "schema", schemars(extend("minProperties" = 1, "propertyNames" = {"pattern": "^[a-z]{2}(-[A-Z]{2})?$"})))]
    pub SmallMap<String, String>,
);

impl Text {
    /// An English-only text.
    #[cfg(test)]
    pub fn en(text: &str) -> Text {
        Text([(DEFAULT_LOCALE.to_string(), text.to_string())].into_iter().collect())
    }

    /// The text in `locale`, else in English, else in any language it has.
    pub fn get(&self, locale: &str) -> &str {
        self.0
            .get(locale)
            .or_else(|| self.0.get(DEFAULT_LOCALE))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// Keeps only the text `get(locale)` would give, under `locale`.
    pub fn localize(&mut self, locale: &str) {
        let text = self.get(locale).to_string();
        self.0 = [(locale.to_string(), text)].into_iter().collect();
    }

    pub fn has(&self, locale: &str) -> bool {
        self.0.get(locale).is_some_and(|t| !t.trim().is_empty())
    }
}

/// Two sentences, such as a problem and what to do about it, side by side: a space between
/// them, except after a full-width end (Japanese sets sentences with none). An empty second
/// sentence adds nothing. The server's; the page keeps the panel's own (`Words::sentences`),
/// since this one in the wasm build measured 154 B more in the page, though unused there.
#[cfg(not(target_arch = "wasm32"))]
pub fn sentences(first: &str, second: &str) -> String {
    let gap = if second.is_empty() || first.ends_with(['。', '！', '？', '）']) { "" } else { " " };
    [first, gap, second].concat()
}

/// Replaces each `{name}` of `args` in `template`. Braces that name no argument stay as
/// they are, so a text may quote a placeholder people paste, such as `{yourOktaDomain}`.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| (close, *v))
        });
        match arg {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A language's words for the panel and the rules, by key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bundle(pub SmallMap<String, String>);

impl Bundle {
    /// The text of `key`; the key itself when the bundle lacks it, which tests rule out.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with `args` filled in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// The plural form of `key` for `category` (`one`, `other`… as `Intl.PluralRules` or
    /// [`english_plural`] names them), falling back to `other`; `{count}` is `n`.
    pub fn plural(&self, key: &str, category: &str, n: usize, args: &[(&str, &str)]) -> String {
        let template = [category, "other"]
            .iter()
            .find_map(|c| self.0.get(&format!("{key}.{c}")))
            .map_or("", String::as_str);
        let count = n.to_string();
        let mut all: Vec<(&str, &str)> = vec![("count", &count)];
        all.extend_from_slice(args);
        fill(template, &all)
    }
}

/// English's plural category of `n`, for the server, which has no `Intl.PluralRules`.
pub fn english_plural(n: usize) -> &'static str {
    if n == 1 {
        "one"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_spaced_as_their_language_spaces_them() {
        assert_eq!(sentences("It is missing.", "Enter it."), "It is missing. Enter it.");
        assert_eq!(sentences("入力されていません。", "入力してください。"), "入力されていません。入力してください。");
        for end in ["！", "？", "）"] {
            assert_eq!(sentences(&format!("a{end}"), "b"), format!("a{end}b"));
        }
        assert_eq!(sentences("It is missing.", ""), "It is missing.");
    }

    #[test]
    fn texts_fall_back_to_english_then_to_any() {
        let mut t: Text = serde_json::from_str(r#"{"ja": "オクタ", "en": "Okta"}"#).unwrap();
        assert_eq!(t.get("ja"), "オクタ");
        assert_eq!(t.get("fr"), "Okta");
        assert!(t.has("ja") && !t.has("fr"));
        let only_ja: Text = serde_json::from_str(r#"{"ja": "オクタ"}"#).unwrap();
        assert_eq!(only_ja.get("en"), "オクタ");
        assert_eq!(Text::default().get("en"), "");
        t.localize("fr");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"fr":"Okta"}"#);
        assert_eq!(serde_json::to_string(&Text::en("Okta")).unwrap(), r#"{"en":"Okta"}"#);
    }

    #[test]
    fn fill_replaces_named_arguments_only() {
        assert_eq!(fill("Copy {host}.", &[("host", "a.example")]), "Copy a.example.");
        assert_eq!(fill("Replace {yourOktaDomain} now", &[("host", "x")]), "Replace {yourOktaDomain} now");
        assert_eq!(fill("{a}{b}{a}", &[("a", "1"), ("b", "2")]), "121");
        assert_eq!(fill("open { never closed", &[("x", "y")]), "open { never closed");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn bundles_format_and_pick_plurals() {
        let b: Bundle = serde_json::from_str(
            r#"{"saved": "{name} saved.", "n.one": "{count} prerequisite of {name}", "n.other": "{count} prerequisites of {name}"}"#,
        )
        .unwrap();
        assert_eq!(b.format("saved", &[("name", "Okta")]), "Okta saved.");
        assert_eq!(b.plural("n", english_plural(1), 1, &[("name", "Okta")]), "1 prerequisite of Okta");
        assert_eq!(b.plural("n", english_plural(3), 3, &[("name", "Okta")]), "3 prerequisites of Okta");
        assert_eq!(b.plural("n", "few", 3, &[("name", "X")]), "3 prerequisites of X", "an unknown category reads .other");
        assert_eq!(b.get("missing"), "missing");
        assert_eq!(b.plural("missing", "one", 1, &[]), "");
        assert_eq!(english_plural(0), "other");
    }
}
