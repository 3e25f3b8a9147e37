//! Owner of the person's settings in storage: their lead name.

use super::{StorageError, Store};

/// The lead name ("QA lead"), recorded as who changed each field.
pub const LEAD_KEY: &str = "report-editor/v1/lead";

/// The stored lead name ("" when unset or unreadable).
pub fn lead(store: &dyn Store) -> String {
    store.get(LEAD_KEY).ok().flatten().unwrap_or_default()
}

/// Stores the lead name.
pub fn set_lead(store: &dyn Store, name: &str) -> Result<(), StorageError> {
    store.set(LEAD_KEY, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    #[test]
    fn lead_round_trips_and_is_empty_without_storage() {
        let store = MemoryStore::new();
        assert_eq!(lead(&store), "");
        set_lead(&store, "QA lead").unwrap();
        assert_eq!(lead(&store), "QA lead");
        store.make_unavailable();
        assert_eq!(lead(&store), "");
        assert_eq!(set_lead(&store, "x"), Err(StorageError::Unavailable));
    }
}
