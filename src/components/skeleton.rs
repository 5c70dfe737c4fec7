use yew::prelude::*;

use crate::words::Words;

/// Placeholder cards while the catalog and the list load.
pub fn skeleton(w: &Words) -> Html {
    html! {
        <div class="rds-skeleton">
            <p role="status" class="rds-loading">{w.t("panel.loading")}</p>
            <ul class="rds-skeleton__list" aria-hidden="true">
                { for (0..6).map(|_| html! {
                    <li class="rds-skeleton__card">
                        <span class="rds-skeleton__line rds-skeleton__line--title"></span>
                        <span class="rds-skeleton__line"></span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
