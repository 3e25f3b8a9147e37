//! The section outline with per-section progress, and the problems panel.

use leptos::prelude::*;

use super::state::EditorState;
use crate::browser;

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
                    <button type="button" class="outline-link" on:click=move |_| browser::scroll_to_section(i)>
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

/// Every missing or invalid field, grouped by section; each entry focuses its field.
#[component]
pub fn Problems() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let st2 = st.clone();
    let groups = move || {
        let t = st2.template();
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for i in st2.problems.get() {
            let section = t.fields()[i].section;
            match groups.last_mut() {
                Some((s, list)) if *s == section => list.push(i),
                _ => groups.push((section, vec![i])),
            }
        }
        groups
    };
    let count = st.problems;
    let attempted = st.show_all_errors;
    let heading = move || match (count.with(Vec::len), attempted.get()) {
        (0, _) => "No problems".to_string(),
        (n, true) => format!("There is a problem: {n} to fix"),
        (1, false) => "1 problem".to_string(),
        (n, false) => format!("{n} problems"),
    };
    let st3 = st.clone();
    view! {
        <section class="problems" id="problems" aria-labelledby="problems-heading" tabindex="-1"
            class:attempted=move || attempted.get() && !count.with(Vec::is_empty)>
            <h2 class="panel-title" id="problems-heading">{heading}</h2>
            <Show when=move || count.with(Vec::is_empty)>
                <p class="all-good">"Every required field is filled and valid."</p>
            </Show>
            <div class="problem-groups">
                {move || {
                    let t = st3.template();
                    groups()
                        .into_iter()
                        .map(|(section, list)| {
                            let title = t.sections().get(section).map(|s| s.title.clone()).unwrap_or_default();
                            let items = list
                                .into_iter()
                                .map(|i| {
                                    let message = st3.fields[i].problem.get().map(|(_, m)| m).unwrap_or_default();
                                    view! {
                                        <li>
                                            <a href=format!("#f-{i}") on:click=move |ev| {
                                                ev.prevent_default();
                                                browser::focus_field(i);
                                            }>{message}</a>
                                        </li>
                                    }
                                })
                                .collect_view();
                            view! {
                                <h3 class="problem-section">{title}</h3>
                                <ul>{items}</ul>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </section>
    }
}
