//! Which connections feed each risk factor of the Risk Index, and whether they deliver data
//! now. The feeds are the definitions' `feeds`; the factors are the console's closed set.

use crate::api::{DataSource, SourceList};
use crate::catalog::Catalog;
use crate::definition::{Definition, Factor, Feed};
use crate::rules::provider;

/// One connection feeding a factor.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedState<'a> {
    pub source: &'a DataSource,
    pub definition: &'a Definition,
    /// Whether the feed delivers data in the console as it is.
    pub on: bool,
}

fn is_on(feed: &Feed, source: &DataSource, catalog: &Catalog, list: &SourceList) -> bool {
    source.upload_enabled
        && feed.switch.as_deref().is_none_or(|k| source.switch_on(k))
        && feed.capability.is_none_or(|c| provider(c, catalog, list).is_some_and(|p| p.id == source.id))
}

/// The connections that feed `factor`, in the list's order.
pub fn feeds<'a>(factor: Factor, catalog: &'a Catalog, list: &'a SourceList) -> Vec<FeedState<'a>> {
    list.sources
        .iter()
        .filter_map(|source| {
            let definition = catalog.get(&source.source_type)?;
            let feed = definition.feeds.iter().find(|f| f.factor == factor)?;
            Some(FeedState { source, definition, on: is_on(feed, source, catalog, list) })
        })
        .collect()
}

/// Whether connection `id` feeds `factor`.
pub fn feeds_from(factor: Factor, id: &str, catalog: &Catalog, list: &SourceList) -> bool {
    list.get(id)
        .and_then(|s| catalog.get(&s.source_type))
        .is_some_and(|d| d.feeds.iter().any(|f| f.factor == factor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::Fixture;

    fn on(f: &Fixture, factor: Factor) -> Vec<(&str, bool)> {
        feeds(factor, &f.catalog, &f.list).into_iter().map(|s| (s.source.id.as_str(), s.on)).collect()
    }

    #[test]
    fn every_factor_is_fed_and_every_source_feeds_one() {
        let f = Fixture::new();
        for factor in Factor::ALL {
            assert!(!feeds(factor, &f.catalog, &f.list).is_empty(), "{factor:?}");
            assert_eq!(Factor::parse(factor.key()), Some(factor));
            assert_eq!(serde_json::to_value(factor).unwrap(), factor.key());
        }
        assert_eq!(Factor::parse("nope"), None);
        for s in &f.list.sources {
            assert!(Factor::ALL.iter().any(|x| feeds_from(*x, &s.id, &f.catalog, &f.list)), "{}", s.id);
        }
        assert!(!feeds_from(Factor::Vulnerabilities, "okta", &f.catalog, &f.list));
        assert!(!feeds_from(Factor::Vulnerabilities, "nope", &f.catalog, &f.list));
        let ids: Vec<&str> = on(&f, Factor::AccountCompromise).into_iter().map(|x| x.0).collect();
        assert_eq!(ids, ["endpoint-sensor", "connected-endpoint-agent", "email-sensor", "azure-ad", "okta"]);
    }

    #[test]
    fn vulnerabilities_count_only_the_active_provider() {
        let mut f = Fixture::new();
        f.source_mut("endpoint-sensor").upload_enabled = true;
        assert_eq!(on(&f, Factor::Vulnerabilities), [("endpoint-sensor", true), ("qualys", false)]);
        f.source_mut("qualys").upload_enabled = true;
        assert_eq!(on(&f, Factor::Vulnerabilities), [("endpoint-sensor", false), ("qualys", true)]);
    }

    #[test]
    fn office_365_feeds_threat_detections_only_through_its_second_switch() {
        let mut f = Fixture::new();
        f.source_mut("office-365").upload_enabled = true;
        assert!(on(&f, Factor::ThreatDetections).contains(&("office-365", false)));
        assert!(on(&f, Factor::CloudAppActivity).contains(&("office-365", true)));
        f.source_mut("office-365").switches.insert("threatDetectionUpload".into(), true);
        assert!(on(&f, Factor::ThreatDetections).contains(&("office-365", true)));
        f.source_mut("office-365").upload_enabled = false;
        assert!(on(&f, Factor::ThreatDetections).contains(&("office-365", false)), "the switch alone delivers nothing");
    }

    #[test]
    fn each_connection_of_a_type_feeds_and_counts_on_its_own() {
        let mut f = Fixture::new();
        let mut second = f.list.get("okta").unwrap().clone();
        second.id = "okta-2".into();
        second.upload_enabled = true;
        f.list.sources.push(second);
        let okta: Vec<(&str, bool)> = on(&f, Factor::AccountCompromise).into_iter().filter(|(id, _)| id.starts_with("okta")).collect();
        assert_eq!(okta, [("okta", false), ("okta-2", true)], "two orgs, one of them on");
        assert!(feeds_from(Factor::AnomalyDetection, "okta-2", &f.catalog, &f.list));
    }
}
