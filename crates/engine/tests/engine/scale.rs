//! Scale: a generated 5,000-placeholder template parses, fills and validates correctly.
//! Timing is printed, never asserted (see `examples/bench.rs` for the benchmark).

use report_engine::{Unfilled, Value, Values};

/// A template with `n` distinct placeholders in tables, lists and blocks, like the
/// built-ins but larger. Shared with the benchmark via `include!`.
pub fn generated_template(n: usize) -> String {
    include!("../../examples/generate.rs.inc")
}

#[test]
fn five_thousand_placeholders() {
    let source = generated_template(5000);
    let start = std::time::Instant::now();
    let t = report_engine::parse(&source);
    let parsed = start.elapsed();
    assert_eq!(t.stats().placeholders, 5000);
    assert!(t.diagnostics().is_empty());

    let mut values = Values::new();
    for f in t.fields() {
        values.set(f.name.clone(), Value::Text("1".into()));
    }
    let start = std::time::Instant::now();
    let problems = report_engine::validate(&t, &values);
    let validated = start.elapsed();
    let start = std::time::Instant::now();
    let out = report_engine::fill(&t, &values, Unfilled::Drop);
    let filled = start.elapsed();
    // "1" is valid for every inferred kind except dates, URLs, digests and durations.
    assert!(problems
        .iter()
        .all(|p| p.kind == report_engine::ProblemKind::Invalid));
    assert!(!out.contains("{F"), "every placeholder filled");
    eprintln!("5,000 placeholders (debug build): parse {parsed:?}, validate {validated:?}, fill {filled:?}");
}

/// At and over the limits: 20,000 and 50,000 placeholders are taken; one more is refused
/// before any form is built (bounded work, timing printed); a 5 MB template is refused
/// before parsing.
#[test]
fn over_fifty_thousand_placeholders_are_refused_with_a_message() {
    use report_engine::limits::{check_fields, check_template_size, MAX_FIELDS};
    let source = generated_template(20_000);
    assert!(check_fields(&report_engine::parse(&source)).is_ok());
    let over = generated_template(MAX_FIELDS + 1);
    assert!(check_template_size(over.len()).is_ok());
    let start = std::time::Instant::now();
    let t = report_engine::parse(&over);
    eprintln!(
        "50,001 placeholders (debug build): parse {:?}",
        start.elapsed()
    );
    assert_eq!(
        check_fields(&t).unwrap_err(),
        "template has 50,001 placeholders, over the 50,000 limit for one template"
    );
    assert!(check_fields(&report_engine::parse(&generated_template(MAX_FIELDS))).is_ok());

    let mut five_mb = String::new();
    while five_mb.len() < 5 * 1024 * 1024 {
        five_mb.push_str(&source);
    }
    assert_eq!(
        check_template_size(five_mb.len()).unwrap_err(),
        format!(
            "template is {}, over the 2 MiB limit for templates",
            report_engine::limits::size(five_mb.len())
        )
    );
}

/// One field's value: its text, or all its cells together, against the 256 KiB limit.
#[test]
fn a_value_over_the_limit_is_refused_with_a_message() {
    use report_engine::limits::{check_value, MAX_VALUE_BYTES};
    assert_eq!(
        check_value("NOTES", &Value::Text("a".repeat(MAX_VALUE_BYTES + 1))).unwrap_err(),
        "the value of NOTES is 257 KiB, over the 256 KiB limit for one field"
    );
    assert!(check_value("NOTES", &Value::Text("a".repeat(MAX_VALUE_BYTES))).is_ok());
    let rows = Value::Rows(vec![vec!["a".repeat(MAX_VALUE_BYTES / 2); 2]]);
    assert_eq!(check_value("ROWS", &rows), Ok(()));
    let rows = Value::Rows(vec![vec!["a".repeat(MAX_VALUE_BYTES / 2 + 1); 2]]);
    assert!(check_value("ROWS", &rows).is_err());
    assert_eq!(check_value("DONE", &Value::Check(true)), Ok(()));
    assert_eq!(check_value("N", &Value::NotApplicable), Ok(()));
}
