//! One renderer per field kind. A definition's field says which kind it is, what it is
//! called and what it offers; these draw it and turn what the user does into edits.

use rds_domain::definition::{Field, FieldKind};
use rds_domain::rules::pointer;
use rds_domain::text::fill;
use rds_domain::{Region, SettingValue};
use yew::prelude::*;

use super::text;
use super::para;
use super::fields::{describedby, field_message, Checkbox, SelectField, TextField};
use super::secret_field::secret_input;
use super::{class, field_id, on_edit, on_touch};
use crate::actions::PanelHandle;
use crate::state::{Action, Edit};
use crate::view_model::SourceView;

/// The choice of a `platform` field that asks for a private host instead.
const PRIVATE: &str = "private";

/// `field` of the source in `v`, drawn as its kind is drawn.
pub fn field(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    match field.kind {
        FieldKind::Text | FieldKind::Host => plain(panel, v, field),
        FieldKind::Secret => secret_input(panel, v, field),
        FieldKind::Select => select(panel, v, field),
        FieldKind::Confirm => confirm(panel, v, field, v.string(&field.label)),
        FieldKind::Confirmations => confirmations(panel, v, field),
        FieldKind::Platform => platform(panel, v, field),
        FieldKind::RegionHost => region_host(panel, v, field),
        FieldKind::Connection => connection(panel, v, field),
    }
}

/// The connection a requirement goes through this field for, among those of its type: the
/// type's first while none is chosen.
fn connection(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    let at = pointer(field);
    let options = v.choices.get(&field.key).cloned().unwrap_or_default();
    let first = options.first().map(|(id, _)| id.clone()).unwrap_or_default();
    SelectField {
        words: &v.words,
        id: field_id(v.id(), &at),
        label: v.text(&field.label),
        value: v.settings.text(&field.key).filter(|t| !t.is_empty()).map_or(first, str::to_string),
        options,
        message: v.message(&at),
        disabled: v.locked(),
        required: false,
        on_change: set_text(panel, v, &field.key),
    }
    .view()
}

fn set_text(panel: &PanelHandle, v: &SourceView, key: &str) -> Callback<String> {
    let key = key.to_string();
    on_edit(panel, v.id(), move |s: String| Edit::Set(key.clone(), SettingValue::Text(s)))
}

fn text_input(panel: &PanelHandle, v: &SourceView, field: &Field, id: String, label: &str, hint: Option<&str>) -> Html {
    let at = pointer(field);
    TextField {
        words: &v.words,
        id,
        label,
        hint,
        value: v.settings.text(&field.key).unwrap_or("").to_string(),
        message: v.message(&at),
        disabled: v.locked(),
        autocomplete: field.autocomplete.as_deref().unwrap_or("off"),
        required: field.is_required(),
        on_input: set_text(panel, v, &field.key),
        on_blur: on_touch(panel, v.id(), &at),
    }
    .view()
}

fn plain(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    let id = field_id(v.id(), &pointer(field));
    text_input(panel, v, field, id, v.text(&field.label), field.help.as_ref().map(|h| v.text(h)))
}

fn select(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    let at = pointer(field);
    let mut options = vec![(String::new(), field.prompt.as_ref().map_or("", |p| v.text(p)).to_string())];
    options.extend(field.options.iter().map(|o| (o.value.clone(), v.string(&o.label))));
    SelectField {
        words: &v.words,
        id: field_id(v.id(), &at),
        label: v.text(&field.label),
        options,
        value: v.settings.text(&field.key).unwrap_or("").to_string(),
        message: v.message(&at),
        disabled: v.locked(),
        required: field.is_required(),
        on_change: set_text(panel, v, &field.key),
    }
    .view()
}

fn confirm(panel: &PanelHandle, v: &SourceView, field: &Field, label: String) -> Html {
    let at = pointer(field);
    let key = field.key.clone();
    Checkbox {
        words: &v.words,
        id: field_id(v.id(), &at),
        label,
        checked: v.settings.flag(&field.key) == Some(true),
        message: v.message(&at),
        disabled: v.locked(),
        on_change: on_edit(panel, v.id(), move |on| Edit::Set(key.clone(), SettingValue::Flag(on))),
    }
    .view()
}

fn confirmations(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    let at = pointer(field);
    let group = field_id(v.id(), &at);
    let held = v.settings.list(&field.key);
    let message = v.message(&at);
    html! {
        <fieldset class="rds-fieldset" aria-describedby={describedby(&group, &message, false)}>
            <legend class="rds-fieldset__legend">{v.node(&field.label)}</legend>
            { for field.options.iter().map(|o| {
                let (key, value) = (field.key.clone(), o.value.clone());
                Checkbox {
                    words: &v.words,
                    id: format!("{group}-{}", o.value),
                    label: v.string(&o.label),
                    checked: held.contains(&o.value),
                    message: None,
                    disabled: v.locked(),
                    on_change: on_edit(panel, v.id(), move |on| Edit::Choose(key.clone(), value.clone(), on)),
                }.view()
            }) }
            { field_message(&v.words, &group, &message) }
        </fieldset>
    }
}

/// A shared platform from the list, or a private one whose host is typed in.
fn platform(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    let at = pointer(field);
    let id = field_id(v.id(), &at);
    let host = v.settings.text(&field.key).unwrap_or("").to_string();
    // Once chosen or typed into, the private host's input stays whatever the text says, so
    // it never vanishes (and takes focus with it) while the user types.
    let typed = v.ui.private.contains(&field.key) || (!host.is_empty() && field.option(&host).is_none());
    let private = typed && field.private.is_some();
    let mut options = vec![(String::new(), field.prompt.as_ref().map_or("", |p| v.text(p)).to_string())];
    options.extend(field.options.iter().map(|o| {
        (o.value.clone(), v.words.f("field.platform.option", &[("label", v.text(&o.label)), ("host", &o.value)]))
    }));
    if let Some(p) = &field.private {
        options.push((PRIVATE.to_string(), v.string(&p.option)));
    }
    // A private host starts empty: its hint names the prefix, and a prefix typed into a
    // prefilled field would be doubled.
    let key = field.key.clone();
    let on_change = on_edit(panel, v.id(), move |h: String| Edit::Platform(key.clone(), (h != PRIVATE).then_some(h)));
    html! {
        <>
            { SelectField {
                words: &v.words,
                id: format!("{id}-platform"),
                label: v.text(&field.label),
                options,
                value: if private { PRIVATE.to_string() } else { host },
                message: if private { None } else { v.message(&at) },
                disabled: v.locked(),
                required: field.is_required(),
                on_change,
            }.view() }
            if let (true, Some(p)) = (private, &field.private) {
                { text_input(panel, v, field, id, v.text(&p.label), p.help.as_ref().map(|h| v.text(h))) }
            }
        </>
    }
}

/// The console region's host, to copy, every region's host, and the box that confirms the
/// host is reachable.
fn region_host(panel: &PanelHandle, v: &SourceView, field: &Field) -> Html {
    let w = &v.words;
    let host = field.hosts.get(&v.region).cloned().unwrap_or_default();
    let region_name = |r: Region| w.s(&format!("region.{}", r.code()));
    let copy = {
        let panel = panel.clone();
        let host = host.clone();
        let copied = w.f("announce.copied", &[("host", &host)]);
        let refused = w.f("announce.copyRefused", &[("host", &host)]);
        Callback::from(move |e: MouseEvent| {
            // The host's <code> is the button's previous sibling.
            let code = e.target_dyn_into::<web_sys::Element>().and_then(|b| b.previous_element_sibling());
            let (panel, host, copied, refused) = (panel.clone(), host.clone(), copied.clone(), refused.clone());
            yew::platform::spawn_local(async move {
                let written = copy_text(&host).await;
                if !written {
                    // Selected, so that Ctrl+C copies it.
                    if let (Some(sel), Some(code)) = (web_sys::window().and_then(|w| w.get_selection().ok().flatten()), code) {
                        let _ = sel.select_all_children(&code);
                    }
                }
                panel.dispatch(Action::Announce(if written { copied } else { refused }));
            });
        })
    };
    let label = fill(v.text(&field.label), &[("host", &host)]);
    html! {
        <div class="rds-firewall">
            <p class="rds-firewall__yours">
                {text(w.f("regionHost.yours", &[("region", &region_name(v.region))]))}
                <code class="rds-firewall__host" id={format!("{}-host", field_id(v.id(), &pointer(field)))}>{text(host.clone())}</code>
                <button type="button" class="rds-button rds-button--secondary" onclick={copy}
                    aria-label={w.f("action.copyHost", &[("host", &host)])}>{w.node("action.copy")}</button>
            </p>
            if let Some(help) = &field.help {
                { para("rds-firewall__intro", v.node(help)) }
            }
            <ul class="rds-firewall__regions">
                { for Region::ALL.iter().filter_map(|r| field.hosts.get(r).map(|h| (*r, h))).map(|(r, h)| html! {
                    <li ~className={class("rds-firewall__region", &[(r == v.region, "rds-firewall__region--current")])}>
                        {text(w.f("regionHost.region", &[("region", &region_name(r))]))}<code>{text(h.clone())}</code>
                    </li>
                }) }
            </ul>
            { confirm(panel, v, field, label) }
        </div>
    }
}

/// Writes `text` to the clipboard; false where the page may not (a console's iframe without
/// the permission, an insecure page), never an uncaught exception.
async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()).filter(|c| !c.is_undefined()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}
