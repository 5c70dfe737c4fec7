use yew::prelude::*;

use super::para;

use crate::api_error::ApiError;
use crate::words::Words;

/// The one place errors from the backend are rendered; `on_retry` repeats the failed request.
pub fn error_notice(w: &Words, title: String, error: &ApiError, retry: Option<Callback<MouseEvent>>) -> Html {
    html! {
        <div class="rds-error" role="alert">
            { para("rds-error__title", title) }
            { para("rds-error__detail", error.message(w)) }
            if let Some(onclick) = retry {
                <button type="button" class="rds-button rds-button--secondary" {onclick}>{w.t("action.retry")}</button>
            }
        </div>
    }
}
