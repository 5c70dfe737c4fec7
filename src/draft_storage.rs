//! Keeps non-secret drafts in sessionStorage, so a reload loses nothing the user typed.
//! Only [`Settings`] are written: the type has no secret field, so no secret can leak here.

use rds_domain::small_map::SmallMap;

use rds_domain::api::Settings;
use rds_domain::SourceId;
use serde::Serialize;

const KEY: &str = "rds-panel.drafts.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn load() -> SmallMap<SourceId, Settings> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else { return SmallMap::new() };
    js_sys::JSON::parse(&text)
        .ok()
        .and_then(|js| serde_wasm_bindgen::from_value(js).ok())
        .unwrap_or_default()
}

pub fn save(drafts: &SmallMap<SourceId, Settings>) {
    let Some(s) = storage() else { return };
    if drafts.is_empty() {
        let _ = s.remove_item(KEY);
        return;
    }
    let Ok(js) = drafts.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) else { return };
    if let Ok(text) = js_sys::JSON::stringify(&js) {
        let _ = s.set_item(KEY, &String::from(text));
    }
}
