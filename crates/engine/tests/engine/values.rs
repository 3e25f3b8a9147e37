//! Values: what counts as filled (validation and completion differ on checkboxes) and a
//! value in words (`describe`), one case per line of `tests/fixtures/values.txt`.

use crate::oracle::{assert_all, fixtures};
use report_engine::values::describe;
use report_engine::Value;

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        None => "-",
        Some(true) => "y",
        Some(false) => "n",
    }
}

#[test]
fn value_cases() {
    let text = std::fs::read_to_string(fixtures("values.txt")).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        n += 1;
        let (head, words) = line
            .split_once(" => ")
            .unwrap_or_else(|| panic!("no ` => ` in {line:?}"));
        let (filled, rest) = head.split_once(' ').unwrap();
        let (counts, json) = rest.trim_start().split_once(' ').unwrap();
        let json = json.trim();
        let value: Option<Value> =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        let words: String =
            serde_json::from_str(words.trim()).unwrap_or_else(|e| panic!("{words}: {e}"));
        let got = (
            yes_no(value.as_ref().map(Value::is_filled)),
            yes_no(value.as_ref().map(Value::counts_as_filled)),
            describe(value.as_ref()),
        );
        if got != (filled, counts, words.clone()) {
            failures.push(format!(
                "{json}: expected {filled} {counts} {words:?}, got {} {} {:?}",
                got.0, got.1, got.2
            ));
        }
        // The root re-export is the same function.
        assert_eq!(report_engine::describe_value(value.as_ref()), got.2);
    }
    assert!(n >= 15, "values.txt lost its cases");
    assert_all(failures);
}
