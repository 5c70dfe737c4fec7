//! Every prerequisite of the seed page as a pure function. The panel runs them on each
//! keystroke to draw its checklist; the server runs them again before it stores anything.

use crate::small_map::SmallMap;

use crate::api::{DataSource, SecretName, SettingKey, Settings, SourceList, SourcePatch};
use crate::catalog::{dependents, QualysPermission, SourceId};
use crate::hosts;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// What a problem stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocks {
    /// A value that is present but wrong: it is never stored.
    Always,
    /// A prerequisite of the data upload permission.
    Upload,
    /// A prerequisite of Office 365's threat-detection upload.
    ThreatDetection,
    /// Advice only.
    Nothing,
}

/// One unmet prerequisite or bad value, with the field it belongs to and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// JSON pointer into the PATCH body, such as `/settings/domain`.
    pub pointer: String,
    pub code: &'static str,
    pub message: String,
    pub fix: String,
    pub blocks: Blocks,
}

impl Problem {
    pub fn severity(&self) -> Severity {
        if self.blocks == Blocks::Nothing {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

/// What a secret would hold once a change is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretDraft {
    /// The server holds a value the browser never sees.
    Stored,
    /// A value typed now.
    New(String),
    Absent,
}

/// A source as it would be after a change: the input of every rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: SourceId,
    pub upload_enabled: bool,
    pub threat_detection_upload: bool,
    pub settings: Settings,
    pub secrets: SmallMap<SecretName, SecretDraft>,
}

impl Draft {
    /// The source after `patch`, as the server would store it.
    pub fn apply(source: &DataSource, patch: &SourcePatch) -> Draft {
        let mut settings = source.settings.clone();
        if let Some(p) = &patch.settings {
            settings.merge(p);
        }
        // The source's own secrets, plus any other the patch names, so `check` can refuse it.
        let names = SecretName::of(source.id).iter().copied().chain(patch.secrets.keys().copied());
        let secrets = names
            .map(|name| {
                let state = match patch.secrets.get(&name) {
                    Some(Some(v)) if !v.trim().is_empty() => SecretDraft::New(v.clone()),
                    Some(_) => SecretDraft::Absent,
                    None if source.secret_is_set(name) => SecretDraft::Stored,
                    None => SecretDraft::Absent,
                };
                (name, state)
            })
            .collect();
        Draft {
            id: source.id,
            upload_enabled: patch.upload_enabled.unwrap_or(source.upload_enabled),
            threat_detection_upload: patch
                .threat_detection_upload
                .unwrap_or(source.threat_detection_upload.unwrap_or(false)),
            settings,
            secrets,
        }
    }

    fn secret(&self, name: SecretName) -> &SecretDraft {
        self.secrets.get(&name).unwrap_or(&SecretDraft::Absent)
    }
}

/// Rewrites pasted values into their stored form (bare hosts, tokens without `SSWS `).
/// Values that cannot be parsed are left alone so that [`check`] reports them.
pub fn normalize(id: SourceId, patch: &mut SourcePatch) {
    if let Some(s) = patch.settings.as_mut() {
        if let Some(d) = s.domain.as_mut() {
            if let Ok(host) = hosts::okta_domain(d) {
                *d = host;
            }
        }
        if let Some(a) = s.api_server.as_mut() {
            if let Ok(host) = hosts::qualys_server(a) {
                *a = host;
            }
        }
        if let Some(u) = s.username.as_mut() {
            *u = u.trim().to_string();
        }
    }
    if id == SourceId::Okta {
        if let Some(Some(t)) = patch.secrets.get_mut(&SecretName::ApiToken) {
            *t = hosts::okta_token(t);
        }
    }
}

/// One line of a source's prerequisite checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub label: String,
    /// `None` when met; a warning may still be attached to a met item.
    pub problem: Option<Problem>,
}

impl Requirement {
    pub fn met(&self) -> bool {
        self.problem.as_ref().is_none_or(|p| p.severity() == Severity::Warning)
    }
}

fn problem(pointer: String, code: &'static str, message: &str, fix: &str, blocks: Blocks) -> Problem {
    Problem { pointer, code, message: message.into(), fix: fix.into(), blocks }
}

fn item(label: impl Into<String>, problem: Option<Problem>) -> Requirement {
    Requirement { label: label.into(), problem }
}

fn upload_pointer() -> String {
    "/uploadEnabled".into()
}

fn secret_pointer(name: SecretName) -> String {
    format!("/secrets/{}", name.key())
}

fn required_text(value: &Option<String>, key: SettingKey, message: &str, fix: &str) -> Option<Problem> {
    match value {
        Some(v) if !v.trim().is_empty() => None,
        _ => Some(problem(key.pointer(), "required", message, fix, Blocks::Upload)),
    }
}

fn required_flag(value: Option<bool>, key: SettingKey, message: &str, fix: &str) -> Option<Problem> {
    (value != Some(true)).then(|| problem(key.pointer(), "not-confirmed", message, fix, Blocks::Upload))
}

fn required_secret(draft: &Draft, name: SecretName, message: &str, fix: &str) -> Option<Problem> {
    (*draft.secret(name) == SecretDraft::Absent)
        .then(|| problem(secret_pointer(name), "required", message, fix, Blocks::Upload))
}

/// The checklist of everything `draft.id` needs before its upload may be on, evaluated
/// against the rest of the console.
pub fn requirements(draft: &Draft, list: &SourceList) -> Vec<Requirement> {
    let world = &list.world;
    match draft.id {
        SourceId::WebSensor => vec![item(
            "Internet Access Service configured and enabled",
            (!world.internet_access_service_enabled).then(|| {
                problem(
                    upload_pointer(),
                    "internet-access-service-disabled",
                    "The Internet Access Service is not enabled, so the Web Sensor has no web activity to send.",
                    "Configure and enable the Internet Access Service in the Zero Trust Secure Access app (see Internet Access Configuration), then come back.",
                    Blocks::Upload,
                )
            }),
        )],
        SourceId::Office365 => vec![
            item(
                "Azure AD data upload permission on",
                (!list.upload_enabled(SourceId::AzureAd)).then(|| {
                    problem(
                        upload_pointer(),
                        "azure-ad-upload-off",
                        "Office 365 integration also requires that you permit data upload from Azure AD.",
                        "Turn on Data upload permission for Azure AD first.",
                        Blocks::Upload,
                    )
                }),
            ),
            item(
                "Trend Micro Cloud App Security connected (for threat detection upload)",
                (!world.cloud_app_security_connected).then(|| {
                    problem(
                        "/threatDetectionUpload".into(),
                        "cloud-app-security-not-connected",
                        "Threat detection upload needs Trend Micro Cloud App Security, which is not connected.",
                        "Connect Trend Micro Cloud App Security, then turn on Threat detection upload permission.",
                        Blocks::ThreatDetection,
                    )
                }),
            ),
        ],
        SourceId::Okta => okta(draft),
        SourceId::Qualys => qualys(draft),
        SourceId::Splunk => splunk(draft, list),
        _ => Vec::new(),
    }
}

fn host_problem(key: SettingKey, e: hosts::HostError, fix: &str) -> Problem {
    problem(key.pointer(), e.code, e.message, fix, Blocks::Always)
}

fn okta(draft: &Draft) -> Vec<Requirement> {
    let s = &draft.settings;
    let domain = match s.domain.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => required_text(
            &None,
            SettingKey::Domain,
            "The Okta URL domain is missing.",
            "Enter your Okta org domain from your Okta environment, such as acme.okta.com.",
        ),
        Some(d) => match hosts::okta_domain(d) {
            Err(e) => Some(host_problem(SettingKey::Domain, e, "Enter the domain as acme.okta.com or https://acme.okta.com.")),
            Ok(host) if !hosts::okta_domain_is_okta_owned(&host) => Some(problem(
                SettingKey::Domain.pointer(),
                "custom-domain",
                "This is not an okta.com, oktapreview.com or okta-emea.com domain.",
                "If your org uses a custom domain this is fine; otherwise check for a typo.",
                Blocks::Nothing,
            )),
            Ok(_) => None,
        },
    };
    let token = match draft.secret(SecretName::ApiToken) {
        SecretDraft::New(t) if !hosts::okta_token_looks_usual(&hosts::okta_token(t)) => Some(problem(
            secret_pointer(SecretName::ApiToken),
            "unusual-token",
            "Okta API tokens are usually 42 letters, digits, - or _, starting with 00.",
            "Check that you copied the whole token from Okta (Security > API > Tokens).",
            Blocks::Nothing,
        )),
        _ => required_secret(
            draft,
            SecretName::ApiToken,
            "The Okta API token is missing.",
            "Create an API token in Okta (Security > API > Tokens) and paste it here.",
        ),
    };
    let role = s.admin_role.is_none().then(|| {
        problem(
            SettingKey::AdminRole.pointer(),
            "required",
            "Choose the administrator privilege your Okta user account holds.",
            "Your Okta user account must have one of the six administrator privileges listed; ask an Okta Super Admin to grant one.",
            Blocks::Upload,
        )
    });
    vec![
        item("Okta URL domain", domain),
        item("Okta API token", token),
        item("Okta account holds one of the six administrator privileges", role),
    ]
}

fn qualys(draft: &Draft) -> Vec<Requirement> {
    let s = &draft.settings;
    let server = match s.api_server.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => required_text(
            &None,
            SettingKey::ApiServer,
            "The Qualys API server is missing.",
            "Pick your Qualys platform, or enter your private cloud's qualysapi. host.",
        ),
        Some(a) => hosts::qualys_server(a)
            .err()
            .map(|e| host_problem(SettingKey::ApiServer, e, "Pick your platform from the list, or enter a host that starts with qualysapi.")),
    };
    let mut items = vec![
        item("Qualys API server", server),
        item(
            "Qualys username",
            required_text(&s.username, SettingKey::Username, "The Qualys username is missing.", "Enter the user name of the Qualys account."),
        ),
        item(
            "Qualys password",
            required_secret(draft, SecretName::Password, "The Qualys password is missing.", "Enter the password of the Qualys account."),
        ),
    ];
    let held = s.permissions.as_deref().unwrap_or(&[]);
    for p in QualysPermission::ALL {
        let missing = !held.contains(&p);
        items.push(item(
            format!("Account permission: {}", p.label()),
            missing.then(|| Problem {
                pointer: SettingKey::Permissions.pointer(),
                code: "permission-not-confirmed",
                message: format!("The account must have \"{}\".", p.label()),
                fix: format!("Grant \"{}\" to the account in Qualys, then confirm it here.", p.label()),
                blocks: Blocks::Upload,
            }),
        ));
    }
    items.push(item(
        "Qualys replaces the Endpoint Sensor as vulnerability source",
        required_flag(
            s.replaces_endpoint_sensor,
            SettingKey::ReplacesEndpointSensor,
            "Qualys becomes the vulnerability detection source instead of the Endpoint Sensor, and provides only CVE detection data and limited device information.",
            "Confirm that you accept this change of vulnerability source.",
        ),
    ));
    items
}

fn splunk(draft: &Draft, list: &SourceList) -> Vec<Requirement> {
    let s = &draft.settings;
    let host = list.world.region.ingestor_host();
    vec![
        item(
            "Trend Micro Risk Insights for Splunk app installed",
            required_flag(
                s.app_installed,
                SettingKey::AppInstalled,
                "The Trend Micro Risk Insights for Splunk app must be installed in Splunk.",
                "Install the app in Splunk, then confirm it here.",
            ),
        ),
        item(
            "Splunk API token",
            required_secret(draft, SecretName::ApiToken, "The Splunk API token is missing.", "Paste the API token from the Risk Insights for Splunk app."),
        ),
        item(
            format!("Firewall exception for {host}"),
            (s.firewall_exception != Some(true)).then(|| Problem {
                pointer: SettingKey::FirewallException.pointer(),
                code: "not-confirmed",
                message: format!("Splunk must be able to reach {host} ({}).", list.world.region.label()),
                fix: format!("Allow outbound HTTPS to {host} in your firewall, then confirm it here."),
                blocks: Blocks::Upload,
            }),
        ),
    ]
}

/// Settings and secrets that do not belong to the source at all.
fn foreign_fields(draft: &Draft) -> Vec<Problem> {
    let foreign = |pointer: String, kind: &str, key: &str| Problem {
        pointer,
        code: "not-applicable",
        message: format!("{} has no {kind} \"{key}\".", draft.id.name()),
        fix: format!("Remove this {kind} from the request."),
        blocks: Blocks::Always,
    };
    let allowed = SettingKey::of(draft.id);
    let settings = draft
        .settings
        .present()
        .into_iter()
        .filter(|k| !allowed.contains(k))
        .map(|k| foreign(k.pointer(), "setting", k.key()));
    let own = SecretName::of(draft.id);
    let secrets = draft
        .secrets
        .iter()
        .filter(|(n, v)| !own.contains(n) && **v != SecretDraft::Absent)
        .map(|(n, _)| foreign(secret_pointer(*n), "secret", n.key()));
    settings.chain(secrets).collect()
}

/// Every problem that stands in the way of `draft`, plus warnings. A change may be stored
/// only when none of the returned problems has [`Severity::Error`].
pub fn check(draft: &Draft, list: &SourceList) -> Vec<Problem> {
    let mut out = foreign_fields(draft);
    if draft.threat_detection_upload && draft.id != SourceId::Office365 {
        out.push(problem(
            "/threatDetectionUpload".into(),
            "not-applicable",
            "Only Office 365 has a threat detection upload permission.",
            "Remove threatDetectionUpload from the request.",
            Blocks::Always,
        ));
    }
    if draft.id == SourceId::Office365 && draft.threat_detection_upload && !draft.upload_enabled {
        out.push(problem(
            "/threatDetectionUpload".into(),
            "office-365-upload-off",
            "Threat detection upload needs the Office 365 data upload permission on.",
            "Turn on Data upload permission for Office 365 first.",
            Blocks::ThreatDetection,
        ));
    }
    out.extend(requirements(draft, list).into_iter().filter_map(|r| r.problem));
    out.retain(|p| match p.blocks {
        Blocks::Always | Blocks::Nothing => true,
        Blocks::Upload => draft.upload_enabled,
        Blocks::ThreatDetection => draft.threat_detection_upload,
    });
    out
}

/// The problems that stop a change: errors, not warnings.
pub fn errors(problems: Vec<Problem>) -> Vec<Problem> {
    problems.into_iter().filter(|p| p.severity() == Severity::Error).collect()
}

pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity() == Severity::Error)
}

/// The sources that are on now and would have to go off with `id`.
pub fn dependents_on(id: SourceId, list: &SourceList) -> Vec<SourceId> {
    dependents(id).iter().copied().filter(|d| list.upload_enabled(*d)).collect()
}

/// Qualys when its upload is on, otherwise the Endpoint Sensor.
pub fn vulnerability_source(list: &SourceList) -> SourceId {
    if list.upload_enabled(SourceId::Qualys) {
        SourceId::Qualys
    } else {
        SourceId::EndpointSensor
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::api::World;
    use crate::catalog::{OktaRole, Region};

    pub(crate) fn list() -> SourceList {
        SourceList::unconfigured(World::new(Region::Eu))
    }

    fn turn_on(id: SourceId, list: &SourceList, patch: SourcePatch) -> Vec<Problem> {
        let patch = SourcePatch { upload_enabled: Some(true), ..patch };
        check(&Draft::apply(list.get(id).unwrap(), &patch), list)
    }

    fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
        problems.iter().map(|p| (p.pointer.as_str(), p.code)).collect()
    }

    const TOKEN: &str = "00abcdefghijklmnopqrstuvwxyzABCDEFGH-_0123";

    #[test]
    fn plain_sensors_need_nothing() {
        let l = list();
        for id in [
            SourceId::EndpointSensor,
            SourceId::ConnectedEndpointAgent,
            SourceId::EmailSensor,
            SourceId::NetworkSensor,
            SourceId::MobileSensor,
            SourceId::AzureAd,
        ] {
            assert!(turn_on(id, &l, SourcePatch::default()).is_empty(), "{id:?}");
        }
    }

    #[test]
    fn web_sensor_needs_the_internet_access_service() {
        let mut l = list();
        assert_eq!(codes(&turn_on(SourceId::WebSensor, &l, SourcePatch::default())), [("/uploadEnabled", "internet-access-service-disabled")]);
        l.world.internet_access_service_enabled = true;
        assert!(turn_on(SourceId::WebSensor, &l, SourcePatch::default()).is_empty());
    }

    #[test]
    fn office_365_needs_azure_ad_upload() {
        let mut l = list();
        assert_eq!(codes(&turn_on(SourceId::Office365, &l, SourcePatch::default())), [("/uploadEnabled", "azure-ad-upload-off")]);
        l.sources.iter_mut().find(|s| s.id == SourceId::AzureAd).unwrap().upload_enabled = true;
        assert!(turn_on(SourceId::Office365, &l, SourcePatch::default()).is_empty());
    }

    #[test]
    fn threat_detection_upload_needs_cloud_app_security() {
        let mut l = list();
        l.sources.iter_mut().find(|s| s.id == SourceId::AzureAd).unwrap().upload_enabled = true;
        let tdu = SourcePatch { threat_detection_upload: Some(true), ..Default::default() };
        assert_eq!(
            codes(&turn_on(SourceId::Office365, &l, tdu.clone())),
            [("/threatDetectionUpload", "cloud-app-security-not-connected")]
        );
        l.world.cloud_app_security_connected = true;
        assert!(turn_on(SourceId::Office365, &l, tdu.clone()).is_empty());
        let alone = check(&Draft::apply(l.get(SourceId::Office365).unwrap(), &tdu), &l);
        assert_eq!(codes(&alone), [("/threatDetectionUpload", "office-365-upload-off")]);
    }

    #[test]
    fn okta_needs_domain_token_and_role() {
        let l = list();
        let p = turn_on(SourceId::Okta, &l, SourcePatch::default());
        assert_eq!(
            codes(&p),
            [("/settings/domain", "required"), ("/secrets/apiToken", "required"), ("/settings/adminRole", "required")]
        );
        let mut fixed = SourcePatch {
            settings: Some(Settings { domain: Some("https://acme.okta.com".into()), admin_role: Some(OktaRole::ReadOnlyAdmin), ..Default::default() }),
            ..Default::default()
        };
        fixed.secrets.insert(SecretName::ApiToken, Some(format!("SSWS {TOKEN}")));
        assert!(turn_on(SourceId::Okta, &l, fixed.clone()).is_empty());
        normalize(SourceId::Okta, &mut fixed);
        assert_eq!(fixed.settings.as_ref().unwrap().domain.as_deref(), Some("acme.okta.com"));
        assert_eq!(fixed.secrets[&SecretName::ApiToken].as_deref(), Some(TOKEN));
    }

    #[test]
    fn okta_bad_domain_blocks_even_with_upload_off_and_odd_values_warn() {
        let l = list();
        let bad = SourcePatch {
            settings: Some(Settings { domain: Some("http://acme.okta.com".into()), ..Default::default() }),
            ..Default::default()
        };
        let p = check(&Draft::apply(l.get(SourceId::Okta).unwrap(), &bad), &l);
        assert_eq!(codes(&p), [("/settings/domain", "insecure-scheme")]);
        assert!(has_errors(&p));

        let mut odd = SourcePatch {
            settings: Some(Settings { domain: Some("login.acme.example".into()), admin_role: Some(OktaRole::SuperAdmin), ..Default::default() }),
            ..Default::default()
        };
        odd.secrets.insert(SecretName::ApiToken, Some("short".into()));
        let p = turn_on(SourceId::Okta, &l, odd);
        assert_eq!(codes(&p), [("/settings/domain", "custom-domain"), ("/secrets/apiToken", "unusual-token")]);
        assert!(!has_errors(&p));
    }

    #[test]
    fn a_stored_secret_counts_and_a_cleared_one_does_not() {
        let mut l = list();
        let okta = l.sources.iter_mut().find(|s| s.id == SourceId::Okta).unwrap();
        okta.secrets_set.insert(SecretName::ApiToken, true);
        okta.settings = Settings { domain: Some("acme.okta.com".into()), admin_role: Some(OktaRole::AppAdmin), ..Default::default() };
        assert!(turn_on(SourceId::Okta, &l, SourcePatch::default()).is_empty());
        let mut clear = SourcePatch::default();
        clear.secrets.insert(SecretName::ApiToken, None);
        assert_eq!(codes(&turn_on(SourceId::Okta, &l, clear)), [("/secrets/apiToken", "required")]);
    }

    #[test]
    fn qualys_needs_server_account_permissions_and_acknowledgement() {
        let l = list();
        let p = turn_on(SourceId::Qualys, &l, SourcePatch::default());
        let c = codes(&p);
        assert_eq!(c[0], ("/settings/apiServer", "required"));
        assert_eq!(c[1], ("/settings/username", "required"));
        assert_eq!(c[2], ("/secrets/password", "required"));
        assert_eq!(c.iter().filter(|x| x.1 == "permission-not-confirmed").count(), 4);
        assert_eq!(c.last().unwrap(), &("/settings/replacesEndpointSensor", "not-confirmed"));

        let mut ok = SourcePatch {
            settings: Some(Settings {
                api_server: Some("qualysapi.qg2.apps.qualys.eu".into()),
                username: Some("svc".into()),
                permissions: Some(QualysPermission::ALL.to_vec()),
                replaces_endpoint_sensor: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        };
        ok.secrets.insert(SecretName::Password, Some("pw".into()));
        assert!(turn_on(SourceId::Qualys, &l, ok.clone()).is_empty());
        ok.settings.as_mut().unwrap().permissions = Some(vec![QualysPermission::ReaderRole, QualysPermission::ApiAccess]);
        assert_eq!(turn_on(SourceId::Qualys, &l, ok.clone()).len(), 2);
        ok.settings.as_mut().unwrap().api_server = Some("scanner.example.com".into());
        assert!(codes(&turn_on(SourceId::Qualys, &l, ok)).contains(&("/settings/apiServer", "not-qualys-api")));
    }

    #[test]
    fn splunk_needs_app_token_and_the_regions_firewall_exception() {
        let l = list();
        let p = turn_on(SourceId::Splunk, &l, SourcePatch::default());
        assert_eq!(
            codes(&p),
            [("/settings/appInstalled", "not-confirmed"), ("/secrets/apiToken", "required"), ("/settings/firewallException", "not-confirmed")]
        );
        assert!(p[2].message.contains("ingestor-eu.xdr.trendmicro.com"));
        let mut ok = SourcePatch {
            settings: Some(Settings { app_installed: Some(true), firewall_exception: Some(true), ..Default::default() }),
            ..Default::default()
        };
        ok.secrets.insert(SecretName::ApiToken, Some("splunk-token".into()));
        assert!(turn_on(SourceId::Splunk, &l, ok).is_empty());
    }

    #[test]
    fn settings_and_secrets_of_another_source_are_refused() {
        let l = list();
        let p = SourcePatch { settings: Some(Settings { domain: Some("a.okta.com".into()), ..Default::default() }), ..Default::default() };
        let problems = check(&Draft::apply(l.get(SourceId::Splunk).unwrap(), &p), &l);
        assert_eq!(codes(&problems), [("/settings/domain", "not-applicable")]);
        let t = SourcePatch { threat_detection_upload: Some(true), ..Default::default() };
        assert_eq!(codes(&check(&Draft::apply(l.get(SourceId::Okta).unwrap(), &t), &l)), [("/threatDetectionUpload", "not-applicable")]);
        let mut secret = SourcePatch::default();
        secret.secrets.insert(SecretName::ApiToken, Some("x".into()));
        let on_qualys = check(&Draft::apply(l.get(SourceId::Qualys).unwrap(), &secret), &l);
        assert_eq!(codes(&on_qualys), [("/secrets/apiToken", "not-applicable")]);
        assert!(has_errors(&on_qualys));
        assert!(!has_errors(&check(&Draft::apply(l.get(SourceId::Okta).unwrap(), &secret), &l)), "Okta takes an API token");
    }

    #[test]
    fn prerequisites_do_not_block_while_upload_stays_off() {
        let l = list();
        for id in SourceId::ALL {
            let d = Draft::apply(l.get(id).unwrap(), &SourcePatch::default());
            assert!(!has_errors(&check(&d, &l)), "{id:?}");
        }
    }

    #[test]
    fn checklist_items_are_met_or_carry_a_fix() {
        let l = list();
        let d = Draft::apply(l.get(SourceId::Okta).unwrap(), &SourcePatch::default());
        let items = requirements(&d, &l);
        assert_eq!(items.len(), 3);
        assert!(items.iter().all(|i| !i.met() && !i.problem.as_ref().unwrap().fix.is_empty()));
    }

    #[test]
    fn dependents_and_vulnerability_source_follow_uploads() {
        let mut l = list();
        assert!(dependents_on(SourceId::AzureAd, &l).is_empty());
        assert_eq!(vulnerability_source(&l), SourceId::EndpointSensor);
        for s in l.sources.iter_mut() {
            s.upload_enabled = matches!(s.id, SourceId::Office365 | SourceId::Qualys);
        }
        assert_eq!(dependents_on(SourceId::AzureAd, &l), [SourceId::Office365]);
        assert!(dependents_on(SourceId::Okta, &l).is_empty());
        assert_eq!(vulnerability_source(&l), SourceId::Qualys);
    }
}
