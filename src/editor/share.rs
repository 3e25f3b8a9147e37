//! Handing this draft to another lead: "Share as file" and "Copy share link". Each hand-off
//! records a checkpoint (the values as sent) in this draft too, so the draft that comes
//! back can be merged against it.

use leptos::prelude::*;
use report_engine::share::{
    push_checkpoint, Checkpoint, FieldStates, Shared, LINK_RECOMMEND_FILE_ABOVE,
};
use report_engine::TemplateRef;

use super::autosave::Autosave;
use super::state::EditorState;
use crate::{browser, ids, store, AppState};

/// The draft as it stands, handed over now.
pub fn hand_off(st: &EditorState, app: AppState, saver: Autosave) -> Shared {
    let (values, na, _) = st.draft_values();
    // Unfilled fields are left out (a merge reads a missing field as unfilled): shorter links.
    let mut state = FieldStates::default();
    let all = FieldStates { values, na };
    for f in st.template().fields() {
        state.set(&f.name, all.get(&f.name));
    }
    let checkpoint = Checkpoint {
        id: app.new_draft_id(),
        state: state.clone(),
    };
    // The hand-off is recorded in this draft too (and saved at once), so the draft that
    // comes back can be merged against it.
    saver.save_meta(st, app, |d| {
        d.lineage = d.lineage().to_string();
        push_checkpoint(&mut d.checkpoints, checkpoint);
    });
    let draft = saver.draft();
    let template_source = match &draft.template {
        TemplateRef::Custom { hash } => store::library::source(app.store(), hash),
        TemplateRef::Builtin { .. } => None,
    };
    Shared {
        lineage: draft.lineage,
        name: draft.name,
        lead: app.lead.get_untracked().trim().to_string(),
        template: draft.template,
        template_source,
        state,
        changed_by: st.changed_by(),
        checkpoints: draft.checkpoints,
        overrides: st.overrides(),
        sources: st.sources(),
    }
}

/// "Share as file": downloads the draft file.
pub fn share_file(st: &EditorState, app: AppState, saver: Autosave) -> Result<String, String> {
    let s = hand_off(st, app, saver);
    let name = format!("{}.draft.json", browser::file_stem(&s.name));
    browser::download(&name, "application/json", &s.to_file())?;
    Ok(name)
}

/// The share link dialog: the link, its length, and advice when it is long.
#[component]
pub fn ShareLinkDialog(link: RwSignal<Option<String>>) -> impl IntoView {
    let copied = RwSignal::new(String::new());
    move || {
        let l = link.get()?;
        let n = l.chars().count();
        let long = n > LINK_RECOMMEND_FILE_ABOVE;
        let text = l.clone();
        Some(view! {
            <section class="callout share-dialog" role="dialog" aria-labelledby="share-heading">
                <h2 id="share-heading">"Share link"</h2>
                <p id="share-length">{format!("The link is {n} characters long. The draft travels inside it (after #), which is never sent to a server.")}</p>
                {long.then(|| view! {
                    <p class="status is-error" role="alert">
                        {format!("Links over {LINK_RECOMMEND_FILE_ABOVE} characters are often cut by chat apps: send the draft as a file instead (Export… → Share as file).")}
                    </p>
                })}
                <label for=ids::SHARE_LINK>"Link"</label>
                <textarea id=ids::SHARE_LINK readonly rows="3">{l.clone()}</textarea>
                <div class="conflict-actions">
                    <button type="button" class="button button-primary" on:click=move |_| browser::copy_text(text.clone(), copied)>"Copy link"</button>
                    <button type="button" class="button" on:click=move |_| { copied.set(String::new()); link.set(None) }>"Close"</button>
                </div>
                <p class="status" role="status">{move || copied.get()}</p>
            </section>
        })
    }
}
