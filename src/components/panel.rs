use rds_domain::SourceId;
use web_sys::{ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use super::error_notice::error_notice;
use super::factors::factors;
use super::fields::flag;
use super::skeleton::skeleton;
use super::source_card::SourceCard;
use super::vulnerability_source::vulnerability_source;
use crate::panel_handle::use_panel;
use crate::state::{Load, State};
use crate::view_model::SourceView;

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub state: UseReducerHandle<State>,
}

/// The whole panel: header, risk factors, sources, and the turn-off dialog.
#[function_component]
pub fn Panel(props: &PanelProps) -> Html {
    let panel = use_panel();
    let state = &*props.state;
    let root = use_node_ref();

    // Bring the highlighted factor's first source into view and move focus there.
    let target = state.highlight.as_ref().and_then(|h| h.first_source());
    {
        let root = root.clone();
        use_effect_with((state.highlight_seq, target, state.load == Load::Ready), move |(_, target, ready)| {
            if let (Some(id), true, Some(root)) = (target, ready, root.cast::<web_sys::Element>()) {
                focus_source(&root, *id);
            }
        });
    }

    let body = if let Load::Failed(e) = &state.load {
        let retry = {
            let panel = panel.clone();
            Callback::from(move |_| panel.reload())
        };
        error_notice("The data sources could not be loaded.".into(), e, Some(retry))
    } else if let Some(list) = &state.list {
        html! {
            <>
                { vulnerability_source(list.world.vulnerability_source) }
                if !list.world.can_edit {
                    <p class="rds-notice rds-notice--readonly" id="rds-readonly">
                        {"Read-only: your console role can view data sources but not change them. Ask a console administrator to make changes."}
                    </p>
                }
                { factors(&panel, list, state.highlight.as_ref()) }
                <section class="rds-sources" aria-labelledby="rds-sources-title">
                    <h2 id="rds-sources-title" class="rds-section-title">{"Data sources"}</h2>
                    <ul class="rds-sources__list">
                        { for list.sources.iter().filter_map(|s| SourceView::of(state, s.id)).map(|view| {
                            let key = view.id().as_str();
                            html! { <SourceCard {key} {view} /> }
                        }) }
                    </ul>
                </section>
                <ConfirmDialog confirm={state.confirm.clone()} />
            </>
        }
    } else {
        skeleton()
    };

    html! {
        <div class="rds-panel" ref={root} aria-busy={flag(state.load == Load::Loading)}>
            <header class="rds-header">
                <h1 class="rds-header__title">{"Data sources for risk analysis"}</h1>
                <p class="rds-header__intro">
                    {"By connecting multiple data sources, such as Azure AD or Splunk, you gain access to more risk indicators across your corporate network."}
                </p>
            </header>
            <div class="rds-announcer" role="status" aria-live="polite" aria-atomic="true">{state.announcement.clone()}</div>
            {body}
        </div>
    }
}

/// Looks inside the panel rather than the document, so this works in a shadow root too.
fn focus_source(root: &web_sys::Element, id: SourceId) {
    use wasm_bindgen::JsCast;
    if let Ok(Some(card)) = root.query_selector(&format!("#rds-source-{}", id.as_str())) {
        let opts = ScrollIntoViewOptions::new();
        opts.set_behavior(ScrollBehavior::Smooth);
        opts.set_block(ScrollLogicalPosition::Start);
        card.scroll_into_view_with_scroll_into_view_options(&opts);
    }
    if let Ok(Some(heading)) = root.query_selector(&format!("#rds-source-{}-name", id.as_str())) {
        if let Ok(h) = heading.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}
