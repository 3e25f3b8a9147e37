//! The storage port: what the app keeps between visits goes through [`Store`], a small
//! key–value trait. The browser's `localStorage` implements it (`browser::LocalStore`), and
//! so does [`MemoryStore`], an in-memory store with faults to inject, which the native
//! tests run every storage rule against.
//!
//! Each stored thing has exactly one owner module that reads, migrates, sets aside and
//! writes it: [`library`] (Your templates), [`drafts`] (the drafts and their index),
//! [`settings`] (the lead name). Nothing else names a storage key. A value an owner cannot
//! read is never written over nor deleted: [`set_aside`] copies it to
//! `<key>.corrupt-<ms>` first, and the owner refuses to write when even that fails.

pub mod drafts;
pub mod library;
mod memory;
pub mod settings;

use std::fmt;

pub use memory::MemoryStore;

/// Every key the app uses starts with this (all `file://` pages share one storage area).
pub const KEY_PREFIX: &str = "report-editor/";

/// Marks a key holding a value set aside because it did not read.
pub const ASIDE_MARK: &str = ".corrupt-";

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all (blocked site data, some private modes, sandboxed frames).
    Unavailable,
    /// The write was refused because the storage quota is used up.
    Full,
    /// Any other refusal, with the browser's error.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable => f.write_str("browser storage is not available"),
            StorageError::Full => f.write_str("browser storage is full"),
            StorageError::Failed(e) => write!(f, "browser storage refused it ({e})"),
        }
    }
}

impl std::error::Error for StorageError {}

/// A key–value store of strings: the only way the app reads or writes what it keeps.
pub trait Store {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    /// Removes `key` (nothing when it is not there).
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    /// Every key (other apps' too: callers filter).
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// Copies `raw` (the value under `key` that did not read) to a free
/// `<key>.corrupt-<now_ms>[-n]` key, then removes `key`. Returns the key it was copied to.
/// When the copy cannot be stored, nothing is removed.
pub fn set_aside(
    store: &dyn Store,
    key: &str,
    raw: &str,
    now_ms: u64,
) -> Result<String, StorageError> {
    let first = format!("{key}{ASIDE_MARK}{now_ms}");
    let mut aside = first.clone();
    for n in 1..1000 {
        if store.get(&aside)?.is_none() {
            break;
        }
        aside = format!("{first}-{n}");
    }
    store.set(&aside, raw)?;
    // The copy is made: removing the original can only fail harmlessly (the owner writes
    // over it next time anyway).
    let _ = store.remove(key);
    Ok(aside)
}

/// Every key of this app holding a value set aside, sorted.
pub fn aside_keys(store: &dyn Store) -> Vec<String> {
    let mut keys: Vec<String> = store
        .keys()
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.starts_with(KEY_PREFIX) && k.contains(ASIDE_MARK))
        .collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_aside_copies_byte_for_byte_to_a_free_key_then_removes_the_original() {
        let store = MemoryStore::new();
        store.set("report-editor/v1/x", "broken").unwrap();
        store.set("report-editor/v1/x.corrupt-7", "older").unwrap();
        let key = set_aside(&store, "report-editor/v1/x", "broken", 7).unwrap();
        assert_eq!(key, "report-editor/v1/x.corrupt-7-1");
        assert_eq!(store.get(&key).unwrap().as_deref(), Some("broken"));
        assert_eq!(
            store
                .get("report-editor/v1/x.corrupt-7")
                .unwrap()
                .as_deref(),
            Some("older")
        );
        assert_eq!(store.get("report-editor/v1/x").unwrap(), None);
        assert_eq!(
            aside_keys(&store),
            [
                "report-editor/v1/x.corrupt-7",
                "report-editor/v1/x.corrupt-7-1"
            ]
        );
    }

    #[test]
    fn set_aside_that_cannot_copy_leaves_the_original() {
        let store = MemoryStore::new();
        store.set("report-editor/v1/x", "broken").unwrap();
        store.fail_writes(StorageError::Full);
        assert_eq!(
            set_aside(&store, "report-editor/v1/x", "broken", 1),
            Err(StorageError::Full)
        );
        assert_eq!(
            store.get("report-editor/v1/x").unwrap().as_deref(),
            Some("broken")
        );
        assert!(aside_keys(&store).is_empty());
    }

    #[test]
    fn aside_keys_are_only_this_apps() {
        let store = MemoryStore::new();
        store.set("other-app/a.corrupt-1", "x").unwrap();
        store.set("report-editor/v1/drafts", "x").unwrap();
        store.set("report-editor/v1/drafts.corrupt-2", "x").unwrap();
        assert_eq!(aside_keys(&store), ["report-editor/v1/drafts.corrupt-2"]);
    }
}
