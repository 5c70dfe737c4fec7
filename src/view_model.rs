//! What one source card needs, derived from the state. Cards compare their view and
//! re-render only when it changed, which keeps large catalogs fast.

use rds_domain::api::{DataSource, SourcePatch};
use rds_domain::definition::{Definition, Severity};
use rds_domain::rules::{self, CheckItem, Problem};
use rds_domain::small_map::SmallMap;
use rds_domain::{Catalog, Region, SettingValue, Settings};

use crate::shared::Shared;
use crate::state::{SourceUi, State};
use crate::words::Words;

#[derive(Clone, Debug, PartialEq)]
pub struct SourceView {
    /// The catalog the definition is read from.
    catalog: Shared<Catalog>,
    index: usize,
    pub words: Shared<Words>,
    pub source: DataSource,
    pub ui: SourceUi,
    pub draft: SourcePatch,
    /// Server settings with the draft laid over them: what the inputs show.
    pub settings: Settings,
    pub checklist: Vec<CheckItem>,
    /// What stops the upload switch from turning on.
    pub blockers: Vec<Problem>,
    /// What stops each secondary switch from turning on.
    pub switch_blockers: SmallMap<String, Vec<Problem>>,
    pub messages: SmallMap<String, (String, Severity)>,
    pub can_edit: bool,
    pub region: Region,
    pub highlighted: bool,
    /// Days without data, when that is longer than the source's type allows.
    pub quiet_days: Option<i64>,
    /// The type's name, and the connection's own after it when it has one.
    name: String,
    /// For each field that chooses a connection, the connections it may choose: id and name.
    pub choices: SmallMap<String, Vec<(String, String)>>,
    /// Whether a connection of this type may be added, renamed and removed.
    pub several: bool,
}

impl SourceView {
    /// The view of `id` at `now` (Unix seconds).
    pub fn of(state: &State, id: &str, now: i64) -> Option<SourceView> {
        let list = state.list.as_ref()?;
        let source = list.get(id)?.clone();
        let index = state.catalog.position(&source.source_type)?;
        let draft = state.draft_patch(id);
        let mut settings = source.settings.clone();
        settings.merge(&draft.settings);
        // Show what the user typed, even a blank field, rather than the stored value.
        for (key, value) in &draft.settings.0 {
            if let SettingValue::Text(_) = value {
                settings.set(key, value.clone());
            }
        }
        let (checklist, problems) = state.assess(id);
        let definition = &state.catalog.definitions()[index];
        let switch_blockers = definition.switches.iter().map(|s| (s.key.clone(), state.switch_blockers(id, &s.key))).collect();
        let choices = definition
            .requires
            .iter()
            .filter_map(|r| {
                let of = r.source.as_deref()?;
                let ids = list.sources.iter().filter(|s| s.source_type == of).map(|s| (s.id.clone(), state.name_of(s)));
                Some((r.through.clone()?, ids.collect()))
            })
            .collect();
        Some(SourceView {
            catalog: Shared(state.catalog.clone()),
            index,
            words: Shared(state.words.clone()),
            ui: state.ui(id),
            messages: state.field_messages(id, &problems),
            blockers: rules::errors(problems),
            switch_blockers,
            checklist,
            can_edit: list.world.can_edit,
            region: list.world.region,
            highlighted: state.highlight.as_ref().is_some_and(|h| h.includes(id, &state.catalog, list)),
            quiet_days: state.quiet_days(id, now),
            name: state.name(id),
            choices,
            several: definition.instances.max > 1,
            settings,
            draft,
            source,
        })
    }

    pub fn id(&self) -> &str {
        &self.source.id
    }

    pub fn definition(&self) -> &Definition {
        &self.catalog.definitions()[self.index]
    }

    /// A text of the definition in the reader's language.
    pub fn text<'a>(&'a self, t: &'a rds_domain::Text) -> &'a str {
        t.get(&self.words.locale)
    }

    /// A text of the definition as a `String` to show. Not inlined, like `Words::s`.
    #[inline(never)]
    pub fn string(&self, t: &rds_domain::Text) -> String {
        self.text(t).to_string()
    }

    /// A text of the definition as a text node.
    #[inline(never)]
    pub fn node(&self, t: &rds_domain::Text) -> yew::Html {
        crate::components::text(self.string(t))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn message(&self, pointer: &str) -> Option<(String, Severity)> {
        self.messages.get(pointer).cloned()
    }

    /// The value typed for a secret: `Some(Some(v))` new, `Some(None)` to be cleared.
    pub fn secret_draft(&self, name: &str) -> Option<Option<String>> {
        self.draft.secrets.get(name).cloned()
    }

    pub fn has_changes(&self) -> bool {
        !self.draft.is_empty()
    }

    /// Whether a connection test runs: the switch and Save wait for it.
    pub fn testing(&self) -> bool {
        matches!(self.ui.test, Some(crate::state::Test::Running(_)))
    }

    /// Whether the inputs are locked: a read-only console, or a save under way.
    pub fn locked(&self) -> bool {
        !self.can_edit || self.ui.saving
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::state::{Action, Edit};
    use crate::{test_catalog, test_words};
    use rds_domain::api::{SourceList, World};

    fn state() -> State {
        let mut s = State::new(Rc::new(test_words()), SmallMap::new());
        let catalog = test_catalog();
        let mut list = SourceList::unconfigured(&catalog, World::new(Region::Jp));
        list.sources.iter_mut().find(|x| x.id == "okta").unwrap().settings =
            serde_json::from_value(serde_json::json!({"domain": "stored.okta.com", "adminRole": "appAdmin"})).unwrap();
        s.apply(Action::Loaded(Rc::new(catalog), list));
        s
    }

    #[test]
    fn inputs_show_what_was_typed_even_blank_over_what_is_stored() {
        let mut s = state();
        let v = SourceView::of(&s, "okta", 0).unwrap();
        assert_eq!(v.settings.text("domain"), Some("stored.okta.com"));
        assert_eq!(v.name(), "Okta");
        assert_eq!(v.id(), "okta");
        let target = &v.definition().data_target;
        assert_eq!(v.string(target), "Allows access to user information and activity data");
        assert_eq!(v.node(target), yew::Html::from(v.string(target)), "the same text as a text node");
        assert!(!v.has_changes());
        s.apply(Action::Edit("okta".into(), Edit::Set("domain".into(), SettingValue::Text(String::new()))));
        let v = SourceView::of(&s, "okta", 0).unwrap();
        assert_eq!(v.settings.text("domain"), Some(""), "a field the user emptied stays empty");
        assert_eq!(v.settings.text("adminRole"), Some("appAdmin"));
        assert!(v.has_changes());
        assert_eq!(v.region, Region::Jp);
        assert!(SourceView::of(&s, "nope", 0).is_none());
    }

    #[test]
    fn secondary_switches_carry_their_own_blockers() {
        let s = state();
        let v = SourceView::of(&s, "office-365", 0).unwrap();
        let codes: Vec<&str> = v.switch_blockers["threatDetectionUpload"].iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["office-365-upload-off", "cloud-app-security-not-connected"]);
        assert_eq!(v.blockers[0].code, "azure-ad-upload-off");
        assert!(SourceView::of(&s, "okta", 0).unwrap().switch_blockers.is_empty());
    }

    #[test]
    fn a_view_carries_messages_secret_drafts_and_the_lock() {
        let mut s = state();
        let v = SourceView::of(&s, "okta", 0).unwrap();
        assert_eq!((v.message("/settings/domain"), v.secret_draft("apiToken"), v.locked()), (None, None, false));
        s.apply(Action::Edit("okta".into(), Edit::Set("domain".into(), SettingValue::Text("http://x".into()))));
        s.apply(Action::Touch("okta".into(), "/settings/domain".into()));
        s.apply(Action::Edit("okta".into(), Edit::Secret("apiToken".into(), Some("typed".into()))));
        let v = SourceView::of(&s, "okta", 0).unwrap();
        let (text, severity) = v.message("/settings/domain").expect("a touched field's problem");
        assert!(text.contains("http://"), "{text}");
        assert_eq!(severity, Severity::Error);
        assert_eq!(v.secret_draft("apiToken"), Some(Some("typed".into())));
        s.apply(Action::Edit("okta".into(), Edit::Secret("apiToken".into(), None)));
        assert_eq!(SourceView::of(&s, "okta", 0).unwrap().secret_draft("apiToken"), Some(None), "a secret to be cleared");
        let v = SourceView::of(&s, "okta", 0).unwrap();
        s.apply(Action::SaveStarted("okta".into(), v.draft.clone(), crate::state::Intent::Save, crate::state::Confirmation::Ask));
        assert!(SourceView::of(&s, "okta", 0).unwrap().locked(), "inputs lock while a save runs");
        let mut l = s.list.as_deref().cloned().unwrap();
        l.world.can_edit = false;
        let mut ro = State::new(Rc::new(test_words()), SmallMap::new());
        ro.apply(Action::Loaded(Rc::new(test_catalog()), l));
        assert!(SourceView::of(&ro, "email-sensor", 0).unwrap().locked(), "a read-only console locks every input");
    }

    #[test]
    fn a_view_knows_while_a_connection_test_runs() {
        let mut s = state();
        assert!(!SourceView::of(&s, "okta", 0).unwrap().testing());
        s.apply(Action::TestStarted("okta".into(), false));
        assert!(SourceView::of(&s, "okta", 0).unwrap().testing(), "the switch and Save wait for it");
        s.apply(Action::TestCancelled("okta".into()));
        assert!(!SourceView::of(&s, "okta", 0).unwrap().testing());
    }

    #[test]
    fn views_compare_equal_until_something_they_show_changes() {
        let mut s = state();
        let a = SourceView::of(&s, "email-sensor", 0).unwrap();
        s.apply(Action::Edit("okta".into(), Edit::Set("domain".into(), SettingValue::Text("x".into()))));
        assert_eq!(SourceView::of(&s, "email-sensor", 0).unwrap(), a, "another card's edit leaves this one alone");
        s.apply(Action::ToggleOpen("email-sensor".into()));
        assert_ne!(SourceView::of(&s, "email-sensor", 0).unwrap(), a);
    }

    #[test]
    fn office_365_chooses_among_the_azure_ad_tenants_and_types_that_allow_several_say_so() {
        let mut s = state();
        let mut second = s.source("azure-ad").unwrap().clone();
        second.id = "azure-ad-2".into();
        second.name = Some("Contoso EU".into());
        s.apply(Action::Added(second));
        let v = SourceView::of(&s, "office-365", 0).unwrap();
        assert_eq!(v.choices.get("tenant").unwrap(), &[("azure-ad".to_string(), "Azure AD".to_string()), ("azure-ad-2".into(), "Azure AD (Contoso EU)".into())]);
        assert_eq!(v.name(), "Office 365");
        assert_eq!(SourceView::of(&s, "azure-ad-2", 0).unwrap().name(), "Azure AD (Contoso EU)");
        assert!(SourceView::of(&s, "okta", 0).unwrap().choices.is_empty(), "no field chooses a connection");
        assert!(SourceView::of(&s, "okta", 0).unwrap().several && v.several);
        assert!(!SourceView::of(&s, "qualys", 0).unwrap().several, "one Qualys");
    }
}
