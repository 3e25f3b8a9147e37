//! [`MemoryStore`]: the storage port in memory, with faults to inject (no storage at all,
//! a quota, writes refused) so every storage rule is tested natively.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use super::{StorageError, Store};

/// An in-memory [`Store`]. Single-threaded, like the page.
#[derive(Debug, Default)]
pub struct MemoryStore {
    items: RefCell<BTreeMap<String, String>>,
    /// Every call fails with `Unavailable`.
    unavailable: Cell<bool>,
    /// Writes fail with this error.
    write_error: RefCell<Option<StorageError>>,
    /// Writes that would take the total (keys + values, in bytes) over this fail as `Full`.
    quota: Cell<Option<usize>>,
    /// Successful writes, for tests that count them.
    writes: Cell<usize>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `items`.
    pub fn with(items: &[(&str, &str)]) -> Self {
        let store = Self::new();
        for (k, v) in items {
            store
                .items
                .borrow_mut()
                .insert(k.to_string(), v.to_string());
        }
        store
    }

    /// Like a browser that blocks storage: every call fails.
    pub fn make_unavailable(&self) {
        self.unavailable.set(true);
    }

    /// From now on every write fails with `error`.
    pub fn fail_writes(&self, error: StorageError) {
        *self.write_error.borrow_mut() = Some(error);
    }

    /// Writes succeed again.
    pub fn allow_writes(&self) {
        *self.write_error.borrow_mut() = None;
    }

    /// Limits the stored bytes (keys and values); `None` lifts the limit.
    pub fn set_quota(&self, bytes: Option<usize>) {
        self.quota.set(bytes);
    }

    /// Writes that succeeded so far.
    pub fn writes(&self) -> usize {
        self.writes.get()
    }

    /// Everything stored, for assertions.
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.items.borrow().clone()
    }

    fn check(&self) -> Result<(), StorageError> {
        if self.unavailable.get() {
            Err(StorageError::Unavailable)
        } else {
            Ok(())
        }
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.check()?;
        Ok(self.items.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.check()?;
        if let Some(e) = self.write_error.borrow().clone() {
            return Err(e);
        }
        if let Some(quota) = self.quota.get() {
            let items = self.items.borrow();
            let others: usize = items
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > quota {
                return Err(StorageError::Full);
            }
        }
        self.items
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
        self.writes.set(self.writes.get() + 1);
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.check()?;
        self.items.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        self.check()?;
        Ok(self.items.borrow().keys().cloned().collect())
    }
}
