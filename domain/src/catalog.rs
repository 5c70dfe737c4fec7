//! The catalog: every source type's definition, checked for what serde cannot check (a
//! field kind with the options it needs, a requirement naming a type that exists…), in
//! display order.

use crate::definition::{Definition, FieldKind, Validator, ValidatorKind};
use crate::small_map::SmallMap;
use crate::region::Region;
use crate::text::{Bundle, Text, DEFAULT_LOCALE};
use crate::validators;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    sources: Vec<Definition>,
    /// Each definition's place in `sources`, by id: a console of a thousand types looks
    /// one up for every source on every render.
    index: SmallMap<String, usize>,
}

/// Something wrong in one definition, at a JSON pointer into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinitionError {
    /// The definition's id.
    pub source: String,
    pub pointer: String,
    pub message: String,
}

impl Catalog {
    /// Checks every definition against the others and against `words` (a problem code a
    /// definition makes up needs its own words), and sorts them into display order.
    pub fn new(definitions: Vec<Definition>, words: &Bundle) -> Result<Catalog, Vec<DefinitionError>> {
        let catalog = Catalog::trusted(definitions);
        let definitions = &catalog.sources;
        let ids: Vec<&str> = definitions.iter().map(|d| d.id.as_str()).collect();
        let mut errors = Vec::new();
        for (i, d) in definitions.iter().enumerate() {
            let mut say = |pointer: String, message: String| {
                errors.push(DefinitionError { source: d.id.clone(), pointer, message })
            };
            if ids[..i].contains(&d.id.as_str()) {
                say("/id".into(), format!("the id {} is used by another definition", d.id));
            }
            check_definition(d, &ids, words, &mut say);
            if let Some(cycle) = requirement_cycle(definitions, d) {
                say("/requires".into(), format!("the requirements go round in a circle ({}), so none of them could ever be on", cycle.join(" → ")));
            }
            let same_group = definitions[..i].iter().find(|o| o.group.id == d.group.id);
            if let Some(o) = same_group.filter(|o| o.group.name != d.group.name) {
                say("/group/name".into(), format!("group {} is named differently in {}", d.group.id, o.id));
            }
        }
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(errors)
        }
    }

    /// Definitions checked elsewhere (the panel receives them from the server), sorted.
    pub fn trusted(mut definitions: Vec<Definition>) -> Catalog {
        definitions.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        // A repeated id (which `new` refuses) finds its first definition, as a scan would.
        let mut index = SmallMap::new();
        for (i, d) in definitions.iter().enumerate().rev() {
            index.insert(d.id.clone(), i);
        }
        Catalog { sources: definitions, index }
    }

    pub fn get(&self, id: &str) -> Option<&Definition> {
        self.position(id).map(|i| &self.sources[i])
    }

    /// Where the definition of `id` is in display order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// In display order.
    pub fn definitions(&self) -> &[Definition] {
        &self.sources
    }

    pub fn into_definitions(self) -> Vec<Definition> {
        self.sources
    }

    /// Every definition with its texts in `locale` only.
    pub fn localized(&self, locale: &str) -> Vec<Definition> {
        self.sources.iter().map(|d| d.localized(locale)).collect()
    }

    /// The types whose requirements name type `id`: its dependents.
    pub fn requiring<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Definition> + 'a {
        self.sources.iter().filter(move |d| d.requires.iter().any(|r| r.source.as_deref() == Some(id)))
    }
}

/// A chain of source requirements that leads from `start` back to it, if there is one.
fn requirement_cycle<'a>(all: &'a [Definition], start: &'a Definition) -> Option<Vec<&'a str>> {
    fn walk<'a>(all: &'a [Definition], at: &'a Definition, path: &mut Vec<&'a str>) -> bool {
        for t in at.requires.iter().filter_map(|r| r.source.as_deref()) {
            if t == path[0] {
                path.push(t);
                return true;
            }
            if path.contains(&t) {
                continue;
            }
            if let Some(next) = all.iter().find(|d| d.id == t) {
                path.push(t);
                if walk(all, next, path) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.id.as_str()];
    walk(all, start, &mut path).then_some(path)
}

/// Lower-case letters, digits and single hyphens, at most 64 characters: the ids of source
/// types and connections, safe in a URL and in an element id.
pub fn url_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

fn camel_key(key: &str) -> bool {
    key.len() <= 64
        && key.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && key.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn check_definition(d: &Definition, ids: &[&str], words: &Bundle, say: &mut dyn FnMut(String, String)) {
    if !url_safe(&d.id) {
        say("/id".into(), "use lower-case letters, digits and single hyphens, at most 64 characters".into());
    }
    if !url_safe(&d.group.id) {
        say("/group/id".into(), "use lower-case letters, digits and single hyphens".into());
    }
    let mut texts = d.clone();
    texts.each_text(&mut |pointer, t: &mut Text| {
        if !t.has(DEFAULT_LOCALE) {
            say(pointer.to_string(), format!("every text needs an English ({DEFAULT_LOCALE}) version"));
        }
    });
    let switch_keys: Vec<&str> = d.switches.iter().map(|s| s.key.as_str()).collect();
    for (i, f) in d.fields.iter().enumerate() {
        let at = format!("/fields/{i}");
        if !camel_key(&f.key) {
            say(format!("{at}/key"), "use a camelCase key of ASCII letters and digits".into());
        }
        if d.fields[..i].iter().any(|o| o.key == f.key) {
            say(format!("{at}/key"), format!("another field already has the key {}", f.key));
        }
        let takes_options = matches!(f.kind, FieldKind::Select | FieldKind::Confirmations | FieldKind::Platform);
        if takes_options && f.options.is_empty() {
            say(format!("{at}/options"), format!("a {:?} field needs options", f.kind));
        }
        if !takes_options && !f.options.is_empty() {
            say(format!("{at}/options"), "only select, confirmations and platform fields take options".into());
        }
        for (j, o) in f.options.iter().enumerate() {
            // Values name checkboxes' ids too: letters, digits, `.`, `_` and `-`.
            let plain = o.value.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
            if o.value.is_empty() || !plain || f.options[..j].iter().any(|p| p.value == o.value) {
                say(format!("{at}/options/{j}/value"), "option values must be unique, not blank, and of letters, digits, . _ and -".into());
            }
        }
        if f.unique && !matches!(f.kind, FieldKind::Text | FieldKind::Host | FieldKind::Select | FieldKind::Platform) {
            say(format!("{at}/unique"), "only text, host, select and platform fields can be unique".into());
        }
        if f.kind == FieldKind::Connection && !d.requires.iter().any(|r| r.through.as_ref() == Some(&f.key)) {
            say(format!("{at}/kind"), "a connection field chooses for a requirement that goes through it".into());
        }
        if f.private.is_some() && f.kind != FieldKind::Platform {
            say(format!("{at}/private"), "only platform fields take a private choice".into());
        }
        if f.prompt.is_some() && !matches!(f.kind, FieldKind::Select | FieldKind::Platform) {
            say(format!("{at}/prompt"), "only select and platform fields take a prompt".into());
        }
        if f.kind == FieldKind::Platform && !f.validators.iter().any(|v| v.kind == ValidatorKind::PlatformOrHost) {
            say(format!("{at}/validators"), "a platform field needs a platformOrHost validator".into());
        }
        let private_prefix = f.validators.iter().any(|v| v.private_prefix.as_deref().is_some_and(|p| !p.is_empty()));
        if f.private.is_some() && !private_prefix {
            say(format!("{at}/private"), "a private choice needs the platformOrHost validator's privatePrefix".into());
        }
        if f.kind == FieldKind::RegionHost {
            for r in Region::ALL {
                let host = f.hosts.get(&r).map(String::as_str).unwrap_or("");
                // Bare means the host parses to itself: no scheme, path or upper case.
                if validators::host(&Validator::default(), host).map_or(true, |h| h != host) {
                    say(format!("{at}/hosts/{}", r.code()), "every region needs its bare host name".into());
                }
            }
        } else if !f.hosts.is_empty() {
            say(format!("{at}/hosts"), "only regionHost fields take hosts".into());
        }
        for (j, v) in f.validators.iter().enumerate() {
            let vat = format!("{at}/validators/{j}");
            check_validator(v, f.kind, &vat, say);
            if let Some(code) = &v.code {
                let own = f.problems.get(code).is_some_and(|p| p.message.is_some());
                if !own && !words.0.contains_key(&format!("problem.{code}")) {
                    say(format!("{vat}/code"), format!("the code {code} needs its words in the field's problems"));
                }
            }
        }
    }
    // A connection added beside the first has the id `<type>-<12 hex>`, which must stay a
    // URL-safe id too.
    #[cfg(not(target_arch = "wasm32"))]
    if d.instances.max > 1 && d.id.len() > 51 {
        say("/id".into(), "a type that allows several connections has an id of at most 51 characters".into());
    }
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(check) = &d.check {
        for (key, kind) in check.probe.fields() {
            if d.field(key).map(|f| f.kind) != Some(*kind) {
                say("/check/probe".into(), format!("the probe reads a {kind:?} field {key}, which this definition lacks"));
            }
        }
        let consent = d.connection == crate::definition::ConnectionKind::Consent;
        if consent != (check.probe == crate::definition::Probe::Consent) {
            say("/check/probe".into(), "the consent probe is for sources connected by consent, and only for them".into());
        }
        if check.stale_after_days == Some(0) {
            say("/check/staleAfterDays".into(), "a source cannot be stale as soon as its data arrives: use at least 1 day".into());
        }
    }
    for (i, r) in d.requires.iter().enumerate() {
        let at = format!("/requires/{i}");
        if r.source.is_some() && r.gates.is_some() {
            say(format!("{at}/gates"), "another source's upload gates this one's upload, not a switch".into());
        }
        match (&r.source, &r.fact) {
            (Some(s), None) if s == &d.id || !ids.contains(&s.as_str()) => {
                say(format!("{at}/source"), format!("{s} is not another source type of the catalog"))
            }
            (Some(_), None) => {}
            (None, Some(f)) if !camel_key(f) => say(format!("{at}/fact"), "use a camelCase fact name".into()),
            (None, Some(_)) => {}
            _ => say(at.clone(), "give exactly one of source and fact".into()),
        }
        let chooser = r.through.as_deref().map(|k| d.field(k).map(|f| f.kind));
        if chooser.is_some_and(|kind| kind != Some(FieldKind::Connection) || r.source.is_none()) {
            say(format!("{at}/through"), "a source's requirement goes through one of this definition's connection fields".into());
        }
        if let Some(g) = &r.gates {
            if !switch_keys.contains(&g.as_str()) {
                say(format!("{at}/gates"), format!("{g} is not one of this source's switches"));
            }
        }
    }
    for (i, s) in d.switches.iter().enumerate() {
        if !camel_key(&s.key) || s.key == "uploadEnabled" || switch_keys[..i].contains(&s.key.as_str()) {
            say(format!("/switches/{i}/key"), "use a unique camelCase key other than uploadEnabled".into());
        }
    }
    for (i, f) in d.feeds.iter().enumerate() {
        if d.feeds[..i].iter().any(|o| o.factor == f.factor) {
            say(format!("/feeds/{i}/factor"), "each factor is fed once".into());
        }
        if f.switch.as_deref().is_some_and(|k| !switch_keys.contains(&k)) {
            say(format!("/feeds/{i}/switch"), "not one of this source's switches".into());
        }
        if f.capability.is_some_and(|c| !d.provides.iter().any(|p| p.capability == c)) {
            say(format!("/feeds/{i}/capability"), "not a capability this source provides".into());
        }
    }
    for (i, p) in d.provides.iter().enumerate() {
        if d.provides[..i].iter().any(|o| o.capability == p.capability) {
            say(format!("/provides/{i}/capability"), "each capability is provided once".into());
        }
    }
    if d.instances.max <= 1 && d.instances.add.is_some() {
        say("/instances/add".into(), "only a type that allows several connections has an Add button to name".into());
    }
    if d.instances.max == 0 {
        say("/instances/max".into(), "at least 1".into());
    }
}

/// Which validators fit which kinds of field, and which options fit which validators.
fn check_validator(v: &Validator, kind: FieldKind, at: &str, say: &mut dyn FnMut(String, String)) {
    use FieldKind as F;
    use ValidatorKind as V;
    let fits = match v.kind {
        V::Required => true,
        V::Length | V::Pattern => matches!(kind, F::Text | F::Host | F::Secret),
        V::OneOf => matches!(kind, F::Text | F::Host),
        V::Host => matches!(kind, F::Text | F::Host | F::Platform),
        V::Token => matches!(kind, F::Text | F::Secret),
        V::PlatformOrHost => kind == F::Platform,
    };
    if !fits {
        say(format!("{at}/kind"), format!("a {:?} validator does not fit a {:?} field", v.kind, kind));
    }
    let hosty = matches!(v.kind, V::Host | V::PlatformOrHost);
    let stray = [
        ("min", v.min.is_some() && v.kind != V::Length),
        ("max", v.max.is_some() && v.kind != V::Length),
        ("values", !v.values.is_empty() && v.kind != V::OneOf),
        ("httpsOnly", v.https_only && !hosty),
        ("noPath", v.no_path && !hosty),
        ("suffixes", !v.suffixes.is_empty() && v.kind != V::Host),
        ("refuseAdminHost", v.refuse_admin_host && !hosty),
        ("refusePlaceholders", v.refuse_placeholders && !hosty),
        ("asciiOnly", v.ascii_only && !hosty),
        ("privatePrefix", v.private_prefix.is_some() && v.kind != V::PlatformOrHost),
        ("stripPrefix", v.strip_prefix.is_some() && v.kind != V::Token),
        ("prefix", v.prefix.is_some() && v.kind != V::Pattern),
        ("allowed", v.allowed.is_some() && v.kind != V::Pattern),
    ];
    for (name, _) in stray.iter().filter(|(_, bad)| *bad) {
        say(format!("{at}/{name}"), format!("a {:?} validator does not take {name}", v.kind));
    }
    let empty = match v.kind {
        V::Length => v.min.is_none() && v.max.is_none() || v.min > v.max && v.max.is_some(),
        V::OneOf => v.values.is_empty(),
        V::Pattern => v.prefix.as_deref().is_none_or(str::is_empty) && v.allowed.as_deref().is_none_or(str::is_empty),
        _ => false,
    };
    if empty {
        say(at.to_string(), format!("this {:?} validator checks nothing", v.kind));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{Choice, Requirement, Switch};
    use crate::text::Text;
    use crate::testkit::{definitions, words};

    /// The error a 52-character id of a type with several connections gives.
    static LONG_ID: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{} /id", "o".repeat(52)));

    fn okta() -> Definition {
        definitions().into_iter().find(|d| d.id == "okta").unwrap()
    }

    /// The pointers of the errors `change` causes in an otherwise good catalog.
    fn errors_after(change: impl FnOnce(&mut Definition)) -> Vec<String> {
        let mut all = definitions();
        change(all.iter_mut().find(|d| d.id == "okta").unwrap());
        match Catalog::new(all, &words()) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| format!("{} {}", e.source, e.pointer)).collect(),
        }
    }

    #[test]
    fn the_repositorys_catalog_loads_in_display_order() {
        let c = Catalog::new(definitions(), &words()).unwrap();
        let ids: Vec<&str> = c.definitions().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            ["endpoint-sensor", "connected-endpoint-agent", "email-sensor", "network-sensor", "web-sensor", "mobile-sensor", "azure-ad", "okta", "office-365", "qualys", "splunk"]
        );
        assert_eq!(c.get("okta").unwrap().name.get("en"), "Okta");
        assert!(c.get("nope").is_none());
        assert_eq!(c.requiring("azure-ad").map(|d| d.id.as_str()).collect::<Vec<_>>(), ["office-365"]);
        assert_eq!(c.requiring("okta").count(), 0);
        let ja = c.localized("ja");
        assert_eq!(serde_json::to_value(&ja[7].name).unwrap(), serde_json::json!({"ja": "Okta"}), "English stands in under the asked locale");
    }

    #[test]
    fn probes_that_read_no_field_fit_any_definition_of_their_connection() {
        let mut all = definitions();
        let splunk = all.iter_mut().find(|d| d.id == "splunk").unwrap();
        splunk.check.as_mut().unwrap().stale_after_days = Some(1);
        let azure = all.iter_mut().find(|d| d.id == "azure-ad").unwrap();
        azure.check.as_mut().unwrap().probe = crate::definition::Probe::DataArrival;
        let errors: Vec<String> = Catalog::new(all, &words()).unwrap_err().into_iter().map(|e| format!("{} {}", e.source, e.pointer)).collect();
        assert_eq!(errors, ["azure-ad /check/probe"], "a consent source is tested by its consent");
    }

    #[test]
    fn ties_in_order_sort_by_id() {
        let mut a = okta();
        a.id = "b".into();
        let mut b = okta();
        b.id = "a".into();
        let c = Catalog::trusted(vec![a, b]);
        assert_eq!(c.definitions()[0].id, "a");
        assert_eq!(c.into_definitions().len(), 2);
    }

    #[test]
    fn each_definition_is_found_by_its_id_at_its_place() {
        let c = Catalog::new(definitions(), &words()).unwrap();
        for (i, d) in c.definitions().iter().enumerate() {
            assert_eq!(c.position(&d.id), Some(i));
            assert_eq!(c.get(&d.id).map(|x| &x.id), Some(&d.id));
        }
        assert_eq!(c.get("nope"), None);
        let mut twin = c.get("okta").unwrap().clone();
        twin.order += 1;
        let all = [c.definitions().to_vec(), vec![twin]].concat();
        let trusted = Catalog::trusted(all);
        assert_eq!(trusted.get("okta").map(|d| d.order), c.get("okta").map(|d| d.order), "a repeated id finds the first");
    }

    #[test]
    fn a_good_catalog_has_no_errors() {
        assert!(errors_after(|_| {}).is_empty());
        assert!(errors_after(|d| d.id = "o".repeat(51)).is_empty(), "51 characters leave room for a connection's suffix");
        let single = errors_after(|d| {
            d.id = "o".repeat(52);
            d.instances = Default::default();
        });
        assert!(single.is_empty(), "a type with one connection may use all 64: {single:?}");
        let chooser = errors_after(|d| {
            d.fields[0].kind = FieldKind::Connection;
            d.fields[0].validators.clear();
            d.fields[0].unique = false;
            d.check = None;
            let through = serde_json::json!({"source": "azure-ad", "through": d.fields[0].key, "label": {"en": "L"}, "code": "c", "message": {"en": "M"}, "fix": {"en": "F"}});
            d.requires = vec![serde_json::from_value(through).unwrap()];
        });
        assert!(!chooser.iter().any(|e| e.ends_with("/fields/0/kind")), "a connection field a requirement goes through: {chooser:?}");
    }

    #[test]
    fn mistakes_are_named_at_their_field() {
        type Change = Box<dyn FnOnce(&mut Definition)>;
        let cases: Vec<(&str, Change)> = vec![
            ("Okta! /id", Box::new(|d| d.id = "Okta!".into())),
            ("okta /group/id", Box::new(|d| d.group.id = "Identity".into())),
            ("okta /group/name", Box::new(|d| d.group.name = Text::en("People"))),
            ("okta /name", Box::new(|d| d.name = serde_json::from_str(r#"{"ja": "オクタ"}"#).unwrap())),
            ("okta /fields/0/key", Box::new(|d| d.fields[0].key = "Domain".into())),
            ("okta /fields/1/key", Box::new(|d| d.fields[1].key = "domain".into())),
            ("okta /fields/2/options", Box::new(|d| d.fields[2].options.clear())),
            ("okta /fields/0/options", Box::new(|d| d.fields[0].options = vec![Choice { value: "x".into(), label: Text::en("X") }])),
            ("okta /fields/2/options/1/value", Box::new(|d| d.fields[2].options[1].value = "apiAccessManagementAdmin".into())),
            ("okta /fields/0/prompt", Box::new(|d| d.fields[0].prompt = Some(Text::en("Pick")))),
            ("okta /fields/0/private", Box::new(|d| d.fields[0].private = okta_private())),
            ("okta /fields/0/hosts", Box::new(|d| { d.fields[0].hosts.insert(Region::Eu, "a.example".into()); })),
            ("okta /fields/1/validators/1/kind", Box::new(|d| d.fields[1].validators[1].kind = ValidatorKind::Host)),
            ("okta /fields/1/validators/1/stripPrefix", Box::new(|d| d.fields[1].validators[1].kind = ValidatorKind::Required)),
            ("okta /fields/1/validators/2", Box::new(|d| { d.fields[1].validators[2].min = None; d.fields[1].validators[2].max = None; })),
            ("okta /fields/1/validators/2", Box::new(|d| d.fields[1].validators[2].min = Some(50))),
            ("okta /fields/1/validators/3", Box::new(|d| { d.fields[1].validators[3].prefix = None; d.fields[1].validators[3].allowed = Some(String::new()); })),
            ("okta /fields/1/validators/0/code", Box::new(|d| d.fields[1].validators[0].code = Some("made-up".into()))),
            ("okta /requires/0/source", Box::new(|d| d.requires.push(requirement(Some("nope"), None, None)))),
            ("okta /requires/0/source", Box::new(|d| d.requires.push(requirement(Some("okta"), None, None)))),
            ("okta /requires/0", Box::new(|d| d.requires.push(requirement(None, None, None)))),
            ("okta /requires/0/fact", Box::new(|d| d.requires.push(requirement(None, Some("Fact!"), None)))),
            ("okta /requires/0/gates", Box::new(|d| d.requires.push(requirement(None, Some("fact"), Some("nope"))))),
            ("okta /switches/0/key", Box::new(|d| d.switches.push(switch("uploadEnabled")))),
            ("okta /feeds/1/factor", Box::new(|d| d.feeds[1].factor = d.feeds[0].factor)),
            ("okta /feeds/0/switch", Box::new(|d| d.feeds[0].switch = Some("nope".into()))),
            ("okta /feeds/0/capability", Box::new(|d| d.feeds[0].capability = Some(crate::definition::Capability::VulnerabilityDetection))),
            ("okta /instances/max", Box::new(|d| d.instances.max = 0)),
            ("okta /instances/add", Box::new(|d| d.instances.max = 1)),
            ("okta /fields/2/options/0/value", Box::new(|d| d.fields[2].options[0].value = "api access".into())),
            ("okta /check/probe", Box::new(|d| d.fields[2].kind = FieldKind::Text)),
            ("okta /fields/1/unique", Box::new(|d| d.fields[1].unique = true)),
            ("okta /check/probe", Box::new(|d| d.fields.remove(1).key.clear())),
            ("okta /check/probe", Box::new(|d| d.check.as_mut().unwrap().probe = crate::definition::Probe::Consent)),
            ("okta /check/staleAfterDays", Box::new(|d| d.check.as_mut().unwrap().stale_after_days = Some(0))),
            (&LONG_ID, Box::new(|d| d.id = "o".repeat(52))),
            ("okta /fields/0/kind", Box::new(|d| d.fields[0].kind = FieldKind::Connection)),
            ("okta /requires/0/through", Box::new(|d| d.requires.push(Requirement { through: Some("domain".into()), ..requirement(Some("azure-ad"), None, None) }))),
            ("okta /requires/0/through", Box::new(|d| d.requires.push(Requirement { through: Some("nope".into()), ..requirement(Some("azure-ad"), None, None) }))),
            ("okta /requires/0/through", Box::new(|d| {
                d.fields[0].kind = FieldKind::Connection;
                d.requires.push(Requirement { through: Some(d.fields[0].key.clone()), ..requirement(None, Some("fact"), None) });
            })),
        ];
        for (expected, change) in cases {
            let found = errors_after(change);
            assert!(found.iter().any(|e| e == expected), "expected {expected}, found {found:?}");
        }
    }

    /// The errors of `validator` on a field of `kind`, with nothing else wrong.
    fn validator_errors(kind: FieldKind, validator: Validator) -> Vec<String> {
        errors_after(|d| {
            d.fields[0].kind = kind;
            d.fields[0].validators = vec![validator];
            d.fields[0].problems.clear();
            d.fields[0].unique = false;
            d.check = None;
        })
    }

    #[test]
    fn validators_take_only_their_own_options() {
        let v = |kind| Validator { kind, ..Default::default() };
        let one_of = Validator { values: vec!["a".into()], ..v(ValidatorKind::OneOf) };
        assert_eq!(validator_errors(FieldKind::Text, one_of.clone()), Vec::<String>::new());
        assert_eq!(validator_errors(FieldKind::Text, v(ValidatorKind::OneOf)), ["okta /fields/0/validators/0"], "no values checks nothing");
        let stray = Validator { values: vec!["a".into()], min: Some(1), ..v(ValidatorKind::Length) };
        assert_eq!(validator_errors(FieldKind::Text, stray), ["okta /fields/0/validators/0/values"]);
        for (min, max, ok) in [(Some(9), None, true), (None, Some(9), true), (Some(2), Some(1), false), (Some(1), Some(1), true), (None, None, false)] {
            let length = Validator { min, max, ..v(ValidatorKind::Length) };
            assert_eq!(validator_errors(FieldKind::Text, length).is_empty(), ok, "min {min:?} max {max:?}");
        }
        for (prefix, allowed, ok) in [(Some("{"), None, true), (None, Some("a-z"), true), (Some(""), Some(""), false), (None, None, false)] {
            let pattern = Validator { prefix: prefix.map(Into::into), allowed: allowed.map(Into::into), ..v(ValidatorKind::Pattern) };
            assert_eq!(validator_errors(FieldKind::Secret, pattern).is_empty(), ok, "prefix {prefix:?} allowed {allowed:?}");
        }
        let host_on_platform = Validator { https_only: true, no_path: true, ..v(ValidatorKind::Host) };
        let platform = errors_after(|d| {
            d.fields[0].kind = FieldKind::Platform;
            d.fields[0].options = vec![Choice { value: "a.example".into(), label: Text::en("A") }];
            d.fields[0].validators = vec![host_on_platform.clone(), v(ValidatorKind::PlatformOrHost)];
            d.fields[0].problems.clear();
            d.check = None;
        });
        assert!(platform.is_empty(), "{platform:?}");
        assert_eq!(validator_errors(FieldKind::Text, v(ValidatorKind::PlatformOrHost)), ["okta /fields/0/validators/0/kind"]);
        assert_eq!(validator_errors(FieldKind::Confirm, v(ValidatorKind::Token)), ["okta /fields/0/validators/0/kind"]);
        assert_eq!(validator_errors(FieldKind::Confirm, v(ValidatorKind::Required)), Vec::<String>::new());
    }

    #[test]
    fn another_source_gates_the_upload_only_and_requirements_do_not_go_round() {
        let gated = errors_after(|d| {
            d.switches.push(switch("extra"));
            d.requires.push(requirement(Some("azure-ad"), None, Some("extra")));
        });
        assert_eq!(gated, ["okta /requires/0/gates"]);
        let mut all = definitions();
        for (from, to) in [("okta", "azure-ad"), ("azure-ad", "okta")] {
            all.iter_mut().find(|d| d.id == from).unwrap().requires.push(requirement(Some(to), None, None));
        }
        let e = Catalog::new(all, &words()).unwrap_err();
        let cycles: Vec<&str> = e.iter().filter(|e| e.pointer == "/requires").map(|e| e.message.as_str()).collect();
        assert_eq!(cycles.len(), 2, "Azure AD and Okta, each in the circle: {e:?}");
        assert!(cycles.iter().any(|m| m.contains("azure-ad → okta → azure-ad")), "{cycles:?}");
    }

    #[test]
    fn a_platform_needs_its_platform_check_and_a_private_host_its_prefix() {
        let mut all = definitions();
        let q = all.iter_mut().find(|d| d.id == "qualys").unwrap();
        q.fields[0].validators.retain(|v| v.kind != ValidatorKind::PlatformOrHost);
        let e = Catalog::new(all, &words()).unwrap_err();
        let pointers: Vec<&str> = e.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/fields/0/validators", "/fields/0/private"]);
        let mut all = definitions();
        let q = all.iter_mut().find(|d| d.id == "qualys").unwrap();
        q.fields[0].private = None;
        assert!(Catalog::new(all, &words()).is_ok(), "a platform field may offer no private host");
    }

    #[test]
    fn duplicate_ids_providers_and_region_hosts_are_named() {
        let mut all = definitions();
        all.push(okta());
        let e = Catalog::new(all, &words()).unwrap_err();
        assert!(e.iter().any(|e| e.pointer == "/id" && e.message.contains("used by another")), "{e:?}");

        let mut all = definitions();
        let q = all.iter_mut().find(|d| d.id == "qualys").unwrap();
        q.provides.push(q.provides[0].clone());
        let e = Catalog::new(all, &words()).unwrap_err();
        assert_eq!(e[0].pointer, "/provides/1/capability");

        let mut all = definitions();
        let s = all.iter_mut().find(|d| d.id == "splunk").unwrap();
        s.fields[2].hosts.insert(Region::Jp, "https://ingestor-jp.example/".into());
        s.fields[2].hosts.remove(&Region::Us);
        let e = Catalog::new(all, &words()).unwrap_err();
        let pointers: Vec<&str> = e.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/fields/2/hosts/jp", "/fields/2/hosts/us"]);
    }

    fn okta_private() -> Option<crate::definition::PrivateHost> {
        definitions().into_iter().find(|d| d.id == "qualys").unwrap().fields[0].private.clone()
    }

    fn requirement(source: Option<&str>, fact: Option<&str>, gates: Option<&str>) -> Requirement {
        Requirement {
            source: source.map(Into::into),
            fact: fact.map(Into::into),
            gates: gates.map(Into::into),
            through: None,
            label: Text::en("L"),
            code: "c".into(),
            message: Text::en("M"),
            fix: Text::en("F"),
        }
    }

    fn switch(key: &str) -> Switch {
        Switch { key: key.into(), label: Text::en("L"), code: "c".into(), message: Text::en("M"), fix: Text::en("F") }
    }
}
