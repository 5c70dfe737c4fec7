use rds_domain::api::DataSource;
use web_sys::{ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::{class, text};
use super::para;
use super::capabilities::capabilities;
use super::confirm_dialog::confirm_dialog;
use super::naming_dialog::naming_dialog;
use super::error_notice::error_notice;
use super::factors::factors;
use super::filters::{filters, nothing_found};
use super::fields::flag;
use super::skeleton::skeleton;
use super::source_card::SourceCard;
use crate::actions::PanelHandle;
use crate::state::{Action, Load, State, PAGE};
use crate::view_model::SourceView;

/// From how many sources on the cards out of view are left unrendered (see the stylesheet).
const LONG_LIST: usize = 40;

/// The source that the highlight asks to bring into view, if it changed.
pub fn focus_target(state: &State) -> Option<String> {
    match (&state.highlight, &state.list) {
        (Some(h), Some(list)) => h.first_source(&state.catalog, list),
        _ => None,
    }
}

/// The whole panel: header, capabilities, risk factors, sources, and the turn-off dialog.
/// A view function of the root, which owns the state: as a component of its own, the
/// panel would compare the whole state on every render for nothing.
/// `root` goes on the panel's element, `dialog` on the confirmation dialog and `naming` on
/// the dialog that names a connection.
pub fn panel(panel: &PanelHandle, state: &State, root: NodeRef, dialog: NodeRef, naming: NodeRef) -> Html {
    let w = &state.words;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let quiet = state.list.as_ref().map_or(0, |l| l.sources.iter().filter(|s| state.quiet(s, now).is_some()).count());

    let body = match (&state.load, &state.list) {
        (Load::Failed(e), _) => {
            error_notice(w, w.s("panel.loadFailed"), e, Some(super::on_click(panel, "", |p, _| p.reload(None, None, None))))
        }
        (Load::Ready, Some(list)) => {
            let shown: Vec<(usize, &DataSource)> = list.sources.iter().enumerate().filter(|(_, s)| state.shown(s, now)).collect();
            // A page at a time, and further to a source a link or an addition brings focus to.
            let targets = [focus_target(state), state.pinned.clone()];
            let listed = state.listed.max(shown.iter().rposition(|(_, s)| targets.iter().any(|t| t.as_ref() == Some(&s.id))).map_or(0, |p| p + 1));
            let rest = shown.len().saturating_sub(listed);
            html! {
                <>
                    { capabilities(w, &state.catalog, list) }
                    if !list.world.can_edit {
                        <p class="rds-notice rds-notice--readonly" id="rds-readonly">{w.node("panel.readOnly")}</p>
                    }
                    { factors(panel, w, &state.factors, state.highlight.as_ref()) }
                    <section class="rds-sources" aria-labelledby="rds-sources-title">
                        <h2 id="rds-sources-title" class="rds-section-title">{w.node("panel.sources")}</h2>
                        { filters(panel, state, shown.len(), list.sources.len()) }
                        <ul ~className={class("rds-sources__list", &[(shown.len() > LONG_LIST, "rds-sources--long")])}>
                            if shown.is_empty() {
                                { nothing_found(panel, state) }
                            }
                            { for shown.iter().take(listed).filter_map(|&(i, s)| Some((i, SourceView::of(state, &s.id, now)?))).flat_map(|(i, view)| {
                                let key = view.id().to_string();
                                let t = &view.source.source_type;
                                // After the last connection of a type that allows several; keyed
                                // beside the cards, so that adding one moves no card.
                                let last = view.several && view.can_edit && list.sources.get(i + 1).is_none_or(|n| n.source_type != *t);
                                let add = last.then(|| add_button(panel, state, t, view.definition().instances.max));
                                std::iter::once(html! { <SourceCard {key} {view} panel={panel.clone()} /> }).chain(add)
                            }) }
                            if rest > 0 {
                                <li key="more" class="rds-more">
                                    <button type="button" class="rds-button rds-button--secondary" onclick={super::on_click(panel, "", |p, _| p.dispatch(Action::ShowMore))}>
                                        {text(w.f("filter.more", &[("count", &rest.min(PAGE).to_string()), ("rest", &rest.to_string())]))}
                                    </button>
                                </li>
                            }
                        </ul>
                    </section>
                    { confirm_dialog(panel, state, dialog) }
                    { naming_dialog(panel, state, naming) }
                </>
            }
        }
        _ => skeleton(w),
    };

    html! {
        <div class="rds-panel" ref={root} lang={w.locale.clone()} aria-busy={flag(state.load == Load::Loading)}>
            <header class="rds-header">
                <h1 class="rds-header__title">{w.node("panel.title")}</h1>
                { para("rds-header__intro", w.node("panel.intro")) }
                if quiet > 0 {
                    { para("rds-header__quiet", text(w.n("panel.quiet", quiet, &[]))) }
                }
            </header>
            <div class="rds-announcer" role="status" aria-live="polite" aria-atomic="true">{text(state.announcement.clone())}</div>
            {body}
        </div>
    }
}

/// "Add another Okta org", or why no more may be added: the type holds its `max` already.
fn add_button(panel: &PanelHandle, state: &State, source_type: &str, max: u32) -> Html {
    let held = state.list.as_ref().map_or(0, |l| l.sources.iter().filter(|s| s.source_type == source_type).count());
    let full = held >= max as usize;
    let t = source_type.to_string();
    let add = Callback::from({
        let panel = panel.clone();
        move |_: MouseEvent| panel.dispatch(Action::Name(t.clone(), true))
    });
    html! {
        <li key={format!("add-{source_type}")} class="rds-add">
            <button type="button" class="rds-button rds-button--secondary" id={format!("rds-add-{source_type}")} disabled={full}
                aria-describedby={full.then(|| format!("rds-add-{source_type}-full"))} onclick={add}>
                {text(state.add_label(source_type))}
            </button>
            if full {
                <p class="rds-add__full" id={format!("rds-add-{source_type}-full")}>{text(state.words.f("source.full", &[("count", &max.to_string())]))}</p>
            }
        </li>
    }
}

/// Looks inside the panel rather than the document, so this works in a shadow root too.
pub fn focus_source(root: &web_sys::Element, id: &str) {
    use wasm_bindgen::JsCast;
    if let Ok(Some(card)) = root.query_selector(&format!("#rds-source-{id}")) {
        let opts = ScrollIntoViewOptions::new();
        opts.set_behavior(ScrollBehavior::Smooth);
        opts.set_block(ScrollLogicalPosition::Start);
        card.scroll_into_view_with_scroll_into_view_options(&opts);
    }
    if let Ok(Some(heading)) = root.query_selector(&format!("#rds-source-{id}-name")) {
        if let Ok(h) = heading.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}
