//! The start screen's controller: its state (signals) and what its buttons do, as plain
//! methods; the components in the sibling files only show it.

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::implicit::{self, Place};
use report_engine::Template;

use super::status::Status;
use crate::browser::{self, FileHandle};
use crate::ids;
use crate::store::library::{self as stored_library, Mode};
use crate::AppState;
use report_engine::library::{self as templates_lib, Library, Removed, StoredTemplate};

/// A custom template waiting for "Open anyway" because it has diagnostics, or for "Open
/// form" because it was read through implicit places.
#[derive(Debug)]
pub(super) struct Pending {
    pub name: String,
    /// The text as given (for implicit places: not the explicit form `template` is parsed
    /// from).
    pub source: String,
    pub template: Template,
    /// Id of the control focus returns to on "Cancel".
    pub return_focus: String,
}

/// The start screen's state, provided as context to its parts.
#[derive(Clone, Copy)]
pub(super) struct Start {
    pub app: AppState,
    pub library: RwSignal<Library>,
    pub mode: RwSignal<Mode>,
    pub library_status: RwSignal<Option<Status>>,
    pub open_status: RwSignal<Option<Status>>,
    pub pending: RwSignal<Option<Arc<Pending>>>,
    pub last_removed: RwSignal<Option<Removed>>,
    pub paste: RwSignal<String>,
    /// True while files are dragged over the page.
    pub dragging: Signal<bool>,
}

impl Start {
    pub(super) fn new(app: AppState) -> Self {
        let loaded = stored_library::load(app.store(), browser::now_ms());
        Start {
            app,
            library: RwSignal::new(loaded.library),
            mode: RwSignal::new(loaded.mode),
            library_status: RwSignal::new(loaded.notice.map(Status::error)),
            open_status: RwSignal::new(None),
            pending: RwSignal::new(None),
            last_removed: RwSignal::new(None),
            paste: RwSignal::new(String::new()),
            dragging: Signal::stored(false),
        }
    }

    /// False once the screen is gone (a file finished reading after the editor opened).
    fn alive(self) -> bool {
        self.mode.try_get_untracked().is_some()
    }

    /// Applies `change` to the library as stored now (so another tab's changes are kept)
    /// and saves it, through the library's owner (which sets an unreadable value aside
    /// first). `Err` says why it could not be saved; the library is then unchanged.
    fn change_library<R>(self, change: impl FnOnce(&mut Library) -> R) -> Result<R, String> {
        match stored_library::change(self.app.store(), browser::now_ms(), change) {
            Ok(changed) => {
                if let Some(notice) = changed.notice {
                    self.library_status.set(Some(Status::error(notice)));
                }
                self.mode.set(Mode::Writable);
                self.library.set(changed.library);
                Ok(changed.result)
            }
            Err((e, loaded)) => {
                if let Some(notice) = loaded.notice {
                    self.library_status.set(Some(Status::error(notice)));
                }
                self.mode.set(loaded.mode);
                self.library.set(loaded.library);
                Err(e.to_string())
            }
        }
    }

    /// Opens the first of `files` (picked or dropped).
    pub(super) fn open_files(self, files: Vec<FileHandle>, return_focus: &'static str) {
        let Some(file) = files.first().cloned() else {
            self.open_status.set(Some(Status::error(
                "Nothing to open: drop a Markdown or text file (.md, .markdown or .txt).",
            )));
            return;
        };
        let extra = files.len() - 1;
        let name = file.name();
        // A draft file handed over by another lead.
        if name.to_ascii_lowercase().ends_with(".json") {
            crate::handoff::open_file(self.app, file);
            return;
        }
        let what = format!("“{name}”");
        if let Err(e) = templates_lib::check_file_kind(&name, &file.mime()) {
            self.open_status.set(Some(Status::error(e)));
            return;
        }
        // Refuse an oversized file before reading it into memory.
        if let Err(e) = report_engine::limits::check_template_size(file.size()) {
            self.open_status.set(Some(Status::error(format!(
                "{what} cannot be opened: the {e}."
            ))));
            return;
        }
        self.open_status
            .set(Some(Status::info(format!("Reading {what}…"))));
        leptos::task::spawn_local(async move {
            let bytes = file.read().await;
            if !self.alive() {
                return;
            }
            let text = bytes
                .map_err(|e| format!("{what} could not be read: {e}."))
                .and_then(|bytes| templates_lib::decode_template(bytes, &what));
            match text {
                Err(e) => self.open_status.set(Some(Status::error(e))),
                Ok(text) => {
                    let note = (extra > 0).then(|| {
                        format!("Only one file opens at a time: {what} was used, {extra} more left out.")
                    });
                    self.open_status.set(note.map(Status::info));
                    self.receive(
                        text,
                        |t| templates_lib::display_name(t.title(), Some(&name)),
                        return_focus.to_string(),
                    );
                }
            }
        });
    }

    pub(super) fn open_pasted(self) {
        let text = self.paste.get_untracked();
        if let Err(e) = templates_lib::check_text(&text, "The pasted text") {
            self.open_status.set(Some(Status::error(e)));
            return;
        }
        self.open_status.set(None);
        self.receive(
            text,
            |t| templates_lib::display_name(t.title(), None),
            ids::OPEN_PASTED.into(),
        );
    }

    pub(super) fn open_saved(self, hash: &str) {
        let Some(entry) = self.library.with_untracked(|l| l.get(hash).cloned()) else {
            return;
        };
        self.open_status.set(None);
        let name = entry.name;
        self.receive(entry.source, move |_| name, ids::library_open(hash));
    }

    /// Parses a custom template: opens it, or first shows its diagnostics.
    fn receive(self, source: String, name: impl FnOnce(&Template) -> String, return_focus: String) {
        let template = report_engine::parse(&source);
        let name = name(&template);
        // Bounded by the size limit, parsing is quick; building a form this large is not.
        if let Err(e) = report_engine::limits::check_fields(&template) {
            self.open_status.set(Some(Status::error(format!(
                "“{name}” cannot be opened: the {e}."
            ))));
            return;
        }
        let pending = Pending {
            name,
            source,
            template,
            return_focus,
        };
        let heading = if !pending.template.places().is_empty() {
            ids::PLACES_HEADING
        } else if !pending.template.diagnostics().is_empty() {
            ids::DIAGNOSTICS_HEADING
        } else {
            self.commit(&pending);
            return;
        };
        self.pending.set(Some(Arc::new(pending)));
        focus_after_render(heading.to_string());
    }

    /// Saves the template in the library and opens it. A failed save is reported in the
    /// app-wide notice (the start screen is about to go) and the template opens anyway.
    fn commit(self, pending: &Pending) {
        let entry = StoredTemplate::new(
            pending.name.clone(),
            pending.source.clone(),
            browser::now_ms(),
        );
        let key = entry.key();
        if let Err(e) = self.change_library(|l| l.add(entry)) {
            browser::set_app_notice(&format!(
                "“{}” is open, but it is not kept in Your templates: {e}.",
                pending.name
            ));
        }
        self.app.open(key, pending.template.clone());
    }

    pub(super) fn open_anyway(self) {
        if let Some(pending) = self.pending.get_untracked() {
            self.commit(&pending);
        }
    }

    /// "Open form": stores and opens the explicit form of the pending template with only
    /// the places in `kept`, so reloads and drafts use that text.
    pub(super) fn open_places(self, kept: &[Place]) {
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        let source = implicit::adopt_named(&pending.source, kept, Some(&pending.name));
        let template = report_engine::parse(&source);
        self.commit(&Pending {
            name: pending.name.clone(),
            source,
            template,
            return_focus: pending.return_focus.clone(),
        });
    }

    pub(super) fn cancel(self) {
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        self.pending.set(None);
        self.open_status.set(Some(Status::info(format!(
            "“{}” was not opened.",
            pending.name
        ))));
        focus_after_render(pending.return_focus.clone());
    }

    pub(super) fn remove(self, hash: &str) {
        let in_use = self
            .app
            .index
            .with_untracked(|i| stored_library::removal_blocked(i, hash));
        if let Some(why) = in_use {
            self.library_status.set(Some(Status::error(why)));
            return;
        }
        match self.change_library(|l| l.remove(hash)) {
            Ok(Some(removed)) => {
                self.library_status.set(Some(Status::info(format!(
                    "Removed “{}”.",
                    removed.template.name
                ))));
                self.last_removed.set(Some(removed));
                focus_after_render(ids::UNDO_REMOVE.into());
            }
            Ok(None) => {}
            Err(e) => self
                .library_status
                .set(Some(Status::error(format!("Could not remove it: {e}.")))),
        }
    }

    pub(super) fn undo(self) {
        let Some(removed) = self.last_removed.get_untracked() else {
            return;
        };
        let name = removed.template.name.clone();
        let hash = removed.template.hash.clone();
        match self.change_library(|l| l.restore(removed)) {
            Ok(_) => {
                self.last_removed.set(None);
                self.library_status
                    .set(Some(Status::info(format!("Restored “{name}”."))));
                focus_after_render(ids::library_open(&hash));
            }
            Err(e) => self.library_status.set(Some(Status::error(format!(
                "Could not restore “{name}”: {e}."
            )))),
        }
    }
}

/// Focuses an element once the pending DOM updates are in.
fn focus_after_render(id: String) {
    request_animation_frame(move || browser::focus_by_id(&id));
}
