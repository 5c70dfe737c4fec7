//! Keeps non-secret drafts in sessionStorage, so a reload loses nothing the user typed.
//! Only [`Settings`] are written: the type holds no secret, so no secret can leak here.

use rds_domain::small_map::SmallMap;
use rds_domain::Settings;

use crate::api::{from_json, to_json};

const KEY: &str = "rds-panel.drafts.v2";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Drafts by connection id. An entry that does not read back (an older layout, say) is
/// dropped, not fatal.
pub fn load() -> SmallMap<String, Settings> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else { return SmallMap::new() };
    from_json(&text).unwrap_or_default()
}

pub fn save(drafts: &SmallMap<String, Settings>) {
    let Some(s) = storage() else { return };
    if drafts.is_empty() {
        let _ = s.remove_item(KEY);
    } else {
        let _ = s.set_item(KEY, &to_json(drafts));
    }
}
