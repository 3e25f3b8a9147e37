//! The editor's state: one set of signals per field, so editing one field re-runs only
//! what reads that field (its error, its section's progress, the preview chunks using it).

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::{Field, Kind, ProblemKind, Template, Value, Values};

use crate::Doc;

/// One field's signals.
#[derive(Clone, Copy)]
pub struct FieldState {
    /// The value as edited: text, checkbox state or rows. N/A is kept apart in `na` so
    /// un-ticking N/A brings the old value back.
    pub value: RwSignal<Value>,
    pub na: RwSignal<bool>,
    /// Set when the field loses focus; errors show from then on.
    pub touched: RwSignal<bool>,
    /// The field's problem, if any (recomputed only when this field changes).
    pub problem: Memo<Option<(ProblemKind, String)>>,
}

impl FieldState {
    /// The value as the engine sees it: N/A, or the edited value.
    pub fn effective(&self) -> Value {
        if self.na.get() {
            Value::NotApplicable
        } else {
            self.value.get()
        }
    }

    pub fn effective_untracked(&self) -> Value {
        if self.na.get_untracked() {
            Value::NotApplicable
        } else {
            self.value.get_untracked()
        }
    }

    /// True when the value counts as filled (N/A counts).
    pub fn filled(&self) -> bool {
        self.na.get() || self.value.with(is_filled)
    }
}

/// Like [`Value::is_filled`], except a checkbox counts only when ticked (for progress).
fn is_filled(v: &Value) -> bool {
    match v {
        Value::Check(b) => *b,
        other => other.is_filled(),
    }
}

/// Everything the editor components share, provided as context.
#[derive(Clone)]
pub struct EditorState {
    pub doc: Arc<Doc>,
    pub fields: Arc<Vec<FieldState>>,
    /// After an attempt to download the report, every error shows, touched or not.
    pub show_all_errors: RwSignal<bool>,
    /// Per section index: (filled, total) over the fields whose first use is there.
    pub progress: Arc<Vec<Memo<(usize, usize)>>>,
    /// Indices of fields with a problem, in template order.
    pub problems: Memo<Vec<usize>>,
}

impl EditorState {
    pub fn new(doc: Arc<Doc>) -> Self {
        let t = &doc.template;
        let defaults = Values::defaults(t);
        let fields: Vec<FieldState> = t
            .fields()
            .iter()
            .map(|f| {
                let value = RwSignal::new(initial_value(f, defaults.get(&f.name)));
                let na = RwSignal::new(matches!(defaults.get(&f.name), Some(Value::NotApplicable)));
                let touched = RwSignal::new(false);
                let field = f.clone();
                let problem = Memo::new(move |_| {
                    let v = if na.get() {
                        Value::NotApplicable
                    } else {
                        value.get()
                    };
                    report_engine::check(&field, Some(&v))
                });
                FieldState {
                    value,
                    na,
                    touched,
                    problem,
                }
            })
            .collect();
        let fields = Arc::new(fields);

        let mut by_section: Vec<Vec<usize>> = vec![Vec::new(); t.sections().len()];
        for (i, f) in t.fields().iter().enumerate() {
            if let Some(list) = by_section.get_mut(f.section) {
                list.push(i);
            }
        }
        let progress = by_section
            .into_iter()
            .map(|ids| {
                let fields = fields.clone();
                Memo::new(move |_| {
                    let filled = ids.iter().filter(|&&i| fields[i].filled()).count();
                    (filled, ids.len())
                })
            })
            .collect();

        let all = fields.clone();
        let problems = Memo::new(move |_| {
            all.iter()
                .enumerate()
                .filter(|(_, f)| f.problem.with(Option::is_some))
                .map(|(i, _)| i)
                .collect()
        });
        EditorState {
            doc,
            fields,
            show_all_errors: RwSignal::new(false),
            progress: Arc::new(progress),
            problems,
        }
    }

    pub fn template(&self) -> &Template {
        &self.doc.template
    }

    /// Current values as the engine's [`Values`] (untracked: for exports).
    pub fn values(&self) -> Values {
        let mut v = Values::new();
        for (f, s) in self.template().fields().iter().zip(self.fields.iter()) {
            v.set(f.name.clone(), s.effective_untracked());
        }
        v
    }

    /// True when field `i`'s error should be shown.
    pub fn error_visible(&self, i: usize) -> bool {
        let s = &self.fields[i];
        (self.show_all_errors.get() || s.touched.get()) && s.problem.with(Option::is_some)
    }
}

/// A field's starting value: its default, or empty of the right shape.
pub fn initial_value(f: &Field, default: Option<&Value>) -> Value {
    match (default, &f.kind) {
        (Some(Value::NotApplicable) | None, Kind::Checkbox) => Value::Check(false),
        (Some(Value::NotApplicable) | None, Kind::TableRows) => {
            Value::Rows(vec![vec![String::new(); f.columns.len().max(1)]])
        }
        (Some(Value::NotApplicable) | None, _) => Value::Text(String::new()),
        (Some(Value::Text(s)), Kind::TableRows) => Value::Rows(vec![vec![s.clone()]]),
        (Some(v), _) => v.clone(),
    }
}
