//! The editor: a typed form, a live safe preview, validation and export for one template.

pub mod autosave;
mod fields;
pub mod grid;
pub mod history;
mod import;
pub mod lazy;
mod panels;
mod preview;
pub mod saver;
mod share;
pub mod state;
mod table;
mod warm;

use std::sync::Arc;

use leptos::ev::{FocusEvent, MouseEvent};
use leptos::prelude::*;
use report_engine::{describe_value, render, Unfilled, Value};

use crate::browser::hooks::Shortcut;
use crate::store::drafts;
use crate::{browser, ids, AppState, Doc};
use autosave::Autosave;
use fields::FieldRow;
use panels::{Outline, Problems};
use preview::Preview;
use saver::SaveStatus;
pub use state::EditorState;
pub use warm::warm_up;

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
    let app = expect_context::<AppState>();
    let st = EditorState::new(doc, app.lead);
    provide_context(st.clone());
    let pane = RwSignal::new(Pane::Form);
    // The problems panel and the outline are made once the form's first screens are
    // painted (below); asking for the panel before that makes it at once.
    let sidebar_ready = RwSignal::new(false);
    let show_problems = move || {
        if sidebar_ready.get_untracked() {
            browser::focus_panel(ids::PROBLEMS);
        } else {
            sidebar_ready.set(true);
            request_animation_frame(|| browser::focus_panel(ids::PROBLEMS));
        }
    };
    // On a phone the toolbar's tools (undo, import, downloads) are folded away until asked for.
    let tools_open = RwSignal::new(false);
    let notice = RwSignal::new(String::new());
    let share_link = RwSignal::new(None::<String>);

    let saver = Autosave::new(&st, app);
    provide_context(saver);
    // Leaving the page, hiding it, or going back to the list saves at once.
    browser::hooks::use_flush_on_hide({
        let st = st.clone();
        move || saver.flush(&st, app)
    });
    // Another tab saved this draft.
    browser::hooks::use_storage_sync({
        let st = st.clone();
        move |key, value| {
            if saver.draft_id().map(|id| drafts::draft_key(&id)).as_deref() != Some(key) {
                return;
            }
            if let Ok(stored) = report_engine::Draft::from_json(&value) {
                saver.on_stored(&st, stored);
            }
        }
    });
    // A file dropped on the editor must not make the browser navigate away from the draft.
    // A results file is imported; a draft file is offered on the start screen (saved first).
    let importer = import::Importer::new(notice);
    provide_context(importer);
    browser::hooks::use_drop_guard({
        let st = st.clone();
        move |files| {
            let st2 = st.clone();
            let draft: std::rc::Rc<dyn Fn(browser::FileHandle)> = std::rc::Rc::new(move |file| {
                saver.flush(&st2, app);
                crate::handoff::open_file(app, file);
                app.close();
            });
            importer.open(&st, files, Some(draft));
        }
    });
    let undo = {
        let st = st.clone();
        move || {
            if let Some(i) = st.edits.undo(&st.fields) {
                st.focus_field(i);
            }
        }
    };
    let redo = {
        let st = st.clone();
        move || {
            if let Some(i) = st.edits.redo(&st.fields) {
                st.focus_field(i);
            }
        }
    };
    // Ctrl+S saves; Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo across every field.
    browser::hooks::use_shortcuts({
        let st = st.clone();
        let (undo, redo) = (undo.clone(), redo.clone());
        move |shortcut| match shortcut {
            Shortcut::Save => saver.save_now(&st, app),
            Shortcut::Undo => undo(),
            Shortcut::Redo => redo(),
        }
    });
    let status = saver.status;
    let can_undo = st.edits.can_undo;
    let can_redo = st.edits.can_redo;

    let title = st.template().title().to_string();
    let total = st.template().fields().len();
    let filled = st.filled;
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
                Export::ShareFile => share::share_file(&st, app, saver).map(|_| ()),
                Export::ShareLink => {
                    let s = share::hand_off(&st, app, saver);
                    share_link.set(Some(s.to_link(&browser::page_url())));
                    browser::focus_by_id_later(ids::SHARE_LINK);
                    Ok(())
                }
            };
            match result {
                Ok(()) if !matches!(what, Export::Copy | Export::Print | Export::ShareLink) => {
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
                show_problems();
            }
        }
    };
    let exporter = move |what: Export| {
        let export = export.clone();
        move |ev: MouseEvent| {
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
            // A chunk not made yet is made first, and scrolled to once it is there.
            match chunk {
                Some(c) if !st_focus.preview.reveal(c) => {
                    request_animation_frame(move || browser::scroll_preview_to(i, Some(c)))
                }
                _ => browser::scroll_preview_to(i, chunk),
            }
        }
    };

    // The form's sections: each heading is always there (the outline and jumps find it);
    // its fields are made when it nears the viewport (see `lazy`).
    let form_parts = st.form;
    let tables = st.tables.clone();
    let sections = st
        .sections
        .iter()
        .enumerate()
        .map(|(p, (si, fields))| {
            let si = *si;
            let section = &st.template().sections()[si];
            let heading = if section.level <= 2 {
                view! { <h2 class="section-title" id=ids::section(si) tabindex="-1">{section.title.clone()}</h2> }.into_any()
            } else {
                view! { <h3 class="section-title" id=ids::section(si) tabindex="-1">{section.title.clone()}</h3> }.into_any()
            };
            let fields = fields.clone();
            let tables = tables.clone();
            view! {
                <section class="form-section" aria-labelledby=ids::section(si)>
                    {heading}
                    {move || if form_parts.mounted(p) {
                        // A field in a table of placeholders shows in that table, where the
                        // table's first field would be.
                        let mut shown = std::collections::BTreeSet::new();
                        fields
                            .iter()
                            .filter_map(|&i| match tables.table_of[i] {
                                Some(k) => shown.insert(k).then(|| view! { <table::FormTableView index=k/> }.into_any()),
                                None => Some(view! { <FieldRow index=i/> }.into_any()),
                            })
                            .collect_view()
                            .into_any()
                    } else {
                        view! {
                            <div class="lazy-space" aria-hidden="true"
                                style:height=move || format!("{}px", form_parts.height(p))></div>
                        }.into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    let preview_parts = st.preview;
    // The form's first screen comes first, by estimated heights, with no layout read before
    // it is painted (on a fresh page the first layout is the slowest part of opening, and a
    // read before the paint would lay out twice). When the page is next idle: the rest of
    // the form near the viewport, the preview near it, the problems panel and the outline;
    // then a small report's remaining parts, a slice at a time. Scrolling and resizing make
    // what comes near.
    let edits = st.edits;
    browser::when_idle(move || {
        // First the effects that keep the counts, the problem list and the preview up to
        // date, unless a change started them already (see `Edits::start_effects`).
        edits.start_effects();
        form_parts.refresh();
        if sidebar_ready.try_set(true).is_some() {
            return;
        }
        preview_parts.refresh();
        form_parts.fill_in();
        preview_parts.fill_in();
    });
    browser::hooks::use_viewport_change(move || {
        form_parts.refresh();
        preview_parts.refresh();
    });

    view! {
        <div class="editor" class:show-preview=move || pane.get() == Pane::Preview>
            <a class="skip-link" href="#form">"Skip to the form"</a>
            <header class="toolbar" class:tools-open=move || tools_open.get()>
                <button type="button" class="button" on:click={let st = st.clone(); move |_| { saver.flush(&st, app); app.close() }}>"← Drafts"</button>
                <h1 class="doc-title">{title}</h1>
                // Phones: the tools below fold away so the form starts near the top.
                <button type="button" class="button tools-toggle" aria-controls=ids::TOOLBAR_TOOLS
                    aria-expanded=move || tools_open.get().to_string()
                    on:click=move |_| tools_open.update(|o| *o = !*o)>
                    "Tools"
                </button>
                <p class="progress">
                    {move || format!("{} / {total} filled", filled.get())}
                </p>
                <button type="button" class="button problem-count" class:ok=move || !has_problems()
                    on:click=move |_| show_problems()>
                    {move || match problem_count.with(Vec::len) {
                        0 => "No problems".to_string(),
                        n => crate::text::plural(n, "problem"),
                    }}
                </button>
                <p class="save-status" class:is-problem=move || status.with(SaveStatus::is_problem)
                    role="status" data-status=move || status.with(SaveStatus::key)>
                    {move || status.with(|s| s.text(browser::local_time_of))}
                </p>
                <div class="toolbar-tools" id=ids::TOOLBAR_TOOLS>
                <div class="history-buttons">
                    <button type="button" class="button" aria-keyshortcuts="Control+Z"
                        aria-disabled=move || (!can_undo.get()).then_some("true")
                        on:click={let undo = undo.clone(); move |_| undo()}>"Undo"</button>
                    <button type="button" class="button" aria-keyshortcuts="Control+Shift+Z"
                        aria-disabled=move || (!can_redo.get()).then_some("true")
                        on:click={let redo = redo.clone(); move |_| redo()}>"Redo"</button>
                </div>
                <import::ImportButton/>
                <div class="actions">
                    <button type="button" class="button button-primary" aria-disabled=move || has_problems().then_some("true")
                        on:click=export_report>
                        "Download report"
                    </button>
                    <details class="more">
                        <summary class="button">"Export…"</summary>
                        <div class="menu">
                            <button type="button" class="button button-menu-item" on:click=exporter(Export::Draft)>"Download draft (.md)"</button>
                            <button type="button" class="button button-menu-item" on:click=exporter(Export::Html)>"Download HTML"</button>
                            <button type="button" class="button button-menu-item" on:click=exporter(Export::Print)>"Print"</button>
                            <button type="button" class="button button-menu-item" on:click=exporter(Export::Copy)>"Copy Markdown"</button>
                            <button type="button" class="button button-menu-item" on:click=exporter(Export::ShareFile)>"Share as file"</button>
                            <button type="button" class="button button-menu-item" on:click=exporter(Export::ShareLink)>"Copy share link…"</button>
                        </div>
                    </details>
                </div>
                </div>
                <p class="notice" role="status">{move || notice.get()}</p>
                <div class="tabs" role="tablist" aria-label="View">
                    <button type="button" class="button button-tab" role="tab" aria-selected=move || (pane.get() == Pane::Form).to_string()
                        on:click=move |_| pane.set(Pane::Form)>"Form"</button>
                    <button type="button" class="button button-tab" role="tab" aria-selected=move || (pane.get() == Pane::Preview).to_string()
                        on:click=move |_| {
                            pane.set(Pane::Preview);
                            request_animation_frame(move || preview_parts.refresh());
                        }>"Preview"</button>
                </div>
            </header>
            <Conflict/>
            <share::ShareLinkDialog link=share_link/>
            <import::ImportDialog/>
            <div class="workspace">
                <aside class="sidebar">
                    {move || sidebar_ready.get().then(|| view! { <Problems/> <Outline/> })}
                </aside>
                <form class="form" id="form" aria-label="Report fields" on:submit=|ev| ev.prevent_default() on:focusin=on_focusin
                    on:scroll=move |_| form_parts.refresh()>
                    {sections}
                </form>
                <Preview/>
            </div>
        </div>
    }
}

/// Shown when another tab saved this draft while this tab had unsaved changes.
#[component]
fn Conflict() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let app = expect_context::<AppState>();
    let saver = expect_context::<Autosave>();
    let merging = RwSignal::new(false);
    move || {
        let theirs = saver.theirs.get()?;
        let st = st.clone();
        // Fields where the two differ; each starts as "keep mine".
        let diffs: Vec<(usize, String, String, String)> = st
            .template()
            .fields()
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let mine = st.fields[i].snapshot_untracked();
                let other = autosave::snapshot_of(&st, i, &theirs, &f.name);
                (mine != other).then(|| (i, f.label.clone(), describe(&mine), describe(&other)))
            })
            .collect();
        let take = RwSignal::new(Vec::<usize>::new());
        let when = browser::local_time_of(theirs.updated_ms);
        let (st1, st2, st3) = (st.clone(), st.clone(), st.clone());
        let theirs_for_load = theirs.clone();
        let row_view = move |(i, label, mine, other): (usize, String, String, String)| {
            let name = format!("merge-{i}");
            view! {
                <fieldset class="merge-row" data-merge-field=i>
                    <legend>{label}</legend>
                    <label><input type="radio" name=name.clone() checked=true
                        on:change=move |_| take.update(|t| t.retain(|x| *x != i))/>
                        " Keep mine: " <span class="merge-value">{mine}</span></label>
                    <label><input type="radio" name=name
                        on:change=move |_| take.update(|t| { if !t.contains(&i) { t.push(i) } })/>
                        " Take theirs: " <span class="merge-value">{other}</span></label>
                </fieldset>
            }
        };
        Some(view! {
            <section class="callout is-danger conflict" role="alert" aria-labelledby="conflict-heading">
                <h2 id="conflict-heading">"This draft was changed in another tab"</h2>
                <p>{format!("The other tab saved at {when}. Your changes here are not saved yet, and nothing is written over until you choose.")}</p>
                <div class="conflict-actions">
                    <button type="button" class="button" on:click=move |_| saver.take(&st1, theirs_for_load.clone())>
                        "Load their version"
                    </button>
                    <button type="button" class="button" on:click=move |_| saver.keep_both(&st2, app)>
                        "Keep both (mine as a copy)"
                    </button>
                    <button type="button" class="button" on:click=move |_| merging.set(true)>
                        "Merge field by field"
                    </button>
                </div>
                {move || merging.get().then(|| {
                    let st3 = st3.clone();
                    view! {
                        <div class="merge">
                            {diffs.clone().into_iter().map(row_view).collect_view()}
                            <button type="button" class="button button-primary"
                                on:click=move |_| { merging.set(false); saver.merge(&st3, app, &take.get_untracked()) }>
                                "Save merged draft"
                            </button>
                        </div>
                    }
                })}
            </section>
        })
    }
}

/// A field state in words, for the merge view.
fn describe(s: &history::Snapshot) -> String {
    let v = if s.na {
        Value::NotApplicable
    } else {
        s.value.clone()
    };
    describe_value(Some(&v))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Export {
    Report,
    Draft,
    Html,
    Print,
    Copy,
    ShareFile,
    ShareLink,
}
