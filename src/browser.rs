//! The one small layer that touches the browser: downloads, clipboard, files, focus and
//! scrolling, dates. Everything else in the app is plain Rust and signals.
