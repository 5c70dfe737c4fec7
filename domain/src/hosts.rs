//! Parsing of the hosts and tokens an administrator pastes: the Okta URL domain, the Okta
//! API token and the Qualys API server. Each normaliser accepts what people really paste
//! (a scheme, a trailing slash, upper case, an `SSWS ` prefix) and stores one canonical form.

/// Why a pasted host was refused, phrased for the field it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostError {
    pub code: &'static str,
    pub message: &'static str,
}

const fn err(code: &'static str, message: &'static str) -> HostError {
    HostError { code, message }
}

/// Strips an `https://` scheme and one trailing slash, lower-cases, and checks the rest is a
/// bare DNS host name.
fn bare_host(input: &str) -> Result<String, HostError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(err("required", "Enter a host name."));
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("http://") {
        return Err(err("insecure-scheme", "Use https:// or the bare host name; http:// is not accepted."));
    }
    let rest = lower.strip_prefix("https://").unwrap_or(&lower);
    if rest.contains("://") {
        return Err(err("bad-scheme", "Only https:// may come before the host name."));
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '?', '#']) {
        return Err(err("has-path", "Enter the host name only, without a path."));
    }
    if rest.contains(['{', '}']) {
        return Err(err("placeholder", "Replace the placeholder with your own host name."));
    }
    let labels: Vec<&str> = rest.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if rest.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(err("bad-host", "This is not a valid host name."));
    }
    Ok(rest.to_string())
}

const OKTA_SUFFIXES: [&str; 3] = [".okta.com", ".oktapreview.com", ".okta-emea.com"];

/// Normalises an Okta URL domain to its bare host (`acme.okta.com`).
pub fn okta_domain(input: &str) -> Result<String, HostError> {
    if input.contains("{yourOktaDomain}") {
        return Err(err("placeholder", "Replace {yourOktaDomain} with your own Okta domain, such as acme.okta.com."));
    }
    let host = bare_host(input)?;
    if host.split('.').next().is_some_and(|l| l.ends_with("-admin")) {
        return Err(err("admin-host", "Use your Okta org domain, not the -admin console domain: remove \"-admin\"."));
    }
    Ok(host)
}

/// Whether the host is under one of Okta's own domains; custom domains exist, so others
/// only draw a warning.
pub fn okta_domain_is_okta_owned(host: &str) -> bool {
    OKTA_SUFFIXES.iter().any(|s| host.ends_with(s))
}

/// Removes the `SSWS ` authorization scheme people paste along with the token.
pub fn okta_token(input: &str) -> String {
    let t = input.trim();
    let stripped = match t.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("ssws ") => &t[5..],
        _ => t,
    };
    stripped.trim().to_string()
}

/// Okta API tokens are 42 characters of `[A-Za-z0-9_-]` starting with `00`.
pub fn okta_token_looks_usual(token: &str) -> bool {
    token.len() == 42
        && token.starts_with("00")
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Qualys' shared platforms, by the label their documentation uses.
pub const QUALYS_PLATFORMS: [(&str, &str); 13] = [
    ("US Platform 1", "qualysapi.qualys.com"),
    ("US Platform 2", "qualysapi.qg2.apps.qualys.com"),
    ("US Platform 3", "qualysapi.qg3.apps.qualys.com"),
    ("US Platform 4", "qualysapi.qg4.apps.qualys.com"),
    ("EU Platform 1", "qualysapi.qualys.eu"),
    ("EU Platform 2", "qualysapi.qg2.apps.qualys.eu"),
    ("India Platform", "qualysapi.qg1.apps.qualys.in"),
    ("Canada Platform", "qualysapi.qg1.apps.qualys.ca"),
    ("UAE Platform", "qualysapi.qg1.apps.qualys.ae"),
    ("UK Platform", "qualysapi.qg1.apps.qualys.co.uk"),
    ("Australia Platform", "qualysapi.qg1.apps.qualys.com.au"),
    ("KSA Platform", "qualysapi.qg1.apps.qualysksa.com"),
    ("US Gov Platform", "qualysapi.gov1.qualys.us"),
];

/// Normalises a Qualys API server: a shared platform host or a private-cloud `qualysapi.` host.
pub fn qualys_server(input: &str) -> Result<String, HostError> {
    let host = bare_host(input)?;
    if QUALYS_PLATFORMS.iter().any(|(_, h)| *h == host) || host.starts_with("qualysapi.") {
        Ok(host)
    } else {
        Err(err(
            "not-qualys-api",
            "Pick your Qualys platform, or enter your private cloud's API host, which starts with qualysapi.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_domain_accepts_bare_and_https_forms() {
        assert_eq!(okta_domain("acme.okta.com").unwrap(), "acme.okta.com");
        assert_eq!(okta_domain(" https://Acme.Okta.com/ ").unwrap(), "acme.okta.com");
        assert_eq!(okta_domain("login.acme.example").unwrap(), "login.acme.example");
    }

    #[test]
    fn okta_domain_refuses_http_paths_admin_and_placeholders() {
        let code = |s: &str| okta_domain(s).unwrap_err().code;
        assert_eq!(code("http://acme.okta.com"), "insecure-scheme");
        assert_eq!(code("https://acme.okta.com/api/v1"), "has-path");
        assert_eq!(code("acme-admin.okta.com"), "admin-host");
        assert_eq!(code("https://{yourOktaDomain}"), "placeholder");
        assert_eq!(code("{yourOktaDomain}.okta.com"), "placeholder");
        assert_eq!(code(""), "required");
        assert_eq!(code("acme"), "bad-host");
        assert_eq!(code("ac me.okta.com"), "bad-host");
        assert_eq!(code("ftp://acme.okta.com"), "bad-scheme");
    }

    #[test]
    fn okta_owned_domains_are_told_apart_from_custom_ones() {
        assert!(okta_domain_is_okta_owned("acme.okta.com"));
        assert!(okta_domain_is_okta_owned("acme.oktapreview.com"));
        assert!(okta_domain_is_okta_owned("acme.okta-emea.com"));
        assert!(!okta_domain_is_okta_owned("login.acme.example"));
        assert!(!okta_domain_is_okta_owned("evilokta.com"));
    }

    #[test]
    fn okta_token_strips_ssws_and_checks_shape() {
        let token = "00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123";
        assert_eq!(token.len(), 42);
        assert_eq!(okta_token(&format!("SSWS {token}")), token);
        assert_eq!(okta_token(&format!("  ssws {token} ")), token);
        assert!(okta_token_looks_usual(token));
        assert!(!okta_token_looks_usual(&token[1..]));
        assert!(!okta_token_looks_usual(&token.replacen("00", "11", 1)));
        assert!(!okta_token_looks_usual(&token.replace('_', "!")));
    }

    #[test]
    fn qualys_server_takes_platforms_and_private_clouds() {
        for (_, host) in QUALYS_PLATFORMS {
            assert_eq!(qualys_server(&format!("https://{host}/")).unwrap(), host);
        }
        assert_eq!(qualys_server("qualysapi.acme-cloud.example").unwrap(), "qualysapi.acme-cloud.example");
        assert_eq!(qualys_server("qualysguard.qualys.com").unwrap_err().code, "not-qualys-api");
        assert_eq!(qualys_server("http://qualysapi.qualys.com").unwrap_err().code, "insecure-scheme");
    }
}
