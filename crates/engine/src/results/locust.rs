//! Locust's `--csv` stats file (`*_stats.csv`): one row per request name plus
//! `Aggregated`, one column per statistic.
//! <https://docs.locust.io/en/stable/retrieving-stats.html>

use super::measure::{csv_error, number, same_name, Cell, Key, Measure, ResultsError};
use std::collections::HashMap;

/// The stats file's header starts `Type,Name,Request Count`.
pub(super) fn is_locust(text: &str) -> bool {
    header_starts(text, &["Type", "Name", "Request Count"])
}

/// The stats history file's header starts `Timestamp,User Count`.
pub(super) fn is_history(text: &str) -> bool {
    header_starts(text, &["Timestamp", "User Count"])
}

fn header_starts(text: &str, names: &[&str]) -> bool {
    let first = text.lines().next().unwrap_or("");
    let cells: Vec<&str> = first
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    cells.len() >= names.len()
        && names
            .iter()
            .zip(&cells)
            .all(|(n, c)| c.eq_ignore_ascii_case(n))
}

/// A row's Type, Name and its numeric cells (column, value).
type Row = (String, String, Vec<(String, f64)>);

pub(super) fn read(text: &str) -> Result<Vec<Measure>, ResultsError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(type_col), Some(name_col)) = (col("Type"), col("Name")) else {
        return Err(ResultsError::at(
            1,
            "a Locust stats header needs Type and Name columns",
        ));
    };
    let (requests_col, failures_col) = (col("Request Count"), col("Failure Count"));

    let mut rows: Vec<Row> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let (kind, name) = (get(type_col).to_string(), get(name_col).to_string());
        if kind.is_empty() && name.is_empty() {
            continue;
        }
        let mut cells = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if i == type_col || i == name_col {
                continue;
            }
            if let Some(n) = number(get(i)) {
                cells.push((h.clone(), n));
            }
        }
        let at = |c: Option<usize>| c.and_then(|c| number(get(c)));
        if let (Some(req), Some(fail)) = (at(requests_col), at(failures_col)) {
            if req > 0.0 {
                cells.push(("Failure Rate".to_string(), fail / req * 100.0));
            }
        }
        rows.push((kind, name, cells));
    }
    if rows.is_empty() {
        return Err(ResultsError::new("this Locust stats file has no rows"));
    }

    let mut out = Vec::new();
    let mut push = |row: &str, cells: &[(String, f64)]| {
        for (column, v) in cells {
            out.push(Measure {
                key: Key::Row {
                    row: row.to_string(),
                    column: column.clone(),
                },
                value: Cell::Num(*v),
            });
        }
    };
    for (kind, name, cells) in &rows {
        let full = if kind.is_empty() {
            name.clone()
        } else {
            format!("{kind} {name}")
        };
        push(&full, cells);
    }
    // The Name alone, where no other row has a matching one.
    let mut names: HashMap<String, usize> = HashMap::new();
    for (_, name, _) in &rows {
        *names.entry(super::measure::normalize(name)).or_default() += 1;
    }
    for (kind, name, cells) in &rows {
        let unique = names.get(&super::measure::normalize(name)) == Some(&1);
        if !kind.is_empty() && unique && !same_name(name, &format!("{kind} {name}")) {
            push(name, cells);
        }
    }
    if out.is_empty() {
        return Err(ResultsError::new(
            "this Locust stats file has no numbers in it",
        ));
    }
    Ok(out)
}
