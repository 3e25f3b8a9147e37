//! Validation fixtures: `tests/fixtures/validate/NAME.md` checked with each
//! `NAME.CASE.values.json` must give the problems in `NAME.CASE.expect`, grouped by section.

use crate::oracle::{assert_all, cases, check_against};
use report_engine::Values;
use std::fmt::Write;

#[test]
fn validate_fixtures() {
    let mut failures = Vec::new();
    for path in cases("validate", ".values.json") {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let stem = name.trim_end_matches(".values.json");
        let template_name = format!("{}.md", stem.split('.').next().unwrap());
        let source = std::fs::read_to_string(path.with_file_name(template_name)).unwrap();
        let t = report_engine::parse(&source);
        let values = Values::from_json(&t, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let problems = report_engine::validate(&t, &values);
        let mut out = String::new();
        for (section, list) in report_engine::by_section(&problems) {
            writeln!(out, "§{}", t.sections()[section].title).unwrap();
            for p in list {
                writeln!(out, "  {} ({:?}): {}", p.field, p.kind, p.message).unwrap();
            }
        }
        failures.extend(check_against(
            &path.with_file_name(format!("{stem}.expect")),
            &out,
        ));
    }
    assert_all(failures);
}
