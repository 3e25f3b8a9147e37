//! Checking formulas when a template is parsed (unknown fields, types, cycles), the order
//! they are evaluated in, and reading a field's value as a formula value. Nothing here
//! reads a report's values: see the parent module.

use crate::formula::{self, Type, Val};
use crate::model::{Compute, Diagnostic, Kind, Severity, Template};

/// The type a field of `kind` has in formulas: integer, number, percent, currency and
/// duration are numbers; date and datetime are dates; a checkbox is yes/no; the rest text.
pub fn type_of(kind: &Kind) -> Type {
    match kind {
        Kind::Integer | Kind::Number | Kind::Percent | Kind::Currency | Kind::Duration => {
            Type::Number
        }
        Kind::Date | Kind::Datetime => Type::Time,
        Kind::Checkbox => Type::Bool,
        _ => Type::Text,
    }
}

/// Reads a field's value as typed into a formula value. `template_unit` is the unit the
/// template writes next to the field (`Some("ms")` for `{AGENTS_P95}ms`): a bare number is
/// read with it (`85` → 85 `ms`), before the number for a currency, after it otherwise.
///
/// Numbers may carry their own unit (`85ms`, `$1,200`); durations read as described in the
/// module docs; dates and date-times (`2026-12-02`, `2026-12-02T10:15[:SS][Z|±HH:MM]`, a
/// space for `T`, no zone meaning UTC) as dates; a checkbox from `true`/`false` (also
/// `yes`/`no`, `x`); other kinds as text. The error is a message for a person.
pub fn read_value(kind: &Kind, template_unit: Option<&str>, text: &str) -> Result<Val, String> {
    let t = text.trim();
    let shown: String = t.chars().take(40).collect();
    if t.is_empty() && type_of(kind) != Type::Text {
        return Err("it is empty".to_string());
    }
    let unit = template_unit.map(str::trim).filter(|u| !u.is_empty());
    let with_unit = |n: f64, mut prefix: String, mut suffix: String| {
        if let Some(u) = unit {
            if formula::unitless(&prefix, &suffix) {
                if *kind == Kind::Currency {
                    prefix = u.to_string();
                } else {
                    suffix = template_unit.unwrap_or(u).trim_end().to_string();
                }
            }
        }
        Val::Num { n, prefix, suffix }
    };
    match kind {
        Kind::Integer | Kind::Number | Kind::Percent | Kind::Currency => {
            if t.starts_with(['<', '>', '~', '≈', '≤', '≥']) {
                return Err(format!("'{shown}' is a bound, not one number"));
            }
            let (n, p, s) =
                formula::read_number(t).ok_or_else(|| format!("'{shown}' is not a number"))?;
            Ok(with_unit(n, p, s))
        }
        Kind::Duration => {
            let (n, s) = formula::read_duration(t).ok_or_else(|| {
                format!("'{shown}' is not a duration, like 45s, 4m 32s or 01:30:00")
            })?;
            Ok(with_unit(n, String::new(), s))
        }
        Kind::Date | Kind::Datetime => formula::read_time(t)
            .map(Val::Time)
            .ok_or_else(|| format!("'{shown}' is not a date, like 2026-12-02 or 2026-12-02T10:15")),
        Kind::Checkbox => match t.to_lowercase().as_str() {
            "true" | "yes" | "x" | "[x]" => Ok(Val::Bool(true)),
            "false" | "no" | "" | "[ ]" => Ok(Val::Bool(false)),
            _ => Err(format!("'{shown}' is not true or false")),
        },
        _ => Ok(Val::Text(text.to_string())),
    }
}

/// A `compute:` setting read from front matter, before it is checked.
pub(crate) struct Pending {
    pub field: usize,
    pub source: String,
    /// 1-based line of the setting in the template, and the column its text starts at.
    pub line: usize,
    pub column: usize,
}

/// Checks every formula and attaches the good ones to their fields; works out the order
/// they are evaluated in. Problems become diagnostics.
pub(crate) fn resolve(t: &mut Template, pending: Vec<Pending>, diagnostics: &mut Vec<Diagnostic>) {
    let mut at = std::collections::HashMap::new();
    for p in pending {
        let name = t.fields[p.field].name.clone();
        let problem = |column: usize, message: String| Diagnostic {
            severity: Severity::Warning,
            line: p.line,
            column: p.column + column.saturating_sub(1),
            message: format!("`{name}.compute`: {message}; the field is filled by hand"),
        };
        let formula = match formula::parse(&p.source) {
            Ok(f) => f,
            Err(e) => {
                diagnostics.push(problem(e.column, e.message));
                continue;
            }
        };
        let ty = |n: &str| t.field(n).map(|f| type_of(&f.kind));
        let result = match formula.check(&ty) {
            Ok(ty) => ty,
            Err(e) => {
                diagnostics.push(problem(e.column, e.message));
                continue;
            }
        };
        let field = &t.fields[p.field];
        if let Some(why) = misfit(&field.kind, result) {
            diagnostics.push(problem(1, why));
            continue;
        }
        let inputs: Vec<usize> = formula
            .refs()
            .iter()
            .filter_map(|(n, _)| t.field_index(n))
            .collect();
        let words = formula.in_words(&|n| t.field(n).map_or(n.to_string(), |f| f.label.clone()));
        at.insert(p.field, (p.line, p.column));
        t.fields[p.field].compute = Some(Compute {
            formula,
            inputs,
            words,
        });
    }
    // Cycles: a depth-first walk over computed fields; each cycle found is reported once
    // and its fields lose their formulas (so the rest still order).
    while let Some(cycle) = find_cycle(t) {
        let names: Vec<&str> = cycle.iter().map(|&i| t.fields[i].name.as_str()).collect();
        let mut path = names.join(" → ");
        path.push_str(" → ");
        path.push_str(names[0]);
        let (line, column) = at.get(&cycle[0]).copied().unwrap_or((1, 1));
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            line,
            column,
            message: format!(
                "computed fields depend on each other in a cycle: {path}; they are filled by hand"
            ),
        });
        for i in cycle {
            t.fields[i].compute = None;
        }
    }
    t.compute_order = order(t);
}

/// Why a formula giving `result` cannot fill a field of `kind`, if it cannot.
fn misfit(kind: &Kind, result: Type) -> Option<String> {
    let wanted = type_of(kind);
    let fits = match (wanted, result) {
        (Type::Text, _) => !matches!(kind, Kind::TableRows | Kind::Block) || result == Type::Text,
        (a, b) => a == b,
    };
    (!fits).then(|| {
        format!(
            "the formula gives {}, but the field takes {}",
            type_words(result),
            kind.describe()
        )
    })
}

fn type_words(t: Type) -> &'static str {
    match t {
        Type::Number => "a number",
        Type::Text => "text",
        Type::Bool => "true or false",
        Type::Time => "a date and time",
    }
}

/// The first cycle among computed fields, as the fields along it.
fn find_cycle(t: &Template) -> Option<Vec<usize>> {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; t.fields.len()];
    let mut path = Vec::new();
    fn visit(
        t: &Template,
        i: usize,
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[i] = 1;
        path.push(i);
        if let Some(c) = &t.fields[i].compute {
            for &j in &c.inputs {
                if t.fields[j].compute.is_none() {
                    continue;
                }
                if state[j] == 1 {
                    let from = path.iter().position(|&p| p == j).unwrap_or(0);
                    return Some(path[from..].to_vec());
                }
                if state[j] == 0 {
                    if let Some(c) = visit(t, j, state, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        state[i] = 2;
        None
    }
    (0..t.fields.len())
        .filter(|&i| t.fields[i].compute.is_some())
        .find_map(|i| {
            if state[i] == 0 {
                visit(t, i, &mut state, &mut path)
            } else {
                None
            }
        })
}

/// Computed fields with every computed input before them (no cycles remain).
fn order(t: &Template) -> Vec<usize> {
    let mut done = vec![false; t.fields.len()];
    let mut out = Vec::new();
    fn place(t: &Template, i: usize, done: &mut [bool], out: &mut Vec<usize>) {
        if done[i] {
            return;
        }
        done[i] = true;
        if let Some(c) = &t.fields[i].compute {
            for &j in &c.inputs {
                if t.fields[j].compute.is_some() {
                    place(t, j, done, out);
                }
            }
            out.push(i);
        }
    }
    for i in 0..t.fields.len() {
        place(t, i, &mut done, &mut out);
    }
    out
}
