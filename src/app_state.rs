//! App-wide state: which screen shows, the drafts' index, the lead name, a draft arriving
//! by link or file; and opening and closing drafts.

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::share::Shared;
use report_engine::{Draft, DraftIndex, Template};

use crate::store::{self, drafts, Store};
use crate::{browser, catalog};

/// A draft handed over by link or file, and where it came from (for messages).
#[derive(Debug, Clone)]
pub struct Incoming {
    pub shared: Arc<Shared>,
    pub source: String,
}

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
    pub incoming: RwSignal<Option<Incoming>>,
    /// Why a link or draft file could not be used.
    pub handoff_note: RwSignal<String>,
}

impl AppState {
    /// Where everything kept between visits is stored: the page's `localStorage`.
    pub fn store(&self) -> &'static dyn Store {
        &browser::LOCAL_STORE
    }

    /// A new draft id (the time and randomness: two tabs never pick the same one).
    pub fn new_draft_id(&self) -> String {
        drafts::new_id(browser::now_ms(), browser::random_u32())
    }

    /// Starts a new draft of a template and opens it.
    pub fn open(&self, key: String, template: Template) {
        let draft = self.new_draft(&key, &template);
        self.open_draft(key, template, draft);
    }

    /// A fresh, empty draft of `template`, named after it and the time.
    pub fn new_draft(&self, key: &str, template: &Template) -> Draft {
        let now = browser::now_ms();
        let name = format!("{} ({})", template.title(), browser::local_date_time(now));
        Draft::new(self.new_draft_id(), key, template, name, now)
    }

    /// Opens a draft of `template` in the editor.
    pub fn open_draft(&self, key: String, template: Template, draft: Draft) {
        if draft.revision > 0 {
            self.index.update(|i| i.last_open = Some(draft.id.clone()));
            let _ = drafts::write_index(self.store(), &self.index.get_untracked());
        }
        self.show(Screen::Edit(Arc::new(Doc {
            key,
            template,
            draft,
        })));
    }

    /// Shows `screen` from its top: a screen that replaces another starts at its beginning
    /// (the editor opened from far down a long list on a phone, the drafts list after an
    /// editor scrolled to a field).
    pub fn show(&self, screen: Screen) {
        self.screen.set(screen);
        browser::scroll_to_top();
    }

    /// Back to the start screen (which then is where the app reopens).
    pub fn close(&self) {
        self.index.update(|i| i.last_open = None);
        let _ = drafts::write_index(self.store(), &self.index.get_untracked());
        self.show(Screen::Start);
    }

    /// The template a draft fills, if it is here: a built-in, or one in the library.
    pub fn template_of(&self, draft: &Draft) -> Option<(String, Template)> {
        let key = draft.template.key();
        if let Some(entry) = catalog::catalog().iter().find(|e| e.id == key) {
            return Some((key, entry.template.clone()));
        }
        let source = store::library::source(self.store(), draft.template.hash())?;
        Some((key, report_engine::parse(&source)))
    }

    /// Opens a stored draft by id; a message when it cannot be opened.
    pub fn open_stored(&self, id: &str) -> Result<(), String> {
        let draft =
            drafts::read(self.store(), id).ok_or("this draft could not be read from storage")?;
        let (key, template) = self
            .template_of(&draft)
            .ok_or("its template is no longer in Your templates; import a backup that has it")?;
        self.open_draft(key, template, draft);
        Ok(())
    }
}
