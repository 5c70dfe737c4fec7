use rds_domain::api::SourceList;
use rds_domain::definition::Factor;
use rds_domain::factors::feeds;
use rds_domain::Catalog;
use yew::prelude::*;

use super::text;
use super::para;
use super::class;

use crate::actions::PanelHandle;
use crate::state::{Action, Highlight};
use crate::words::Words;

/// How many sources a factor names; the rest it counts. A console with hundreds of sources
/// would otherwise list and lay out each of them under every factor on every change.
const NAMED: usize = 12;

/// Every risk factor with the sources that feed it and how many of them are on.
pub fn factors(panel: &PanelHandle, w: &Words, catalog: &Catalog, list: &SourceList, highlight: Option<&Highlight>) -> Html {
    html! {
        <section class="rds-factors" aria-labelledby="rds-factors-title">
            <h2 id="rds-factors-title" class="rds-section-title">{w.node("factors.title")}</h2>
            <ul class="rds-factors__list">
                { for Factor::ALL.iter().map(|&f| {
                    let fed = feeds(f, catalog, list);
                    let on = fed.iter().filter(|s| s.on).count();
                    let active = highlight == Some(&Highlight::Factor(f));
                    let name = w.s(&format!("factor.{}", f.key()));
                    let onclick = {
                        let panel = panel.clone();
                        Callback::from(move |_| panel.dispatch(Action::Highlight(Highlight::Factor(f))))
                    };
                    let title_id = format!("rds-factor-{}", f.key());
                    html! {
                        <li ~className={class("rds-factor", &[(active, "rds-factor--highlight")])} aria-labelledby={title_id.clone()}>
                            <h3 class="rds-factor__name" id={title_id}>{text(name.clone())}</h3>
                            { para("rds-factor__count", text(w.n("factors.count", fed.len(), &[("on", &on.to_string())]))) }
                            <ul class="rds-factor__sources">
                                { for fed.iter().take(NAMED).map(|s| html! {
                                    <li ~className={class("rds-factor__source", &[(s.on, "rds-factor__source--on")])}>
                                        {rds_domain::rules::display_name(s.source, catalog, &w.bundle, &w.locale)}
                                        <span class="rds-factor__state">{w.node(if s.on { "factors.on" } else { "factors.off" })}</span>
                                    </li>
                                }) }
                                if fed.len() > NAMED {
                                    <li class="rds-factor__source">{text(w.n("factors.more", fed.len() - NAMED, &[]))}</li>
                                }
                            </ul>
                            <button type="button" class="rds-button rds-button--link" {onclick}
                                aria-label={w.f("factors.configureFor", &[("factor", &name)])}>
                                {w.node("factors.configure")}
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
