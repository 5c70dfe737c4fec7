//! The panel's one reducer: the catalog and the words, the server snapshot, the user's
//! drafts, requests in flight and errors. Pure Rust, tested natively; components render it
//! and send [`Action`]s. It knows field kinds and rules, never a particular source.

use std::rc::Rc;

use rds_domain::api::{CheckDraft, CheckOutcome, CheckResult, ConnectionState, DataSource, FieldError, SourceList, SourcePatch};
use rds_domain::definition::{Definition, Factor};
use rds_domain::factors;
use rds_domain::rules::{self, errors, Blocks, CheckItem, Context, Draft, Problem};
use rds_domain::small_map::{SmallMap, SmallSet};
use rds_domain::{Catalog, SettingValue, Settings};

use crate::api_error::ApiError;
use crate::filter::Filter;
use crate::shared::Shared;
use crate::words::Words;

#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Failed(Shared<ApiError>),
    Ready,
}

/// What a switch or button asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Save the draft as it is.
    Save,
    /// Move the data upload switch.
    Upload(bool),
    /// Move the secondary switch with this key.
    Switch(String, bool),
}

/// Whether turning a source off still has to ask the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    Ask,
    Given,
}

/// One change to a draft field, by the field's key.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new value of a setting.
    Set(String, SettingValue),
    /// One option of a `confirmations` field ticked or not.
    Choose(String, String, bool),
    /// A new secret value; `None` asks the server to clear it.
    Secret(String, Option<String>),
    /// Stop replacing a configured secret: the stored one stays.
    KeepSecret(String),
    /// A `platform` field's list: a listed platform's host, or `None` for a private one,
    /// whose host the user then types (and whose input stays while they do).
    Platform(String, Option<String>),
}

impl Edit {
    /// The JSON pointer of the field this edit touches.
    pub fn pointer(&self) -> String {
        match self {
            Edit::Set(k, _) | Edit::Choose(k, ..) | Edit::Platform(k, _) => format!("/settings/{k}"),
            Edit::Secret(k, _) | Edit::KeepSecret(k) => format!("/secrets/{k}"),
        }
    }
}

/// A switch that needs a second look first: turning a source off that others rely on or
/// that warns, or turning one on whose connection test could not reach the service.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub id: String,
    pub dependents: Vec<String>,
    pub ask: Ask,
    /// Why the server refused what it asked for, shown in the dialog.
    pub refused: Option<String>,
    /// Its request is on its way.
    pub busy: bool,
}

/// What the dialog asks before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    TurnOff,
    /// Turning on although the test could not tell whether the connection works.
    TurnOnUntested,
    /// Removing a connection added beside the first of its type.
    Remove,
}

/// The dialog that names a connection: a new one of a type, or one to rename.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Naming {
    /// The type to add a connection of, or the connection to rename.
    pub target: String,
    pub adding: bool,
    /// What the user typed, kept through a refusal.
    pub value: String,
    /// Why it was refused, shown at the input.
    pub error: Option<String>,
    pub busy: bool,
}

/// A test of the connection with the values on screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// Running; with `true`, the source turns on if it passes.
    Running(bool),
    /// Its result; `stale` once a field changed since.
    Done { result: Shared<CheckResult>, stale: bool },
    /// It did not run (the panel's server did not answer, or refused), with what to say.
    Failed(Shared<ApiError>, String),
}

/// One risk factor as its section shows it: how many connections feed it, how many of
/// them deliver data, and the first [`NAMED`] by name, each on or not.
#[derive(Clone, Debug, PartialEq)]
pub struct FactorFeeds {
    pub factor: Factor,
    pub fed: usize,
    pub on: usize,
    pub named: Vec<(String, bool)>,
}

/// How many sources a factor names; the rest it counts. A console with hundreds of sources
/// would otherwise list and lay out each of them under every factor on every change.
pub const NAMED: usize = 12;

/// How many more sources each "Show more" lists.
pub const PAGE: usize = 50;

/// The `code` of a field error that a connection test found: such errors go when the next
/// test starts.
pub const TEST_ERROR: &str = "connection-test";

#[derive(Clone, Debug, PartialEq)]
pub enum Highlight {
    Factor(Factor),
    Source(String),
}

impl Highlight {
    /// Reads `#factor=<id>` or `#source=<id>`, beside a filter's pairs or alone.
    pub fn from_hash(hash: &str) -> Option<Highlight> {
        crate::filter::pairs(hash).find_map(|(key, v)| match key {
            "factor" => Factor::parse(v).map(Highlight::Factor),
            "source" if rds_domain::catalog::url_safe(v) => Some(Highlight::Source(v.to_string())),
            _ => None,
        })
    }

    pub fn includes(&self, id: &str, catalog: &Catalog, list: &SourceList) -> bool {
        match self {
            Highlight::Factor(f) => factors::feeds_from(*f, id, catalog, list),
            Highlight::Source(s) => s == id,
        }
    }

    /// The source that receives focus.
    pub fn first_source(&self, catalog: &Catalog, list: &SourceList) -> Option<String> {
        match self {
            Highlight::Factor(f) => factors::feeds(*f, catalog, list).first().map(|s| s.source.id.clone()),
            Highlight::Source(s) => list.get(s).map(|s| s.id.clone()),
        }
    }
}

/// A save that failed: why, and what it left undone, in words.
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    pub title: String,
}

/// A 422's error at a field in the panel's own words, in the reader's language, where the
/// panel's rules see the same problem (`code`) at the same place among `problems`; else as
/// the server wrote it.
pub fn say(e: &FieldError, problems: &[Problem], w: &Words) -> String {
    problems
        .iter()
        .find(|p| p.pointer == e.pointer && p.code == e.code)
        .map_or_else(|| e.detail.clone(), |p| w.sentences(&p.message, &p.fix))
}

/// Per-source view state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceUi {
    pub open: bool,
    pub saving: bool,
    /// Fields the user typed into and left, or tried to submit; their problems show from then on.
    pub touched: SmallSet<String>,
    /// Field errors the server sent with a 422, by pointer.
    pub server_errors: SmallMap<String, FieldError>,
    /// A failure that is not about one field, with a retry.
    pub error: Option<Shared<Failure>>,
    pub notice: Option<String>,
    /// Configured secrets the user chose to replace.
    pub replacing: SmallSet<String>,
    /// Secret inputs shown as plain text.
    pub revealed: SmallSet<String>,
    pub consent_url: Option<String>,
    /// `platform` fields that show the input of a private host: chosen from the list or
    /// typed into, so it never vanishes while the user types, whatever the text says.
    pub private: SmallSet<String>,
    /// The source changed elsewhere (another administrator) while a draft of it was open.
    pub changed_elsewhere: bool,
    /// What the last save asked for, so Retry repeats it.
    pub last_intent: Option<(Intent, Confirmation)>,
    in_flight: Option<SourcePatch>,
    pub test: Option<Test>,
}

impl SourceUi {
    /// The server's version after a 412, shown beside the user's draft.
    pub fn theirs(&self) -> Option<DataSource> {
        match self.error.as_deref() {
            Some(Failure { error: ApiError::Stale(Some(theirs)), .. }) => Some((**theirs).clone()),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Reload,
    Loaded(Rc<Catalog>, SourceList),
    LoadFailed(ApiError),
    /// Another language: its words, the catalog in it, and a fresh list taken as
    /// [`Action::Refreshed`] takes it. Drafts and everything open stay.
    Language(Rc<Words>, Rc<Catalog>, SourceList),
    /// A fresh list, after a save or a look for changes made elsewhere: the snapshot
    /// changes, drafts stay.
    Refreshed(SourceList),
    ToggleOpen(String),
    Edit(String, Edit),
    Touch(String, String),
    /// The user asked for `intent` while these problems stand: show each at its field.
    ShowProblems(String, Intent, Vec<Problem>),
    AskConfirm(Confirm),
    CloseConfirm,
    SaveStarted(String, SourcePatch, Intent, Confirmation),
    Saved(String, DataSource),
    SaveFailed(String, ApiError),
    KeepMine(String),
    UseTheirs(String),
    /// Shows or hides what was typed into a secret input.
    Reveal(String, String, bool),
    ConsentOpened(String, String),
    /// The backend reports the outcome of a consent: announce it.
    ConsentDone(String, ConnectionState),
    /// A connection test started; with `true`, to turn the source on if it passes.
    TestStarted(String, bool),
    /// A test's result; `true` when the values on screen changed while it ran, so that it
    /// no longer speaks for them.
    TestDone(String, CheckResult, bool),
    TestFailed(String, ApiError),
    TestCancelled(String),
    Highlight(Highlight),
    Announce(String),
    /// One part of the list's filter (by its fragment key, `q` for the search) set anew.
    Filter(&'static str, String),
    /// The whole filter, as a fragment holds it.
    Filtered(Filter),
    /// Lists the next page of the sources that match.
    ShowMore,
    /// Opens the naming dialog: to add a connection of a type (`true`), or to rename one.
    Name(String, bool),
    NameInput(String),
    NameSent,
    NameRefused(String),
    CloseNaming,
    Added(DataSource),
    Renamed(DataSource),
    Removed(String),
    RemoveSent,
    RemoveRefused(String, String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub load: Load,
    pub words: Rc<Words>,
    pub catalog: Rc<Catalog>,
    /// Shared between the states before and after an action: a thousand sources are not
    /// copied for each keystroke, only when the list itself changes.
    pub list: Option<Rc<SourceList>>,
    pub drafts: SmallMap<String, SourcePatch>,
    pub ui: SmallMap<String, SourceUi>,
    pub highlight: Option<Highlight>,
    /// Counts highlight requests, so the same factor clicked twice moves focus twice.
    pub highlight_seq: u32,
    pub confirm: Option<Confirm>,
    pub naming: Option<Naming>,
    /// What feeds each risk factor, in [`Factor::ALL`]'s order.
    pub factors: Rc<Vec<FactorFeeds>>,
    /// What the source list shows.
    pub filter: Filter,
    /// How many of the sources that match it are listed: a page at a time, so that a
    /// console of a thousand sources builds fifty cards on each change, not a thousand.
    pub listed: usize,
    /// A source listed even past that, until the list is filtered again: one just added.
    pub pinned: Option<String>,
    /// The element a closing dialog gives focus to, when what it did moved it elsewhere
    /// than the control that opened it (a new card, or the Add button after a removal).
    pub refocus: Option<String>,
    /// The latest message for the live region.
    pub announcement: String,
}

/// What a save attempt should do.
#[derive(Clone, Debug, PartialEq)]
pub enum SavePlan {
    /// Prerequisites are unmet; nothing is sent.
    Blocked(Vec<Problem>),
    Confirm(Confirm),
    Send { patch: SourcePatch, version: u64 },
    /// Nothing loaded yet, or a save is already running.
    Nothing,
}

impl State {
    /// A fresh state in `words`' language, with non-secret drafts restored from an earlier
    /// visit.
    pub fn new(words: Rc<Words>, restored: SmallMap<String, Settings>) -> State {
        let drafts = restored
            .into_iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(id, settings)| (id, SourcePatch { settings, ..Default::default() }))
            .collect();
        State {
            load: Load::Loading,
            words,
            catalog: Rc::default(),
            list: None,
            drafts,
            ui: SmallMap::new(),
            highlight: None,
            highlight_seq: 0,
            confirm: None,
            naming: None,
            factors: Rc::default(),
            filter: Filter::default(),
            listed: PAGE,
            pinned: None,
            refocus: None,
            announcement: String::new(),
        }
    }

    pub fn source(&self, id: &str) -> Option<&DataSource> {
        self.list.as_ref().and_then(|l| l.get(id))
    }

    pub fn definition(&self, id: &str) -> Option<&Definition> {
        self.source(id).and_then(|s| self.catalog.get(&s.source_type))
    }

    /// A connection's name in the reader's language (its type's name).
    pub fn name(&self, id: &str) -> String {
        self.source(id).map_or_else(|| id.to_string(), |s| self.name_of(s))
    }

    /// [`State::name`] of a source in hand: no lookup by id in a list of a thousand.
    pub fn name_of(&self, s: &DataSource) -> String {
        rules::display_name(s, &self.catalog, &self.words.bundle, &self.words.locale)
    }

    /// Whether the list shows `s` at `now` (Unix seconds): it matches the search and every
    /// filter set.
    pub fn shown(&self, s: &DataSource, now: i64) -> bool {
        let f = &self.filter;
        let Some(d) = self.catalog.get(&s.source_type) else { return false };
        let in_state = match f.state.as_str() {
            "on" => s.upload_enabled,
            "off" => !s.upload_enabled,
            "pending" => s.status.state == ConnectionState::Pending,
            "error" => s.status.state == ConnectionState::Error,
            "stale" => self.quiet(s, now).is_some(),
            _ => true,
        };
        let l = &self.words.locale;
        in_state
            && (f.group.is_empty() || d.group.id == f.group)
            && (f.feeds.is_empty() || d.feeds.iter().any(|x| x.factor.key() == f.feeds))
            && f.finds(&[d.name.get(l), s.name.as_deref().unwrap_or(""), d.data_target.get(l), d.group.name.get(l)])
    }

    /// The words of the button that adds a connection of `source_type`.
    pub fn add_label(&self, source_type: &str) -> String {
        let l = &self.words.locale;
        match self.catalog.get(source_type) {
            Some(d) => d.instances.add.as_ref().map_or_else(|| self.words.f("source.addAnother", &[("name", d.name.get(l))]), |t| t.get(l).to_string()),
            None => String::new(),
        }
    }

    /// Why `name` cannot name the connection the naming dialog is about, in the browser
    /// before anything is sent: the server's own rule.
    pub fn name_problem(&self, n: &Naming) -> Option<String> {
        let list = self.list.as_ref()?;
        let (source_type, except) = match self.source(&n.target) {
            Some(s) if !n.adding => (s.source_type.as_str(), s.id.as_str()),
            _ => (n.target.as_str(), ""),
        };
        rules::name_problem(&self.words.bundle, list, source_type, except, &n.value).map(|p| self.words.sentences(&p.message, &p.fix))
    }

    /// The names of `ids`, as a list to read out ("Office 365, Azure AD").
    pub fn names(&self, ids: &[String]) -> String {
        ids.iter().map(|id| self.name(id)).collect::<Vec<_>>().join(self.words.t("list.separator"))
    }

    pub fn ui(&self, id: &str) -> SourceUi {
        self.ui.get(id).cloned().unwrap_or_default()
    }

    pub fn can_edit(&self) -> bool {
        self.list.as_ref().is_some_and(|l| l.world.can_edit)
    }

    pub fn draft_patch(&self, id: &str) -> SourcePatch {
        self.drafts.get(id).cloned().unwrap_or_default()
    }

    /// Whole days without data, when `id` is on and that is longer than its type allows at
    /// `now` (Unix seconds): the source may be blind and nobody told.
    pub fn quiet_days(&self, id: &str, now: i64) -> Option<i64> {
        self.quiet(self.source(id)?, now)
    }

    /// [`State::quiet_days`] of a source in hand: no lookup by id in a list of a thousand.
    pub fn quiet(&self, s: &DataSource, now: i64) -> Option<i64> {
        let d = self.catalog.get(&s.source_type).filter(|_| s.upload_enabled)?;
        d.days_without_data(s.last_data_received_at.as_deref()?, now)
    }

    /// The values on screen as a connection test sends them: secrets left blank mean the
    /// stored ones.
    pub fn check_draft(&self, id: &str) -> CheckDraft {
        let mut p = self.draft_patch(id);
        p.drop_blank_secrets();
        CheckDraft { settings: p.settings, secrets: p.secrets }
    }

    pub fn has_draft(&self, id: &str) -> bool {
        self.drafts.get(id).is_some_and(|d| !d.is_empty())
    }

    fn ctx<'a>(&'a self, list: &'a SourceList) -> Context<'a> {
        Context { catalog: &self.catalog, list, words: &self.words.bundle, locale: &self.words.locale }
    }

    /// The source as it would be with the user's draft and `intent` applied.
    fn draft_for(&self, id: &str, intent: &Intent) -> Option<(Draft, SourcePatch)> {
        let source = self.source(id)?;
        let mut patch = self.draft_patch(id);
        // A Replace pressed but left blank keeps the stored secret.
        patch.drop_blank_secrets();
        match intent {
            Intent::Save => {}
            Intent::Upload(on) => {
                patch.upload_enabled = Some(*on);
                // The server turns them off too; the draft shows what it will store.
                if let Some(definition) = self.catalog.get(&source.source_type) {
                    rules::switches_off_with_upload(definition, source, &mut patch);
                }
            }
            Intent::Switch(key, on) => {
                patch.switches.insert(key.clone(), *on);
            }
        }
        Some((Draft::apply(source, &patch), patch))
    }

    fn problems(&self, id: &str, intent: &Intent) -> Vec<Problem> {
        match (self.draft_for(id, intent), &self.list) {
            (Some((d, _)), Some(list)) => rules::check(&d, self.ctx(list)),
            _ => Vec::new(),
        }
    }

    /// The prerequisite checklist of `id` and every problem of its draft, evaluated once,
    /// as if turning the upload on.
    pub fn assess(&self, id: &str) -> (Vec<CheckItem>, Vec<Problem>) {
        match (self.draft_for(id, &Intent::Upload(true)), &self.list) {
            (Some((d, _)), Some(list)) => rules::assess(&d, self.ctx(list)),
            _ => Default::default(),
        }
    }

    /// Problems that keep the upload switch from turning on.
    pub fn upload_blockers(&self, id: &str) -> Vec<Problem> {
        errors(self.assess(id).1)
    }

    /// Problems that keep the secondary switch `key` from turning on.
    pub fn switch_blockers(&self, id: &str, key: &str) -> Vec<Problem> {
        let mine = Blocks::Switch(key.to_string());
        self.problems(id, &Intent::Switch(key.to_string(), true)).into_iter().filter(|p| p.blocks == mine).collect()
    }

    /// The messages to show at fields, by pointer: the server's 422 errors, then the
    /// `problems` of fields the user has touched.
    pub fn field_messages(&self, id: &str, problems: &[Problem]) -> SmallMap<String, (String, rds_domain::definition::Severity)> {
        let mut out = SmallMap::new();
        let Some(ui) = self.ui.get(id) else { return out };
        for p in problems {
            if ui.touched.contains(&p.pointer) && !out.contains_key(&p.pointer) {
                out.insert(p.pointer.clone(), (self.words.sentences(&p.message, &p.fix), p.severity()));
            }
        }
        for (pointer, e) in &ui.server_errors {
            out.insert(pointer.clone(), (say(e, problems, &self.words), rds_domain::definition::Severity::Error));
        }
        out
    }

    /// Decides what a switch or Save button does; the caller performs the request.
    pub fn plan_save(&self, id: &str, intent: &Intent, confirmation: Confirmation) -> SavePlan {
        let (Some(source), Some(list)) = (self.source(id), &self.list) else { return SavePlan::Nothing };
        if self.ui.get(id).is_some_and(|u| u.saving) || !list.world.can_edit {
            return SavePlan::Nothing;
        }
        let Some((draft, mut patch)) = self.draft_for(id, intent) else { return SavePlan::Nothing };
        let blocking = errors(rules::check(&draft, self.ctx(list)));
        if !blocking.is_empty() {
            return SavePlan::Blocked(blocking);
        }
        if *intent == Intent::Upload(false) && source.upload_enabled {
            let dependents = rules::dependents_on(id, &self.catalog, list);
            let warns = self.definition(id).is_some_and(|d| d.turn_off_warning.is_some());
            if confirmation == Confirmation::Ask && (warns || !dependents.is_empty()) {
                return SavePlan::Confirm(Confirm { id: id.to_string(), dependents, ask: Ask::TurnOff, refused: None, busy: false });
            }
            patch.turn_off_dependents = !dependents.is_empty();
        }
        SavePlan::Send { patch, version: source.version }
    }

    /// Non-secret draft fields, for sessionStorage. Secrets never leave memory.
    pub fn persistable_drafts(&self) -> SmallMap<String, Settings> {
        self.drafts.iter().filter(|(_, p)| !p.settings.is_empty()).map(|(id, p)| (id.clone(), p.settings.clone())).collect()
    }

    fn ui_mut(&mut self, id: &str) -> &mut SourceUi {
        self.ui.entry_or_default(id.to_string())
    }

    /// A new filter lists its first page again, and nothing pinned.
    fn filtered(&mut self, f: Filter) {
        (self.filter, self.listed, self.pinned) = (f, PAGE, None);
    }

    fn set_list(&mut self, list: SourceList) {
        self.list = Some(Rc::new(list));
        self.list_changed();
    }

    fn replace_source(&mut self, source: DataSource) {
        if let Some(list) = self.list.as_mut().map(Rc::make_mut) {
            // Never back to an older version: a look for changes made elsewhere may have
            // brought a newer one before this answer arrived.
            if let Some(slot) = list.sources.iter_mut().find(|s| s.id == source.id && s.version <= source.version) {
                *slot = source;
            }
        }
        self.list_changed();
    }

    /// What follows from the list, worked out once when it changes rather than on every
    /// render: who provides each capability, and what feeds each risk factor.
    fn list_changed(&mut self) {
        let Some(list) = self.list.as_mut().map(Rc::make_mut) else { return };
        list.world.capabilities = rules::capabilities(&self.catalog, list);
        let (catalog, w) = (&self.catalog, &self.words);
        let summary = Factor::ALL.iter().map(|&factor| {
            let fed = factors::feeds(factor, catalog, list);
            let named = fed.iter().take(NAMED).map(|s| (rules::display_name(s.source, catalog, &w.bundle, &w.locale), s.on)).collect();
            FactorFeeds { factor, fed: fed.len(), on: fed.iter().filter(|s| s.on).count(), named }
        });
        self.factors = Rc::new(summary.collect());
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Reload => self.load = Load::Loading,
            Action::Loaded(catalog, list) => {
                self.catalog = catalog;
                self.set_list(list);
                self.drop_unfit_drafts();
                self.load = Load::Ready;
                if let Some(h) = self.highlight.clone() {
                    self.open_highlighted(&h);
                }
            }
            Action::LoadFailed(e) => self.load = Load::Failed(Shared(Rc::new(e))),
            Action::Language(words, catalog, list) => {
                self.words = words;
                self.catalog = catalog;
                // The factors' names in the new language, even if that list was not taken.
                if !self.refresh(list) {
                    self.list_changed();
                }
            }
            Action::Refreshed(list) => {
                self.refresh(list);
            }
            Action::Reveal(id, name, on) => {
                let revealed = &mut self.ui_mut(&id).revealed;
                if on {
                    revealed.add(name);
                } else {
                    revealed.remove(&name);
                }
            }
            Action::ToggleOpen(id) => {
                let ui = self.ui_mut(&id);
                ui.open = !ui.open;
            }
            Action::Edit(id, edit) => self.edit(&id, edit),
            // Leaving a field shows its problems once something was typed into it. A field only
            // passed through stays quiet: its message would move what is below it, from under
            // a pointer already on its way to a button there.
            Action::Touch(id, pointer) => {
                let draft = self.drafts.get(&id);
                let typed = match (pointer.strip_prefix("/settings/"), pointer.strip_prefix("/secrets/")) {
                    (Some(key), _) => draft.is_some_and(|d| d.settings.get(key).is_some()),
                    (_, Some(key)) => draft.is_some_and(|d| d.secrets.contains_key(key)),
                    _ => false,
                };
                if typed {
                    self.ui_mut(&id).touched.add(pointer);
                }
            }
            Action::ShowProblems(id, intent, problems) => {
                let name = self.name(&id);
                let what = match &intent {
                    Intent::Switch(key, _) => self
                        .definition(&id)
                        .and_then(|d| d.switch(key))
                        .map_or_else(|| name.clone(), |s| self.words.f("switch.of", &[("switch", s.label.get(&self.words.locale)), ("name", &name)])),
                    _ => name,
                };
                self.announcement = self.words.n("announce.blocked", problems.len(), &[("name", &what)]);
                let ui = self.ui_mut(&id);
                ui.open = true;
                ui.touched.extend(problems.into_iter().map(|p| (p.pointer, ())));
            }
            Action::AskConfirm(c) => {
                self.refocus = None;
                self.confirm = Some(c);
            }
            Action::CloseConfirm => self.confirm = None,
            Action::Name(target, adding) => {
                // Renaming starts from the connection's own name.
                let value = if adding { String::new() } else { self.source(&target).and_then(|s| s.name.clone()).unwrap_or_default() };
                self.refocus = None;
                self.naming = Some(Naming { target, adding, value, ..Default::default() });
            }
            Action::NameInput(value) => {
                if let Some(n) = &mut self.naming {
                    n.value = value;
                    n.error = None;
                }
            }
            Action::NameSent => {
                if let Some(n) = &mut self.naming {
                    n.busy = true;
                }
            }
            Action::NameRefused(why) => {
                self.announcement = why.clone();
                if let Some(n) = &mut self.naming {
                    n.busy = false;
                    n.error = Some(why);
                }
            }
            Action::CloseNaming => self.naming = None,
            Action::Added(source) => {
                self.naming = None;
                let id = source.id.clone();
                if let Some(list) = self.list.as_mut().map(Rc::make_mut) {
                    // After the last of its type, where the server lists it.
                    let at = list.sources.iter().rposition(|s| s.source_type == source.source_type).map_or(list.sources.len(), |i| i + 1);
                    list.sources.insert(at, source);
                }
                self.list_changed();
                self.ui_mut(&id).open = true;
                // Shown whatever the filter, and listed wherever it falls.
                self.filter = Filter::default();
                self.pinned = Some(id.clone());
                self.announcement = self.words.f("announce.added", &[("name", &self.name(&id))]);
                self.refocus = Some(format!("rds-source-{id}-name"));
            }
            Action::Renamed(source) => {
                self.naming = None;
                self.refocus = Some(format!("rds-source-{}-rename", source.id));
                self.replace_source(source.clone());
                self.announcement = self.words.f("announce.renamed", &[("name", &self.name(&source.id))]);
            }
            Action::Removed(id) => {
                self.confirm = None;
                self.announcement = self.words.f("announce.removed", &[("name", &self.name(&id))]);
                if let Some(s) = self.source(&id) {
                    self.refocus = Some(format!("rds-add-{}", s.source_type));
                }
                if let Some(list) = self.list.as_mut().map(Rc::make_mut) {
                    list.sources.retain(|s| s.id != id);
                }
                self.list_changed();
                self.drafts.remove(&id);
                self.ui.remove(&id);
            }
            Action::RemoveRefused(id, why) => {
                self.announcement = why.clone();
                if let Some(c) = self.confirm.as_mut().filter(|c| c.id == id) {
                    (c.refused, c.busy) = (Some(why), false);
                }
            }
            Action::RemoveSent => {
                if let Some(c) = self.confirm.as_mut() {
                    c.busy = true;
                }
            }
            Action::SaveStarted(id, patch, intent, confirmation) => {
                self.confirm = None;
                self.announcement = self.words.f("announce.saving", &[("name", &self.name(&id))]);
                let ui = self.ui_mut(&id);
                ui.saving = true;
                ui.error = None;
                ui.notice = None;
                ui.server_errors.clear();
                ui.last_intent = Some((intent, confirmation));
                ui.in_flight = Some(patch);
            }
            Action::Saved(id, source) => {
                // Turning off what depended on it too ("Turn off both") names them all.
                let name = self.name(&id);
                let took = self.ui.get(&id).and_then(|u| u.in_flight.as_ref()).is_some_and(|p| p.turn_off_dependents);
                let others = match &self.list {
                    Some(list) if took => rules::dependents_on(&id, &self.catalog, list),
                    _ => Vec::new(),
                };
                self.announcement = if others.is_empty() {
                    self.words.f("announce.saved", &[("name", &name)])
                } else {
                    self.words.f("announce.savedWith", &[("name", &name), ("others", &self.names(&others))])
                };
                let notice = self.words.t("notice.saved").to_string();
                let ui = self.ui_mut(&id);
                let sent = ui.in_flight.take();
                ui.saving = false;
                ui.error = None;
                ui.touched.clear();
                ui.replacing.clear();
                ui.revealed.clear();
                ui.last_intent = None;
                ui.changed_elsewhere = false;
                ui.notice = Some(notice);
                // Drop the draft, and with it any secret typed, unless the user kept typing.
                // A Replace left blank was not sent, so it counts as nothing typed.
                let typed = |mut p: SourcePatch| {
                    p.drop_blank_secrets();
                    (p.settings, p.secrets)
                };
                let sent_draft = sent.map(typed);
                let now = self.drafts.get(&id).cloned().map(typed);
                if now.is_none() || sent_draft == now {
                    self.drafts.remove(&id);
                }
                self.replace_source(source);
            }
            Action::SaveFailed(id, error) => self.save_failed(&id, error),
            Action::KeepMine(id) => {
                let ui = self.ui_mut(&id);
                if let Some(theirs) = ui.theirs() {
                    ui.error = None;
                    self.replace_source(theirs);
                }
            }
            Action::UseTheirs(id) => {
                self.announcement = self.words.f("announce.discarded", &[("name", &self.name(&id))]);
                let ui = self.ui_mut(&id);
                let theirs = ui.theirs();
                ui.error = None;
                ui.changed_elsewhere = false;
                ui.touched.clear();
                ui.replacing.clear();
                self.drafts.remove(&id);
                if let Some(theirs) = theirs {
                    self.replace_source(theirs);
                }
            }
            Action::ConsentDone(id, state) => {
                self.announcement = self.words.f("announce.consentDone", &[("name", &self.name(&id)), ("state", &self.words.state(state))]);
            }
            Action::ConsentOpened(id, url) => {
                self.announcement = self.words.f("announce.consentOpened", &[("name", &self.name(&id))]);
                self.ui_mut(&id).consent_url = Some(url);
            }
            Action::TestStarted(id, turn_on) => {
                self.announcement = self.words.f("announce.testing", &[("name", &self.name(&id))]);
                let ui = self.ui_mut(&id);
                ui.test = Some(Test::Running(turn_on));
                ui.server_errors.retain(|_, e| e.code != TEST_ERROR);
            }
            Action::TestDone(id, result, stale) => self.test_done(&id, result, stale),
            // Said once, by the notice's alert, not the live region too.
            Action::TestFailed(id, error) => {
                let key = if self.turning_on(&id) { "test.notRunOff" } else { "test.notRun" };
                let title = self.words.f(key, &[("name", &self.name(&id))]);
                self.ui_mut(&id).test = Some(Test::Failed(Shared(Rc::new(error)), title));
            }
            Action::TestCancelled(id) => {
                self.announcement = self.words.f("announce.testCancelled", &[("name", &self.name(&id))]);
                self.ui_mut(&id).test = None;
            }
            // What a link or a factor points at is shown whatever was filtered; a link's own
            // filter follows it.
            Action::Highlight(h) => {
                self.filtered(Filter::default());
                self.open_highlighted(&h);
                self.highlight = Some(h);
                self.highlight_seq += 1;
            }
            Action::Announce(text) => self.announcement = text,
            Action::Filter(key, value) => {
                let mut f = self.filter.clone();
                if let Some(part) = f.part_mut(key) {
                    *part = value;
                }
                self.filtered(f);
            }
            Action::Filtered(f) => self.filtered(f),
            Action::ShowMore => self.listed += PAGE,
        }
    }

    /// What a failed save did not do, in words: a switch that did not move says so, and
    /// that Retry moves it, since the switch itself still shows the old position.
    fn failure_title(&self, id: &str) -> String {
        let name = self.name(id);
        let w = &self.words;
        let moved = |what: &str, on: bool| w.f(if on { "announce.notTurnedOn" } else { "announce.notTurnedOff" }, &[("name", what)]);
        match self.ui.get(id).and_then(|u| u.last_intent.as_ref()) {
            Some((Intent::Upload(on), _)) => moved(&name, *on),
            Some((Intent::Switch(key, on), _)) => match self.definition(id).and_then(|d| d.switch(key)) {
                Some(s) => moved(&w.f("switch.of", &[("switch", s.label.get(&w.locale)), ("name", &name)]), *on),
                None => moved(&name, *on),
            },
            _ => w.f("announce.notSaved", &[("name", &name)]),
        }
    }

    /// Takes a fresh list: what changed shows in place. A source under a draft stays at the
    /// version the draft was made on, so that its save meets the change as a 412 and shows
    /// their version beside the draft to choose from; until then the card says so. A list
    /// older than this page's own last save (it crossed the save on the way) is not taken:
    /// the next look brings a newer one. Says whether it took the list.
    fn refresh(&mut self, mut list: SourceList) -> bool {
        let Some(old) = &self.list else { return false };
        let mut changed = Vec::new();
        for s in &mut list.sources {
            let Some(o) = old.get(&s.id) else { continue };
            if o.version > s.version {
                return false;
            }
            if o.version < s.version && self.has_draft(&s.id) && !self.ui.get(&s.id).is_some_and(|u| u.saving) {
                *s = o.clone();
                changed.push(s.id.clone());
            }
        }
        if !changed.is_empty() {
            self.announcement = self.words.f("announce.changedElsewhere", &[("names", &self.names(&changed))]);
        }
        for id in changed {
            self.ui_mut(&id).changed_elsewhere = true;
        }
        self.set_list(list);
        true
    }

    /// Drafts restored from an earlier visit that no longer fit: a connection gone, a
    /// field removed from its definition or holding another type now.
    fn drop_unfit_drafts(&mut self) {
        let (catalog, list) = (&self.catalog, &self.list);
        let definition = |id: &str| list.as_ref().and_then(|l| l.get(id)).and_then(|s| catalog.get(&s.source_type));
        self.drafts.retain(|id, patch| match definition(id) {
            Some(d) => {
                patch.settings.0.retain(|k, v| d.holds(k, v));
                !patch.is_empty()
            }
            None => false,
        });
    }

    /// A deep link to one source opens it; a factor only highlights its sources.
    fn open_highlighted(&mut self, h: &Highlight) {
        if let Highlight::Source(id) = h {
            if self.source(id).is_some() {
                self.ui_mut(id).open = true;
            }
        }
    }

    /// Shows a test's result: each failed step at its field, the outcome announced; a test
    /// run to turn the source on that failed says the source stays off.
    fn test_done(&mut self, id: &str, result: CheckResult, stale: bool) {
        let name = self.name(id);
        // A stale result's failures were about values no longer on screen.
        let failed: Vec<_> = result.steps.iter().filter(|s| s.outcome == CheckOutcome::Failed && !stale).collect();
        let turning_on = self.turning_on(id);
        self.announcement = match result.outcome {
            _ if stale && turning_on => self.words.f("announce.testOutdated", &[("name", &name)]),
            CheckOutcome::Passed => self.words.f("announce.testPassed", &[("name", &name)]),
            CheckOutcome::Failed => {
                let key = if turning_on { "announce.testFailedOff" } else { "announce.testFailed" };
                self.words.n(key, failed.len(), &[("name", &name)])
            }
            CheckOutcome::Unknown => self.words.f("announce.testUnknown", &[("name", &name)]),
        };
        let errors: Vec<FieldError> = failed
            .iter()
            .filter_map(|s| Some(FieldError { pointer: s.pointer.clone()?, code: TEST_ERROR.into(), detail: s.message.clone() }))
            .collect();
        let ui = self.ui_mut(id);
        for e in errors {
            ui.server_errors.insert(e.pointer.clone(), e);
        }
        ui.open = true;
        ui.test = Some(Test::Done { result: Shared(Rc::new(result)), stale });
    }

    /// Whether the test running for `id` turns it on when it passes.
    fn turning_on(&self, id: &str) -> bool {
        matches!(self.ui.get(id).and_then(|u| u.test.as_ref()), Some(Test::Running(true)))
    }

    fn save_failed(&mut self, id: &str, error: ApiError) {
        let title = self.failure_title(id);
        self.announcement = title.clone();
        let ui = self.ui_mut(id);
        ui.saving = false;
        ui.in_flight = None;
        ui.open = true;
        if let ApiError::Invalid(errors) = &error {
            for e in errors {
                ui.server_errors.insert(e.pointer.clone(), e.clone());
            }
        }
        ui.error = Some(Shared(Rc::new(Failure { error, title })));
    }

    fn edit(&mut self, id: &str, edit: Edit) {
        let pointer = edit.pointer();
        let ui = self.ui_mut(id);
        ui.server_errors.remove(&pointer);
        ui.notice = None;
        // A passed test proved the values it ran with, not these.
        if let Some(Test::Done { stale, .. }) = &mut ui.test {
            *stale = true;
        }
        match &edit {
            Edit::Secret(name, _) => {
                ui.replacing.add(name.clone());
            }
            Edit::KeepSecret(name) => {
                ui.replacing.remove(name);
            }
            Edit::Platform(key, host) => {
                if host.is_some() {
                    ui.private.remove(key);
                } else {
                    ui.private.add(key.clone());
                }
            }
            _ => {}
        }
        // Typing into a platform's private host keeps its input, even once the text is
        // empty or names a listed platform.
        if let Edit::Set(key, _) = &edit {
            if self.definition(id).and_then(|d| d.field(key)).is_some_and(|f| f.kind == rds_domain::definition::FieldKind::Platform) {
                self.ui_mut(id).private.add(key.clone());
            }
        }
        let stored = self.source(id).map(|s| s.settings.clone()).unwrap_or_default();
        let options: Vec<String> = match &edit {
            Edit::Choose(key, ..) => self
                .definition(id)
                .and_then(|d| d.field(key))
                .map(|f| f.options.iter().map(|o| o.value.clone()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let draft = self.drafts.entry_or_default(id.to_string());
        match edit {
            Edit::Set(key, value) => draft.settings.set(&key, value),
            Edit::Choose(key, option, on) => {
                let held = draft.settings.get(&key).or(stored.get(&key)).and_then(SettingValue::as_list).unwrap_or(&[]).to_vec();
                // Rebuilt in the definition's order of options.
                let keep = |x: &String| if *x == option { on } else { held.contains(x) };
                draft.settings.set(&key, SettingValue::List(options.into_iter().filter(keep).collect()));
            }
            Edit::Secret(key, value) => {
                draft.secrets.insert(key, value);
            }
            Edit::KeepSecret(key) => {
                draft.secrets.remove(&key);
            }
            Edit::Platform(key, host) => draft.settings.set(&key, SettingValue::Text(host.unwrap_or_default())),
        }
    }
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{test_catalog, test_words};
    use rds_domain::api::World;
    use rds_domain::Region;

    fn list() -> SourceList {
        SourceList::unconfigured(&test_catalog(), World::new(Region::Us))
    }

    fn loaded(list: SourceList) -> State {
        let mut s = State::new(Rc::new(test_words()), SmallMap::new());
        s.apply(Action::Loaded(Rc::new(test_catalog()), list));
        s
    }

    fn ready() -> State {
        loaded(list())
    }

    const TOKEN: &str = "00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123";

    fn text(v: &str) -> SettingValue {
        SettingValue::Text(v.into())
    }

    fn edit(s: &mut State, id: &str, e: Edit) {
        s.apply(Action::Edit(id.into(), e));
    }

    fn fill_okta(s: &mut State) {
        edit(s, "okta", Edit::Set("domain".into(), text("acme.okta.com")));
        edit(s, "okta", Edit::Set("adminRole".into(), text("orgAdmin")));
        edit(s, "okta", Edit::Secret("apiToken".into(), Some(TOKEN.into())));
    }

    fn field_message(s: &State, id: &str, pointer: &str) -> Option<(String, rds_domain::definition::Severity)> {
        s.field_messages(id, &s.assess(id).1).remove(pointer)
    }

    const ON: Intent = Intent::Upload(true);

    #[test]
    fn turning_on_okta_is_blocked_until_every_prerequisite_is_met() {
        let mut s = ready();
        let SavePlan::Blocked(p) = s.plan_save("okta", &ON, Confirmation::Ask) else { panic!() };
        assert_eq!(p.len(), 3);
        assert_eq!(s.upload_blockers("okta").len(), 3);
        fill_okta(&mut s);
        let SavePlan::Send { patch, version } = s.plan_save("okta", &ON, Confirmation::Ask) else { panic!() };
        assert_eq!(version, 1);
        assert_eq!(patch.upload_enabled, Some(true));
        assert_eq!(patch.secrets["apiToken"].as_deref(), Some(TOKEN));
        assert!(s.assess("okta").0.iter().all(|r| r.met()));
        assert_eq!(s.plan_save("nope", &ON, Confirmation::Ask), SavePlan::Nothing);
    }

    #[test]
    fn a_revealed_secret_is_hidden_again_once_saved() {
        let mut s = ready();
        fill_okta(&mut s);
        s.apply(Action::Reveal("okta".into(), "apiToken".into(), true));
        assert!(s.ui("okta").revealed.contains(&"apiToken".to_string()));
        s.apply(Action::Reveal("okta".into(), "apiToken".into(), false));
        assert!(s.ui("okta").revealed.is_empty());
        s.apply(Action::Reveal("okta".into(), "apiToken".into(), true));
        let SavePlan::Send { patch, .. } = s.plan_save("okta", &Intent::Save, Confirmation::Ask) else { panic!() };
        s.apply(Action::SaveStarted("okta".into(), patch, Intent::Save, Confirmation::Ask));
        let saved = s.source("okta").unwrap().clone();
        s.apply(Action::Saved("okta".into(), saved));
        assert!(s.ui("okta").revealed.is_empty());
    }

    #[test]
    fn field_messages_stay_silent_until_touched() {
        let mut s = ready();
        assert_eq!(field_message(&s, "okta", "/settings/domain"), None);
        for passed_through in ["/settings/domain", "/secrets/apiToken", "/uploadEnabled"] {
            s.apply(Action::Touch("okta".into(), passed_through.into()));
        }
        assert!(s.ui("okta").touched.is_empty(), "leaving a field nothing was typed into says nothing yet");
        edit(&mut s, "okta", Edit::Secret("apiToken".into(), Some(String::new())));
        s.apply(Action::Touch("okta".into(), "/secrets/apiToken".into()));
        assert!(field_message(&s, "okta", "/secrets/apiToken").is_some(), "a secret typed and emptied again is missing");
        edit(&mut s, "okta", Edit::Set("domain".into(), text("http://acme.okta.com")));
        s.apply(Action::Touch("okta".into(), "/settings/domain".into()));
        let (msg, sev) = field_message(&s, "okta", "/settings/domain").unwrap();
        assert_eq!(sev, rds_domain::definition::Severity::Error);
        assert!(msg.contains("http://"));
        assert_eq!(field_message(&s, "okta", "/settings/adminRole"), None, "an untouched field stays silent");
        let SavePlan::Blocked(p) = s.plan_save("okta", &ON, Confirmation::Ask) else { panic!() };
        s.apply(Action::ShowProblems("okta".into(), ON, p));
        assert!(field_message(&s, "okta", "/settings/adminRole").is_some());
        assert_eq!(s.announcement, "Okta cannot be turned on yet: 3 prerequisites are not met.");
        assert!(s.ui("okta").open);
    }

    #[test]
    fn a_blocked_secondary_switch_names_itself() {
        let mut l = list();
        l.sources.iter_mut().find(|x| x.id == "azure-ad").unwrap().upload_enabled = true;
        let mut s = loaded(l);
        let threat = Intent::Switch("threatDetectionUpload".into(), true);
        let blockers = s.switch_blockers("office-365", "threatDetectionUpload");
        let codes: Vec<&str> = blockers.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["office-365-upload-off", "cloud-app-security-not-connected"]);
        let SavePlan::Blocked(p) = s.plan_save("office-365", &threat, Confirmation::Ask) else { panic!() };
        s.apply(Action::ShowProblems("office-365".into(), threat, p));
        assert_eq!(s.announcement, "Threat detection upload permission for Office 365 cannot be turned on yet: 2 prerequisites are not met.");
        assert!(s.switch_blockers("okta", "threatDetectionUpload").iter().all(|p| p.code == "not-applicable"));
    }

    #[test]
    fn saved_drops_the_draft_and_its_secrets() {
        let mut s = ready();
        fill_okta(&mut s);
        let SavePlan::Send { patch, .. } = s.plan_save("okta", &ON, Confirmation::Ask) else { panic!() };
        s.apply(Action::SaveStarted("okta".into(), patch, ON, Confirmation::Ask));
        assert!(s.ui("okta").saving);
        assert_eq!(s.announcement, "Saving Okta…");
        assert_eq!(s.plan_save("okta", &Intent::Save, Confirmation::Ask), SavePlan::Nothing, "no second save while one runs");
        let mut saved = s.source("okta").unwrap().clone();
        saved.upload_enabled = true;
        saved.version = 2;
        s.apply(Action::Saved("okta".into(), saved));
        assert!(!s.has_draft("okta"));
        assert!(!s.drafts.contains_key("okta"));
        assert_eq!(s.source("okta").unwrap().version, 2);
        let ids = |l: &SourceList| l.sources.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(s.list.as_ref().unwrap()), ids(&list()), "the saved source replaced its own entry alone");
        assert_eq!(s.announcement, "Okta saved.");
        assert_eq!(s.ui("okta").notice.as_deref(), Some("Saved."));
    }

    #[test]
    fn a_replace_left_blank_is_no_typing_left_after_a_save() {
        let mut s = ready();
        fill_okta(&mut s);
        edit(&mut s, "okta", Edit::Secret("apiToken".into(), Some(" ".into())));
        edit(&mut s, "okta", Edit::Secret("other".into(), Some(String::new())));
        let SavePlan::Send { patch, .. } = s.plan_save("okta", &Intent::Save, Confirmation::Ask) else { panic!() };
        assert!(patch.secrets.is_empty());
        s.apply(Action::SaveStarted("okta".into(), patch, Intent::Save, Confirmation::Ask));
        s.apply(Action::Saved("okta".into(), s.source("okta").unwrap().clone()));
        assert!(!s.drafts.contains_key("okta"), "nothing typed was left unsaved");
    }

    #[test]
    fn turning_a_source_off_turns_its_secondary_switches_off_as_the_server_will() {
        let mut l = list();
        let o365 = l.sources.iter_mut().find(|x| x.id == "office-365").unwrap();
        o365.upload_enabled = true;
        o365.switches.insert("threatDetectionUpload".into(), true);
        let s = loaded(l);
        let SavePlan::Send { patch, .. } = s.plan_save("office-365", &Intent::Upload(false), Confirmation::Given) else { panic!() };
        assert_eq!(patch.upload_enabled, Some(false));
        assert_eq!(patch.switches.get("threatDetectionUpload"), Some(&false));
    }

    #[test]
    fn restored_drafts_that_no_longer_fit_are_dropped_on_load() {
        let restored: SmallMap<String, Settings> = serde_json::from_value(serde_json::json!({
            "gone": {"domain": "a"},
            "okta": {"domain": true, "adminRole": "orgAdmin", "removed": "x"},
            "qualys": {"username": ["a"]}
        }))
        .unwrap();
        let mut s = State::new(Rc::new(test_words()), restored);
        s.apply(Action::Loaded(Rc::new(test_catalog()), list()));
        assert_eq!(s.drafts.keys().collect::<Vec<_>>(), ["okta"]);
        let okta = s.draft_patch("okta");
        assert_eq!(okta.settings.0.keys().collect::<Vec<_>>(), ["adminRole"], "a flag in a text field and a removed field go");
    }

    #[test]
    fn typing_during_a_save_keeps_the_new_draft() {
        let mut s = ready();
        fill_okta(&mut s);
        let SavePlan::Send { patch, .. } = s.plan_save("okta", &Intent::Save, Confirmation::Ask) else { panic!() };
        s.apply(Action::SaveStarted("okta".into(), patch, Intent::Save, Confirmation::Ask));
        edit(&mut s, "okta", Edit::Set("domain".into(), text("beta.okta.com")));
        let saved = s.source("okta").unwrap().clone();
        s.apply(Action::Saved("okta".into(), saved));
        assert_eq!(s.draft_patch("okta").settings.text("domain"), Some("beta.okta.com"));
    }

    #[test]
    fn a_failed_save_keeps_the_draft_and_puts_422_errors_on_fields() {
        let mut s = ready();
        fill_okta(&mut s);
        let SavePlan::Send { patch, .. } = s.plan_save("okta", &Intent::Save, Confirmation::Ask) else { panic!() };
        s.apply(Action::SaveStarted("okta".into(), patch, Intent::Save, Confirmation::Ask));
        s.apply(Action::SaveFailed(
            "okta".into(),
            ApiError::Invalid(vec![rds_domain::api::FieldError {
                pointer: "/settings/domain".into(),
                code: "x".into(),
                detail: "Server says no.".into(),
            }]),
        ));
        assert!(s.has_draft("okta"));
        assert_eq!(s.announcement, "Okta was not saved.");
        assert_eq!(field_message(&s, "okta", "/settings/domain").unwrap().0, "Server says no.");
        edit(&mut s, "okta", Edit::Set("domain".into(), text("b.okta.com")));
        assert_eq!(field_message(&s, "okta", "/settings/domain"), None, "editing clears the server's error");
        s.apply(Action::SaveFailed("okta".into(), ApiError::Timeout));
        assert_eq!(s.ui("okta").error.as_ref().map(|f| &f.error), Some(&ApiError::Timeout));
        assert!(s.has_draft("okta"));
    }

    #[test]
    fn a_stale_save_keeps_mine_until_the_user_chooses() {
        let mut s = ready();
        fill_okta(&mut s);
        let mut theirs = s.source("okta").unwrap().clone();
        theirs.version = 5;
        theirs.settings.set("domain", text("theirs.okta.com"));
        s.apply(Action::SaveFailed("okta".into(), ApiError::Stale(Some(Box::new(theirs.clone())))));
        assert_eq!(s.ui("okta").theirs().as_ref(), Some(&theirs));
        assert!(s.has_draft("okta"));
        s.apply(Action::KeepMine("okta".into()));
        assert_eq!(s.source("okta").unwrap().version, 5);
        assert_eq!(s.draft_patch("okta").settings.text("domain"), Some("acme.okta.com"));
        let SavePlan::Send { version, .. } = s.plan_save("okta", &Intent::Save, Confirmation::Ask) else { panic!() };
        assert_eq!(version, 5);

        s.apply(Action::SaveFailed("okta".into(), ApiError::Stale(Some(Box::new(theirs)))));
        s.apply(Action::UseTheirs("okta".into()));
        assert!(!s.has_draft("okta"));
        assert_eq!(s.announcement, "Okta: your changes were discarded; the saved version is shown.");
    }

    #[test]
    fn turning_off_a_source_others_need_asks_first_and_names_them() {
        let mut l = list();
        for src in l.sources.iter_mut() {
            src.upload_enabled = matches!(src.id.as_str(), "azure-ad" | "office-365" | "email-sensor");
        }
        let s = loaded(l);
        let off = Intent::Upload(false);
        assert_eq!(
            s.plan_save("azure-ad", &off, Confirmation::Ask),
            SavePlan::Confirm(Confirm { id: "azure-ad".into(), dependents: vec!["office-365".into()], ask: Ask::TurnOff, refused: None, busy: false })
        );
        let SavePlan::Send { patch, .. } = s.plan_save("azure-ad", &off, Confirmation::Given) else { panic!() };
        assert!(patch.turn_off_dependents);
        assert!(matches!(s.plan_save("email-sensor", &off, Confirmation::Ask), SavePlan::Send { .. }));
    }

    #[test]
    fn a_private_platform_host_keeps_its_input_while_typed() {
        let mut s = ready();
        let private = |s: &State| s.ui("qualys").private.contains("apiServer");
        edit(&mut s, "qualys", Edit::Platform("apiServer".into(), None));
        assert!(private(&s));
        assert_eq!(s.draft_patch("qualys").settings.text("apiServer"), Some(""), "nothing typed for the user");
        edit(&mut s, "qualys", Edit::Set("apiServer".into(), text("qualysapi.qualys.com")));
        assert!(private(&s), "a listed platform's host typed by hand keeps the input");
        edit(&mut s, "qualys", Edit::Platform("apiServer".into(), Some("qualysapi.qualys.eu".into())));
        assert!(!private(&s));
        assert_eq!(s.draft_patch("qualys").settings.text("apiServer"), Some("qualysapi.qualys.eu"));
        // A stored private host emptied by the user keeps its input too.
        let mut t = ready();
        edit(&mut t, "qualys", Edit::Set("apiServer".into(), text("")));
        assert!(t.ui("qualys").private.contains("apiServer"));
        edit(&mut t, "okta", Edit::Set("domain".into(), text("")));
        assert!(t.ui("okta").private.is_empty(), "only platform fields have a private host");
    }

    #[test]
    fn a_source_with_a_turn_off_warning_asks_even_alone() {
        let mut l = list();
        l.sources.iter_mut().find(|x| x.id == "azure-ad").unwrap().upload_enabled = true;
        let s = loaded(l);
        assert_eq!(
            s.plan_save("azure-ad", &Intent::Upload(false), Confirmation::Ask),
            SavePlan::Confirm(Confirm { id: "azure-ad".into(), dependents: vec![], ask: Ask::TurnOff, refused: None, busy: false })
        );
        let SavePlan::Send { patch, .. } = s.plan_save("azure-ad", &Intent::Upload(false), Confirmation::Given) else { panic!() };
        assert!(!patch.turn_off_dependents);
        assert!(matches!(s.plan_save("azure-ad", &Intent::Upload(true), Confirmation::Ask), SavePlan::Send { .. }), "only turning off asks");
    }

    #[test]
    fn read_only_consoles_send_nothing() {
        assert!(ready().can_edit());
        let mut l = list();
        l.world.can_edit = false;
        let s = loaded(l);
        assert!(!s.can_edit());
        assert_eq!(s.plan_save("email-sensor", &ON, Confirmation::Ask), SavePlan::Nothing);
    }

    #[test]
    fn only_non_secret_drafts_persist_and_restore() {
        let mut s = ready();
        fill_okta(&mut s);
        let kept = s.persistable_drafts();
        assert_eq!(kept["okta"].text("domain"), Some("acme.okta.com"));
        let restored = State::new(Rc::new(test_words()), kept);
        let p = restored.draft_patch("okta");
        assert!(p.secrets.is_empty());
        assert_eq!(p.settings.text("adminRole"), Some("orgAdmin"));
        assert!(State::new(Rc::new(test_words()), [("okta".to_string(), Settings::default())].into_iter().collect()).drafts.is_empty());
    }

    #[test]
    fn confirmations_toggle_one_by_one_in_the_definitions_order() {
        let mut s = ready();
        let choose = |s: &mut State, o: &str, on| edit(s, "qualys", Edit::Choose("permissions".into(), o.into(), on));
        choose(&mut s, "apiAccess", true);
        choose(&mut s, "readerRole", true);
        assert_eq!(s.draft_patch("qualys").settings.list("permissions"), ["readerRole", "apiAccess"]);
        choose(&mut s, "apiAccess", false);
        assert_eq!(s.draft_patch("qualys").settings.list("permissions"), ["readerRole"]);
    }

    #[test]
    fn a_replace_left_blank_keeps_the_stored_secret() {
        let mut l = list();
        let okta = l.sources.iter_mut().find(|x| x.id == "okta").unwrap();
        okta.secrets_set.insert("apiToken".into(), true);
        okta.settings = serde_json::from_value(serde_json::json!({"domain": "a.okta.com", "adminRole": "appAdmin"})).unwrap();
        let mut s = loaded(l);
        edit(&mut s, "okta", Edit::Secret("apiToken".into(), Some(String::new())));
        assert!(s.ui("okta").replacing.contains(&"apiToken".to_string()));
        let SavePlan::Send { patch, .. } = s.plan_save("okta", &ON, Confirmation::Ask) else { panic!() };
        assert!(patch.secrets.is_empty());
        edit(&mut s, "okta", Edit::KeepSecret("apiToken".into()));
        assert!(s.ui("okta").replacing.is_empty());
        edit(&mut s, "okta", Edit::Secret("apiToken".into(), None));
        let SavePlan::Blocked(p) = s.plan_save("okta", &ON, Confirmation::Ask) else { panic!() };
        assert_eq!(p[0].code, "required", "a cleared secret no longer counts");
    }

    #[test]
    fn deep_links_parse_and_highlight() {
        assert_eq!(Highlight::from_hash("#source=okta"), Some(Highlight::Source("okta".into())));
        assert_eq!(Highlight::from_hash("#source=Okta\"]"), None);
        assert_eq!(Highlight::from_hash("#source="), None);
        assert_eq!(Highlight::from_hash("#factor=vulnerabilities"), Some(Highlight::Factor(Factor::Vulnerabilities)));
        assert_eq!(Highlight::from_hash("#factor=nope"), None);
        assert_eq!(Highlight::from_hash("#other"), None);
        let mut s = ready();
        let (c, l) = (s.catalog.clone(), s.list.as_deref().cloned().unwrap());
        let h = Highlight::Factor(Factor::Vulnerabilities);
        assert!(h.includes("qualys", &c, &l) && h.includes("endpoint-sensor", &c, &l) && !h.includes("okta", &c, &l));
        assert_eq!(h.first_source(&c, &l).as_deref(), Some("endpoint-sensor"));
        assert_eq!(Highlight::Source("nope".into()).first_source(&c, &l), None);
        let one = Highlight::Source("splunk".into());
        assert!(one.includes("splunk", &c, &l) && !one.includes("okta", &c, &l), "a source link marks that source alone");
        s.apply(Action::Highlight(Highlight::Source("splunk".into())));
        assert!(s.ui("splunk").open);
        assert_eq!(s.highlight_seq, 1);
        s.apply(Action::Highlight(Highlight::Source("nope".into())));
        assert!(!s.ui.contains_key("nope"), "an unknown source opens nothing");
    }

    #[test]
    fn the_vulnerability_provider_follows_a_qualys_save() {
        let mut s = ready();
        let mut l = s.list.as_deref().cloned().unwrap();
        let q = l.sources.iter_mut().find(|x| x.id == "qualys").unwrap();
        q.upload_enabled = true;
        q.version += 1;
        s.apply(Action::Refreshed(l));
        let caps = &s.list.as_ref().unwrap().world.capabilities;
        assert_eq!(caps.get(&rds_domain::definition::Capability::VulnerabilityDetection).map(String::as_str), Some("qualys"));
    }

    #[test]
    fn turning_off_both_names_both() {
        let mut l = list();
        for src in l.sources.iter_mut() {
            src.upload_enabled = matches!(src.id.as_str(), "azure-ad" | "office-365" | "email-sensor");
        }
        let mut s = loaded(l);
        // A save that turns nothing off names one, though others need it and are on.
        s.apply(Action::SaveStarted("azure-ad".into(), SourcePatch::default(), Intent::Save, Confirmation::Ask));
        let ad = s.source("azure-ad").unwrap().clone();
        s.apply(Action::Saved("azure-ad".into(), ad));
        assert_eq!(s.announcement, "Azure AD saved.");

        let off = Intent::Upload(false);
        let SavePlan::Send { patch, .. } = s.plan_save("azure-ad", &off, Confirmation::Given) else { panic!() };
        s.apply(Action::SaveStarted("azure-ad".into(), patch, off.clone(), Confirmation::Given));
        let mut saved = s.source("azure-ad").unwrap().clone();
        saved.upload_enabled = false;
        s.apply(Action::Saved("azure-ad".into(), saved.clone()));
        assert_eq!(s.announcement, "Azure AD saved. Turned off with it: Office 365.");
        // A plain save names one.
        let SavePlan::Send { patch, .. } = s.plan_save("email-sensor", &off, Confirmation::Ask) else { panic!() };
        s.apply(Action::SaveStarted("email-sensor".into(), patch, off, Confirmation::Ask));
        let mut sensor = s.source("email-sensor").unwrap().clone();
        sensor.upload_enabled = false;
        s.apply(Action::Saved("email-sensor".into(), sensor));
        assert_eq!(s.announcement, "Email Sensor saved.");
    }

    #[test]
    fn a_failed_switch_says_it_did_not_move_and_that_retry_moves_it() {
        let mut s = ready();
        let fail = |s: &mut State, id: &str, intent: Intent| {
            s.apply(Action::SaveStarted(id.into(), SourcePatch::default(), intent, Confirmation::Ask));
            s.apply(Action::SaveFailed(id.into(), ApiError::Network));
            s.announcement.clone()
        };
        assert_eq!(fail(&mut s, "email-sensor", Intent::Upload(true)), "Email Sensor was not turned on. Retry turns it on.");
        assert_eq!(s.ui("email-sensor").error.unwrap().title.clone(), s.announcement, "the card says the same");
        assert_eq!(fail(&mut s, "email-sensor", Intent::Upload(false)), "Email Sensor was not turned off. Retry turns it off.");
        assert_eq!(
            fail(&mut s, "office-365", Intent::Switch("threatDetectionUpload".into(), true)),
            "Threat detection upload permission for Office 365 was not turned on. Retry turns it on."
        );
        assert_eq!(fail(&mut s, "office-365", Intent::Switch("gone".into(), false)), "Office 365 was not turned off. Retry turns it off.");
        assert_eq!(fail(&mut s, "okta", Intent::Save), "Okta was not saved.");
    }

    /// The repository's Japanese words.
    fn japanese() -> Rc<Words> {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/ja.json")).unwrap();
        Rc::new(Words::new("ja", serde_json::from_str(&text).unwrap()))
    }

    #[test]
    fn another_language_keeps_drafts_and_takes_the_list_as_a_look_does() {
        let mut s = ready();
        fill_okta(&mut s);
        s.apply(Action::ToggleOpen("okta".into()));
        let mut l = s.list.as_deref().cloned().unwrap();
        for src in l.sources.iter_mut().filter(|x| matches!(x.id.as_str(), "okta" | "splunk")) {
            src.version += 1;
            src.upload_enabled = true;
        }
        let ja = Catalog::trusted(test_catalog().localized("ja"));
        s.apply(Action::Language(japanese(), Rc::new(ja), l));
        assert_eq!(s.words.locale, "ja");
        assert_eq!(s.name("okta"), "Okta");
        let second = with_second_okta(&mut s);
        s.apply(Action::Added(second));
        assert_eq!(s.name("okta-5f3a"), "Okta（Acme Labs）", "full-width brackets in Japanese");
        assert_ne!(s.definition("okta").unwrap().data_target.get("ja"), test_catalog().get("okta").unwrap().data_target.get("en"), "the catalog in Japanese");
        assert_eq!(s.draft_patch("okta").settings.text("domain"), Some("acme.okta.com"), "the draft stays");
        assert_eq!(s.draft_patch("okta").secrets["apiToken"].as_deref(), Some(TOKEN), "typed secrets too");
        assert!(s.ui("okta").open, "what was open stays open");
        assert!(s.ui("okta").changed_elsewhere, "a change under a draft is flagged, as a look flags it");
        assert_eq!(s.source("okta").unwrap().version, 1, "the draft stays on its version");
        assert!(s.source("splunk").unwrap().upload_enabled, "the rest is updated in place");
        assert_eq!(s.load, Load::Ready);
        assert!(s.announcement.contains("Okta"), "announced in the new words: {}", s.announcement);
        assert!(!s.announcement.contains("Changed elsewhere"), "{}", s.announcement);
    }

    #[test]
    fn a_consent_outcome_is_announced() {
        let mut s = ready();
        s.apply(Action::ConsentDone("azure-ad".into(), ConnectionState::Connected));
        assert_eq!(s.announcement, "Azure AD: Connected.");
        s.apply(Action::ConsentDone("office-365".into(), ConnectionState::Error));
        assert_eq!(s.announcement, "Office 365: Error.");
    }

    #[test]
    fn a_422_reads_in_the_panels_words_where_its_rules_see_the_same_problem() {
        let mut s = ready();
        s.apply(Action::Language(japanese(), Rc::new(test_catalog()), s.list.as_deref().cloned().unwrap()));
        edit(&mut s, "okta", Edit::Set("domain".into(), text("http://acme.okta.com")));
        let refused = |code: &str, pointer: &str| FieldError { pointer: pointer.into(), code: code.into(), detail: "Server English.".into() };
        s.apply(Action::SaveFailed(
            "okta".into(),
            ApiError::Invalid(vec![refused("insecure-scheme", "/settings/domain"), refused("from-a-newer-server", "/settings/adminRole")]),
        ));
        let (domain, _) = field_message(&s, "okta", "/settings/domain").unwrap();
        let local = s.assess("okta").1.into_iter().find(|p| p.code == "insecure-scheme").unwrap();
        assert_eq!(domain, format!("{}{}", local.message, local.fix), "the panel's own words, in Japanese, with no space between sentences");
        assert!(!domain.contains("Server English."));
        assert_eq!(field_message(&s, "okta", "/settings/adminRole").unwrap().0, "Server English.", "a code the panel does not know");
        assert_eq!(say(&refused("insecure-scheme", "/settings/other"), &s.assess("okta").1, &s.words), "Server English.", "same code, another place");
    }

    #[test]
    fn a_fresh_list_updates_in_place_and_flags_drafts_it_changed() {
        let mut s = ready();
        fill_okta(&mut s);
        let mut l = s.list.as_deref().cloned().unwrap();
        for src in l.sources.iter_mut() {
            if matches!(src.id.as_str(), "okta" | "splunk") {
                src.version += 1;
                src.upload_enabled = true;
            }
        }
        // The same versions again (a look that crossed nothing): no draft is flagged.
        s.apply(Action::Refreshed(s.list.as_deref().cloned().unwrap()));
        assert!(!s.ui("okta").changed_elsewhere, "nothing changed");
        let before = s.source("okta").unwrap().clone();
        s.apply(Action::Refreshed(l.clone()));
        assert!(s.ui("okta").changed_elsewhere, "changed under a draft");
        assert_eq!(s.announcement, "Changed elsewhere while you were editing: Okta. When you save, their version is shown beside yours.");
        assert_eq!(s.source("okta"), Some(&before), "a draft stays on its version, so that its save meets the change as a 412");
        assert_eq!(s.draft_patch("okta").settings.text("domain"), Some("acme.okta.com"), "the draft stays");

        assert!(!s.ui("splunk").changed_elsewhere, "no draft, nothing to warn about");
        assert!(s.source("splunk").unwrap().upload_enabled, "updated in place");
        assert!(!s.ui("azure-ad").changed_elsewhere);

        // A list that crossed this page's own save is older than what the page holds: it
        // is not taken, or the next save would send a stale version.
        Rc::make_mut(s.list.as_mut().unwrap()).sources.iter_mut().find(|x| x.id == "email-sensor").unwrap().version += 2;
        l.sources.iter_mut().find(|x| x.id == "splunk").unwrap().upload_enabled = false;
        l.sources.iter_mut().find(|x| x.id == "splunk").unwrap().version += 1;
        s.apply(Action::Refreshed(l));
        assert_eq!(s.source("email-sensor").unwrap().version, 3);
        assert!(s.source("splunk").unwrap().upload_enabled, "nothing of the older list is taken");

        // A save clears the flag; a save in flight is never "elsewhere".
        let saved = s.source("okta").unwrap().clone();
        s.apply(Action::SaveStarted("okta".into(), SourcePatch::default(), Intent::Save, Confirmation::Ask));
        s.apply(Action::Saved("okta".into(), saved));
        assert!(!s.ui("okta").changed_elsewhere);
        fill_okta(&mut s);
        s.apply(Action::SaveStarted("okta".into(), SourcePatch::default(), Intent::Save, Confirmation::Ask));
        let mut l = s.list.as_deref().cloned().unwrap();
        l.sources.iter_mut().find(|x| x.id == "okta").unwrap().version += 1;
        s.apply(Action::Refreshed(l));
        assert!(!s.ui("okta").changed_elsewhere, "our own save in flight");
        // Its answer, older than what the look brought, does not take the source back.
        let newer = s.source("okta").unwrap().version;
        let mut answer = s.source("okta").unwrap().clone();
        answer.version = newer - 1;
        s.apply(Action::Saved("okta".into(), answer));
        assert_eq!(s.source("okta").unwrap().version, newer);
    }

    #[test]
    fn a_list_before_the_first_load_is_not_taken() {
        let mut s = ready();
        let l = (*s.list.take().unwrap()).clone();
        s.apply(Action::Refreshed(l));
        assert!(s.list.is_none());
    }

    #[test]
    fn using_theirs_clears_the_changed_elsewhere_note() {
        let mut s = ready();
        fill_okta(&mut s);
        s.ui_mut("okta").changed_elsewhere = true;
        s.apply(Action::UseTheirs("okta".into()));
        assert!(!s.ui("okta").changed_elsewhere);
    }

    fn step(name: &str, outcome: CheckOutcome, pointer: Option<&str>) -> rds_domain::api::CheckStep {
        rds_domain::api::CheckStep { name: name.into(), outcome, message: format!("{name} said so"), pointer: pointer.map(Into::into) }
    }

    fn result(steps: Vec<rds_domain::api::CheckStep>) -> CheckResult {
        CheckResult { outcome: CheckResult::overall(&steps), steps, duration_ms: 5, checked_at: "2026-12-03T10:00:00Z".into() }
    }

    #[test]
    fn a_connection_test_sends_the_values_on_screen_and_leaves_blank_secrets_to_the_stored_ones() {
        let mut s = ready();
        fill_okta(&mut s);
        let d = s.check_draft("okta");
        assert_eq!(d.settings.text("domain"), Some("acme.okta.com"));
        assert_eq!(d.secrets.get("apiToken"), Some(&Some(TOKEN.to_string())));
        edit(&mut s, "okta", Edit::Secret("apiToken".into(), Some(String::new())));
        assert!(s.check_draft("okta").secrets.is_empty(), "a Replace left blank means the stored token");
        assert_eq!(s.check_draft("email-sensor"), CheckDraft::default());
    }

    #[test]
    fn a_failed_test_shows_each_failure_at_its_field_and_clears_them_when_the_next_starts() {
        let mut s = ready();
        fill_okta(&mut s);
        s.apply(Action::TestStarted("okta".into(), false));
        assert_eq!(s.ui("okta").test, Some(Test::Running(false)));
        assert_eq!(s.announcement, "Testing the connection to Okta…");
        let r = result(vec![
            step("domain", CheckOutcome::Passed, Some("/settings/domain")),
            step("token", CheckOutcome::Failed, Some("/secrets/apiToken")),
            step("role", CheckOutcome::Unknown, Some("/settings/adminRole")),
        ]);
        s.apply(Action::TestDone("okta".into(), r.clone(), false));
        assert_eq!(s.announcement, "The connection test of Okta failed: 1 problem to fix.");
        let ui = s.ui("okta");
        assert!(ui.open, "the card opens to show the results");
        assert!(matches!(&ui.test, Some(Test::Done { result, stale: false }) if **result == r));
        assert_eq!(field_message(&s, "okta", "/secrets/apiToken").unwrap().0, "token said so", "a failure shows at its field");
        assert_eq!(field_message(&s, "okta", "/settings/adminRole"), None, "not knowing is no fault of the field");
        assert_eq!(field_message(&s, "okta", "/settings/domain"), None);
        // A save's 422 stays when a new test starts; the last test's errors go.
        s.ui_mut("okta").server_errors.insert("/settings/domain".into(), FieldError { pointer: "/settings/domain".into(), code: "x".into(), detail: "saved wrong".into() });
        s.apply(Action::TestStarted("okta".into(), false));
        assert_eq!(field_message(&s, "okta", "/secrets/apiToken"), None);
        assert_eq!(field_message(&s, "okta", "/settings/domain").unwrap().0, "saved wrong");
    }

    #[test]
    fn a_test_result_goes_stale_when_a_field_changes() {
        let mut s = ready();
        fill_okta(&mut s);
        s.apply(Action::TestDone("okta".into(), result(vec![step("token", CheckOutcome::Passed, None)]), false));
        assert_eq!(s.announcement, "The connection test of Okta passed.");
        assert!(matches!(s.ui("okta").test, Some(Test::Done { stale: false, .. })));
        edit(&mut s, "okta", Edit::Set("domain".into(), text("other.okta.com")));
        assert!(matches!(s.ui("okta").test, Some(Test::Done { stale: true, .. })));
        edit(&mut s, "qualys", Edit::Set("username".into(), text("x")));
        assert_eq!(s.ui("qualys").test, None, "another source's edit makes no test");
    }

    #[test]
    fn each_way_a_test_ends_is_announced() {
        let mut s = ready();
        s.apply(Action::TestStarted("okta".into(), true));
        s.apply(Action::TestDone("okta".into(), result(vec![step("token", CheckOutcome::Failed, Some("/secrets/apiToken")), step("role", CheckOutcome::Failed, None)]), false));
        assert_eq!(s.announcement, "Okta stays off: its connection test found 2 problems to fix.", "a test on the way to turning on");
        s.apply(Action::TestStarted("okta".into(), false));
        s.apply(Action::TestDone("okta".into(), result(vec![step("domain", CheckOutcome::Unknown, None)]), false));
        assert_eq!(s.announcement, "The connection test of Okta could not tell whether the connection works.");
        s.apply(Action::TestStarted("okta".into(), false));
        s.apply(Action::TestCancelled("okta".into()));
        assert_eq!((s.announcement.as_str(), s.ui("okta").test), ("The connection test of Okta was cancelled.", None));
        s.apply(Action::TestStarted("okta".into(), false));
        s.apply(Action::TestFailed("okta".into(), ApiError::Timeout));
        assert_eq!(s.announcement, "Testing the connection to Okta…", "the notice's alert says it, not the live region too");
        assert!(matches!(&s.ui("okta").test, Some(Test::Failed(e, title)) if **e == ApiError::Timeout && title == "The connection test did not run."));
        s.apply(Action::TestStarted("okta".into(), true));
        s.apply(Action::TestFailed("okta".into(), ApiError::Network));
        assert!(matches!(&s.ui("okta").test, Some(Test::Failed(_, title)) if title == "The connection test did not run, so Okta stays off. Turn it on again to retry."));
    }

    #[test]
    fn a_result_for_values_changed_while_it_ran_is_stale_and_marks_no_field() {
        let mut s = ready();
        fill_okta(&mut s);
        s.apply(Action::TestStarted("okta".into(), true));
        let failed = result(vec![step("token", CheckOutcome::Failed, Some("/secrets/apiToken"))]);
        s.apply(Action::TestDone("okta".into(), failed, true));
        assert_eq!(s.announcement, "Okta was not turned on: its values changed while the test ran. Test them again.");
        assert!(matches!(s.ui("okta").test, Some(Test::Done { stale: true, .. })));
        assert_eq!(field_message(&s, "okta", "/secrets/apiToken"), None, "the token on screen is not the one tested");
    }

    #[test]
    fn a_source_that_is_on_and_quiet_past_its_limit_counts_its_days() {
        let mut l = list();
        let at = rds_domain::time::unix_seconds("2026-11-20T00:00:00Z").unwrap();
        for s in &mut l.sources {
            s.last_data_received_at = Some("2026-11-20T00:00:00Z".into());
            s.upload_enabled = s.id == "email-sensor" || s.id == "splunk";
        }
        let s = loaded(l);
        let day = 86_400;
        assert_eq!(s.quiet_days("email-sensor", at + 9 * day), Some(9));
        assert_eq!(s.quiet_days("email-sensor", at + 7 * day), None, "seven days is the limit, not past it");
        assert_eq!(s.quiet_days("network-sensor", at + 30 * day), None, "a source that is off is not expected to send");
        assert_eq!(s.quiet_days("nope", at + 30 * day), None);
        let mut never = ready();
        Rc::make_mut(never.list.as_mut().unwrap()).sources.iter_mut().for_each(|s| s.upload_enabled = true);
        assert_eq!(never.quiet_days("email-sensor", at + 30 * day), None, "no data yet is not a time to count from");
    }

    /// A second Okta org named "Acme Labs" beside the first.
    fn with_second_okta(s: &mut State) -> DataSource {
        let mut second = s.source("okta").unwrap().clone();
        second.id = "okta-5f3a".into();
        second.name = Some("Acme Labs".into());
        second
    }

    #[test]
    fn an_added_connection_goes_after_its_type_opened_named_and_focused() {
        let mut s = ready();
        let second = with_second_okta(&mut s);
        s.apply(Action::Name("okta".into(), true));
        assert_eq!(s.naming.as_ref().map(|n| (n.value.as_str(), n.adding)), Some(("", true)));
        s.apply(Action::NameInput("acme labs".into()));
        s.apply(Action::NameSent);
        assert!(s.naming.as_ref().unwrap().busy);
        s.apply(Action::Added(second));
        let ids: Vec<&str> = s.list.as_ref().unwrap().sources.iter().map(|x| x.id.as_str()).collect();
        let at = ids.iter().position(|i| *i == "okta").unwrap();
        assert_eq!(ids[at + 1], "okta-5f3a", "right after the first of its type");
        assert_eq!(s.naming, None);
        assert!(s.ui("okta-5f3a").open);
        assert_eq!(s.announcement, "Okta (Acme Labs) added. Configure it below.");
        assert_eq!(s.refocus.as_deref(), Some("rds-source-okta-5f3a-name"));
        assert_eq!(s.name("okta-5f3a"), "Okta (Acme Labs)");
        // A second one goes after the last of its type, not after the first.
        let mut third = s.source("okta-5f3a").unwrap().clone();
        third.id = "okta-77b1".into();
        s.apply(Action::Added(third));
        let ids: Vec<&str> = s.list.as_ref().unwrap().sources.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(&ids[at..at + 3], ["okta", "okta-5f3a", "okta-77b1"]);
        // The dialog opening again forgets where the last one sent focus.
        s.apply(Action::Name("okta-5f3a".into(), false));
        assert_eq!(s.refocus, None);
        assert_eq!(s.naming.as_ref().unwrap().value, "Acme Labs", "a rename starts from the name it has");
    }

    #[test]
    fn a_name_is_checked_before_it_is_sent_and_a_refusal_keeps_what_was_typed() {
        let mut s = ready();
        let second = with_second_okta(&mut s);
        s.apply(Action::Added(second));
        s.apply(Action::Name("okta".into(), true));
        s.apply(Action::NameInput("ACME LABS".into()));
        let n = s.naming.clone().unwrap();
        assert_eq!(s.name_problem(&n).as_deref(), Some("Another connection of this type is named ACME LABS. Choose a name that tells the two apart."));
        s.apply(Action::Name("okta-5f3a".into(), false));
        s.apply(Action::NameInput("acme labs".into()));
        assert_eq!(s.name_problem(&s.naming.clone().unwrap()), None, "its own name in another case");
        s.apply(Action::NameInput(" ".into()));
        assert!(s.name_problem(&s.naming.clone().unwrap()).is_some_and(|m| m.starts_with("A connection's name is 1 to 64 characters")));
        s.apply(Action::NameInput("Acme Research".into()));
        s.apply(Action::NameSent);
        s.apply(Action::NameRefused("The server said no.".into()));
        let n = s.naming.clone().unwrap();
        assert_eq!((n.value.as_str(), n.error.as_deref(), n.busy), ("Acme Research", Some("The server said no."), false));
        assert_eq!(s.announcement, "The server said no.");
        s.apply(Action::NameInput("Acme Research 2".into()));
        assert_eq!(s.naming.as_ref().unwrap().error, None, "typing again clears the refusal");
        let mut renamed = s.source("okta-5f3a").unwrap().clone();
        renamed.name = Some("Acme Research 2".into());
        renamed.version += 1;
        s.apply(Action::Renamed(renamed));
        assert_eq!((s.naming.clone(), s.name("okta-5f3a")), (None, "Okta (Acme Research 2)".to_string()));
        assert_eq!(s.announcement, "Renamed: Okta (Acme Research 2).");
        assert_eq!(s.refocus.as_deref(), Some("rds-source-okta-5f3a-rename"));
        s.apply(Action::CloseConfirm);
        s.apply(Action::Name("okta".into(), true));
        s.apply(Action::CloseNaming);
        assert_eq!(s.naming, None);
    }

    #[test]
    fn adding_compares_with_every_name_of_the_type_and_renaming_with_the_others() {
        let mut s = ready();
        let mut first = s.source("okta").unwrap().clone();
        first.name = Some("HQ".into());
        first.version += 1;
        s.apply(Action::Renamed(first));
        // The first connection's id is its type's: adding one of the type is not renaming it.
        s.apply(Action::Name("okta".into(), true));
        s.apply(Action::NameInput("hq".into()));
        assert!(s.name_problem(&s.naming.clone().unwrap()).is_some(), "a new one may not take the first one's name");
        s.apply(Action::Name("okta".into(), false));
        assert_eq!(s.naming.as_ref().unwrap().value, "HQ");
        s.apply(Action::NameInput("hq".into()));
        assert_eq!(s.name_problem(&s.naming.clone().unwrap()), None, "the first keeps its own name in another case");
    }

    #[test]
    fn a_removed_connection_goes_with_its_draft_and_a_refusal_stays_in_the_dialog() {
        let mut s = ready();
        let second = with_second_okta(&mut s);
        s.apply(Action::Added(second));
        edit(&mut s, "okta-5f3a", Edit::Set("domain".into(), text("labs.okta.com")));
        let ask = Confirm { id: "okta-5f3a".into(), dependents: Vec::new(), ask: Ask::Remove, refused: None, busy: false };
        s.apply(Action::AskConfirm(ask.clone()));
        s.apply(Action::RemoveRefused("okta".into(), "Not this one.".into()));
        assert_eq!(s.confirm.as_ref().unwrap().refused, None, "another connection's refusal is not this dialog's");
        s.apply(Action::RemoveSent);
        assert!(s.confirm.as_ref().unwrap().busy, "not sent twice");
        s.apply(Action::RemoveRefused("okta-5f3a".into(), "Someone changed it.".into()));
        assert_eq!(s.confirm.as_ref().unwrap().refused.as_deref(), Some("Someone changed it."));
        assert!(!s.confirm.as_ref().unwrap().busy, "and may be asked again");
        assert_eq!(s.announcement, "Someone changed it.");
        s.apply(Action::Removed("okta-5f3a".into()));
        assert_eq!(s.confirm, None);
        assert!(s.source("okta-5f3a").is_none() && !s.has_draft("okta-5f3a") && s.ui.get("okta-5f3a").is_none());
        assert_eq!(s.announcement, "Okta (Acme Labs) removed.");
        assert_eq!(s.refocus.as_deref(), Some("rds-add-okta"), "focus goes to the type's Add button");
    }

    #[test]
    fn the_add_button_speaks_the_definitions_words() {
        let mut s = ready();
        assert_eq!(s.add_label("okta"), "Add another Okta org");
        assert_eq!(s.add_label("azure-ad"), "Add another Azure AD tenant");
        assert_eq!(s.add_label("nope"), "");
        let mut defs = test_catalog().into_definitions();
        defs.iter_mut().find(|d| d.id == "okta").unwrap().instances.add = None;
        s.apply(Action::Loaded(Rc::new(Catalog::trusted(defs)), list()));
        assert_eq!(s.add_label("okta"), "Add another Okta connection", "a definition without its own words");
    }

    #[test]
    fn the_list_shows_what_matches_the_search_and_every_filter() {
        let mut l = list();
        for s in &mut l.sources {
            s.upload_enabled = matches!(s.id.as_str(), "okta" | "email-sensor" | "azure-ad");
            s.last_data_received_at = Some("2026-11-20T00:00:00Z".into());
        }
        l.sources.iter_mut().find(|s| s.id == "azure-ad").unwrap().status.state = ConnectionState::Pending;
        l.sources.iter_mut().find(|s| s.id == "splunk").unwrap().status.state = ConnectionState::Error;
        let mut s = loaded(l);
        let now = rds_domain::time::unix_seconds("2026-11-21T00:00:00Z").unwrap();
        let shown = |s: &State, now: i64| -> Vec<String> {
            s.list.as_ref().unwrap().sources.iter().filter(|x| s.shown(x, now)).map(|x| x.id.clone()).collect()
        };
        assert_eq!(shown(&s, now).len(), 11, "no filter shows all");
        s.apply(Action::Filter("q", "OKTA".into()));
        assert_eq!(shown(&s, now), ["okta"], "by name, in any case");
        s.apply(Action::Filter("q", "identity".into()));
        assert_eq!(shown(&s, now), ["azure-ad", "okta"], "by group");
        s.apply(Action::Filter("q", "sharepoint".into()));
        assert_eq!(shown(&s, now), ["office-365"], "by data target");
        s.apply(Action::Filter("q", String::new()));
        s.apply(Action::Filter("state", "on".into()));
        assert_eq!(shown(&s, now), ["email-sensor", "azure-ad", "okta"]);
        s.apply(Action::Filter("state", "off".into()));
        assert_eq!(shown(&s, now).len(), 8);
        s.apply(Action::Filter("state", "pending".into()));
        assert_eq!(shown(&s, now), ["azure-ad"]);
        s.apply(Action::Filter("state", "error".into()));
        assert_eq!(shown(&s, now), ["splunk"]);
        s.apply(Action::Filter("state", "stale".into()));
        assert!(shown(&s, now).is_empty(), "a day without data is not stale");
        assert_eq!(shown(&s, now + 9 * 86_400), ["email-sensor", "azure-ad", "okta"], "nine days is, for those that are on");
        s.apply(Action::Filtered(crate::filter::Filter { group: "identity".into(), ..Default::default() }));
        assert_eq!(shown(&s, now), ["azure-ad", "okta"]);
        s.apply(Action::Filter("group", String::new()));
        s.apply(Action::Filter("feeds", "vulnerabilities".into()));
        assert_eq!(shown(&s, now), ["endpoint-sensor", "qualys"]);
        s.apply(Action::Filter("state", "on".into()));
        assert!(shown(&s, now).is_empty(), "every filter at once");
        s.apply(Action::Filter("nope", "x".into()));
        s.apply(Action::Filtered(Default::default()));
        assert_eq!(shown(&s, now).len(), 11);
        let second = with_second_okta(&mut s);
        s.apply(Action::Added(second));
        s.apply(Action::Filter("q", "ACME".into()));
        assert_eq!(shown(&s, now), ["okta-5f3a"], "by a connection's own name");
    }

    #[test]
    fn the_list_grows_a_page_at_a_time_and_starts_again_with_each_filter() {
        let mut s = ready();
        assert_eq!(s.listed, PAGE);
        s.apply(Action::ShowMore);
        s.apply(Action::ShowMore);
        assert_eq!(s.listed, 3 * PAGE);
        s.apply(Action::Filter("q", "o".into()));
        assert_eq!(s.listed, PAGE, "a new search lists its first page");
        s.apply(Action::ShowMore);
        s.apply(Action::Filtered(crate::filter::Filter::default()));
        assert_eq!(s.listed, PAGE);
        // One just added is shown whatever was filtered, and listed wherever it falls.
        s.apply(Action::Filter("state", "on".into()));
        let second = with_second_okta(&mut s);
        s.apply(Action::Added(second));
        assert!(!s.filter.is_set());
        assert_eq!(s.pinned.as_deref(), Some("okta-5f3a"));
        s.apply(Action::Filter("q", "x".into()));
        assert_eq!(s.pinned, None);
    }

    #[test]
    fn what_feeds_each_factor_is_worked_out_whenever_the_list_changes() {
        let mut s = ready();
        let account = |s: &State| s.factors.iter().find(|f| f.factor == Factor::AccountCompromise).cloned().unwrap();
        assert_eq!(s.factors.len(), Factor::ALL.len());
        let a = account(&s);
        assert_eq!((a.on, a.named.iter().any(|(n, _)| n == "Okta")), (0, true));
        let mut on = s.source("okta").unwrap().clone();
        on.upload_enabled = true;
        on.version += 1;
        s.apply(Action::Saved("okta".into(), on));
        assert_eq!(account(&s).on, 1, "after a save");
        let mut second = with_second_okta(&mut s);
        second.upload_enabled = false;
        s.apply(Action::Added(second));
        let a = account(&s);
        assert_eq!(a.fed, account(&ready()).fed + 1, "after an addition");
        assert!(a.named.contains(&("Okta (Acme Labs)".to_string(), false)));
        s.apply(Action::Removed("okta-5f3a".into()));
        assert_eq!(account(&s).fed, account(&ready()).fed, "after a removal");
        let l = s.list.as_deref().cloned().unwrap();
        s.apply(Action::Language(japanese(), Rc::new(Catalog::trusted(test_catalog().localized("ja"))), l));
        assert!(account(&s).named.iter().any(|(n, _)| n == "接続済みエンドポイント製品のエージェント"), "in the new language");
    }

    #[test]
    fn what_a_link_or_a_factor_points_at_is_shown_whatever_was_filtered() {
        let mut s = ready();
        s.apply(Action::Filter("state", "on".into()));
        s.apply(Action::ShowMore);
        s.apply(Action::Highlight(Highlight::Factor(Factor::Vulnerabilities)));
        assert_eq!((s.filter.is_set(), s.listed), (false, PAGE));
    }

    #[test]
    fn a_highlight_is_read_beside_a_filter_in_the_fragment() {
        assert_eq!(Highlight::from_hash("#q=okta&source=okta"), Some(Highlight::Source("okta".into())));
        assert_eq!(Highlight::from_hash("#state=off&factor=vulnerabilities"), Some(Highlight::Factor(Factor::Vulnerabilities)));
        assert_eq!(Highlight::from_hash("#q=okta"), None);
    }
}
