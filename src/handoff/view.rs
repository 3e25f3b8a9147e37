//! The incoming draft's panel on the start screen: what it is and the choices (import, or
//! merge into a draft of the same report); then the conflicts of a merge, each decided
//! before anything is saved.

use leptos::prelude::*;
use report_engine::share::Conflict;
use report_engine::{describe_value, Value};

use super::{finish, import_new, start_merge, template_of, Pending};
use crate::browser;
use crate::text::plural;
use crate::AppState;

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
        let template_title = template_of(app.store(), &s, false, 0)
            .map(|t| t.template.title().to_string())
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
                    match start_merge(app, &inc, &id) {
                        Ok(p) if p.plan.merge.conflicts.is_empty() => {
                            if let Err(e) = finish(app, &inc, p, &[]) {
                                note.set(format!("Not merged: {e}."));
                            }
                        }
                        Ok(p) => {
                            decided.set(vec![None; p.plan.merge.conflicts.len()]);
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
            .plan
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
                            <dt>"Mine"</dt><dd class="merge-value">{describe_value(c.mine.as_ref())}</dd>
                            <dt>"Theirs"</dt><dd class="merge-value">{describe_value(c.theirs.as_ref())}</dd>
                            <dt>"Before both"</dt><dd class="merge-value">{describe_value(c.ancestor.as_ref())}</dd>
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
        let n = p.plan.merge.conflicts.len();
        let open = move || decided.with(|d| d.iter().filter(|x| x.is_none()).count());
        let taken = p.plan.merge.taken.len();
        let history = if p.plan.with_ancestor {
            "against the version you both had"
        } else {
            "with no shared history"
        };
        Some(view! {
            <div class="merge" role="group" aria-labelledby="merge-heading">
                <h3 id="merge-heading">{conflicting(n)}</h3>
                <p>{format!("Merged {history}: {taken} fields changed only on their side are taken. Decide each field below; nothing is saved before.")}</p>
                {rows}
                <p class="status" role="status">{move || match open() { 0 => "Every conflict is decided.".to_string(), k => format!("{k} left to decide.") }}</p>
                <button type="button" class="button button-primary"
                    aria-disabled=move || (open() > 0).then_some("true")
                    on:click=move |_| {
                        if open() > 0 { return; }
                        let (Some(p), Some(inc)) = (pending.get_untracked(), app.incoming.get_untracked()) else { return };
                        let d = decided.get_untracked();
                        match finish(app, &inc, p, &d) {
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

/// "1 conflicting field", "3 conflicting fields".
fn conflicting(n: usize) -> String {
    plural(n, "field").replacen(' ', " conflicting ", 1)
}
