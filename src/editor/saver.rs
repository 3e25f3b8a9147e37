//! The autosave and tab-clash state machine, in plain Rust: when a change is saved, what a
//! failed save does, and what happens when another tab saved the same draft. `autosave`
//! wraps it in signals and a timer; the native tests below drive it on an in-memory store
//! through every fault the end-to-end suite covers.
//!
//! A save never writes over a newer revision saved by another tab: it stops in
//! [`SaveStatus::Conflict`] until the person chooses (load theirs, keep both, merge). When
//! this tab has no unsaved change, another tab's save is simply taken in.

use std::collections::{BTreeMap, BTreeSet};

use report_engine::{Draft, DraftIndex, Values};

use crate::store::drafts::{self, SaveError};
use crate::store::Store;

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
    /// Another tab saved newer work; waiting for the person's choice.
    Conflict,
}

impl SaveStatus {
    /// The status line; `local_time` writes a time of day.
    pub fn text(&self, local_time: impl FnOnce(u64) -> String) -> String {
        match self {
            SaveStatus::New => "Not saved yet: nothing typed".into(),
            SaveStatus::Pending => "Saving…".into(),
            SaveStatus::Saved(ms) => format!("Saved {}", local_time(*ms)),
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

    /// Saving is stopped (no storage, or waiting for the person's choice).
    fn is_stopped(&self) -> bool {
        matches!(self, SaveStatus::Unavailable | SaveStatus::Conflict)
    }
}

/// The draft's values as the editor has them, at save time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    pub values: Values,
    pub na: BTreeSet<String>,
    pub changed_by: BTreeMap<String, String>,
    pub overrides: BTreeSet<String>,
    pub sources: BTreeMap<String, report_engine::import::Source>,
    pub filled: usize,
    pub total: usize,
}

/// What the caller does after a step: nothing, or save again after this many ms.
pub type Retry = Option<u64>;

/// The state machine. `draft` holds the draft's identity and metadata; values come from
/// the editor at save time.
#[derive(Debug, Clone)]
pub struct Saver {
    draft: Draft,
    /// The stored revision this tab's values build on.
    base: u64,
    dirty: bool,
    status: SaveStatus,
    /// Another tab's newer save, while the person decides.
    theirs: Option<Draft>,
}

impl Saver {
    pub fn new(draft: Draft, storage_available: bool) -> Self {
        let status = if !storage_available {
            SaveStatus::Unavailable
        } else if draft.revision == 0 {
            SaveStatus::New
        } else {
            SaveStatus::Saved(draft.updated_ms)
        };
        Saver {
            base: draft.revision,
            draft,
            dirty: false,
            status,
            theirs: None,
        }
    }

    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// Changes the draft's metadata (a hand-off checkpoint): saved with the next save.
    pub fn update_draft(&mut self, f: impl FnOnce(&mut Draft)) {
        f(&mut self.draft);
        self.dirty = true;
    }

    pub fn theirs(&self) -> Option<&Draft> {
        self.theirs.as_ref()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// A change was made. True when a save should be scheduled.
    pub fn changed(&mut self) -> bool {
        self.dirty = true;
        if self.status.is_stopped() {
            return false;
        }
        if !matches!(self.status, SaveStatus::Failed(_)) {
            self.status = SaveStatus::Pending;
        }
        true
    }

    /// Saves `content` as the next revision, unless saving is stopped. A failed save stays
    /// dirty and asks to be retried after [`RETRY_MS`].
    pub fn save(
        &mut self,
        store: &dyn Store,
        index: &mut DraftIndex,
        content: Content,
        now_ms: u64,
    ) -> Retry {
        if self.status.is_stopped() {
            return None;
        }
        let mut draft = self.draft.clone();
        draft.values = content.values;
        draft.na = content.na;
        draft.changed_by = content.changed_by;
        draft.overrides = content.overrides;
        draft.sources = content.sources;
        draft.filled = content.filled;
        draft.total = content.total;
        draft.updated_ms = now_ms;
        match drafts::save(store, &mut draft, self.base, index) {
            Ok(()) => {
                self.base = draft.revision;
                self.dirty = false;
                self.status = SaveStatus::Saved(draft.updated_ms);
                self.draft = draft;
                None
            }
            Err(SaveError::Newer(theirs)) => {
                self.theirs = Some(*theirs);
                self.status = SaveStatus::Conflict;
                None
            }
            Err(SaveError::Storage(e)) => {
                self.status = SaveStatus::Failed(format!(
                    "{e}. Your work is safe in this tab: download the draft, or free space by deleting old drafts; saving resumes by itself."
                ));
                self.dirty = true;
                Some(RETRY_MS)
            }
        }
    }

    /// Another tab stored `stored` under this draft's key. Returns the draft to show when
    /// this tab has nothing unsaved (its values replace this tab's); otherwise the person
    /// is asked.
    pub fn on_stored(&mut self, stored: Draft) -> Option<Draft> {
        if stored.revision <= self.base {
            return None;
        }
        if self.dirty {
            self.theirs = Some(stored);
            self.status = SaveStatus::Conflict;
            None
        } else {
            self.take(stored.clone());
            Some(stored)
        }
    }

    /// This tab now shows `theirs` (and builds on its revision).
    pub fn take(&mut self, theirs: Draft) {
        self.base = theirs.revision;
        self.dirty = false;
        self.status = SaveStatus::Saved(theirs.updated_ms);
        self.draft = theirs;
        self.theirs = None;
    }

    /// Keeps this tab's values as a new draft `id`, leaving the other tab's as it is. The
    /// caller saves next.
    pub fn keep_both(&mut self, id: String, now_ms: u64) {
        self.draft.id = id;
        self.draft.name = format!("{} (copy)", self.draft.name);
        self.draft.created_ms = now_ms;
        self.draft.revision = 0;
        self.base = 0;
        self.theirs = None;
        self.dirty = true;
        self.status = SaveStatus::Pending;
    }

    /// Starts a field-by-field merge: returns their draft (the caller takes the fields the
    /// person chose from it) and builds on its revision. The caller saves next.
    pub fn merge_onto_theirs(&mut self) -> Option<Draft> {
        let theirs = self.theirs.take()?;
        self.base = theirs.revision;
        self.dirty = true;
        self.status = SaveStatus::Pending;
        Some(theirs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{MemoryStore, StorageError};
    use report_engine::{TemplateRef, Value};

    fn draft() -> Draft {
        let template = report_engine::parse("# T\n\nA: {{A}}\n\nB: {{B}}\n");
        let mut d = Draft::from_json(
            r#"{"format":"report-editor/draft","version":1,"draft":{"id":"d1","name":"T","template":{"kind":"custom","hash":"h"},"template_title":"T","values":{},"created_ms":1,"updated_ms":1,"revision":0}}"#,
        )
        .expect("a minimal draft reads");
        d.total = template.fields().len();
        assert_eq!(d.template, TemplateRef::Custom { hash: "h".into() });
        d
    }

    fn content(a: &str) -> Content {
        let mut values = Values::new();
        values.set("A", Value::Text(a.into()));
        Content {
            values,
            filled: usize::from(!a.is_empty()),
            total: 2,
            ..Content::default()
        }
    }

    fn stored(store: &MemoryStore) -> Draft {
        drafts::read(store, "d1").expect("stored")
    }

    #[test]
    fn a_change_is_pending_then_saved_as_the_next_revision() {
        let store = MemoryStore::new();
        let mut index = DraftIndex::default();
        let mut s = Saver::new(draft(), true);
        assert_eq!(s.status(), &SaveStatus::New);
        assert!(s.changed());
        assert_eq!(s.status(), &SaveStatus::Pending);
        assert_eq!(s.save(&store, &mut index, content("x"), 10), None);
        assert_eq!(s.status(), &SaveStatus::Saved(10));
        assert!(!s.is_dirty());
        let d = stored(&store);
        assert_eq!((d.revision, d.filled), (1, 1));
        assert_eq!(d.values.get("A"), Some(&Value::Text("x".into())));
        assert_eq!(index.last_open.as_deref(), Some("d1"));
        assert_eq!(index.get("d1").map(|s| s.percent()), Some(50));
        s.changed();
        s.save(&store, &mut index, content("xy"), 11);
        assert_eq!(stored(&store).revision, 2);
    }

    #[test]
    fn full_storage_fails_keeps_the_change_and_retries_until_it_saves() {
        let store = MemoryStore::new();
        let mut index = DraftIndex::default();
        let mut s = Saver::new(draft(), true);
        store.fail_writes(StorageError::Full);
        s.changed();
        assert_eq!(s.save(&store, &mut index, content("x"), 10), Some(RETRY_MS));
        assert!(
            matches!(s.status(), SaveStatus::Failed(m) if m.starts_with("browser storage is full. Your work is safe"))
        );
        assert!(s.is_dirty());
        assert!(s.status().is_problem());
        // Typing on while it fails keeps the message (no "Saving…" flicker).
        assert!(s.changed());
        assert!(matches!(s.status(), SaveStatus::Failed(_)));
        assert!(drafts::read(&store, "d1").is_none(), "nothing half-written");
        store.allow_writes();
        assert_eq!(s.save(&store, &mut index, content("xy"), 20), None);
        assert_eq!(s.status(), &SaveStatus::Saved(20));
        assert_eq!(
            stored(&store).revision,
            1,
            "the failed attempt used no revision"
        );
    }

    #[test]
    fn without_storage_nothing_is_scheduled_or_written() {
        let store = MemoryStore::new();
        store.make_unavailable();
        let mut s = Saver::new(draft(), false);
        assert_eq!(s.status(), &SaveStatus::Unavailable);
        assert!(!s.changed());
        assert_eq!(
            s.save(&store, &mut DraftIndex::default(), content("x"), 1),
            None
        );
        assert_eq!(s.status(), &SaveStatus::Unavailable);
        assert!(s
            .status()
            .text(|_| String::new())
            .contains("lasts only while this tab is open"));
    }

    /// Two tabs on one draft: B saves over A's revision; A's next save stops instead of
    /// writing over B, and nothing more is written until A chooses.
    fn two_tabs_in_conflict() -> (MemoryStore, Saver, Saver, DraftIndex) {
        let store = MemoryStore::new();
        let mut index = DraftIndex::default();
        let mut a = Saver::new(draft(), true);
        a.changed();
        a.save(&store, &mut index, content("a1"), 10);
        let mut b = Saver::new(stored(&store), true);
        b.changed();
        b.save(&store, &mut index, content("b"), 20);
        a.changed();
        let writes = store.writes();
        assert_eq!(a.save(&store, &mut index, content("a2"), 30), None);
        assert_eq!(a.status(), &SaveStatus::Conflict);
        assert_eq!(a.theirs().map(|d| d.revision), Some(2));
        assert!(!a.changed(), "no saves scheduled while in conflict");
        assert_eq!(a.save(&store, &mut index, content("a3"), 31), None);
        assert_eq!(store.writes(), writes, "nothing written over theirs");
        assert_eq!(
            stored(&store).values.get("A"),
            Some(&Value::Text("b".into()))
        );
        (store, a, b, index)
    }

    #[test]
    fn conflict_then_load_theirs() {
        let (_store, mut a, _b, _) = two_tabs_in_conflict();
        let theirs = a.theirs().cloned().unwrap();
        a.take(theirs);
        assert_eq!(a.status(), &SaveStatus::Saved(20));
        assert!(!a.is_dirty() && a.theirs().is_none());
    }

    #[test]
    fn conflict_then_keep_both_saves_mine_as_a_copy() {
        let (store, mut a, _b, mut index) = two_tabs_in_conflict();
        a.keep_both("d2".into(), 40);
        a.save(&store, &mut index, content("a2"), 41);
        let copy = drafts::read(&store, "d2").unwrap();
        assert_eq!((copy.name.as_str(), copy.revision), ("T (copy)", 1));
        assert_eq!(copy.values.get("A"), Some(&Value::Text("a2".into())));
        assert_eq!(
            stored(&store).values.get("A"),
            Some(&Value::Text("b".into())),
            "theirs kept"
        );
    }

    #[test]
    fn conflict_then_merge_saves_over_their_revision() {
        let (store, mut a, _b, mut index) = two_tabs_in_conflict();
        let theirs = a.merge_onto_theirs().unwrap();
        assert_eq!(theirs.revision, 2);
        a.save(&store, &mut index, content("merged"), 50);
        let d = stored(&store);
        assert_eq!((d.revision, a.status()), (3, &SaveStatus::Saved(50)));
        assert_eq!(d.values.get("A"), Some(&Value::Text("merged".into())));
    }

    #[test]
    fn another_tabs_save_is_taken_in_when_clean_and_asked_about_when_dirty() {
        let store = MemoryStore::new();
        let mut index = DraftIndex::default();
        let mut a = Saver::new(draft(), true);
        a.changed();
        a.save(&store, &mut index, content("a"), 10);
        let mut newer = stored(&store);
        newer.revision = 2;
        newer.updated_ms = 15;
        let mut older = newer.clone();
        older.revision = 1;
        assert_eq!(
            a.on_stored(older),
            None,
            "its own save echoes back: ignored"
        );
        assert_eq!(a.on_stored(newer.clone()).map(|d| d.revision), Some(2));
        assert_eq!(a.status(), &SaveStatus::Saved(15));
        let mut newest = newer.clone();
        newest.revision = 3;
        a.changed();
        assert_eq!(a.on_stored(newest), None);
        assert_eq!(a.status(), &SaveStatus::Conflict);
    }

    #[test]
    fn metadata_changes_are_saved_with_the_next_save() {
        let store = MemoryStore::new();
        let mut s = Saver::new(draft(), true);
        s.update_draft(|d| d.lineage = "L".into());
        assert!(s.is_dirty());
        s.save(&store, &mut DraftIndex::default(), content(""), 5);
        assert_eq!(stored(&store).lineage, "L");
    }

    #[test]
    fn status_text_and_keys() {
        assert_eq!(
            SaveStatus::Saved(5).text(|ms| format!("at {ms}")),
            "Saved at 5"
        );
        assert_eq!(SaveStatus::Pending.key(), "pending");
        assert!(!SaveStatus::Saved(1).is_problem());
    }
}
