//! The start screen: built-in templates with their names and counts, the user's templates
//! (the local library) and "Open template…".

use std::sync::{Arc, OnceLock};

use leptos::ev;
use leptos::prelude::*;

use crate::browser;
use crate::library::{self, Library, Removed, StoredTemplate};
use crate::AppState;
use report_engine::implicit::{self, Place};
use report_engine::{Diagnostic, Severity, Stats, Template};

/// A built-in template, parsed once.
#[derive(Debug)]
pub struct Entry {
    /// The built-in's stable id (`staging-deployment-report`).
    pub id: &'static str,
    pub template: Template,
}

/// Every built-in template, parsed by the engine on first use and kept for the page's life.
pub fn catalog() -> &'static [Entry] {
    static CATALOG: OnceLock<Vec<Entry>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        report_engine::builtins()
            .iter()
            .map(|b| Entry {
                id: b.id,
                template: report_engine::parse(b.source),
            })
            .collect()
    })
}

/// The non-zero counts shown under a template's name, e.g.
/// `["389 placeholders", "25 checkboxes", "10 blanks"]`.
pub fn count_parts(stats: &Stats) -> Vec<String> {
    [
        (stats.placeholders, "placeholder", "placeholders"),
        (stats.checkboxes, "checkbox", "checkboxes"),
        (stats.blanks, "blank", "blanks"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect()
}

/// The counts line as text: "389 placeholders · 25 checkboxes · 10 blanks" (zero counts left
/// out), or "No fields".
pub fn counts_text(stats: &Stats) -> String {
    let parts = count_parts(stats);
    if parts.is_empty() {
        NO_FIELDS.to_owned()
    } else {
        parts.join(SEPARATOR)
    }
}

const NO_FIELDS: &str = "No fields";
const SEPARATOR: &str = " · ";

/// The start screen: the built-in templates, the user's templates (the library kept in
/// browser storage) and "Open template…" (file picker, a file dropped anywhere on the
/// screen, or pasted text). A custom template with parse diagnostics is shown with them
/// first and opens on "Open anyway"; one read through implicit places (it has no
/// placeholders) first lists the places found, and opens on "Open form" in its explicit
/// form with the places kept.
#[component]
pub fn StartScreen() -> impl IntoView {
    let start = Start::new(expect_context::<AppState>());
    provide_context(start);
    browser::ensure_app_notice();

    // Dropping a file anywhere on the screen opens it; the browser must not navigate to it.
    let listeners = [
        window_event_listener(ev::dragenter, move |ev| {
            if browser::drag_has_files(&ev) {
                ev.prevent_default();
                start.drag_depth.update(|d| *d += 1);
            }
        }),
        window_event_listener(ev::dragover, move |ev| {
            if browser::drag_has_files(&ev) {
                ev.prevent_default();
                browser::set_drop_effect_copy(&ev);
                if start.drag_depth.get_untracked() == 0 {
                    start.drag_depth.set(1);
                }
            }
        }),
        window_event_listener(ev::dragleave, move |_| {
            start.drag_depth.update(|d| *d = (*d - 1).max(0));
        }),
        window_event_listener(ev::drop, move |ev| {
            start.drag_depth.set(0);
            let files = browser::dropped_files(&ev);
            if !files.is_empty() || browser::drag_has_files(&ev) {
                ev.prevent_default();
                start.open_files(files, DROP_ZONE_ID);
            }
        }),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));

    let dragging = move || start.drag_depth.get() > 0;
    view! {
        <main class="page start" id="main" class:is-dragging=dragging>
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
                    <crate::draft_list::DraftList/>
                    <TemplateList/>
                    <YourTemplates/>
                </div>
                <OpenTemplate/>
            </div>
            <div class="drop-overlay" aria-hidden="true">
                <p class="drop-overlay-text">"Drop the template file to open it"</p>
            </div>
        </main>
    }
}

/// Id of the drop zone (focus returns to the file picker next to it).
const DROP_ZONE_ID: &str = "template-file";
const PASTE_BUTTON_ID: &str = "open-pasted";
const UNDO_ID: &str = "undo-remove";
const DIAGNOSTICS_HEADING_ID: &str = "diagnostics-heading";
const PLACES_HEADING_ID: &str = "places-heading";
/// At most this many diagnostics are listed; a line says how many more there are.
const MAX_DIAGNOSTICS_SHOWN: usize = 50;

/// A message in one of the start screen's live regions.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Status {
    text: String,
    is_error: bool,
}

impl Status {
    fn info(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            is_error: false,
        }
    }

    fn error(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            is_error: true,
        }
    }
}

/// Whether the library can be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Store {
    Writable,
    /// Stored data could not be read nor set aside: nothing is written, so it is not lost.
    ReadOnly,
    /// No browser storage at all.
    Unavailable,
}

const STORAGE_UNAVAILABLE: &str = "Browser storage is not available here (site data may be \
     blocked, or this is a private window), so templates you open are not kept. They still open.";

/// A custom template waiting for "Open anyway" because it has diagnostics, or for "Open
/// form" because it was read through implicit places.
#[derive(Debug)]
struct Pending {
    name: String,
    /// The text as given (for implicit places: not the explicit form `template` is parsed
    /// from).
    source: String,
    template: Template,
    /// Id of the control focus returns to on "Cancel".
    return_focus: String,
}

/// The start screen's state, provided as context to its parts.
#[derive(Clone, Copy)]
struct Start {
    app: AppState,
    library: RwSignal<Library>,
    store: RwSignal<Store>,
    library_status: RwSignal<Option<Status>>,
    open_status: RwSignal<Option<Status>>,
    pending: RwSignal<Option<Arc<Pending>>>,
    last_removed: RwSignal<Option<Removed>>,
    paste: RwSignal<String>,
    /// dragenter minus dragleave events of a file drag over the page.
    drag_depth: RwSignal<i32>,
}

/// The library as read from storage, how it may be saved, and what to tell the user.
struct Loaded {
    library: Library,
    store: Store,
    status: Option<Status>,
}

/// Reads the library. A stored value this version cannot read is copied aside under a
/// `…corrupt-<time>` key (never deleted) and the library starts empty.
fn load_library() -> Loaded {
    let empty = |store, status| Loaded {
        library: Library::new(),
        store,
        status,
    };
    match browser::storage_get(library::STORAGE_KEY) {
        Err(_) => empty(Store::Unavailable, Some(Status::error(STORAGE_UNAVAILABLE))),
        Ok(None) => empty(Store::Writable, None),
        Ok(Some(raw)) => match Library::from_json(&raw) {
            Ok(library) => Loaded {
                library,
                store: Store::Writable,
                status: None,
            },
            Err(why) => match keep_aside(&raw) {
                Ok(key) => empty(
                    Store::Writable,
                    Some(Status::error(format!(
                        "Your saved templates could not be read: {why}. Your templates start \
                         empty; the unreadable data is kept in this browser's storage under \
                         “{key}”."
                    ))),
                ),
                Err(e) => empty(
                    Store::ReadOnly,
                    Some(Status::error(format!(
                        "Your saved templates could not be read: {why}. They could not be set \
                         aside either ({e}), so nothing is saved in this session and that data \
                         stays as it is. Templates still open."
                    ))),
                ),
            },
        },
    }
}

/// Copies `raw` to a free `…corrupt-<time>` key, then clears the library key.
fn keep_aside(raw: &str) -> Result<String, browser::StorageError> {
    let now = browser::now_ms();
    let mut key = library::corrupt_key(now);
    for n in 1..1000 {
        if browser::storage_get(&key)?.is_none() {
            break;
        }
        key = format!("{}-{n}", library::corrupt_key(now));
    }
    browser::storage_set(&key, raw)?;
    // The copy is made; the next save would overwrite the key anyway.
    let _ = browser::storage_remove(library::STORAGE_KEY);
    Ok(key)
}

impl Start {
    fn new(app: AppState) -> Self {
        let loaded = load_library();
        Start {
            app,
            library: RwSignal::new(loaded.library),
            store: RwSignal::new(loaded.store),
            library_status: RwSignal::new(loaded.status),
            open_status: RwSignal::new(None),
            pending: RwSignal::new(None),
            last_removed: RwSignal::new(None),
            paste: RwSignal::new(String::new()),
            drag_depth: RwSignal::new(0),
        }
    }

    /// False once the screen is gone (a file finished reading after the editor opened).
    fn alive(self) -> bool {
        self.store.try_get_untracked().is_some()
    }

    /// Applies `change` to the library as stored now (so another tab's changes are kept)
    /// and saves it. `Err` says why it could not be saved; the library is then unchanged.
    fn change_library<R>(self, change: impl FnOnce(&mut Library) -> R) -> Result<R, String> {
        match self.store.get_untracked() {
            Store::Unavailable => return Err(browser::StorageError::Unavailable.to_string()),
            Store::ReadOnly => {
                return Err("saving is off for this session (see Your templates)".into())
            }
            Store::Writable => {}
        }
        let loaded = load_library();
        if let Some(status) = loaded.status {
            self.library_status.set(Some(status));
        }
        self.store.set(loaded.store);
        if loaded.store != Store::Writable {
            self.library.set(loaded.library);
            return Err(browser::StorageError::Unavailable.to_string());
        }
        let mut library = loaded.library;
        let before = library.clone();
        let result = change(&mut library);
        if library != before {
            if let Err(e) = browser::storage_set(library::STORAGE_KEY, &library.to_json()) {
                self.library.set(before);
                return Err(match e {
                    browser::StorageError::Full => {
                        format!("{e}. Remove templates you no longer need, then open it again")
                    }
                    e => e.to_string(),
                });
            }
        }
        self.library.set(library);
        Ok(result)
    }

    /// Opens the first of `files` (picked or dropped).
    fn open_files(self, files: Vec<web_sys::File>, return_focus: &'static str) {
        let Some(file) = files.first().cloned() else {
            self.open_status.set(Some(Status::error(
                "Nothing to open: drop a Markdown or text file (.md, .markdown or .txt).",
            )));
            return;
        };
        let extra = files.len() - 1;
        let name = file.name();
        // A draft file handed over by another lead.
        if name.to_ascii_lowercase().ends_with(".json") {
            crate::handoff::open_file(self.app, file);
            return;
        }
        let what = format!("“{name}”");
        if let Err(e) = library::check_file_kind(&name, &file.type_()) {
            self.open_status.set(Some(Status::error(e)));
            return;
        }
        // Refuse an oversized file before reading it into memory.
        if let Err(e) = report_engine::limits::check_template_size(file.size() as usize) {
            self.open_status.set(Some(Status::error(format!(
                "{what} cannot be opened: the {e}."
            ))));
            return;
        }
        self.open_status
            .set(Some(Status::info(format!("Reading {what}…"))));
        leptos::task::spawn_local(async move {
            let bytes = browser::read_file(&file).await;
            if !self.alive() {
                return;
            }
            let text = bytes
                .map_err(|e| format!("{what} could not be read: {e}."))
                .and_then(|bytes| library::decode_template(bytes, &what));
            match text {
                Err(e) => self.open_status.set(Some(Status::error(e))),
                Ok(text) => {
                    let note = (extra > 0).then(|| {
                        format!("Only one file opens at a time: {what} was used, {extra} more left out.")
                    });
                    self.open_status.set(note.map(Status::info));
                    self.receive(
                        text,
                        |t| library::display_name(t.title(), Some(&name)),
                        return_focus.to_string(),
                    );
                }
            }
        });
    }

    fn open_pasted(self) {
        let text = self.paste.get_untracked();
        if let Err(e) = library::check_text(&text, "The pasted text") {
            self.open_status.set(Some(Status::error(e)));
            return;
        }
        self.open_status.set(None);
        self.receive(
            text,
            |t| library::display_name(t.title(), None),
            PASTE_BUTTON_ID.into(),
        );
    }

    fn open_saved(self, hash: &str) {
        let Some(entry) = self.library.with_untracked(|l| l.get(hash).cloned()) else {
            return;
        };
        self.open_status.set(None);
        let name = entry.name;
        self.receive(entry.source, move |_| name, format!("lib-open-{hash}"));
    }

    /// Parses a custom template: opens it, or first shows its diagnostics.
    fn receive(self, source: String, name: impl FnOnce(&Template) -> String, return_focus: String) {
        let template = report_engine::parse(&source);
        let name = name(&template);
        // Bounded by the size limit, parsing is quick; building a form this large is not.
        if let Err(e) = report_engine::limits::check_fields(&template) {
            self.open_status.set(Some(Status::error(format!(
                "“{name}” cannot be opened: the {e}."
            ))));
            return;
        }
        let pending = Pending {
            name,
            source,
            template,
            return_focus,
        };
        let heading = if !pending.template.places().is_empty() {
            PLACES_HEADING_ID
        } else if !pending.template.diagnostics().is_empty() {
            DIAGNOSTICS_HEADING_ID
        } else {
            self.commit(&pending);
            return;
        };
        self.pending.set(Some(Arc::new(pending)));
        focus_after_render(heading.to_string());
    }

    /// Saves the template in the library and opens it. A failed save is reported in the
    /// app-wide notice (the start screen is about to go) and the template opens anyway.
    fn commit(self, pending: &Pending) {
        let entry = StoredTemplate::new(
            pending.name.clone(),
            pending.source.clone(),
            browser::now_ms(),
        );
        let key = entry.key();
        if let Err(e) = self.change_library(|l| l.add(entry)) {
            browser::set_app_notice(&format!(
                "“{}” is open, but it is not kept in Your templates: {e}.",
                pending.name
            ));
        }
        self.app.open(key, pending.template.clone());
    }

    fn open_anyway(self) {
        if let Some(pending) = self.pending.get_untracked() {
            self.commit(&pending);
        }
    }

    /// "Open form": stores and opens the explicit form of the pending template with only
    /// the places in `kept`, so reloads and drafts use that text.
    fn open_places(self, kept: &[Place]) {
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        let source = implicit::adopt_named(&pending.source, kept, Some(&pending.name));
        let template = report_engine::parse(&source);
        self.commit(&Pending {
            name: pending.name.clone(),
            source,
            template,
            return_focus: pending.return_focus.clone(),
        });
    }

    fn cancel(self) {
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        self.pending.set(None);
        self.open_status.set(Some(Status::info(format!(
            "“{}” was not opened.",
            pending.name
        ))));
        focus_after_render(pending.return_focus.clone());
    }

    fn remove(self, hash: &str) {
        // A draft needs its template: removing one still in use would strand the draft.
        let users = self.app.index.with_untracked(|i| {
            i.drafts
                .iter()
                .filter(|d| d.template == report_engine::TemplateRef::Custom { hash: hash.into() })
                .count()
        });
        if users > 0 {
            self.library_status.set(Some(Status::error(if users == 1 {
                "Not removed: one of your drafts uses this template; delete that draft first."
                    .to_string()
            } else {
                format!(
                    "Not removed: {users} of your drafts use this template; delete those drafts first."
                )
            })));
            return;
        }
        match self.change_library(|l| l.remove(hash)) {
            Ok(Some(removed)) => {
                self.library_status.set(Some(Status::info(format!(
                    "Removed “{}”.",
                    removed.template.name
                ))));
                self.last_removed.set(Some(removed));
                focus_after_render(UNDO_ID.into());
            }
            Ok(None) => {}
            Err(e) => self
                .library_status
                .set(Some(Status::error(format!("Could not remove it: {e}.")))),
        }
    }

    fn undo(self) {
        let Some(removed) = self.last_removed.get_untracked() else {
            return;
        };
        let name = removed.template.name.clone();
        let hash = removed.template.hash.clone();
        match self.change_library(|l| l.restore(removed)) {
            Ok(_) => {
                self.last_removed.set(None);
                self.library_status
                    .set(Some(Status::info(format!("Restored “{name}”."))));
                focus_after_render(format!("lib-open-{hash}"));
            }
            Err(e) => self.library_status.set(Some(Status::error(format!(
                "Could not restore “{name}”: {e}."
            )))),
        }
    }
}

/// Focuses an element once the pending DOM updates are in.
fn focus_after_render(id: String) {
    request_animation_frame(move || browser::focus_by_id(&id));
}

/// "1 problem", "3 problems".
pub(crate) fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A status line in a polite live region (always in the DOM, so changes are announced).
#[component]
fn StatusLine(id: &'static str, status: RwSignal<Option<Status>>) -> impl IntoView {
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

/// "Your templates": the library, each with Open and Remove; Undo for the last removal.
#[component]
fn YourTemplates() -> impl IntoView {
    let start = expect_context::<Start>();
    let entries = move || start.library.with(|l| l.templates().to_vec());
    // The invitation only makes sense when templates can be kept.
    let is_empty =
        move || start.library.with(Library::is_empty) && start.store.get() == Store::Writable;
    view! {
        <section class="templates" aria-labelledby="library-heading">
            <h2 id="library-heading">"Your templates"</h2>
            <div class="status-row">
                <StatusLine id="library-status" status=start.library_status/>
                {move || start.last_removed.with(Option::is_some).then(|| view! {
                    <button
                        id=UNDO_ID
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
                    id=format!("lib-open-{hash}")
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

/// "Open template…": file picker, drop zone and pasted text.
#[component]
fn OpenTemplate() -> impl IntoView {
    let start = expect_context::<Start>();
    let dragging = move || start.drag_depth.get() > 0;
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
                    id=DROP_ZONE_ID
                    class="file-input"
                    type="file"
                    accept=accept
                    aria-describedby="drop-hint"
                    on:change=move |ev| start.open_files(browser::take_input_files(&ev), DROP_ZONE_ID)
                />
                <label for=DROP_ZONE_ID class="button button-primary file-button">
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
                    id=PASTE_BUTTON_ID
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

/// One diagnostic as shown: where, how bad, what, and the source line around it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DiagnosticRow {
    line: usize,
    column: usize,
    severity: &'static str,
    message: String,
    excerpt: Excerpt,
}

/// A source line cut around a column: the character at the column is `at` (empty at the
/// end of the line); `…` marks cut ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Excerpt {
    before: String,
    at: String,
    after: String,
}

const EXCERPT_BEFORE: usize = 60;
const EXCERPT_AFTER: usize = 80;

fn excerpt(source: &str, line: usize, column: usize) -> Excerpt {
    let Some(text) = line.checked_sub(1).and_then(|i| source.lines().nth(i)) else {
        return Excerpt::default();
    };
    let chars: Vec<char> = text.trim_start_matches('\u{feff}').chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(EXCERPT_BEFORE);
    let end = (col + 1 + EXCERPT_AFTER).min(chars.len());
    let mut before: String = chars[start..col].iter().collect();
    if start > 0 {
        before.insert(0, '…');
    }
    let at: String = chars.get(col).map(|c| c.to_string()).unwrap_or_default();
    let mut after: String = chars[(col + 1).min(end)..end].iter().collect();
    if end < chars.len() {
        after.push('…');
    }
    Excerpt { before, at, after }
}

fn diagnostic_rows(source: &str, diagnostics: &[Diagnostic]) -> Vec<DiagnosticRow> {
    let mut rows: Vec<DiagnosticRow> = diagnostics
        .iter()
        .map(|d| DiagnosticRow {
            line: d.line,
            column: d.column,
            severity: match d.severity {
                Severity::Error => "Error",
                Severity::Warning => "Warning",
            },
            message: d.message.clone(),
            excerpt: excerpt(source, d.line, d.column),
        })
        .collect();
    rows.sort_by_key(|r| (r.line, r.column));
    rows
}

/// A message split at backticks: `(true, text)` for a code span. An unpaired backtick is
/// kept as text.
fn code_spans(message: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            out.push((false, rest[..open].to_string()));
        }
        out.push((true, rest[open + 1..open + 1 + len].to_string()));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push((false, rest.to_string()));
    }
    out
}

/// The diagnostics as the list "Problems" (the first [`MAX_DIAGNOSTICS_SHOWN`], then how
/// many more). A long list scrolls on its own, so it must be reachable by keyboard.
fn diagnostic_list(rows: Vec<DiagnosticRow>) -> impl IntoView {
    let more = rows.len().saturating_sub(MAX_DIAGNOSTICS_SHOWN);
    let long = rows.len() > 5;
    let items = rows
        .into_iter()
        .take(MAX_DIAGNOSTICS_SHOWN)
        .map(|row| {
            let is_error = row.severity == "Error";
            let Excerpt { before, at, after } = row.excerpt;
            let has_source = !(before.is_empty() && at.is_empty() && after.is_empty());
            view! {
                <li class="diagnostic" class:is-error=is_error class:is-warning=!is_error>
                    <p class="diagnostic-head">
                        <span class="diagnostic-where">{format!("Line {}:{}", row.line, row.column)}</span>
                        " "
                        <span class="diagnostic-severity">{row.severity}</span>
                    </p>
                    <p class="diagnostic-message">
                        {code_spans(&row.message)
                            .into_iter()
                            .map(|(code, text)| if code {
                                view! { <code>{text}</code> }.into_any()
                            } else {
                                text.into_any()
                            })
                            .collect_view()}
                    </p>
                    {has_source.then(|| view! {
                        <code class="diagnostic-source">{before}<mark>{at}</mark>{after}</code>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ol
            class="diagnostic-list"
            class:is-long=long
            aria-label="Problems"
            tabindex=long.then_some("0")
        >
            {items}
        </ol>
        {(more > 0).then(|| view! {
            <p class="diagnostics-more">{format!("…and {more} more.")}</p>
        })}
    }
}

/// The diagnostics of a custom template, with "Open anyway" and "Cancel".
#[component]
fn DiagnosticsPanel(pending: Arc<Pending>) -> impl IntoView {
    let start = expect_context::<Start>();
    let rows = diagnostic_rows(&pending.source, pending.template.diagnostics());
    let total = rows.len();
    let has_errors = rows.iter().any(|r| r.severity == "Error");
    view! {
        <section class="diagnostics" class:has-errors=has_errors aria-labelledby=DIAGNOSTICS_HEADING_ID>
            <h2 id=DIAGNOSTICS_HEADING_ID tabindex="-1">
                {format!("“{}” has {}", pending.name, plural(total, "problem"))}
            </h2>
            <p class="diagnostics-intro">
                "It still opens, but the fields near these lines may be missing or not what you \
                 meant. Fix the file and open it again, or open it as it is."
            </p>
            {diagnostic_list(rows)}
            <div class="diagnostics-actions">
                <button type="button" class="button button-primary" on:click=move |_| start.open_anyway()>
                    "Open anyway"
                </button>
                <button type="button" class="button" on:click=move |_| start.cancel()>
                    "Cancel"
                </button>
            </div>
        </section>
    }
}

/// The file name "Download as explicit template" gives: the name as a slug, `.md`.
fn explicit_file_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "template.md".to_string()
    } else {
        format!("{}.md", words.join("-"))
    }
}

/// What is shown under a place's label: "Line 5 · empty section · optional · one of a, b".
fn place_meta(place: &Place) -> String {
    let mut parts = vec![
        format!("Line {}", place.line),
        place.kind.describe().to_string(),
    ];
    if place.optional {
        parts.push("optional".to_string());
    }
    if !place.options.is_empty() {
        parts.push(format!("one of {}", place.options.join(", ")));
    }
    parts.join(SEPARATOR)
}

/// The places found in a template without placeholders, each with a checkbox (kept by
/// default), and the template's diagnostics. "Open form" stores and opens the explicit
/// form with the kept places; "Download as explicit template" saves that text; nothing is
/// stored before "Open form".
#[component]
fn PlacesPanel(pending: Arc<Pending>) -> impl IntoView {
    let start = expect_context::<Start>();
    let places = StoredValue::new(pending.template.places().to_vec());
    let kept = RwSignal::new(vec![true; pending.template.places().len()]);
    let status = RwSignal::new(None::<Status>);
    let kept_places = move || {
        places.with_value(|ps| {
            kept.with(|k| {
                ps.iter()
                    .zip(k)
                    .filter(|(_, keep)| **keep)
                    .map(|(p, _)| p.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let kept_count = move || kept.with(|k| k.iter().filter(|keep| **keep).count());

    let items = pending
        .template
        .places()
        .iter()
        .enumerate()
        .map(|(i, place)| {
            let id = format!("place-{i}");
            let meta_id = format!("place-{i}-meta");
            let help_id = format!("place-{i}-help");
            let described_by = if place.help.is_some() {
                format!("{meta_id} {help_id}")
            } else {
                meta_id.clone()
            };
            let is_kept = move || kept.with(|k| k.get(i).copied().unwrap_or(false));
            view! {
                <li class="place" class:is-left-out=move || !is_kept()>
                    <input
                        type="checkbox"
                        class="place-check"
                        id=id.clone()
                        aria-describedby=described_by
                        prop:checked=is_kept
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            kept.update(|k| {
                                if let Some(keep) = k.get_mut(i) {
                                    *keep = on;
                                }
                            });
                        }
                    />
                    <div class="place-text">
                        <label class="place-label" for=id>{place.label.clone()}</label>
                        <p class="place-meta" id=meta_id>{place_meta(place)}</p>
                        {place.help.clone().map(|help| view! {
                            <p class="place-help" id=help_id>{help}</p>
                        })}
                    </div>
                </li>
            }
        })
        .collect_view();

    let rows = diagnostic_rows(&pending.source, pending.template.diagnostics());
    let problems = rows.len();
    let has_errors = rows.iter().any(|r| r.severity == "Error");
    let diagnostics = (problems > 0).then(|| {
        view! {
            <h3 class="places-subheading">{plural(problems, "problem")}</h3>
            {diagnostic_list(rows)}
        }
    });

    let file_name = explicit_file_name(&pending.name);
    let source = pending.source.clone();
    let name = pending.name.clone();
    let download = move |_| {
        let kept = kept_places();
        let text = implicit::adopt_named(&source, &kept, Some(&name));
        status.set(Some(
            match browser::download(&file_name, "text/markdown", &text) {
                Ok(()) => Status::info(format!(
                    "Downloaded “{file_name}”: the template with {}.",
                    plural(kept.len(), "placeholder")
                )),
                Err(e) => Status::error(format!("Could not download it: {e}.")),
            },
        ));
    };

    view! {
        <section
            class="diagnostics places"
            class:has-errors=has_errors
            aria-labelledby=PLACES_HEADING_ID
        >
            <h2 id=PLACES_HEADING_ID tabindex="-1">{implicit::summary(pending.template.places())}</h2>
            <p class="diagnostics-intro">
                {format!(
                    "“{}” was read for the places where a report is usually written. Each place \
                     ticked becomes a field of the form; untick those that are not for filling \
                     in. “Open form” keeps the template in Your templates with a placeholder at \
                     each place kept.",
                    pending.name
                )}
            </p>
            <ul class="place-list" role="list" aria-label="Places to fill">
                {items}
            </ul>
            {diagnostics}
            <div class="diagnostics-actions">
                <button
                    type="button"
                    class="button button-primary"
                    on:click=move |_| start.open_places(&kept_places())
                >
                    {move || format!("Open form with {}", plural(kept_count(), "field"))}
                </button>
                <button type="button" class="button" on:click=download>
                    "Download as explicit template"
                </button>
                <button type="button" class="button" on:click=move |_| start.cancel()>
                    "Cancel"
                </button>
            </div>
            <StatusLine id="places-status" status/>
        </section>
    }
}

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
fn Counts(stats: Stats) -> impl IntoView {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(placeholders: usize, checkboxes: usize, blanks: usize) -> Stats {
        Stats {
            placeholders,
            checkboxes,
            blanks,
            ..Stats::default()
        }
    }

    #[test]
    fn counts_text_joins_non_zero_counts() {
        assert_eq!(
            counts_text(&stats(389, 25, 10)),
            "389 placeholders · 25 checkboxes · 10 blanks"
        );
        assert_eq!(
            counts_text(&stats(185, 0, 3)),
            "185 placeholders · 3 blanks"
        );
        assert_eq!(counts_text(&stats(0, 4, 0)), "4 checkboxes");
    }

    #[test]
    fn counts_text_uses_singular_for_one() {
        assert_eq!(
            counts_text(&stats(1, 1, 1)),
            "1 placeholder · 1 checkbox · 1 blank"
        );
    }

    #[test]
    fn counts_text_without_fields() {
        assert_eq!(counts_text(&Stats::default()), "No fields");
    }

    #[test]
    fn excerpt_marks_the_column() {
        let src = "\u{feff}# T\nBuild: {{ SHA\r\nlast";
        let e = excerpt(src, 2, 8);
        assert_eq!(
            (e.before.as_str(), e.at.as_str(), e.after.as_str()),
            ("Build: ", "{", "{ SHA")
        );
        let e = excerpt(src, 1, 1);
        assert_eq!(
            (e.before.as_str(), e.at.as_str(), e.after.as_str()),
            ("", "#", " T")
        );
        let e = excerpt(src, 3, 99);
        assert_eq!(
            (e.before.as_str(), e.at.as_str(), e.after.as_str()),
            ("last", "", "")
        );
        assert_eq!(excerpt(src, 0, 1), Excerpt::default());
        assert_eq!(excerpt(src, 9, 1), Excerpt::default());
    }

    #[test]
    fn excerpt_cuts_long_lines_around_the_column() {
        let line: String = "é".repeat(500);
        let e = excerpt(&line, 1, 250);
        assert!(e.before.starts_with('…') && e.after.ends_with('…'));
        assert_eq!(e.before.chars().count(), EXCERPT_BEFORE + 1);
        assert_eq!(e.at, "é");
        assert_eq!(e.after.chars().count(), EXCERPT_AFTER + 1);
    }

    #[test]
    fn diagnostic_rows_are_in_source_order_with_line_numbers() {
        let src = "# T\n\nA {{ OPEN\nB {{ AGAIN\n";
        let template = report_engine::parse(src);
        let rows = diagnostic_rows(src, template.diagnostics());
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].line, rows[0].column), (3, 3));
        assert_eq!(rows[1].line, 4);
        assert!(["Error", "Warning"].contains(&rows[0].severity));
        assert_eq!(rows[0].excerpt.at, "{");
    }

    #[test]
    fn code_spans_split_at_paired_backticks() {
        assert_eq!(
            code_spans("`{{` is never closed"),
            [
                (true, "{{".to_string()),
                (false, " is never closed".to_string())
            ]
        );
        assert_eq!(
            code_spans("a `b` c `d"),
            [
                (false, "a ".to_string()),
                (true, "b".to_string()),
                (false, " c `d".to_string())
            ]
        );
        assert_eq!(code_spans("plain"), [(false, "plain".to_string())]);
        assert_eq!(code_spans(""), []);
    }

    #[test]
    fn explicit_file_name_is_a_slug() {
        assert_eq!(
            explicit_file_name("Title (incident #)"),
            "title-incident.md"
        );
        assert_eq!(explicit_file_name("Weekly ops"), "weekly-ops.md");
        assert_eq!(explicit_file_name(" # "), "template.md");
    }

    #[test]
    fn places_of_a_heading_only_template_say_where_they_are() {
        let template = report_engine::parse("# T\n\n## Summary\n\n## Impact\n");
        let places = template.places();
        assert_eq!(places.len(), 2, "{places:?}");
        assert_eq!(place_meta(&places[0]), "Line 3 · empty section");
        let one = implicit::adopt("# T\n\n## Summary\n\n## Impact\n", &places[1..]);
        let reparsed = report_engine::parse(&one);
        assert!(reparsed.places().is_empty());
        assert_eq!(reparsed.fields().len(), 1);
    }

    #[test]
    fn plural_counts() {
        assert_eq!(plural(1, "problem"), "1 problem");
        assert_eq!(plural(3, "problem"), "3 problems");
    }

    #[test]
    fn catalog_has_every_builtin_parsed_once() {
        let first = catalog();
        assert_eq!(first.len(), report_engine::builtins().len());
        for (entry, builtin) in first.iter().zip(report_engine::builtins()) {
            assert_eq!(entry.id, builtin.id);
            assert_eq!(
                entry.template.title(),
                report_engine::parse(builtin.source).title()
            );
        }
        assert!(std::ptr::eq(first, catalog()), "catalog is built only once");
    }
}
