//! Keeps non-secret drafts in sessionStorage, so a reload loses nothing the user typed.
//! Only [`Settings`] are written: the type holds no secret, so no secret can leak here.

use rds_domain::small_map::SmallMap;
use rds_domain::Settings;

use crate::api::{from_json, to_json};

const KEY: &str = "rds-panel.drafts.v2";
/// The previous release's key. Its drafts have this layout too (settings by connection id,
/// keyed by the same field names), so they are read once and moved here.
const PREVIOUS_KEY: &str = "rds-panel.drafts.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Drafts by connection id. Drafts that do not read back are dropped, not fatal; the
/// panel drops those that no longer fit the definitions once they are loaded.
pub fn load() -> SmallMap<String, Settings> {
    let Some(s) = storage() else { return SmallMap::new() };
    let previous = s.get_item(PREVIOUS_KEY).ok().flatten();
    if previous.is_some() {
        let _ = s.remove_item(PREVIOUS_KEY);
    }
    let Some(text) = s.get_item(KEY).ok().flatten().or(previous) else { return SmallMap::new() };
    from_json(&text.into()).unwrap_or_default()
}

pub fn save(drafts: &SmallMap<String, Settings>) {
    let Some(s) = storage() else { return };
    if drafts.is_empty() {
        let _ = s.remove_item(KEY);
    } else {
        let _ = s.set_item(KEY, &to_json(drafts));
    }
}
