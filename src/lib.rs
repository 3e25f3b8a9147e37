//! The report editor: a Leptos client-side app on top of `report_engine`.
//!
//! The engine does all template work; this crate wires signals to it. What is kept between
//! visits goes through the storage port (`store`, one owner module per stored thing);
//! every other browser access (files, clipboard, downloads, window listeners) goes through
//! `browser`.

mod app;
pub mod app_state;
#[cfg(feature = "bench")]
pub mod bench;
pub mod browser;
pub mod catalog;
pub mod editor;
pub mod handoff;
pub mod ids;
pub mod start;
pub mod store;
pub mod text;

pub use app::App;
pub use app_state::{AppState, Doc, Screen};
pub use catalog::{catalog, count_parts, counts_text, Entry};
