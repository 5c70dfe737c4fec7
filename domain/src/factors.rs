//! The risk factors of the Risk Index and the sources that feed each one.

use crate::api::SourceList;
use crate::catalog::SourceId;
use crate::rules::vulnerability_source;

/// How a source contributes to a factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feed {
    /// Through its data upload permission.
    Upload(SourceId),
    /// Through Office 365's threat-detection upload permission.
    ThreatDetection(SourceId),
    /// As the vulnerability source, which is Qualys when on, otherwise the Endpoint Sensor.
    Vulnerability(SourceId),
}

impl Feed {
    pub fn source(self) -> SourceId {
        match self {
            Feed::Upload(id) | Feed::ThreatDetection(id) | Feed::Vulnerability(id) => id,
        }
    }

    /// Whether this feed delivers data in the console as it is.
    pub fn is_on(self, list: &SourceList) -> bool {
        match self {
            Feed::Upload(id) => list.upload_enabled(id),
            Feed::ThreatDetection(id) => list.get(id).is_some_and(|s| s.upload_enabled && s.threat_detection_upload == Some(true)),
            Feed::Vulnerability(id) => list.upload_enabled(id) && vulnerability_source(list) == id,
        }
    }
}

pub struct Factor {
    pub id: &'static str,
    pub name: &'static str,
    pub feeds: &'static [Feed],
}

use Feed::{ThreatDetection, Upload, Vulnerability};
use SourceId::*;

pub const FACTORS: [Factor; 7] = [
    Factor {
        id: "account-compromise",
        name: "Account compromise",
        feeds: &[Upload(AzureAd), Upload(Okta), Upload(EmailSensor), Upload(EndpointSensor), Upload(ConnectedEndpointAgent)],
    },
    Factor { id: "vulnerabilities", name: "Vulnerabilities", feeds: &[Vulnerability(EndpointSensor), Vulnerability(Qualys)] },
    Factor {
        id: "activity-behaviors",
        name: "Activity and behaviors",
        feeds: &[
            Upload(EndpointSensor),
            Upload(ConnectedEndpointAgent),
            Upload(EmailSensor),
            Upload(WebSensor),
            Upload(AzureAd),
            Upload(Okta),
            Upload(Office365),
            Upload(Splunk),
        ],
    },
    Factor {
        id: "cloud-app-activity",
        name: "Cloud app activity",
        feeds: &[Upload(WebSensor), Upload(MobileSensor), Upload(Splunk), Upload(Office365)],
    },
    Factor {
        id: "threat-detections",
        name: "Threat detections",
        feeds: &[Upload(ConnectedEndpointAgent), Upload(EmailSensor), Upload(NetworkSensor), ThreatDetection(Office365)],
    },
    Factor { id: "xdr-detections", name: "XDR detections", feeds: &[Upload(EndpointSensor), Upload(EmailSensor), Upload(NetworkSensor)] },
    Factor { id: "anomaly-detection", name: "Anomaly detection", feeds: &[Upload(AzureAd), Upload(Okta), Upload(EndpointSensor)] },
];

pub fn factor(id: &str) -> Option<&'static Factor> {
    FACTORS.iter().find(|f| f.id == id)
}

impl Factor {
    pub fn sources(&self) -> impl Iterator<Item = SourceId> + '_ {
        self.feeds.iter().map(|f| f.source())
    }

    /// How many of this factor's feeds deliver data now.
    pub fn feeds_on(&self, list: &SourceList) -> usize {
        self.feeds.iter().filter(|f| f.is_on(list)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::list;

    fn switch(list: &mut SourceList, id: SourceId, on: bool) {
        list.sources.iter_mut().find(|s| s.id == id).unwrap().upload_enabled = on;
    }

    #[test]
    fn every_source_feeds_some_factor() {
        for id in SourceId::ALL {
            assert!(FACTORS.iter().any(|f| f.sources().any(|s| s == id)), "{id:?}");
        }
        assert_eq!(factor("vulnerabilities").unwrap().name, "Vulnerabilities");
        assert!(factor("nope").is_none());
    }

    #[test]
    fn vulnerabilities_count_only_the_active_vulnerability_source() {
        let mut l = list();
        let f = factor("vulnerabilities").unwrap();
        switch(&mut l, EndpointSensor, true);
        assert_eq!(f.feeds_on(&l), 1);
        assert!(Vulnerability(EndpointSensor).is_on(&l));
        switch(&mut l, Qualys, true);
        assert_eq!(f.feeds_on(&l), 1);
        assert!(Vulnerability(Qualys).is_on(&l));
        assert!(!Vulnerability(EndpointSensor).is_on(&l));
    }

    #[test]
    fn office_365_feeds_threat_detections_only_through_its_second_switch() {
        let mut l = list();
        let f = factor("threat-detections").unwrap();
        switch(&mut l, Office365, true);
        assert_eq!(f.feeds_on(&l), 0);
        l.sources.iter_mut().find(|s| s.id == Office365).unwrap().threat_detection_upload = Some(true);
        assert_eq!(f.feeds_on(&l), 1);
    }
}
