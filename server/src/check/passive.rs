//! Sources nothing can be asked of from this side: their data comes to the ingestor, or
//! their access is an administrator's consent in Microsoft's sign-in window.

use rds_domain::api::{CheckOutcome, CheckStep, ConnectionState, DataSource};
use rds_domain::definition::DEFAULT_STALE_AFTER_DAYS;
use rds_domain::time::unix_seconds;

use super::Say;

/// Whether data has arrived, and since when; stale after `stale_after_days` without any.
pub fn data_arrival(say: Say<'_>, source: &DataSource, stale_after_days: Option<u32>, now: i64) -> Vec<CheckStep> {
    let name = say.definition.name.get(say.locale);
    let limit = i64::from(stale_after_days.unwrap_or(DEFAULT_STALE_AFTER_DAYS));
    let last = source.last_data_received_at.as_deref().and_then(|t| Some((t, unix_seconds(t)?)));
    let step = |outcome, key, args: &[(&str, &str)]| say.step("data", outcome, key, args, None);
    vec![match last {
        None => step(CheckOutcome::Unknown, "check.data.none", &[("source", name)]),
        Some((time, at)) if now - at > limit * 86_400 => {
            let days = ((now - at) / 86_400).to_string();
            step(CheckOutcome::Failed, "check.data.stale", &[("source", name), ("time", time), ("days", &days)])
        }
        Some((time, _)) => step(CheckOutcome::Passed, "check.data.arrived", &[("source", name), ("time", time)]),
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
