//! Window listeners as hooks, one per file: each registers its listeners for the life of
//! the calling component and removes them on cleanup, so components never hold a listener
//! handle or name a browser event type.

mod drop;
mod hash;
mod hide;
mod shortcuts;
mod storage_sync;
mod viewport;

pub use drop::{use_drop_guard, use_file_drop};
pub use hash::use_hash_change;
pub use hide::use_flush_on_hide;
pub use shortcuts::{use_shortcuts, Shortcut};
pub use storage_sync::use_storage_sync;
pub use viewport::use_viewport_change;
