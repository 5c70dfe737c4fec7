//! The panel's one reducer: the server snapshot, the user's drafts, requests in flight and
//! errors. Pure Rust, tested natively; components render it and send [`Action`]s.

use rds_domain::small_map::{SmallMap, SmallSet};
use std::rc::Rc;

use rds_domain::api::{DataSource, SecretName, Settings, SourceList, SourcePatch};
use rds_domain::catalog::{OktaRole, QualysPermission};
use rds_domain::factors::factor;
use rds_domain::rules::{self, errors, Draft, Problem, Requirement, Severity};
use rds_domain::SourceId;

use crate::api_error::ApiError;

#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Failed(ApiError),
    Ready,
}

/// What a switch or button asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Save the draft as it is.
    Save,
    /// Move the data upload switch.
    Upload(bool),
    /// Move Office 365's threat-detection upload switch.
    ThreatDetection(bool),
}

/// One change to a draft field.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Domain(String),
    AdminRole(Option<OktaRole>),
    ApiServer(String),
    Username(String),
    Permission(QualysPermission, bool),
    ReplacesEndpointSensor(bool),
    AppInstalled(bool),
    FirewallException(bool),
    /// A new secret value; `None` asks the server to clear it.
    Secret(SecretName, Option<String>),
    /// Stop replacing a configured secret: the stored one stays.
    KeepSecret(SecretName),
}

impl Edit {
    /// The JSON pointer of the field this edit touches.
    pub fn pointer(&self) -> String {
        use rds_domain::api::SettingKey as K;
        let key = match self {
            Edit::Domain(_) => K::Domain,
            Edit::AdminRole(_) => K::AdminRole,
            Edit::ApiServer(_) => K::ApiServer,
            Edit::Username(_) => K::Username,
            Edit::Permission(..) => K::Permissions,
            Edit::ReplacesEndpointSensor(_) => K::ReplacesEndpointSensor,
            Edit::AppInstalled(_) => K::AppInstalled,
            Edit::FirewallException(_) => K::FirewallException,
            Edit::Secret(n, _) | Edit::KeepSecret(n) => return format!("/secrets/{}", n.key()),
        };
        key.pointer()
    }
}

/// Turning a source off that needs a second look first.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub id: SourceId,
    pub dependents: Vec<SourceId>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Highlight {
    Factor(&'static str),
    Source(SourceId),
}

impl Highlight {
    /// Reads `#factor=<id>` or `#source=<id>`.
    pub fn from_hash(hash: &str) -> Option<Highlight> {
        let h = hash.trim_start_matches('#');
        if let Some(f) = h.strip_prefix("factor=") {
            return factor(f).map(|f| Highlight::Factor(f.id));
        }
        h.strip_prefix("source=").and_then(SourceId::parse).map(Highlight::Source)
    }

    pub fn includes(&self, id: SourceId) -> bool {
        match self {
            Highlight::Factor(f) => factor(f).is_some_and(|f| f.sources().any(|s| s == id)),
            Highlight::Source(s) => *s == id,
        }
    }

    /// The source that receives focus.
    pub fn first_source(&self) -> Option<SourceId> {
        match self {
            Highlight::Factor(f) => factor(f).and_then(|f| f.sources().next()),
            Highlight::Source(s) => Some(*s),
        }
    }
}

/// Per-source view state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceUi {
    pub open: bool,
    pub saving: bool,
    /// Fields the user has left or tried to submit; their problems show from then on.
    pub touched: SmallSet<String>,
    /// Field errors the server sent with a 422, by pointer.
    pub server_errors: SmallMap<String, String>,
    /// A failure that is not about one field, with a retry.
    pub error: Option<ApiError>,
    /// The server's version after a 412, shown beside the user's draft.
    pub conflict: Option<DataSource>,
    pub notice: Option<String>,
    /// Configured secrets the user chose to replace.
    pub replacing: SmallSet<SecretName>,
    /// Secret inputs shown as plain text.
    pub revealed: SmallSet<SecretName>,
    pub consent_url: Option<String>,
    /// What the last save asked for, so Retry repeats it.
    pub last_intent: Option<(Intent, bool)>,
    in_flight: Option<SourcePatch>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Reload,
    Loaded(SourceList),
    LoadFailed(ApiError),
    /// A fresh list after a save: the snapshot changes, drafts stay.
    Refreshed(SourceList),
    SourceUpdated(DataSource),
    ToggleOpen(SourceId),
    Edit(SourceId, Edit),
    Touch(SourceId, String),
    /// The user tried to turn on with unmet prerequisites: show every problem.
    ShowProblems(SourceId),
    AskConfirm(Confirm),
    CloseConfirm,
    SaveStarted(SourceId, SourcePatch, Intent, bool),
    Saved(SourceId, DataSource),
    SaveFailed(SourceId, ApiError),
    KeepMine(SourceId),
    UseTheirs(SourceId),
    /// Shows or hides what was typed into a secret input.
    Reveal(SourceId, SecretName, bool),
    ConsentOpened(SourceId, String),
    Highlight(Highlight),
    Announce(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub load: Load,
    pub list: Option<SourceList>,
    pub drafts: SmallMap<SourceId, SourcePatch>,
    pub ui: SmallMap<SourceId, SourceUi>,
    pub highlight: Option<Highlight>,
    /// Counts highlight requests, so the same factor clicked twice moves focus twice.
    pub highlight_seq: u32,
    pub confirm: Option<Confirm>,
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
    /// A fresh state, with non-secret drafts restored from an earlier visit.
    pub fn new(restored: SmallMap<SourceId, Settings>) -> State {
        let drafts = restored
            .into_iter()
            .filter(|(_, s)| !s.present().is_empty())
            .map(|(id, settings)| (id, SourcePatch { settings: Some(settings), ..Default::default() }))
            .collect();
        State {
            load: Load::Loading,
            list: None,
            drafts,
            ui: SmallMap::new(),
            highlight: None,
            highlight_seq: 0,
            confirm: None,
            announcement: String::new(),
        }
    }

    pub fn source(&self, id: SourceId) -> Option<&DataSource> {
        self.list.as_ref().and_then(|l| l.get(id))
    }

    pub fn ui(&self, id: SourceId) -> SourceUi {
        self.ui.get(&id).cloned().unwrap_or_default()
    }

    pub fn can_edit(&self) -> bool {
        self.list.as_ref().is_some_and(|l| l.world.can_edit)
    }

    pub fn draft_patch(&self, id: SourceId) -> SourcePatch {
        self.drafts.get(&id).cloned().unwrap_or_default()
    }

    pub fn has_draft(&self, id: SourceId) -> bool {
        self.drafts.get(&id).is_some_and(|d| !d.is_empty())
    }

    /// The source as it would be with the user's draft and `intent` applied.
    fn draft_for(&self, id: SourceId, intent: Intent) -> Option<(Draft, SourcePatch)> {
        let source = self.source(id)?;
        let mut patch = self.draft_patch(id);
        // A Replace pressed but left blank keeps the stored secret.
        patch.secrets.retain(|_, v| v.as_ref().is_none_or(|s| !s.trim().is_empty()));
        match intent {
            Intent::Save => {}
            Intent::Upload(on) => patch.upload_enabled = Some(on),
            Intent::ThreatDetection(on) => patch.threat_detection_upload = Some(on),
        }
        Some((Draft::apply(source, &patch), patch))
    }

    /// The prerequisite checklist of `id` and every problem of its draft, evaluated once,
    /// as if turning the upload on.
    pub fn assess(&self, id: SourceId) -> (Vec<Requirement>, Vec<Problem>) {
        match (self.draft_for(id, Intent::Upload(true)), &self.list) {
            (Some((d, _)), Some(list)) => (rules::requirements(&d, list), rules::check(&d, list)),
            _ => Default::default(),
        }
    }

    /// Problems that keep the upload switch from turning on.
    pub fn upload_blockers(&self, id: SourceId) -> Vec<Problem> {
        errors(self.assess(id).1)
    }

    /// The messages to show at fields, by pointer: the server's 422 errors, then the
    /// `problems` of fields the user has touched.
    pub fn field_messages(&self, id: SourceId, problems: &[Problem]) -> SmallMap<String, (String, Severity)> {
        let mut out = SmallMap::new();
        let Some(ui) = self.ui.get(&id) else { return out };
        for p in problems {
            if ui.touched.contains(&p.pointer) && !out.contains_key(&p.pointer) {
                out.insert(p.pointer.clone(), (format!("{} {}", p.message, p.fix), p.severity()));
            }
        }
        for (pointer, e) in &ui.server_errors {
            out.insert(pointer.clone(), (e.clone(), Severity::Error));
        }
        out
    }

    #[cfg(test)]
    fn field_message(&self, id: SourceId, pointer: &str) -> Option<(String, Severity)> {
        self.field_messages(id, &self.assess(id).1).remove(pointer)
    }

    /// Decides what a switch or Save button does; the caller performs the request.
    pub fn plan_save(&self, id: SourceId, intent: Intent, confirmed: bool) -> SavePlan {
        let (Some(source), Some(list)) = (self.source(id), &self.list) else { return SavePlan::Nothing };
        if self.ui.get(&id).is_some_and(|u| u.saving) || !list.world.can_edit {
            return SavePlan::Nothing;
        }
        let Some((draft, mut patch)) = self.draft_for(id, intent) else { return SavePlan::Nothing };
        let blocking = errors(rules::check(&draft, list));
        if !blocking.is_empty() {
            return SavePlan::Blocked(blocking);
        }
        if intent == Intent::Upload(false) && source.upload_enabled {
            let dependents = rules::dependents_on(id, list);
            let warns = !id.spec().important.is_empty();
            if !confirmed && (warns || !dependents.is_empty()) {
                return SavePlan::Confirm(Confirm { id, dependents });
            }
            patch.turn_off_dependents = !dependents.is_empty();
        }
        SavePlan::Send { patch, version: source.version }
    }

    /// Non-secret draft fields, for sessionStorage. Secrets never leave memory.
    pub fn persistable_drafts(&self) -> SmallMap<SourceId, Settings> {
        self.drafts
            .iter()
            .filter_map(|(id, p)| p.settings.clone().filter(|s| !s.present().is_empty()).map(|s| (*id, s)))
            .collect()
    }

    fn ui_mut(&mut self, id: SourceId) -> &mut SourceUi {
        self.ui.entry_or_default(id)
    }

    fn set_list(&mut self, mut list: SourceList) {
        list.world.vulnerability_source = rules::vulnerability_source(&list);
        self.list = Some(list);
    }

    fn replace_source(&mut self, source: DataSource) {
        if let Some(list) = self.list.as_mut() {
            if let Some(slot) = list.sources.iter_mut().find(|s| s.id == source.id) {
                *slot = source;
            }
            list.world.vulnerability_source = rules::vulnerability_source(list);
        }
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Reload => self.load = Load::Loading,
            Action::Loaded(list) => {
                self.set_list(list);
                self.load = Load::Ready;
                if let Some(h) = self.highlight.clone() {
                    self.open_highlighted(&h);
                }
            }
            Action::LoadFailed(e) => self.load = Load::Failed(e),
            Action::Refreshed(list) => self.set_list(list),
            Action::SourceUpdated(s) => self.replace_source(s),
            Action::Reveal(id, name, on) => {
                let revealed = &mut self.ui_mut(id).revealed;
                if on {
                    revealed.add(name);
                } else {
                    revealed.remove(&name);
                }
            }
            Action::ToggleOpen(id) => {
                let ui = self.ui_mut(id);
                ui.open = !ui.open;
            }
            Action::Edit(id, edit) => self.edit(id, edit),
            Action::Touch(id, pointer) => {
                self.ui_mut(id).touched.add(pointer);
            }
            Action::ShowProblems(id) => {
                let problems = self.upload_blockers(id);
                let name = id.name();
                let ui = self.ui_mut(id);
                ui.open = true;
                ui.touched.extend(problems.iter().map(|p| (p.pointer.clone(), ())));
                self.announcement = format!(
                    "{name} cannot be turned on yet: {} prerequisite{} not met.",
                    problems.len(),
                    if problems.len() == 1 { " is" } else { "s are" }
                );
            }
            Action::AskConfirm(c) => self.confirm = Some(c),
            Action::CloseConfirm => self.confirm = None,
            Action::SaveStarted(id, patch, intent, confirmed) => {
                self.confirm = None;
                let ui = self.ui_mut(id);
                ui.saving = true;
                ui.error = None;
                ui.notice = None;
                ui.server_errors.clear();
                ui.last_intent = Some((intent, confirmed));
                ui.in_flight = Some(patch);
                self.announcement = format!("Saving {}…", id.name());
            }
            Action::Saved(id, source) => {
                let ui = self.ui_mut(id);
                let sent = ui.in_flight.take();
                ui.saving = false;
                ui.error = None;
                ui.conflict = None;
                ui.touched.clear();
                ui.replacing.clear();
                ui.revealed.clear();
                ui.last_intent = None;
                ui.notice = Some("Saved.".into());
                // Drop the draft, and with it any secret typed, unless the user kept typing.
                let sent_draft = sent.map(|p| (p.settings, p.secrets));
                let now = self.drafts.get(&id).map(|p| (p.settings.clone(), p.secrets.clone()));
                if now.is_none() || sent_draft == now {
                    self.drafts.remove(&id);
                }
                self.announcement = format!("{} saved.", id.name());
                self.replace_source(source);
            }
            Action::SaveFailed(id, error) => self.save_failed(id, error),
            Action::KeepMine(id) => {
                let ui = self.ui_mut(id);
                if let Some(theirs) = ui.conflict.take() {
                    ui.error = None;
                    self.replace_source(theirs);
                }
            }
            Action::UseTheirs(id) => {
                let ui = self.ui_mut(id);
                let theirs = ui.conflict.take();
                ui.error = None;
                ui.touched.clear();
                ui.replacing.clear();
                self.drafts.remove(&id);
                if let Some(theirs) = theirs {
                    self.replace_source(theirs);
                }
                self.announcement = format!("{}: your changes were discarded; the saved version is shown.", id.name());
            }
            Action::ConsentOpened(id, url) => {
                self.ui_mut(id).consent_url = Some(url);
                self.announcement = format!("{}: complete the consent in the window that opened.", id.name());
            }
            Action::Highlight(h) => {
                self.open_highlighted(&h);
                self.highlight = Some(h);
                self.highlight_seq += 1;
            }
            Action::Announce(text) => self.announcement = text,
        }
    }

    /// A deep link to one source opens it; a factor only highlights its sources.
    fn open_highlighted(&mut self, h: &Highlight) {
        if let Highlight::Source(id) = h {
            self.ui_mut(*id).open = true;
        }
    }

    fn save_failed(&mut self, id: SourceId, error: ApiError) {
        let name = id.name();
        let ui = self.ui_mut(id);
        ui.saving = false;
        ui.in_flight = None;
        ui.open = true;
        match error {
            ApiError::Invalid(errors) => {
                for e in &errors {
                    ui.server_errors.insert(e.pointer.clone(), e.detail.clone());
                }
                ui.error = Some(ApiError::Invalid(errors));
            }
            ApiError::Stale(theirs) => {
                ui.conflict = theirs.map(|b| *b);
                ui.error = Some(ApiError::Stale(None));
            }
            other => ui.error = Some(other),
        }
        self.announcement = format!("{name} was not saved.");
    }

    fn edit(&mut self, id: SourceId, edit: Edit) {
        let pointer = edit.pointer();
        let ui = self.ui_mut(id);
        ui.server_errors.remove(&pointer);
        ui.notice = None;
        match &edit {
            Edit::Secret(name, _) => {
                ui.replacing.add(*name);
            }
            Edit::KeepSecret(name) => {
                ui.replacing.remove(name);
            }
            _ => {}
        }
        let current = self.source(id).map(|s| s.settings.clone()).unwrap_or_default();
        let draft = self.drafts.entry_or_default(id);
        let s = draft.settings.get_or_insert_with(Settings::default);
        match edit {
            Edit::Domain(v) => s.domain = Some(v),
            Edit::AdminRole(r) => s.admin_role = r,
            Edit::ApiServer(v) => s.api_server = Some(v),
            Edit::Username(v) => s.username = Some(v),
            Edit::Permission(p, on) => {
                let held = s.permissions.clone().or(current.permissions).unwrap_or_default();
                // Rebuilt in catalog order, which is also the order `sort` would give.
                let keep = |x: &QualysPermission| if *x == p { on } else { held.contains(x) };
                s.permissions = Some(QualysPermission::ALL.into_iter().filter(keep).collect());
            }
            Edit::ReplacesEndpointSensor(v) => s.replaces_endpoint_sensor = Some(v),
            Edit::AppInstalled(v) => s.app_installed = Some(v),
            Edit::FirewallException(v) => s.firewall_exception = Some(v),
            Edit::Secret(name, value) => {
                draft.secrets.insert(name, value);
            }
            Edit::KeepSecret(name) => {
                draft.secrets.remove(&name);
            }
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
    use rds_domain::api::World;
    use rds_domain::Region;

    fn list() -> SourceList {
        SourceList::unconfigured(World::new(Region::Us))
    }

    fn ready() -> State {
        let mut s = State::new(SmallMap::new());
        s.apply(Action::Loaded(list()));
        s
    }

    const TOKEN: &str = "00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123";

    fn fill_okta(s: &mut State) {
        s.apply(Action::Edit(SourceId::Okta, Edit::Domain("acme.okta.com".into())));
        s.apply(Action::Edit(SourceId::Okta, Edit::AdminRole(Some(OktaRole::OrgAdmin))));
        s.apply(Action::Edit(SourceId::Okta, Edit::Secret(SecretName::ApiToken, Some(TOKEN.into()))));
    }

    #[test]
    fn turning_on_okta_is_blocked_until_every_prerequisite_is_met() {
        let mut s = ready();
        let SavePlan::Blocked(p) = s.plan_save(SourceId::Okta, Intent::Upload(true), false) else { panic!() };
        assert_eq!(p.len(), 3);
        assert_eq!(s.upload_blockers(SourceId::Okta).len(), 3);
        fill_okta(&mut s);
        let SavePlan::Send { patch, version } = s.plan_save(SourceId::Okta, Intent::Upload(true), false) else { panic!() };
        assert_eq!(version, 1);
        assert_eq!(patch.upload_enabled, Some(true));
        assert_eq!(patch.secrets[&SecretName::ApiToken].as_deref(), Some(TOKEN));
        assert!(s.assess(SourceId::Okta).0.iter().all(|r| r.met()));
    }

    #[test]
    fn a_revealed_secret_is_hidden_again_once_saved() {
        let mut s = ready();
        fill_okta(&mut s);
        s.apply(Action::Reveal(SourceId::Okta, SecretName::ApiToken, true));
        assert!(s.ui(SourceId::Okta).revealed.contains(&SecretName::ApiToken));
        s.apply(Action::Reveal(SourceId::Okta, SecretName::ApiToken, false));
        assert!(s.ui(SourceId::Okta).revealed.is_empty());
        s.apply(Action::Reveal(SourceId::Okta, SecretName::ApiToken, true));
        let SavePlan::Send { patch, .. } = s.plan_save(SourceId::Okta, Intent::Save, false) else { panic!() };
        s.apply(Action::SaveStarted(SourceId::Okta, patch, Intent::Save, false));
        let saved = s.source(SourceId::Okta).unwrap().clone();
        s.apply(Action::Saved(SourceId::Okta, saved));
        assert!(s.ui(SourceId::Okta).revealed.is_empty());
    }

    #[test]
    fn field_messages_stay_silent_until_touched() {
        let mut s = ready();
        assert_eq!(s.field_message(SourceId::Okta, "/settings/domain"), None);
        s.apply(Action::Edit(SourceId::Okta, Edit::Domain("http://acme.okta.com".into())));
        s.apply(Action::Touch(SourceId::Okta, "/settings/domain".into()));
        let (msg, sev) = s.field_message(SourceId::Okta, "/settings/domain").unwrap();
        assert_eq!(sev, Severity::Error);
        assert!(msg.contains("http://"));
        s.apply(Action::ShowProblems(SourceId::Okta));
        assert!(s.field_message(SourceId::Okta, "/settings/adminRole").is_some());
        assert!(s.announcement.contains("prerequisites are not met"));
    }

    #[test]
    fn saved_drops_the_draft_and_its_secrets() {
        let mut s = ready();
        fill_okta(&mut s);
        let SavePlan::Send { patch, .. } = s.plan_save(SourceId::Okta, Intent::Upload(true), false) else { panic!() };
        s.apply(Action::SaveStarted(SourceId::Okta, patch, Intent::Upload(true), false));
        assert!(s.ui(SourceId::Okta).saving);
        assert_eq!(s.plan_save(SourceId::Okta, Intent::Save, false), SavePlan::Nothing, "no second save while one runs");
        let mut saved = s.source(SourceId::Okta).unwrap().clone();
        saved.upload_enabled = true;
        saved.version = 2;
        s.apply(Action::Saved(SourceId::Okta, saved));
        assert!(!s.has_draft(SourceId::Okta));
        assert!(!s.drafts.contains_key(&SourceId::Okta));
        assert_eq!(s.source(SourceId::Okta).unwrap().version, 2);
        assert_eq!(s.announcement, "Okta saved.");
    }

    #[test]
    fn a_failed_save_keeps_the_draft_and_puts_422_errors_on_fields() {
        let mut s = ready();
        fill_okta(&mut s);
        let SavePlan::Send { patch, .. } = s.plan_save(SourceId::Okta, Intent::Save, false) else { panic!() };
        s.apply(Action::SaveStarted(SourceId::Okta, patch, Intent::Save, false));
        s.apply(Action::SaveFailed(
            SourceId::Okta,
            ApiError::Invalid(vec![rds_domain::api::FieldError {
                pointer: "/settings/domain".into(),
                code: "x".into(),
                detail: "Server says no.".into(),
            }]),
        ));
        assert!(s.has_draft(SourceId::Okta));
        assert_eq!(s.field_message(SourceId::Okta, "/settings/domain").unwrap().0, "Server says no.");
        s.apply(Action::Edit(SourceId::Okta, Edit::Domain("b.okta.com".into())));
        assert_eq!(s.field_message(SourceId::Okta, "/settings/domain"), None, "editing clears the server's error");
        s.apply(Action::SaveFailed(SourceId::Okta, ApiError::Timeout));
        assert_eq!(s.ui(SourceId::Okta).error, Some(ApiError::Timeout));
        assert!(s.has_draft(SourceId::Okta));
    }

    #[test]
    fn a_stale_save_keeps_mine_until_the_user_chooses() {
        let mut s = ready();
        fill_okta(&mut s);
        let mut theirs = s.source(SourceId::Okta).unwrap().clone();
        theirs.version = 5;
        theirs.settings.domain = Some("theirs.okta.com".into());
        s.apply(Action::SaveFailed(SourceId::Okta, ApiError::Stale(Some(Box::new(theirs.clone())))));
        assert_eq!(s.ui(SourceId::Okta).conflict.as_ref(), Some(&theirs));
        assert!(s.has_draft(SourceId::Okta));
        s.apply(Action::KeepMine(SourceId::Okta));
        assert_eq!(s.source(SourceId::Okta).unwrap().version, 5);
        assert_eq!(s.draft_patch(SourceId::Okta).settings.unwrap().domain.as_deref(), Some("acme.okta.com"));
        let SavePlan::Send { version, .. } = s.plan_save(SourceId::Okta, Intent::Save, false) else { panic!() };
        assert_eq!(version, 5);

        s.apply(Action::SaveFailed(SourceId::Okta, ApiError::Stale(Some(Box::new(theirs)))));
        s.apply(Action::UseTheirs(SourceId::Okta));
        assert!(!s.has_draft(SourceId::Okta));
    }

    #[test]
    fn turning_off_identity_sources_asks_first_and_names_dependents() {
        let mut l = list();
        for src in l.sources.iter_mut() {
            src.upload_enabled = matches!(src.id, SourceId::AzureAd | SourceId::Office365 | SourceId::EmailSensor);
        }
        let mut s = State::new(SmallMap::new());
        s.apply(Action::Loaded(l));
        assert_eq!(
            s.plan_save(SourceId::AzureAd, Intent::Upload(false), false),
            SavePlan::Confirm(Confirm { id: SourceId::AzureAd, dependents: vec![SourceId::Office365] })
        );
        let SavePlan::Send { patch, .. } = s.plan_save(SourceId::AzureAd, Intent::Upload(false), true) else { panic!() };
        assert!(patch.turn_off_dependents);
        assert!(matches!(s.plan_save(SourceId::EmailSensor, Intent::Upload(false), false), SavePlan::Send { .. }));
    }

    #[test]
    fn read_only_consoles_send_nothing() {
        let mut l = list();
        l.world.can_edit = false;
        let mut s = State::new(SmallMap::new());
        s.apply(Action::Loaded(l));
        assert_eq!(s.plan_save(SourceId::EmailSensor, Intent::Upload(true), false), SavePlan::Nothing);
    }

    #[test]
    fn only_non_secret_drafts_persist_and_restore() {
        let mut s = ready();
        fill_okta(&mut s);
        let kept = s.persistable_drafts();
        assert_eq!(kept[&SourceId::Okta].domain.as_deref(), Some("acme.okta.com"));
        let restored = State::new(kept);
        let p = restored.draft_patch(SourceId::Okta);
        assert!(p.secrets.is_empty());
        assert_eq!(p.settings.unwrap().admin_role, Some(OktaRole::OrgAdmin));
    }

    #[test]
    fn permissions_toggle_one_by_one() {
        let mut s = ready();
        s.apply(Action::Edit(SourceId::Qualys, Edit::Permission(QualysPermission::ApiAccess, true)));
        s.apply(Action::Edit(SourceId::Qualys, Edit::Permission(QualysPermission::ReaderRole, true)));
        s.apply(Action::Edit(SourceId::Qualys, Edit::Permission(QualysPermission::ApiAccess, false)));
        let held = s.draft_patch(SourceId::Qualys).settings.unwrap().permissions.unwrap();
        assert_eq!(held, vec![QualysPermission::ReaderRole]);
    }

    #[test]
    fn deep_links_parse_and_highlight() {
        assert_eq!(Highlight::from_hash("#source=okta"), Some(Highlight::Source(SourceId::Okta)));
        assert_eq!(Highlight::from_hash("#factor=vulnerabilities"), Some(Highlight::Factor("vulnerabilities")));
        assert_eq!(Highlight::from_hash("#factor=nope"), None);
        assert_eq!(Highlight::from_hash("#other"), None);
        let h = Highlight::Factor("vulnerabilities");
        assert!(h.includes(SourceId::Qualys) && h.includes(SourceId::EndpointSensor) && !h.includes(SourceId::Okta));
        let mut s = ready();
        s.apply(Action::Highlight(Highlight::Source(SourceId::Splunk)));
        assert!(s.ui(SourceId::Splunk).open);
    }

    #[test]
    fn vulnerability_source_follows_a_qualys_save() {
        let mut s = ready();
        let mut q = s.source(SourceId::Qualys).unwrap().clone();
        q.upload_enabled = true;
        s.apply(Action::SourceUpdated(q));
        assert_eq!(s.list.as_ref().unwrap().world.vulnerability_source, SourceId::Qualys);
    }
}
