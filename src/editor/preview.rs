//! The live preview: the filled report rendered chunk by chunk (a chunk runs from one
//! heading to the next), each chunk a memo that re-renders only when one of its fields
//! changes shape. All HTML comes from the engine's safe renderer.
//!
//! Typing into an inline field whose value is and stays plain text (`plain_inline`: it
//! reads the same as Markdown wherever it sits) re-renders nothing: a chunk depends on its
//! fields' `shape` signals, and the field's bookkeeping effect (`state.rs`) writes the new
//! text into the value's `<span data-value>` where it shows. Anything else (markup, a line
//! break, empty, N/A, an invalid value with its badge) bumps `shape`, and the chunks using
//! the field render again.

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use report_engine::render::{self, MarkText, MISSING};
use report_engine::ProblemKind;

use super::state::EditorState;
use crate::{browser, ids};

#[component]
pub fn Preview() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let t = st.template();
    let lazy = st.preview;
    let views = (0..t.chunks().len())
        .map(|c| {
            let st = st.clone();
            // Made again from the current values each time the chunk is made (a value
            // written in place while it was made is not in the last rendering).
            let html = Memo::new(move |_| {
                if !lazy.mounted(c) {
                    return String::new();
                }
                let t = st.template();
                for &i in &t.chunks()[c].fields {
                    st.fields[i].shape.track();
                }
                let md = report_engine::preview_chunk(
                    t,
                    c,
                    &|i| Some(st.fields[i].effective_untracked()),
                    &|i| {
                        st.fields[i]
                            .problem
                            .with_untracked(|p| matches!(p, Some((ProblemKind::Invalid, _))))
                    },
                );
                render::to_html_marked(&md, &|kind, i| {
                    let f = t.fields().get(i)?;
                    Some(if kind == MISSING {
                        let original = &t.source()[f.occurrences[0].span.clone()];
                        MarkText {
                            text: original.to_string(),
                            title: format!("{}: not filled yet (click to fill)", f.label),
                        }
                    } else {
                        let message = st.fields[i]
                            .problem
                            .with_untracked(|p| p.as_ref().map(|(_, m)| m.clone()));
                        MarkText {
                            text: "⚠".into(),
                            title: message.unwrap_or_default(),
                        }
                    })
                })
            });
            // Rendered once it nears the viewport (see `lazy`); a spacer of about its
            // height until then.
            view! {
                <div class="chunk" id=ids::chunk(c)
                    style:min-height=move || (!lazy.mounted(c)).then(|| format!("{}px", lazy.height(c)))
                    inner_html=move || html.get()></div>
            }
        })
        .collect_view();
    // Clicking a highlighted placeholder focuses its field.
    let on_click = move |ev: MouseEvent| {
        if let Some(i) = browser::closest_data_index(&ev, "[data-field]", "data-field") {
            st.focus_field(i);
        }
    };
    view! {
        <section class="preview" id=ids::PREVIEW role="region" aria-label="Preview" tabindex="0" on:click=on_click
            on:scroll=move |_| lazy.refresh()>
            <article class="report">{views}</article>
        </section>
    }
}
