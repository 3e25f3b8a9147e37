//! A flat JSON object of name → number, text or true/false.

use super::measure::{line_at, Cell, Key, Measure, ResultsError};
use serde_json::Value;

pub(super) fn read(text: &str, v: &Value) -> Result<Vec<Measure>, ResultsError> {
    let Some(map) = v.as_object() else {
        return Err(ResultsError::new(format!(
            "the JSON is {}; a results file is an object of names and values (or a k6 summary)",
            kind(v)
        )));
    };
    let mut out = Vec::new();
    for (name, value) in map {
        let cell = match value {
            Value::Number(n) => match n.as_f64().filter(|n| n.is_finite()) {
                Some(n) => Cell::Num(n),
                None => Cell::Text(n.to_string()),
            },
            Value::String(s) => Cell::Text(s.clone()),
            Value::Bool(b) => Cell::Text(b.to_string()),
            Value::Null => continue,
            Value::Array(_) | Value::Object(_) => {
                let message = format!(
                    "\"{name}\" holds {}; a flat results file maps each name to a number, text or true/false",
                    kind(value)
                );
                return Err(match find_key(text, name) {
                    Some(line) => ResultsError::at(line, message),
                    None => ResultsError::new(message),
                });
            }
        };
        out.push(Measure {
            key: Key::Name(name.clone()),
            value: cell,
        });
    }
    if out.is_empty() {
        return Err(ResultsError::new("the JSON object has no values"));
    }
    Ok(out)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
        Value::String(_) => "text",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true/false",
        Value::Null => "null",
    }
}

/// The line where `"name":` first appears, as the key is written plainly in most files.
fn find_key(text: &str, name: &str) -> Option<usize> {
    let quoted = serde_json::to_string(name).ok()?;
    let mut from = 0;
    while let Some(i) = text[from..].find(&quoted) {
        let at = from + i;
        let after = text[at + quoted.len()..].trim_start();
        if after.starts_with(':') {
            return Some(line_at(text.as_bytes(), at));
        }
        from = at + quoted.len();
    }
    None
}
