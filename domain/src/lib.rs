//! Pure data and logic shared by the panel (compiled to wasm) and the reference server
//! (compiled natively): the definition format of a source type, the catalog, the REST
//! types, the closed set of validators and the rule engine that reads definitions. No I/O
//! lives here, so both sides enforce exactly the same checks.

pub mod api;
pub mod catalog;
pub mod definition;
pub mod factors;
pub mod if_match;
pub mod region;
pub mod rules;
pub mod settings;
pub mod small_map;
pub mod text;
pub mod time;
pub mod validators;

#[cfg(test)]
mod testkit;

pub use catalog::Catalog;
pub use definition::Definition;
pub use region::Region;
pub use settings::{SettingValue, Settings};
pub use text::{Bundle, Text};
