//! The start screen: Your drafts, the built-in templates, Your templates (the local
//! library) and "Open template…"; a shared draft arriving by link or file is offered on
//! top. `Start` is the screen's controller (plain methods over signals); each part is a
//! component in its own file.

mod controller;
mod diagnostics;
mod drafts;
mod library;
mod open;
mod places;
mod status;
mod templates;

use leptos::prelude::*;

use crate::{browser, ids, AppState};
use controller::Start;
use diagnostics::DiagnosticsPanel;
use places::PlacesPanel;

/// The start screen: Your drafts, the built-in templates, Your templates and "Open
/// template…" (file picker, a file dropped anywhere on the screen, or pasted text). A
/// custom template with parse diagnostics is shown with them first and opens on "Open
/// anyway"; one read through implicit places (it has no placeholders) first lists the
/// places found, and opens on "Open form" in its explicit form with the places kept.
#[component]
pub fn StartScreen() -> impl IntoView {
    let mut start = Start::new(expect_context::<AppState>());
    browser::ensure_app_notice();
    // Dropping a file anywhere on the screen opens it; the browser must not navigate to it.
    start.dragging =
        browser::hooks::use_file_drop(move |files| start.open_files(files, ids::TEMPLATE_FILE));
    provide_context(start);
    view! {
        <main class="page start" id="main" class:is-dragging=start.dragging>
            <header class="page-header">
                <h1>"Report editor"</h1>
                <p class="lede">
                    "Fill structured Markdown reports. Templates and reports stay in this browser."
                </p>
            </header>
            <crate::handoff::IncomingPanel/>
            {move || start.pending.get().map(|pending| {
                if pending.template.places().is_empty() {
                    view! { <DiagnosticsPanel pending/> }.into_any()
                } else {
                    view! { <PlacesPanel pending/> }.into_any()
                }
            })}
            <div class="start-grid">
                <div class="start-lists">
                    <drafts::DraftList/>
                    <templates::TemplateList/>
                    <library::YourTemplates/>
                </div>
                <open::OpenTemplate/>
            </div>
            <div class="drop-overlay" aria-hidden="true">
                <p class="drop-overlay-text">"Drop the template file to open it"</p>
            </div>
        </main>
    }
}
