//! Components render state and send actions; none of them talks to the network. Only what
//! holds a hook or is worth skipping when its props are equal is a Yew component (the panel,
//! each source card, the dialog); the rest are view functions and view structs, since every
//! component type costs about 1 KB of the page in Yew's lifecycle code.

pub mod checklist;
pub mod confirm_dialog;
pub mod consent;
pub mod error_notice;
pub mod factors;
pub mod fields;
pub mod okta_form;
pub mod panel;
pub mod qualys_form;
pub mod secret_field;
pub mod skeleton;
pub mod source_card;
pub mod splunk_form;
pub mod switch;
pub mod vulnerability_source;

/// The DOM id of a field of a source: `rds-okta-settings-domain` for `/settings/domain`.
pub fn field_id(source: SourceId, pointer: &str) -> String {
    format!("rds-{}{}", source.as_str(), pointer.replace('/', "-"))
}

use rds_domain::SourceId;
use yew::Callback;

use crate::panel_handle::PanelHandle;
use crate::state::{Action, Edit};

/// A callback that turns a field's value into an edit of source `id`.
pub fn on_edit<T: 'static>(panel: &PanelHandle, id: SourceId, edit: impl Fn(T) -> Edit + 'static) -> Callback<T> {
    let panel = panel.clone();
    Callback::from(move |v: T| panel.dispatch(Action::Edit(id, edit(v))))
}

/// A callback that marks a field touched, so that its problems show from then on.
pub fn on_touch(panel: &PanelHandle, id: SourceId, pointer: &str) -> Callback<()> {
    let panel = panel.clone();
    let pointer = pointer.to_string();
    Callback::from(move |_| panel.dispatch(Action::Touch(id, pointer.clone())))
}
