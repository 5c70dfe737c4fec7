//! Qualys: the account signs in to the platform's API and can read host assets, which is
//! what the data connection does. One read of one host proves both.

use rds_domain::api::{CheckOutcome, CheckStep};
use reqwest::StatusCode;
use tokio::time::Instant;

use super::reach::{Prober, Target};
use super::{Say, Values};

const SERVER: &str = "/settings/apiServer";
const LOGIN: &str = "/settings/username";
const PASSWORD: &str = "/secrets/password";
const PERMISSIONS: &str = "/settings/permissions";

/// The VM API's host list, cut to one host: it needs API access and the asset read right.
const HOST_LIST: &str = "/api/2.0/fo/asset/host/?action=list&truncation_limit=1";

pub async fn probe(prober: &Prober, deadline: Instant, say: Say<'_>, values: &Values) -> Vec<CheckStep> {
    let host = values.text("apiServer");
    let server = Target { prober, deadline, say, host, step: "server", pointer: SERVER };
    let answer = match server.get(HOST_LIST) {
        // Qualys refuses API calls without this header.
        Ok(r) => server.send(r.basic_auth(values.text("username"), Some(values.secret("password"))).header("X-Requested-With", "risk-data-sources")).await,
        Err(step) => Err(step),
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(step) => return vec![step],
    };
    let hosted = [("host", host)];
    let signed_in = || say.step("login", CheckOutcome::Passed, "check.qualys.login.passed", &hosted, Some(LOGIN));
    match answer.status {
        // Qualys does not say which of the two is wrong.
        StatusCode::UNAUTHORIZED => vec![
            say.step("login", CheckOutcome::Failed, "check.qualys.login.rejected", &hosted, Some(LOGIN)),
            say.step("password", CheckOutcome::Failed, "check.qualys.login.rejected", &hosted, Some(PASSWORD)),
        ],
        StatusCode::FORBIDDEN => {
            vec![signed_in(), say.step("permissions", CheckOutcome::Failed, "check.qualys.forbidden", &hosted, Some(PERMISSIONS))]
        }
        // Qualys' answer when the subscription's API limits are reached.
        StatusCode::CONFLICT => vec![say.step("server", CheckOutcome::Unknown, "check.rateLimited", &hosted, Some(SERVER))],
        StatusCode::OK if contains(&answer.body, b"<HOST_LIST_OUTPUT") => {
            vec![signed_in(), say.step("permissions", CheckOutcome::Passed, "check.qualys.access", &hosted, Some(PERMISSIONS))]
        }
        // Signed in, but the answer is an error in place of the list.
        StatusCode::OK => vec![signed_in(), say.step("permissions", CheckOutcome::Failed, "check.qualys.noHostList", &hosted, Some(PERMISSIONS))],
        other => vec![say.step("server", CheckOutcome::Unknown, "check.unexpected", &[("host", host), ("status", other.as_str())], Some(SERVER))],
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
