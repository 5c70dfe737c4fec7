use rds_domain::api::SourceList;
use rds_domain::Catalog;
use yew::prelude::*;

use super::para;

use crate::words::Words;

/// Which connection provides each capability of the console now (the vulnerability
/// detection source), in the words of its definition.
pub fn capabilities(w: &Words, catalog: &Catalog, list: &SourceList) -> Html {
    let mut sections = Vec::new();
    for (cap, id) in &list.world.capabilities {
        let provider = list.get(id).and_then(|s| catalog.get(&s.source_type));
        let Some(provision) = provider.and_then(|d| d.provides.iter().find(|p| p.capability == *cap)) else { continue };
        let title_id = format!("rds-capability-{}", cap.key());
        sections.push(html! {
            <section class="rds-vuln" aria-labelledby={title_id.clone()}>
                <h2 id={title_id} class="rds-vuln__title">{w.node(&format!("capability.{}", cap.key()))}</h2>
                { para("rds-vuln__value", provision.summary.get(&w.locale).to_string()) }
                if let Some(note) = &provision.note {
                    <p class="rds-note"><strong>{w.node("source.note")}</strong>{note.get(&w.locale).to_string()}</p>
                }
            </section>
        });
    }
    sections.into_iter().collect()
}
