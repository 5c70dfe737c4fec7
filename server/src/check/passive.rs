//! Sources nothing can be asked of from this side: their data comes to the ingestor, or
//! their access is an administrator's consent in Microsoft's sign-in window.

use rds_domain::api::{CheckOutcome, CheckStep, ConnectionState, DataSource};
use rds_domain::time::unix_seconds;

use super::Say;

/// Whether data has arrived, and since when; stale after the definition's limit without
/// any, as the panel shows it.
pub fn data_arrival(say: Say<'_>, source: &DataSource, now: i64) -> Vec<CheckStep> {
    let name = say.definition.name.get(say.locale);
    let last = source.last_data_received_at.as_deref().filter(|t| unix_seconds(t).is_some());
    let step = |outcome, key, args: &[(&str, &str)]| say.step("data", outcome, key, args, None);
    vec![match last {
        None => step(CheckOutcome::Unknown, "check.data.none", &[("source", name)]),
        Some(time) => match say.definition.days_without_data(time, now) {
            Some(days) => step(CheckOutcome::Failed, "check.data.stale", &[("source", name), ("time", time), ("days", &days.to_string())]),
            None => step(CheckOutcome::Passed, "check.data.arrived", &[("source", name), ("time", time)]),
        },
    }]
}

/// Whether an administrator granted consent.
pub fn consent(say: Say<'_>, source: &DataSource) -> Vec<CheckStep> {
    let (outcome, key) = match (source.upload_enabled, source.status.state) {
        (false, _) => (CheckOutcome::Unknown, "check.consent.off"),
        (true, ConnectionState::Connected) => (CheckOutcome::Passed, "check.consent.granted"),
        (true, _) => (CheckOutcome::Unknown, "check.consent.pending"),
    };
    vec![say.step("consent", outcome, key, &[], None)]
}
