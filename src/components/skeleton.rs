use yew::prelude::*;

/// Placeholder cards while the first list loads.
pub fn skeleton() -> Html {
    html! {
        <div class="rds-skeleton">
            <p role="status" class="rds-loading">{"Loading data sources…"}</p>
            <ul class="rds-skeleton__list" aria-hidden="true">
                { for (0..rds_domain::SourceId::ALL.len()).map(|_| html! {
                    <li class="rds-skeleton__card">
                        <span class="rds-skeleton__line rds-skeleton__line--title"></span>
                        <span class="rds-skeleton__line"></span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
