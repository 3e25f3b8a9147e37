//! The live preview: the filled report rendered chunk by chunk (a chunk runs from one
//! heading to the next), each chunk a memo that re-renders only when one of its fields
//! changes shape. All HTML comes from the engine's safe renderer.
//!
//! Typing into an inline field whose value is and stays plain text (`plain_inline`: it
//! reads the same as Markdown wherever it sits) re-renders nothing: the chunk depends on
//! the field's [`Shown`], which stays `Plain`, and an effect writes the new text into the
//! value's `<span data-value>` where it shows. Anything else (markup, a line break, empty,
//! N/A, an invalid value with its badge) is a new `Shown` and renders its chunk again.

use std::sync::Arc;

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use report_engine::render::{self, MarkText, MISSING};
use report_engine::{plain_inline, Placement, ProblemKind, Template, Value};

use super::state::{EditorState, FieldState};
use crate::{browser, ids};

/// What a chunk's HTML depends on for one field.
#[derive(Clone, PartialEq)]
enum Shown {
    /// A valid plain value that every use of the field shows as its own text.
    Plain,
    /// Anything else: the value (or N/A) and whether it is invalid.
    Other(Value, bool),
}

/// True when every use of field `i` is inline text the preview marks (not in code, a link
/// destination or the document's front matter), so its plain values can be written in place.
fn writable_in_place(t: &Template, i: usize) -> bool {
    let front = t.front_matter_end().unwrap_or(0);
    t.fields()[i].occurrences.iter().all(|o| {
        matches!(o.placement, Placement::Inline | Placement::Blank)
            && !o.in_code
            && !o.in_link_destination
            && o.span.start >= front
    })
}

fn invalid(s: &FieldState) -> bool {
    s.problem
        .with(|p| matches!(p, Some((ProblemKind::Invalid, _))))
}

#[component]
pub fn Preview() -> impl IntoView {
    let st = expect_context::<EditorState>();
    let t = st.template();
    let lazy = st.preview;
    let mut chunks_of: Vec<Vec<usize>> = vec![Vec::new(); t.fields().len()];
    for (c, chunk) in t.chunks().iter().enumerate() {
        for &i in &chunk.fields {
            chunks_of[i].push(c);
        }
    }
    let shown: Arc<Vec<Memo<Shown>>> = Arc::new(
        st.fields
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let in_place = writable_in_place(t, i);
                if in_place {
                    // Writes each new plain value where it shows.
                    let chunks = std::mem::take(&mut chunks_of[i]);
                    Effect::new(move |first: Option<()>| {
                        let text = s.value.with(plain_inline);
                        let write = !s.na.get() && !invalid(&s);
                        // The first run only subscribes: the chunk renders what is there.
                        if let (Some(()), Some(text), true) = (first, text, write) {
                            browser::set_preview_text(&chunks, i, &text);
                        }
                    });
                }
                Memo::new(move |_| {
                    let bad = invalid(&s);
                    let na = s.na.get();
                    if in_place && !bad && !na && s.value.with(|v| plain_inline(v).is_some()) {
                        Shown::Plain
                    } else {
                        Shown::Other(s.effective(), bad)
                    }
                })
            })
            .collect(),
    );
    let views = (0..t.chunks().len())
        .map(|c| {
            let st = st.clone();
            let shown = shown.clone();
            let html = Memo::new(move |_| {
                let t = st.template();
                // Read, not only tracked: a memo runs (and subscribes to its field) when read.
                for &i in &t.chunks()[c].fields {
                    shown[i].with(|_| ());
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
                    inner_html=move || if lazy.mounted(c) { html.get() } else { String::new() }></div>
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
