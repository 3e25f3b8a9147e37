//! The start screen's status messages, shown in polite live regions.

use leptos::prelude::*;

/// A message in one of the start screen's live regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            is_error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            is_error: true,
        }
    }
}

/// A status line in a polite live region (always in the DOM, so changes are announced).
#[component]
pub fn StatusLine(id: &'static str, status: RwSignal<Option<Status>>) -> impl IntoView {
    view! {
        <p
            id=id
            class="status"
            class:is-error=move || status.with(|s| s.as_ref().is_some_and(|s| s.is_error))
            role="status"
            aria-live="polite"
        >
            {move || status.get().map(|s| s.text)}
        </p>
    }
}
