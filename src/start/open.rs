//! "Open template…": file picker, drop zone and pasted text.

use leptos::prelude::*;

use super::controller::Start;
use crate::browser;
use crate::ids;
use crate::start::status::StatusLine;
use report_engine::library;

/// "Open template…": file picker, drop zone and pasted text.
#[component]
pub(super) fn OpenTemplate() -> impl IntoView {
    let start = expect_context::<Start>();
    let dragging = start.dragging;
    let accept = format!(
        "{},{}",
        library::EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(","),
        "text/markdown,text/plain"
    );
    view! {
        <section class="open-template" aria-labelledby="open-heading">
            <h2 id="open-heading">"Open template…"</h2>
            <div class="drop-zone" class:is-active=dragging>
                <p class="drop-hint" id="drop-hint">
                    "Drop a Markdown or text file (.md, .txt) anywhere on this page, or"
                </p>
                <input
                    id=ids::TEMPLATE_FILE
                    class="file-input"
                    type="file"
                    accept=accept
                    aria-describedby="drop-hint"
                    on:change=move |ev| start.open_files(browser::take_input_files(&ev), ids::TEMPLATE_FILE)
                />
                <label for=ids::TEMPLATE_FILE class="button button-primary file-button">
                    "Choose a file…"
                </label>
            </div>
            <div class="paste">
                <label for="template-paste" class="paste-label">"Paste a template"</label>
                <textarea
                    id="template-paste"
                    class="paste-text"
                    rows="6"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="# Weekly ops report\nOwner: {{OWNER}}"
                    prop:value=move || start.paste.get()
                    on:input=move |ev| start.paste.set(event_target_value(&ev))
                ></textarea>
                <button
                    id=ids::OPEN_PASTED
                    type="button"
                    class="button"
                    on:click=move |_| start.open_pasted()
                >
                    "Open pasted template"
                </button>
            </div>
            <StatusLine id="open-status" status=start.open_status/>
        </section>
    }
}
