//! Server configuration, read from the environment so that the same binary serves a demo,
//! the tests and a real deployment.

use std::net::SocketAddr;
use std::path::PathBuf;

use rds_domain::small_map::SmallMap;
use rds_domain::Region;

/// Values of the console's world to set, at start-up or through the admin route; what is
/// absent keeps what the database holds.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorldSeed {
    pub region: Option<Region>,
    /// Facts about the rest of the console, such as `internetAccessServiceEnabled`.
    #[serde(default)]
    pub facts: SmallMap<String, bool>,
    pub can_edit: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// Definitions that add to the built-in ones or replace them (by id).
    pub catalog_dir: Option<PathBuf>,
    /// The panel's built files; nothing static is served without it.
    pub dist_dir: Option<PathBuf>,
    /// The bearer token every `/api` request must carry.
    pub api_token: String,
    /// The token of the `/admin` routes; they are off without one.
    pub admin_token: Option<String>,
    /// Who changes made with the API token are recorded as.
    pub user: String,
    pub frame_ancestors: String,
    /// A copy of the access log, for audits and for tests.
    pub log_file: Option<PathBuf>,
    pub world: WorldSeed,
    /// Lets `/admin/v1/faults` make requests fail on purpose. Never on by default.
    pub faults: bool,
    /// Origins other than this server's that may use the API and load the panel's files.
    pub allowed_origins: Vec<String>,
    /// The key that seals secrets at rest: made on the first start, never in the database.
    pub secret_key_file: PathBuf,
    pub probes: ProbeConfig,
}

/// Where connection checks may go. The defaults are for production: public DNS, the web's
/// usual certificate authorities, public addresses only.
#[derive(Clone, Debug, Default)]
pub struct ProbeConfig {
    /// For tests: these host names resolve to these addresses, and no other name resolves.
    pub hosts: Option<Vec<(String, SocketAddr)>>,
    /// For tests: loopback, private and link-local addresses may be reached.
    pub allow_private: bool,
    /// For tests: a PEM certificate authority trusted beside the usual ones.
    pub extra_root: Option<PathBuf>,
}

impl Config {
    /// A configuration for `api_token` with defaults everywhere else.
    pub fn new(api_token: impl Into<String>, data_dir: impl Into<PathBuf>) -> Config {
        let data_dir = data_dir.into();
        Config {
            secret_key_file: data_dir.join("secret.key"),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir,
            catalog_dir: None,
            dist_dir: None,
            api_token: api_token.into(),
            admin_token: None,
            user: "admin@console.local".into(),
            frame_ancestors: "'none'".into(),
            log_file: None,
            world: WorldSeed::default(),
            faults: false,
            allowed_origins: Vec::new(),
            probes: ProbeConfig::default(),
        }
    }

    /// Reads `RDS_*` variables through `get`, so tests need not touch the process environment.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let token = get("RDS_API_TOKEN").filter(|t| t.len() >= 16).ok_or(
            "RDS_API_TOKEN must be set to a bearer token of at least 16 characters",
        )?;
        let mut c = Config::new(token, get("RDS_DATA_DIR").unwrap_or_else(|| "data".into()));
        if let Some(b) = get("RDS_BIND") {
            c.bind = b.parse().map_err(|_| format!("RDS_BIND is not an address:port: {b}"))?;
        }
        c.dist_dir = get("RDS_DIST_DIR").map(PathBuf::from);
        c.catalog_dir = get("RDS_CATALOG_DIR").filter(|d| !d.is_empty()).map(PathBuf::from);
        c.admin_token = get("RDS_ADMIN_TOKEN").filter(|t| !t.is_empty());
        if let Some(u) = get("RDS_USER") {
            c.user = u;
        }
        if let Some(f) = get("RDS_FRAME_ANCESTORS") {
            if f.contains([';', ',', '\n', '\r']) {
                return Err("RDS_FRAME_ANCESTORS must be a space-separated source list".into());
            }
            c.frame_ancestors = f;
        }
        c.log_file = get("RDS_LOG_FILE").map(PathBuf::from);
        if let Some(f) = get("RDS_SECRET_KEY_FILE").filter(|f| !f.is_empty()) {
            c.secret_key_file = PathBuf::from(f);
        }
        c.allowed_origins = crate::cors::parse_origins(&get("RDS_ALLOWED_ORIGINS").unwrap_or_default())?;
        let flag = |name: &str| -> Result<Option<bool>, String> {
            match get(name).as_deref() {
                None => Ok(None),
                Some("true" | "1" | "on") => Ok(Some(true)),
                Some("false" | "0" | "off") => Ok(Some(false)),
                Some(v) => Err(format!("{name} must be true or false, not {v}")),
            }
        };
        c.faults = flag("RDS_FAULTS")?.unwrap_or(false);
        // Facts were once variables of their own; starting without them would leave the
        // sources that need them refused for no reason a reader of the configuration sees.
        for (old, fact) in [("RDS_INTERNET_ACCESS_SERVICE", "internetAccessServiceEnabled"), ("RDS_CLOUD_APP_SECURITY", "cloudAppSecurityConnected")] {
            if let Some(v) = get(old) {
                return Err(format!("{old} is no longer read: set RDS_FACTS={fact}={v}"));
            }
        }
        c.probes = ProbeConfig {
            hosts: get("RDS_PROBE_HOSTS").filter(|h| !h.is_empty()).map(|h| parse_probe_hosts(&h)).transpose()?,
            allow_private: flag("RDS_PROBE_ALLOW_PRIVATE")?.unwrap_or(false),
            extra_root: get("RDS_PROBE_CA_FILE").filter(|f| !f.is_empty()).map(PathBuf::from),
        };
        c.world = WorldSeed {
            region: match get("RDS_REGION") {
                None => None,
                Some(r) => Some(Region::parse(&r).ok_or(format!("RDS_REGION must be one of anz, eu, in, jp, sg, us, not {r}"))?),
            },
            facts: parse_facts(&get("RDS_FACTS").unwrap_or_default())?,
            can_edit: flag("RDS_CAN_EDIT")?,
        };
        Ok(c)
    }
}

impl ProbeConfig {
    /// What a production server must not run with, said at start-up when it is set.
    pub fn test_warning(&self) -> Option<String> {
        let set: Vec<&str> = [
            (self.hosts.is_some(), "RDS_PROBE_HOSTS"),
            (self.allow_private, "RDS_PROBE_ALLOW_PRIVATE"),
            (self.extra_root.is_some(), "RDS_PROBE_CA_FILE"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        (!set.is_empty()).then(|| format!("{} set: connection checks run as for tests, not for production", set.join(", ")))
    }
}

/// Reads `host=address:port,other=address:port`.
fn parse_probe_hosts(text: &str) -> Result<Vec<(String, SocketAddr)>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((host, addr)) if !host.trim().is_empty() => match addr.trim().parse() {
                Ok(addr) => Ok((host.trim().to_ascii_lowercase(), addr)),
                Err(_) => Err(format!("RDS_PROBE_HOSTS: {addr} is not an address:port")),
            },
            _ => Err(format!("RDS_PROBE_HOSTS takes host=address:port pairs, separated by commas, not {pair}")),
        })
        .collect()
}

/// Reads `name=true,other=false`.
fn parse_facts(text: &str) -> Result<SmallMap<String, bool>, String> {
    let mut facts = SmallMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let value = match pair.split_once('=') {
            Some((name, "true")) if !name.trim().is_empty() => (name, true),
            Some((name, "false")) if !name.trim().is_empty() => (name, false),
            _ => return Err(format!("RDS_FACTS takes name=true or name=false pairs, separated by commas, not {pair}")),
        };
        facts.insert(value.0.trim().to_string(), value.1);
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let owned: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| owned.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn defaults_bind_to_loopback() {
        let c = Config::from_vars(vars(&[("RDS_API_TOKEN", "0123456789abcdef")])).unwrap();
        assert!(c.bind.ip().is_loopback());
        assert!(c.admin_token.is_none());
        assert_eq!(c.frame_ancestors, "'none'");
        assert!(!c.faults, "fault injection is never on by default");
        assert!(c.allowed_origins.is_empty(), "no other origin is allowed by default");
        assert!(c.probes.hosts.is_none() && !c.probes.allow_private && c.probes.extra_root.is_none(), "probes go to the public Internet only");
    }

    #[test]
    fn probe_settings_for_tests_are_read() {
        let t = ("RDS_API_TOKEN", "0123456789abcdef");
        let c = Config::from_vars(vars(&[
            t,
            ("RDS_PROBE_HOSTS", " Acme.okta.com=127.0.0.1:8443, qualysapi.qualys.com=[::1]:9443,"),
            ("RDS_PROBE_ALLOW_PRIVATE", "true"),
            ("RDS_PROBE_CA_FILE", "/tmp/ca.pem"),
        ]))
        .unwrap();
        let hosts = c.probes.hosts.unwrap();
        assert_eq!(hosts[0], ("acme.okta.com".to_string(), "127.0.0.1:8443".parse().unwrap()));
        assert_eq!(hosts[1].1, "[::1]:9443".parse().unwrap());
        assert_eq!(hosts.len(), 2);
        assert!(c.probes.allow_private);
        assert_eq!(c.probes.extra_root.as_deref(), Some(std::path::Path::new("/tmp/ca.pem")));
        assert!(Config::from_vars(vars(&[t, ("RDS_PROBE_HOSTS", "acme.okta.com")])).unwrap_err().contains("host=address:port"));
        assert!(Config::from_vars(vars(&[t, ("RDS_PROBE_HOSTS", "=127.0.0.1:1")])).is_err());
        assert!(Config::from_vars(vars(&[t, ("RDS_PROBE_HOSTS", "a.okta.com=localhost")])).unwrap_err().contains("localhost is not"));
        assert!(Config::from_vars(vars(&[t, ("RDS_PROBE_HOSTS", "")])).unwrap().probes.hosts.is_none());
        let all = Config::from_vars(vars(&[t, ("RDS_PROBE_HOSTS", "a.okta.com=127.0.0.1:1"), ("RDS_PROBE_ALLOW_PRIVATE", "1"), ("RDS_PROBE_CA_FILE", "/ca.pem")])).unwrap();
        assert_eq!(
            all.probes.test_warning().unwrap(),
            "RDS_PROBE_HOSTS, RDS_PROBE_ALLOW_PRIVATE, RDS_PROBE_CA_FILE set: connection checks run as for tests, not for production"
        );
        let private = Config::from_vars(vars(&[t, ("RDS_PROBE_ALLOW_PRIVATE", "true")])).unwrap();
        assert_eq!(private.probes.test_warning().unwrap(), "RDS_PROBE_ALLOW_PRIVATE set: connection checks run as for tests, not for production");
        assert_eq!(Config::from_vars(vars(&[t])).unwrap().probes.test_warning(), None);
    }

    #[test]
    fn refuses_short_tokens_and_bad_values() {
        assert!(Config::from_vars(vars(&[("RDS_API_TOKEN", "short")])).is_err());
        let t = ("RDS_API_TOKEN", "0123456789abcdef");
        assert!(Config::from_vars(vars(&[t, ("RDS_REGION", "mars")])).is_err());
        assert!(Config::from_vars(vars(&[t, ("RDS_CAN_EDIT", "maybe")])).is_err());
        assert!(Config::from_vars(vars(&[t, ("RDS_FRAME_ANCESTORS", "'self'; script-src *")])).is_err());
        assert!(Config::from_vars(vars(&[t, ("RDS_FACTS", "internetAccessServiceEnabled")])).is_err());
        assert!(Config::from_vars(vars(&[t, ("RDS_FACTS", "=true")])).is_err());
        assert!(Config::from_vars(vars(&[t, ("RDS_FACTS", " =false")])).is_err());
        let blank = Config::from_vars(vars(&[t, ("RDS_ADMIN_TOKEN", ""), ("RDS_CATALOG_DIR", "")])).unwrap();
        assert_eq!((blank.admin_token, blank.catalog_dir), (None, None), "an empty variable is no value");
        assert!(Config::from_vars(vars(&[t, ("RDS_ALLOWED_ORIGINS", "*")])).unwrap_err().contains("not *"));
        let o = Config::from_vars(vars(&[t, ("RDS_ALLOWED_ORIGINS", "https://console.example.com")])).unwrap();
        assert_eq!(o.allowed_origins, ["https://console.example.com"]);
        let old = Config::from_vars(vars(&[t, ("RDS_INTERNET_ACCESS_SERVICE", "true")])).unwrap_err();
        assert_eq!(old, "RDS_INTERNET_ACCESS_SERVICE is no longer read: set RDS_FACTS=internetAccessServiceEnabled=true");
        assert!(Config::from_vars(vars(&[t, ("RDS_CLOUD_APP_SECURITY", "false")])).unwrap_err().contains("cloudAppSecurityConnected=false"));
        let f = Config::from_vars(vars(&[t, ("RDS_FACTS", " a=true, b=false ,"), ("RDS_CATALOG_DIR", "/srv/catalog")])).unwrap();
        assert_eq!(f.world.facts.get("a"), Some(&true));
        assert_eq!(f.world.facts.get("b"), Some(&false));
        assert_eq!(f.catalog_dir.as_deref(), Some(std::path::Path::new("/srv/catalog")));
        let c = Config::from_vars(vars(&[t, ("RDS_REGION", "jp"), ("RDS_CAN_EDIT", "false")])).unwrap();
        assert_eq!(c.world.region, Some(Region::Jp));
        assert_eq!(c.world.can_edit, Some(false));
    }
}
