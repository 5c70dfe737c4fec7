//! What the source list shows: a search and three filters, kept in the URL fragment
//! (`#q=okta&state=off`) so that a console can link to "Okta sources that are off".

/// Each part is blank when it filters nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Matched against a source's name, data target and group, ASCII letters in any case.
    pub query: String,
    /// `on`, `off`, `pending`, `error` or `stale`.
    pub state: String,
    /// A group's id.
    pub group: String,
    /// A risk factor's key: the sources that feed it.
    pub feeds: String,
}

/// The parts of a filter, as the fragment names them.
pub const KEYS: [&str; 4] = ["q", "state", "group", "feeds"];

/// The states the state filter offers, after "All".
pub const STATES: [&str; 5] = ["on", "off", "pending", "error", "stale"];

impl Filter {
    pub fn is_set(&self) -> bool {
        *self != Filter::default()
    }

    pub fn part_mut(&mut self, key: &str) -> Option<&mut String> {
        match key {
            "q" => Some(&mut self.query),
            "state" => Some(&mut self.state),
            "group" => Some(&mut self.group),
            "feeds" => Some(&mut self.feeds),
            _ => None,
        }
    }

    /// The filter a fragment such as `#q=acme%20labs&state=off` holds; other pairs in it
    /// (`factor=`, `source=`) are not the filter's.
    pub fn from_hash(hash: &str) -> Filter {
        let mut f = Filter::default();
        for (key, value) in pairs(hash) {
            if let Some(part) = f.part_mut(key) {
                *part = decode(value);
            }
        }
        f
    }

    /// The fragment that holds this filter, without `#`; blank parts are left out.
    pub fn to_hash(&self) -> String {
        let parts = [&self.query, &self.state, &self.group, &self.feeds];
        let set = KEYS.iter().zip(parts).filter(|(_, v)| !v.is_empty());
        set.map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }

    /// The fragment `hash` becomes with this filter in it, `#` and all (or nothing when it
    /// is left empty): whatever else it holds stays, a deep link (`source=okta`) too. A
    /// fragment that is a console's own route (`#/settings`) is the console's: it is
    /// returned as it is, and the filter is not kept there.
    pub fn merged_into(&self, hash: &str) -> String {
        if hash.trim_start_matches('#').starts_with('/') {
            return hash.to_string();
        }
        let theirs = |p: &&str| !p.is_empty() && !p.split_once('=').is_some_and(|(k, _)| KEYS.contains(&k));
        let mut parts: Vec<String> = hash.trim_start_matches('#').split('&').filter(theirs).map(String::from).collect();
        parts.extend(Some(self.to_hash()).filter(|h| !h.is_empty()));
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }

    /// Whether the search finds `query` in any of `texts`. Compared byte by byte, so that a
    /// thousand sources cost no copies: UTF-8 never matches inside another character.
    pub fn finds(&self, texts: &[&str]) -> bool {
        let q = self.query.trim().as_bytes();
        q.is_empty() || texts.iter().any(|t| t.as_bytes().windows(q.len()).any(|w| w.eq_ignore_ascii_case(q)))
    }
}

/// The `key=value` pairs of a fragment.
pub fn pairs(hash: &str) -> impl Iterator<Item = (&str, &str)> {
    hash.trim_start_matches('#').split('&').filter_map(|p| p.split_once('='))
}

/// Percent-encodes all but ASCII letters, digits and `-_.~`.
fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.extend(['%', HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char]);
        }
    }
    out
}

/// Percent-decodes, taking `+` as a space as forms write it; a broken escape stays as it is.
fn decode(s: &str) -> String {
    let digit = |c: Option<&u8>| (*c? as char).to_digit(16);
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (byte, used) = match (b[i], digit(b.get(i + 1)), digit(b.get(i + 2))) {
            (b'%', Some(hi), Some(lo)) => ((hi * 16 + lo) as u8, 3),
            (b'+', ..) => (b' ', 1),
            (c, ..) => (c, 1),
        };
        out.push(byte);
        i += used;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_goes_to_the_fragment_and_back() {
        let f = Filter { query: "Acme Labs & 日本".into(), state: "off".into(), group: String::new(), feeds: "account-compromise".into() };
        let hash = f.to_hash();
        assert_eq!(hash, "q=Acme%20Labs%20%26%20%E6%97%A5%E6%9C%AC&state=off&feeds=account-compromise");
        assert_eq!(Filter::from_hash(&format!("#{hash}")), f);
        assert_eq!(Filter::from_hash("#factor=vulnerabilities&q=okta+org&group=identity&x=1"), Filter {
            query: "okta org".into(),
            group: "identity".into(),
            ..Default::default()
        });
        assert_eq!(Filter::from_hash("#q=100%&state"), Filter { query: "100%".into(), ..Default::default() }, "a broken escape stays");
        assert_eq!(Filter::default().to_hash(), "");
        assert!(!Filter::default().is_set() && f.is_set());
    }

    #[test]
    fn the_filter_goes_into_a_fragment_beside_what_else_it_holds() {
        let f = Filter { query: "okta".into(), state: "off".into(), ..Default::default() };
        assert_eq!(f.merged_into(""), "#q=okta&state=off");
        assert_eq!(f.merged_into("#/settings/sources"), "#/settings/sources", "a console's route is left alone");
        assert_eq!(f.merged_into("#source=okta&q=old&group=identity"), "#source=okta&q=okta&state=off", "the old filter goes");
        assert_eq!(Filter::default().merged_into("#q=okta"), "", "an empty filter leaves no fragment");
        assert_eq!(Filter::default().merged_into("#other&q=okta"), "#other");
    }

    #[test]
    fn the_search_ignores_ascii_case_and_finds_japanese() {
        let f = |q: &str| Filter { query: q.into(), ..Default::default() };
        assert!(f("OKTA").finds(&["Okta (Acme Labs)", "Allows access"]));
        assert!(f(" labs ").finds(&["Okta (Acme Labs)"]), "trimmed");
        assert!(f("access").finds(&["Okta", "Allows access to user information"]));
        assert!(f("アクセス").finds(&["Okta", "ユーザ情報へのアクセス"]));
        assert!(!f("qualys").finds(&["Okta", "Identity providers"]));
        assert!(f("").finds(&[]), "no search finds everything");
    }
}
