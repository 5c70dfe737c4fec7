//! Keeps non-secret drafts in sessionStorage, so a reload loses nothing the user typed.
//! Only [`Settings`] are written: the type has no secret field, so no secret can leak here.

use rds_domain::small_map::SmallMap;

use rds_domain::api::Settings;
use rds_domain::SourceId;

use crate::wire;

const KEY: &str = "rds-panel.drafts.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn load() -> SmallMap<SourceId, Settings> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else { return SmallMap::new() };
    // An entry that does not read back (an older layout, say) is dropped, not fatal.
    let Some(all) = wire::parse(&text) else { return SmallMap::new() };
    SourceId::ALL
        .into_iter()
        .filter_map(|id| {
            let entry = wire::get(&all, id.as_str());
            if entry.is_undefined() {
                return None;
            }
            wire::settings(&entry).ok().map(|s| (id, s))
        })
        .collect()
}

pub fn save(drafts: &SmallMap<SourceId, Settings>) {
    let Some(s) = storage() else { return };
    if drafts.is_empty() {
        let _ = s.remove_item(KEY);
        return;
    }
    let all = js_sys::Object::new();
    for (id, settings) in drafts {
        wire::set(&all, id.as_str(), wire::settings_value(settings));
    }
    let _ = s.set_item(KEY, &wire::stringify(&all));
}
