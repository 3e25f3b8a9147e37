//! Autosave: a change schedules a save at most [`SAVE_AFTER_MS`] later (so a tab killed
//! mid-typing loses at most that much), leaving the hidden page (`visibilitychange`,
//! `pagehide`) and Ctrl+S save at once. The save runs in a timer, never in the input
//! handler, so typing does not wait for it.
//!
//! A save never writes over a newer revision saved by another tab: it stops and the
//! editor asks the user (reload theirs, keep both, or merge field by field). When this tab
//! has no unsaved change, another tab's save is simply taken in.

use leptos::prelude::*;
use report_engine::Draft;

use super::history::Snapshot;
use super::state::EditorState;
use crate::drafts::{self, SaveError};
use crate::{browser, AppState};

/// The longest a change waits before it is saved.
pub const SAVE_AFTER_MS: u64 = 400;
/// While saving fails (storage full), it is retried this often as well as on each change.
pub const RETRY_MS: u64 = 3000;

#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    /// Nothing to save yet (a new, untouched draft).
    New,
    Pending,
    Saved(u64),
    /// The last save failed; the message says why and what to do.
    Failed(String),
    /// Storage cannot be used at all in this browser.
    Unavailable,
    /// Another tab saved newer work; waiting for the user's choice.
    Conflict,
}

impl SaveStatus {
    pub fn text(&self) -> String {
        match self {
            SaveStatus::New => "Not saved yet: nothing typed".into(),
            SaveStatus::Pending => "Saving…".into(),
            SaveStatus::Saved(ms) => format!("Saved {}", browser::local_time_of(*ms)),
            SaveStatus::Failed(why) => format!("Not saved: {why}"),
            SaveStatus::Unavailable => {
                "Not saved: this browser does not allow storage here, so the draft lasts only while this tab is open. Download it to keep it.".into()
            }
            SaveStatus::Conflict => "Not saved: another tab changed this draft".into(),
        }
    }

    /// A stable name for tests and styling (`data-status`).
    pub fn key(&self) -> &'static str {
        match self {
            SaveStatus::New => "new",
            SaveStatus::Pending => "pending",
            SaveStatus::Saved(_) => "saved",
            SaveStatus::Failed(_) => "failed",
            SaveStatus::Unavailable => "unavailable",
            SaveStatus::Conflict => "conflict",
        }
    }

    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            SaveStatus::Failed(_) | SaveStatus::Unavailable | SaveStatus::Conflict
        )
    }
}

/// The editor's saving state (Copy; provided as context).
#[derive(Clone, Copy)]
pub struct Autosave {
    pub status: RwSignal<SaveStatus>,
    /// The draft's identity and metadata; values come from the editor at save time.
    pub draft: StoredValue<Draft>,
    /// The stored revision this tab's values build on.
    base: StoredValue<u64>,
    dirty: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Another tab's newer save, while the user decides.
    pub theirs: RwSignal<Option<Draft>>,
}

impl Autosave {
    pub fn new(st: &EditorState, app: AppState) -> Self {
        let draft = st.doc.draft.clone();
        let status = if app.storage_unavailable.get_untracked() {
            SaveStatus::Unavailable
        } else if draft.revision == 0 {
            SaveStatus::New
        } else {
            SaveStatus::Saved(draft.updated_ms)
        };
        let a = Autosave {
            status: RwSignal::new(status),
            base: StoredValue::new(draft.revision),
            draft: StoredValue::new(draft),
            dirty: StoredValue::new(false),
            timer: StoredValue::new(None),
            theirs: RwSignal::new(None),
        };
        // Every change schedules a save.
        let changes = st.edits.changes;
        let st2 = st.clone();
        Effect::new(move |prev: Option<u64>| {
            let n = changes.get();
            if prev.is_some_and(|p| p != n) {
                a.dirty.set_value(true);
                a.schedule(&st2, app, SAVE_AFTER_MS);
            }
            n
        });
        a
    }

    fn schedule(&self, st: &EditorState, app: AppState, ms: u64) {
        if self.status.get_untracked() == SaveStatus::Unavailable
            || self.status.get_untracked() == SaveStatus::Conflict
        {
            return;
        }
        if !matches!(self.status.get_untracked(), SaveStatus::Failed(_)) {
            self.status.set(SaveStatus::Pending);
        }
        if self.timer.with_value(Option::is_some) {
            return;
        }
        let a = *self;
        let st = st.clone();
        let handle = set_timeout_with_handle(
            move || {
                a.timer.set_value(None);
                if a.dirty.get_value() {
                    browser::measured("autosave", || a.save_inner(&st, app));
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
        if self.dirty.get_value() {
            self.save_now(st, app);
        } else {
            self.cancel_timer();
        }
    }

    /// Saves now, changed or not (Ctrl+S). Timed as the User Timing measure `autosave`.
    pub fn save_now(&self, st: &EditorState, app: AppState) {
        self.cancel_timer();
        browser::measured("autosave", || self.save_inner(st, app));
    }

    fn save_inner(&self, st: &EditorState, app: AppState) {
        if matches!(
            self.status.get_untracked(),
            SaveStatus::Unavailable | SaveStatus::Conflict
        ) {
            return;
        }
        let (values, na, filled) = st.draft_values();
        let mut draft = self.draft.get_value();
        draft.values = values;
        draft.na = na;
        draft.changed_by = st.changed_by();
        draft.filled = filled;
        draft.total = st.fields.len();
        draft.updated_ms = browser::now_ms();
        let base = self.base.get_value();
        let mut result = Ok(());
        app.index
            .update(|index| result = drafts::save(&mut draft, base, index));
        match result {
            Ok(()) => {
                self.base.set_value(draft.revision);
                self.dirty.set_value(false);
                self.status.set(SaveStatus::Saved(draft.updated_ms));
                self.draft.set_value(draft);
            }
            Err(SaveError::Newer(theirs)) => {
                self.theirs.set(Some(*theirs));
                self.status.set(SaveStatus::Conflict);
            }
            Err(SaveError::Storage(e)) => {
                self.status.set(SaveStatus::Failed(format!(
                    "{e}. Your work is safe in this tab: download the draft, or free space by deleting old drafts; saving resumes by itself."
                )));
                self.dirty.set_value(true);
                self.schedule(st, app, RETRY_MS);
            }
        }
    }

    /// Saves at once after the draft's metadata changed (a hand-off checkpoint).
    pub fn save_meta(&self, st: &EditorState, app: AppState) {
        self.dirty.set_value(true);
        self.save_now(st, app);
    }

    /// Another tab stored `stored` under this draft's key.
    pub fn on_stored(&self, st: &EditorState, stored: Draft) {
        if stored.revision <= self.base.get_value() {
            return;
        }
        if self.dirty.get_value() {
            self.theirs.set(Some(stored));
            self.status.set(SaveStatus::Conflict);
        } else {
            self.take(st, stored);
        }
    }

    /// Replaces this tab's values with `theirs` (and builds on its revision).
    pub fn take(&self, st: &EditorState, theirs: Draft) {
        apply(st, &theirs);
        st.edits.clear();
        self.base.set_value(theirs.revision);
        self.dirty.set_value(false);
        self.status.set(SaveStatus::Saved(theirs.updated_ms));
        self.draft.set_value(theirs);
        self.theirs.set(None);
    }

    /// Keeps this tab's values as a new draft, leaving the other tab's draft as it is.
    pub fn keep_both(&self, st: &EditorState, app: AppState) {
        let mut draft = self.draft.get_value();
        let now = browser::now_ms();
        draft.id = drafts::new_id(now);
        draft.name = format!("{} (copy)", draft.name);
        draft.created_ms = now;
        draft.revision = 0;
        self.draft.set_value(draft);
        self.base.set_value(0);
        self.theirs.set(None);
        self.status.set(SaveStatus::Pending);
        self.save_now(st, app);
    }

    /// Merges field by field: `take_theirs` lists the fields to take from the other tab;
    /// the rest keep this tab's values. The result is saved over their revision.
    pub fn merge(&self, st: &EditorState, app: AppState, take_theirs: &[usize]) {
        let Some(theirs) = self.theirs.get_untracked() else {
            return;
        };
        for &i in take_theirs {
            if let (Some(f), Some(s)) = (st.template().fields().get(i), st.fields.get(i)) {
                s.restore(snapshot_of(st, i, &theirs, &f.name));
            }
        }
        self.base.set_value(theirs.revision);
        self.theirs.set(None);
        self.status.set(SaveStatus::Pending);
        self.dirty.set_value(true);
        st.edits.changed();
        self.save_now(st, app);
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

/// Puts every value of `d` into the editor, with who changed each.
pub fn apply(st: &EditorState, d: &Draft) {
    for (i, f) in st.template().fields().iter().enumerate() {
        st.fields[i].restore(snapshot_of(st, i, d, &f.name));
        let by = d.changed_by.get(&f.name).cloned();
        if st.fields[i].by.get_untracked() != by {
            st.fields[i].by.set(by);
        }
    }
}
