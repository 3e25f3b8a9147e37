//! The window scrolling or changing size (the page scrolls on phones; on wide screens the
//! panes scroll themselves and say so with their own `on:scroll`).

use leptos::prelude::*;

/// Calls `changed` at most once a frame while the window scrolls or is resized, for the life
/// of the calling component.
pub fn use_viewport_change(changed: impl Fn() + Clone + Send + Sync + 'static) {
    let pending = StoredValue::new(false);
    let once_a_frame = move || {
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        let changed = changed.clone();
        request_animation_frame(move || {
            if pending.try_set_value(false).is_none() {
                changed();
            }
        });
    };
    let on_scroll = {
        let f = once_a_frame.clone();
        window_event_listener(leptos::ev::scroll, move |_| f())
    };
    let on_resize = window_event_listener(leptos::ev::resize, move |_| once_a_frame());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
}
