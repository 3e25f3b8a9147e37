//! The editor: a typed form, a live safe preview, validation and export for one template.

mod fields;
pub mod grid;
mod panels;
mod preview;
pub mod state;

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::{render, Unfilled};
use web_sys::FocusEvent;

use crate::{browser, AppState, Doc};
use fields::FieldRow;
use panels::{Outline, Problems};
use preview::Preview;
pub use state::EditorState;

/// CSS of the rendered report, shared by the preview and the standalone HTML export.
pub const REPORT_CSS: &str = include_str!("../../style/report.css");

/// Which pane a narrow screen shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pane {
    Form,
    Preview,
}

#[component]
pub fn Editor(doc: Arc<Doc>) -> impl IntoView {
    let st = EditorState::new(doc);
    provide_context(st.clone());
    let app = expect_context::<AppState>();
    let pane = RwSignal::new(Pane::Form);
    // A file dropped on the editor must not make the browser navigate away from the draft.
    let guards = [
        window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default()),
        window_event_listener(leptos::ev::drop, |ev| ev.prevent_default()),
    ];
    on_cleanup(move || guards.into_iter().for_each(|g| g.remove()));
    let notice = RwSignal::new(String::new());

    let title = st.template().title().to_string();
    let total = st.template().fields().len();
    let progress = st.progress.clone();
    let filled = move || progress.iter().map(|p| p.get().0).sum::<usize>();
    let problem_count = st.problems;
    let has_problems = move || problem_count.with(|p| !p.is_empty());

    let export = {
        let st = st.clone();
        move |what: Export| {
            let t = st.template();
            // The finished report drops empty optional placeholders; a draft (or an
            // export made while problems remain) keeps every unfilled placeholder.
            let mode = if what != Export::Draft && st.problems.with_untracked(Vec::is_empty) {
                Unfilled::Drop
            } else {
                Unfilled::Keep
            };
            let markdown = || report_engine::fill(t, &st.values(), mode);
            let base = browser::file_stem(t.title());
            let result = match what {
                Export::Report => {
                    browser::download(&format!("{base}.md"), "text/markdown", &markdown())
                }
                Export::Draft => {
                    browser::download(&format!("{base}-draft.md"), "text/markdown", &markdown())
                }
                Export::Html => {
                    let html = render::standalone_html(
                        t.title(),
                        &render::to_html(&markdown()),
                        REPORT_CSS,
                    );
                    browser::download(&format!("{base}.html"), "text/html", &html)
                }
                Export::Copy => {
                    browser::copy_text(markdown(), notice);
                    Ok(())
                }
                Export::Print => browser::print(),
            };
            match result {
                Ok(()) if what != Export::Copy && what != Export::Print => {
                    notice.set("Downloaded.".into())
                }
                Ok(()) => {}
                Err(e) => notice.set(format!("Could not export: {e}")),
            }
        }
    };
    let export_report = {
        let export = export.clone();
        let st = st.clone();
        move |_| {
            if st.problems.with_untracked(Vec::is_empty) {
                export(Export::Report);
            } else {
                // Like a failed submit: show every error and move focus to the summary.
                st.show_all_errors.set(true);
                notice.set("Fix the problems listed before downloading the report.".into());
                browser::focus_panel("problems");
            }
        }
    };
    let exporter = move |what: Export| {
        let export = export.clone();
        move |ev: web_sys::MouseEvent| {
            browser::close_menu(&ev);
            export(what)
        }
    };

    // Focusing a field scrolls the preview to the field's first use.
    let st_focus = st.clone();
    let on_focusin = move |ev: FocusEvent| {
        if let Some(i) = browser::closest_data_index(&ev, "[data-field-index]", "data-field-index")
        {
            let chunk = st_focus
                .template()
                .chunks()
                .iter()
                .position(|c| c.fields.contains(&i));
            browser::scroll_preview_to(i, chunk);
        }
    };

    let sections = st
        .template()
        .sections()
        .iter()
        .enumerate()
        .map(|(si, section)| {
            let ids: Vec<usize> =
                st.template().fields().iter().enumerate().filter(|(_, f)| f.section == si).map(|(i, _)| i).collect();
            (!ids.is_empty()).then(|| {
                let heading = if section.level <= 2 {
                    view! { <h2 class="section-title" id=format!("sec-{si}") tabindex="-1">{section.title.clone()}</h2> }.into_any()
                } else {
                    view! { <h3 class="section-title" id=format!("sec-{si}") tabindex="-1">{section.title.clone()}</h3> }.into_any()
                };
                view! {
                    <section class="form-section" aria-labelledby=format!("sec-{si}")>
                        {heading}
                        {ids.into_iter().map(|i| view! { <FieldRow index=i/> }).collect_view()}
                    </section>
                }
            })
        })
        .collect_view();

    view! {
        <div class="editor" class:show-preview=move || pane.get() == Pane::Preview>
            <a class="skip-link" href="#form">"Skip to the form"</a>
            <header class="toolbar">
                <button type="button" class="back" on:click=move |_| app.close()>"← Templates"</button>
                <h1 class="doc-title">{title}</h1>
                <p class="progress">
                    {move || format!("{} / {total} filled", filled())}
                </p>
                <button type="button" class="problem-count" class:ok=move || !has_problems()
                    on:click=move |_| browser::focus_panel("problems")>
                    {move || match problem_count.with(Vec::len) {
                        0 => "No problems".to_string(),
                        1 => "1 problem".to_string(),
                        n => format!("{n} problems"),
                    }}
                </button>
                <div class="actions">
                    <button type="button" class="primary" aria-disabled=move || has_problems().then_some("true")
                        on:click=export_report>
                        "Download report"
                    </button>
                    <details class="more">
                        <summary>"Export…"</summary>
                        <div class="menu">
                            <button type="button" on:click=exporter(Export::Draft)>"Download draft (.md)"</button>
                            <button type="button" on:click=exporter(Export::Html)>"Download HTML"</button>
                            <button type="button" on:click=exporter(Export::Print)>"Print"</button>
                            <button type="button" on:click=exporter(Export::Copy)>"Copy Markdown"</button>
                        </div>
                    </details>
                </div>
                <p class="notice" role="status">{move || notice.get()}</p>
                <div class="tabs" role="tablist" aria-label="View">
                    <button type="button" role="tab" aria-selected=move || (pane.get() == Pane::Form).to_string()
                        on:click=move |_| pane.set(Pane::Form)>"Form"</button>
                    <button type="button" role="tab" aria-selected=move || (pane.get() == Pane::Preview).to_string()
                        on:click=move |_| pane.set(Pane::Preview)>"Preview"</button>
                </div>
            </header>
            <div class="workspace">
                <aside class="sidebar">
                    <Problems/>
                    <Outline/>
                </aside>
                <form class="form" id="form" aria-label="Report fields" on:submit=|ev| ev.prevent_default() on:focusin=on_focusin>
                    {sections}
                </form>
                <Preview/>
            </div>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Export {
    Report,
    Draft,
    Html,
    Print,
    Copy,
}
