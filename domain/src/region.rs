//! The console's data region, which decides region-dependent hosts (Splunk's ingestor).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

    /// The code used in the API, in definitions and in the words' keys (`region.jp`).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serde_names_and_parse_back() {
        for r in Region::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
            assert_eq!(Region::parse(r.code()), Some(r));
        }
        assert_eq!(Region::parse("xdr"), None);
    }
}
