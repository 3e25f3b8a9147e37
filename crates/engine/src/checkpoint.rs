//! What a hand-off records and a merge compares: [`FieldStates`] (values and N/A marks)
//! and [`Checkpoint`] (the values as sent at one hand-off). Both the stored draft
//! (`draft`, which keeps its checkpoints) and the hand-off (`share`, which makes and merges
//! them) use these, so they live below both; `share` re-exports them, their public path.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::values::{Value, Values};

/// Values and N/A marks: one side of a merge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldStates {
    pub values: Values,
    #[serde(default)]
    pub na: BTreeSet<String>,
}

impl FieldStates {
    /// Field `name` as compared in a merge and counted for completion: `None` when it does
    /// not [count as filled](Value::counts_as_filled) (missing, blank text, an unticked box,
    /// rows of blank cells); N/A as [`Value::NotApplicable`].
    pub fn get(&self, name: &str) -> Option<Value> {
        if self.na.contains(name) {
            return Some(Value::NotApplicable);
        }
        let v = self.values.get(name)?;
        v.counts_as_filled().then(|| v.clone())
    }

    /// Sets field `name` to `v` as [`FieldStates::get`] returns it.
    pub fn set(&mut self, name: &str, v: Option<Value>) {
        match v {
            Some(Value::NotApplicable) => {
                self.na.insert(name.to_string());
            }
            Some(v) => {
                self.na.remove(name);
                self.values.set(name, v);
            }
            None => {
                self.na.remove(name);
                self.values.remove(name);
            }
        }
    }
}

/// The values as they were at one hand-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub id: String,
    pub state: FieldStates,
}
