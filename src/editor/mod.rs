//! The editor: a typed form, a live safe preview, validation and export for one template.

use std::sync::Arc;

use leptos::prelude::*;

use crate::Doc;

#[component]
pub fn Editor(doc: Arc<Doc>) -> impl IntoView {
    view! { <main class="editor"><h1>{doc.template.title().to_string()}</h1></main> }
}
