//! Owner of Your templates (the template library) in storage: the only code that reads,
//! migrates, sets aside or writes [`KEY`].
//!
//! Every change goes through [`change`], which reads the library as stored now (so another
//! tab's changes are kept), sets an unreadable value aside before anything is written, and
//! refuses to write when that value could not be set aside. No caller can replace a
//! library it could not read: that is safe by construction, whichever screen writes first.

use std::fmt;

use report_engine::library::{custom_key, Library};
use report_engine::DraftIndex;

use super::{set_aside, StorageError, Store};

/// The one storage key of the library.
pub const KEY: &str = "report-editor/v1/templates";

/// What can be done with the stored library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Writable,
    /// A stored value could not be read nor set aside: nothing is written, so it is kept.
    ReadOnly,
    /// No storage at all.
    Unavailable,
}

/// The library as read, and what to tell the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub library: Library,
    pub mode: Mode,
    /// Set when the stored value did not read (set aside, or left as it is) or storage is
    /// not available.
    pub notice: Option<String>,
}

pub const UNAVAILABLE: &str = "Browser storage is not available here (site data may be \
     blocked, or this is a private window), so templates you open are not kept. They still open.";

/// Reads the library. A stored value this version cannot read is copied aside under a
/// `…corrupt-<time>` key (never deleted) and the library starts empty.
pub fn load(store: &dyn Store, now_ms: u64) -> Loaded {
    let empty = |mode, notice: Option<String>| Loaded {
        library: Library::new(),
        mode,
        notice,
    };
    let raw = match store.get(KEY) {
        Err(_) => return empty(Mode::Unavailable, Some(UNAVAILABLE.into())),
        Ok(None) => return empty(Mode::Writable, None),
        Ok(Some(raw)) => raw,
    };
    let why = match Library::from_json(&raw) {
        Ok(library) => {
            return Loaded {
                library,
                mode: Mode::Writable,
                notice: None,
            }
        }
        Err(why) => why,
    };
    match set_aside(store, KEY, &raw, now_ms) {
        Ok(key) => empty(
            Mode::Writable,
            Some(format!(
                "Your saved templates could not be read: {why}. Your templates start empty; \
                 the unreadable data is kept in this browser's storage under “{key}”."
            )),
        ),
        Err(e) => empty(
            Mode::ReadOnly,
            Some(format!(
                "Your saved templates could not be read: {why}. They could not be set aside \
                 either ({e}), so nothing is saved in this session and that data stays as it \
                 is. Templates still open."
            )),
        ),
    }
}

/// The text of the stored template with content hash `hash` (never writes: an unreadable
/// library simply has none).
pub fn source(store: &dyn Store, hash: &str) -> Option<String> {
    let raw = store.get(KEY).ok()??;
    let library = Library::from_json(&raw).ok()?;
    library.get(hash).map(|t| t.source.clone())
}

/// Why a change was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeError {
    Storage(StorageError),
    /// The stored value could not be read nor set aside (see the notice).
    ReadOnly,
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::Storage(e @ StorageError::Full) => write!(
                f,
                "{e}. Remove templates you no longer need, then open it again"
            ),
            ChangeError::Storage(e) => e.fmt(f),
            ChangeError::ReadOnly => {
                f.write_str("saving is off for this session (see Your templates)")
            }
        }
    }
}

/// A change applied and saved: what `change` returned, the library now, and a notice when
/// the stored value had to be set aside first.
#[derive(Debug)]
pub struct Changed<R> {
    pub result: R,
    pub library: Library,
    pub notice: Option<String>,
}

/// Applies `change` to the library as stored now and saves it (only when it changed).
/// An unreadable stored value is set aside first; when it cannot be, nothing is written.
/// On `Err` the stored library is as it was.
pub fn change<R>(
    store: &dyn Store,
    now_ms: u64,
    change: impl FnOnce(&mut Library) -> R,
) -> Result<Changed<R>, (ChangeError, Loaded)> {
    let loaded = load(store, now_ms);
    match loaded.mode {
        Mode::Writable => {}
        Mode::Unavailable => return Err((ChangeError::Storage(StorageError::Unavailable), loaded)),
        Mode::ReadOnly => return Err((ChangeError::ReadOnly, loaded)),
    }
    let mut library = loaded.library.clone();
    let result = change(&mut library);
    if library != loaded.library {
        if let Err(e) = store.set(KEY, &library.to_json()) {
            return Err((ChangeError::Storage(e), loaded));
        }
    }
    Ok(Changed {
        result,
        library,
        notice: loaded.notice,
    })
}

/// Why the template with content hash `hash` may not be removed: a draft needs its
/// template, and removing one still in use would strand the drafts that fill it.
pub fn removal_blocked(index: &DraftIndex, hash: &str) -> Option<String> {
    let users = index
        .drafts
        .iter()
        .filter(|d| d.template.key() == custom_key(hash))
        .count();
    match users {
        0 => None,
        1 => Some(
            "Not removed: one of your drafts uses this template; delete that draft first.".into(),
        ),
        n => Some(format!(
            "Not removed: {n} of your drafts use this template; delete those drafts first."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{aside_keys, MemoryStore};
    use report_engine::library::StoredTemplate;

    fn template(source: &str) -> StoredTemplate {
        StoredTemplate::new("T".into(), source.into(), 1)
    }

    #[test]
    fn missing_library_is_empty_and_writable() {
        let store = MemoryStore::new();
        let loaded = load(&store, 5);
        assert_eq!(
            (loaded.library.len(), loaded.mode, loaded.notice),
            (0, Mode::Writable, None)
        );
        assert_eq!(store.writes(), 0, "reading writes nothing");
    }

    #[test]
    fn a_change_stores_and_a_second_reader_sees_it() {
        let store = MemoryStore::new();
        let changed = change(&store, 1, |l| l.add(template("# A {{X}}"))).unwrap();
        assert_eq!(changed.library.len(), 1);
        let again = load(&store, 2);
        assert_eq!(again.library, changed.library);
        let hash = &again.library.templates()[0].hash;
        assert_eq!(source(&store, hash).as_deref(), Some("# A {{X}}"));
    }

    #[test]
    fn a_change_that_changes_nothing_writes_nothing() {
        let store = MemoryStore::new();
        change(&store, 1, |l| l.add(template("a"))).unwrap();
        let writes = store.writes();
        change(&store, 2, |l| l.add(template("a"))).unwrap();
        assert_eq!(store.writes(), writes);
    }

    /// The corrupt-library finding of issue 14: a writer that is not the start screen (a
    /// share link imported as the first thing the page does, a backup import) must not
    /// replace a library it could not read.
    #[test]
    fn a_corrupt_library_is_set_aside_before_any_writer_adds_to_it() {
        let corrupt = r#"{"version":1,"templates":"oops""#;
        let store = MemoryStore::with(&[(KEY, corrupt)]);
        let changed = change(&store, 42, |l| l.add(template("# Shared {{X}}"))).unwrap();
        assert_eq!(changed.library.len(), 1);
        assert!(
            changed
                .notice
                .as_deref()
                .unwrap()
                .contains("could not be read"),
            "{:?}",
            changed.notice
        );
        let aside = aside_keys(&store);
        assert_eq!(aside, [format!("{KEY}.corrupt-42")]);
        assert_eq!(
            store.get(&aside[0]).unwrap().as_deref(),
            Some(corrupt),
            "kept byte for byte"
        );
        assert_eq!(load(&store, 43).library, changed.library);
    }

    #[test]
    fn a_corrupt_library_that_cannot_be_set_aside_is_never_written_over() {
        let corrupt = "not json";
        let store = MemoryStore::with(&[(KEY, corrupt)]);
        store.fail_writes(StorageError::Full);
        let (err, loaded) = change(&store, 1, |l| l.add(template("a"))).unwrap_err();
        assert_eq!(err, ChangeError::ReadOnly);
        assert_eq!(loaded.mode, Mode::ReadOnly);
        assert!(loaded.notice.unwrap().contains("could not be set aside"));
        // Storage frees up: even then the first write sets the old value aside first.
        store.allow_writes();
        change(&store, 2, |l| l.add(template("a"))).unwrap();
        assert_eq!(
            store.get(&format!("{KEY}.corrupt-2")).unwrap().as_deref(),
            Some(corrupt)
        );
    }

    #[test]
    fn full_and_unavailable_storage_change_nothing() {
        let store = MemoryStore::new();
        change(&store, 1, |l| l.add(template("a"))).unwrap();
        let before = store.snapshot();
        store.set_quota(Some(10));
        let (err, _) = change(&store, 2, |l| l.add(template("b"))).unwrap_err();
        assert_eq!(err, ChangeError::Storage(StorageError::Full));
        assert!(err
            .to_string()
            .contains("Remove templates you no longer need"));
        assert_eq!(store.snapshot(), before);
        store.make_unavailable();
        let (err, loaded) = change(&store, 3, |l| l.add(template("b"))).unwrap_err();
        assert_eq!(err, ChangeError::Storage(StorageError::Unavailable));
        assert_eq!(loaded.notice.as_deref(), Some(UNAVAILABLE));
    }

    #[test]
    fn a_template_a_draft_uses_cannot_be_removed() {
        let draft = |id: &str, hash: &str| {
            report_engine::Draft::new(
                id.into(),
                &custom_key(hash),
                &report_engine::parse("# T {{X}}"),
                "D".into(),
                1,
            )
        };
        let mut index = DraftIndex::default();
        assert_eq!(removal_blocked(&index, "h1"), None);
        index.upsert(&draft("a", "h1"));
        index.upsert(&draft("b", "h2"));
        assert!(removal_blocked(&index, "h1")
            .unwrap()
            .contains("one of your drafts uses"));
        index.upsert(&draft("c", "h1"));
        assert!(removal_blocked(&index, "h1")
            .unwrap()
            .contains("2 of your drafts use"));
        assert_eq!(removal_blocked(&index, "h3"), None);
    }
}
