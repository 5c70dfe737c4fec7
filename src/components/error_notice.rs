use yew::prelude::*;

use crate::api_error::ApiError;

#[derive(Properties, PartialEq)]
pub struct ErrorNoticeProps {
    pub title: AttrValue,
    pub error: ApiError,
    /// Repeats the failed request.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

/// The one place errors from the backend are rendered.
#[function_component]
pub fn ErrorNotice(props: &ErrorNoticeProps) -> Html {
    let retry = props.on_retry.clone().map(|cb| Callback::from(move |_: MouseEvent| cb.emit(())));
    html! {
        <div class="rds-error" role="alert">
            <p class="rds-error__title">{props.title.clone()}</p>
            <p class="rds-error__detail">{props.error.message()}</p>
            if let Some(onclick) = retry {
                <button type="button" class="rds-button rds-button--secondary" {onclick}>{"Retry"}</button>
            }
        </div>
    }
}
