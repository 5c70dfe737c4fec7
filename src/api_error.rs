//! What can go wrong talking to the backend, in words an administrator can act on.

use rds_domain::api::{DataSource, FieldError, ProblemDocument};
use rds_domain::SourceId;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer: the server is down, or the network is.
    Network(String),
    Timeout,
    Unauthorized,
    Forbidden(String),
    NotFound,
    /// 422: one entry per field.
    Invalid(Vec<FieldError>),
    /// 409: other sources need this one, or the change is not possible now.
    Conflict { detail: String, dependents: Vec<SourceId> },
    /// 412: the source changed elsewhere; the server's version when it sent one.
    Stale(Option<Box<DataSource>>),
    /// 429 or 5xx.
    Unavailable { status: u16, retry_after: Option<u32> },
    /// The answer was not what the contract says.
    Decode(String),
    Other { status: u16, detail: String },
}

impl ApiError {
    pub fn from_status(status: u16, problem: Option<ProblemDocument>, retry_after: Option<u32>) -> ApiError {
        let detail = problem.as_ref().map(|p| p.detail.clone()).unwrap_or_default();
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden(detail),
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

    /// One sentence for the place the error is shown.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(_) => "The server could not be reached. Check your connection, then retry.".into(),
            ApiError::Timeout => "The server took too long to answer. Retry in a moment.".into(),
            ApiError::Unauthorized => "Your session is not authorized. Sign in to the console again.".into(),
            ApiError::Forbidden(d) if !d.is_empty() => d.clone(),
            ApiError::Forbidden(_) => "Your role cannot change data sources.".into(),
            ApiError::NotFound => "The server does not know this data source.".into(),
            ApiError::Invalid(errors) => format!(
                "The server refused the change: {} field{} need{} attention.",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                if errors.len() == 1 { "s" } else { "" }
            ),
            ApiError::Conflict { detail, .. } => detail.clone(),
            ApiError::Stale(_) => "This source was changed elsewhere while you edited it.".into(),
            ApiError::Unavailable { status: 429, retry_after } => match retry_after {
                Some(s) => format!("The server is busy. Retry in {s} seconds."),
                None => "The server is busy. Retry in a moment.".into(),
            },
            ApiError::Unavailable { retry_after: Some(s), .. } => {
                format!("The server is unavailable. Retry in {s} seconds.")
            }
            ApiError::Unavailable { status, .. } => format!("The server failed ({status}). Your change was not saved; retry."),
            ApiError::Decode(_) => "The server's answer could not be read. Retry, or contact your administrator.".into(),
            ApiError::Other { status, detail } if detail.is_empty() => format!("The server refused the request ({status})."),
            ApiError::Other { detail, .. } => detail.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(status: u16) -> ProblemDocument {
        ProblemDocument {
            kind: String::new(),
            title: String::new(),
            status,
            detail: "why".into(),
            errors: vec![FieldError { pointer: "/settings/domain".into(), code: "required".into(), detail: "d".into() }],
            dependents: vec![SourceId::Office365],
            current: None,
        }
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(ApiError::from_status(401, None, None), ApiError::Unauthorized);
        assert!(matches!(ApiError::from_status(422, Some(problem(422)), None), ApiError::Invalid(e) if e.len() == 1));
        assert!(matches!(ApiError::from_status(422, None, None), ApiError::Other { status: 422, .. }));
        assert!(
            matches!(ApiError::from_status(409, Some(problem(409)), None), ApiError::Conflict { dependents, .. } if dependents == vec![SourceId::Office365])
        );
        assert_eq!(ApiError::from_status(503, None, Some(2)), ApiError::Unavailable { status: 503, retry_after: Some(2) });
        assert_eq!(ApiError::from_status(412, None, None), ApiError::Stale(None));
    }

    #[test]
    fn messages_say_what_to_do() {
        assert!(ApiError::Timeout.message().contains("Retry"));
        assert!(ApiError::Unavailable { status: 503, retry_after: Some(3) }.message().contains("3 seconds"));
        assert!(ApiError::Unavailable { status: 500, retry_after: None }.message().contains("not saved"));
        assert_eq!(ApiError::Invalid(problem(422).errors).message(), "The server refused the change: 1 field needs attention.");
    }
}
