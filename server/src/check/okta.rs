//! Okta: the domain is an Okta org, the token is one it accepts, and the token's account
//! holds the administrator role chosen in the panel.

use rds_domain::api::{CheckOutcome, CheckStep};
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::time::Instant;

use super::reach::{Prober, Target};
use super::{Say, Values};

const DOMAIN: &str = "/settings/domain";
const TOKEN: &str = "/secrets/apiToken";
const ROLE: &str = "/settings/adminRole";

/// Okta's role types, as its roles API names them, and the panel's role options.
const ROLES: [(&str, &str); 6] = [
    ("SUPER_ADMIN", "superAdmin"),
    ("ORG_ADMIN", "orgAdmin"),
    ("API_ACCESS_MANAGEMENT_ADMIN", "apiAccessManagementAdmin"),
    ("MOBILE_ADMIN", "mobileAdmin"),
    ("READ_ONLY_ADMIN", "readOnlyAdmin"),
    ("APP_ADMIN", "appAdmin"),
];

pub async fn probe(prober: &Prober, deadline: Instant, say: Say<'_>, values: &Values) -> Vec<CheckStep> {
    let host = values.text("domain");
    // A token with a character no header may hold is the token's fault, not the domain's.
    let Ok(mut auth) = HeaderValue::from_str(&format!("SSWS {}", values.secret("apiToken"))) else {
        return vec![say.step("token", CheckOutcome::Failed, "check.okta.token.unreadable", &[], Some(TOKEN))];
    };
    auth.set_sensitive(true);
    let at = |step, pointer| Target { prober, deadline, say, host, step, pointer };
    let mut steps = Vec::new();
    let domain = at("domain", DOMAIN);
    let me = match domain.get("/api/v1/users/me") {
        Ok(r) => domain.send(r.header(AUTHORIZATION, auth.clone()).header(ACCEPT, "application/json")).await,
        Err(step) => Err(step),
    };
    let me = match me {
        Ok(answer) => answer,
        Err(step) => return vec![step],
    };
    // Okta answers JSON: the user, or an error with its errorCode. Anything else is some
    // other server at that name.
    let json: Option<Value> = serde_json::from_slice(&me.body).ok();
    let user_id = json.as_ref().and_then(|v| v.get("id")).and_then(Value::as_str).filter(|id| plain_id(id));
    let okta_error = json.as_ref().is_some_and(|v| v.get("errorCode").is_some_and(Value::is_string));
    let hosted = [("host", host)];
    if !(okta_error || me.status == StatusCode::OK && user_id.is_some()) {
        return vec![say.step("domain", CheckOutcome::Failed, "check.okta.notOkta", &hosted, Some(DOMAIN))];
    }
    steps.push(say.step("domain", CheckOutcome::Passed, "check.okta.domain", &hosted, Some(DOMAIN)));
    let token_step = |outcome, key: &str| say.step("token", outcome, key, &hosted, Some(TOKEN));
    let Some(user_id) = user_id.filter(|_| me.status == StatusCode::OK) else {
        steps.push(match me.status {
            StatusCode::UNAUTHORIZED => token_step(CheckOutcome::Failed, "check.okta.token.rejected"),
            StatusCode::FORBIDDEN => token_step(CheckOutcome::Failed, "check.okta.token.forbidden"),
            other => say.step("token", CheckOutcome::Unknown, "check.unexpected", &[("host", host), ("status", other.as_str())], Some(TOKEN)),
        });
        return steps;
    };
    steps.push(token_step(CheckOutcome::Passed, "check.okta.token.passed"));
    let role = at("role", ROLE);
    let roles = match role.get(&format!("/api/v1/users/{user_id}/roles")) {
        Ok(r) => role.send(r.header(AUTHORIZATION, auth.clone()).header(ACCEPT, "application/json")).await,
        Err(step) => Err(step),
    };
    let roles = match roles {
        Ok(answer) => answer,
        Err(step) => {
            steps.push(step);
            return steps;
        }
    };
    let held: Option<Vec<String>> = match roles.status {
        // Listing roles is itself an administrator's right: an account without one is refused.
        StatusCode::FORBIDDEN => Some(Vec::new()),
        StatusCode::OK => serde_json::from_slice::<Value>(&roles.body).ok().and_then(|v| {
            let types = v.as_array()?.iter().filter_map(|r| r.get("type")?.as_str()).filter(|t| role_type(t));
            Some(types.map(str::to_string).collect())
        }),
        _ => None,
    };
    steps.push(judge_role(say, host, values.text("adminRole"), held, roles.status));
    steps
}

/// The role step: what the account holds against what was chosen.
fn judge_role(say: Say<'_>, host: &str, chosen: &str, held: Option<Vec<String>>, status: StatusCode) -> CheckStep {
    let label = |value: &str| {
        let option = say.definition.field("adminRole").and_then(|f| f.options.iter().find(|o| o.value == value));
        option.map_or_else(|| value.to_string(), |o| o.label.get(say.locale).to_string())
    };
    let Some(mut held) = held else {
        return say.step("role", CheckOutcome::Unknown, "check.unexpected", &[("host", host), ("status", status.as_str())], Some(ROLE));
    };
    held.sort();
    held.dedup();
    let ours: Vec<&str> = ROLES.iter().filter(|(okta, _)| held.iter().any(|h| h == okta)).map(|(_, ours)| *ours).collect();
    let list = |names: Vec<String>| names.join(say.words.get("list.separator"));
    if held.is_empty() {
        say.step("role", CheckOutcome::Failed, "check.okta.role.none", &[], Some(ROLE))
    } else if ours.is_empty() {
        say.step("role", CheckOutcome::Failed, "check.okta.role.noneOfSix", &[("roles", &list(held))], Some(ROLE))
    } else if ours.contains(&chosen) {
        say.step("role", CheckOutcome::Passed, "check.okta.role.passed", &[("role", &label(chosen))], Some(ROLE))
    } else {
        let roles = list(ours.iter().map(|v| label(v)).collect());
        say.step("role", CheckOutcome::Failed, "check.okta.role.differs", &[("roles", &roles), ("chosen", &label(chosen))], Some(ROLE))
    }
}

/// Okta's role types are upper-case words joined by `_`; anything else is not repeated.
fn role_type(t: &str) -> bool {
    (1..=64).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
}

/// Okta's ids are letters and digits; anything else is not put into a URL.
fn plain_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_and_role_types_are_repeated() {
        assert!(plain_id("00u1abcXYZ") && plain_id(&"a".repeat(64)));
        for bad in ["", "00u1/roles", "../admin", "00u 1", "00u1?x=1", "ユーザ"] {
            assert!(!plain_id(bad), "{bad}");
        }
        assert!(!plain_id(&"a".repeat(65)));
        assert!(role_type("SUPER_ADMIN") && role_type(&"A".repeat(64)));
        for bad in ["", "super_admin", "SUPER ADMIN", "<b>", "ROLE-1"] {
            assert!(!role_type(bad), "{bad}");
        }
        assert!(!role_type(&"A".repeat(65)));
    }
}
