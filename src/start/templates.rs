//! The built-in templates with their names and field counts.

use leptos::prelude::*;
use report_engine::Template;

use crate::catalog::{catalog, count_parts, Entry, NO_FIELDS, SEPARATOR};
use crate::AppState;
use report_engine::Stats;

/// The start screen's list of built-in templates with their names and field counts.
#[component]
pub fn TemplateList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open =
        move |entry: &'static Entry| state.open(entry.id.to_string(), entry.template.clone());
    let items = catalog()
        .iter()
        .map(|entry| {
            let template: &'static Template = &entry.template;
            view! {
                <li class="template" data-template-id=entry.id>
                    <h3 class="template-title">
                        <button class="button button-plain template-open" type="button" on:click=move |_| open(entry)>
                            {template.title()}
                        </button>
                    </h3>
                    <p class="template-counts">
                        <Counts stats=template.stats()/>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="templates" aria-labelledby="templates-heading">
            <h2 id="templates-heading">"Built-in templates"</h2>
            <ul class="template-list" role="list" aria-label="Built-in templates">
                {items}
            </ul>
        </section>
    }
}
/// The counts line; each count is kept on one line when the text wraps. Its text content
/// equals [`counts_text`].
#[component]
pub(super) fn Counts(stats: Stats) -> impl IntoView {
    let parts = count_parts(&stats);
    if parts.is_empty() {
        return NO_FIELDS.into_any();
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            view! {
                {(i > 0).then_some(SEPARATOR)}
                <span class="count">{part}</span>
            }
        })
        .collect_view()
        .into_any()
}
