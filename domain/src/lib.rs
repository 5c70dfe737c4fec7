//! Pure data and logic shared by the panel (compiled to wasm) and the reference server
//! (compiled natively): the source catalog, the risk factors, the REST types and every
//! prerequisite rule. No I/O lives here, so both sides enforce exactly the same checks.

pub mod api;
pub mod catalog;
pub mod factors;
pub mod hosts;
pub mod rules;
pub mod small_map;

pub use api::*;
pub use catalog::{Region, SourceId, SourceSpec};
pub use rules::{Problem, Severity};
