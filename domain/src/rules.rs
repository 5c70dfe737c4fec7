//! The rule engine: every prerequisite a definition states, checked against a connection
//! as it would be after a change. The panel runs it on each keystroke to draw its checklist;
//! the server runs it again before it stores anything. Words come from the definition
//! where it has its own, otherwise from the locale bundle.

use crate::api::{DataSource, SourceList, SourcePatch};
use crate::catalog::Catalog;
use crate::definition::{Capability, Definition, Field, FieldKind, Requirement, Severity, Validator, ValidatorKind};
use crate::settings::{SettingValue, Settings};
use crate::small_map::SmallMap;
use crate::text::{fill, Bundle};
use crate::validators::{self, Finding};

/// What the rules read besides the connection itself.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub list: &'a SourceList,
    pub words: &'a Bundle,
    pub locale: &'a str,
}

/// What a problem stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocks {
    /// A value that is present but wrong: it is never stored.
    Always,
    /// A prerequisite of the data upload permission.
    Upload,
    /// A prerequisite of the secondary switch with this key.
    Switch(String),
    /// Advice only.
    Nothing,
}

/// One unmet prerequisite or bad value, with the field it belongs to and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// JSON pointer into the PATCH body, such as `/settings/domain`.
    pub pointer: String,
    pub code: String,
    pub message: String,
    pub fix: String,
    pub blocks: Blocks,
}

impl Problem {
    pub fn severity(&self) -> Severity {
        if self.blocks == Blocks::Nothing {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

/// One line of a source's prerequisite checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckItem {
    pub label: String,
    /// `None` when met; a warning may still be attached to a met item.
    pub problem: Option<Problem>,
}

impl CheckItem {
    pub fn met(&self) -> bool {
        self.problem.as_ref().is_none_or(|p| p.severity() == Severity::Warning)
    }
}

/// What a secret would hold once a change is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretDraft {
    /// The server holds a value the browser never sees.
    Stored,
    /// A value typed now.
    New(String),
    Absent,
}

/// A connection as it would be after a change: the input of every rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: String,
    pub source_type: String,
    pub upload_enabled: bool,
    pub switches: SmallMap<String, bool>,
    pub settings: Settings,
    pub secrets: SmallMap<String, SecretDraft>,
    /// The name the change gives the connection, if it renames it.
    pub name: Option<String>,
}

impl Draft {
    /// The connection after `patch`, as the server would store it.
    pub fn apply(source: &DataSource, patch: &SourcePatch) -> Draft {
        let mut settings = source.settings.clone();
        settings.merge(&patch.settings);
        let mut secrets: SmallMap<String, SecretDraft> = source
            .secrets_set
            .iter()
            .map(|(name, set)| (name.clone(), if *set { SecretDraft::Stored } else { SecretDraft::Absent }))
            .collect();
        // Any other secret the patch names goes in too, so `check` can refuse it. A blank
        // value keeps what is there: only null clears.
        for (name, value) in &patch.secrets {
            match value {
                Some(v) if v.trim().is_empty() => {}
                Some(v) => {
                    secrets.insert(name.clone(), SecretDraft::New(v.clone()));
                }
                None => {
                    secrets.insert(name.clone(), SecretDraft::Absent);
                }
            }
        }
        let mut switches = source.switches.clone();
        switches.extend(patch.switches.iter().map(|(k, v)| (k.clone(), *v)));
        Draft {
            id: source.id.clone(),
            source_type: source.source_type.clone(),
            upload_enabled: patch.upload_enabled.unwrap_or(source.upload_enabled),
            switches,
            settings,
            secrets,
            name: patch.name.clone(),
        }
    }

    pub fn switch_on(&self, key: &str) -> bool {
        self.switches.get(key).copied().unwrap_or(false)
    }

    fn secret(&self, name: &str) -> &SecretDraft {
        self.secrets.get(name).unwrap_or(&SecretDraft::Absent)
    }
}

/// Rewrites pasted values into their stored form (bare hosts, trimmed text, tokens without
/// a pasted prefix, no blank secrets); values that do not parse are left for [`check`] to
/// report. Turning the data upload off turns the secondary switches off with it.
pub fn prepare(definition: &Definition, current: &DataSource, patch: &mut SourcePatch) {
    for (key, value) in patch.settings.0.iter_mut() {
        let (Some(field), SettingValue::Text(text)) = (definition.field(key), value) else { continue };
        // The strictest host rules the field has: an error-severity one refuses what a
        // lenient one would rewrite.
        let hosts = || field.validators.iter().filter(|v| matches!(v.kind, ValidatorKind::Host | ValidatorKind::PlatformOrHost));
        let rules = hosts().find(|v| v.severity == Severity::Error).or_else(|| hosts().next());
        let hosty = matches!(field.kind, FieldKind::Host | FieldKind::Platform) || rules.is_some();
        let plain = Default::default();
        *text = match validators::host(rules.unwrap_or(&plain), text.as_str()) {
            Ok(host) if hosty => host,
            _ => text.trim().to_string(),
        };
    }
    for (key, value) in patch.secrets.iter_mut() {
        if let (Some(v), Some(field)) = (value.as_mut(), definition.field(key)) {
            *v = token_value(field, v);
        }
    }
    // Blank, or nothing left once a pasted prefix is gone: the stored secret stays.
    patch.drop_blank_secrets();
    switches_off_with_upload(definition, current, patch);
}

/// When `patch` turns the data upload off, the secondary switches that are on go off too,
/// unless the patch says otherwise (and `check` refuses that).
pub fn switches_off_with_upload(definition: &Definition, current: &DataSource, patch: &mut SourcePatch) {
    if patch.upload_enabled == Some(false) {
        for s in &definition.switches {
            if !patch.switches.contains_key(s.key.as_str()) && current.switch_on(&s.key) {
                patch.switches.insert(s.key.clone(), false);
            }
        }
    }
}

/// A typed value after the field's token validators (trimmed, pasted prefix stripped).
fn token_value(field: &Field, value: &str) -> String {
    let mut out = value.trim().to_string();
    for v in field.validators.iter().filter(|v| v.kind == ValidatorKind::Token) {
        out = validators::strip_token(&out, v.strip_prefix.as_deref());
    }
    out
}

/// What a problem's words may say about a secret's value: nothing taken from the value, so
/// no part of a secret is ever written back.
const FROM_THE_VALUE: [&str; 4] = ["char", "codepoint", "value", "placeholder"];

/// Words for the problems of one definition.
struct Say<'a> {
    ctx: Context<'a>,
    definition: &'a Definition,
}

impl Say<'_> {
    fn name(&self) -> &str {
        self.definition.name.get(self.ctx.locale)
    }

    /// A problem in the panel's general words: `problem.<key>` and `problem.<key>.fix`.
    fn general(&self, pointer: String, code: &str, key: &str, blocks: Blocks, args: &[(&str, &str)]) -> Problem {
        Problem {
            pointer,
            message: self.ctx.words.format(&format!("problem.{key}"), args),
            fix: self.ctx.words.format(&format!("problem.{key}.fix"), args),
            code: code.to_string(),
            blocks,
        }
    }

    /// A problem a definition words itself (a requirement, a switch).
    fn stated(&self, pointer: String, code: &str, message: &crate::text::Text, fix: &crate::text::Text, blocks: Blocks, args: &[(&str, &str)]) -> Problem {
        let locale = self.ctx.locale;
        Problem { pointer, code: code.to_string(), message: fill(message.get(locale), args), fix: fill(fix.get(locale), args), blocks }
    }

    /// A problem of `field`, in the field's own words where it has them. `label` is the
    /// field's label with its own placeholders filled in.
    fn at_field(&self, field: &Field, label: &str, code: &str, blocks: Blocks, extra: &[(&str, String)]) -> Problem {
        let locale = self.ctx.locale;
        let secret = field.kind == FieldKind::Secret;
        let mut args: Vec<(&str, &str)> = vec![("label", label), ("source", self.name())];
        args.extend(extra.iter().filter(|(k, _)| !(secret && FROM_THE_VALUE.contains(k))).map(|(k, v)| (*k, v.as_str())));
        // A secret's general words are ones that quote nothing of it.
        let secret_key = format!("{code}.secret");
        let key = if secret && self.ctx.words.0.contains_key(&format!("problem.{secret_key}")) { secret_key.as_str() } else { code };
        let own = field.problems.get(code);
        let mut p = self.general(pointer(field), code, key, blocks, &args);
        if let Some(m) = own.and_then(|o| o.message.as_ref()) {
            p.message = fill(m.get(locale), &args);
        }
        if let Some(f) = own.and_then(|o| o.fix.as_ref()).or(field.fix.as_ref()) {
            p.fix = fill(f.get(locale), &args);
        }
        p
    }
}

/// A key as a JSON pointer's reference token (RFC 6901): `~` and `/` escaped.
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Where a field's value goes in the PATCH body.
pub fn pointer(field: &Field) -> String {
    let part = if field.kind == FieldKind::Secret { "secrets" } else { "settings" };
    format!("/{part}/{}", token(&field.key))
}

/// The pointer of the data upload switch, or of a secondary switch.
pub fn switch_pointer(key: Option<&str>) -> String {
    key.map_or_else(|| "/uploadEnabled".to_string(), |k| format!("/switches/{}", token(k)))
}

/// Whether a connection of type `source_type` other than `except` is on.
fn type_on(list: &SourceList, source_type: &str, except: &[&str]) -> bool {
    list.sources.iter().any(|s| s.source_type == source_type && s.upload_enabled && !except.contains(&s.id.as_str()))
}

/// The one connection `r` asks for when it goes `through` a field: the id the field holds
/// in `settings`, or the required type's first connection while it is blank.
pub fn bound<'a>(r: &'a Requirement, settings: &'a Settings) -> Option<&'a str> {
    let key = r.through.as_deref()?;
    Some(settings.text(key).filter(|v| !v.is_empty()).or(r.source.as_deref()).unwrap_or(""))
}

/// How the console names a connection: its type's name, and its own after it in brackets
/// when it has one, as the words' `connection.name` puts them ("Okta (Acme Labs)").
pub fn display_name(source: &DataSource, catalog: &Catalog, words: &Bundle, locale: &str) -> String {
    let kind = catalog.get(&source.source_type).map_or(source.id.as_str(), |d| d.name.get(locale));
    match &source.name {
        Some(own) => words.format("connection.name", &[("type", kind), ("name", own)]),
        None => kind.to_string(),
    }
}

/// A request refused at `pointer`, in the words' `problem.<code>` and `problem.<code>.fix`.
pub fn refusal(words: &Bundle, pointer: &str, code: &str, args: &[(&str, &str)]) -> Problem {
    Problem {
        pointer: pointer.into(),
        code: code.into(),
        message: words.format(&format!("problem.{code}"), args),
        fix: words.format(&format!("problem.{code}.fix"), args),
        blocks: Blocks::Always,
    }
}

/// Why `name` cannot name a connection of `source_type` other than `except`: not 1 to 64
/// visible characters once trimmed, or another's name already (ASCII letters in any case:
/// Unicode's case tables would cost the page 3.6 KB). At `/name`.
pub fn name_problem(words: &Bundle, list: &SourceList, source_type: &str, except: &str, name: &str) -> Option<Problem> {
    let refuse = |code: &str, args: &[(&str, &str)]| refusal(words, "/name", code, args);
    let Some(fit) = crate::api::fit_name(name) else { return Some(refuse("name", &[])) };
    let mut others = list.sources.iter().filter(|s| s.source_type == source_type && s.id != except);
    others.any(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(fit))).then(|| refuse("name-taken", &[("name", fit)]))
}

/// The checklist of everything `draft` needs before its upload may be on, evaluated against
/// the rest of the console: the definition's requirements, then each field.
pub fn checklist(draft: &Draft, ctx: Context) -> Vec<CheckItem> {
    let Some(definition) = ctx.catalog.get(&draft.source_type) else { return Vec::new() };
    let say = Say { ctx, definition };
    let mut items = Vec::new();
    for r in &definition.requires {
        let one = bound(r, &draft.settings);
        let chosen = one.and_then(|id| ctx.list.get(id)).filter(|s| Some(&s.source_type) == r.source.as_ref() && s.id != draft.id);
        let met = match (&r.source, &r.fact) {
            (Some(_), _) if one.is_some() => chosen.is_some_and(|s| s.upload_enabled),
            (Some(t), _) => type_on(ctx.list, t, &[&draft.id]),
            (None, Some(f)) => ctx.list.world.fact(f),
            (None, None) => true,
        };
        // The texts may name the connection required: the chosen one, or the type.
        let name = match (chosen, &r.source) {
            (Some(s), _) => display_name(s, ctx.catalog, ctx.words, ctx.locale),
            (None, Some(t)) => ctx.catalog.get(t).map_or(t.as_str(), |d| d.name.get(ctx.locale)).to_string(),
            (None, None) => String::new(),
        };
        let args = [("name", name.as_str())];
        let blocks = r.gates.clone().map_or(Blocks::Upload, Blocks::Switch);
        let problem = (!met).then(|| say.stated(switch_pointer(r.gates.as_deref()), &r.code, &r.message, &r.fix, blocks, &args));
        items.push(CheckItem { label: fill(r.label.get(ctx.locale), &args), problem });
    }
    for field in &definition.fields {
        field_items(&say, field, draft, &mut items);
    }
    items
}

/// The region's host and label, which a `regionHost` field's words may name.
fn region_args(say: &Say, field: &Field) -> Vec<(&'static str, String)> {
    let region = say.ctx.list.world.region;
    let host = field.hosts.get(&region).cloned().unwrap_or_default();
    vec![("host", host), ("region", say.ctx.words.get(&format!("region.{}", region.code())).to_string())]
}

fn required_blocks(r: &Validator) -> Blocks {
    if r.severity == Severity::Warning {
        Blocks::Nothing
    } else {
        Blocks::Upload
    }
}

fn field_items(say: &Say, field: &Field, draft: &Draft, items: &mut Vec<CheckItem>) {
    let locale = say.ctx.locale;
    let checked = field.validators.iter().any(|v| v.kind != ValidatorKind::Token);
    let region = if field.kind == FieldKind::RegionHost { region_args(say, field) } else { Vec::new() };
    let region_refs: Vec<(&str, &str)> = region.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // The label as shown, and the checklist's line for the field.
    let label = fill(field.label.get(locale), &region_refs);
    let line = fill(field.requirement.as_ref().unwrap_or(&field.label).get(locale), &region_refs);
    let required = field.validators.iter().find(|v| v.kind == ValidatorKind::Required);
    let value = draft.settings.get(&field.key);
    // A setting under a secret's key is `foreign`'s to refuse.
    let wrong_type = match (field.kind.value_type(), value) {
        (Some(t), Some(v)) if v.value_type() != t => Some(t.name()),
        _ => None,
    };
    if let Some(expected) = wrong_type {
        let expected = say.ctx.words.get(&format!("type.{expected}")).to_string();
        let p = say.at_field(field, &label, "wrong-type", Blocks::Always, &[("expected", expected)]);
        items.push(CheckItem { label: line, problem: Some(p) });
        return;
    }
    match field.kind {
        FieldKind::Confirmations => {
            let held = draft.settings.list(&field.key);
            if let Some(r) = required {
                for option in &field.options {
                    let name = option.label.get(locale);
                    let option_line = fill(field.requirement.as_ref().unwrap_or(&field.label).get(locale), &[("option", name)]);
                    let code = r.code.as_deref().unwrap_or("not-confirmed");
                    let problem = (!held.contains(&option.value))
                        .then(|| say.at_field(field, &label, code, required_blocks(r), &[("option", name.to_string())]));
                    items.push(CheckItem { label: option_line, problem });
                }
            }
            if let Some(stray) = held.iter().find(|h| field.option(h).is_none()) {
                let p = say.at_field(field, &label, "not-an-option", Blocks::Always, &[("value", stray.clone())]);
                items.push(CheckItem { label: label.clone(), problem: Some(p) });
            }
        }
        FieldKind::Confirm | FieldKind::RegionHost => {
            if let Some(r) = required.filter(|_| value.and_then(SettingValue::as_flag) != Some(true)) {
                let code = r.code.as_deref().unwrap_or("not-confirmed");
                items.push(CheckItem { label: line, problem: Some(say.at_field(field, &label, code, required_blocks(r), &region)) });
            } else if checked {
                items.push(CheckItem { label: line, problem: None });
            }
        }
        FieldKind::Secret => {
            let typed = match draft.secret(&field.key) {
                SecretDraft::New(v) => Some(token_value(field, v)),
                SecretDraft::Stored => None,
                SecretDraft::Absent => Some(String::new()),
            };
            let problem = typed.and_then(|v| text_problem(say, field, &label, &v, required));
            if checked {
                items.push(CheckItem { label: line, problem });
            }
        }
        // Its requirement speaks for it.
        FieldKind::Connection => {}
        FieldKind::Text | FieldKind::Host | FieldKind::Select | FieldKind::Platform => {
            let text = value.and_then(SettingValue::as_text).unwrap_or("");
            let chosen = field.kind == FieldKind::Select && !text.trim().is_empty();
            let problem = if chosen && field.option(text).is_none() {
                Some(say.at_field(field, &label, "not-an-option", Blocks::Always, &[("value", text.to_string())]))
            } else {
                text_problem(say, field, &label, text, required).or_else(|| duplicate(say, field, &label, draft, text))
            };
            if checked || problem.is_some() {
                items.push(CheckItem { label: line, problem });
            }
        }
    }
}

/// Another connection of the type that holds the value of a `unique` field already.
fn duplicate(say: &Say, field: &Field, label: &str, draft: &Draft, text: &str) -> Option<Problem> {
    let value = stored_form(field, text);
    if !field.unique || value.is_empty() {
        return None;
    }
    let other = say.ctx.list.sources.iter().find(|s| {
        s.source_type == draft.source_type && s.id != draft.id && s.settings.text(&field.key).is_some_and(|v| stored_form(field, v).eq_ignore_ascii_case(&value))
    })?;
    let name = other.name.clone().unwrap_or_else(|| say.name().to_string());
    let mut p = say.at_field(field, label, "duplicate", Blocks::Always, &[("value", value), ("other", name)]);
    // A field's own fix is about the form of a value; this problem is about whose it is.
    if field.problems.get("duplicate").is_none_or(|o| o.fix.is_none()) {
        p.fix = say.ctx.words.format("problem.duplicate.fix", &[("label", label)]);
    }
    Some(p)
}

/// A value as it is stored: a host bare (no scheme, path or port), other text trimmed.
fn stored_form(field: &Field, text: &str) -> String {
    let host = matches!(field.kind, FieldKind::Host | FieldKind::Platform);
    match validators::host(&Validator::default(), text) {
        Ok(h) if host => h,
        _ => text.trim().to_string(),
    }
}

/// The problem of a typed value: missing, or refused by a validator. The first error
/// speaks; a warning only when no validator refuses the value.
fn text_problem(say: &Say, field: &Field, label: &str, value: &str, required: Option<&Validator>) -> Option<Problem> {
    if value.trim().is_empty() {
        return required.map(|r| say.at_field(field, label, r.code.as_deref().unwrap_or("required"), required_blocks(r), &[]));
    }
    let found = |severity: Severity| {
        field.validators.iter().filter(|v| v.severity == severity).find_map(|v| {
            let Finding { code, args } = validators::check(v, field, value.trim()).err()?;
            let blocks = if severity == Severity::Warning { Blocks::Nothing } else { Blocks::Always };
            Some(say.at_field(field, label, v.code.as_deref().unwrap_or(code), blocks, &args))
        })
    };
    found(Severity::Error).or_else(|| found(Severity::Warning))
}

/// Settings, secrets and switches the definition does not have.
fn foreign(say: &Say, draft: &Draft) -> Vec<Problem> {
    let d = say.definition;
    let mut out = Vec::new();
    let mut refuse = |pointer: String, kind: &str, key: &str| {
        let args = [("source", say.name()), ("key", key)];
        out.push(say.general(pointer, "not-applicable", &format!("not-applicable.{kind}"), Blocks::Always, &args));
    };
    for key in draft.settings.0.keys() {
        if d.field(key).is_none_or(|f| f.kind == FieldKind::Secret) {
            refuse(format!("/settings/{}", token(key)), "setting", key);
        }
    }
    for (key, value) in &draft.secrets {
        if *value != SecretDraft::Absent && d.field(key).is_none_or(|f| f.kind != FieldKind::Secret) {
            refuse(format!("/secrets/{}", token(key)), "secret", key);
        }
    }
    for (key, on) in &draft.switches {
        if *on && d.switch(key).is_none() {
            refuse(switch_pointer(Some(key)), "switch", key);
        }
    }
    out
}

/// The checklist of `draft` and every problem that stands in the way of it, plus
/// warnings, worked out once. A change may be stored only when none of the problems has
/// [`Severity::Error`].
pub fn assess(draft: &Draft, ctx: Context) -> (Vec<CheckItem>, Vec<Problem>) {
    let Some(definition) = ctx.catalog.get(&draft.source_type) else {
        return (Vec::new(), vec![refusal(ctx.words, "", "unknown-type", &[("type", &draft.source_type)])]);
    };
    let say = Say { ctx, definition };
    let mut out = foreign(&say, draft);
    if let Some(name) = &draft.name {
        out.extend(name_problem(ctx.words, ctx.list, &draft.source_type, &draft.id, name));
    }
    for s in definition.switches.iter().filter(|s| draft.switch_on(&s.key) && !draft.upload_enabled) {
        out.push(say.stated(switch_pointer(Some(&s.key)), &s.code, &s.message, &s.fix, Blocks::Switch(s.key.clone()), &[]));
    }
    let items = checklist(draft, ctx);
    out.extend(items.iter().filter_map(|r| r.problem.clone()));
    out.retain(|p| match &p.blocks {
        Blocks::Always | Blocks::Nothing => true,
        Blocks::Upload => draft.upload_enabled,
        Blocks::Switch(k) => draft.switch_on(k),
    });
    (items, out)
}

/// Every problem that stands in the way of `draft`, plus warnings.
pub fn check(draft: &Draft, ctx: Context) -> Vec<Problem> {
    assess(draft, ctx).1
}

/// The problems that stop a change: errors, not warnings.
pub fn errors(problems: Vec<Problem>) -> Vec<Problem> {
    problems.into_iter().filter(|p| p.severity() == Severity::Error).collect()
}

pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity() == Severity::Error)
}

/// The connections that are on now and would be stranded if `id` went off: their type
/// requires a type that would have no connection on, or the one connection a field of
/// theirs chose (`through`) goes off, directly or through another that goes off with it,
/// in the order of the list.
pub fn dependents_on(id: &str, catalog: &Catalog, list: &SourceList) -> Vec<String> {
    if list.get(id).is_none() {
        return Vec::new();
    }
    let mut off: Vec<&str> = vec![id];
    loop {
        let stranded = list.sources.iter().find(|s| {
            s.upload_enabled
                && !off.contains(&s.id.as_str())
                && catalog.get(&s.source_type).is_some_and(|d| {
                    d.requires.iter().any(|r| match (bound(r, &s.settings), r.source.as_deref()) {
                        // Its own connection, on now, goes off.
                        (Some(one), _) => off.contains(&one) && list.get(one).is_some_and(|o| o.upload_enabled),
                        // A type on now that would have no connection on.
                        (None, Some(t)) => type_on(list, t, &[]) && !type_on(list, t, &off),
                        (None, None) => false,
                    })
                })
        });
        match stranded {
            Some(s) => off.push(&s.id),
            None => break,
        }
    }
    let gone: Vec<&str> = off[1..].to_vec();
    list.sources.iter().filter(|s| gone.contains(&s.id.as_str())).map(|s| s.id.clone()).collect()
}

/// The connection that provides `capability` now: of the providers that are on, the one
/// of highest priority; when none is on, the one of lowest priority.
pub fn provider<'a>(capability: Capability, catalog: &Catalog, list: &'a SourceList) -> Option<&'a DataSource> {
    let providers: Vec<(&DataSource, i32)> = list
        .sources
        .iter()
        .filter_map(|s| {
            let p = catalog.get(&s.source_type)?.provides.iter().find(|p| p.capability == capability)?;
            Some((s, p.priority))
        })
        .collect();
    let on = providers.iter().filter(|(s, _)| s.upload_enabled).max_by_key(|(_, p)| *p);
    on.or_else(|| providers.iter().min_by_key(|(_, p)| *p)).map(|(s, _)| *s)
}

/// Who provides each capability, as `World::capabilities` reports it.
pub fn capabilities(catalog: &Catalog, list: &SourceList) -> SmallMap<Capability, String> {
    Capability::ALL.into_iter().filter_map(|c| provider(c, catalog, list).map(|s| (c, s.id.clone()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{codes, patch, Fixture};
    use crate::api::DataSource;
    use serde_json::json;

    const TOKEN: &str = "00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123";

    #[test]
    fn plain_sensors_need_nothing() {
        let f = Fixture::new();
        for id in ["endpoint-sensor", "connected-endpoint-agent", "email-sensor", "network-sensor", "mobile-sensor", "azure-ad"] {
            assert!(f.turn_on(id, SourcePatch::default()).is_empty(), "{id}");
            assert!(checklist(&f.draft(id, &SourcePatch::default()), f.ctx()).is_empty(), "{id} has no checklist");
        }
    }

    #[test]
    fn web_sensor_needs_the_internet_access_service() {
        let mut f = Fixture::new();
        let p = f.turn_on("web-sensor", SourcePatch::default());
        assert_eq!(codes(&p), [("/uploadEnabled", "internet-access-service-disabled")]);
        assert_eq!(p[0].message, "The Internet Access Service is not enabled, so the Web Sensor has no web activity to send.");
        assert_eq!(
            p[0].fix,
            "Configure and enable the Internet Access Service in the Zero Trust Secure Access app (see Internet Access Configuration), then come back."
        );
        f.list.world.facts.insert("internetAccessServiceEnabled".into(), true);
        assert!(f.turn_on("web-sensor", SourcePatch::default()).is_empty());
    }

    #[test]
    fn a_connection_goes_by_its_types_name_and_its_own_and_a_new_name_is_checked() {
        let mut f = Fixture::new();
        let mut second = f.list.get("okta").unwrap().clone();
        second.id = "okta-2".into();
        second.name = Some("Acme Labs".into());
        f.list.sources.push(second);
        assert_eq!(display_name(f.list.get("okta-2").unwrap(), &f.catalog, &f.words, "en"), "Okta (Acme Labs)");
        assert_eq!(display_name(f.list.get("okta").unwrap(), &f.catalog, &f.words, "en"), "Okta");
        let p = f.check("okta", &patch(json!({"name": " acme LABS "})));
        assert_eq!(codes(&p), [("/name", "name-taken")], "another's name, in any case and trimmed");
        assert_eq!(p[0].message, "Another connection of this type is named acme LABS.");
        assert_eq!(codes(&f.check("okta", &patch(json!({"name": " "})))), [("/name", "name")]);
        assert_eq!(codes(&f.check("okta", &patch(json!({"name": "a\u{202e}b"})))), [("/name", "name")]);
        assert!(f.check("okta-2", &patch(json!({"name": "Acme labs"}))).is_empty(), "its own name in another case");
        assert!(f.check("okta", &patch(json!({"name": "Headquarters"}))).is_empty());
        // Another type's names are not compared.
        f.source_mut("azure-ad").name = Some("Headquarters".into());
        assert!(f.check("okta", &patch(json!({"name": "Headquarters"}))).is_empty());
    }

    #[test]
    fn office_365_needs_azure_ad_upload() {
        let mut f = Fixture::new();
        let p = f.turn_on("office-365", SourcePatch::default());
        assert_eq!(codes(&p), [("/uploadEnabled", "azure-ad-upload-off")]);
        assert_eq!(p[0].message, "Office 365 integration also requires that you permit data upload from Azure AD.");
        f.source_mut("azure-ad").upload_enabled = true;
        assert!(f.turn_on("office-365", SourcePatch::default()).is_empty());
    }

    #[test]
    fn threat_detection_upload_needs_cloud_app_security_and_the_upload() {
        let mut f = Fixture::new();
        f.source_mut("azure-ad").upload_enabled = true;
        let tdu = patch(json!({"switches": {"threatDetectionUpload": true}}));
        let p = f.turn_on("office-365", tdu.clone());
        assert_eq!(codes(&p), [("/switches/threatDetectionUpload", "cloud-app-security-not-connected")]);
        assert_eq!(p[0].blocks, Blocks::Switch("threatDetectionUpload".into()));
        f.list.world.facts.insert("cloudAppSecurityConnected".into(), true);
        assert!(f.turn_on("office-365", tdu.clone()).is_empty());
        let alone = f.check("office-365", &tdu);
        assert_eq!(codes(&alone), [("/switches/threatDetectionUpload", "office-365-upload-off")]);
        assert_eq!(alone[0].message, "Threat detection upload needs the Office 365 data upload permission on.");
        assert_eq!(alone[0].fix, "Turn on Data upload permission for Office 365 first.");
    }

    fn okta_ok() -> SourcePatch {
        patch(json!({"settings": {"domain": "https://acme.okta.com", "adminRole": "readOnlyAdmin"}, "secrets": {"apiToken": format!("SSWS {TOKEN}")}}))
    }

    #[test]
    fn okta_needs_domain_token_and_role_in_its_own_words() {
        let f = Fixture::new();
        let p = f.turn_on("okta", SourcePatch::default());
        assert_eq!(codes(&p), [("/settings/domain", "required"), ("/secrets/apiToken", "required"), ("/settings/adminRole", "required")]);
        assert_eq!(p[0].message, "The Okta URL domain is missing.");
        assert_eq!(p[0].fix, "Enter your Okta org domain from your Okta environment, such as acme.okta.com.");
        assert_eq!(p[1].message, "The Okta API token is missing.");
        assert_eq!(p[2].message, "Choose the administrator privilege your Okta user account holds.");
        assert!(p.iter().all(|x| x.blocks == Blocks::Upload));
        assert!(f.turn_on("okta", okta_ok()).is_empty());
    }

    #[test]
    fn two_okta_connections_may_not_share_a_domain() {
        let mut f = Fixture::new();
        let mut second = f.list.get("okta").unwrap().clone();
        (second.id, second.name) = ("okta-2".into(), Some("Acme Labs".into()));
        f.list.sources.push(second);
        f.source_mut("okta").settings = serde_json::from_value(json!({"domain": "acme.okta.com"})).unwrap();
        let p = f.turn_on("okta-2", okta_ok());
        assert_eq!(codes(&p), [("/settings/domain", "duplicate")], "https:// and case do not make another org");
        assert_eq!(p[0].message, "Okta uses acme.okta.com already: each Okta connection needs its own.");
        assert_eq!(p[0].fix, "Enter another Okta URL domain, or change the connection that has it.");
        assert_eq!(p[0].blocks, Blocks::Always, "refused on any save, not only when turning on");
        let upper = patch(json!({"settings": {"domain": "ACME.okta.com"}}));
        assert_eq!(codes(&f.check("okta-2", &upper)), [("/settings/domain", "duplicate")]);
        let p = f.check("okta", &upper);
        assert!(p.is_empty(), "a connection's own value is no duplicate: {p:?}");
        let other = patch(json!({"settings": {"domain": "labs.okta.com"}}));
        assert!(f.check("okta-2", &other).is_empty());
        // Named by its own name when it has one.
        f.source_mut("okta-2").settings = serde_json::from_value(json!({"domain": "labs.okta.com"})).unwrap();
        let p = f.check("okta", &other);
        assert_eq!(p[0].message, "Acme Labs uses labs.okta.com already: each Okta connection needs its own.");
        // A definition's own words for it come first.
        let mut defs = f.catalog.definitions().to_vec();
        let okta = defs.iter_mut().find(|d| d.id == "okta").unwrap();
        let own: crate::definition::ProblemText = serde_json::from_value(json!({"fix": {"en": "Ask who runs {label}."}})).unwrap();
        okta.fields[0].problems.insert("duplicate".into(), own);
        let mine = Fixture { catalog: Catalog::trusted(defs), list: f.list.clone(), words: f.words.clone() };
        assert_eq!(mine.check("okta", &other)[0].fix, "Ask who runs Okta URL domain.");
        // A field that is not unique may be shared: both hold the same role.
        let role = patch(json!({"settings": {"domain": "third.okta.com", "adminRole": "orgAdmin"}}));
        f.source_mut("okta-2").settings = serde_json::from_value(json!({"domain": "labs.okta.com", "adminRole": "orgAdmin"})).unwrap();
        assert!(f.check("okta", &role).is_empty());
        // Another type's value is nobody's duplicate.
        f.source_mut("okta-2").source_type = "qualys".into();
        assert!(f.check("okta", &other).is_empty());
    }

    #[test]
    fn unique_text_is_compared_as_typed_and_hosts_as_hosts() {
        let mut defs = crate::testkit::definitions();
        let qualys = defs.iter_mut().find(|d| d.id == "qualys").unwrap();
        qualys.fields.iter_mut().find(|f| f.key == "username").unwrap().unique = true;
        let catalog = Catalog::trusted(defs);
        let mut list = crate::testkit::list(&catalog);
        let mut second = list.get("qualys").unwrap().clone();
        second.id = "qualys-2".into();
        second.settings = serde_json::from_value(json!({"username": "a.example"})).unwrap();
        list.sources.push(second);
        let f = Fixture { catalog, list, words: crate::testkit::words() };
        assert!(f.check("qualys", &patch(json!({"settings": {"username": "https://a.example/x"}}))).is_empty(), "text is not read as a host");
        assert_eq!(codes(&f.check("qualys", &patch(json!({"settings": {"username": " A.example "}})))), [("/settings/username", "duplicate")]);
    }

    #[test]
    fn prepare_stores_bare_hosts_and_tokens_without_their_prefix() {
        let f = Fixture::new();
        let okta = f.catalog.get("okta").unwrap();
        let mut p = okta_ok();
        p.settings.set("adminRole", SettingValue::Text(" readOnlyAdmin ".into()));
        prepare(okta, f.list.get("okta").unwrap(), &mut p);
        assert_eq!(p.settings.text("domain"), Some("acme.okta.com"));
        assert_eq!(p.settings.text("adminRole"), Some("readOnlyAdmin"), "text is trimmed");
        assert_eq!(p.secrets.get("apiToken").unwrap().as_deref(), Some(TOKEN));
        let mut bad = patch(json!({"settings": {"domain": "http://acme.okta.com"}}));
        prepare(okta, f.list.get("okta").unwrap(), &mut bad);
        assert_eq!(bad.settings.text("domain"), Some("http://acme.okta.com"), "a refused host is left for check to report");
        let qualys = f.catalog.get("qualys").unwrap();
        let mut q = patch(json!({"settings": {"apiServer": "HTTPS://QualysAPI.Qualys.com/", "username": " svc "}, "secrets": {"password": " pw "}}));
        prepare(qualys, f.list.get("qualys").unwrap(), &mut q);
        assert_eq!(q.settings.text("apiServer"), Some("qualysapi.qualys.com"));
        assert_eq!(q.settings.text("username"), Some("svc"));
        assert_eq!(q.secrets.get("password").unwrap().as_deref(), Some("pw"));
        let mut blank = patch(json!({"secrets": {"apiToken": " \t", "stray": "  ", "other": null}}));
        prepare(okta, f.list.get("okta").unwrap(), &mut blank);
        assert_eq!(blank.secrets.keys().collect::<Vec<_>>(), ["other"], "blank keeps the stored secret; null stays, to clear it");
    }

    #[test]
    fn turning_the_upload_off_turns_secondary_switches_off() {
        let mut f = Fixture::new();
        f.source_mut("office-365").switches.insert("threatDetectionUpload".into(), true);
        let o365 = f.catalog.get("office-365").unwrap();
        let mut off = patch(json!({"uploadEnabled": false}));
        prepare(o365, f.list.get("office-365").unwrap(), &mut off);
        assert_eq!(off.switches.get("threatDetectionUpload"), Some(&false));
        let mut keep = patch(json!({"uploadEnabled": false, "switches": {"threatDetectionUpload": true}}));
        prepare(o365, f.list.get("office-365").unwrap(), &mut keep);
        assert_eq!(keep.switches.get("threatDetectionUpload"), Some(&true), "an explicit value stays, for check to refuse");
        let mut on = patch(json!({"uploadEnabled": true}));
        prepare(o365, f.list.get("office-365").unwrap(), &mut on);
        assert!(on.switches.is_empty());
    }

    #[test]
    fn okta_bad_domains_block_even_with_upload_off_and_odd_values_warn() {
        let f = Fixture::new();
        for (domain, code, message) in [
            ("http://acme.okta.com", "insecure-scheme", "Use https:// or the bare host name; http:// is not accepted."),
            ("https://acme.okta.com/api/v1", "has-path", "Enter the host name only, without a path."),
            ("acme-admin.okta.com", "admin-host", "Use your Okta org domain, not the -admin console domain: remove \"-admin\"."),
            ("https://{yourOktaDomain}", "placeholder", "Replace {yourOktaDomain} with your own Okta domain, such as acme.okta.com."),
            ("аcme.okta.com", "non-ascii", "The host name contains “а” (U+0430), which is not a Latin letter, though it may look like one."),
        ] {
            let p = f.check("okta", &patch(json!({"settings": {"domain": domain}})));
            assert_eq!(codes(&p), [("/settings/domain", code)], "{domain}");
            assert_eq!(p[0].message, message);
            assert_eq!(p[0].blocks, Blocks::Always);
            if code != "non-ascii" {
                assert_eq!(p[0].fix, "Enter the domain as acme.okta.com or https://acme.okta.com.");
            }
            assert!(has_errors(&p));
        }
        let odd = patch(json!({"settings": {"domain": "login.acme.example", "adminRole": "superAdmin"}, "secrets": {"apiToken": "short"}}));
        let p = f.turn_on("okta", odd);
        assert_eq!(codes(&p), [("/settings/domain", "custom-domain"), ("/secrets/apiToken", "unusual-token")]);
        assert_eq!(p[0].message, "This is not an okta.com, oktapreview.com or okta-emea.com domain.");
        assert_eq!(p[1].message, "Okta API tokens are usually 42 letters, digits, - or _, starting with 00.");
        assert!(!has_errors(&p));
        for token in [&TOKEN[1..], &TOKEN.replacen("00", "11", 1), &TOKEN.replace('_', "!")] {
            let p = f.turn_on("okta", patch(json!({"settings": {"domain": "a.okta.com", "adminRole": "appAdmin"}, "secrets": {"apiToken": token}})));
            assert_eq!(codes(&p), [("/secrets/apiToken", "unusual-token")], "{token}");
        }
    }

    #[test]
    fn a_stored_secret_counts_and_a_cleared_one_does_not() {
        let mut f = Fixture::new();
        let okta = f.source_mut("okta");
        okta.secrets_set.insert("apiToken".into(), true);
        okta.settings = serde_json::from_value(json!({"domain": "acme.okta.com", "adminRole": "appAdmin"})).unwrap();
        assert!(f.turn_on("okta", SourcePatch::default()).is_empty());
        assert_eq!(codes(&f.turn_on("okta", patch(json!({"secrets": {"apiToken": null}})))), [("/secrets/apiToken", "required")]);
        assert!(f.turn_on("okta", patch(json!({"secrets": {"apiToken": "  "}}))).is_empty(), "a blank value keeps the stored one");
        assert_eq!(f.draft("okta", &patch(json!({"secrets": {"apiToken": ""}}))).secrets["apiToken"], SecretDraft::Stored);
    }

    fn qualys_ok() -> SourcePatch {
        patch(json!({
            "settings": {"apiServer": "qualysapi.qg2.apps.qualys.eu", "username": "svc",
                         "permissions": ["readerRole", "readAsset", "apiAccess", "assetGroups"], "replacesEndpointSensor": true},
            "secrets": {"password": "pw"}
        }))
    }

    #[test]
    fn qualys_needs_server_account_permissions_and_acknowledgement() {
        let f = Fixture::new();
        let p = f.turn_on("qualys", SourcePatch::default());
        let c = codes(&p);
        assert_eq!(c[0], ("/settings/apiServer", "required"));
        assert_eq!(c[1], ("/settings/username", "required"));
        assert_eq!(c[2], ("/secrets/password", "required"));
        assert_eq!(c.iter().filter(|x| x.1 == "permission-not-confirmed").count(), 4);
        assert_eq!(c.last().unwrap(), &("/settings/replacesEndpointSensor", "not-confirmed"));
        assert_eq!(p[3].message, "The account must have \"Role: Reader\".");
        assert_eq!(p[3].fix, "Grant \"Role: Reader\" to the account in Qualys, then confirm it here.");
        assert_eq!(
            p[7].message,
            "Qualys becomes the vulnerability detection source instead of the Endpoint Sensor, and provides only CVE detection data and limited device information."
        );

        assert!(f.turn_on("qualys", qualys_ok()).is_empty());
        let mut two = qualys_ok();
        two.settings.set("permissions", SettingValue::List(vec!["readerRole".into(), "apiAccess".into()]));
        assert_eq!(f.turn_on("qualys", two).len(), 2);
        for (host, code) in [
            ("scanner.example.com", "not-platform-host"),
            ("qualysapi.qualysapi.corp.example", "doubled-prefix"),
            ("http://qualysapi.qualys.com", "insecure-scheme"),
            ("qualysapi.acme-cloud.example", ""),
            ("https://qualysapi.qualys.com/", ""),
        ] {
            let mut p = qualys_ok();
            p.settings.set("apiServer", SettingValue::Text(host.into()));
            let found = f.turn_on("qualys", p);
            assert_eq!(codes(&found).first().map_or("", |c| c.1), code, "{host}");
        }
        let mut private = qualys_ok();
        private.settings.set("apiServer", SettingValue::Text("scanner.example.com".into()));
        let p = f.turn_on("qualys", private);
        assert_eq!(p[0].message, "Pick your Qualys platform, or enter your private cloud's API host, which starts with qualysapi.");
        assert_eq!(p[0].fix, "Pick your platform from the list, or enter a host that starts with qualysapi.");
    }

    #[test]
    fn splunk_needs_app_token_and_the_regions_firewall_exception() {
        let f = Fixture::new();
        let p = f.turn_on("splunk", SourcePatch::default());
        assert_eq!(
            codes(&p),
            [("/settings/appInstalled", "not-confirmed"), ("/secrets/apiToken", "required"), ("/settings/firewallException", "not-confirmed")]
        );
        assert_eq!(p[2].message, "Splunk must be able to reach ingestor-eu.xdr.trendmicro.com (Europe).");
        assert_eq!(p[2].fix, "Allow outbound HTTPS to ingestor-eu.xdr.trendmicro.com in your firewall, then confirm it here.");
        let items = checklist(&f.draft("splunk", &SourcePatch::default()), f.ctx());
        assert_eq!(items[2].label, "Firewall exception for ingestor-eu.xdr.trendmicro.com");
        let ok = patch(json!({"settings": {"appInstalled": true, "firewallException": true}, "secrets": {"apiToken": "splunk-token"}}));
        assert!(f.turn_on("splunk", ok).is_empty());
    }

    #[test]
    fn settings_secrets_and_switches_of_another_source_are_refused() {
        let f = Fixture::new();
        let p = f.check("splunk", &patch(json!({"settings": {"domain": "a.okta.com"}})));
        assert_eq!(codes(&p), [("/settings/domain", "not-applicable")]);
        assert_eq!(p[0].message, "Splunk - Network Firewall / Web Gateway Logs has no setting \"domain\".");
        assert_eq!(p[0].fix, "Remove this setting from the request.");
        let t = f.check("okta", &patch(json!({"switches": {"threatDetectionUpload": true}})));
        assert_eq!(codes(&t), [("/switches/threatDetectionUpload", "not-applicable")]);
        assert!(f.check("okta", &patch(json!({"switches": {"threatDetectionUpload": false}}))).is_empty(), "off is harmless");
        let on_qualys = f.check("qualys", &patch(json!({"secrets": {"apiToken": "x"}})));
        assert_eq!(codes(&on_qualys), [("/secrets/apiToken", "not-applicable")]);
        assert!(has_errors(&on_qualys));
        assert!(!has_errors(&f.check("okta", &patch(json!({"secrets": {"apiToken": "x"}})))), "Okta takes an API token");
        let secret_as_setting = f.check("okta", &patch(json!({"settings": {"apiToken": "x"}})));
        assert_eq!(codes(&secret_as_setting), [("/settings/apiToken", "not-applicable")]);
        let setting_as_secret = f.check("okta", &patch(json!({"secrets": {"domain": "x"}})));
        assert_eq!(codes(&setting_as_secret), [("/secrets/domain", "not-applicable")]);
    }

    #[test]
    fn values_of_the_wrong_type_or_outside_the_choices_are_refused() {
        let f = Fixture::new();
        let p = f.check("okta", &patch(json!({"settings": {"domain": true}})));
        assert_eq!(codes(&p), [("/settings/domain", "wrong-type")]);
        assert_eq!(p[0].message, "Okta URL domain must be text.");
        let p = f.check("splunk", &patch(json!({"settings": {"appInstalled": "yes"}})));
        assert_eq!(codes(&p), [("/settings/appInstalled", "wrong-type")]);
        assert!(p[0].message.ends_with("must be true or false."));
        let p = f.check("qualys", &patch(json!({"settings": {"permissions": "readAsset"}})));
        assert_eq!(codes(&p), [("/settings/permissions", "wrong-type")]);
        let p = f.check("okta", &patch(json!({"settings": {"adminRole": "godMode"}})));
        assert_eq!(codes(&p), [("/settings/adminRole", "not-an-option")]);
        assert_eq!(p[0].message, "\"godMode\" is not one of the choices for Administrator privilege of the Okta account.");
        let p = f.check("qualys", &patch(json!({"settings": {"permissions": ["readAsset", "rootAccess"]}})));
        assert_eq!(codes(&p), [("/settings/permissions", "not-an-option")]);
        assert!(f.check("okta", &patch(json!({"settings": {"adminRole": ""}}))).is_empty(), "blank clears the choice");
    }

    #[test]
    fn prerequisites_do_not_block_while_upload_stays_off() {
        let f = Fixture::new();
        for s in &f.list.sources {
            assert!(!has_errors(&f.check(&s.id, &SourcePatch::default())), "{}", s.id);
        }
    }

    #[test]
    fn checklist_items_are_met_or_carry_a_fix() {
        let f = Fixture::new();
        let items = checklist(&f.draft("okta", &SourcePatch::default()), f.ctx());
        assert_eq!(
            items.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(),
            ["Okta URL domain", "Okta API token", "Okta account holds one of the six administrator privileges"]
        );
        assert!(items.iter().all(|i| !i.met() && !i.problem.as_ref().unwrap().fix.is_empty()));
        let met = checklist(&f.draft("okta", &okta_ok()), f.ctx());
        assert_eq!(met.len(), 3, "met items stay on the list");
        assert!(met.iter().all(CheckItem::met));
        let q = checklist(&f.draft("qualys", &SourcePatch::default()), f.ctx());
        assert_eq!(q[3].label, "Account permission: Role: Reader");
        assert_eq!(q.len(), 8);
        let warned = CheckItem { label: String::new(), problem: Some(Problem { blocks: Blocks::Nothing, ..f.turn_on("okta", SourcePatch::default())[0].clone() }) };
        assert!(warned.met(), "a warning does not leave an item unmet");
    }

    #[test]
    fn errors_are_the_problems_that_are_not_warnings() {
        let f = Fixture::new();
        let odd = patch(json!({"settings": {"domain": "login.acme.example", "adminRole": "superAdmin"}, "secrets": {"apiToken": "short"}}));
        assert_eq!(f.turn_on("okta", odd.clone()).len(), 2);
        assert!(errors(f.turn_on("okta", odd)).is_empty(), "two warnings, no error");
        let missing = errors(f.turn_on("okta", SourcePatch::default()));
        assert_eq!(missing.len(), 3);
        assert!(has_errors(&missing) && !has_errors(&[]));
    }

    #[test]
    fn a_blank_secret_is_no_secret_at_all() {
        let f = Fixture::new();
        let blank = patch(json!({"secrets": {"apiToken": "  "}}));
        assert_eq!(f.draft("email-sensor", &blank).secrets.get("apiToken"), None);
        assert!(f.check("email-sensor", &blank).is_empty(), "nothing to refuse: a blank value clears, and there is none");
        assert_eq!(codes(&f.check("email-sensor", &patch(json!({"secrets": {"apiToken": "x"}})))), [("/secrets/apiToken", "not-applicable")]);
    }

    /// A definition with fields of `kinds`, each checked by `validators`, for the engine's
    /// corners no built-in source reaches.
    fn with_field(kind: FieldKind, validators: serde_json::Value) -> Fixture {
        let mut f = Fixture::new();
        let mut d = f.catalog.get("okta").unwrap().clone();
        d.id = "custom".into();
        d.fields = vec![serde_json::from_value(json!({
            "key": "value", "kind": kind, "label": {"en": "Value"}, "validators": validators,
            "options": if matches!(kind, FieldKind::Select) { json!([{"value": "a", "label": {"en": "A"}}]) } else { json!([]) }
        }))
        .unwrap()];
        let mut defs = f.catalog.definitions().to_vec();
        defs.push(d.clone());
        f.catalog = Catalog::trusted(defs);
        f.list.sources.push(DataSource::unconfigured("custom", &d));
        f
    }

    #[test]
    fn an_error_speaks_before_a_warning_listed_first() {
        let f = with_field(
            FieldKind::Text,
            json!([{"kind": "length", "min": 5, "severity": "warning"}, {"kind": "pattern", "prefix": "C"}]),
        );
        let p = f.check("custom", &patch(json!({"settings": {"value": "Xab"}})));
        assert_eq!(codes(&p), [("/settings/value", "wrong-prefix")]);
        assert!(has_errors(&p), "the value is refused, not stored with a warning");
        assert_eq!(codes(&f.check("custom", &patch(json!({"settings": {"value": "Cab"}})))), [("/settings/value", "too-short")]);
    }

    #[test]
    fn general_words_name_the_value_and_the_label_filled_in() {
        let f = with_field(FieldKind::Text, json!([{"kind": "oneOf", "values": ["a"]}]));
        let p = f.check("custom", &patch(json!({"settings": {"value": "b"}})));
        assert_eq!(p[0].message, "\"b\" is not one of the choices for Value.");
        let mut f = Fixture::new();
        let mut splunk = f.catalog.get("splunk").unwrap().clone();
        splunk.fields[2].problems.clear();
        let mut defs = f.catalog.definitions().to_vec();
        defs.retain(|d| d.id != "splunk");
        defs.push(splunk);
        f.catalog = Catalog::trusted(defs);
        let p = f.turn_on("splunk", patch(json!({"settings": {"appInstalled": true}, "secrets": {"apiToken": "t"}})));
        assert_eq!(p[0].message, "The firewall allows Splunk to reach ingestor-eu.xdr.trendmicro.com: not confirmed yet.");
    }

    #[test]
    fn a_secrets_words_quote_nothing_of_it() {
        let f = with_field(FieldKind::Secret, json!([{"kind": "pattern", "allowed": "a-z"}]));
        let p = f.check("custom", &patch(json!({"secrets": {"value": "abc§def"}})));
        assert_eq!(codes(&p), [("/secrets/value", "bad-character")]);
        assert_eq!(p[0].message, "Value contains a character it cannot take; it takes only a–z.");
        assert!(!p[0].message.contains('§') && !p[0].fix.contains('§'));
        let text = with_field(FieldKind::Text, json!([{"kind": "pattern", "allowed": "a-z"}]));
        let p = text.check("custom", &patch(json!({"settings": {"value": "abc§def"}})));
        assert!(p[0].message.contains("“§”"), "a setting's words may quote it: {}", p[0].message);
    }

    #[test]
    fn a_stray_confirmation_is_named_at_the_fields_label() {
        let f = Fixture::new();
        let items = checklist(&f.draft("qualys", &patch(json!({"settings": {"permissions": ["readerRole", "root"]}}))), f.ctx());
        let stray = items.iter().find(|i| i.problem.as_ref().is_some_and(|p| p.code == "not-an-option")).unwrap();
        assert_eq!(stray.label, "The Qualys account has these permissions");
        assert_eq!(stray.problem.as_ref().unwrap().message, "\"root\" is not one of the choices for The Qualys account has these permissions.");
    }

    #[test]
    fn pointers_escape_the_keys_a_client_sends() {
        let f = Fixture::new();
        let p = f.check("email-sensor", &patch(json!({"settings": {"a/b~c": "x"}})));
        assert_eq!(codes(&p), [("/settings/a~1b~0c", "not-applicable")]);
    }

    #[test]
    fn prepare_rewrites_hosts_only_where_the_field_is_about_a_host() {
        let prepared = |f: &Fixture, value: &str| {
            let mut p = patch(json!({"settings": {"value": value}}));
            prepare(f.catalog.get("custom").unwrap(), f.list.get("custom").unwrap(), &mut p);
            p.settings.text("value").unwrap().to_string()
        };
        let plain_text = with_field(FieldKind::Text, json!([]));
        assert_eq!(prepared(&plain_text, " Svc.Risk "), "Svc.Risk", "text that looks like a host stays as typed, trimmed");
        let host_kind = with_field(FieldKind::Host, json!([]));
        assert_eq!(prepared(&host_kind, "HTTP://Acme.Example/x"), "acme.example", "a host field is a host even unchecked");
        let checked_text = with_field(FieldKind::Text, json!([{"kind": "host", "noPath": true}]));
        assert_eq!(prepared(&checked_text, "https://Acme.Example/"), "acme.example", "a host validator makes it a host");
        assert_eq!(prepared(&checked_text, "not a host"), "not a host");
        let strict_second = with_field(
            FieldKind::Host,
            json!([{"kind": "host", "suffixes": [".example"], "severity": "warning"}, {"kind": "host", "noPath": true}]),
        );
        assert_eq!(prepared(&strict_second, "https://acme.example/path"), "https://acme.example/path", "the strict rules keep a refused path for check");
    }

    #[test]
    fn an_unchecked_choice_outside_the_options_is_still_refused() {
        let f = with_field(FieldKind::Select, json!([]));
        assert!(checklist(&f.draft("custom", &SourcePatch::default()), f.ctx()).is_empty(), "nothing to check, no line");
        let p = f.check("custom", &patch(json!({"settings": {"value": "b"}})));
        assert_eq!(codes(&p), [("/settings/value", "not-an-option")]);
        assert!(f.check("custom", &patch(json!({"settings": {"value": "a"}}))).is_empty());
    }

    #[test]
    fn a_type_the_catalog_lacks_is_refused() {
        let mut f = Fixture::new();
        f.source_mut("okta").source_type = "gone".into();
        let p = f.check("okta", &SourcePatch::default());
        assert_eq!(codes(&p), [("", "unknown-type")]);
        assert_eq!(p[0].message, "There is no source type \"gone\" in the catalog.");
        assert!(checklist(&f.draft("okta", &SourcePatch::default()), f.ctx()).is_empty());
    }

    #[test]
    fn dependents_and_the_vulnerability_provider_follow_uploads() {
        let mut f = Fixture::new();
        assert!(dependents_on("azure-ad", &f.catalog, &f.list).is_empty());
        let vuln = |f: &Fixture| provider(Capability::VulnerabilityDetection, &f.catalog, &f.list).unwrap().id.clone();
        assert_eq!(vuln(&f), "endpoint-sensor", "with nothing on, the lowest priority stands");
        f.source_mut("azure-ad").upload_enabled = true;
        assert!(dependents_on("azure-ad", &f.catalog, &f.list).is_empty(), "Office 365 is off: nothing to take along");
        f.source_mut("office-365").upload_enabled = true;
        f.source_mut("qualys").upload_enabled = true;
        assert_eq!(dependents_on("azure-ad", &f.catalog, &f.list), ["office-365"]);
        assert!(dependents_on("okta", &f.catalog, &f.list).is_empty());
        assert!(dependents_on("nope", &f.catalog, &f.list).is_empty());
        assert_eq!(vuln(&f), "qualys");
        f.source_mut("endpoint-sensor").upload_enabled = true;
        assert_eq!(vuln(&f), "qualys", "the highest priority that is on");
        f.source_mut("qualys").upload_enabled = false;
        assert_eq!(vuln(&f), "endpoint-sensor");
        assert_eq!(capabilities(&f.catalog, &f.list).get(&Capability::VulnerabilityDetection).map(String::as_str), Some("endpoint-sensor"));

        // Office 365 needs its own Azure AD tenant, not any: the first while it names none.
        let mut second = f.list.get("azure-ad").unwrap().clone();
        second.id = "azure-ad-2".into();
        second.name = Some("Contoso EU".into());
        second.upload_enabled = true;
        f.list.sources.push(second);
        assert_eq!(dependents_on("azure-ad", &f.catalog, &f.list), ["office-365"], "bound to the first");
        assert!(dependents_on("azure-ad-2", &f.catalog, &f.list).is_empty());
        let other = patch(json!({"settings": {"tenant": "azure-ad-2"}}));
        f.source_mut("office-365").settings = other.settings.clone();
        assert!(dependents_on("azure-ad", &f.catalog, &f.list).is_empty(), "another tenant's Office 365 stays");
        assert_eq!(dependents_on("azure-ad-2", &f.catalog, &f.list), ["office-365"]);
        f.source_mut("azure-ad").upload_enabled = false;
        f.source_mut("office-365").upload_enabled = false;
        assert!(f.turn_on("office-365", SourcePatch::default()).is_empty(), "its tenant is on");
        f.source_mut("azure-ad-2").upload_enabled = false;
        f.source_mut("azure-ad").upload_enabled = true;
        let p = f.turn_on("office-365", SourcePatch::default());
        assert_eq!(p[0].message, "Office 365 integration also requires that you permit data upload from Azure AD (Contoso EU).", "the chosen tenant is named, and another that is on does not count");
        assert_eq!(p[0].fix, "Turn on Data upload permission for Azure AD (Contoso EU) first.");
        let p = f.turn_on("office-365", patch(json!({"settings": {"tenant": "azure-ad-gone"}})));
        assert_eq!(codes(&p), [("/uploadEnabled", "azure-ad-upload-off")], "a tenant that is not there is not on");
        assert!(p[0].message.ends_with("from Azure AD."), "{}", p[0].message);
        f.source_mut("okta").upload_enabled = true;
        let p = f.turn_on("office-365", patch(json!({"settings": {"tenant": "okta"}})));
        assert_eq!(codes(&p), [("/uploadEnabled", "azure-ad-upload-off")], "only a connection of the required type, even one that is on");
    }
}

#[cfg(test)]
mod chains {
    use super::*;
    use crate::testkit::{patch, Fixture};
    use serde_json::json;

    /// The catalog with "relay" requiring Office 365, which requires Azure AD.
    fn chained() -> Fixture {
        let mut f = Fixture::new();
        let mut relay = f.catalog.get("email-sensor").unwrap().clone();
        relay.id = "relay".into();
        relay.requires = vec![serde_json::from_value(json!({
            "source": "office-365", "label": {"en": "Office 365 on"}, "code": "office-365-off",
            "message": {"en": "Relay needs Office 365."}, "fix": {"en": "Turn on Office 365."}
        }))
        .unwrap()];
        let mut defs = f.catalog.definitions().to_vec();
        defs.push(relay.clone());
        f.catalog = Catalog::trusted(defs);
        f.list.sources.push(DataSource::unconfigured("relay", &relay));
        f
    }

    #[test]
    fn turning_off_a_source_strands_the_chain_that_needs_it() {
        let mut f = chained();
        for id in ["azure-ad", "office-365", "relay", "email-sensor"] {
            f.source_mut(id).upload_enabled = true;
        }
        assert_eq!(dependents_on("azure-ad", &f.catalog, &f.list), ["office-365", "relay"]);
        assert_eq!(dependents_on("office-365", &f.catalog, &f.list), ["relay"]);
        assert!(dependents_on("relay", &f.catalog, &f.list).is_empty());
        assert!(dependents_on("email-sensor", &f.catalog, &f.list).is_empty());
    }

    #[test]
    fn a_dependent_already_without_its_source_is_not_stranded_by_another() {
        let mut f = chained();
        f.source_mut("relay").upload_enabled = true;
        f.source_mut("email-sensor").upload_enabled = true;
        assert!(dependents_on("email-sensor", &f.catalog, &f.list).is_empty());
        let p = f.turn_on("relay", patch(json!({})));
        assert_eq!(p[0].message, "Relay needs Office 365.");
    }

    #[test]
    fn a_requirement_without_a_field_to_choose_is_met_by_any_connection_of_its_type() {
        let mut f = chained();
        let mut second = f.list.get("office-365").unwrap().clone();
        second.id = "office-365-2".into();
        second.upload_enabled = true;
        f.list.sources.push(second);
        assert!(f.turn_on("relay", patch(json!({}))).is_empty(), "the second Office 365 is on");
    }
}
