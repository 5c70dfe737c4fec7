use rds_domain::api::SourceList;
use rds_domain::factors::FACTORS;
use yew::prelude::*;

use crate::panel_handle::PanelHandle;
use crate::state::{Action, Highlight};

/// Every risk factor with the sources that feed it and how many of them are on.
pub fn factors(panel: &PanelHandle, list: &SourceList, highlight: Option<&Highlight>) -> Html {
    html! {
        <section class="rds-factors" aria-labelledby="rds-factors-title">
            <h2 id="rds-factors-title" class="rds-section-title">{"Risk factors"}</h2>
            <ul class="rds-factors__list">
                { for FACTORS.iter().map(|f| {
                    let on = f.feeds_on(list);
                    let total = f.feeds.len();
                    let active = highlight == Some(&Highlight::Factor(f.id));
                    let onclick = {
                        let panel = panel.clone();
                        let id = f.id;
                        Callback::from(move |_| panel.dispatch(Action::Highlight(Highlight::Factor(id))))
                    };
                    let title_id = format!("rds-factor-{}", f.id);
                    html! {
                        <li class={classes!("rds-factor", active.then_some("rds-factor--highlight"))} aria-labelledby={title_id.clone()}>
                            <h3 class="rds-factor__name" id={title_id}>{f.name}</h3>
                            <p class="rds-factor__count">{format!("{on} of {total} data sources on")}</p>
                            <ul class="rds-factor__sources">
                                { for f.feeds.iter().map(|feed| {
                                    let is_on = feed.is_on(list);
                                    html! {
                                        <li class={classes!("rds-factor__source", is_on.then_some("rds-factor__source--on"))}>
                                            {feed.source().name()}
                                            <span class="rds-factor__state">{if is_on { " (on)" } else { " (off)" }}</span>
                                        </li>
                                    }
                                }) }
                            </ul>
                            <button type="button" class="rds-button rds-button--link" {onclick}
                                aria-label={format!("Configure data source for {}", f.name)}>
                                {"Configure data source"}
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
