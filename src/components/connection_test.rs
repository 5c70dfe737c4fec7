use rds_domain::api::{CheckOutcome, CheckResult};
use yew::prelude::*;

use super::error_notice::error_notice;
use super::{class, on_click, para, text};
use crate::actions::PanelHandle;
use crate::state::Test;
use crate::view_model::SourceView;
use crate::words::Words;

/// "Test connection" for the values on screen: progress with Cancel while it runs, then the
/// outcome of each step (a failed step also shows at its field), marked stale once a field
/// changes.
pub fn connection_test(panel: &PanelHandle, v: &SourceView) -> Html {
    let w = &v.words;
    let name = v.name();
    // One button that is Cancel while the test runs: focus stays on it from start to end.
    let (onclick, label, key) = if v.testing() {
        (on_click(panel, v.id(), PanelHandle::cancel_test), "test.cancelFor", "action.cancel")
    } else {
        (on_click(panel, v.id(), |p, id| p.test(id, false)), "test.buttonFor", "test.button")
    };
    html! {
        <div class="rds-test">
            <button type="button" class="rds-button rds-button--secondary" {onclick} disabled={v.locked()}
                aria-label={w.f(label, &[("name", name)])}>{w.node(key)}</button>
            { match &v.ui.test {
                Some(Test::Running(_)) => html! {
                    <span class="rds-test__running">
                        <progress class="rds-test__progress" aria-labelledby={format!("rds-source-{}-testing", v.id())}></progress>
                        <span id={format!("rds-source-{}-testing", v.id())}>{w.node("test.running")}</span>
                    </span>
                },
                Some(Test::Done { result, stale }) => outcome(w, result, *stale),
                Some(Test::Failed(e, title)) => error_notice(w, title.clone(), e, None),
                None => Html::default(),
            } }
        </div>
    }
}

fn outcome(w: &Words, r: &CheckResult, stale: bool) -> Html {
    let label = |o: CheckOutcome| match o {
        CheckOutcome::Passed => ("passed", "test.passed", "test.step.passed"),
        CheckOutcome::Failed => ("failed", "test.failed", "test.step.failed"),
        CheckOutcome::Unknown => ("unknown", "test.unknown", "test.step.unknown"),
    };
    let (kind, summary, _) = label(r.outcome);
    html! {
        <div ~className={class("rds-test__result", &[(true, kind), (stale, "stale")])}>
            { para("rds-test__summary", text(w.f(summary, &[("time", &w.date_time(&r.checked_at))]))) }
            if stale {
                { para("rds-test__stale", w.node("test.stale")) }
            }
            <ul class="rds-test__steps">
                { for r.steps.iter().map(|s| {
                    let (kind, _, step) = label(s.outcome);
                    html! {
                        <li ~className={class("rds-test__step", &[(true, kind)])}>
                            <strong class="rds-test__outcome">{w.node(step)}</strong>{" "}{text(s.message.clone())}
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
