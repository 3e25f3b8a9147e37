//! Owner of the drafts in storage: one key per draft plus the index (see
//! `report_engine::draft` for the formats). The only code that reads, sets aside or writes
//! them.
//!
//! Keys: [`INDEX_KEY`] for the index, [`DRAFT_PREFIX`]`<id>` per draft. A value under one
//! of them that does not read is never deleted: it is copied to `<key>.corrupt-<ms>` first,
//! listed on the start screen and offered as a download.

use std::collections::BTreeMap;

use report_engine::{Draft, DraftIndex};

use super::{aside_keys, set_aside, StorageError, Store, ASIDE_MARK};

pub const INDEX_KEY: &str = "report-editor/v1/drafts";
pub const DRAFT_PREFIX: &str = "report-editor/v1/draft/";

pub fn draft_key(id: &str) -> String {
    format!("{DRAFT_PREFIX}{id}")
}

/// A new draft id from the time and 32 random bits, so two tabs never pick the same one.
pub fn new_id(now_ms: u64, random: u32) -> String {
    format!("{now_ms:x}-{random:08x}")
}

/// What was found in storage at start.
#[derive(Debug, Default)]
pub struct Loaded {
    pub index: DraftIndex,
    pub drafts: BTreeMap<String, Draft>,
    /// Keys of values set aside (now and earlier), to list and offer for download.
    pub aside: Vec<String>,
    /// Messages for the person (what was set aside and why).
    pub notices: Vec<String>,
    /// Storage could not be used at all.
    pub unavailable: bool,
}

/// Reads the index and every draft; sets aside what does not read and rebuilds the index
/// from the drafts.
pub fn load(store: &dyn Store, now_ms: u64) -> Loaded {
    let mut out = Loaded::default();
    let Ok(keys) = store.keys() else {
        out.unavailable = true;
        return out;
    };
    for key in keys.iter().filter(|k| k.starts_with(DRAFT_PREFIX)) {
        if key.contains(ASIDE_MARK) {
            continue;
        }
        let Ok(Some(raw)) = store.get(key) else {
            continue;
        };
        let what = format!("A stored draft ({})", &key[DRAFT_PREFIX.len()..]);
        match Draft::from_json(&raw) {
            Ok(d) if draft_key(&d.id) == *key => {
                out.drafts.insert(d.id.clone(), d);
            }
            Ok(_) => out.notices.push(keep_aside(
                store,
                key,
                &raw,
                &what,
                "its id does not match its key",
                now_ms,
            )),
            Err(e) => out
                .notices
                .push(keep_aside(store, key, &raw, &what, &e.to_string(), now_ms)),
        }
    }
    let mut index = match store.get(INDEX_KEY) {
        Ok(Some(raw)) => DraftIndex::from_json(&raw).unwrap_or_else(|e| {
            out.notices.push(keep_aside(
                store,
                INDEX_KEY,
                &raw,
                "The list of drafts",
                &e.to_string(),
                now_ms,
            ));
            DraftIndex::default()
        }),
        _ => DraftIndex::default(),
    };
    let stored: Vec<Draft> = out.drafts.values().cloned().collect();
    index.reconcile(&stored);
    out.index = index;
    out.aside = aside_keys(store);
    out
}

/// Sets `raw` aside; the message says what happened.
fn keep_aside(store: &dyn Store, key: &str, raw: &str, what: &str, why: &str, now: u64) -> String {
    match set_aside(store, key, raw, now) {
        Ok(_) => format!(
            "{what} could not be read ({why}). It was kept aside, not deleted: download it from “Set aside” below."
        ),
        Err(e) => format!(
            "{what} could not be read ({why}) and could not be copied aside ({e}); it was left as it is."
        ),
    }
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    Storage(StorageError),
    /// Another tab saved a newer revision of this draft since this tab last read it.
    Newer(Box<Draft>),
}

/// Saves `draft` as revision `base + 1` unless the stored copy moved past `base` (another
/// tab saved it). Updates the index and marks the draft as the last one open.
pub fn save(
    store: &dyn Store,
    draft: &mut Draft,
    base: u64,
    index: &mut DraftIndex,
) -> Result<(), SaveError> {
    let key = draft_key(&draft.id);
    if let Some(stored) = read(store, &draft.id) {
        if stored.revision > base {
            return Err(SaveError::Newer(Box::new(stored)));
        }
    }
    draft.revision = base + 1;
    store.set(&key, &draft.to_json()).map_err(|e| {
        draft.revision = base;
        SaveError::Storage(e)
    })?;
    index.upsert(draft);
    index.last_open = Some(draft.id.clone());
    // The index is a cache (rebuilt from the drafts at start), so failing to write it
    // loses nothing.
    let _ = write_index(store, index);
    Ok(())
}

/// Writes the index (after a rename, delete or the last-open draft changing).
pub fn write_index(store: &dyn Store, index: &DraftIndex) -> Result<(), StorageError> {
    store.set(INDEX_KEY, &index.to_json())
}

/// Reads one stored draft.
pub fn read(store: &dyn Store, id: &str) -> Option<Draft> {
    let raw = store.get(&draft_key(id)).ok()??;
    Draft::from_json(&raw).ok()
}

/// Removes a draft from storage (the caller keeps it in memory for undo).
pub fn remove(store: &dyn Store, id: &str) -> Result<(), StorageError> {
    store.remove(&draft_key(id))
}

/// Writes a draft as it is (restore after delete, duplicate, import).
pub fn put(store: &dyn Store, draft: &Draft) -> Result<(), StorageError> {
    store.set(&draft_key(&draft.id), &draft.to_json())
}

/// A value set aside, to download: its key and text (only keys set aside by this app).
pub fn aside_value(store: &dyn Store, key: &str) -> Option<String> {
    (key.starts_with(super::KEY_PREFIX) && key.contains(ASIDE_MARK))
        .then(|| store.get(key).ok().flatten())
        .flatten()
}

// ---------------------------------------------------------------------------------------
// What the drafts list does: rename, duplicate, delete and undo, export and import. Each
// keeps storage and the index in step; the list only shows the outcome.
// ---------------------------------------------------------------------------------------

/// Why an operation on a stored draft did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpError {
    /// The draft is not in storage or does not read.
    Unreadable,
    /// A rename to nothing.
    EmptyName,
    Storage(StorageError),
}

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpError::Unreadable => f.write_str("this draft could not be read from storage"),
            OpError::EmptyName => f.write_str("a draft needs a name"),
            OpError::Storage(e) => e.fmt(f),
        }
    }
}

impl From<StorageError> for OpError {
    fn from(e: StorageError) -> Self {
        OpError::Storage(e)
    }
}

/// Renames draft `id`; returns the name as stored (trimmed).
pub fn rename(
    store: &dyn Store,
    index: &mut DraftIndex,
    id: &str,
    name: &str,
) -> Result<String, OpError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(OpError::EmptyName);
    }
    let mut d = read(store, id).ok_or(OpError::Unreadable)?;
    d.name = name.to_string();
    put(store, &d)?;
    // Renaming is not a change of content: the draft keeps its place in the list.
    if let Some(s) = index.drafts.iter_mut().find(|s| s.id == d.id) {
        s.name = d.name.clone();
    }
    let _ = write_index(store, index);
    Ok(d.name)
}

/// Stores a copy of draft `id` as `new_id`, named "… (copy)".
pub fn duplicate(
    store: &dyn Store,
    index: &mut DraftIndex,
    id: &str,
    new_id: String,
    now_ms: u64,
) -> Result<Draft, OpError> {
    let mut d = read(store, id).ok_or(OpError::Unreadable)?;
    d.id = new_id;
    d.name = format!("{} (copy)", d.name);
    d.created_ms = now_ms;
    d.updated_ms = now_ms;
    d.revision = 1;
    put(store, &d)?;
    index.upsert(&d);
    let _ = write_index(store, index);
    Ok(d)
}

/// Deletes draft `id`; returns it, for [`restore`].
pub fn delete(store: &dyn Store, index: &mut DraftIndex, id: &str) -> Result<Draft, OpError> {
    let d = read(store, id).ok_or(OpError::Unreadable)?;
    remove(store, id)?;
    index.remove(id);
    let _ = write_index(store, index);
    Ok(d)
}

/// Puts a deleted draft back.
pub fn restore(store: &dyn Store, index: &mut DraftIndex, d: &Draft) -> Result<(), OpError> {
    put(store, d)?;
    index.upsert(d);
    index.sort();
    let _ = write_index(store, index);
    Ok(())
}

/// Every stored draft in the index and every template of the library, as one backup.
pub fn export(store: &dyn Store, index: &DraftIndex, now_ms: u64) -> report_engine::Backup {
    let drafts = index
        .drafts
        .iter()
        .filter_map(|s| read(store, &s.id))
        .collect();
    let templates = super::library::load(store, now_ms)
        .library
        .templates()
        .iter()
        .map(|t| report_engine::draft::BackupTemplate {
            hash: t.hash.clone(),
            name: t.name.clone(),
            source: t.source.clone(),
        })
        .collect();
    report_engine::Backup {
        exported_ms: now_ms,
        drafts,
        templates,
    }
}

/// What an import stored.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub drafts: usize,
    /// Drafts whose id was taken by a different draft, stored as copies.
    pub copies: usize,
    /// Drafts identical to one already here.
    pub skipped: usize,
    pub new_templates: usize,
    /// Why the rest was not stored (storage full), if it stopped.
    pub stopped: Option<String>,
    /// The library had to be set aside first (it did not read).
    pub library_notice: Option<String>,
}

impl Imported {
    /// The outcome in words.
    pub fn message(&self) -> String {
        use crate::text::plural;
        let mut msg = format!(
            "Imported {} ({} as copies, {} already here) and {}.",
            plural(self.drafts, "draft"),
            self.copies,
            self.skipped,
            plural(self.new_templates, "new template")
        );
        if let Some(e) = &self.stopped {
            msg.push_str(&format!(
                " The rest could not be stored ({e}); free space and import again."
            ));
        }
        if let Some(n) = &self.library_notice {
            msg.push(' ');
            msg.push_str(n);
        }
        msg
    }
}

/// Stores a backup's templates (through the library's owner) and drafts; never writes over
/// an existing draft. `Err` when the templates could not be stored: then nothing is.
pub fn import(
    store: &dyn Store,
    index: &mut DraftIndex,
    backup: report_engine::Backup,
    now_ms: u64,
    mut new_id: impl FnMut() -> String,
) -> Result<Imported, String> {
    use report_engine::library::{Added, StoredTemplate};
    let templates = backup.templates;
    let changed = super::library::change(store, now_ms, |lib| {
        templates
            .into_iter()
            .map(|t| {
                lib.add(StoredTemplate {
                    hash: t.hash,
                    name: t.name,
                    source: t.source,
                    added_ms: now_ms,
                })
            })
            .filter(|a| *a == Added::New)
            .count()
    })
    .map_err(|(e, _)| format!("Nothing was imported: the templates could not be stored ({e})."))?;
    let existing: BTreeMap<String, Draft> = index
        .drafts
        .iter()
        .filter_map(|s| read(store, &s.id).map(|d| (s.id.clone(), d)))
        .collect();
    let plan = report_engine::draft::plan_import(&existing, backup.drafts, &mut new_id);
    let mut out = Imported {
        copies: plan.copies,
        skipped: plan.skipped,
        new_templates: changed.result,
        library_notice: changed.notice,
        ..Imported::default()
    };
    for d in &plan.drafts {
        if let Err(e) = put(store, d) {
            out.stopped = Some(e.to_string());
            break;
        }
        out.drafts += 1;
        index.upsert(d);
    }
    index.sort();
    let _ = write_index(store, index);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{library, MemoryStore};
    use report_engine::{Backup, Value};

    /// A stored draft `id` named `name`, changed at `ms`.
    fn draft(id: &str, name: &str, ms: u64) -> Draft {
        let mut d = Draft::from_json(&format!(
            r#"{{"format":"report-editor/draft","version":1,"draft":{{"id":"{id}","name":"{name}","template":{{"kind":"builtin","id":"staging-deployment-report","hash":"h"}},"template_title":"T","values":{{}},"created_ms":{ms},"updated_ms":{ms},"revision":1,"total":2}}}}"#
        ))
        .expect("a draft");
        d.values.set("A", Value::Text(format!("{name} value")));
        d
    }

    fn stored_with(drafts: &[Draft]) -> (MemoryStore, DraftIndex) {
        let store = MemoryStore::new();
        let mut index = DraftIndex::default();
        for d in drafts {
            put(&store, d).unwrap();
            index.upsert(d);
        }
        index.sort();
        write_index(&store, &index).unwrap();
        (store, index)
    }

    #[test]
    fn load_reads_every_draft_and_rebuilds_a_stale_index() {
        let (store, _) = stored_with(&[draft("a", "A", 1), draft("b", "B", 2)]);
        store
            .set(INDEX_KEY, &DraftIndex::default().to_json())
            .unwrap();
        let loaded = load(&store, 9);
        assert_eq!(loaded.drafts.len(), 2);
        let ids: Vec<&str> = loaded.index.drafts.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"], "newest change first");
        assert!(loaded.notices.is_empty() && loaded.aside.is_empty() && !loaded.unavailable);
    }

    #[test]
    fn load_sets_aside_what_does_not_read_and_says_so() {
        let (store, _) = stored_with(&[draft("a", "A", 1)]);
        store.set(&draft_key("broken"), "{not json").unwrap();
        store
            .set(&draft_key("moved"), &draft("other", "O", 1).to_json())
            .unwrap();
        store.set(INDEX_KEY, "[]").unwrap();
        store.set("another-app/key", "{not json").unwrap();
        let loaded = load(&store, 77);
        assert_eq!(loaded.drafts.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(loaded.notices.len(), 3, "{:?}", loaded.notices);
        assert!(loaded
            .notices
            .iter()
            .all(|n| n.contains("kept aside, not deleted")));
        assert!(loaded
            .notices
            .iter()
            .any(|n| n.contains("its id does not match its key")));
        assert!(loaded
            .notices
            .iter()
            .any(|n| n.starts_with("The list of drafts could not be read")));
        assert_eq!(
            loaded.aside,
            [
                format!("{}.corrupt-77", draft_key("broken")),
                format!("{}.corrupt-77", draft_key("moved")),
                format!("{INDEX_KEY}.corrupt-77"),
            ]
        );
        assert_eq!(
            store
                .get(&format!("{}.corrupt-77", draft_key("broken")))
                .unwrap()
                .as_deref(),
            Some("{not json"),
            "byte for byte"
        );
        assert_eq!(
            aside_value(&store, &loaded.aside[0]).as_deref(),
            Some("{not json")
        );
        assert_eq!(
            aside_value(&store, "another-app/key"),
            None,
            "only set-aside keys"
        );
        assert_eq!(
            loaded.index.drafts.len(),
            1,
            "the index is rebuilt from the drafts"
        );
        // The next start finds nothing new to set aside and lists the same keys.
        let again = load(&store, 78);
        assert!(again.notices.is_empty());
        assert_eq!(again.aside, loaded.aside);
    }

    #[test]
    fn load_leaves_a_value_it_cannot_copy_aside() {
        let store = MemoryStore::with(&[(&draft_key("broken"), "{not json")]);
        store.fail_writes(StorageError::Full);
        let loaded = load(&store, 1);
        assert!(loaded.notices[0]
            .contains("could not be copied aside (browser storage is full); it was left as it is"));
        assert_eq!(
            store.get(&draft_key("broken")).unwrap().as_deref(),
            Some("{not json")
        );
    }

    #[test]
    fn load_without_storage_says_unavailable() {
        let store = MemoryStore::new();
        store.make_unavailable();
        assert!(load(&store, 1).unavailable);
    }

    #[test]
    fn save_refuses_to_write_over_a_newer_revision() {
        let (store, mut index) = stored_with(&[draft("a", "A", 1)]);
        let mut mine = draft("a", "A", 2);
        save(&store, &mut mine, 1, &mut index).unwrap();
        assert_eq!(read(&store, "a").unwrap().revision, 2);
        let mut stale = draft("a", "stale", 3);
        match save(&store, &mut stale, 1, &mut index) {
            Err(SaveError::Newer(theirs)) => assert_eq!(theirs.revision, 2),
            other => panic!("{other:?}"),
        }
        assert_eq!(read(&store, "a").unwrap().name, "A");
        store.fail_writes(StorageError::Full);
        let mut next = draft("a", "A", 4);
        assert_eq!(
            save(&store, &mut next, 2, &mut index),
            Err(SaveError::Storage(StorageError::Full))
        );
        assert_eq!(
            next.revision, 2,
            "the revision is not used up by a failed save"
        );
    }

    #[test]
    fn rename_keeps_the_place_and_refuses_nothing_or_the_unreadable() {
        let (store, mut index) = stored_with(&[draft("a", "A", 1), draft("b", "B", 2)]);
        assert_eq!(rename(&store, &mut index, "a", "  New  ").unwrap(), "New");
        assert_eq!(read(&store, "a").unwrap().name, "New");
        let names: Vec<&str> = index.drafts.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["B", "New"]);
        assert_eq!(
            rename(&store, &mut index, "a", " "),
            Err(OpError::EmptyName)
        );
        assert_eq!(
            rename(&store, &mut index, "zz", "x"),
            Err(OpError::Unreadable)
        );
        let stored_index = DraftIndex::from_json(&store.get(INDEX_KEY).unwrap().unwrap()).unwrap();
        assert_eq!(stored_index, index, "the stored index follows");
    }

    #[test]
    fn duplicate_delete_and_undo() {
        let (store, mut index) = stored_with(&[draft("a", "A", 1)]);
        let copy = duplicate(&store, &mut index, "a", "c".into(), 5).unwrap();
        assert_eq!(
            (copy.name.as_str(), copy.revision, copy.created_ms),
            ("A (copy)", 1, 5)
        );
        assert_eq!(
            read(&store, "c").unwrap().values,
            read(&store, "a").unwrap().values
        );
        let gone = delete(&store, &mut index, "a").unwrap();
        assert!(read(&store, "a").is_none() && index.get("a").is_none());
        restore(&store, &mut index, &gone).unwrap();
        assert_eq!(read(&store, "a"), Some(gone));
        let ids: Vec<&str> = index.drafts.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["c", "a"]);
        store.fail_writes(StorageError::Full);
        assert_eq!(
            duplicate(&store, &mut index, "a", "d".into(), 6),
            Err(OpError::Storage(StorageError::Full))
        );
        assert!(index.get("d").is_none());
    }

    #[test]
    fn export_then_import_elsewhere_restores_everything_and_twice_adds_nothing() {
        let (store, index) = stored_with(&[draft("a", "A", 1), draft("b", "B", 2)]);
        library::change(&store, 1, |l| {
            l.add(report_engine::library::StoredTemplate::new(
                "T".into(),
                "# T {{X}}".into(),
                1,
            ))
        })
        .unwrap();
        let backup = export(&store, &index, 10);
        assert_eq!((backup.drafts.len(), backup.templates.len()), (2, 1));
        let json = backup.to_json();

        let other = MemoryStore::new();
        let mut other_index = DraftIndex::default();
        let b = Backup::from_json(&json).unwrap();
        let imported = import(&other, &mut other_index, b, 20, || unreachable!()).unwrap();
        assert_eq!(
            imported.message(),
            "Imported 2 drafts (0 as copies, 0 already here) and 1 new template."
        );
        assert_eq!(read(&other, "a"), read(&store, "a"));
        assert_eq!(library::load(&other, 21).library.len(), 1);
        let again = import(
            &other,
            &mut other_index,
            Backup::from_json(&json).unwrap(),
            30,
            || unreachable!(),
        )
        .unwrap();
        assert_eq!(
            (again.drafts, again.skipped, again.new_templates),
            (0, 2, 0)
        );
    }

    #[test]
    fn import_never_writes_over_a_different_draft_with_the_same_id() {
        let (store, mut index) = stored_with(&[draft("a", "Mine", 1)]);
        let backup = Backup {
            exported_ms: 1,
            drafts: vec![draft("a", "Theirs", 2)],
            templates: Vec::new(),
        };
        let imported = import(&store, &mut index, backup, 5, || "new".to_string()).unwrap();
        assert_eq!((imported.drafts, imported.copies), (1, 1));
        assert_eq!(read(&store, "a").unwrap().name, "Mine");
        assert!(read(&store, "new").unwrap().name.starts_with("Theirs"));
    }

    #[test]
    fn import_into_a_corrupt_library_sets_it_aside_first() {
        let store = MemoryStore::with(&[(library::KEY, "garbage")]);
        let backup = Backup {
            exported_ms: 1,
            drafts: Vec::new(),
            templates: vec![report_engine::draft::BackupTemplate {
                hash: report_engine::content_hash("# T {{X}}"),
                name: "T".into(),
                source: "# T {{X}}".into(),
            }],
        };
        let imported = import(&store, &mut DraftIndex::default(), backup, 5, String::new).unwrap();
        assert_eq!(imported.new_templates, 1);
        assert!(imported.message().contains("could not be read"));
        assert_eq!(
            store
                .get(&format!("{}.corrupt-5", library::KEY))
                .unwrap()
                .as_deref(),
            Some("garbage")
        );
    }

    #[test]
    fn import_stops_when_storage_is_full_and_says_what_was_kept() {
        let store = MemoryStore::new();
        let mut index = DraftIndex::default();
        let one = draft("a", "A", 1).to_json().len();
        store.set_quota(Some(one + draft_key("a").len() + 10));
        let backup = Backup {
            exported_ms: 1,
            drafts: vec![draft("a", "A", 1), draft("b", "B", 2)],
            templates: Vec::new(),
        };
        let imported = import(&store, &mut index, backup, 5, String::new).unwrap();
        assert_eq!(imported.drafts, 1);
        assert!(imported.message().ends_with(
            "The rest could not be stored (browser storage is full); free space and import again."
        ));
    }
}
