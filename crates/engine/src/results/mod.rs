//! Test and load-test result files read into one list of measures, so a report template
//! can say which measure fills which field.
//!
//! [`read`] takes a file's name and bytes and returns [`Results`]: the [`Format`] it found
//! and a flat list of [`Measure`]s, each a [`Key`] (where the number came from) and a
//! [`Cell`] (a number; plain CSV and JSON files may also hold text). Formats:
//!
//! - **JUnit XML** (Playwright, pytest `--junitxml`, cargo nextest, Maven Surefire, …):
//!   [`Key::Suite`] for every group of tests (below) with the stats `tests`, `passed`,
//!   `failures`, `errors`, `skipped`, `failed` (failures + errors) and `time` (seconds),
//!   and [`Key::Total`] with the same stats over the whole file.
//! - **k6** end-of-test summaries, both the `--summary-export` file (a metric's stats flat
//!   in its object) and the `handleSummary` data object (stats under `values`):
//!   [`Key::Metric`] per metric, submetric (`http_req_duration{name:GET /x}`) and stat
//!   as k6 names it (`avg`, `p(95)`, `count`, `rate`, `passes`, …). Thresholds and checks
//!   in `root_group` are not read (the `checks` metric carries the checks' rate).
//! - **Locust** `--csv` stats (`*_stats.csv`): [`Key::Row`] per row and numeric column
//!   as headed in the file, plus `Failure Rate` (Failure Count / Request Count × 100). A
//!   row is named `Type Name` (`GET /api/v1/agents`), and also by its Name alone when no
//!   other row has that Name; the totals row is `Aggregated`. Cells that are not numbers
//!   (`N/A`) are left out.
//! - **Plain CSV** (two columns, name and value; a header row such as `name,value` is
//!   optional) and **flat JSON** (an object of name → number, text or true/false):
//!   [`Key::Name`]. A value that reads as a number is [`Cell::Num`], anything else is
//!   [`Cell::Text`] (`true`/`false` for JSON booleans; JSON `null` is left out).
//!
//! The format is found from the content: `<` starts XML, `{` or `[` JSON, anything else is
//! CSV; a name ending `.xml` or `.json` makes the file read as that. JSON with a `metrics`
//! object is k6; CSV whose header starts `Type,Name,Request Count` is Locust.
//!
//! # Groups of tests in JUnit
//!
//! The groups a [`Key::Suite`] can name are, in this order of precedence:
//! 1. every `<testsuite name>` (nested suites too; a suite without counts is counted from
//!    the testcases inside it: one with a `<failure>`, `<error>` or `<skipped>` child is a
//!    failure, an error or skipped, in that order);
//! 2. that name's file stem, with `.spec`/`.test` and a `test_`/`test-` prefix removed
//!    (Playwright names a suite `tests/api-endpoints.spec.ts`: the group `api endpoints`);
//! 3. every distinct testcase `classname`, counted over its testcases;
//! 4. for a dotted classname (pytest's `tests.test_api_endpoints` or
//!    `tests.test_x.TestApiEndpoints`, Java's `com.x.ApiEndpointsTest`), its last segment
//!    and any `test_` module segment, with the affixes above and a `Test` class prefix or
//!    `Test`/`Tests` suffix removed; a classname that is a file name is read as in 2;
//! 5. the describe title before the first ` › ` in testcase names (Playwright:
//!    `API Endpoints › lists agents`).
//!
//! Groups of one kind whose names match (below) are summed; a name already given by a
//! kind earlier in the list is not repeated by a later one, so a suite is never counted
//! twice under one name. `passed` = tests − failures − errors − skipped (never below 0).
//!
//! # Name matching
//!
//! [`Results::get`] first looks for the key exactly; failing that, suite names, Locust rows
//! and columns and plain names match ignoring case and everything but letters and digits
//! ("API Endpoints" = "api-endpoints" = "API_ENDPOINTS", "Security & Auth" =
//! "security-auth"), and stats match ignoring case, spaces and brackets (`p95` =
//! `p(95)`). k6 metric names are matched exactly, tag filters ignoring spaces. When several
//! measures match, the first in [`Results::measures`] wins (that is the precedence above).
//!
//! # Hostile input
//!
//! The size is checked before anything is parsed ([`MAX_RESULTS_BYTES`]). XML with a
//! DOCTYPE is refused before anything after it is read, so no external entity and no
//! entity expansion is ever processed; an entity other than the five XML ones and character
//! references is an error. Element nesting is capped ([`MAX_DEPTH`]), and so is JSON's
//! (serde_json's own limit). Errors say what is wrong for a person and, where it can, the
//! 1-based line. Reading never panics (fuzzed: `fuzz/fuzz_targets/results_file.rs`).

mod csv_plain;
mod json_flat;
mod junit;
mod k6;
mod locust;
mod measure;
mod read;

pub use crate::limits::MAX_RESULTS_BYTES;
pub use junit::JUNIT_STATS;
pub use measure::{
    normalize, same_name, Cell, Format, Key, Locator, Measure, Results, ResultsError, MAX_DEPTH,
};
pub use read::read;
