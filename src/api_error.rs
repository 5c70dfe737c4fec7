//! What can go wrong talking to the backend, in words an administrator can act on.

use rds_domain::api::{DataSource, FieldError, ProblemDocument};

use crate::words::Words;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer: the server is down, or the network is.
    Network,
    /// The server is up but does not allow this page's origin (CORS). The origin is the
    /// page's own, in the address bar, and the server logs it.
    OriginRefused,
    Timeout,
    Unauthorized,
    Forbidden,
    NotFound,
    /// 422: one entry per field.
    Invalid(Vec<FieldError>),
    /// 409: other sources need this one, or the change is not possible now.
    Conflict { detail: String, dependents: Vec<String> },
    /// 412: the source changed elsewhere; the server's version when it sent one.
    Stale(Option<Box<DataSource>>),
    /// 429 or 5xx.
    Unavailable { status: u16, retry_after: Option<u32> },
    /// The answer was not what the contract says.
    Decode,
    Other { status: u16, detail: String },
}

impl ApiError {
    pub fn from_status(status: u16, problem: Option<ProblemDocument>, retry_after: Option<u32>) -> ApiError {
        let detail = problem.as_ref().map(|p| p.detail.clone()).unwrap_or_default();
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden,
            404 => ApiError::NotFound,
            409 => ApiError::Conflict { detail, dependents: problem.map(|p| p.dependents).unwrap_or_default() },
            412 => ApiError::Stale(problem.and_then(|p| p.current)),
            422 => match problem {
                Some(p) if !p.errors.is_empty() => ApiError::Invalid(p.errors),
                _ => ApiError::Other { status, detail },
            },
            429 | 500..=599 => ApiError::Unavailable { status, retry_after },
            _ => ApiError::Other { status, detail },
        }
    }

    /// What the server said about the first field it refused, else [`ApiError::message`]:
    /// for a dialog with one input.
    pub fn first_detail(&self, w: &Words) -> String {
        match self {
            ApiError::Invalid(errors) if !errors.is_empty() => errors[0].detail.clone(),
            _ => self.message(w),
        }
    }

    /// One sentence for the place the error is shown, in the panel's words: the server's
    /// `detail` only where the panel has none for the problem (a 409 it cannot name, a status
    /// it does not know).
    pub fn message(&self, w: &Words) -> String {
        match self {
            ApiError::Network => w.t("error.network").into(),
            ApiError::OriginRefused => w.t("error.originRefused").into(),
            ApiError::Timeout => w.t("error.timeout").into(),
            ApiError::Unauthorized => w.t("error.unauthorized").into(),
            ApiError::Forbidden => w.t("error.forbidden").into(),
            ApiError::NotFound => w.t("error.notFound").into(),
            ApiError::Invalid(errors) => w.n("error.invalid", errors.len(), &[]),
            ApiError::Conflict { dependents, .. } if !dependents.is_empty() => w.n("error.dependents", dependents.len(), &[]),
            ApiError::Conflict { detail, .. } => detail.clone(),
            ApiError::Stale(_) => w.t("error.stale").into(),
            ApiError::Unavailable { status: 429, retry_after: Some(s) } => w.f("error.busyFor", &[("seconds", &s.to_string())]),
            ApiError::Unavailable { status: 429, retry_after: None } => w.t("error.busy").into(),
            ApiError::Unavailable { retry_after: Some(s), .. } => w.f("error.unavailableFor", &[("seconds", &s.to_string())]),
            ApiError::Unavailable { status, .. } => w.f("error.failed", &[("status", &status.to_string())]),
            ApiError::Decode => w.t("error.decode").into(),
            ApiError::Other { status, detail } if detail.is_empty() => w.f("error.refused", &[("status", &status.to_string())]),
            ApiError::Other { detail, .. } => detail.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_words;

    fn problem(status: u16) -> ProblemDocument {
        ProblemDocument {
            kind: String::new(),
            title: String::new(),
            status,
            detail: "why".into(),
            errors: vec![FieldError { pointer: "/settings/domain".into(), code: "required".into(), detail: "d".into() }],
            dependents: vec!["office-365".into()],
            current: None,
        }
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(ApiError::from_status(401, None, None), ApiError::Unauthorized);
        assert_eq!(ApiError::from_status(403, Some(problem(403)), None), ApiError::Forbidden);
        assert_eq!(ApiError::from_status(404, None, None), ApiError::NotFound);
        assert!(matches!(ApiError::from_status(422, Some(problem(422)), None), ApiError::Invalid(e) if e.len() == 1));
        assert!(matches!(ApiError::from_status(422, None, None), ApiError::Other { status: 422, .. }));
        let no_fields = ProblemDocument { errors: vec![], ..problem(422) };
        assert_eq!(ApiError::from_status(422, Some(no_fields), None), ApiError::Other { status: 422, detail: "why".into() });
        assert!(
            matches!(ApiError::from_status(409, Some(problem(409)), None), ApiError::Conflict { dependents, .. } if dependents == ["office-365"])
        );
        assert_eq!(ApiError::from_status(503, None, Some(2)), ApiError::Unavailable { status: 503, retry_after: Some(2) });
        assert_eq!(ApiError::from_status(429, None, None), ApiError::Unavailable { status: 429, retry_after: None });
        assert_eq!(ApiError::from_status(412, None, None), ApiError::Stale(None));
        assert_eq!(ApiError::from_status(418, None, None), ApiError::Other { status: 418, detail: String::new() });
    }

    #[test]
    fn a_dialog_with_one_input_says_what_the_server_said_of_it() {
        let w = test_words();
        assert_eq!(ApiError::Invalid(problem(422).errors).first_detail(&w), "d");
        assert_eq!(ApiError::Invalid(vec![]).first_detail(&w), ApiError::Invalid(vec![]).message(&w));
        assert_eq!(ApiError::Timeout.first_detail(&w), ApiError::Timeout.message(&w));
    }

    #[test]
    fn messages_say_what_to_do() {
        let w = test_words();
        assert_eq!(ApiError::Timeout.message(&w), "The server took too long to answer. Retry in a moment.");
        assert_eq!(ApiError::Network.message(&w), "The server could not be reached. Check your connection, then retry.");
        assert_eq!(ApiError::OriginRefused.message(&w), "The server refused this page's origin. Ask whoever runs the server to allow it.");
        assert_eq!(ApiError::Unavailable { status: 503, retry_after: Some(3) }.message(&w), "The server is unavailable. Retry in 3 seconds.");
        assert_eq!(ApiError::Unavailable { status: 429, retry_after: Some(2) }.message(&w), "The server is busy. Retry in 2 seconds.");
        assert_eq!(ApiError::Unavailable { status: 429, retry_after: None }.message(&w), "The server is busy. Retry in a moment.");
        assert_eq!(ApiError::Unavailable { status: 500, retry_after: None }.message(&w), "The server failed (500). Your change was not saved; retry.");
        assert_eq!(ApiError::Invalid(problem(422).errors).message(&w), "The server refused the change: 1 field needs attention.");
        let two = [problem(422).errors, problem(422).errors].concat();
        assert_eq!(ApiError::Invalid(two).message(&w), "The server refused the change: 2 fields need attention.");
        assert_eq!(ApiError::Forbidden.message(&w), "Your role cannot change data sources.", "never the server's English");
        let conflict = |dependents: Vec<String>| ApiError::Conflict { detail: "Server words.".into(), dependents };
        assert_eq!(conflict(vec![]).message(&w), "Server words.", "a 409 the panel cannot name");
        assert_eq!(
            conflict(vec!["office-365".into()]).message(&w),
            "Another data source that needs this one was turned on elsewhere. Retry to choose whether to turn it off too."
        );
        assert!(conflict(vec!["a".into(), "b".into()]).message(&w).starts_with("2 data sources"));
        assert_eq!(ApiError::Other { status: 418, detail: String::new() }.message(&w), "The server refused the request (418).");
        assert_eq!(ApiError::Other { status: 422, detail: "The body must be an object.".into() }.message(&w), "The body must be an object.");
        for e in [ApiError::Unauthorized, ApiError::NotFound, ApiError::Stale(None), ApiError::Decode] {
            assert!(!e.message(&w).starts_with("error."), "{e:?} has its words");
        }
    }
}
