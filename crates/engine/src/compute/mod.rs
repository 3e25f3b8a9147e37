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

use crate::formula::{self, EvalError, Val};
pub use crate::model::Compute;
use crate::model::{Kind, Template};
use crate::values::{Value, Values};

mod check;

pub use check::{read_value, type_of};
pub(crate) use check::{resolve, Pending};

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
            Value::Text(s) => read_value(&f.kind, f.unit.as_deref(), &s),
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
/// [`Template::compute_order`]; one that cannot be computed yet is left unset. The CLI uses
/// this; the editor evaluates field by field as inputs change.
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

/// The computed fields whose value in `values` (a stored draft's, N/A as
/// [`Value::NotApplicable`]) is not what their formula gives from the inputs there: typed by
/// hand, in a draft from before the field was computed or under a formula since changed.
/// A draft that opens keeps them as overrides instead of replacing them.
pub fn typed_over(t: &Template, values: &Values) -> BTreeSet<String> {
    let get = |j: usize| values.get(&t.fields[j].name).cloned();
    t.compute_order
        .iter()
        .filter_map(|&i| {
            let name = &t.fields[i].name;
            let stored = values
                .get(name)
                .filter(|v| v.is_filled() && **v != Value::NotApplicable)?;
            let computed = evaluate(t, i, &get).and_then(Result::ok);
            (computed.as_ref() != Some(stored)).then(|| name.clone())
        })
        .collect()
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
