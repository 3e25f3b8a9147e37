//! The report editor: a Leptos client-side app on top of `report_engine`.
//!
//! The engine does all template work; this crate wires signals to it. Browser access
//! (storage, files, clipboard, downloads) goes through `browser`.

pub mod bench;
pub mod browser;
pub mod editor;
pub mod library;
pub mod start;

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::Template;

pub use start::{catalog, count_parts, counts_text, Entry};

/// A template opened for editing.
#[derive(Debug)]
pub struct Doc {
    /// Where the template came from: a built-in id (`staging-deployment-report`) or
    /// `custom:<content hash>` for one from the template library.
    pub key: String,
    pub template: Template,
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
}

impl AppState {
    /// Opens a template in the editor.
    pub fn open(&self, key: String, template: Template) {
        self.screen
            .set(Screen::Edit(Arc::new(Doc { key, template })));
    }

    /// Back to the start screen.
    pub fn close(&self) {
        self.screen.set(Screen::Start);
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState {
        screen: RwSignal::new(Screen::Start),
    };
    provide_context(state);
    move || match state.screen.get() {
        Screen::Start => view! { <start::StartScreen/> }.into_any(),
        Screen::Edit(doc) => view! { <editor::Editor doc=doc/> }.into_any(),
    }
}
