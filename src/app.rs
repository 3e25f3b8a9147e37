//! The whole app: reads what is stored, provides [`AppState`], receives share links and
//! shows the start screen or the editor.

use leptos::prelude::*;

use crate::app_state::{AppState, Screen};
use crate::store::{self, drafts, Store};
use crate::{browser, editor, handoff, start};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let store: &dyn Store = &browser::LOCAL_STORE;
    let loaded = drafts::load(store, browser::now_ms());
    let state = AppState {
        screen: RwSignal::new(Screen::Start),
        index: RwSignal::new(loaded.index),
        aside: RwSignal::new(loaded.aside),
        storage_unavailable: RwSignal::new(loaded.unavailable),
        lead: RwSignal::new(store::settings::lead(store)),
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
    browser::hooks::use_hash_change(move || {
        handoff::receive_link(state);
        if state.incoming.with_untracked(Option::is_some)
            || !state.handoff_note.with_untracked(String::is_empty)
        {
            state.show(Screen::Start);
        }
    });
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
    // The first report opened in this tab opens as fast as later ones (see `editor::warm_up`).
    editor::warm_up(state);
    move || match state.screen.get() {
        Screen::Start => view! { <start::StartScreen/> }.into_any(),
        Screen::Edit(doc) => view! { <editor::Editor doc=doc/> }.into_any(),
    }
}
