//! "Import results…": a test or load-test results file (JUnit XML, k6 summary, Locust
//! stats CSV, a plain name → value CSV or JSON) fills the fields the template maps to its
//! measures. Nothing changes until the person accepts: the dialog lists every field the
//! file would change, current → new, with values typed by hand left unticked. Accepted
//! changes are one undo step, and each remembers where it came from. Several files (dropped
//! together) are taken one after another, each with its own dialog.

use std::rc::Rc;

use leptos::prelude::*;
use report_engine::describe_value;
use report_engine::import::{self, Change, Plan};

use super::state::EditorState;
use crate::browser::{self, FileHandle};
use crate::ids;

/// Where a shared draft file goes when one is among the files (a file dropped on the
/// editor may be either).
type DraftFile = Rc<dyn Fn(FileHandle)>;

/// The file being imported (its plan, and which changes are ticked), the files waiting
/// after it, and where messages go (the editor's notice line).
#[derive(Clone, Copy)]
pub struct Importer {
    pending: RwSignal<Option<(Plan, Vec<RwSignal<bool>>)>>,
    queue: StoredValue<(Vec<FileHandle>, Option<DraftFile>), LocalStorage>,
    note: RwSignal<String>,
}

impl Importer {
    pub fn new(note: RwSignal<String>) -> Self {
        Importer {
            pending: RwSignal::new(None),
            queue: StoredValue::new_local((Vec::new(), None)),
            note,
        }
    }

    /// Reads `files` one after another and shows what each would change (or why it cannot
    /// be imported); a shared draft file among them goes to `draft` when given.
    pub fn open(self, st: &EditorState, files: Vec<FileHandle>, draft: Option<DraftFile>) {
        self.note.set(String::new());
        self.queue.set_value((files, draft));
        self.next(st);
    }

    /// Takes the next waiting file, if any.
    fn next(self, st: &EditorState) {
        let Some((file, draft)) = self
            .queue
            .try_update_value(|(files, draft)| {
                (!files.is_empty()).then(|| (files.remove(0), draft.clone()))
            })
            .flatten()
        else {
            return;
        };
        self.read(st, file, draft);
    }

    /// Adds a message to the notice line (a batch of files says what became of each).
    fn say(self, message: String) {
        self.note.update(|n| {
            if !n.is_empty() {
                n.push(' ');
            }
            n.push_str(&message);
        });
    }

    fn read(self, st: &EditorState, file: FileHandle, draft: Option<DraftFile>) {
        let name = file.name();
        if let Err(e) = report_engine::limits::check_results_size(file.size()) {
            self.say(format!(
                "“{name}” was not imported: {e}. Nothing was changed."
            ));
            return self.next(st);
        }
        let st = st.clone();
        leptos::task::spawn_local(async move {
            let bytes = match file.read().await {
                Ok(b) => b,
                Err(e) => {
                    self.say(format!(
                        "“{name}” could not be read: {e}. Nothing was changed."
                    ));
                    return self.next(&st);
                }
            };
            let shared = std::str::from_utf8(&bytes)
                .is_ok_and(|t| t.contains(report_engine::share::SHARED_FORMAT));
            match draft {
                Some(draft) if shared => draft(file),
                _ => self.plan(&st, &name, &bytes),
            }
        });
    }

    /// Plans the import of `bytes` (a file named `name`) into the editor's values: a
    /// dialog, or a message and the next file.
    fn plan(self, st: &EditorState, name: &str, bytes: &[u8]) {
        let current = |i: usize| st.fields.get(i).map(|s| s.effective_untracked());
        match import::plan(st.template(), name, bytes, &current, &st.sources()) {
            Err(e) => {
                self.say(format!(
                    "“{name}” could not be imported: {e}. Nothing was changed."
                ));
                self.next(st);
            }
            Ok(plan) if plan.changes.is_empty() => {
                self.say(if plan.unchanged > 0 {
                format!(
                    "“{name}” ({}): nothing to change; {} already hold its values.",
                    plan.format.name(),
                    crate::text::plural(plan.unchanged, "field")
                )
            } else {
                format!(
                    "“{name}” ({}) has no measure this template takes. A template says which field each measure fills with `from:` in its front matter (see the README).",
                    plan.format.name()
                )
            });
                self.next(st);
            }
            Ok(plan) => {
                let ticks = plan
                    .changes
                    .iter()
                    .map(|c| RwSignal::new(!c.typed))
                    .collect();
                self.pending.set(Some((plan, ticks)));
                browser::focus_by_id_later(ids::IMPORT_HEADING);
            }
        }
    }

    /// Applies the ticked changes as one undo step, with their sources.
    fn apply(self, st: &EditorState) {
        let Some((plan, ticks)) = self.pending.get_untracked() else {
            return;
        };
        let accepted: Vec<&Change> = plan
            .changes
            .iter()
            .zip(&ticks)
            .filter(|(_, t)| t.get_untracked())
            .map(|(c, _)| c)
            .collect();
        for c in &accepted {
            if let Some(s) = st.fields.get(c.field) {
                s.source.set(Some(c.source.clone()));
            }
        }
        st.edits.set_all(
            &st.fields,
            accepted.iter().map(|c| (c.field, c.new.clone())).collect(),
        );
        let skipped = plan.changes.len() - accepted.len();
        self.say(format!(
            "Imported {} from “{}”{}.",
            crate::text::plural(accepted.len(), "value"),
            plan.file,
            match skipped {
                0 => String::new(),
                1 => "; 1 field left as it was".into(),
                n => format!("; {n} fields left as they were"),
            }
        ));
        self.pending.set(None);
        if let Some(c) = accepted.first() {
            st.focus_field(c.field);
        }
        self.next(st);
    }

    /// Closes the dialog without changing anything; the next file, if any, follows.
    fn cancel(self, st: &EditorState) {
        let Some((plan, _)) = self.pending.get_untracked() else {
            return;
        };
        self.pending.set(None);
        self.say(format!(
            "Import of “{}” cancelled: nothing was changed.",
            plan.file
        ));
        self.next(st);
    }
}

/// The "Import results…" button: a file picker.
#[component]
pub fn ImportButton() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let importer = expect_context::<Importer>();
    view! {
        <input type="file" multiple id=ids::IMPORT_FILE class="visually-hidden import-file"
            accept=".xml,.json,.csv,application/xml,text/xml,application/json,text/csv"
            on:change=move |ev| importer.open(&st, browser::take_input_files(&ev), None)/>
        <label class="button" for=ids::IMPORT_FILE>"Import results…"</label>
    }
}

/// What a results file would change, to accept or cancel.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let importer = expect_context::<Importer>();
    let dialog = move || {
        let (plan, ticks) = importer.pending.get()?;
        let st = st.clone();
        let t = st.template();
        let rows = plan
            .changes
            .iter()
            .zip(ticks.iter().copied())
            .map(|(c, tick)| {
                let f = &t.fields()[c.field];
                let id = format!("import-{}", c.field);
                let now = describe_value(c.current.as_ref());
                let new = describe_value(Some(&c.new));
                view! {
                    <tr data-import-field=f.name.clone()>
                        <td>
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || tick.get()
                                on:change=move |ev| tick.set(event_target_checked(&ev))/>
                        </td>
                        <td><label for=id>{f.label.clone()}</label>
                            {c.typed.then(|| view! { <span class="import-typed">" typed by hand"</span> })}
                        </td>
                        <td class="import-values"><span class="import-now">{now}</span>" → "<strong>{new}</strong></td>
                        <td class="import-what">{c.source.what.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        let count = move || ticks.iter().filter(|t| t.get()).count();
        let typed = plan.changes.iter().filter(|c| c.typed).count();
        let (st2, st3) = (st.clone(), st.clone());
        Some(view! {
            <section class="callout import-dialog" role="dialog" aria-labelledby=ids::IMPORT_HEADING>
                <h2 id=ids::IMPORT_HEADING tabindex="-1">{format!("Import “{}”", plan.file)}</h2>
                <p>{format!(
                    "{}: {} would change{}. Nothing changes until you apply.",
                    plan.format.name(),
                    crate::text::plural(plan.changes.len(), "field"),
                    match typed {
                        0 => String::new(),
                        1 => "; the value typed by hand is unticked, so it stays unless you tick it".into(),
                        n => format!("; the {n} values typed by hand are unticked, so they stay unless you tick them"),
                    }
                )}</p>
                <div class="import-table-wrap">
                    <table class="import-table">
                        <thead><tr><th scope="col">"Apply"</th><th scope="col">"Field"</th><th scope="col">"Now → from the file"</th><th scope="col">"Measure"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="conflict-actions">
                    <button type="button" class="button button-primary" on:click=move |_| importer.apply(&st2)>
                        {move || format!("Apply {}", crate::text::plural(count(), "change"))}
                    </button>
                    <button type="button" class="button" on:click=move |_| importer.cancel(&st3)>"Cancel"</button>
                </div>
            </section>
        })
    };
    dialog
}
