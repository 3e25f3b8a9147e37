//! "Your drafts" on the start screen: every stored draft with its template, last change
//! and completion; open, rename, duplicate and delete (with undo). "Export all" writes one
//! backup file, "Import backup" restores one without overwriting anything, and values set
//! aside because they did not read are offered for download.

use leptos::prelude::*;
use report_engine::{Backup, Draft, DraftIndex, DraftSummary};

use crate::browser::{self, FileHandle};
use crate::ids;
use crate::store::drafts::{self, OpError};
use crate::store::settings;
use crate::text::plural;
use crate::AppState;

#[derive(Clone, Copy)]
struct Ctx {
    app: AppState,
    status: RwSignal<String>,
    /// The last deleted draft, until undone or another delete.
    deleted: RwSignal<Option<Draft>>,
    renaming: RwSignal<Option<String>>,
}

#[component]
pub fn DraftList() -> impl IntoView {
    let app = expect_context::<AppState>();
    let c = Ctx {
        app,
        status: RwSignal::new(String::new()),
        deleted: RwSignal::new(None),
        renaming: RwSignal::new(None),
    };
    let entries = move || app.index.with(|i| i.drafts.clone());
    let empty = move || app.index.with(|i| i.drafts.is_empty());
    view! {
        <section class="templates" aria-labelledby="drafts-heading">
            <h2 id="drafts-heading">"Your drafts"</h2>
            <div class="lead-name">
                <label for="lead-name">"Your name as a lead"</label>
                <input id="lead-name" type="text" maxlength="60" placeholder="e.g. QA lead"
                    prop:value=move || app.lead.get()
                    on:change=move |ev| {
                        let name = event_target_value(&ev).trim().to_string();
                        app.lead.set(name.clone());
                        if let Err(e) = settings::set_lead(app.store(), &name) {
                            c.status.set(format!("Your name is used in this tab but not kept: {e}."));
                        }
                    }/>
                <p class="field-help">"Shown beside the fields you fill, so others see who filled what."</p>
            </div>
            {move || app.storage_unavailable.get().then(|| view! {
                <p class="status is-error" role="alert">
                    "This browser does not allow storage here: drafts last only while the tab is open. Download them to keep them."
                </p>
            })}
            <div class="status-row">
                <p class="status" role="status" id="drafts-status">{move || c.status.get()}</p>
                {move || c.deleted.with(Option::is_some).then(|| view! {
                    <button id=ids::UNDO_DELETE_DRAFT type="button" class="button button-small" on:click=move |_| undo_delete(c)>
                        "Undo"
                    </button>
                })}
            </div>
            <Show when=empty>
                <p class="empty-note">"Pick a template below to start a draft. Drafts are saved in this browser as you type."</p>
            </Show>
            <ul class="template-list" role="list" aria-label="Your drafts">
                <For each=entries key=|d| (d.id.clone(), d.name.clone(), d.updated_ms) let:d>
                    <DraftItem d=d c=c/>
                </For>
            </ul>
            <div class="drafts-actions">
                <label class="button" for="open-draft-file">"Open draft file…"</label>
                <input type="file" id="open-draft-file" class="visually-hidden" accept=".json,application/json"
                    on:change=move |ev| {
                        if let Some(f) = browser::take_input_files(&ev).into_iter().next() {
                            crate::handoff::open_file(app, f);
                        }
                    }/>
                <button type="button" class="button" id="export-all" on:click=move |_| export_all(c)>
                    "Export all (backup)"
                </button>
                <label class="button" for="import-backup">"Import backup…"</label>
                <input type="file" id="import-backup" class="visually-hidden" accept=".json,application/json"
                    on:change=move |ev| {
                        if let Some(f) = browser::take_input_files(&ev).into_iter().next() {
                            import_backup(c, f);
                        }
                    }/>
            </div>
            <SetAside c/>
        </section>
    }
}

#[component]
fn DraftItem(d: DraftSummary, c: Ctx) -> impl IntoView {
    let id = d.id.clone();
    let name = d.name.clone();
    let edit_name = d.name.clone();
    let percent = d.percent();
    let template_title = d.template_title.clone();
    let updated_ms = d.updated_ms;
    let is_renaming = {
        let id = id.clone();
        move || c.renaming.with(|r| r.as_deref() == Some(id.as_str()))
    };
    let (open_id, dup_id, del_id, ren_id, save_id) =
        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let input_id = ids::rename_draft(&id);
    let input_for_focus = input_id.clone();
    view! {
        <li class="template draft-item" data-draft-id=id.clone()>
            <div class="library-item-text">
                <Show when=is_renaming.clone() fallback={let name = name.clone(); move || view! { <h3 class="template-title">{name.clone()}</h3> }}>
                    <form class="rename-form" on:submit={let save_id = save_id.clone(); let input_id = input_id.clone(); move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let value = browser::input_value(&input_id).unwrap_or_default();
                        rename(c, &save_id, value);
                    }}>
                        <label for=input_id.clone() class="visually-hidden">"Draft name"</label>
                        <input id=input_id.clone() type="text" value=edit_name.clone() maxlength="200"/>
                        <button type="submit" class="button button-small">"Save name"</button>
                        <button type="button" class="button button-small button-quiet" on:click=move |_| c.renaming.set(None)>"Cancel"</button>
                    </form>
                </Show>
                <p class="template-counts">{template_title}</p>
                <p class="template-meta">
                    "Changed " {browser::local_date_time(updated_ms)} " · "
                    <span class="draft-percent">{format!("{percent}% complete")}</span>
                </p>
            </div>
            <div class="library-item-actions">
                <button type="button" class="button" id=ids::open_draft(&id) aria-label=format!("Open {name}")
                    on:click=move |_| open(c, &open_id)>"Open"</button>
                <button type="button" class="button button-quiet" aria-label=format!("Rename {name}")
                    on:click=move |_| { c.renaming.set(Some(ren_id.clone())); browser::focus_by_id_later(&input_for_focus); }>"Rename"</button>
                <button type="button" class="button button-quiet" aria-label=format!("Duplicate {name}")
                    on:click=move |_| duplicate(c, &dup_id)>"Duplicate"</button>
                <button type="button" class="button button-quiet" aria-label=format!("Delete {name}")
                    on:click=move |_| delete(c, &del_id)>"Delete"</button>
            </div>
        </li>
    }
}

/// Values set aside because they did not read: download or keep.
#[component]
fn SetAside(c: Ctx) -> impl IntoView {
    let app = c.app;
    let items = move || app.aside.get();
    view! {
        <Show when=move || !app.aside.with(Vec::is_empty)>
            <div class="set-aside">
                <h3>"Set aside"</h3>
                <p>"These stored values could not be read. They are kept, not deleted; download them to inspect or restore them."</p>
                <ul role="list">
                    <For each=items key=|k| k.clone() let:key>
                        <li>
                            <code>{key.clone()}</code>
                            " "
                            <button type="button" class="button button-small" on:click={let key = key.clone(); move |_| download_aside(c, &key)}>
                                "Download"
                            </button>
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

fn download_aside(c: Ctx, key: &str) {
    if let Some(raw) = drafts::aside_value(c.app.store(), key) {
        let file = key.replace('/', "_");
        let _ = browser::download(&format!("{file}.json"), "application/json", &raw);
    }
}

fn open(c: Ctx, id: &str) {
    if let Err(e) = c.app.open_stored(id) {
        c.status.set(format!("This draft cannot be opened: {e}."));
    }
}

/// Runs an operation on the stored drafts with the index, then shows `done` or the error
/// after `failed` ("Not renamed: …").
fn run<T>(
    c: Ctx,
    op: impl FnOnce(&dyn crate::store::Store, &mut DraftIndex) -> Result<T, OpError>,
    failed: &str,
) -> Option<T> {
    let mut result = None;
    c.app
        .index
        .update(|index| result = Some(op(c.app.store(), index)));
    match result? {
        Ok(t) => Some(t),
        Err(OpError::Unreadable) => {
            c.status
                .set("This draft could not be read from storage.".into());
            None
        }
        Err(OpError::EmptyName) => {
            c.status.set("A draft needs a name.".into());
            None
        }
        Err(e) => {
            c.status.set(format!("{failed}: {e}."));
            None
        }
    }
}

fn rename(c: Ctx, id: &str, name: String) {
    if let Some(name) = run(c, |s, i| drafts::rename(s, i, id, &name), "Not renamed") {
        c.renaming.set(None);
        c.status.set(format!("Renamed to “{name}”."));
    }
}

fn duplicate(c: Ctx, id: &str) {
    let new_id = c.app.new_draft_id();
    let now = browser::now_ms();
    if let Some(d) = run(
        c,
        |s, i| drafts::duplicate(s, i, id, new_id, now),
        "Not duplicated",
    ) {
        c.status.set(format!("Duplicated as “{}”.", d.name));
    }
}

fn delete(c: Ctx, id: &str) {
    if let Some(d) = run(c, |s, i| drafts::delete(s, i, id), "Not deleted") {
        c.status.set(format!("Deleted “{}”.", d.name));
        c.deleted.set(Some(d));
        browser::focus_by_id_later(ids::UNDO_DELETE_DRAFT);
    }
}

fn undo_delete(c: Ctx) {
    let Some(d) = c.deleted.get_untracked() else {
        return;
    };
    if run(c, |s, i| drafts::restore(s, i, &d), "Not restored").is_some() {
        c.deleted.set(None);
        c.status.set(format!("Restored “{}”.", d.name));
    }
}

fn export_all(c: Ctx) {
    let backup = c
        .app
        .index
        .with_untracked(|i| drafts::export(c.app.store(), i, browser::now_ms()));
    let file = format!("report-editor-backup-{}.json", browser::today());
    match browser::download(&file, "application/json", &backup.to_json()) {
        Ok(()) => c.status.set(format!(
            "Exported {} and {} to {file}.",
            plural(backup.drafts.len(), "draft"),
            plural(backup.templates.len(), "template")
        )),
        Err(e) => c.status.set(format!("Could not export: {e}.")),
    }
}

fn import_backup(c: Ctx, file: FileHandle) {
    let name = file.name();
    if let Err(e) = report_engine::limits::check_backup_size(file.size()) {
        c.status.set(format!("“{name}” was not imported: {e}."));
        return;
    }
    leptos::task::spawn_local(async move {
        let backup = file
            .read_text()
            .await
            .and_then(|t| Backup::from_json(&t).map_err(|e| e.to_string()));
        let backup = match backup {
            Ok(b) => b,
            Err(e) => {
                c.status.set(format!(
                    "“{name}” was not imported: {e}. Nothing was changed."
                ));
                return;
            }
        };
        let now = browser::now_ms();
        let app = c.app;
        let mut outcome = Err(String::new());
        app.index.update(|index| {
            outcome = drafts::import(app.store(), index, backup, now, || app.new_draft_id())
        });
        c.status.set(match outcome {
            Ok(imported) => imported.message(),
            Err(e) => e,
        });
    });
}
