//! The address's fragment changing (a share link pasted into an open tab).

use leptos::prelude::*;

/// Calls `f` each time the page's `#fragment` changes.
pub fn use_hash_change(f: impl Fn() + 'static) {
    let listener = window_event_listener(leptos::ev::hashchange, move |_| f());
    on_cleanup(move || listener.remove());
}
