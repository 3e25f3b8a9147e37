//! Field values as typed data, and their JSON form (`VALUES.json` for the CLI).
//!
//! JSON maps field names to a string, a number, a boolean (checkboxes), `"N/A"`, or for
//! table rows an array of rows, each an array of cell strings. `null` means "not set".

use crate::model::{Kind, Template};
use crate::ReadError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The text that marks a field as not applicable.
pub const NOT_APPLICABLE: &str = "N/A";

/// One field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// Text of any scalar kind (numbers are kept as typed, e.g. `"1,234"`), or Markdown.
    Text(String),
    /// A task-list checkbox.
    Check(bool),
    /// Table rows: each row is a list of cells.
    Rows(Vec<Vec<String>>),
    /// Marked not applicable: outputs `N/A` and counts as filled.
    NotApplicable,
}

impl crate::limits::ValueSize for Value {
    /// Its text, or all its cells together; a checkbox and N/A count nothing.
    fn value_bytes(&self) -> usize {
        match self {
            Value::Text(s) => s.len(),
            Value::Rows(rows) => rows.iter().flatten().map(String::len).sum(),
            Value::Check(_) | Value::NotApplicable => 0,
        }
    }
}

impl Value {
    /// True when the value fills its field for validation: non-blank text, any checkbox
    /// state (an unticked box is an answer: "no"), a row with a non-blank cell, or N/A.
    /// Completion counts differ on checkboxes; see [`Value::counts_as_filled`].
    pub fn is_filled(&self) -> bool {
        match self {
            Value::Text(s) => !s.trim().is_empty(),
            Value::Check(_) | Value::NotApplicable => true,
            Value::Rows(rows) => rows.iter().any(|r| r.iter().any(|c| !c.trim().is_empty())),
        }
    }

    /// True when the value counts toward completion (progress, a draft's `filled`, what a
    /// merge compares): as [`Value::is_filled`], except a checkbox counts only when ticked.
    /// N/A counts. The one place this rule is written; `share::FieldStates::get` and
    /// `share::count_filled` use it.
    pub fn counts_as_filled(&self) -> bool {
        match self {
            Value::Check(ticked) => *ticked,
            other => other.is_filled(),
        }
    }
}

/// A value in words, as the merge views show each side: `None` or blank text "(empty)",
/// N/A "N/A", text as it is, a checkbox "ticked" or "not ticked", rows as their cells
/// joined by " | ", rows joined by " / " (rows whose cells are all blank left out; no row
/// left: "(empty)"). Re-exported as `report_engine::describe_value`.
pub fn describe(v: Option<&Value>) -> String {
    const EMPTY: &str = "(empty)";
    match v {
        None => EMPTY.into(),
        Some(Value::Text(t)) if t.trim().is_empty() => EMPTY.into(),
        Some(Value::Text(t)) => t.clone(),
        Some(Value::NotApplicable) => NOT_APPLICABLE.into(),
        Some(Value::Check(true)) => "ticked".into(),
        Some(Value::Check(false)) => "not ticked".into(),
        Some(Value::Rows(rows)) => {
            let rows: Vec<String> = rows
                .iter()
                .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                .map(|r| r.join(" | "))
                .collect();
            if rows.is_empty() {
                EMPTY.into()
            } else {
                rows.join(" / ")
            }
        }
    }
}

/// Values of a draft, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Values(BTreeMap<String, Value>);

impl Values {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    pub fn set(&mut self, name: impl Into<String>, value: Value) {
        self.0.insert(name.into(), value);
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.remove(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The template's defaults: front-matter `default`s and task items' own state.
    pub fn defaults(t: &Template) -> Values {
        let mut v = Values::new();
        for f in t.fields() {
            if let Some(d) = &f.default {
                let value = if f.kind == Kind::Checkbox {
                    Value::Check(matches!(d.as_str(), "true" | "x" | "X" | "yes"))
                } else if d == NOT_APPLICABLE {
                    Value::NotApplicable
                } else {
                    Value::Text(d.clone())
                };
                v.set(f.name.clone(), value);
            }
        }
        v
    }

    /// Reads `VALUES.json` against a template. Unknown fields and values of the wrong
    /// shape are errors; `null` entries are skipped.
    pub fn from_json(t: &Template, json: &str) -> Result<Values, ReadError> {
        let doc: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| ReadError(format!("values are not valid JSON: {e}")))?;
        let serde_json::Value::Object(map) = doc else {
            return Err(ReadError(
                "values must be a JSON object mapping field names to values".into(),
            ));
        };
        let mut out = Values::new();
        for (name, v) in map {
            let Some(field) = t.field(&name) else {
                return Err(ReadError(format!(
                    "values name an unknown field `{name}`: the template has no such field"
                )));
            };
            let wrong = |what: &str| {
                ReadError(format!(
                    "value for `{name}` must be {}, got {what}",
                    expected(&field.kind)
                ))
            };
            let value = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) if s == NOT_APPLICABLE => Value::NotApplicable,
                serde_json::Value::String(s) if field.kind != Kind::Checkbox => Value::Text(s),
                serde_json::Value::String(_) => return Err(wrong("a string")),
                serde_json::Value::Number(n) if field.kind != Kind::Checkbox => {
                    Value::Text(n.to_string())
                }
                serde_json::Value::Number(_) => return Err(wrong("a number")),
                serde_json::Value::Bool(b) if field.kind == Kind::Checkbox => Value::Check(b),
                serde_json::Value::Bool(_) => return Err(wrong("a boolean")),
                serde_json::Value::Array(rows)
                    if matches!(field.kind, Kind::TableRows | Kind::Block) =>
                {
                    Value::Rows(rows_from_json(&name, rows)?)
                }
                serde_json::Value::Array(_) => return Err(wrong("an array")),
                serde_json::Value::Object(_) => return Err(wrong("an object")),
            };
            crate::limits::check_value(&name, &value).map_err(ReadError)?;
            out.set(name, value);
        }
        Ok(out)
    }

    /// The JSON form read by [`Values::from_json`].
    pub fn to_json(&self) -> serde_json::Value {
        let map = self
            .0
            .iter()
            .map(|(k, v)| {
                let j = match v {
                    Value::Text(s) => serde_json::Value::String(s.clone()),
                    Value::Check(b) => serde_json::Value::Bool(*b),
                    Value::NotApplicable => serde_json::Value::String(NOT_APPLICABLE.into()),
                    Value::Rows(rows) => serde_json::json!(rows),
                };
                (k.clone(), j)
            })
            .collect();
        serde_json::Value::Object(map)
    }
}

fn rows_from_json(name: &str, rows: Vec<serde_json::Value>) -> Result<Vec<Vec<String>>, ReadError> {
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let serde_json::Value::Array(cells) = row else {
                return Err(ReadError(format!(
                    "row {} of `{name}` must be an array of cell strings",
                    i + 1
                )));
            };
            cells
                .into_iter()
                .map(|c| match c {
                    serde_json::Value::String(s) => Ok(s),
                    serde_json::Value::Number(n) => Ok(n.to_string()),
                    serde_json::Value::Bool(b) => Ok(b.to_string()),
                    serde_json::Value::Null => Ok(String::new()),
                    _ => Err(ReadError(format!(
                        "row {} of `{name}` has a cell that is not text",
                        i + 1
                    ))),
                })
                .collect()
        })
        .collect()
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::Checkbox => "true, false or \"N/A\"",
        Kind::TableRows => {
            "an array of rows (arrays of cell strings), a Markdown string or \"N/A\""
        }
        _ => "a string, a number or \"N/A\"",
    }
}
