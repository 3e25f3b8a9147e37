//! Another tab writing to storage.

use leptos::prelude::*;

/// Calls `on_value(key, new_value)` when another tab of this origin stores a value
/// (removals are not reported).
pub fn use_storage_sync(on_value: impl Fn(&str, String) + 'static) {
    let listener = window_event_listener(leptos::ev::storage, move |ev| {
        if let (Some(key), Some(value)) = (ev.key(), ev.new_value()) {
            on_value(&key, value);
        }
    });
    on_cleanup(move || listener.remove());
}
