//! One labelled control per field, chosen by the field's kind.

use leptos::ev::FocusEvent;
use leptos::prelude::*;
use report_engine::{Field, Kind, Value};

use super::grid::Grid;
use super::state::EditorState;
use crate::{browser, ids};

/// The text of a text value ("" for other shapes).
pub(super) fn text_of(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        _ => String::new(),
    }
}

/// HTML input type and `inputmode` for a kind.
pub(super) fn input_type(kind: &Kind) -> (&'static str, Option<&'static str>) {
    match kind {
        Kind::Integer => ("text", Some("numeric")),
        Kind::Number | Kind::Percent | Kind::Currency => ("text", Some("decimal")),
        Kind::Date => ("date", None),
        Kind::Datetime => ("datetime-local", None),
        Kind::Url => ("url", None),
        _ => ("text", None),
    }
}

/// A short example shown as the placeholder text of an input.
fn example(f: &Field) -> Option<&'static str> {
    Some(match f.kind {
        Kind::Integer => "e.g. 42",
        Kind::Number if f.unit.is_none() => "e.g. 85ms",
        Kind::Number | Kind::Percent | Kind::Currency => "e.g. 99.5",
        Kind::Duration => "e.g. 4m 32s",
        Kind::Url => "https://…",
        Kind::Digest => "e.g. 3f2c9ab",
        _ => return None,
    })
}

/// One field: label, raw name, control, N/A toggle and its error.
#[component]
pub fn FieldRow(index: usize) -> impl IntoView {
    let st = expect_context::<EditorState>();
    let f = st.template().fields()[index].clone();
    let s = st.fields[index];
    let id = ids::field(index);
    let err_id = format!("f-{index}-err");
    let help_id = format!("f-{index}-help");
    let has_help = f.help.is_some();
    let unit_id = format!("f-{index}-unit");
    let has_unit =
        f.unit.is_some() && matches!(f.kind, Kind::Number | Kind::Percent | Kind::Currency);
    let formula_id = format!("f-{index}-formula");
    let is_computed = s.computed.is_some();
    // A computed field is read-only until the person chooses to override it.
    let locked = move || is_computed && !s.overridden.get();
    let st2 = st.clone();
    let show_err = Memo::new(move |_| st2.error_visible(index));
    let described_by = {
        let (err_id, help_id, unit_id) = (err_id.clone(), help_id.clone(), unit_id.clone());
        let formula_id = formula_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_unit {
                ids.push(unit_id.clone());
            }
            if is_computed {
                ids.push(formula_id.clone());
            }
            if has_help {
                ids.push(help_id.clone());
            }
            if show_err.get() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || show_err.get().then_some("true");
    let message = move || s.problem.get().map(|(_, m)| m).unwrap_or_default();
    let wrapper = NodeRef::<leptos::html::Div>::new();
    let on_focusout = touch_on_leave(wrapper, s);
    let label = f.label.clone();
    let na_label = format!("{label}: not applicable");
    let is_checkbox = f.kind == Kind::Checkbox;

    let control = match f.kind {
        Kind::Checkbox => view! {
            <input
                type="checkbox"
                id=id.clone()
                name=f.name.clone()
                prop:checked=move || matches!(s.value.get(), Value::Check(true))
                prop:disabled=move || s.na.get() || locked()
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                on:change=move |ev| s.set_value(Value::Check(event_target_checked(&ev)))
            />
        }
        .into_any(),
        Kind::Block => view! {
            <textarea
                id=id.clone()
                name=f.name.clone()
                rows="4"
                placeholder="Markdown"
                prop:value=move || s.value.with(text_of)
                prop:disabled=move || s.na.get()
                prop:readOnly=locked
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                on:input=move |ev| s.set_value(Value::Text(event_target_value(&ev)))
            ></textarea>
        }
        .into_any(),
        Kind::TableRows => view! {
            <Grid index=index input_id=id.clone() invalid=Signal::derive(move || show_err.get()) err_id=err_id.clone()/>
        }
        .into_any(),
        _ => text_control(&f, index, id.clone(), s, invalid, described_by.clone(), is_computed.then_some(locked))
            .into_any(),
    };
    let computed_view = f
        .compute
        .as_ref()
        .map(|c| computed_note(st.clone(), index, &c.words, formula_id.clone()));

    let raw_name = f.name.clone();
    let label_view = view! {
        <label for=id.clone() class="field-label" title=raw_name.clone()>
            {label.clone()}
        </label>
        <span class="field-name" aria-hidden="true">{raw_name}</span>
        {move || s.by.get().map(|by| view! { <span class="field-by">{format!("by {by}")}</span> })}
    };
    view! {
        <div
            class="field"
            class:has-error=move || show_err.get()
            data-field-index=index
            node_ref=wrapper
            on:focusout=on_focusout
        >
            {if is_checkbox {
                view! { <div class="field-check">{control}{label_view}</div> }.into_any()
            } else {
                view! { <div class="field-head">{label_view}</div> {control} }.into_any()
            }}
            {computed_view}
            {source_note(s)}
            {f.help.clone().map(|h| view! { <p class="field-help" id=help_id.clone()>{h}</p> })}
            <p class="field-error" id=err_id.clone() hidden=move || !show_err.get()>
                {message}
            </p>
            <label class="na-toggle">
                <input
                    type="checkbox"
                    aria-label=na_label
                    prop:checked=move || s.na.get()
                    on:change=move |ev| s.set_na(event_target_checked(&ev))
                />
                "N/A"
            </label>
        </div>
    }
}

/// Marks the field touched (its error shows from then on) when focus leaves `wrapper`.
pub(super) fn touch_on_leave(
    wrapper: NodeRef<leptos::html::Div>,
    s: super::state::FieldState,
) -> impl Fn(FocusEvent) + Copy + 'static {
    move |ev: FocusEvent| {
        // Also fires while the editor is being removed (focus leaves a field that goes away,
        // e.g. when a share link is opened in this tab): the signals may be gone by then.
        let Some(el) = wrapper.try_get_untracked() else {
            return;
        };
        if !browser::focus_stays_inside(&ev, el) {
            let _ = s.touched.try_set(true);
        }
    }
}

/// A single-line input (text, number, date, URL, status…), with its unit and extras.
fn text_control(
    f: &Field,
    index: usize,
    id: String,
    s: super::state::FieldState,
    invalid: impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static,
    described_by: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
    // A computed field's "read-only until overridden" (`None` for other fields: no effect).
    locked: Option<impl Fn() -> bool + Send + Sync + Copy + 'static>,
) -> impl IntoView {
    let (ty, mode) = input_type(&f.kind);
    let field = f.clone();
    let list_id = (f.kind == Kind::Status).then(|| format!("f-{index}-options"));
    let input = view! {
        <input
            type=ty
            inputmode=mode
            id=id
            name=f.name.clone()
            list=list_id.clone()
            autocomplete="off"
            prop:value=move || s.value.with(text_of)
            prop:disabled=move || s.na.get()
            aria-invalid=invalid
            aria-describedby=described_by
            on:input=move |ev| {
                // A computed field takes no typing until overridden (only a script could).
                if !locked.is_some_and(|l| l()) {
                    s.set_value(Value::Text(event_target_value(&ev)))
                }
            }
        />
    };
    // Only a computed field's input is read-only by turns (one reactive binding each, not
    // one per field of a 5,000-field form).
    let input = match locked {
        Some(locked) => input
            .into_inner()
            .prop("readOnly", locked)
            .attr("placeholder", move || {
                if locked() {
                    Some("Computed from other fields")
                } else {
                    example(&field)
                }
            })
            .into_any(),
        None => input
            .into_inner()
            .attr("placeholder", example(&field))
            .into_any(),
    };
    let options = list_id.map(|lid| {
        let opts = f.options.clone();
        view! {
            <datalist id=lid>
                {opts.into_iter().map(|o| view! { <option value=o></option> }).collect_view()}
            </datalist>
        }
    });
    let unit = f.unit.clone();
    let prefix = (f.kind == Kind::Currency).then(|| unit.clone()).flatten();
    let suffix = if f.kind == Kind::Currency { None } else { unit };
    let now = (f.kind == Kind::Datetime).then(|| {
        view! {
            <button
                type="button"
                class="button"
                prop:disabled=move || s.na.get() || locked.is_some_and(|l| l())
                on:click=move |_| s.set_value(Value::Text(browser::now_local_minutes()))
            >
                "Now"
            </button>
        }
    });
    view! {
        <div class="control">
            {prefix.map(|p| view! { <span class="affix" id=format!("f-{index}-unit")>{p}</span> })}
            {input}
            {suffix.map(|u| view! { <span class="affix" id=format!("f-{index}-unit")>{u}</span> })}
            {now}
            {options}
        </div>
    }
}

/// Under a computed field: its formula in words, what it waits for, and Override / Reset.
pub(super) fn computed_note(
    st: EditorState,
    index: usize,
    words: &str,
    id: String,
) -> impl IntoView {
    let s = st.fields[index];
    let memo = s.computed;
    let label = st.template().fields()[index].label.clone();
    let (reset_name, override_name) = (
        format!("Reset to computed: {label}"),
        format!("Override: {label}"),
    );
    let waiting = move || {
        if s.overridden.get() {
            return None;
        }
        let w = memo?.get().err()?;
        Some(report_engine::compute::waiting_words(st.template(), &w))
    };
    let set = move |on: bool| {
        s.overridden.set(on);
        s.edits.changed();
        if on {
            browser::focus_field(index);
        }
    };
    view! {
        <div class="field-computed">
            <p class="field-formula" id=id>
                <span class="field-formula-tag">"Computed"</span>
                {format!(" = {words}")}
            </p>
            {move || waiting().map(|w| view! { <p class="field-waiting">{w}</p> })}
            {move || if s.overridden.get() {
                view! {
                    <p class="field-override">
                        <span class="field-override-tag">"Overridden"</span>
                        <button type="button" class="button button-small" aria-label=reset_name.clone() on:click=move |_| set(false)>
                            "Reset to computed"
                        </button>
                    </p>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="button button-small" aria-label=override_name.clone() on:click=move |_| set(true)>
                        "Override"
                    </button>
                }.into_any()
            }}
        </div>
    }
}

/// Beside an imported value: the file and measure it came from, while it is still the
/// imported value. (A closure, not a component: one per field, so no owner of its own.)
pub(super) fn source_note(s: super::state::FieldState) -> impl IntoView {
    move || {
        let src = s.source.get()?;
        s.value.with(|v| src.describes(v)).then(
            || view! { <p class="field-source">{format!("From {} · {}", src.file, src.what)}</p> },
        )
    }
}
