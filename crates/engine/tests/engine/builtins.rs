//! The two built-in templates: exact counts, table columns, a full snapshot of every field
//! (`tests/fixtures/builtins/ID.expect`), and a byte-for-byte round trip through `fill`.

use crate::oracle::{assert_all, check_against, describe, fixtures};
use report_engine::{builtin, Kind, Stats, Unfilled, Value, Values};

fn stats(id: &str) -> Stats {
    report_engine::parse(builtin(id).expect("built-in").source).stats()
}

#[test]
fn staging_report_counts() {
    let s = stats("staging-deployment-report");
    assert_eq!(s.placeholders, 389, "distinct placeholders");
    assert_eq!(s.standalone, 3, "placeholders alone on their line");
    assert_eq!((s.table_rows, s.blocks), (0, 3));
    assert_eq!((s.checkboxes, s.blanks), (25, 10));
    assert_eq!(s.fields, 389 + 25 + 10);
    assert_eq!(
        s.required, 389,
        "every placeholder is required; tasks and blanks are not"
    );
}

#[test]
fn ga_report_counts() {
    let s = stats("ga-day-after-action-report");
    assert_eq!(s.placeholders, 185);
    assert_eq!(s.standalone, 52);
    assert_eq!((s.table_rows, s.blocks), (8, 44));
    assert_eq!((s.checkboxes, s.blanks), (0, 0));
}

#[test]
fn ga_table_rows_have_their_tables_columns() {
    let t = report_engine::parse(builtin("ga-day-after-action-report").unwrap().source);
    let rows: Vec<(&str, String)> = t
        .fields()
        .iter()
        .filter(|f| f.kind == Kind::TableRows)
        .map(|f| (f.name.as_str(), f.columns.join(" | ")))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "INSERT_GA_TIMELINE_ROWS",
                "Time (UTC) | Event | Status | Notes".to_string()
            ),
            (
                "INSERT_CANARY_BASELINE_COMPARISON",
                "Metric | Baseline | Canary | Delta | Status".into()
            ),
            (
                "INSERT_DB_PERFORMANCE_COMPARISON",
                "Query Type | Before (ms) | After (ms) | Improvement".into()
            ),
            (
                "INSERT_TEST_RESULTS_BREAKDOWN",
                "Test Category | Total | Passed | Failed | Skipped | Pass Rate".into()
            ),
            (
                "INSERT_INCIDENT_TIMELINE",
                "Time | Severity | Title | Status | MTTR".into()
            ),
            (
                "INSERT_LATENCY_PERCENTILES_TABLE",
                "Service | P50 | P95 | P99 | P99.9".into()
            ),
            (
                "INSERT_SLO_COMPLIANCE_TABLE",
                "SLO | Target | Actual | Status | Error Budget Remaining".into()
            ),
            (
                "INSERT_CERTIFICATION_CRITERIA",
                "Criterion | Target | Actual | Status".into()
            ),
        ]
    );
}

#[test]
fn builtin_snapshots() {
    let mut failures = Vec::new();
    for b in report_engine::builtins() {
        let t = report_engine::parse(b.source);
        assert!(
            t.diagnostics().is_empty(),
            "{}: {:?}",
            b.id,
            t.diagnostics()
        );
        let path = fixtures("builtins").join(format!("{}.expect", b.id));
        failures.extend(check_against(&path, &describe(&t)));
    }
    assert_all(failures);
}

#[test]
fn builtins_round_trip_through_fill() {
    for b in report_engine::builtins() {
        let t = report_engine::parse(b.source);
        let mut values = Values::new();
        for f in t.fields() {
            let o = &f.occurrences[0];
            let original = &b.source[o.span.clone()];
            let v = match f.kind {
                Kind::Checkbox => Value::Check(original != "[ ]"),
                _ => Value::Text(original.to_string()),
            };
            values.set(f.name.clone(), v);
        }
        let filled = report_engine::fill(&t, &values, Unfilled::Drop);
        assert!(
            filled == t.body(),
            "{}: filling with original text changed the template",
            b.id
        );
        assert_eq!(t.reconstruct(), t.body());
    }
}

/// A built-in is its seed text byte for byte, with only our front matter above it (left
/// out of every filled report). The seeds live in `../shared/templates/` beside the
/// project, where CI has them.
#[test]
fn builtins_are_the_seed_text_below_their_front_matter() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/templates");
    for b in report_engine::builtins() {
        let t = report_engine::parse(b.source);
        assert!(
            b.source.starts_with("---\n") && t.front_matter_end().is_none(),
            "{}: the front matter is ours, so no filled report keeps it",
            b.id
        );
        let seed = seeds.join(format!("{}.md", b.id));
        match std::fs::read_to_string(&seed) {
            Ok(seed) => assert!(t.body() == seed, "{}: the text differs from {seed:?}", b.id),
            Err(e) => eprintln!("{}: no seed to compare with ({e})", b.id),
        }
    }
}
