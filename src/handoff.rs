//! Receiving a draft from another lead: a share link (the page's `#d=` fragment) or a draft
//! file (picked or dropped). Nothing is written until the user chooses: import it as a new
//! draft, or merge it into a draft of the same report (same lineage: a three-way merge
//! against the newest common checkpoint; another draft of the same template: every
//! difference is a conflict). Conflicts are decided one by one before anything is saved.

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::share::{merge, push_checkpoint, Conflict, FieldStates, Merge, Shared};
use report_engine::{Draft, Template, TemplateRef, Value};

use crate::library::StoredTemplate;
use crate::{browser, drafts, library, AppState};

/// A draft handed over, and where it came from (for messages).
#[derive(Debug, Clone)]
pub struct Incoming {
    pub shared: Arc<Shared>,
    pub source: String,
}

/// Reads a share link in the page's address, if any, and clears it from the address bar
/// (so a reload does not offer it again).
pub fn receive_link(app: AppState) {
    let Some(hash) = browser::location_hash() else {
        return;
    };
    if !hash.starts_with(report_engine::share::LINK_MARK) {
        return;
    }
    browser::clear_location_hash();
    match Shared::from_link(&hash) {
        Ok(s) => app.incoming.set(Some(Incoming {
            shared: Arc::new(s),
            source: "a share link".into(),
        })),
        Err(e) => app.handoff_note.set(format!(
            "The share link could not be opened: {e}. Nothing was changed."
        )),
    }
}

/// Reads a draft file (picked or dropped on the start screen).
pub fn open_file(app: AppState, file: web_sys::File) {
    let name = file.name();
    if let Err(e) = report_engine::limits::check_draft_file_size(file.size() as usize) {
        app.handoff_note
            .set(format!("“{name}” was not opened: {e}."));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = match browser::read_file(&file).await {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string()),
            Err(e) => Err(e),
        };
        match text.and_then(|t| Shared::from_file(&t).map_err(|e| e.to_string())) {
            Ok(s) => {
                app.handoff_note.set(String::new());
                app.incoming.set(Some(Incoming {
                    shared: Arc::new(s),
                    source: format!("“{name}”"),
                }))
            }
            Err(e) => app.handoff_note.set(format!(
                "“{name}” could not be opened as a draft file: {e}. Nothing was changed."
            )),
        }
    });
}

/// The template a shared draft fills: a built-in, or its embedded custom template (added to
/// Your templates when `keep`).
fn template_of(s: &Shared, keep: bool) -> Result<(String, Template), String> {
    match &s.template {
        TemplateRef::Builtin { id, .. } => crate::catalog()
            .iter()
            .find(|e| e.id == id.as_str())
            .map(|e| (id.clone(), e.template.clone()))
            .ok_or_else(|| {
                format!("it uses the built-in template “{id}”, which this editor does not have")
            }),
        TemplateRef::Custom { hash } => {
            let source = s.template_source.clone().unwrap_or_default();
            let mut lib = crate::stored_library();
            let template = report_engine::parse(&source);
            report_engine::limits::check_fields(&template).map_err(|e| format!("its {e}"))?;
            if keep && !lib.contains(hash) {
                lib.add(StoredTemplate::new(
                    library::display_name(template.title(), None),
                    source.clone(),
                    browser::now_ms(),
                ));
                let _ = browser::storage_set(library::STORAGE_KEY, &lib.to_json());
            }
            Ok((library::custom_key(hash), template))
        }
    }
}

/// Imports as a new draft and opens it.
fn import_new(app: AppState, inc: &Incoming) -> Result<(), String> {
    let s = &inc.shared;
    let (key, template) = template_of(s, true)?;
    let now = browser::now_ms();
    let mut draft = drafts::new_draft(&key, &template, now);
    draft.template = s.template.clone();
    let taken = app
        .index
        .with_untracked(|i| i.drafts.iter().any(|d| d.name == s.name));
    draft.name = if taken && !s.lead.is_empty() {
        format!("{} (from {})", s.name, s.lead)
    } else {
        s.name.clone()
    };
    draft.values = s.state.values.clone();
    draft.na = s.state.na.clone();
    draft.lineage = s.lineage.clone();
    draft.changed_by = s.changed_by.clone();
    draft.checkpoints = s.checkpoints.clone();
    draft.filled = count_filled(&template, &s.state);
    store_and_open(app, key, template, draft, 0)
}

fn count_filled(t: &Template, state: &FieldStates) -> usize {
    t.fields()
        .iter()
        .filter(|f| state.get(&f.name).is_some())
        .count()
}

fn store_and_open(
    app: AppState,
    key: String,
    template: Template,
    mut draft: Draft,
    base: u64,
) -> Result<(), String> {
    draft.updated_ms = browser::now_ms();
    let mut result = Ok(());
    app.index
        .update(|i| result = drafts::save(&mut draft, base, i));
    match result {
        Ok(()) => {}
        Err(drafts::SaveError::Storage(e)) if app.storage_unavailable.get_untracked() => {
            let _ = e; // in memory only: the editor says so
        }
        Err(drafts::SaveError::Storage(e)) => return Err(format!("it could not be saved ({e})")),
        Err(drafts::SaveError::Newer(_)) => {
            return Err("that draft changed meanwhile (another tab?); try again".into())
        }
    }
    app.incoming.set(None);
    app.open_draft(key, template, draft);
    Ok(())
}

/// A merge in progress: the draft it goes into, the automatic result and the conflicts.
#[derive(Clone)]
struct Pending {
    target: Draft,
    key: String,
    template: Template,
    merge: Merge,
    with_ancestor: bool,
}

fn start_merge(inc: &Incoming, target_id: &str) -> Result<Pending, String> {
    let target = drafts::read(target_id).ok_or("that draft could not be read")?;
    let (key, template) = template_of(&inc.shared, true)?;
    let s = &inc.shared;
    let ancestor = if target.lineage() == s.lineage {
        s.common_checkpoint(&target.checkpoints)
            .map(|c| c.state.clone())
    } else {
        None
    };
    let names = template.fields().iter().map(|f| f.name.as_str());
    let merge = merge(ancestor.as_ref(), &target.state(), &s.state, names);
    Ok(Pending {
        target,
        key,
        template,
        merge,
        with_ancestor: ancestor.is_some(),
    })
}

/// Writes a merge with every conflict decided (`decided[i]` for `conflicts[i]`).
fn finish_merge(
    app: AppState,
    inc: &Incoming,
    p: Pending,
    decided: &[Option<Option<Value>>],
) -> Result<(), String> {
    let s = &inc.shared;
    let mut draft = p.target.clone();
    let mut state = p.merge.merged.clone();
    for name in &p.merge.taken {
        match s.changed_by.get(name) {
            Some(by) => draft.changed_by.insert(name.clone(), by.clone()),
            None => draft.changed_by.remove(name),
        };
    }
    let me = app.lead.get_untracked();
    for (c, d) in p.merge.conflicts.iter().zip(decided) {
        let Some(v) = d.clone() else {
            return Err("decide every conflict first".into());
        };
        let by = if v == c.theirs && v != c.mine {
            s.changed_by.get(&c.field).cloned()
        } else if v != c.mine && !me.trim().is_empty() {
            Some(me.trim().to_string())
        } else {
            draft.changed_by.get(&c.field).cloned()
        };
        match by {
            Some(by) => draft.changed_by.insert(c.field.clone(), by),
            None => draft.changed_by.remove(&c.field),
        };
        state.set(&c.field, v);
    }
    draft.values = state.values.clone();
    draft.na = state.na.clone();
    if draft.lineage().is_empty() || draft.lineage() != s.lineage {
        // Merged without shared history: it joins their lineage from now on.
        draft.lineage = s.lineage.clone();
    }
    for c in &s.checkpoints {
        push_checkpoint(&mut draft.checkpoints, c.clone());
    }
    draft.filled = count_filled(&p.template, &state);
    let base = draft.revision;
    store_and_open(app, p.key, p.template, draft, base)
}

/// How a value reads in the merge view.
fn show(v: &Option<Value>) -> String {
    match v {
        None => "(empty)".into(),
        Some(Value::NotApplicable) => "N/A".into(),
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Check(true)) => "ticked".into(),
        Some(Value::Check(false)) => "not ticked".into(),
        Some(Value::Rows(rows)) => rows
            .iter()
            .map(|r| r.join(" | "))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

/// The incoming draft's panel on the start screen: what it is and the choices; then the
/// conflicts of a merge.
#[component]
pub fn IncomingPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let pending = RwSignal::new(None::<Pending>);
    let decided = RwSignal::new(Vec::<Option<Option<Value>>>::new());
    let note = app.handoff_note;
    move || {
        let inc = app.incoming.get();
        let msg = note.get();
        let msg_view = (!msg.is_empty()).then(|| {
            view! { <p class="status is-error handoff-note" role="alert">{msg}</p> }
        });
        let Some(inc) = inc else {
            return view! { {msg_view} }.into_any();
        };
        let s = inc.shared.clone();
        let from = if s.lead.is_empty() {
            inc.source.clone()
        } else {
            format!("{} (from {})", inc.source, s.lead)
        };
        let template_title = template_of(&s, false)
            .map(|(_, t)| t.title().to_string())
            .unwrap_or_else(|e| format!("unknown template: {e}"));
        // Drafts it could merge into: same lineage first, then the same template.
        let (same, other): (Vec<_>, Vec<_>) = app.index.with_untracked(|i| {
            i.drafts
                .iter()
                .filter(|d| d.template.key() == s.template.key())
                .cloned()
                .partition(|d| d.lineage == s.lineage)
        });
        let inc2 = inc.clone();
        let import = move |_| {
            if let Err(e) = import_new(app, &inc2) {
                note.set(format!("Not imported: {e}."));
            }
        };
        let merge_button = move |d: report_engine::DraftSummary, related: bool| {
            let inc = inc.clone();
            let label = if related {
                format!("Merge into “{}”", d.name)
            } else {
                format!(
                    "Merge into “{}” (no shared history: every difference is a conflict)",
                    d.name
                )
            };
            let id = d.id.clone();
            view! {
                <button type="button" class="button" on:click=move |_| {
                    match start_merge(&inc, &id) {
                        Ok(p) if p.merge.conflicts.is_empty() => {
                            if let Err(e) = finish_merge(app, &inc, p, &[]) {
                                note.set(format!("Not merged: {e}."));
                            }
                        }
                        Ok(p) => {
                            decided.set(vec![None; p.merge.conflicts.len()]);
                            pending.set(Some(p));
                        }
                        Err(e) => note.set(format!("Not merged: {e}.")),
                    }
                }>{label}</button>
            }
        };
        let choices = same
            .into_iter()
            .map(|d| merge_button(d, true))
            .chain(other.into_iter().map(|d| merge_button(d, false)))
            .collect_view();
        let inc3 = app.incoming;
        view! {
            <section class="callout incoming" aria-labelledby="incoming-heading">
                <h2 id="incoming-heading">{format!("Shared draft: “{}”", s.name)}</h2>
                {msg_view}
                <p>{format!("Received from {from}. Template: {template_title}. Nothing is saved until you choose.")}</p>
                <div class="incoming-actions">
                    {choices}
                    <button type="button" class="button button-primary" on:click=import>"Import as a new draft"</button>
                    <button type="button" class="button button-quiet" on:click=move |_| { pending.set(None); inc3.set(None); }>"Cancel"</button>
                </div>
                <MergeView pending decided/>
            </section>
        }
        .into_any()
    }
}

/// The conflicts of a merge, side by side, each decided by keep mine / take theirs / edit.
#[component]
fn MergeView(
    pending: RwSignal<Option<Pending>>,
    decided: RwSignal<Vec<Option<Option<Value>>>>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    move || {
        let p = pending.get()?;
        let fields = p.template.fields().to_vec();
        let label_of = move |name: &str| {
            fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.label.clone())
                .unwrap_or_else(|| name.to_string())
        };
        let rows = p
            .merge
            .conflicts
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, c): (usize, Conflict)| {
                let label = label_of(&c.field);
                let group = format!("conflict-{i}");
                let (mine, theirs) = (c.mine.clone(), c.theirs.clone());
                let edit_id = format!("conflict-{i}-edit");
                let editing = RwSignal::new(false);
                let text_like = |v: &Option<Value>| matches!(v, None | Some(Value::Text(_)) | Some(Value::NotApplicable));
                let editable = text_like(&c.mine) && text_like(&c.theirs);
                let initial = match &c.mine {
                    Some(Value::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                let initial2 = initial.clone();
                let edit_id2 = edit_id.clone();
                view! {
                    <fieldset class="merge-row" data-conflict=c.field.clone()>
                        <legend>{label}</legend>
                        <dl class="merge-sides">
                            <dt>"Mine"</dt><dd class="merge-value">{show(&c.mine)}</dd>
                            <dt>"Theirs"</dt><dd class="merge-value">{show(&c.theirs)}</dd>
                            <dt>"Before both"</dt><dd class="merge-value">{show(&c.ancestor)}</dd>
                        </dl>
                        <label><input type="radio" name=group.clone() on:change=move |_| {
                            editing.set(false);
                            decided.update(|d| d[i] = Some(mine.clone()));
                        }/>" Keep mine"</label>
                        <label><input type="radio" name=group.clone() on:change=move |_| {
                            editing.set(false);
                            decided.update(|d| d[i] = Some(theirs.clone()));
                        }/>" Take theirs"</label>
                        // Text can be edited into a third version; rows and boxes are chosen.
                        {editable.then(|| view! {
                            <label><input type="radio" name=group on:change=move |_| {
                                editing.set(true);
                                let v = browser::input_value(&edit_id2).unwrap_or(initial2.clone());
                                decided.update(|d| d[i] = Some(Some(Value::Text(v))));
                            }/>" Edit"</label>
                        })}
                        <Show when=move || editing.get()>
                            <label class="visually-hidden" for=edit_id.clone()>"Merged value"</label>
                            <input type="text" id=edit_id.clone() value=initial.clone()
                                on:input=move |ev| decided.update(|d| d[i] = Some(Some(Value::Text(event_target_value(&ev)))))/>
                        </Show>
                    </fieldset>
                }
            })
            .collect_view();
        let n = p.merge.conflicts.len();
        let open = move || decided.with(|d| d.iter().filter(|x| x.is_none()).count());
        let taken = p.merge.taken.len();
        let history = if p.with_ancestor {
            "against the version you both had"
        } else {
            "with no shared history"
        };
        Some(view! {
            <div class="merge" role="group" aria-labelledby="merge-heading">
                <h3 id="merge-heading">{if n == 1 { "1 conflicting field".to_string() } else { format!("{n} conflicting fields") }}</h3>
                <p>{format!("Merged {history}: {taken} fields changed only on their side are taken. Decide each field below; nothing is saved before.")}</p>
                {rows}
                <p class="status" role="status">{move || match open() { 0 => "Every conflict is decided.".to_string(), k => format!("{k} left to decide.") }}</p>
                <button type="button" class="button button-primary"
                    aria-disabled=move || (open() > 0).then_some("true")
                    on:click=move |_| {
                        if open() > 0 { return; }
                        let (Some(p), Some(inc)) = (pending.get_untracked(), app.incoming.get_untracked()) else { return };
                        let d = decided.get_untracked();
                        match finish_merge(app, &inc, p, &d) {
                            Ok(()) => pending.set(None),
                            Err(e) => app.handoff_note.set(format!("Not merged: {e}.")),
                        }
                    }>
                    "Save merged draft"
                </button>
            </div>
        })
    }
}
