use yew::prelude::*;

use super::text;
use super::para;
use super::class;

use crate::actions::PanelHandle;
use crate::state::{Action, FactorFeeds, Highlight, NAMED};
use crate::words::Words;

/// Every risk factor with the sources that feed it and how many of them are on.
pub fn factors(panel: &PanelHandle, w: &Words, summary: &[FactorFeeds], highlight: Option<&Highlight>) -> Html {
    html! {
        <section class="rds-factors" aria-labelledby="rds-factors-title">
            <h2 id="rds-factors-title" class="rds-section-title">{w.node("factors.title")}</h2>
            <ul class="rds-factors__list">
                { for summary.iter().map(|ff| {
                    let f = ff.factor;
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
                            { para("rds-factor__count", text(w.n("factors.count", ff.fed, &[("on", &ff.on.to_string())]))) }
                            <ul class="rds-factor__sources">
                                { for ff.named.iter().map(|(name, on)| html! {
                                    <li ~className={class("rds-factor__source", &[(*on, "rds-factor__source--on")])}>
                                        {name.clone()}
                                        <span class="rds-factor__state">{w.node(if *on { "factors.on" } else { "factors.off" })}</span>
                                    </li>
                                }) }
                                if ff.fed > NAMED {
                                    <li class="rds-factor__source">{text(w.n("factors.more", ff.fed - NAMED, &[]))}</li>
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
