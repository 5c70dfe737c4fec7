use rds_domain::api::ConnectionState;
use rds_domain::definition::Factor;
use yew::prelude::*;

use super::fields::{SelectField, TextField};
use super::text;
use crate::actions::PanelHandle;
use crate::filter::STATES;
use crate::state::{Action, State};

/// The search box (`/` comes here, Escape clears it), the state, group and risk factor
/// filters, Clear filters while any is set, and how many sources are shown, said politely.
pub fn filters(panel: &PanelHandle, state: &State, shown: usize, total: usize) -> Html {
    let w = &state.words;
    let f = &state.filter;
    let set = |key: &'static str| {
        let panel = panel.clone();
        Callback::from(move |v: String| panel.dispatch(Action::Filter(key, v)))
    };
    let any = || (String::new(), w.s("filter.any"));
    let state_label = |s: &str| match s {
        "on" => w.s("switch.on"),
        "off" => w.s("switch.off"),
        "pending" => w.state(ConnectionState::Pending),
        "error" => w.state(ConnectionState::Error),
        _ => w.s("filter.stale"),
    };
    let mut groups = vec![any()];
    for d in state.catalog.definitions() {
        if !groups.iter().any(|(id, _)| *id == d.group.id) {
            groups.push((d.group.id.clone(), d.group.name.get(&w.locale).to_string()));
        }
    }
    let select = |id: &str, label: &str, options: Vec<(String, String)>, value: &str, key: &'static str| {
        choice(w, id, label, options, value, set(key))
    };
    html! {
        <div class="rds-filters" role="search" aria-label={w.s("filter.label")}>
            { TextField {
                words: w,
                id: "rds-search".into(),
                label: w.t("filter.search"),
                hint: Some(w.t("filter.searchHint")),
                value: f.query.clone(),
                message: None,
                disabled: false,
                autocomplete: "off",
                required: false,
                on_input: set("q"),
                on_blur: Callback::noop(),
            }.view() }
            { select("rds-filter-state", w.t("filter.state"), std::iter::once(any()).chain(STATES.iter().map(|s| (s.to_string(), state_label(s)))).collect(), &f.state, "state") }
            { select("rds-filter-group", w.t("filter.group"), groups, &f.group, "group") }
            { select("rds-filter-feeds", w.t("filter.factor"), std::iter::once(any()).chain(Factor::ALL.iter().map(|x| (x.key().to_string(), w.s(&format!("factor.{}", x.key()))))).collect(), &f.feeds, "feeds") }
            if f.is_set() {
                <button type="button" class="rds-button rds-button--secondary" onclick={super::on_click(panel, "", |p, _| p.dispatch(Action::Filtered(Default::default())))}>
                    {w.node("filter.clear")}
                </button>
            }
            <p class="rds-filters__count" role="status">{text(w.f("filter.count", &[("shown", &shown.to_string()), ("total", &total.to_string())]))}</p>
        </div>
    }
}

fn choice(w: &crate::words::Words, id: &str, label: &str, options: Vec<(String, String)>, value: &str, on_change: Callback<String>) -> Html {
    SelectField { words: w, id: id.into(), label, options, value: value.into(), message: None, disabled: false, required: false, on_change }.view()
}

/// What an empty result says: the search and that filters are set, and how to see all.
pub fn nothing_found(panel: &PanelHandle, state: &State) -> Html {
    let w = &state.words;
    let q = state.filter.query.trim();
    let said = if q.is_empty() { w.s("filter.none") } else { w.f("filter.noneFor", &[("query", q)]) };
    html! {
        <li class="rds-sources__empty">
            <p>{text(said)}</p>
            <button type="button" class="rds-button rds-button--secondary" onclick={super::on_click(panel, "", |p, _| p.dispatch(Action::Filtered(Default::default())))}>
                {w.node("filter.showAll")}
            </button>
        </li>
    }
}
