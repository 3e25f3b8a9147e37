//! "Your templates": the library, each with Open and Remove; Undo for the last removal.

use leptos::prelude::*;

use super::controller::Start;
use super::templates::Counts;
use crate::browser;
use crate::ids;
use crate::start::status::StatusLine;
use crate::store::library::Mode;
use crate::text::plural;
use report_engine::library::{Library, StoredTemplate};

#[component]
pub(super) fn YourTemplates() -> impl IntoView {
    let start = expect_context::<Start>();
    let entries = move || start.library.with(|l| l.templates().to_vec());
    // The invitation only makes sense when templates can be kept.
    let is_empty =
        move || start.library.with(Library::is_empty) && start.mode.get() == Mode::Writable;
    view! {
        <section class="templates" aria-labelledby="library-heading">
            <h2 id="library-heading">"Your templates"</h2>
            <div class="status-row">
                <StatusLine id="library-status" status=start.library_status/>
                {move || start.last_removed.with(Option::is_some).then(|| view! {
                    <button
                        id=ids::UNDO_REMOVE
                        type="button"
                        class="button button-small"
                        on:click=move |_| start.undo()
                    >
                        "Undo"
                    </button>
                })}
            </div>
            <Show when=is_empty>
                <p class="empty-note">
                    "Templates you open are kept here, in this browser only."
                </p>
            </Show>
            <ul class="template-list" role="list" aria-label="Your templates">
                <For each=entries key=|t| t.hash.clone() let:entry>
                    <LibraryItem entry/>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn LibraryItem(entry: StoredTemplate) -> impl IntoView {
    let start = expect_context::<Start>();
    let template = report_engine::parse(&entry.source);
    let problems = template.diagnostics().len();
    let StoredTemplate {
        hash,
        name,
        added_ms,
        ..
    } = entry;
    let (open_hash, remove_hash) = (hash.clone(), hash.clone());
    view! {
        <li class="template library-item" data-hash=hash.clone()>
            <div class="library-item-text">
                <h3 class="template-title">{name.clone()}</h3>
                <p class="template-counts">
                    <Counts stats=template.stats()/>
                </p>
                <p class="template-meta">
                    "Added " {browser::local_date_time(added_ms)}
                    {(problems > 0).then(|| view! {
                        " · " <span class="problem-note">{plural(problems, "problem")}</span>
                    })}
                </p>
            </div>
            <div class="library-item-actions">
                <button
                    id=ids::library_open(&hash)
                    type="button"
                    class="button"
                    aria-label=format!("Open {name}")
                    on:click=move |_| start.open_saved(&open_hash)
                >
                    "Open"
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    aria-label=format!("Remove {name}")
                    on:click=move |_| start.remove(&remove_hash)
                >
                    "Remove"
                </button>
            </div>
        </li>
    }
}
