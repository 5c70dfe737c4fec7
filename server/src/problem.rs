//! `application/problem+json` answers: every refusal the server gives goes through here.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rds_domain::api::{DataSource, FieldError, ProblemDocument};
use rds_domain::rules::Problem;

/// Boxed: problems travel in `Err`, which should stay small.
pub struct ApiProblem(pub Box<ProblemDocument>);

impl ApiProblem {
    pub fn new(status: StatusCode, title: &str, detail: impl Into<String>) -> ApiProblem {
        ApiProblem(Box::new(ProblemDocument {
            kind: format!("/problems/{}", status.as_u16()),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            dependents: Vec::new(),
            current: None,
        }))
    }

    pub fn not_found(what: &str) -> ApiProblem {
        ApiProblem::new(StatusCode::NOT_FOUND, "Not found", format!("There is no {what}."))
    }

    pub fn invalid(problems: Vec<Problem>) -> ApiProblem {
        let mut p = ApiProblem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The change breaks a prerequisite",
            "Fix the fields listed in errors, then send the change again.",
        );
        p.0.errors = problems
            .into_iter()
            .map(|p| FieldError { pointer: p.pointer, code: p.code, detail: rds_domain::text::sentences(&p.message, &p.fix) })
            .collect();
        p
    }

    /// `name` is the source's, `dependents` the ids and names of those that need it.
    pub fn dependents(name: &str, dependents: Vec<(String, String)>) -> ApiProblem {
        let names: Vec<&str> = dependents.iter().map(|(_, n)| n.as_str()).collect();
        let mut p = ApiProblem::new(
            StatusCode::CONFLICT,
            "Other sources depend on this one",
            format!(
                "{} needs {name} data upload. Send turnOffDependents: true to turn off {} too.",
                names.join(", "),
                names.join(", ")
            ),
        );
        p.0.dependents = dependents.into_iter().map(|(id, _)| id).collect();
        p
    }

    /// A removal refused while `dependents` need `name`.
    pub fn needed(name: &str, dependents: Vec<(String, String)>) -> ApiProblem {
        let names: Vec<&str> = dependents.iter().map(|(_, n)| n.as_str()).collect();
        let mut p = ApiProblem::new(
            StatusCode::CONFLICT,
            "Other sources depend on this one",
            format!("{} needs {name}. Turn {} off first, or have it use another connection that is on.", names.join(", "), names.join(", ")),
        );
        p.0.dependents = dependents.into_iter().map(|(id, _)| id).collect();
        p
    }

    pub fn stale(current: DataSource) -> ApiProblem {
        let mut p = ApiProblem::new(
            StatusCode::PRECONDITION_FAILED,
            "The source changed elsewhere",
            format!("Version {} is current; review it and send your change again with its ETag.", current.version),
        );
        p.0.current = Some(Box::new(current));
        p
    }

    pub fn storage(e: impl std::fmt::Display) -> ApiProblem {
        eprintln!("storage error: {e}");
        ApiProblem::new(StatusCode::SERVICE_UNAVAILABLE, "Storage unavailable", "The change was not saved. Try again.")
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0).expect("problem serialises");
        let mut res = (status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        res
    }
}

/// serde_json's messages quote the offending value, a string in double quotes and a number
/// in backticks; a value may be a secret, so both are dropped before the message is sent
/// back or logged. Backticks around a field or variant name stay: those are the contract's.
pub fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(['"', '`']) {
        out.push_str(&rest[..at]);
        let quote = &rest[at..at + 1];
        let after = &rest[at + 1..];
        let Some(end) = after.find(quote) else {
            out.push('…');
            return out;
        };
        let inner = &after[..end];
        if quote == "`" && inner.parse::<f64>().is_err() {
            out.push_str(&rest[at..at + end + 2]);
        } else {
            out.push_str(quote);
            out.push('…');
            out.push_str(quote);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_values_are_redacted() {
        assert_eq!(
            super::redact_quoted("invalid type: string \"hunter2\", expected a boolean at line 1"),
            "invalid type: string \"…\", expected a boolean at line 1"
        );
        assert_eq!(super::redact_quoted("unknown field `foo`"), "unknown field `foo`");
        assert_eq!(
            super::redact_quoted("invalid type: integer `12345678`, expected a string, a boolean or an array of strings"),
            "invalid type: integer `…`, expected a string, a boolean or an array of strings"
        );
        assert_eq!(super::redact_quoted("invalid value: floating point `1.5`"), "invalid value: floating point `…`");
        assert_eq!(super::redact_quoted("cut \"off"), "cut …", "an unclosed quote hides the rest");
        assert_eq!(super::redact_quoted("a \"b\" c `d` e"), "a \"…\" c `d` e");
    }
}
