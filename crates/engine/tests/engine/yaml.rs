//! The front-matter YAML subset: `tests/fixtures/yaml/cases.txt` holds documents, each read
//! into `cases.expect` as a value or an error with its position.

use crate::oracle::{assert_all, check_against, fixtures};
use proptest::prelude::*;
use report_engine::yaml;

fn read(doc: &str) -> String {
    match yaml::parse(doc) {
        Ok(node) => node.to_string(),
        Err(e) => format!("error {}:{}: {}", e.line, e.column, e.message),
    }
}

#[test]
fn yaml_cases() {
    let text = std::fs::read_to_string(fixtures("yaml/cases.txt")).unwrap();
    let mut out = String::new();
    let mut names = Vec::new();
    for case in text.split("=== ").skip(1) {
        let (name, doc) = case.split_once('\n').unwrap_or((case, ""));
        let name = name.trim_end_matches('\r');
        names.push(name.to_string());
        out.push_str(&format!("=== {name}\n{}\n", read(doc)));
    }
    assert!(names.len() >= 30, "cases.txt lost its cases");
    // Error cases must read as errors, the others must not.
    for line in out.split("=== ").skip(1) {
        let (name, result) = line.split_once('\n').unwrap();
        assert_eq!(
            name.starts_with("error-"),
            result.starts_with("error "),
            "case {name}: {result}"
        );
    }
    assert_all(
        check_against(&fixtures("yaml/cases.expect"), &out)
            .into_iter()
            .collect(),
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text reads to a value or an error, never a panic.
    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let _ = yaml::parse(&s);
    }

    /// Text made of YAML's structural pieces, the likeliest to reach odd states.
    #[test]
    fn structural_pieces_never_panic(parts in prop::collection::vec(prop::sample::select(vec![
        "a", "b:", ": ", "-", "- ", "[", "]", "{", "}", ",", "'", "\"", "\\", "#", " #", "|",
        ">", "|-", "\n", "\r\n", "  ", "    ", "\t", "é", "&", "*", "!", "?", "~", "\\u00",
    ]), 0..60)) {
        let _ = yaml::parse(&parts.concat());
    }
}
