//! Fill fixtures: `tests/fixtures/fill/NAME.md` with `NAME.values.json` must produce
//! `NAME.draft.out` (unfilled placeholders kept) and `NAME.final.out` (empty optional
//! placeholders dropped).

use crate::oracle::{assert_all, cases, check_against};
use report_engine::{Unfilled, Values};

#[test]
fn fill_fixtures() {
    let mut failures = Vec::new();
    for path in cases("fill", ".md") {
        let source = std::fs::read_to_string(&path).unwrap();
        let t = report_engine::parse(&source);
        let json = std::fs::read_to_string(path.with_extension("values.json")).unwrap();
        let values =
            Values::from_json(&t, &json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (mode, ext) in [(Unfilled::Keep, "draft.out"), (Unfilled::Drop, "final.out")] {
            let out = report_engine::fill(&t, &values, mode);
            failures.extend(check_against(&path.with_extension(ext), &out));
        }
    }
    assert_all(failures);
}

#[test]
fn values_round_trip_through_json() {
    let t = report_engine::parse("# T\n{A} {B}\n\n| x | y |\n|---|---|\n{{ROWS}}\n- [ ] task\n");
    let json = r#"{"A": "text", "B": 12.5, "ROWS": [["1", 2]], "task:task": true}"#;
    let v = Values::from_json(&t, json).unwrap();
    let again = Values::from_json(&t, &v.to_json().to_string()).unwrap();
    assert_eq!(v, again);
    assert_eq!(v.get("B"), Some(&report_engine::Value::Text("12.5".into())));
}

#[test]
fn values_json_errors_name_the_problem() {
    let t = report_engine::parse("# T\n{A}\n- [ ] task\n\n| x |\n|---|\n{{ROWS}}\n");
    let cases = [
        ("[1]", "values must be a JSON object"),
        ("{", "not valid JSON"),
        (r#"{"NOPE": "x"}"#, "unknown field `NOPE`"),
        (
            r#"{"A": true}"#,
            "value for `A` must be a string, a number or \"N/A\", got a boolean",
        ),
        (
            r#"{"task:task": "yes"}"#,
            "must be true, false or \"N/A\", got a string",
        ),
        (r#"{"ROWS": [1]}"#, "row 1 of `ROWS` must be an array"),
        (r#"{"A": {"x": 1}}"#, "got an object"),
    ];
    for (json, expected) in cases {
        let err = Values::from_json(&t, json).unwrap_err().to_string();
        assert!(err.contains(expected), "{json}: {err}");
    }
}

#[test]
fn chunks_cut_at_headings_and_fill_the_same() {
    let src = "intro {A}\n# One\ntext {B}\n```\n# not a heading {C}\n```\n## Two\n{A}\n";
    let t = report_engine::parse(src);
    let chunks = t.chunks();
    assert_eq!(chunks.len(), 3, "preamble, # One (with the fence), ## Two");
    let names = |i: usize| {
        chunks[i]
            .fields
            .iter()
            .map(|&f| t.fields()[f].name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(0), ["A"]);
    assert_eq!(names(1), ["B", "C"]);
    assert_eq!(names(2), ["A"]);
    let joined: String = (0..chunks.len())
        .map(|i| report_engine::fill_chunk(&t, i, &Values::new(), Unfilled::Keep))
        .collect();
    assert_eq!(joined, src);
}

/// A block placeholder alone at the margin between blank lines is a chunk of its own (so
/// typing into it renders only it again); one inside a list, a quote, a paragraph or
/// indented is not.
#[test]
fn a_standalone_block_is_a_chunk_of_its_own() {
    let src = "# T\n\nIntro.\n\n{{NOTES}}\n\nAfter.\n\n- item\n\n  {{IN_LIST}}\n\n> {{QUOTED}}\n\nText\n{{LAZY}}\n\n{{LAST}}\n";
    let t = report_engine::parse(src);
    let alone: Vec<Vec<String>> = t
        .chunks()
        .iter()
        .map(|c| {
            c.fields
                .iter()
                .map(|&f| t.fields()[f].name.clone())
                .collect()
        })
        .collect();
    assert_eq!(
        alone,
        [
            vec![],
            vec!["NOTES".to_string()],
            vec!["IN_LIST".into(), "QUOTED".into(), "LAZY".into()],
            vec!["LAST".into()],
        ]
    );
    let joined: String = (0..t.chunks().len())
        .map(|i| report_engine::fill_chunk(&t, i, &Values::new(), Unfilled::Keep))
        .collect();
    assert_eq!(joined, src);
}

/// Rendering the preview chunk by chunk gives the HTML of rendering it whole, for the
/// built-ins filled with sample values and with Markdown in every block (lists, tables,
/// code): cutting at headings and around standalone blocks changes nothing on the page.
#[test]
fn the_preview_renders_the_same_chunk_by_chunk() {
    use report_engine::render::to_html_marked;
    use report_engine::Value;
    for (id, source) in report_engine::builtins().iter().map(|b| (b.id, b.source)) {
        let t = report_engine::parse(source);
        let value = |i: usize| {
            let f = &t.fields()[i];
            Some(match f.kind {
                report_engine::Kind::Block => Value::Text(
                    "Para one\nlazy line\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```".into(),
                ),
                report_engine::Kind::Checkbox => Value::Check(i.is_multiple_of(2)),
                report_engine::Kind::TableRows => Value::Rows(vec![vec!["r".into(); f.columns.len().max(1)]]),
                _ if i.is_multiple_of(3) => Value::Text(String::new()),
                _ => Value::Text(format!("v{i}")),
            })
        };
        let invalid = |i: usize| i.is_multiple_of(7);
        let pieces: Vec<String> = (0..t.chunks().len())
            .map(|c| report_engine::preview_chunk(&t, c, &value, &invalid))
            .collect();
        let marks = |_: char, _: usize| None;
        let by_chunk: String = pieces.iter().map(|md| to_html_marked(md, &marks)).collect();
        assert_eq!(by_chunk, to_html_marked(&pieces.concat(), &marks), "{id}");
    }
}
