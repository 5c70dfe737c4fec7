//! What one source card needs, derived from the state. Cards compare their view and
//! re-render only when it changed, which keeps large catalogs fast.

use rds_domain::small_map::SmallMap;

use rds_domain::api::{DataSource, SecretName, Settings, SourcePatch};
use rds_domain::rules::{self, Problem, Requirement, Severity};
use rds_domain::{Region, SourceId};

use crate::state::{SourceUi, State};

#[derive(Clone, Debug, PartialEq)]
pub struct SourceView {
    pub source: DataSource,
    pub ui: SourceUi,
    pub draft: SourcePatch,
    /// Server settings with the draft laid over them: what the inputs show.
    pub settings: Settings,
    pub requirements: Vec<Requirement>,
    /// What stops the upload switch from turning on.
    pub blockers: Vec<Problem>,
    pub messages: SmallMap<String, (String, Severity)>,
    pub can_edit: bool,
    pub region: Region,
    pub cloud_app_security_connected: bool,
    pub highlighted: bool,
}

impl SourceView {
    pub fn of(state: &State, id: SourceId) -> Option<SourceView> {
        let list = state.list.as_ref()?;
        let source = list.get(id)?.clone();
        let draft = state.draft_patch(id);
        let mut settings = source.settings.clone();
        if let Some(d) = &draft.settings {
            settings.merge(d);
            // Show what the user typed, even a blank field, rather than the stored value.
            if let Some(v) = &d.domain {
                settings.domain = Some(v.clone());
            }
            if let Some(v) = &d.api_server {
                settings.api_server = Some(v.clone());
            }
            if let Some(v) = &d.username {
                settings.username = Some(v.clone());
            }
        }
        let (requirements, problems) = state.assess(id);
        Some(SourceView {
            ui: state.ui(id),
            messages: state.field_messages(id, &problems),
            blockers: rules::errors(problems),
            requirements,
            can_edit: list.world.can_edit,
            region: list.world.region,
            cloud_app_security_connected: list.world.cloud_app_security_connected,
            highlighted: state.highlight.as_ref().is_some_and(|h| h.includes(id)),
            settings,
            draft,
            source,
        })
    }

    pub fn id(&self) -> SourceId {
        self.source.id
    }

    pub fn message(&self, pointer: &str) -> Option<(String, Severity)> {
        self.messages.get(pointer).cloned()
    }

    /// The value typed for a secret: `Some(Some(v))` new, `Some(None)` to be cleared.
    pub fn secret_draft(&self, name: SecretName) -> Option<Option<String>> {
        self.draft.secrets.get(&name).cloned()
    }

    pub fn has_changes(&self) -> bool {
        !self.draft.is_empty()
    }
}
