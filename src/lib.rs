//! The report editor: a Leptos client-side app on top of `report_engine`.
//!
//! The engine does all template work; this crate wires signals to it. Browser access
//! (storage, files, clipboard, downloads) goes through `browser`.

#[cfg(feature = "bench")]
pub mod bench;
pub mod browser;
pub mod draft_list;
pub mod drafts;
pub mod editor;
pub mod handoff;
pub mod library;
pub mod start;

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::{Draft, DraftIndex, Template};

pub use start::{catalog, count_parts, counts_text, Entry};

/// A template opened for editing.
#[derive(Debug)]
pub struct Doc {
    /// Where the template came from: a built-in id (`staging-deployment-report`) or
    /// `custom:<content hash>` for one from the template library.
    pub key: String,
    pub template: Template,
    /// The draft as opened (a new one has revision 0 and is first saved on a change).
    pub draft: Draft,
}

/// What the page shows.
#[derive(Clone, Debug)]
pub enum Screen {
    Start,
    Edit(Arc<Doc>),
}

/// App-wide state, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub screen: RwSignal<Screen>,
    /// The stored drafts' list (kept in step with storage by `drafts`).
    pub index: RwSignal<DraftIndex>,
    /// Keys of stored values set aside because they did not read.
    pub aside: RwSignal<Vec<String>>,
    /// Browser storage cannot be used: drafts live only in this tab.
    pub storage_unavailable: RwSignal<bool>,
    /// The user's lead name ("QA", "SRE lead"…): recorded as who changed each field.
    pub lead: RwSignal<String>,
    /// A draft handed over by link or file, waiting for the user's choice.
    pub incoming: RwSignal<Option<handoff::Incoming>>,
    /// Why a link or draft file could not be used.
    pub handoff_note: RwSignal<String>,
}

impl AppState {
    /// Starts a new draft of a template and opens it.
    pub fn open(&self, key: String, template: Template) {
        let draft = drafts::new_draft(&key, &template, browser::now_ms());
        self.open_draft(key, template, draft);
    }

    /// Opens a draft of `template` in the editor.
    pub fn open_draft(&self, key: String, template: Template, draft: Draft) {
        if draft.revision > 0 {
            self.index.update(|i| i.last_open = Some(draft.id.clone()));
            let _ = drafts::write_index(&self.index.get_untracked());
        }
        self.screen.set(Screen::Edit(Arc::new(Doc {
            key,
            template,
            draft,
        })));
        // Opened from far down the start screen (a long places list, on a phone), the
        // editor still starts at its toolbar and first field.
        browser::scroll_to_top();
    }

    /// Back to the start screen (which then is where the app reopens).
    pub fn close(&self) {
        self.index.update(|i| i.last_open = None);
        let _ = drafts::write_index(&self.index.get_untracked());
        self.screen.set(Screen::Start);
    }

    /// The template a draft fills, if it is here: a built-in, or one in the library.
    pub fn template_of(&self, draft: &Draft) -> Option<(String, Template)> {
        let key = draft.template.key();
        if let Some(entry) = catalog().iter().find(|e| e.id == key) {
            return Some((key, entry.template.clone()));
        }
        let hash = draft.template.hash().to_string();
        let source = library_source(&hash)?;
        Some((key, report_engine::parse(&source)))
    }

    /// Opens a stored draft by id; a message when it cannot be opened.
    pub fn open_stored(&self, id: &str) -> Result<(), String> {
        let draft = drafts::read(id).ok_or("this draft could not be read from storage")?;
        let (key, template) = self
            .template_of(&draft)
            .ok_or("its template is no longer in Your templates; import a backup that has it")?;
        self.open_draft(key, template, draft);
        Ok(())
    }
}

/// The template library as stored (empty when absent or unreadable: the start screen is
/// where an unreadable library is reported and set aside).
pub fn stored_library() -> library::Library {
    browser::storage_get(library::STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|raw| library::Library::from_json(&raw).ok())
        .unwrap_or_default()
}

/// A custom template's text from the library in storage.
pub fn library_source(hash: &str) -> Option<String> {
    stored_library().get(hash).map(|t| t.source.clone())
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let loaded = drafts::load();
    let state = AppState {
        screen: RwSignal::new(Screen::Start),
        index: RwSignal::new(loaded.index),
        aside: RwSignal::new(loaded.aside),
        storage_unavailable: RwSignal::new(loaded.unavailable),
        lead: RwSignal::new(drafts::load_lead()),
        incoming: RwSignal::new(None),
        handoff_note: RwSignal::new(String::new()),
    };
    provide_context(state);
    if !loaded.notices.is_empty() {
        browser::set_app_notice(&loaded.notices.join(" "));
    }
    // A share link in the address is offered on the start screen (also when one is pasted
    // into the address bar of an open tab).
    handoff::receive_link(state);
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        handoff::receive_link(state);
        if state.incoming.with_untracked(Option::is_some)
            || !state.handoff_note.with_untracked(String::is_empty)
        {
            state.screen.set(Screen::Start);
        }
    });
    on_cleanup(move || on_hash.remove());
    let arrived = state.incoming.with_untracked(Option::is_some)
        || !state.handoff_note.with_untracked(String::is_empty);
    // Reopening the app returns to the draft open last.
    if let Some(id) = state
        .index
        .with_untracked(|i| i.last_open.clone())
        .filter(|_| !arrived)
    {
        if let Err(e) = state.open_stored(&id) {
            browser::set_app_notice(&format!("The draft open last could not be reopened: {e}."));
        }
    }
    move || match state.screen.get() {
        Screen::Start => view! { <start::StartScreen/> }.into_any(),
        Screen::Edit(doc) => view! { <editor::Editor doc=doc/> }.into_any(),
    }
}
