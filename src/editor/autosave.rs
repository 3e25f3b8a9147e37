//! Autosave in the page: the state machine of `saver` behind signals and a timer. A change
//! schedules a save at most [`SAVE_AFTER_MS`] later (so a tab killed mid-typing loses at
//! most that much); leaving or hiding the page and Ctrl+S save at once. The save runs in a
//! timer, never in the input handler, so typing does not wait for it.

use leptos::prelude::*;
use report_engine::Draft;

use super::history::Snapshot;
use super::saver::{Content, SaveStatus, Saver, SAVE_AFTER_MS};
use super::state::EditorState;
use crate::{browser, AppState};

/// The editor's saving state (Copy; provided as context).
#[derive(Clone, Copy)]
pub struct Autosave {
    machine: StoredValue<Saver>,
    /// The machine's status, for the page.
    pub status: RwSignal<SaveStatus>,
    /// Another tab's newer save, while the person decides.
    pub theirs: RwSignal<Option<Draft>>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl Autosave {
    pub fn new(st: &EditorState, app: AppState) -> Self {
        let saver = Saver::new(
            st.doc.draft.clone(),
            !app.storage_unavailable.get_untracked(),
        );
        let a = Autosave {
            status: RwSignal::new(saver.status().clone()),
            theirs: RwSignal::new(None),
            machine: StoredValue::new(saver),
            timer: StoredValue::new(None),
        };
        // Every change schedules a save.
        let changes = st.edits.changes;
        let st2 = st.clone();
        Effect::new(move |prev: Option<u64>| {
            let n = changes.get();
            if prev.is_some_and(|p| p != n) && a.step(Saver::changed) == Some(true) {
                a.schedule(&st2, app, SAVE_AFTER_MS);
            }
            n
        });
        a
    }

    /// Runs one step of the machine, then shows its status and any draft of another tab.
    /// `None` once the editor is gone (a late timer or listener does nothing).
    fn step<R>(&self, f: impl FnOnce(&mut Saver) -> R) -> Option<R> {
        let out = self.machine.try_update_value(f)?;
        // Runs on every change: compare in place, clone only what changed.
        self.machine.with_value(|m| {
            if self.status.with_untracked(|s| s != m.status()) {
                self.status.set(m.status().clone());
            }
            if self.theirs.with_untracked(|t| t.as_ref() != m.theirs()) {
                self.theirs.set(m.theirs().cloned());
            }
        });
        Some(out)
    }

    /// The draft's identity and metadata as last saved or handed off.
    pub fn draft(&self) -> Draft {
        self.machine.with_value(|m| m.draft().clone())
    }

    /// The draft's id (its storage key's last part).
    pub fn draft_id(&self) -> Option<String> {
        self.machine.try_with_value(|m| m.draft().id.clone())
    }

    fn schedule(&self, st: &EditorState, app: AppState, ms: u64) {
        if self.timer.with_value(Option::is_some) {
            return;
        }
        let a = *self;
        let st = st.clone();
        let handle = set_timeout_with_handle(
            move || {
                a.timer.set_value(None);
                if a.machine.with_value(Saver::is_dirty) {
                    a.save_inner(&st, app);
                }
            },
            std::time::Duration::from_millis(ms),
        )
        .ok();
        self.timer.set_value(handle);
    }

    fn cancel_timer(&self) {
        if let Some(h) = self.timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    }

    /// Saves now if anything changed.
    pub fn flush(&self, st: &EditorState, app: AppState) {
        if self.machine.try_with_value(Saver::is_dirty) == Some(true) {
            self.save_now(st, app);
        } else {
            self.cancel_timer();
        }
    }

    /// Saves now, changed or not (Ctrl+S).
    pub fn save_now(&self, st: &EditorState, app: AppState) {
        self.cancel_timer();
        self.save_inner(st, app);
    }

    /// One save, timed as the User Timing measure `autosave`.
    fn save_inner(&self, st: &EditorState, app: AppState) {
        let content = content_of(st);
        let now = browser::now_ms();
        let retry = browser::measured("autosave", || {
            let mut retry = None;
            app.index.update(|index| {
                retry = self
                    .step(|m| m.save(app.store(), index, content, now))
                    .flatten();
            });
            retry
        });
        if let Some(ms) = retry {
            self.schedule(st, app, ms);
        }
    }

    /// Changes the draft's metadata (a hand-off checkpoint) and saves at once.
    pub fn save_meta(&self, st: &EditorState, app: AppState, f: impl FnOnce(&mut Draft)) {
        self.step(|m| m.update_draft(f));
        self.save_now(st, app);
    }

    /// Another tab stored `stored` under this draft's key.
    pub fn on_stored(&self, st: &EditorState, stored: Draft) {
        if let Some(theirs) = self.step(|m| m.on_stored(stored)).flatten() {
            apply(st, &theirs);
            st.edits.clear();
        }
    }

    /// Replaces this tab's values with `theirs` (and builds on its revision).
    pub fn take(&self, st: &EditorState, theirs: Draft) {
        apply(st, &theirs);
        st.edits.clear();
        self.step(|m| m.take(theirs));
    }

    /// Keeps this tab's values as a new draft, leaving the other tab's draft as it is.
    pub fn keep_both(&self, st: &EditorState, app: AppState) {
        let (id, now) = (app.new_draft_id(), browser::now_ms());
        self.step(|m| m.keep_both(id, now));
        self.save_now(st, app);
    }

    /// Merges field by field: `take_theirs` lists the fields to take from the other tab;
    /// the rest keep this tab's values. The result is saved over their revision.
    pub fn merge(&self, st: &EditorState, app: AppState, take_theirs: &[usize]) {
        let Some(theirs) = self.step(Saver::merge_onto_theirs).flatten() else {
            return;
        };
        for &i in take_theirs {
            if let (Some(f), Some(s)) = (st.template().fields().get(i), st.fields.get(i)) {
                s.restore(snapshot_of(st, i, &theirs, &f.name));
            }
        }
        st.edits.changed();
        self.save_now(st, app);
    }
}

/// The editor's values as the machine saves them.
fn content_of(st: &EditorState) -> Content {
    let (values, na, filled) = st.draft_values();
    Content {
        values,
        na,
        changed_by: st.changed_by(),
        overrides: st.overrides(),
        sources: st.sources(),
        filled,
        total: st.fields.len(),
    }
}

/// Field `i`'s state in `d` (its empty state when `d` has no value for it).
pub fn snapshot_of(st: &EditorState, i: usize, d: &Draft, name: &str) -> Snapshot {
    let f = &st.template().fields()[i];
    Snapshot {
        value: super::state::initial_value(f, d.values.get(name)),
        na: d.na.contains(name),
    }
}

/// Puts every value of `d` into the editor, with who changed each, which computed fields
/// are overridden and where imported values came from.
pub fn apply(st: &EditorState, d: &Draft) {
    for (i, f) in st.template().fields().iter().enumerate() {
        st.fields[i].restore(snapshot_of(st, i, d, &f.name));
        let s = &st.fields[i];
        let by = d.changed_by.get(&f.name).cloned();
        if s.by.get_untracked() != by {
            s.by.set(by);
        }
        let overridden = d.overrides.contains(&f.name);
        if s.overridden.get_untracked() != overridden {
            s.overridden.set(overridden);
        }
        let source = d.sources.get(&f.name).cloned();
        if s.source.get_untracked() != source {
            s.source.set(source);
        }
    }
}
