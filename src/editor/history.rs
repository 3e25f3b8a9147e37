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

#[derive(Debug, Clone, PartialEq)]
struct Step {
    field: usize,
    before: Snapshot,
    after: Snapshot,
    at_ms: f64,
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
        self.redo.clear();
        if let Some(last) = self.undo.last_mut() {
            let typing = same_shape(&last.after.value, &after.value)
                && last.after.na == after.na
                && before.na == after.na;
            if last.field == field && typing && at_ms - last.at_ms < COALESCE_MS {
                last.after = after;
                last.at_ms = at_ms;
                if last.before == last.after {
                    self.undo.pop();
                }
                return;
            }
        }
        self.undo.push(Step {
            field,
            before,
            after,
            at_ms,
        });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// The field and state to restore for one undo step.
    pub fn undo(&mut self) -> Option<(usize, Snapshot)> {
        let step = self.undo.pop()?;
        let out = (step.field, step.before.clone());
        self.redo.push(step);
        Some(out)
    }

    /// The field and state to restore for one redo step.
    pub fn redo(&mut self) -> Option<(usize, Snapshot)> {
        let step = self.redo.pop()?;
        let out = (step.field, step.after.clone());
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
        assert_eq!(h.undo(), Some((0, text("abc"))));
        assert_eq!(h.undo(), Some((0, text(""))));
        assert_eq!(h.undo(), None);
        assert_eq!(h.redo(), Some((0, text("abc"))));
        assert_eq!(h.redo(), Some((0, text("abcd"))));
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
        assert_eq!(h.undo(), Some((0, text("x"))));
        assert_eq!(h.undo(), Some((2, unchecked)));
        h.record(1, text("y"), text("z"), 5000.0);
        assert!(!h.can_redo(), "a new change forgets the undone steps");
        assert_eq!(h.undo(), Some((1, text("y"))));
        assert_eq!(h.undo(), Some((1, text(""))));
        assert_eq!(h.undo(), Some((0, text(""))));
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
        assert_eq!(h.undo(), Some((0, rows(&["ab"]))));
        assert_eq!(h.undo(), Some((0, rows(&[""]))));
        assert!(!h.can_undo());
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
