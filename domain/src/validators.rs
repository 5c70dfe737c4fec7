//! The closed set of checks a definition can ask of a typed value: length, one of, host,
//! token, pattern, and a platform's host or a private one. Pure functions over text; no
//! regular expressions (the page cannot afford a regex engine). `required` is the rule
//! engine's, since it looks at settings, flags and secrets alike.

use crate::definition::{Field, Validator, ValidatorKind};

/// What a check found wrong: a problem code and the values its words mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

fn finding(code: &'static str) -> Finding {
    Finding { code, args: Vec::new() }
}

impl Finding {
    fn with(mut self, name: &'static str, value: impl Into<String>) -> Finding {
        self.args.push((name, value.into()));
        self
    }
}

/// The longest host name DNS allows.
pub const MAX_HOST_LEN: usize = 253;

/// Checks `value` (not blank; `required` deals with blank values) against `v`.
pub fn check(v: &Validator, field: &Field, value: &str) -> Result<(), Finding> {
    match v.kind {
        ValidatorKind::Required | ValidatorKind::Token => Ok(()),
        ValidatorKind::Length => length(v, value),
        ValidatorKind::OneOf => {
            if v.values.iter().any(|x| x == value) {
                Ok(())
            } else {
                Err(finding("not-an-option").with("value", value))
            }
        }
        ValidatorKind::Host => {
            let host = host(v, value)?;
            if v.suffixes.is_empty() || v.suffixes.iter().any(|s| host.ends_with(s.as_str())) {
                Ok(())
            } else {
                Err(finding("suffix-not-allowed").with("suffixes", v.suffixes.join(", ")))
            }
        }
        ValidatorKind::Pattern => pattern(v, value),
        ValidatorKind::PlatformOrHost => {
            let host = host(v, value)?;
            // A private host typed after a prefix already there: `qualysapi.qualysapi.…`.
            if let Some(p) = v.private_prefix.as_deref().filter(|p| !p.is_empty() && host.starts_with(&p.repeat(2))) {
                return Err(finding("doubled-prefix").with("prefix", p));
            }
            let private = v.private_prefix.as_deref().is_some_and(|p| host.starts_with(p));
            if field.option(&host).is_some() || private {
                Ok(())
            } else {
                Err(finding("not-platform-host").with("prefix", v.private_prefix.clone().unwrap_or_default()))
            }
        }
    }
}

fn length(v: &Validator, value: &str) -> Result<(), Finding> {
    let n = value.chars().count();
    let found = |code| finding(code).with("length", n.to_string());
    match (v.min, v.max) {
        (Some(min), _) if n < min as usize => Err(found("too-short").with("min", min.to_string())),
        (_, Some(max)) if n > max as usize => Err(found("too-long").with("max", max.to_string())),
        _ => Ok(()),
    }
}

fn pattern(v: &Validator, value: &str) -> Result<(), Finding> {
    if let Some(p) = v.prefix.as_deref() {
        if !value.starts_with(p) {
            return Err(finding("wrong-prefix").with("prefix", p));
        }
    }
    if let Some(allowed) = v.allowed.as_deref() {
        let ranges = char_ranges(allowed);
        if let Some(c) = value.chars().find(|c| !ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(c))) {
            return Err(finding("bad-character").with("char", c.to_string()).with("allowed", describe_ranges(&ranges)));
        }
    }
    Ok(())
}

/// Reads `A-Za-z0-9_-` as ranges and single characters; a `-` first or last is itself.
pub fn char_ranges(spec: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = spec.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 2 < chars.len() && chars[i + 1] == '-' {
            out.push((chars[i], chars[i + 2]));
            i += 3;
        } else {
            out.push((chars[i], chars[i]));
            i += 1;
        }
    }
    out
}

fn describe_ranges(ranges: &[(char, char)]) -> String {
    let parts: Vec<String> =
        ranges.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    parts.join(" ")
}

/// Trims a token and strips `prefix` (any case) pasted along with it, such as `SSWS `.
pub fn strip_token(value: &str, prefix: Option<&str>) -> String {
    let t = value.trim();
    let stripped = match prefix.and_then(|p| t.get(..p.len()).filter(|head| head.eq_ignore_ascii_case(p))) {
        Some(head) => &t[head.len()..],
        None => t,
    };
    stripped.trim().to_string()
}

/// Reads a host as people paste it (a scheme, a trailing slash, upper case) into its bare,
/// lower-case form, or says what is wrong with it, as the validator's options ask.
pub fn host(v: &Validator, input: &str) -> Result<String, Finding> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(finding("required"));
    }
    if v.refuse_placeholders {
        if let Some(open) = trimmed.find('{') {
            let close = trimmed[open..].find('}').map_or(trimmed.len(), |c| open + c + 1);
            return Err(finding("placeholder").with("placeholder", &trimmed[open..close]));
        }
    }
    if v.ascii_only {
        if let Some(c) = trimmed.chars().find(|c| !c.is_ascii()) {
            return Err(finding("non-ascii").with("char", c.to_string()).with("codepoint", format!("U+{:04X}", c as u32)));
        }
    }
    let lower = trimmed.to_ascii_lowercase();
    let rest = match lower.split_once("://") {
        None => lower.as_str(),
        Some(("https", rest)) => rest,
        Some(("http", _)) if v.https_only => return Err(finding("insecure-scheme")),
        Some(("http", rest)) => rest,
        Some(_) => return Err(finding("bad-scheme")),
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let rest = match rest.find(['/', '?', '#']) {
        Some(_) if v.no_path => return Err(finding("has-path")),
        Some(i) => &rest[..i],
        None => rest,
    };
    if rest.contains(['{', '}']) {
        return Err(finding("placeholder").with("placeholder", rest));
    }
    if rest.len() > MAX_HOST_LEN {
        return Err(finding("host-too-long").with("max", MAX_HOST_LEN.to_string()).with("length", rest.len().to_string()));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let labels: Vec<&str> = rest.split('.').collect();
    if labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) {
        return Err(finding("bad-host"));
    }
    if v.refuse_admin_host && labels[0].ends_with("-admin") {
        return Err(finding("admin-host"));
    }
    Ok(rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{Choice, FieldKind};
    use crate::text::Text;

    fn okta_rules() -> Validator {
        Validator {
            kind: ValidatorKind::Host,
            https_only: true,
            no_path: true,
            refuse_admin_host: true,
            refuse_placeholders: true,
            ascii_only: true,
            ..Default::default()
        }
    }

    fn code(v: &Validator, s: &str) -> &'static str {
        host(v, s).unwrap_err().code
    }

    fn field(kind: FieldKind) -> Field {
        serde_json::from_value(serde_json::json!({"key": "k", "kind": kind, "label": {"en": "K"}})).unwrap()
    }

    #[test]
    fn hosts_are_read_in_their_pasted_forms() {
        let v = okta_rules();
        assert_eq!(host(&v, "acme.okta.com").unwrap(), "acme.okta.com");
        assert_eq!(host(&v, " https://Acme.Okta.com/ ").unwrap(), "acme.okta.com");
        assert_eq!(host(&v, "login.acme.example").unwrap(), "login.acme.example");
        let lenient = Validator { kind: ValidatorKind::Host, ..Default::default() };
        assert_eq!(host(&lenient, "http://a.example/path?q").unwrap(), "a.example", "without the options, scheme and path go");
        assert_eq!(code(&lenient, "ftp://a.example"), "bad-scheme");
        assert_eq!(code(&lenient, "{x}.example"), "placeholder");
        assert_eq!(code(&lenient, "аcme.okta.com"), "bad-host", "without ascii_only a look-alike is just not a host");
    }

    #[test]
    fn hosts_are_refused_with_the_reason() {
        let v = okta_rules();
        assert_eq!(code(&v, "http://acme.okta.com"), "insecure-scheme");
        assert_eq!(code(&v, "https://acme.okta.com/api/v1"), "has-path");
        assert_eq!(code(&v, "acme.okta.com?x"), "has-path");
        assert_eq!(code(&v, "acme-admin.okta.com"), "admin-host");
        assert!(host(&v, "acme.okta-admin.com").is_ok(), "only the first label is an admin console's");
        assert_eq!(code(&v, ""), "required");
        assert_eq!(code(&v, "acme"), "bad-host");
        assert_eq!(code(&v, "ac me.okta.com"), "bad-host");
        assert_eq!(code(&v, "-acme.okta.com"), "bad-host");
        assert_eq!(code(&v, "acme-.okta.com"), "bad-host");
        assert_eq!(code(&v, "acme..okta.com"), "bad-host");
        assert_eq!(code(&v, "ftp://acme.okta.com"), "bad-scheme");
        let p = host(&v, "https://{yourOktaDomain}/x").unwrap_err();
        assert_eq!((p.code, p.args[0].1.as_str()), ("placeholder", "{yourOktaDomain}"));
        assert_eq!(host(&v, "{unclosed.okta.com").unwrap_err().args[0].1, "{unclosed.okta.com");
        let cyrillic = host(&v, "аcme.okta.com").unwrap_err();
        assert_eq!(cyrillic.code, "non-ascii");
        assert_eq!(cyrillic.args, [("char", "а".to_string()), ("codepoint", "U+0430".to_string())]);
    }

    #[test]
    fn host_length_limits_are_dns_limits() {
        let v = okta_rules();
        let label63 = "a".repeat(63);
        assert!(host(&v, &format!("{label63}.example")).is_ok());
        assert_eq!(code(&v, &format!("{}a.example", label63)), "bad-host", "a label has at most 63 characters");
        // 253 characters pass, 254 do not.
        let long = |n: usize| {
            let mut s = "a.".repeat((n - 1) / 2);
            s.push_str(if n.is_multiple_of(2) { "ab" } else { "a" });
            assert_eq!(s.len(), n);
            s
        };
        assert!(host(&v, &long(253)).is_ok());
        let too_long = host(&v, &long(254)).unwrap_err();
        assert_eq!(too_long.code, "host-too-long");
        assert_eq!(too_long.args, [("max", "253".to_string()), ("length", "254".to_string())]);
        assert!(host(&v, "a.b").is_ok(), "two labels are enough");
    }

    #[test]
    fn suffixes_and_platforms() {
        let f = field(FieldKind::Host);
        let okta = Validator {
            kind: ValidatorKind::Host,
            suffixes: vec![".okta.com".into(), ".oktapreview.com".into()],
            ..Default::default()
        };
        assert!(check(&okta, &f, "acme.okta.com").is_ok());
        assert!(check(&okta, &f, "acme.oktapreview.com").is_ok());
        assert_eq!(check(&okta, &f, "evilokta.com").unwrap_err().code, "suffix-not-allowed");
        assert_eq!(check(&okta, &f, "login.acme.example").unwrap_err().args, [("suffixes", ".okta.com, .oktapreview.com".to_string())]);

        let mut p = field(FieldKind::Platform);
        p.options = vec![Choice { value: "qualysapi.qualys.com".into(), label: Text::en("US Platform 1") }];
        let v = Validator { kind: ValidatorKind::PlatformOrHost, https_only: true, private_prefix: Some("qualysapi.".into()), ..Default::default() };
        assert!(check(&v, &p, "https://qualysapi.qualys.com/").is_ok());
        assert!(check(&v, &p, "qualysapi.acme-cloud.example").is_ok());
        assert_eq!(check(&v, &p, "qualysguard.qualys.com").unwrap_err().code, "not-platform-host");
        let doubled = check(&v, &p, "qualysapi.qualysapi.corp.example").unwrap_err();
        assert_eq!((doubled.code, doubled.args.clone()), ("doubled-prefix", vec![("prefix", "qualysapi.".to_string())]));
        assert!(check(&v, &p, "qualysapi.qualysapicorp.example").is_ok(), "only the whole prefix twice");
        let empty = Validator { private_prefix: Some(String::new()), ..v.clone() };
        assert!(check(&empty, &p, "corp.example").is_ok(), "an empty prefix is never doubled");
        assert_eq!(check(&v, &p, "http://qualysapi.qualys.com").unwrap_err().code, "insecure-scheme");
        let no_private = Validator { private_prefix: None, ..v };
        assert_eq!(check(&no_private, &p, "qualysapi.acme-cloud.example").unwrap_err().code, "not-platform-host");
    }

    #[test]
    fn tokens_lose_whitespace_and_one_pasted_prefix() {
        let token = "00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123";
        assert_eq!(strip_token(&format!("SSWS {token}"), Some("SSWS ")), token);
        assert_eq!(strip_token(&format!("  ssws {token} "), Some("SSWS ")), token);
        assert_eq!(strip_token(token, Some("SSWS ")), token, "a token without the prefix keeps its first characters");
        assert_eq!(strip_token("SSWS", Some("SSWS ")), "SSWS", "shorter than the prefix");
        assert_eq!(strip_token(" x ", None), "x");
        assert_eq!(strip_token("SSWS x", Some("")), "SSWS x");
        assert_eq!(strip_token("ééé", Some("SSWS ")), "ééé", "no panic inside a character");
    }

    #[test]
    fn lengths_prefixes_characters_and_choices() {
        let f = field(FieldKind::Text);
        let len = Validator { kind: ValidatorKind::Length, min: Some(9), max: Some(10), ..Default::default() };
        assert_eq!(check(&len, &f, "C1234567").unwrap_err().code, "too-short");
        assert!(check(&len, &f, "C12345678").is_ok());
        assert!(check(&len, &f, "C123456789").is_ok());
        let long = check(&len, &f, "C1234567890").unwrap_err();
        assert_eq!((long.code, long.args.clone()), ("too-long", vec![("length", "11".to_string()), ("max", "10".to_string())]));
        assert!(check(&len, &f, "ééééééééé").is_ok(), "characters, not bytes");

        let pat = Validator { kind: ValidatorKind::Pattern, prefix: Some("C".into()), allowed: Some("A-Za-z0-9".into()), ..Default::default() };
        assert!(check(&pat, &f, "C03abcXYZ").is_ok());
        assert_eq!(check(&pat, &f, "c03abc").unwrap_err().code, "wrong-prefix");
        let bad = check(&pat, &f, "C03-abc").unwrap_err();
        assert_eq!(bad.code, "bad-character");
        assert_eq!(bad.args, [("char", "-".to_string()), ("allowed", "A–Z a–z 0–9".to_string())]);

        let one = Validator { kind: ValidatorKind::OneOf, values: vec!["a".into(), "b".into()], ..Default::default() };
        assert!(check(&one, &f, "b").is_ok());
        assert_eq!(check(&one, &f, "c").unwrap_err().code, "not-an-option");
        for kind in [ValidatorKind::Required, ValidatorKind::Token] {
            assert!(check(&Validator { kind, ..Default::default() }, &f, "anything").is_ok());
        }
    }

    #[test]
    fn character_ranges_read_dashes_at_the_ends_as_themselves() {
        assert_eq!(char_ranges("A-Za-z0-9_-"), [('A', 'Z'), ('a', 'z'), ('0', '9'), ('_', '_'), ('-', '-')]);
        assert_eq!(char_ranges("-a"), [('-', '-'), ('a', 'a')]);
        assert_eq!(char_ranges("{"), [('{', '{')]);
        assert!(char_ranges("").is_empty());
    }
}
