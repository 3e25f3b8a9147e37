//! Importing results into a report (`report_engine::import::plan`): what a file would change
//! and what it must leave alone. Nothing is written by `plan`; these cases pin down which
//! changes the editor offers ticked (empty or still-as-imported fields) and unticked (values
//! typed by hand), and what is skipped (computed fields, values already the same).

use std::collections::BTreeMap;

use report_engine::import::{plan, Source};
use report_engine::{Value, Values};

const TEMPLATE: &str = r#"---
fields:
  API_TESTS: { from: { junit: API Endpoints, take: tests } }
  API_PASSED: { from: { junit: API Endpoints, take: passed } }
  API_FAILED: { compute: "API_TESTS - API_PASSED" }
  SKIPPED: { from: { junit: "*", take: skipped, file: regression } }
  AGENTS_P95: { from: { locust: GET /api/v1/agents, take: "95%" } }
  AGENTS_ERROR: { from: { locust: GET /api/v1/agents, take: Failure Rate }, decimals: 2 }
---
# Results

| Category | Tests | Passed | Failed |
|---|---|---|---|
| API Endpoints | {API_TESTS} | {API_PASSED} | {API_FAILED} |

Skipped: {SKIPPED}. Agents p95 {AGENTS_P95}ms, errors {AGENTS_ERROR}%.

Owner: {OWNER}, p50 {P50}.
"#;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(crate::oracle::fixtures("results").join(name)).unwrap()
}

/// [`lines`] for a report with nothing filled and nothing imported yet.
fn fresh(t: &report_engine::Template, file: &str) -> Vec<String> {
    lines(t, file, &Values::new(), &BTreeMap::new())
}

/// Each change as `FIELD: now -> new [typed] (what)`.
fn lines(
    t: &report_engine::Template,
    file: &str,
    values: &Values,
    sources: &BTreeMap<String, Source>,
) -> Vec<String> {
    let current = |i: usize| values.get(&t.fields()[i].name).cloned();
    let p = plan(t, file, &fixture(file), &current, sources).unwrap();
    let mut out: Vec<String> = p
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} -> {}{} ({})",
                t.fields()[c.field].name,
                report_engine::describe_value(c.current.as_ref()),
                report_engine::describe_value(Some(&c.new)),
                if c.typed { " [typed]" } else { "" },
                c.source.what
            )
        })
        .collect();
    out.push(format!("unchanged: {}", p.unchanged));
    out
}

#[test]
fn a_junit_file_fills_its_groups_and_never_a_computed_field() {
    let t = report_engine::parse(TEMPLATE);
    assert_eq!(t.diagnostics(), &[]);
    let got = fresh(&t, "regression-playwright-junit.xml");
    assert_eq!(
        got,
        [
            "API_TESTS: (empty) -> 40 (suite API Endpoints, tests)",
            "API_PASSED: (empty) -> 37 (suite API Endpoints, passed)",
            "SKIPPED: (empty) -> 6 (all tests, skipped (from a file named *regression*))",
            "unchanged: 0",
        ]
    );
    // The staging file's totals are not the regression suite's.
    let got = fresh(&t, "staging-pytest-junit.xml");
    assert_eq!(
        got,
        ["unchanged: 0"],
        "no group of that file is named API Endpoints"
    );
}

#[test]
fn typed_values_are_marked_imported_ones_are_not_and_the_same_value_is_no_change() {
    let t = report_engine::parse(TEMPLATE);
    let mut values = Values::new();
    values.set("API_TESTS", Value::Text("41".into())); // typed by hand
    values.set("API_PASSED", Value::Text("30".into())); // imported before, still as imported
    values.set("SKIPPED", Value::Text("6".into())); // already the file's value
    values.set("API_FAILED", Value::Text("99".into())); // computed: never imported
    let mut sources = BTreeMap::new();
    sources.insert(
        "API_PASSED".to_string(),
        Source {
            file: "old.xml".into(),
            what: "suite API Endpoints, passed".into(),
            value: "30".into(),
        },
    );
    let got = lines(&t, "regression-playwright-junit.xml", &values, &sources);
    assert_eq!(
        got,
        [
            "API_TESTS: 41 -> 40 [typed] (suite API Endpoints, tests)",
            "API_PASSED: 30 -> 37 (suite API Endpoints, passed)",
            "unchanged: 1",
        ]
    );
    // Typed over since it was imported: a hand-typed value again.
    values.set("API_PASSED", Value::Text("31".into()));
    let got = lines(&t, "regression-playwright-junit.xml", &values, &sources);
    assert_eq!(
        got[1],
        "API_PASSED: 31 -> 37 [typed] (suite API Endpoints, passed)"
    );
}

#[test]
fn locust_rows_and_the_failure_rate_with_decimals() {
    let t = report_engine::parse(TEMPLATE);
    let got = fresh(&t, "load-locust_stats.csv");
    assert_eq!(
        got,
        [
            "AGENTS_P95: (empty) -> 43 (GET /api/v1/agents, 95%)",
            "AGENTS_ERROR: (empty) -> 0.00 (GET /api/v1/agents, Failure Rate)",
            "unchanged: 0",
        ]
    );
}

#[test]
fn a_plain_file_fills_the_fields_it_names_and_a_broken_file_changes_nothing() {
    let t = report_engine::parse(TEMPLATE);
    let csv = b"name,value\nOWNER,Dana\nP50,12.5\nAPI_FAILED,3\nUNKNOWN,1\n";
    let p = plan(&t, "values.csv", csv, &|_| None, &BTreeMap::new()).unwrap();
    let names: Vec<(&str, String)> = p
        .changes
        .iter()
        .map(|c| {
            (
                t.fields()[c.field].name.as_str(),
                report_engine::describe_value(Some(&c.new)),
            )
        })
        .collect();
    assert_eq!(names, [("OWNER", "Dana".into()), ("P50", "12.5".into())]);
    let err = plan(
        &t,
        "bad.csv",
        b"name,value\n\"open,1\n",
        &|_| None,
        &BTreeMap::new(),
    )
    .unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    let err = plan(
        &t,
        "x.xml",
        &fixture("hostile-xxe.xml"),
        &|_| None,
        &BTreeMap::new(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("DTD"), "{err}");
}
