use rds_domain::definition::Severity;
use rds_domain::rules::CheckItem;
use yew::prelude::*;

use super::text;
use super::para;
use super::class;

use crate::words::Words;

/// The live prerequisite checklist: met or not, why, and what to do.
pub fn checklist(w: &Words, source_name: &str, items: &[CheckItem]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    let unmet = items.iter().filter(|i| !i.met()).count();
    let summary = if unmet == 0 {
        w.s("checklist.allMet")
    } else {
        w.n("checklist.unmet", items.len(), &[("unmet", &unmet.to_string())])
    };
    html! {
        <div class="rds-checklist">
            <h4 class="rds-checklist__title">{w.node("checklist.title")}</h4>
            { para("rds-checklist__summary", summary) }
            <ul class="rds-checklist__items" aria-label={w.f("checklist.of", &[("name", source_name)])}>
                { for items.iter().map(|item| {
                    let met = item.met();
                    let warning = item.problem.as_ref().filter(|p| p.severity() == Severity::Warning);
                    html! {
                        <li ~className={class("rds-check", &[(met, "rds-check--met"), (!met, "rds-check--unmet")])}>
                            <span class="rds-check__icon" aria-hidden="true">{if met { "✓" } else { "✗" }}</span>
                            <span class="rds-check__label">
                                <span class="rds-check__state">{w.node(if met { "checklist.met" } else { "checklist.notMet" })}</span>
                                {item.label.clone()}
                            </span>
                            if let Some(p) = item.problem.as_ref().filter(|_| !met) {
                                { para("rds-check__why", text(p.message.clone())) }
                                <p class="rds-check__fix">{w.node("checklist.fix")}{p.fix.clone()}</p>
                            }
                            if let Some(p) = warning {
                                <p class="rds-check__warning">{w.node("checklist.check")}{w.sentences(&p.message, &p.fix)}</p>
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
