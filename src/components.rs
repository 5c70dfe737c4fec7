//! Components render state and send actions; none of them talks to the network. Only what
//! holds a hook or is worth skipping when its props are equal is a Yew component (the panel,
//! each source card, the dialog); the rest are view functions and view structs, since every
//! component type costs about 1 KB of the page in Yew's lifecycle code. There is one
//! renderer per field kind and none per source.

pub mod capabilities;
pub mod checklist;
pub mod confirm_dialog;
pub mod connection_test;
pub mod consent;
pub mod error_notice;
pub mod factors;
pub mod field_kinds;
pub mod fields;
pub mod filters;
pub mod naming_dialog;
pub mod panel;
pub mod secret_field;
pub mod skeleton;
pub mod source_card;
pub mod switch;

use yew::{Callback, Html};

use crate::actions::PanelHandle;
use crate::state::{Action, Edit};

/// The DOM id of a field of a connection: `rds-okta-settings-domain` for `/settings/domain`.
pub fn field_id(source: &str, pointer: &str) -> String {
    format!("rds-{source}{}", pointer.replace('/', "-"))
}

/// A callback that turns a field's value into an edit of connection `id`.
pub fn on_edit<T: 'static>(panel: &PanelHandle, id: &str, edit: impl Fn(T) -> Edit + 'static) -> Callback<T> {
    let panel = panel.clone();
    let id = id.to_string();
    Callback::from(move |v: T| panel.dispatch(Action::Edit(id.clone(), edit(v))))
}

/// A click that does `act` for connection `id`. One closure type for every such button,
/// where a closure of each would bring its own copy, drop and call code into the page.
pub fn on_click(panel: &PanelHandle, id: &str, act: fn(&PanelHandle, &str)) -> Callback<yew::MouseEvent> {
    let panel = panel.clone();
    let id = id.to_string();
    Callback::from(move |_| act(&panel, &id))
}

/// A callback that marks a field touched, so that its problems show from then on.
pub fn on_touch(panel: &PanelHandle, id: &str, pointer: &str) -> Callback<()> {
    let panel = panel.clone();
    let (id, pointer) = (id.to_string(), pointer.to_string());
    Callback::from(move |_| panel.dispatch(Action::Touch(id.clone(), pointer.clone())))
}

/// The classes of an element as `~className={class(…)}`: `base` and each modifier whose
/// condition holds. Set as the DOM property, not through yew's `class` attribute: that turns
/// every value it is given into a hash set of words, and the set's code alone was 4 KB of
/// the page.
pub fn class(base: &str, modifiers: &[(bool, &str)]) -> wasm_bindgen::JsValue {
    let mut out = base.to_string();
    for (_, m) in modifiers.iter().filter(|(on, _)| *on) {
        out.push(' ');
        out.push_str(m);
    }
    out.into()
}

/// `<p class="…">` around one child, built here once rather than inline at each use.
#[inline(never)]
pub fn para(class: &'static str, child: impl Into<Html>) -> Html {
    yew::html! { <p ~className={wasm_bindgen::JsValue::from_str(class)}>{child.into()}</p> }
}

/// A text node. Not inlined: shown text is made in many places, and building the node at
/// each would make the page larger.
#[inline(never)]
pub fn text(s: String) -> Html {
    Html::from(s)
}
