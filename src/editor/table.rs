//! A template table of placeholders edited as the table it is (`report_engine::tables`):
//! the fixed cells as text, an input where a field is first used (named by its row and
//! column: "GET /api/v1/agents, p95, ms"), the cell's unit beside it. Tab walks along the
//! row; Enter and the up and down arrows move down and up the column; pasting a block from
//! a spreadsheet fills the cells from the one pasted into (one undo step). Each row has an
//! N/A box for its fields. On a phone each row is a card (`style/table.css`).

use leptos::ev::{ClipboardEvent, FocusEvent, KeyboardEvent};
use leptos::prelude::*;
use report_engine::tables::{FormTable, Part};
use report_engine::{Kind, Value};

use super::grid::pasted_block;
use super::state::{EditorState, FieldState};
use crate::{browser, ids};

/// The editable field in each cell (its first input), by row and column.
fn cell_fields(table: &FormTable) -> Vec<Vec<Option<usize>>> {
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    cell.iter().find_map(|p| match p {
                        Part::Field { index, first: true } => Some(*index),
                        _ => None,
                    })
                })
                .collect()
        })
        .collect()
}

/// Where a block pasted at (`row`, `col`) goes: each pasted cell onto the cell as far
/// right and down, if that cell takes input (`editable`). Returns the (field, text)
/// pairs and how many pasted cells found no input.
pub fn paste_plan(
    grid: &[Vec<Option<usize>>],
    row: usize,
    col: usize,
    pasted: &[Vec<String>],
    editable: impl Fn(usize) -> bool,
) -> (Vec<(usize, String)>, usize) {
    let mut out = Vec::new();
    let mut skipped = 0;
    for (dr, cells) in pasted.iter().enumerate() {
        for (dc, text) in cells.iter().enumerate() {
            match grid
                .get(row + dr)
                .and_then(|r| r.get(col + dc))
                .copied()
                .flatten()
            {
                Some(f) if editable(f) => out.push((f, text.trim().to_string())),
                _ => skipped += 1,
            }
        }
    }
    (out, skipped)
}

/// The next row (down or up) from `row` with an input in column `col`.
fn next_in_column(
    grid: &[Vec<Option<usize>>],
    row: usize,
    col: usize,
    down: bool,
) -> Option<usize> {
    let rows: Box<dyn Iterator<Item = usize>> = if down {
        Box::new(row + 1..grid.len())
    } else {
        Box::new((0..row).rev())
    };
    rows.into_iter()
        .find_map(|r| grid[r].get(col).copied().flatten())
}

#[component]
pub fn FormTableView(index: usize) -> impl IntoView {
    let st = expect_context::<EditorState>();
    let table = st.tables.tables[index].clone();
    // The cell last focused: its field's notes (formula, what it waits for, Override,
    // where an imported value came from) show under the table.
    let active = RwSignal::new(None::<usize>);
    let on_focusin = move |ev: FocusEvent| {
        if let Some(i) = browser::closest_data_index(&ev, "[data-field-index]", "data-field-index")
        {
            if active.get_untracked() != Some(i) {
                active.set(Some(i));
            }
        }
    };
    let details = {
        let st = st.clone();
        move || active.get().map(|i| cell_details(&st, i))
    };
    let grid = std::sync::Arc::new(cell_fields(&table));
    let title = st.template().sections()[table.section].title.clone();
    let header = table
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let rows = (0..table.rows.len())
        .map(|r| {
            let row_fields = table.row_fields(r);
            let row_label = table.row_label(r);
            let cells = table.rows[r]
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let column = table.headers.get(c).cloned().unwrap_or_default();
                    // Whether each input's error shows: one memo per field, read by the
                    // input (aria-invalid) and by the error under the cell.
                    let shows: Vec<(usize, Memo<bool>)> = cell
                        .iter()
                        .filter_map(|p| match p {
                            Part::Field { index: i, first: true } => {
                                let (st, i) = (st.clone(), *i);
                                Some((i, Memo::new(move |_| st.error_visible(i))))
                            }
                            _ => None,
                        })
                        .collect();
                    let show_of = |i: usize| shows.iter().find(|(j, _)| *j == i).map(|(_, m)| *m);
                    let parts = cell
                        .iter()
                        .map(|p| match p {
                            Part::Text(s) => {
                                view! { <span class="cell-text">{s.clone()}</span> }.into_any()
                            }
                            Part::Field {
                                index: i,
                                first: false,
                            } => later_use(&st, *i).into_any(),
                            Part::Field {
                                index: i,
                                first: true,
                            } => {
                                let label = table.input_label(st.template(), r, c, *i);
                                let show_err = show_of(*i).expect("a memo per input");
                                cell_input(&st, *i, label, show_err, grid.clone(), r, c).into_any()
                            }
                        })
                        .collect_view();
                    // The row's name cell is a row header.
                    if c == 0 && cell.iter().all(|p| matches!(p, Part::Text(_))) {
                        view! { <th scope="row" data-label=column>{parts}</th> }.into_any()
                    } else {
                        // Errors go under the cell's line (input and unit stay together).
                        let errors = shows
                            .iter()
                            .map(|&(i, show)| cell_error(&st, i, show))
                            .collect_view();
                        view! { <td data-label=column><div class="cell-line">{parts}</div>{errors}</td> }.into_any()
                    }
                })
                .collect_view();
            let na = (!row_fields.is_empty()).then(|| row_na(&st, row_fields, &row_label));
            view! { <tr>{cells}<td class="row-na" data-label="">{na}</td></tr> }
        })
        .collect_view();
    view! {
        <div class="form-table-scroll" on:focusin=on_focusin>
            <table class="form-table" aria-label=format!("{title}: table")>
                <thead>
                    <tr>
                        {header}
                        <th scope="col"><span class="visually-hidden">"Not applicable"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {details}
    }
}

/// Under the table, for the cell last focused: the field's name, and for a computed field
/// its formula, what it waits for and Override / Reset; for an imported value, its source.
/// Nothing for a plain cell.
fn cell_details(st: &EditorState, i: usize) -> Option<impl IntoView> {
    let f = &st.template().fields()[i];
    let s = st.fields[i];
    let computed = f.compute.as_ref().map(|c| {
        super::fields::computed_note(st.clone(), i, &c.words, format!("f-{i}-formula-note"))
    });
    let has_source = s.source.with(Option::is_some);
    (computed.is_some() || has_source).then(|| {
        view! {
            <div class="cell-details" data-field-notes=f.name.clone() aria-live="polite">
                <p class="cell-details-name">{f.label.clone()}</p>
                {computed}
                {super::fields::source_note(s)}
            </div>
        }
    })
}

/// A later use of a field whose input is elsewhere: its value, N/A, or its placeholder text.
fn later_use(st: &EditorState, i: usize) -> impl IntoView {
    let s = st.fields[i];
    let original =
        st.template().source()[st.template().fields()[i].occurrences[0].span.clone()].to_string();
    let text = move || {
        if s.na.get() {
            return report_engine::NOT_APPLICABLE.to_string();
        }
        s.value.with(|v| match v {
            Value::Text(t) if !t.is_empty() => t.clone(),
            _ => original.clone(),
        })
    };
    view! { <span class="cell-text cell-later">{text}</span> }
}

/// One cell's input, its error and (for a computed field) Override / Reset.
fn cell_input(
    st: &EditorState,
    i: usize,
    label: String,
    show_err: Memo<bool>,
    grid: std::sync::Arc<Vec<Vec<Option<usize>>>>,
    r: usize,
    c: usize,
) -> impl IntoView {
    let f = st.template().fields()[i].clone();
    let s: FieldState = st.fields[i];
    let id = ids::field(i);
    let err_id = format!("f-{i}-err");
    let is_computed = s.computed.is_some();
    let locked = move || is_computed && !s.overridden.get();
    let wrapper = NodeRef::<leptos::html::Div>::new();
    let on_focusout = super::fields::touch_on_leave(wrapper, s);
    let (ty, mode) = super::fields::input_type(&f.kind);
    let list_id =
        (f.kind == Kind::Status && !f.options.is_empty()).then(|| format!("f-{i}-options"));
    // Enter and the arrows move along the column, as in a spreadsheet: in a plain text box,
    // not where they pick a date or a suggestion, nor while an input method composes.
    let column_keys = matches!(ty, "text" | "url") && list_id.is_none();
    let keys = {
        let grid = grid.clone();
        move |ev: KeyboardEvent| {
            if !column_keys
                || ev.is_composing()
                || ev.shift_key()
                || ev.ctrl_key()
                || ev.alt_key()
                || ev.meta_key()
            {
                return;
            }
            let down = match ev.key().as_str() {
                "Enter" | "ArrowDown" => true,
                "ArrowUp" => false,
                _ => return,
            };
            if let Some(j) = next_in_column(&grid, r, c, down) {
                ev.prevent_default();
                browser::focus_field(j);
            } else if ev.key() == "Enter" {
                ev.prevent_default();
            }
        }
    };
    let st_paste = st.clone();
    let on_paste = move |ev: ClipboardEvent| {
        let Some(pasted) = pasted_block(&ev) else {
            return;
        };
        ev.prevent_default();
        let st = &st_paste;
        let editable = |j: usize| {
            let s = st.fields[j];
            (s.computed.is_none() || s.overridden.get_untracked())
                && st.template().fields()[j].kind != Kind::Checkbox
        };
        let (values, skipped) = paste_plan(&grid, r, c, &pasted, editable);
        let n = values.len();
        st.edits.set_all(
            &st.fields,
            values
                .into_iter()
                .map(|(j, t)| (j, Value::Text(t)))
                .collect(),
        );
        let mut msg = format!("Pasted {} into the table.", crate::text::plural(n, "value"));
        if skipped > 0 {
            msg.push_str(&format!(
                " {} left out: no input there (fixed text, a computed value or past the table's edge).",
                crate::text::plural(skipped, "cell")
            ));
        }
        browser::set_app_notice(&msg);
    };
    let control = if f.kind == Kind::Checkbox {
        view! {
            <input type="checkbox" id=id name=f.name.clone() aria-label=label.clone()
                prop:checked=move || matches!(s.value.get(), Value::Check(true))
                prop:disabled=move || s.na.get() || locked()
                on:change=move |ev| s.set_value(Value::Check(event_target_checked(&ev)))/>
        }
        .into_any()
    } else {
        let options = list_id.clone().map(|lid| {
            let opts = f.options.clone();
            view! {
                <datalist id=lid>
                    {opts.into_iter().map(|o| view! { <option value=o></option> }).collect_view()}
                </datalist>
            }
        });
        let formula = f
            .compute
            .as_ref()
            .map(|c| format!("Computed = {}", c.words));
        let formula_text = formula.clone().map(|text| {
            view! { <span class="visually-hidden" id=format!("f-{i}-formula")>{text}</span> }
        });
        let has_formula = formula.is_some();
        let source = move || {
            let src = s.source.get()?;
            s.value
                .with(|v| src.describes(v))
                .then(|| format!("From {} · {}", src.file, src.what))
        };
        let title = move || source().or_else(|| formula.clone());
        view! {
            <input type=ty inputmode=mode id=id name=f.name.clone() list=list_id autocomplete="off"
                aria-label=label.clone()
                title=title
                class:is-imported=move || source().is_some()
                prop:value=move || s.value.with(super::fields::text_of)
                prop:disabled=move || s.na.get()
                prop:readOnly=locked
                aria-invalid=move || show_err.get().then_some("true")
                aria-describedby=move || {
                    let mut ids = Vec::new();
                    if has_formula {
                        ids.push(format!("f-{i}-formula"));
                    }
                    if show_err.get() {
                        ids.push(err_id.clone());
                    }
                    (!ids.is_empty()).then(|| ids.join(" "))
                }
                on:input=move |ev| {
                    if !locked() {
                        s.set_value(Value::Text(event_target_value(&ev)))
                    }
                }
                on:keydown=keys
                on:paste=on_paste/>
            {formula_text}
            {options}
        }
        .into_any()
    };
    let override_button = is_computed.then(|| {
        let (on, off) = (
            format!("Override: {label}"),
            format!("Reset to computed: {label}"),
        );
        view! {
            <button type="button" class="button button-small button-icon cell-override"
                aria-pressed=move || s.overridden.get().to_string()
                aria-label=move || if s.overridden.get() { off.clone() } else { on.clone() }
                on:click=move |_| {
                    s.overridden.update(|o| *o = !*o);
                    s.edits.changed();
                    if s.overridden.get_untracked() {
                        browser::focus_field(i);
                    }
                }>"✎"</button>
        }
    });
    view! {
        <div class="cell" class:has-error=move || show_err.get() data-field-index=i node_ref=wrapper on:focusout=on_focusout>
            {control}
            {override_button}
        </div>
    }
}

/// Field `i`'s error, under its cell once shown.
fn cell_error(st: &EditorState, i: usize, show: Memo<bool>) -> impl IntoView {
    let s = st.fields[i];
    let message = move || s.problem.get().map(|(_, m)| m).unwrap_or_default();
    view! { <p class="cell-error" id=format!("f-{i}-err") hidden=move || !show.get()>{message}</p> }
}

/// The row's N/A box: marks (or unmarks) every field of the row as not applicable, as one
/// undo step.
fn row_na(st: &EditorState, fields: Vec<usize>, row_label: &str) -> impl IntoView {
    let all_fields = st.fields.clone();
    let edits = st.edits;
    let all_na = {
        let all_fields = all_fields.clone();
        let fields = fields.clone();
        move || fields.iter().all(|&i| all_fields[i].na.get())
    };
    view! {
        <label class="na-toggle">
            <input type="checkbox" aria-label=format!("{row_label}: not applicable")
                prop:checked=all_na
                on:change=move |ev| {
                    edits.set_na_all(&all_fields, &fields, event_target_checked(&ev));
                }/>
            "N/A"
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::grid::parse_tsv;

    #[test]
    fn a_pasted_block_fills_the_cells_right_and_down_skipping_fixed_ones() {
        // Row 0: name | A | B | fixed ; row 1: name | C | D | fixed ; row 2: a total row.
        let grid = vec![
            vec![None, Some(1), Some(2), None],
            vec![None, Some(3), Some(4), None],
            vec![None, Some(5), None, None],
        ];
        let pasted = parse_tsv("10\t20\t30\n11\t21\n12\t22\n13").unwrap();
        let (values, skipped) = paste_plan(&grid, 0, 1, &pasted, |f| f != 4);
        assert_eq!(
            values,
            vec![
                (1, "10".into()),
                (2, "20".into()),
                (3, "11".into()),
                (5, "12".into())
            ]
        );
        // 30 (fixed column), 21 (field 4 not editable), 22 (no input), 13 (past the end).
        assert_eq!(skipped, 4);
    }

    #[test]
    fn enter_and_arrows_move_along_the_column_over_rows_without_an_input() {
        let grid = vec![vec![None, Some(1)], vec![None, None], vec![None, Some(7)]];
        assert_eq!(next_in_column(&grid, 0, 1, true), Some(7));
        assert_eq!(next_in_column(&grid, 2, 1, false), Some(1));
        assert_eq!(next_in_column(&grid, 2, 1, true), None);
    }
}
