//! The table-rows editor: a grid with the template table's own columns. Rows can be added,
//! deleted and moved; Tab walks the cells; pasting tab-separated text (from a spreadsheet)
//! fills rows from the cell it is pasted into.

use leptos::ev::ClipboardEvent;
use leptos::prelude::*;
use report_engine::Value;

use super::state::EditorState;

/// Rows of the field's value (an empty list for other shapes).
fn rows_of(v: &Value) -> Vec<Vec<String>> {
    match v {
        Value::Rows(r) => r.clone(),
        _ => Vec::new(),
    }
}

/// Splits pasted spreadsheet text into rows of cells. `None` when it is a plain value
/// (no tab and no line break), which the browser should paste as usual.
pub fn parse_tsv(text: &str) -> Option<Vec<Vec<String>>> {
    if !text.contains('\t') && !text.trim_end_matches(['\r', '\n']).contains('\n') {
        return None;
    }
    let rows = text
        .trim_end_matches(['\r', '\n'])
        .split('\n')
        .map(|line| {
            line.trim_end_matches('\r')
                .split('\t')
                .map(str::to_string)
                .collect()
        })
        .collect();
    Some(rows)
}

/// The block of cells a paste event carries, when it is more than one value (a
/// spreadsheet's tab-separated rows); `None` lets the browser paste as usual.
pub fn pasted_block(ev: &ClipboardEvent) -> Option<Vec<Vec<String>>> {
    let text = ev.clipboard_data()?.get_data("text/plain").ok()?;
    parse_tsv(&text)
}

/// Writes `pasted` into `rows` starting at (`row`, `col`), adding rows as needed and
/// dropping cells beyond the last column.
pub fn paste_into(
    rows: &mut Vec<Vec<String>>,
    columns: usize,
    row: usize,
    col: usize,
    pasted: &[Vec<String>],
) {
    for (dr, cells) in pasted.iter().enumerate() {
        let r = row + dr;
        while rows.len() <= r {
            rows.push(vec![String::new(); columns]);
        }
        for (dc, cell) in cells.iter().enumerate() {
            let c = col + dc;
            if c >= columns {
                break;
            }
            if rows[r].len() <= c {
                rows[r].resize(columns, String::new());
            }
            rows[r][c] = cell.clone();
        }
    }
}

#[component]
pub fn Grid(
    index: usize,
    input_id: String,
    invalid: Signal<bool>,
    err_id: String,
) -> impl IntoView {
    let st = expect_context::<EditorState>();
    let f = st.template().fields()[index].clone();
    let s = st.fields[index];
    let columns = f.columns.clone();
    let ncols = columns.len().max(1);
    let label = f.label.clone();

    // Stable ids for rows, so moving a row moves its inputs (and keeps focus sensible).
    let next_id = StoredValue::new(0u32);
    let fresh = move || {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        id
    };
    let initial = s.value.with_untracked(|v| rows_of(v).len());
    let ids = RwSignal::new((0..initial).map(|_| fresh()).collect::<Vec<u32>>());

    let update_rows = move |f: &mut dyn FnMut(&mut Vec<Vec<String>>)| {
        s.update_value(|v| {
            let mut rows = rows_of(v);
            f(&mut rows);
            *v = Value::Rows(rows);
        });
    };
    let sync_ids = move || {
        let n = s.value.with_untracked(|v| rows_of(v).len());
        ids.update(|list| {
            while list.len() < n {
                list.push(fresh());
            }
            list.truncate(n);
        });
    };
    // Rows added or removed from outside the grid (undo, redo, another tab) get ids too.
    Effect::new(move |_| {
        let n = s.value.with(|v| rows_of(v).len());
        if ids.with_untracked(Vec::len) != n {
            sync_ids();
        }
    });
    let position = move |id: u32| ids.with(|l| l.iter().position(|x| *x == id));

    let add_row = move |_| {
        update_rows(&mut |rows| rows.push(vec![String::new(); ncols]));
        sync_ids();
    };
    let header = columns.clone();
    let disabled = move || s.na.get();

    let row_view = move |id: u32| {
        let columns = columns.clone();
        let label = label.clone();
        let input_id = input_id.clone();
        let cells = (0..ncols)
            .map(|c| {
                let col_name = columns
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| format!("Column {}", c + 1));
                let input_id = input_id.clone();
                let cell_id = move || match position(id) {
                    Some(0) if c == 0 => input_id.clone(),
                    Some(r) => format!("{input_id}-r{r}-c{c}"),
                    None => String::new(),
                };
                let aria = move || {
                    format!(
                        "{col_name}, row {}",
                        position(id).map(|r| r + 1).unwrap_or(0)
                    )
                };
                let value = move || {
                    let r = position(id)?;
                    s.value.with(|v| match v {
                        Value::Rows(rows) => rows.get(r).and_then(|row| row.get(c)).cloned(),
                        _ => None,
                    })
                };
                let on_paste = move |ev: ClipboardEvent| {
                    let Some(pasted) = pasted_block(&ev) else {
                        return;
                    };
                    ev.prevent_default();
                    if let Some(r) = position(id) {
                        update_rows(&mut |rows| paste_into(rows, ncols, r, c, &pasted));
                        sync_ids();
                    }
                };
                view! {
                    <td>
                        <input
                            type="text"
                            id=cell_id
                            aria-label=aria
                            prop:value=move || value().unwrap_or_default()
                            prop:disabled=disabled
                            aria-invalid=move || invalid.get().then_some("true")
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                if let Some(r) = position(id) {
                                    update_rows(&mut |rows| {
                                        if let Some(row) = rows.get_mut(r) {
                                            if row.len() <= c {
                                                row.resize(ncols, String::new());
                                            }
                                            row[c] = text.clone();
                                        }
                                    });
                                }
                            }
                            on:paste=on_paste
                        />
                    </td>
                }
            })
            .collect_view();
        let move_by = move |delta: isize| {
            let Some(r) = position(id) else { return };
            let target = r as isize + delta;
            let len = ids.with_untracked(Vec::len) as isize;
            if target < 0 || target >= len {
                return;
            }
            let t = target as usize;
            update_rows(&mut |rows| rows.swap(r, t));
            ids.update(|l| l.swap(r, t));
        };
        let delete = move |_| {
            if let Some(r) = position(id) {
                update_rows(&mut |rows| {
                    rows.remove(r);
                });
                ids.update(|l| {
                    l.remove(r);
                });
            }
        };
        let row_no = move || position(id).map(|r| r + 1).unwrap_or(0);
        let label_up = label.clone();
        let label_down = label.clone();
        view! {
            <tr>
                {cells}
                <td class="row-actions">
                    <button type="button" class="button button-small button-icon" prop:disabled=disabled
                        aria-label=move || format!("Move {label_up} row {} up", row_no())
                        on:click=move |_| move_by(-1)>"↑"</button>
                    <button type="button" class="button button-small button-icon" prop:disabled=disabled
                        aria-label=move || format!("Move {label_down} row {} down", row_no())
                        on:click=move |_| move_by(1)>"↓"</button>
                    <button type="button" class="button button-small button-icon button-danger" prop:disabled=disabled
                        aria-label=move || format!("Delete {label} row {}", row_no())
                        on:click=delete>"✕"</button>
                </td>
            </tr>
        }
    };

    view! {
        <fieldset class="grid" name=f.name.clone() aria-label=f.label.clone() aria-describedby=move || invalid.get().then(|| err_id.clone())>
            <div class="grid-scroll">
                <table>
                    <thead>
                        <tr>
                            {header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                            <th scope="col"><span class="visually-hidden">"Row actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || ids.get() key=|id| *id children=row_view/>
                    </tbody>
                </table>
            </div>
            <button type="button" class="button add-row" prop:disabled=disabled on:click=add_row>
                "Add row"
            </button>
            <span class="grid-hint">"Tip: paste rows from a spreadsheet into any cell."</span>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_is_split_into_rows_and_cells() {
        assert_eq!(parse_tsv("plain"), None);
        assert_eq!(
            parse_tsv("a\tb\r\nc\td\r\n"),
            Some(vec![
                vec!["a".into(), "b".into()],
                vec!["c".into(), "d".into()]
            ])
        );
        assert_eq!(
            parse_tsv("one\ntwo"),
            Some(vec![vec!["one".into()], vec!["two".into()]])
        );
    }

    #[test]
    fn paste_fills_from_the_cell_and_adds_rows() {
        let mut rows = vec![vec!["x".to_string(), "y".to_string(), "z".to_string()]];
        let pasted = parse_tsv("1\t2\t3\t4\n5\t6").unwrap();
        paste_into(&mut rows, 3, 0, 1, &pasted);
        assert_eq!(rows, vec![vec!["x", "1", "2"], vec!["", "5", "6"]]);
    }
}
