use rds_domain::rules::{Requirement, Severity};
use yew::prelude::*;

/// The live prerequisite checklist: met or not, why, and what to do.
pub fn checklist(source_name: &str, items: &[Requirement]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    let unmet = items.iter().filter(|i| !i.met()).count();
    html! {
        <div class="rds-checklist">
            <h4 class="rds-checklist__title">{"Prerequisites"}</h4>
            <p class="rds-checklist__summary">
                { if unmet == 0 { "Every prerequisite is met.".to_string() } else { format!("{unmet} of {} prerequisites not met.", items.len()) } }
            </p>
            <ul class="rds-checklist__items" aria-label={format!("Prerequisites for {}", source_name)}>
                { for items.iter().map(|item| {
                    let met = item.met();
                    let warning = item.problem.as_ref().filter(|p| p.severity() == Severity::Warning);
                    html! {
                        <li class={classes!("rds-check", if met { "rds-check--met" } else { "rds-check--unmet" })}>
                            <span class="rds-check__icon" aria-hidden="true">{if met { "✓" } else { "✗" }}</span>
                            <span class="rds-check__label">
                                <span class="rds-check__state">{if met { "Met: " } else { "Not met: " }}</span>
                                {item.label.clone()}
                            </span>
                            if let Some(p) = item.problem.as_ref().filter(|_| !met) {
                                <p class="rds-check__why">{p.message.clone()}</p>
                                <p class="rds-check__fix">{"What to do: "}{p.fix.clone()}</p>
                            }
                            if let Some(w) = warning {
                                <p class="rds-check__warning">{"Check: "}{w.message.clone()}{" "}{w.fix.clone()}</p>
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
