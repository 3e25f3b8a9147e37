//! Importing numbers from test and load-test results into a report's fields.
//!
//! A template's front matter says which measure of a results file fills which field
//! (`from:`), by the file's own names:
//!
//! ```yaml
//! fields:
//!   API_TESTS:   { from: { junit: API Endpoints, take: tests } }
//!   AGENTS_P95:  { from: { locust: GET /api/v1/agents, take: "95%" } }
//!   GRAFANA_P95: { from: { k6: http_req_duration, tag: "name:dashboard", take: "p(95)", scale: 0.001 } }
//!   DB_EVAL_P95: { from: { name: db_eval_p95 } }
//! ```
//!
//! - `junit:` a group of tests (a `<testsuite>`, a spec file, a test class, a describe
//!   block), or `"*"` for the whole file, and `take:` one of `tests`, `passed`, `failed`,
//!   `failures`, `errors`, `skipped`, `time`;
//! - `k6:` a metric of the end-of-test summary, `tag:` a tagged sub-metric as k6 writes it
//!   inside braces, and `take:` a statistic (`count`, `rate`, `avg`, `min`, `med`, `max`,
//!   `p(90)`, `p(95)`, `p(99)`, `value`, `passes`, `fails`);
//! - `locust:` a row of Locust's `--csv` stats file (its name, `GET /path` or `Aggregated`)
//!   and `take:` a column as its header reads (`Request Count`, `95%`, `Requests/s`) or
//!   `Failure Rate` (failures ÷ requests × 100);
//! - `name:` a name in a plain two-column CSV or flat JSON file. A plain file's names also
//!   fill the fields they name directly, with no `from:` needed.
//!
//! `scale:` multiplies the number (0.001 for milliseconds into seconds, 100 for a rate into
//! percent); the field's `decimals:` rounds it. `file:` limits a mapping to files whose
//! name contains it (`file: regression`), for measures two files share (`junit: "*"`). Names match ignoring case, spaces and
//! punctuation (see [`crate::results`]).
//!
//! [`plan`] reads a file and lists every field it would change, current → new; nothing is
//! written until the person accepts. A value typed by hand is only replaced when asked.
//! Each imported value keeps its [`Source`] (file and measure), in the draft and in shared
//! drafts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::formula::{self, Val};
use crate::model::{Kind, Template};
pub use crate::results::Locator;
use crate::results::{self, Cell, Format, Key, Results, ResultsError};
use crate::values::Value;

/// Where an imported value came from: kept beside the value in the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file's name as the person chose it.
    pub file: String,
    /// The measure, in words ("JUnit suite API Endpoints, tests").
    pub what: String,
    /// The value it gave. Once the field holds another value (typed over, undone) the
    /// source no longer describes it: see [`Source::describes`].
    pub value: String,
}

impl Source {
    /// True while `v` is still the value this source gave.
    pub fn describes(&self, v: &Value) -> bool {
        matches!(v, Value::Text(t) if *t == self.value)
    }
}

/// One field a results file would change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub field: usize,
    /// The value now (`None` when unset).
    pub current: Option<Value>,
    pub new: Value,
    pub source: Source,
    /// The current value was typed by hand (it has no source): replaced only when the
    /// person says so, so the editor leaves it unticked.
    pub typed: bool,
}

/// What a results file would do to a report: every change, current → new.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub file: String,
    pub format: Format,
    pub changes: Vec<Change>,
    /// Fields the file names whose value is already the same.
    pub unchanged: usize,
}

/// Reads `bytes` (a results file named `file`) and plans what it changes in a report of
/// `t` whose values are `current` (by field index; `None` when unset) and whose imported
/// values came from `sources` (by field name; a value no longer as imported counts as typed). Changes nothing itself; a file that does not
/// read is an error naming the line.
pub fn plan(
    t: &Template,
    file: &str,
    bytes: &[u8],
    current: &dyn Fn(usize) -> Option<Value>,
    sources: &BTreeMap<String, Source>,
) -> Result<Plan, ResultsError> {
    let results = results::read(file, bytes)?;
    let mut plan = Plan {
        file: file.to_string(),
        format: results.format,
        changes: Vec::new(),
        unchanged: 0,
    };
    for (i, f) in t.fields().iter().enumerate() {
        if f.compute.is_some() || matches!(f.kind, Kind::TableRows | Kind::Checkbox) {
            continue;
        }
        let Some((cell, what)) = measure(&results, f, file) else {
            continue;
        };
        let new_text = text(&cell, f);
        let new = Value::Text(new_text.clone());
        let now = current(i).filter(Value::is_filled);
        if now.as_ref() == Some(&new) {
            plan.unchanged += 1;
            continue;
        }
        plan.changes.push(Change {
            field: i,
            typed: now
                .as_ref()
                .is_some_and(|v| !sources.get(&f.name).is_some_and(|s| s.describes(v))),
            current: now,
            new,
            source: Source {
                file: file.to_string(),
                what,
                value: new_text,
            },
        });
    }
    Ok(plan)
}

/// The measure that fills `f`, and where it came from in words.
fn measure(results: &Results, f: &crate::model::Field, file: &str) -> Option<(Cell, String)> {
    if let Some(loc) = &f.from {
        if let Some(part) = &loc.file {
            if !file.to_lowercase().contains(part.as_str()) {
                return None;
            }
        }
        let m = results.get(&loc.key)?;
        let cell = match (&m.value, loc.scale) {
            (Cell::Num(n), Some(k)) => Cell::Num(n * k),
            (c, _) => c.clone(),
        };
        return Some((cell, loc.describe()));
    }
    if !matches!(results.format, Format::Csv | Format::Json) {
        return None;
    }
    [&f.name, &f.label].iter().find_map(|n| {
        let key = Key::Name((*n).clone());
        let m = results.get(&key)?;
        Some((m.value.clone(), Results::describe(&key)))
    })
}

/// A measure as the field's text: a number rounded to the field's `decimals` (else whole
/// or up to two places), without the unit the template writes after the field.
fn text(cell: &Cell, f: &crate::model::Field) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Num(n) => formula::format(
            &Val::Num {
                n: *n,
                prefix: String::new(),
                suffix: String::new(),
            },
            f.decimals,
            f.unit.as_deref(),
        ),
    }
}
