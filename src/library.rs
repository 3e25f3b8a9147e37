//! The local template library. The library itself (its stored form, the list operations and
//! the checks an incoming template's bytes go through) is `report_engine::library`; this
//! module adds where it is kept in browser storage. `browser` reads and writes the storage;
//! `start` wires the two.
//!
//! A stored value that does not read is never overwritten or deleted: it is copied aside
//! under [`corrupt_key`] first.

pub use report_engine::library::*;

/// The one storage key of the library (all `file://` pages share one storage area, so it is
/// namespaced).
pub const STORAGE_KEY: &str = "report-editor/v1/templates";

/// The key a value that could not be read is kept under: `report-editor/v1/templates.corrupt-<ms>`.
pub fn corrupt_key(now_ms: u64) -> String {
    format!("{STORAGE_KEY}.corrupt-{now_ms}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_key_is_namespaced_with_the_time() {
        assert_eq!(corrupt_key(42), "report-editor/v1/templates.corrupt-42");
    }
}
