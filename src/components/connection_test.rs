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
    let run = on_click(panel, v.id(), |p, id| p.test(id, false));
    let cancel = on_click(panel, v.id(), PanelHandle::cancel_test);
    let running = matches!(v.ui.test, Some(Test::Running(_)));
    html! {
        <div class="rds-test">
            <button type="button" class="rds-button rds-button--secondary" onclick={run} disabled={running || v.locked()}
                aria-label={w.f("test.buttonFor", &[("name", name)])}>{w.node("test.button")}</button>
            { match &v.ui.test {
                Some(Test::Running(_)) => html! {
                    <div class="rds-test__running">
                        <progress class="rds-test__progress" aria-label={w.f("announce.testing", &[("name", name)])}></progress>
                        {w.node("test.running")}
                        <button type="button" class="rds-button rds-button--link" onclick={cancel}
                            aria-label={w.f("test.cancelFor", &[("name", name)])}>{w.node("action.cancel")}</button>
                    </div>
                },
                Some(Test::Done { result, stale }) => outcome(w, result, *stale),
                Some(Test::Failed(e)) => error_notice(w, w.s("test.notRun"), e, None),
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
