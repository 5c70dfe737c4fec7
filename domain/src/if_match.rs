//! The `If-Match` precondition as RFC 9110 (13.1.1) states it: `*`, or a list of entity
//! tags compared strongly, so a weak tag never matches. A source's tag is [`crate::api::etag`]
//! of its version.

/// A parsed `If-Match` field value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: any current version.
    Any,
    /// The versions named by strong tags. Weak tags and tags that name no version of ours
    /// are valid but can never match, so they are not kept.
    Versions(Vec<u64>),
}

impl IfMatch {
    /// Reads one or more `If-Match` field lines (a recipient treats several lines as one
    /// comma-separated list). `None` when the syntax is not RFC 9110's.
    pub fn parse<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<IfMatch> {
        let mut versions = Vec::new();
        let mut tags = 0;
        let mut stars = 0;
        for line in lines {
            let mut rest = line;
            loop {
                rest = rest.trim_start_matches([' ', '\t', ',']);
                if rest.is_empty() {
                    break;
                }
                if let Some(after) = rest.strip_prefix('*') {
                    stars += 1;
                    rest = after;
                } else {
                    let (weak, opaque, after) = entity_tag(rest)?;
                    tags += 1;
                    if !weak {
                        versions.extend(version_of(opaque));
                    }
                    rest = after;
                }
                // Each member ends at a comma or at the end of the line.
                rest = rest.trim_start_matches([' ', '\t']);
                if !(rest.is_empty() || rest.starts_with(',')) {
                    return None;
                }
            }
        }
        match (stars, tags) {
            (1, 0) => Some(IfMatch::Any),
            (0, 1..) => Some(IfMatch::Versions(versions)),
            // Nothing at all, or `*` more than once or inside a list: not a valid field value.
            _ => None,
        }
    }

    /// Whether a source at `version` meets the precondition.
    pub fn holds(&self, version: u64) -> bool {
        match self {
            IfMatch::Any => true,
            IfMatch::Versions(v) => v.contains(&version),
        }
    }
}

/// One `entity-tag` at the start of `s`: whether it is weak, its opaque text, and the rest.
fn entity_tag(s: &str) -> Option<(bool, &str, &str)> {
    let (weak, s) = match s.strip_prefix("W/") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let body = s.strip_prefix('"')?;
    let end = body.find('"')?;
    let opaque = &body[..end];
    // etagc: %x21 / %x23-7E / obs-text; no spaces or controls.
    if opaque.bytes().any(|b| b <= 0x20 || b == 0x7f) {
        return None;
    }
    Some((weak, opaque, &body[end + 1..]))
}

/// The version a tag's opaque text names, when it is one of ours (decimal digits only).
fn version_of(opaque: &str) -> Option<u64> {
    if opaque.is_empty() || !opaque.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    opaque.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::etag;

    fn parse(v: &str) -> Option<IfMatch> {
        IfMatch::parse([v])
    }

    #[test]
    fn a_source_tag_round_trips() {
        assert_eq!(parse(&etag(7)), Some(IfMatch::Versions(vec![7])));
        assert!(parse(&etag(7)).unwrap().holds(7));
        assert!(!parse(&etag(7)).unwrap().holds(8));
    }

    #[test]
    fn a_star_matches_any_version() {
        let any = parse(" * ").unwrap();
        assert_eq!(any, IfMatch::Any);
        assert!(any.holds(0) && any.holds(u64::MAX));
    }

    #[test]
    fn a_list_matches_when_any_member_does() {
        let list = parse("\"1\", \"999\",\t\"3\"").unwrap();
        assert!(list.holds(1) && list.holds(3) && list.holds(999));
        assert!(!list.holds(2));
        // Several field lines are one list.
        let lines = IfMatch::parse(["\"1\"", "\"2\""]).unwrap();
        assert!(lines.holds(1) && lines.holds(2));
    }

    #[test]
    fn weak_tags_never_match_but_are_valid() {
        let weak = parse("W/\"1\"").unwrap();
        assert_eq!(weak, IfMatch::Versions(vec![]));
        assert!(!weak.holds(1));
        assert!(parse("W/\"1\", \"2\"").unwrap().holds(2));
    }

    #[test]
    fn tags_that_name_no_version_are_valid_and_never_match() {
        for v in ["\"abc\"", "\"\"", "\"+1\"", "\"-1\"", "\"18446744073709551616\"", "\"1,2\""] {
            let parsed = parse(v).unwrap_or_else(|| panic!("{v} is a valid tag"));
            assert_eq!(parsed, IfMatch::Versions(vec![]), "{v}");
        }
    }

    #[test]
    fn bad_syntax_is_refused() {
        for v in ["", " , ", "1", "\"1", "1\"", "\"1\" \"2\"", "\"1\"x", "w/\"1\"", "W/1", "*, \"1\"", "\"1\", *", "*, *", "\"a b\"", "\"a\u{7f}\""] {
            assert_eq!(parse(v), None, "{v:?}");
        }
        assert_eq!(IfMatch::parse([]), None);
    }
}
