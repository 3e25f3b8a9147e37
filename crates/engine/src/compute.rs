//! Computed fields: front matter gives a field a formula (`compute:`, in the language of
//! [`crate::formula`]), checked once when the template is parsed and evaluated whenever an
//! input changes.
//!
//! ```yaml
//! fields:
//!   API_FAILED: { compute: "API_TESTS - API_PASSED" }
//!   API_PASS_RATE: { compute: "API_PASSED / API_TESTS * 100", decimals: 1 }
//! ```
//!
//! Every problem is a diagnostic with the line and column of the formula in the front
//! matter, and the field stays an ordinary one: an unknown field, a formula whose type does
//! not fit the field (text into a number), and a cycle, named in full (`A → B → A`). The
//! template still opens.
//!
//! A computed field counts as missing until its inputs are there; a person may override it
//! (the draft keeps which fields are overridden), and then it is an ordinary field again.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::formula::{self, EvalError, Formula, Type, Val};
use crate::model::{Diagnostic, Kind, Severity, Template};
use crate::values::{Value, Values};

/// A field's formula, checked against the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Compute {
    pub formula: Formula,
    /// Indices of the fields it reads, in first-use order.
    pub inputs: Vec<usize>,
    /// The formula in words, with its inputs' labels ("Passed ÷ Tests × 100").
    pub words: String,
}

impl Serialize for Compute {
    /// As `fields --json` shows it: the formula as written and in words.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Compute", 2)?;
        st.serialize_field("formula", self.formula.source())?;
        st.serialize_field("words", &self.words)?;
        st.end()
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
        let ty = |n: &str| t.field(n).map(|f| formula::type_of(&f.kind));
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
    let wanted = formula::type_of(kind);
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

/// Why a computed field has no value yet.
#[derive(Debug, Clone, PartialEq)]
pub enum Waiting {
    /// These inputs (field indices) are still empty.
    For(Vec<usize>),
    /// An input cannot be used (not a number, N/A, …), or the arithmetic fails (÷ 0).
    Invalid(String),
}

/// Field `i`'s computed value from its inputs' current values (`get`: a field's value as
/// edited, N/A included; `None` or blank when unset). `None` when the field is not computed.
pub fn evaluate(
    t: &Template,
    i: usize,
    get: &dyn Fn(usize) -> Option<Value>,
) -> Option<Result<Value, Waiting>> {
    let field = t.fields.get(i)?;
    let c = field.compute.as_ref()?;
    let bad = std::cell::RefCell::new(None::<String>);
    let read = |name: &str| -> Option<Val> {
        let j = t.field_index(name)?;
        let f = &t.fields[j];
        let got = match get(j)? {
            Value::Text(s) if s.trim().is_empty() => return None,
            Value::Text(s) => formula::read_value(&f.kind, f.unit.as_deref(), &s),
            Value::Check(b) => Ok(Val::Bool(b)),
            Value::NotApplicable => Err("it is marked N/A".to_string()),
            Value::Rows(_) => Err("it holds table rows".to_string()),
        };
        match got {
            Ok(v) => Some(v),
            Err(why) => {
                bad.borrow_mut()
                    .get_or_insert_with(|| format!("{} cannot be used: {why}", f.label));
                None
            }
        }
    };
    let result = c.formula.eval(&read);
    if let Some(why) = bad.into_inner() {
        return Some(Err(Waiting::Invalid(why)));
    }
    Some(match result {
        Ok(Val::Bool(b)) if field.kind == Kind::Checkbox => Ok(Value::Check(b)),
        Ok(v) => Ok(Value::Text(formula::format(
            &v,
            field.decimals,
            field.unit.as_deref(),
        ))),
        Err(EvalError::Waiting(names)) => Err(Waiting::For(
            names.iter().filter_map(|n| t.field_index(n)).collect(),
        )),
        Err(EvalError::Invalid { message, .. }) => Err(Waiting::Invalid(message)),
    })
}

/// Fills every computed field of `values` that is not in `overrides` from its inputs, in
/// [`Template::compute_order`]; one that cannot be computed yet is left unset. The CLI and
/// whole-report fills use this; the editor evaluates field by field as inputs change.
pub fn apply(t: &Template, values: &mut Values, overrides: &BTreeSet<String>) {
    for &i in &t.compute_order {
        let name = &t.fields[i].name;
        if overrides.contains(name) {
            continue;
        }
        let got = {
            let get = |j: usize| values.get(&t.fields[j].name).cloned();
            evaluate(t, i, &get)
        };
        match got {
            Some(Ok(v)) => values.set(name.clone(), v),
            _ => {
                values.remove(name);
            }
        }
    }
}

/// The inputs a waiting field needs, by label: "Tests, Passed".
pub fn waiting_words(t: &Template, w: &Waiting) -> String {
    match w {
        Waiting::For(ids) => {
            let labels: Vec<&str> = ids.iter().map(|&i| t.fields[i].label.as_str()).collect();
            format!("Waits for {}", labels.join(", "))
        }
        Waiting::Invalid(why) => why.clone(),
    }
}
