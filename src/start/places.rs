//! The places found in a template without placeholders, before its form opens.

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::implicit::{self, Place};

use super::controller::{Pending, Start};
use super::diagnostics::{diagnostic_list, diagnostic_rows};
use super::status::{Status, StatusLine};
use crate::browser;
use crate::catalog::SEPARATOR;
use crate::ids;
use crate::text::{plural, slug};

/// The file name "Download as explicit template" gives: the name as a slug, `.md`.
fn explicit_file_name(name: &str) -> String {
    format!("{}.md", slug(name).as_deref().unwrap_or("template"))
}

/// What is shown under a place's label: "Line 5 · empty section · optional · one of a, b".
fn place_meta(place: &Place) -> String {
    let mut parts = vec![
        format!("Line {}", place.line),
        place.kind.describe().to_string(),
    ];
    if place.optional {
        parts.push("optional".to_string());
    }
    if !place.options.is_empty() {
        parts.push(format!("one of {}", place.options.join(", ")));
    }
    parts.join(SEPARATOR)
}

/// The places found in a template without placeholders, each with a checkbox (kept by
/// default), and the template's diagnostics. "Open form" stores and opens the explicit
/// form with the kept places; "Download as explicit template" saves that text; nothing is
/// stored before "Open form".
#[component]
pub(super) fn PlacesPanel(pending: Arc<Pending>) -> impl IntoView {
    let start = expect_context::<Start>();
    let places = StoredValue::new(pending.template.places().to_vec());
    let kept = RwSignal::new(vec![true; pending.template.places().len()]);
    let status = RwSignal::new(None::<Status>);
    let kept_places = move || {
        places.with_value(|ps| {
            kept.with(|k| {
                ps.iter()
                    .zip(k)
                    .filter(|(_, keep)| **keep)
                    .map(|(p, _)| p.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let kept_count = move || kept.with(|k| k.iter().filter(|keep| **keep).count());

    let items = pending
        .template
        .places()
        .iter()
        .enumerate()
        .map(|(i, place)| {
            let id = format!("place-{i}");
            let meta_id = format!("place-{i}-meta");
            let help_id = format!("place-{i}-help");
            let described_by = if place.help.is_some() {
                format!("{meta_id} {help_id}")
            } else {
                meta_id.clone()
            };
            let is_kept = move || kept.with(|k| k.get(i).copied().unwrap_or(false));
            view! {
                <li class="place" class:is-left-out=move || !is_kept()>
                    <input
                        type="checkbox"
                        class="place-check"
                        id=id.clone()
                        aria-describedby=described_by
                        prop:checked=is_kept
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            kept.update(|k| {
                                if let Some(keep) = k.get_mut(i) {
                                    *keep = on;
                                }
                            });
                        }
                    />
                    <div class="place-text">
                        <label class="place-label" for=id>{place.label.clone()}</label>
                        <p class="place-meta" id=meta_id>{place_meta(place)}</p>
                        {place.help.clone().map(|help| view! {
                            <p class="place-help" id=help_id>{help}</p>
                        })}
                    </div>
                </li>
            }
        })
        .collect_view();

    let rows = diagnostic_rows(&pending.source, pending.template.diagnostics());
    let problems = rows.len();
    let has_errors = rows.iter().any(|r| r.severity == "Error");
    let diagnostics = (problems > 0).then(|| {
        view! {
            <h3 class="places-subheading">{plural(problems, "problem")}</h3>
            {diagnostic_list(rows)}
        }
    });

    let file_name = explicit_file_name(&pending.name);
    let source = pending.source.clone();
    let name = pending.name.clone();
    let download = move |_| {
        let kept = kept_places();
        let text = implicit::adopt_named(&source, &kept, Some(&name));
        status.set(Some(
            match browser::download(&file_name, "text/markdown", &text) {
                Ok(()) => Status::info(format!(
                    "Downloaded “{file_name}”: the template with {}.",
                    plural(kept.len(), "placeholder")
                )),
                Err(e) => Status::error(format!("Could not download it: {e}.")),
            },
        ));
    };

    view! {
        <section
            class="diagnostics places"
            class:has-errors=has_errors
            aria-labelledby=ids::PLACES_HEADING
        >
            <h2 id=ids::PLACES_HEADING tabindex="-1">{implicit::summary(pending.template.places())}</h2>
            <p class="diagnostics-intro">
                {format!(
                    "“{}” was read for the places where a report is usually written. Each place \
                     ticked becomes a field of the form; untick those that are not for filling \
                     in. “Open form” keeps the template in Your templates with a placeholder at \
                     each place kept.",
                    pending.name
                )}
            </p>
            <ul class="place-list" role="list" aria-label="Places to fill">
                {items}
            </ul>
            {diagnostics}
            <div class="diagnostics-actions">
                <button
                    type="button"
                    class="button button-primary"
                    on:click=move |_| start.open_places(&kept_places())
                >
                    {move || format!("Open form with {}", plural(kept_count(), "field"))}
                </button>
                <button type="button" class="button" on:click=download>
                    "Download as explicit template"
                </button>
                <button type="button" class="button" on:click=move |_| start.cancel()>
                    "Cancel"
                </button>
            </div>
            <StatusLine id="places-status" status/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_file_name_is_a_slug() {
        assert_eq!(
            explicit_file_name("Title (incident #)"),
            "title-incident.md"
        );
        assert_eq!(explicit_file_name("Weekly ops"), "weekly-ops.md");
        assert_eq!(explicit_file_name(" # "), "template.md");
    }

    #[test]
    fn places_of_a_heading_only_template_say_where_they_are() {
        let template = report_engine::parse("# T\n\n## Summary\n\n## Impact\n");
        let places = template.places();
        assert_eq!(places.len(), 2, "{places:?}");
        assert_eq!(place_meta(&places[0]), "Line 3 · empty section");
        let one = implicit::adopt("# T\n\n## Summary\n\n## Impact\n", &places[1..]);
        let reparsed = report_engine::parse(&one);
        assert!(reparsed.places().is_empty());
        assert_eq!(reparsed.fields().len(), 1);
    }
}
