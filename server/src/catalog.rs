//! The catalog the server enforces and serves: the built-in definitions (embedded at build
//! time from `catalog/`), plus or instead of those in `RDS_CATALOG_DIR`, and the words of
//! every language (`locales/`). A definition that does not hold stops start-up with a
//! message naming its file and field.

use std::path::Path;
use std::sync::Arc;

use rds_domain::api::CatalogDocument;
use rds_domain::small_map::SmallMap;
use rds_domain::text::DEFAULT_LOCALE;
use rds_domain::{Bundle, Catalog, Definition};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// `GET /api/v1/catalog` in one locale, serialised once at start-up.
pub struct Served {
    pub locale: String,
    pub body: Vec<u8>,
    pub etag: String,
}

pub struct Loaded {
    /// Shared with the store, which enforces it.
    pub catalog: Arc<Catalog>,
    words: SmallMap<String, Bundle>,
    served: Vec<Served>,
}

/// Reads one definition file, naming the file and the field of any mistake.
fn parse(file: &str, text: &str) -> Result<Definition, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let def: Definition = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let at = if matches!(path.as_str(), "." | "?") { String::new() } else { format!(" at {path}") };
        format!("{file}{at}: {}", e.inner())
    })?;
    let stem = file.strip_suffix(".json").unwrap_or(file);
    if def.id != stem {
        return Err(format!("{file}: the id is {:?}; a definition's file is named after its id ({}.json)", def.id, def.id));
    }
    Ok(def)
}

/// The definition files of `dir` (every `*.json` but `schema.json`), in name order.
fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("RDS_CATALOG_DIR {}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("RDS_CATALOG_DIR {}: {e}", dir.display()))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if !name.ends_with(".json") || name == "schema.json" {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.push((path.display().to_string(), text));
    }
    files.sort();
    Ok(files)
}

impl Loaded {
    /// The built-in definitions, with those of `dir` added or put in their place (by id).
    pub fn load(dir: Option<&Path>) -> Result<Loaded, String> {
        let mut words = SmallMap::new();
        for (file, text) in builtin::LOCALES {
            let bundle: Bundle = serde_json::from_str(text).map_err(|e| format!("locales/{file}: {e}"))?;
            words.insert(file.trim_end_matches(".json").to_string(), bundle);
        }
        let english = words.get(DEFAULT_LOCALE).cloned().ok_or("locales/en.json is missing")?;
        let mut files: Vec<(String, String)> =
            builtin::CATALOG.iter().map(|(f, t)| (format!("catalog/{f}"), t.to_string())).collect();
        if let Some(dir) = dir {
            files.extend(read_dir(dir)?);
        }
        let mut definitions: Vec<(String, Definition)> = Vec::new();
        let mut errors = Vec::new();
        for (file, text) in &files {
            let name = Path::new(file).file_name().and_then(|n| n.to_str()).unwrap_or(file);
            match parse(name, text) {
                Ok(d) => {
                    definitions.retain(|(_, o)| o.id != d.id);
                    definitions.push((file.clone(), d));
                }
                Err(e) => errors.push(e.replacen(name, file, 1)),
            }
        }
        if !errors.is_empty() {
            return Err(errors.join("\n"));
        }
        let file_of: Vec<(String, String)> = definitions.iter().map(|(f, d)| (d.id.clone(), f.clone())).collect();
        let catalog = Catalog::new(definitions.into_iter().map(|(_, d)| d).collect(), &english).map_err(|errors| {
            let file = |id: &str| file_of.iter().find(|(i, _)| i == id).map_or(id.to_string(), |(_, f)| f.clone());
            errors.iter().map(|e| format!("{} at {}: {}", file(&e.source), e.pointer, e.message)).collect::<Vec<_>>().join("\n")
        })?;
        let served = words
            .keys()
            .map(|locale| {
                let doc = CatalogDocument { locale: locale.clone(), sources: catalog.localized(locale) };
                let body = serde_json::to_vec(&doc).expect("definitions serialise");
                Served { locale: locale.clone(), etag: crate::web::content_etag(&body), body }
            })
            .collect();
        Ok(Loaded { catalog: Arc::new(catalog), words, served })
    }

    /// The words of the language `Accept-Language` asks for, else English, and its tag.
    pub fn words_for(&self, accept_language: Option<&str>) -> (&str, &Bundle) {
        let available: Vec<&str> = self.locales().collect();
        let locale = choose_locale(None, accept_language, &available);
        let (tag, words) = self.words.iter().find(|(l, _)| l.as_str() == locale).expect("chosen among the loaded");
        (tag.as_str(), words)
    }

    /// The words the server's own messages use.
    pub fn english(&self) -> &Bundle {
        self.words.get(DEFAULT_LOCALE).expect("checked at load")
    }

    /// The catalog in `locale`, or in English when there are no words for it.
    pub fn document(&self, locale: &str) -> &Served {
        let pick = |l: &str| self.served.iter().find(|s| s.locale == l);
        pick(locale).or_else(|| pick(DEFAULT_LOCALE)).expect("English is always served")
    }

    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(String::as_str)
    }
}

/// The locale to answer in: `?locale=`, else the best of `Accept-Language` we have words
/// for (a region falls back to its language: `ja-JP` reads `ja`), else English.
pub fn choose_locale<'a>(query: Option<&str>, accept_language: Option<&str>, available: &[&'a str]) -> &'a str {
    let find = |tag: &str| {
        let tag = tag.trim();
        let language = tag.split('-').next().unwrap_or(tag);
        available.iter().find(|a| a.eq_ignore_ascii_case(tag)).or_else(|| available.iter().find(|a| a.eq_ignore_ascii_case(language))).copied()
    };
    if let Some(found) = query.and_then(find) {
        return found;
    }
    let mut ranges: Vec<(f32, &str)> = accept_language
        .unwrap_or("")
        .split(',')
        .filter_map(|part| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits.find_map(|b| b.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && q > 0.0).then_some((q, tag))
        })
        .collect();
    // Stable: equal weights keep the client's order.
    ranges.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    ranges.iter().find_map(|(_, tag)| find(tag)).unwrap_or(DEFAULT_LOCALE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_come_from_the_query_then_accept_language_then_english() {
        let have = ["en", "ja"];
        assert_eq!(choose_locale(Some("ja"), Some("en"), &have), "ja");
        assert_eq!(choose_locale(Some("JA-jp"), None, &have), "ja");
        assert_eq!(choose_locale(Some("fr"), Some("ja"), &have), "ja", "an unknown query falls through");
        assert_eq!(choose_locale(None, Some("fr-CA, ja;q=0.8, en;q=0.5"), &have), "ja");
        assert_eq!(choose_locale(None, Some("en;q=0.2, ja;q=0.9"), &have), "ja");
        assert_eq!(choose_locale(None, Some("ja;q=0, en"), &have), "en", "q=0 refuses");
        assert_eq!(choose_locale(None, Some("ja;q=0"), &have), "en", "q=0 refuses even alone");
        assert_eq!(choose_locale(None, Some(", ja;q=0.5"), &have), "ja", "an empty range is skipped");
        assert_eq!(choose_locale(None, Some("ja;q=oops, en;q=0.1"), &have), "en");
        assert_eq!(choose_locale(None, Some("de"), &have), "en");
        assert_eq!(choose_locale(None, None, &have), "en");
        assert_eq!(choose_locale(None, Some("ja, en"), &["en"]), "en");
    }

    #[test]
    fn the_built_in_catalog_loads_with_its_words() {
        let l = Loaded::load(None).unwrap();
        assert_eq!(l.catalog.definitions().len(), builtin::CATALOG.len());
        assert_eq!(l.english().get("region.jp"), "Japan");
        let en = l.document("en");
        assert_eq!(l.document("xx").etag, en.etag, "a locale without words is served in English");
        let doc: CatalogDocument = serde_json::from_slice(&en.body).unwrap();
        assert_eq!(doc.locale, "en");
        assert_eq!(doc.sources.len(), l.catalog.definitions().len());
        assert!(l.locales().any(|x| x == "en"));
    }

    #[test]
    fn a_file_must_be_named_after_its_id_and_mistakes_name_the_field() {
        let okta = builtin::CATALOG.iter().find(|(f, _)| *f == "okta.json").unwrap().1;
        assert!(parse("okta.json", okta).is_ok());
        let e = parse("other.json", okta).unwrap_err();
        assert!(e.starts_with("other.json: the id is \"okta\""), "{e}");
        let bad = okta.replacen("\"kind\": \"required\"", "\"kind\": \"mandatory\"", 1);
        let e = parse("okta.json", &bad).unwrap_err();
        assert!(e.starts_with("okta.json at fields[0].validators[0].kind: unknown variant `mandatory`"), "{e}");
        let e = parse("okta.json", "{").unwrap_err();
        assert!(e.starts_with("okta.json: EOF while parsing"), "{e}");
    }
}
