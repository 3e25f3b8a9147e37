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
