//! Keyboard shortcuts of the whole page.

use leptos::prelude::*;

/// What a shortcut asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+S (not the browser's "save page").
    Save,
    /// Ctrl+Z.
    Undo,
    /// Ctrl+Shift+Z or Ctrl+Y.
    Redo,
}

/// The shortcut a key press means: Ctrl (or Cmd) with S, Z, Shift+Z or Y, without Alt.
pub fn shortcut_of(key: &str, ctrl_or_meta: bool, shift: bool, alt: bool) -> Option<Shortcut> {
    if !ctrl_or_meta || alt {
        return None;
    }
    match key.to_lowercase().as_str() {
        "s" => Some(Shortcut::Save),
        "z" if shift => Some(Shortcut::Redo),
        "z" => Some(Shortcut::Undo),
        "y" => Some(Shortcut::Redo),
        _ => None,
    }
}

/// Calls `on` for each shortcut pressed anywhere on the page (the browser's own action is
/// prevented: its undo would only know one input).
pub fn use_shortcuts(on: impl Fn(Shortcut) + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if let Some(s) = shortcut_of(&ev.key(), ctrl, ev.shift_key(), ev.alt_key()) {
            ev.prevent_default();
            on(s);
        }
    });
    on_cleanup(move || listener.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_need_ctrl_or_cmd_and_no_alt() {
        assert_eq!(shortcut_of("s", true, false, false), Some(Shortcut::Save));
        assert_eq!(shortcut_of("S", true, true, false), Some(Shortcut::Save));
        assert_eq!(shortcut_of("z", true, false, false), Some(Shortcut::Undo));
        assert_eq!(shortcut_of("Z", true, true, false), Some(Shortcut::Redo));
        assert_eq!(shortcut_of("y", true, false, false), Some(Shortcut::Redo));
        assert_eq!(shortcut_of("z", false, false, false), None);
        assert_eq!(
            shortcut_of("z", true, false, true),
            None,
            "AltGr layouts type with Ctrl+Alt"
        );
        assert_eq!(shortcut_of("a", true, false, false), None);
    }
}
