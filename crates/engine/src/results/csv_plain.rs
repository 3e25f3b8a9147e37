//! A plain two-column CSV: name, value; a header row is optional.

use super::measure::{csv_error, normalize, number, Cell, Key, Measure, ResultsError};
use std::collections::HashMap;

/// First cells that make the first row a header (normalized).
const HEADER_NAMES: &[&str] = &["name", "key", "metric", "measure", "field", "label", "item"];
/// Second cells that make the first row a header (normalized).
const HEADER_VALUES: &[&str] = &["value", "values", "result", "results", "number", "count"];

pub(super) fn read(text: &str) -> Result<Vec<Measure>, ResultsError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut first = true;
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut cells: Vec<&str> = record.iter().map(str::trim).collect();
        while cells.last() == Some(&"") {
            cells.pop();
        }
        if cells.is_empty() {
            continue;
        }
        if cells.len() != 2 {
            return Err(ResultsError::at(
                line,
                format!(
                    "expected two columns (name,value), found {}; a CSV with more columns is read only when it is Locust's stats file",
                    cells.len()
                ),
            ));
        }
        let (name, value) = (cells[0], cells[1]);
        if std::mem::take(&mut first)
            && number(value).is_none()
            && (HEADER_NAMES.contains(&normalize(name).as_str())
                || HEADER_VALUES.contains(&normalize(value).as_str()))
        {
            continue;
        }
        if normalize(name).is_empty() {
            return Err(ResultsError::at(
                line,
                "the name in the first column is empty",
            ));
        }
        if let Some(prev) = seen.insert(normalize(name), line) {
            return Err(ResultsError::at(
                line,
                format!("the name \"{name}\" is given twice (first on line {prev})"),
            ));
        }
        let value = match number(value) {
            Some(n) => Cell::Num(n),
            None => Cell::Text(value.to_string()),
        };
        out.push(Measure {
            key: Key::Name(name.to_string()),
            value,
        });
    }
    if out.is_empty() {
        return Err(ResultsError::new("the CSV has no name,value rows"));
    }
    Ok(out)
}
