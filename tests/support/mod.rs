//! What the browser tests share: the repository's definitions and words, as the server
//! embeds and serves them.

#![allow(dead_code)]

use rds_domain::{Bundle, Catalog, Definition};
use rds_panel::words::Words;

/// The eleven built-in definitions.
pub const BUILT_IN: [&str; 11] = [
    include_str!("../../catalog/endpoint-sensor.json"),
    include_str!("../../catalog/connected-endpoint-agent.json"),
    include_str!("../../catalog/email-sensor.json"),
    include_str!("../../catalog/network-sensor.json"),
    include_str!("../../catalog/web-sensor.json"),
    include_str!("../../catalog/mobile-sensor.json"),
    include_str!("../../catalog/azure-ad.json"),
    include_str!("../../catalog/okta.json"),
    include_str!("../../catalog/office-365.json"),
    include_str!("../../catalog/qualys.json"),
    include_str!("../../catalog/splunk.json"),
];

/// The 12th source of the README's example.
pub const EXAMPLE: &str = include_str!("../../examples/catalog/google-cloud-identity.json");

pub fn parse(texts: &[&str]) -> Vec<Definition> {
    texts.iter().map(|t| serde_json::from_str(t).unwrap()).collect()
}

pub fn catalog() -> Catalog {
    Catalog::trusted(parse(&BUILT_IN))
}

pub fn words() -> Words {
    let bundle: Bundle = serde_json::from_str(include_str!("../../locales/en.json")).unwrap();
    Words::new("en", bundle)
}
