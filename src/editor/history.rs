//! Undo and redo across every field of a draft. Plain Rust (tested natively): the editor
//! records each change as (field, before, after); typing into one field within
//! [`COALESCE_MS`] of its last change extends that step, as text editors do.

use report_engine::Value;

/// Consecutive text changes to one field closer together than this are one undo step.
pub const COALESCE_MS: f64 = 1000.0;
/// Steps kept; the oldest are dropped past this.
pub const LIMIT: usize = 500;

/// A field's editable state: its value and whether it is marked N/A.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub value: Value,
    pub na: bool,
}

/// The fields and states one undo or redo puts back.
pub type Restore = Vec<(usize, Snapshot)>;

/// One undo step: one field's change, or several fields changed together (an import).
#[derive(Debug, Clone, PartialEq)]
struct Step {
    changes: Vec<(usize, Snapshot, Snapshot)>,
    at_ms: f64,
}

impl Step {
    /// One side of every change: the states before (undo) or after (redo).
    fn states(&self, side: fn(&(usize, Snapshot, Snapshot)) -> (usize, Snapshot)) -> Restore {
        self.changes.iter().map(side).collect()
    }
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Records a change of `field`; a change that changes nothing is ignored.
    pub fn record(&mut self, field: usize, before: Snapshot, after: Snapshot, at_ms: f64) {
        if before == after {
            return;
        }
        if let Some(last) = self.undo.last_mut() {
            if let [(f, last_before, last_after)] = last.changes.as_mut_slice() {
                let typing = same_shape(&last_after.value, &after.value)
                    && last_after.na == after.na
                    && before.na == after.na;
                if *f == field && typing && at_ms - last.at_ms < COALESCE_MS {
                    self.redo.clear();
                    *last_after = after;
                    last.at_ms = at_ms;
                    if last_before == last_after {
                        self.undo.pop();
                    }
                    return;
                }
            }
        }
        self.push(vec![(field, before, after)], at_ms);
    }

    /// Records changes to several fields as one step (an import): one undo puts them all
    /// back. Fields whose state did not change are left out.
    pub fn record_all(&mut self, changes: Vec<(usize, Snapshot, Snapshot)>, at_ms: f64) {
        let changes: Vec<_> = changes.into_iter().filter(|(_, b, a)| b != a).collect();
        if !changes.is_empty() {
            self.push(changes, at_ms);
        }
    }

    fn push(&mut self, changes: Vec<(usize, Snapshot, Snapshot)>, at_ms: f64) {
        self.redo.clear();
        self.undo.push(Step { changes, at_ms });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// The fields and states to restore for one undo step.
    pub fn undo(&mut self) -> Option<Restore> {
        let step = self.undo.pop()?;
        let out = step.states(|(f, before, _)| (*f, before.clone()));
        self.redo.push(step);
        Some(out)
    }

    /// The fields and states to restore for one redo step.
    pub fn redo(&mut self) -> Option<Restore> {
        let step = self.redo.pop()?;
        let out = step.states(|(f, _, after)| (*f, after.clone()));
        self.undo.push(step);
        Some(out)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything (the draft was replaced from elsewhere).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

/// Text to text, or rows to the same number of rows (typing in a grid cell): changes that
/// run together into one step.
fn same_shape(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(_), Value::Text(_)) => true,
        (Value::Rows(x), Value::Rows(y)) => x.len() == y.len(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Snapshot {
        Snapshot {
            value: Value::Text(s.into()),
            na: false,
        }
    }

    #[test]
    fn typing_in_one_field_is_one_step_until_a_pause() {
        let mut h = History::default();
        h.record(0, text(""), text("a"), 0.0);
        h.record(0, text("a"), text("ab"), 300.0);
        h.record(0, text("ab"), text("abc"), 600.0);
        // A pause longer than COALESCE_MS starts a new step.
        h.record(0, text("abc"), text("abcd"), 600.0 + COALESCE_MS + 1.0);
        assert_eq!(h.undo(), Some(vec![(0, text("abc"))]));
        assert_eq!(h.undo(), Some(vec![(0, text(""))]));
        assert_eq!(h.undo(), None);
        assert_eq!(h.redo(), Some(vec![(0, text("abc"))]));
        assert_eq!(h.redo(), Some(vec![(0, text("abcd"))]));
        assert_eq!(h.redo(), None);
    }

    #[test]
    fn steps_span_fields_and_kinds_and_a_new_change_drops_redo() {
        let mut h = History::default();
        h.record(0, text(""), text("x"), 0.0);
        h.record(1, text(""), text("y"), 10.0);
        let unchecked = Snapshot {
            value: Value::Check(false),
            na: false,
        };
        let checked = Snapshot {
            value: Value::Check(true),
            na: false,
        };
        h.record(2, unchecked.clone(), checked, 20.0);
        // N/A on field 0 is its own step even right after typing in it.
        h.record(
            0,
            text("x"),
            Snapshot {
                value: Value::Text("x".into()),
                na: true,
            },
            30.0,
        );
        assert_eq!(h.undo(), Some(vec![(0, text("x"))]));
        assert_eq!(h.undo(), Some(vec![(2, unchecked)]));
        h.record(1, text("y"), text("z"), 5000.0);
        assert!(!h.can_redo(), "a new change forgets the undone steps");
        assert_eq!(h.undo(), Some(vec![(1, text("y"))]));
        assert_eq!(h.undo(), Some(vec![(1, text(""))]));
        assert_eq!(h.undo(), Some(vec![(0, text(""))]));
        assert!(!h.can_undo());
    }

    #[test]
    fn a_change_back_to_the_start_leaves_no_step_and_no_ops_are_ignored() {
        let mut h = History::default();
        h.record(0, text("a"), text("a"), 0.0);
        assert!(!h.can_undo());
        h.record(0, text("a"), text("ab"), 0.0);
        h.record(0, text("ab"), text("a"), 100.0);
        assert!(!h.can_undo());
    }

    #[test]
    fn typing_in_a_grid_cell_is_one_step_but_adding_a_row_is_another() {
        let rows = |cells: &[&str]| Snapshot {
            value: Value::Rows(cells.iter().map(|c| vec![c.to_string()]).collect()),
            na: false,
        };
        let mut h = History::default();
        h.record(0, rows(&[""]), rows(&["a"]), 0.0);
        h.record(0, rows(&["a"]), rows(&["ab"]), 100.0);
        h.record(0, rows(&["ab"]), rows(&["ab", ""]), 200.0);
        assert_eq!(h.undo(), Some(vec![(0, rows(&["ab"]))]));
        assert_eq!(h.undo(), Some(vec![(0, rows(&[""]))]));
        assert!(!h.can_undo());
    }

    #[test]
    fn an_import_is_one_step_over_many_fields() {
        let mut h = History::default();
        h.record(0, text(""), text("typed"), 0.0);
        h.record_all(
            vec![
                (1, text(""), text("12")),
                (2, text("9"), text("9")),
                (3, text("old"), text("40")),
            ],
            10.0,
        );
        // Typing right after an import starts its own step.
        h.record(3, text("40"), text("41"), 20.0);
        assert_eq!(h.undo(), Some(vec![(3, text("40"))]));
        assert_eq!(
            h.undo(),
            Some(vec![(1, text("")), (3, text("old"))]),
            "the unchanged field is not part of the step"
        );
        assert_eq!(h.redo(), Some(vec![(1, text("12")), (3, text("40"))]));
        assert_eq!(h.undo(), Some(vec![(1, text("")), (3, text("old"))]));
        assert_eq!(h.undo(), Some(vec![(0, text(""))]));
        h.record_all(vec![(1, text("a"), text("a"))], 30.0);
        assert!(!h.can_undo(), "an import that changes nothing is no step");
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::default();
        for i in 0..LIMIT + 10 {
            h.record(i, text(""), text("x"), 0.0);
        }
        let mut n = 0;
        while h.undo().is_some() {
            n += 1;
        }
        assert_eq!(n, LIMIT);
    }
}
