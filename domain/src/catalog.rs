//! The eleven data sources of the risk console, with the product's own wording for what
//! each one gives and what it needs.

use serde::{Deserialize, Serialize};

/// Stable identifier of a data source; it is the path segment of the REST resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceId {
    EndpointSensor,
    ConnectedEndpointAgent,
    EmailSensor,
    NetworkSensor,
    WebSensor,
    MobileSensor,
    AzureAd,
    Okta,
    #[serde(rename = "office-365")]
    Office365,
    Qualys,
    Splunk,
}

impl SourceId {
    pub const ALL: [SourceId; 11] = [
        SourceId::EndpointSensor,
        SourceId::ConnectedEndpointAgent,
        SourceId::EmailSensor,
        SourceId::NetworkSensor,
        SourceId::WebSensor,
        SourceId::MobileSensor,
        SourceId::AzureAd,
        SourceId::Okta,
        SourceId::Office365,
        SourceId::Qualys,
        SourceId::Splunk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceId::EndpointSensor => "endpoint-sensor",
            SourceId::ConnectedEndpointAgent => "connected-endpoint-agent",
            SourceId::EmailSensor => "email-sensor",
            SourceId::NetworkSensor => "network-sensor",
            SourceId::WebSensor => "web-sensor",
            SourceId::MobileSensor => "mobile-sensor",
            SourceId::AzureAd => "azure-ad",
            SourceId::Okta => "okta",
            SourceId::Office365 => "office-365",
            SourceId::Qualys => "qualys",
            SourceId::Splunk => "splunk",
        }
    }

    pub fn parse(s: &str) -> Option<SourceId> {
        SourceId::ALL.into_iter().find(|id| id.as_str() == s)
    }

    pub fn spec(self) -> &'static SourceSpec {
        CATALOG
            .iter()
            .find(|s| s.id == self)
            .expect("every SourceId has a catalog entry")
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

/// How a source is connected, which decides what the panel asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// A sensor of the platform itself: the upload switch alone.
    Switch,
    /// A Microsoft tenant: the switch, then the admin consent flow.
    Consent,
    /// Credentials and confirmations typed into the panel.
    Credentials,
}

pub struct SourceSpec {
    pub id: SourceId,
    pub name: &'static str,
    pub data_target: &'static str,
    pub connection: Connection,
    /// Configuration steps, in order, in the product's words.
    pub steps: &'static [&'static str],
    /// Lists that belong under a step (Okta's roles, Qualys' permissions).
    pub notes: &'static [&'static str],
    pub important: &'static [&'static str],
    /// Sources whose upload needs this one's upload on.
    pub dependents: &'static [SourceId],
}

const UPLOAD_STEP: &str = "Turn on Data upload permission.";
const VULNERABILITY_NOTE: &str = "Trend Micro Vision One Endpoint Sensor acts as the data source for vulnerability detection if you do not configure the Qualys data source.";
const IDENTITY_IMPORTANT: &str = "Operations Dashboard and Zero Trust Secure Access both require the data upload permission to ensure certain features function properly. Turning off the data upload may prevent secure access policy enforcement and risk analysis.";

pub const CATALOG: [SourceSpec; 11] = [
    SourceSpec {
        id: SourceId::EndpointSensor,
        name: "Trend Micro Vision One Endpoint Sensor",
        data_target: "User, app, and web activities, and vulnerability assessment on monitored endpoints",
        connection: Connection::Switch,
        steps: &[UPLOAD_STEP],
        notes: &[VULNERABILITY_NOTE],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::ConnectedEndpointAgent,
        name: "Connected Endpoint Product Agent",
        data_target: "User, app, and web activities, and detected threats on monitored endpoints",
        connection: Connection::Switch,
        steps: &[UPLOAD_STEP],
        notes: &[],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::EmailSensor,
        name: "Email Sensor",
        data_target: "Email activities in Office 365 Exchange Online",
        connection: Connection::Switch,
        steps: &[UPLOAD_STEP],
        notes: &[],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::NetworkSensor,
        name: "Network Sensor",
        data_target: "Detected threats in monitored endpoint traffic",
        connection: Connection::Switch,
        steps: &[UPLOAD_STEP],
        notes: &[],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::WebSensor,
        name: "Web Sensor",
        data_target: "Web activity of managed users and devices",
        connection: Connection::Switch,
        steps: &[
            "Configure and enable the Internet Access Service using the Zero Trust Secure Access app. For details, see Internet Access Configuration.",
            UPLOAD_STEP,
        ],
        notes: &[],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::MobileSensor,
        name: "Mobile Sensor",
        data_target: "Cloud apps detected by monitored mobile devices and users",
        connection: Connection::Switch,
        steps: &[UPLOAD_STEP],
        notes: &[],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::AzureAd,
        name: "Azure AD",
        data_target: "Allows access to user information and activity data",
        connection: Connection::Consent,
        steps: &["Turn on Data upload permission and follow the onscreen instructions to enable the data connection."],
        notes: &[],
        important: &[IDENTITY_IMPORTANT],
        dependents: &[SourceId::Office365],
    },
    SourceSpec {
        id: SourceId::Okta,
        name: "Okta",
        data_target: "Allows access to user information and activity data",
        connection: Connection::Credentials,
        steps: &[
            "Before turning on Data upload permission, obtain the Okta URL domain and API token from your Okta environment.",
            "Turn on Data upload permission to grant Trend Micro permission to enable the data connection.",
        ],
        notes: &["Your Okta user account must have one of the following administrator privileges in Okta:"],
        important: &[IDENTITY_IMPORTANT],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::Office365,
        name: "Office 365",
        data_target: "Usage and activities on Office 365 apps including OneDrive and SharePoint",
        connection: Connection::Consent,
        steps: &[
            "Turn on Data upload permission and follow the onscreen instructions to enable the data connection.",
            "After connecting to Trend Micro Cloud App Security, turn on Threat detection upload permission to further analyze threats detected on monitored Office 365 apps.",
        ],
        notes: &["Office 365 integration also requires that you permit data upload from Azure AD."],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::Qualys,
        name: "Qualys",
        data_target: "Basic vulnerability data assessment on devices",
        connection: Connection::Credentials,
        steps: &["Turn on Data upload permission and provide a Qualys account with the following permissions:"],
        notes: &[
            "Qualys integration only provides CVE detection data and limited device information. For complete activity monitoring of exploit attempts and comprehensive device insights, do not enable Qualys. Install and enable Trend Micro Vision One Endpoint Sensor.",
            VULNERABILITY_NOTE,
        ],
        important: &[],
        dependents: &[],
    },
    SourceSpec {
        id: SourceId::Splunk,
        name: "Splunk - Network Firewall / Web Gateway Logs",
        data_target: "User activities on detected cloud apps",
        connection: Connection::Credentials,
        steps: &[
            "Before turning on Data upload permission, install the Trend Micro Risk Insights for Splunk app and provide the API token.",
            "Configure the necessary firewall exceptions based on your region:",
        ],
        notes: &[],
        important: &[],
        dependents: &[],
    },
];

/// The six Okta administrator privileges that allow the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OktaRole {
    ApiAccessManagementAdmin,
    MobileAdmin,
    ReadOnlyAdmin,
    AppAdmin,
    OrgAdmin,
    SuperAdmin,
}

impl OktaRole {
    pub const ALL: [OktaRole; 6] = [
        OktaRole::ApiAccessManagementAdmin,
        OktaRole::MobileAdmin,
        OktaRole::ReadOnlyAdmin,
        OktaRole::AppAdmin,
        OktaRole::OrgAdmin,
        OktaRole::SuperAdmin,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OktaRole::ApiAccessManagementAdmin => "API Access Management Admin",
            OktaRole::MobileAdmin => "Mobile Admin",
            OktaRole::ReadOnlyAdmin => "Read-Only Admin",
            OktaRole::AppAdmin => "App Admin",
            OktaRole::OrgAdmin => "Org Admin",
            OktaRole::SuperAdmin => "Super Admin",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            OktaRole::ApiAccessManagementAdmin => "apiAccessManagementAdmin",
            OktaRole::MobileAdmin => "mobileAdmin",
            OktaRole::ReadOnlyAdmin => "readOnlyAdmin",
            OktaRole::AppAdmin => "appAdmin",
            OktaRole::OrgAdmin => "orgAdmin",
            OktaRole::SuperAdmin => "superAdmin",
        }
    }

    pub fn parse(s: &str) -> Option<OktaRole> {
        OktaRole::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// The four Qualys account permissions the connection needs, each confirmed by the admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QualysPermission {
    ReaderRole,
    ReadAsset,
    ApiAccess,
    AssetGroups,
}

impl QualysPermission {
    pub const ALL: [QualysPermission; 4] = [
        QualysPermission::ReaderRole,
        QualysPermission::ReadAsset,
        QualysPermission::ApiAccess,
        QualysPermission::AssetGroups,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QualysPermission::ReaderRole => "Role: Reader",
            QualysPermission::ReadAsset => "Asset Management Permissions: Read Asset",
            QualysPermission::ApiAccess => "Allow access: API",
            QualysPermission::AssetGroups => "Asset Groups (assigned to)",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            QualysPermission::ReaderRole => "readerRole",
            QualysPermission::ReadAsset => "readAsset",
            QualysPermission::ApiAccess => "apiAccess",
            QualysPermission::AssetGroups => "assetGroups",
        }
    }

    pub fn parse(s: &str) -> Option<QualysPermission> {
        QualysPermission::ALL.into_iter().find(|p| p.key() == s)
    }
}

/// The console's data region; it decides the ingestor host that Splunk must reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Anz,
    Eu,
    In,
    Jp,
    Sg,
    Us,
}

impl Region {
    pub const ALL: [Region; 6] = [Region::Anz, Region::Eu, Region::In, Region::Jp, Region::Sg, Region::Us];

    pub fn label(self) -> &'static str {
        match self {
            Region::Anz => "Australia",
            Region::Eu => "Europe",
            Region::In => "India",
            Region::Jp => "Japan",
            Region::Sg => "Singapore",
            Region::Us => "United States",
        }
    }

    pub fn ingestor_host(self) -> &'static str {
        match self {
            Region::Anz => "ingestor-anz.xdr.trendmicro.com",
            Region::Eu => "ingestor-eu.xdr.trendmicro.com",
            Region::In => "ingestor-in.xdr.trendmicro.com",
            Region::Jp => "ingestor-jp.xdr.trendmicro.com",
            Region::Sg => "ingestor-sg.xdr.trendmicro.com",
            Region::Us => "ingestor-us.xdr.trendmicro.com",
        }
    }

    /// The code used in the API and in the ingestor host name.
    pub fn code(self) -> &'static str {
        match self {
            Region::Anz => "anz",
            Region::Eu => "eu",
            Region::In => "in",
            Region::Jp => "jp",
            Region::Sg => "sg",
            Region::Us => "us",
        }
    }

    pub fn parse(s: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// Sources whose upload needs `id`'s upload on (Office 365 under Azure AD).
pub fn dependents(id: SourceId) -> &'static [SourceId] {
    id.spec().dependents
}

/// The source a dependent needs, if any.
pub fn requirement_of(id: SourceId) -> Option<SourceId> {
    CATALOG.iter().find(|s| s.dependents.contains(&id)).map(|s| s.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips_and_has_one_entry() {
        for id in SourceId::ALL {
            assert_eq!(SourceId::parse(id.as_str()), Some(id));
            assert_eq!(CATALOG.iter().filter(|s| s.id == id).count(), 1);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
        }
        assert_eq!(SourceId::parse("nope"), None);
    }

    #[test]
    fn regions_parse_from_their_ingestor_code() {
        for r in Region::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
            assert_eq!(Region::parse(r.code()), Some(r));
            assert_eq!(r.ingestor_host(), format!("ingestor-{}.xdr.trendmicro.com", r.code()));
        }
        assert_eq!(Region::parse("xdr"), None);
        assert_eq!(Region::Us.ingestor_host(), "ingestor-us.xdr.trendmicro.com");
    }

    #[test]
    fn office_365_depends_on_azure_ad_only() {
        assert_eq!(dependents(SourceId::AzureAd), &[SourceId::Office365]);
        assert_eq!(requirement_of(SourceId::Office365), Some(SourceId::AzureAd));
        assert_eq!(requirement_of(SourceId::Okta), None);
    }

    #[test]
    fn identity_sources_carry_the_important_callout() {
        for id in [SourceId::AzureAd, SourceId::Okta] {
            assert!(id.spec().important[0].starts_with("Operations Dashboard and Zero Trust Secure Access"));
        }
    }

    #[test]
    fn roles_and_permissions_round_trip() {
        for r in OktaRole::ALL {
            assert_eq!(OktaRole::parse(r.key()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.key());
        }
        for p in QualysPermission::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), p.key());
            assert_eq!(QualysPermission::parse(p.key()), Some(p));
        }
        for id in SourceId::ALL {
            assert_eq!(serde_json::to_value(id).unwrap(), id.as_str());
        }
    }
}
