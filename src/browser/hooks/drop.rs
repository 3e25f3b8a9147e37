//! Files dragged onto the page.

use leptos::ev;
use leptos::prelude::*;

use crate::browser::files::{drag_has_files, dropped_files, set_drop_effect_copy};
use crate::browser::FileHandle;

/// Files dropped anywhere on the page go to `on_drop` (an empty list when a drop carried
/// files the browser would not hand over); the browser never navigates to them. The
/// signal is true while files are dragged over the page.
pub fn use_file_drop(on_drop: impl Fn(Vec<FileHandle>) + 'static) -> Signal<bool> {
    // dragenter minus dragleave events of a file drag over the page.
    let depth = RwSignal::new(0i32);
    let listeners = [
        window_event_listener(ev::dragenter, move |ev| {
            if drag_has_files(&ev) {
                ev.prevent_default();
                depth.update(|d| *d += 1);
            }
        }),
        window_event_listener(ev::dragover, move |ev| {
            if drag_has_files(&ev) {
                ev.prevent_default();
                set_drop_effect_copy(&ev);
                if depth.get_untracked() == 0 {
                    depth.set(1);
                }
            }
        }),
        window_event_listener(ev::dragleave, move |_| {
            depth.update(|d| *d = (*d - 1).max(0));
        }),
        window_event_listener(ev::drop, move |ev| {
            depth.set(0);
            let files = dropped_files(&ev);
            if !files.is_empty() || drag_has_files(&ev) {
                ev.prevent_default();
                on_drop(files);
            }
        }),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));
    Signal::derive(move || depth.get() > 0)
}

/// A file dropped on the page must not make the browser navigate away from it; the dropped
/// files go to `on_drop`.
pub fn use_drop_guard(on_drop: impl Fn(Vec<FileHandle>) + 'static) {
    let listeners = [
        window_event_listener(ev::dragover, |ev| ev.prevent_default()),
        window_event_listener(ev::drop, move |ev| {
            ev.prevent_default();
            let files = dropped_files(&ev);
            if !files.is_empty() {
                on_drop(files);
            }
        }),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));
}
