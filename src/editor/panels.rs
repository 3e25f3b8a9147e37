//! The section outline with per-section progress, and the problems panel.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::EditorState;
use crate::{browser, ids};

/// Sections that have fields, with "7 / 12 filled"; clicking one scrolls the form to it.
#[component]
pub fn Outline() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let items = st
        .template()
        .sections()
        .iter()
        .enumerate()
        .filter(|(i, _)| st.progress[*i].with_untracked(|(_, total)| *total > 0))
        .map(|(i, section)| {
            let progress = st.progress[i];
            let done = move || progress.with(|(f, t)| f == t);
            let title = section.title.clone();
            view! {
                <li class:done=done class=format!("level-{}", section.level)>
                    <button type="button" class="button button-plain outline-link" on:click=move |_| browser::scroll_to_section(i)>
                        <span class="outline-title">{title}</span>
                        <span class="outline-progress">
                            {move || progress.with(|(f, t)| format!("{f} / {t} filled"))}
                        </span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="outline" aria-label="Sections">
            <h2 class="panel-title">"Sections"</h2>
            <ol>{items}</ol>
        </nav>
    }
}

/// Problems listed per section before "Show N more".
const SHOWN_PER_SECTION: usize = 5;

/// Every missing or invalid field, grouped by section; each entry focuses its field.
/// Keyed lists: when one field's problem appears or goes away, one entry is added or
/// removed; a message changing re-renders only that entry.
#[component]
pub fn Problems() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let problems = st.problems;
    let attempted = st.show_all_errors;
    let sections: Arc<Vec<usize>> =
        Arc::new(st.template().fields().iter().map(|f| f.section).collect());
    let groups = Memo::new(move |_| {
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        problems.with(|list| {
            for &i in list {
                let section = sections[i];
                match groups.last_mut() {
                    Some((s, l)) if *s == section => l.push(i),
                    _ => groups.push((section, vec![i])),
                }
            }
        });
        groups
    });
    let heading = move || match (problems.with(Vec::len), attempted.get()) {
        (0, _) => "No problems".to_string(),
        (n, true) => format!(
            "There is a problem: {} to fix",
            report_engine::limits::count(n)
        ),
        (n, false) => crate::text::plural(n, "problem"),
    };
    let st2 = st.clone();
    let group_view = move |section: usize| {
        let st = st2.clone();
        let title = st
            .template()
            .sections()
            .get(section)
            .map(|s| s.title.clone())
            .unwrap_or_default();
        // A section's first few problems show; the rest behind "Show N more", so a form
        // with thousands of empty fields opens without thousands of links.
        let expanded = RwSignal::new(false);
        let all = move || {
            groups.with(|g| {
                g.iter()
                    .find(|(s, _)| *s == section)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default()
            })
        };
        let items = move || {
            let mut list = all();
            if !expanded.get() {
                list.truncate(SHOWN_PER_SECTION);
            }
            list
        };
        let more = move || {
            let hidden = all().len().saturating_sub(SHOWN_PER_SECTION);
            (!expanded.get() && hidden > 0).then_some(hidden)
        };
        let more_label = {
            let title = title.clone();
            move |n: usize| format!("Show {n} more in {title}")
        };
        view! {
            <h3 class="problem-section">{title}</h3>
            <ul>
                <For each=items key=|i| *i children=move |i| {
                    let problem = st.fields[i].problem;
                    // A field in a table is named as its cell is ("Enter GET /api/v1/agents,
                    // p95, ms"): the field's own label alone says less there.
                    let in_table = st.table_label(i).map(|l| (st.template().fields()[i].label.clone(), l));
                    let message = move || {
                        let m = problem.with(|p| p.as_ref().map(|(_, m)| m.clone()).unwrap_or_default());
                        match &in_table {
                            Some((label, cell)) => m.replacen(label.as_str(), cell, 1),
                            None => m,
                        }
                    };
                    let st = st.clone();
                    view! {
                        <li>
                            <a href=format!("#{}", ids::field(i)) on:click=move |ev| {
                                ev.prevent_default();
                                st.focus_field(i);
                            }>{message}</a>
                        </li>
                    }
                }/>
            </ul>
            {move || more().map(|n| view! {
                <button type="button" class="button button-small problem-more" aria-label=more_label(n)
                    on:click=move |_| expanded.set(true)>
                    {format!("Show {n} more")}
                </button>
            })}
        }
    };
    view! {
        <section class="problems" id=ids::PROBLEMS aria-labelledby="problems-heading" tabindex="-1"
            class:attempted=move || attempted.get() && !problems.with(Vec::is_empty)>
            <h2 class="panel-title" id="problems-heading">{heading}</h2>
            <Show when=move || problems.with(Vec::is_empty)>
                <p class="all-good">"Every required field is filled and valid."</p>
            </Show>
            <div class="problem-groups">
                <For
                    each=move || groups.with(|g| g.iter().map(|(s, _)| *s).collect::<Vec<_>>())
                    key=|s| *s
                    children=group_view
                />
            </div>
        </section>
    }
}
