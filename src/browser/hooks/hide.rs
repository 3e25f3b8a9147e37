//! Saving before the page goes away.

use leptos::prelude::*;

/// Calls `flush` when the page is hidden (another tab, minimised: `visibilitychange`
/// bubbles from the document to the window), when it is left (`pagehide`), and when the
/// calling component goes away.
pub fn use_flush_on_hide(flush: impl Fn() + Clone + Send + Sync + 'static) {
    let on_hidden = {
        let flush = flush.clone();
        window_event_listener_untyped("visibilitychange", move |_| {
            if crate::browser::page_hidden() {
                flush()
            }
        })
    };
    let on_pagehide = {
        let flush = flush.clone();
        window_event_listener(leptos::ev::pagehide, move |_| flush())
    };
    on_cleanup(move || {
        flush();
        on_hidden.remove();
        on_pagehide.remove();
    });
}
