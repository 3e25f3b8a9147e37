//! Properties: any input parses without panicking and survives the round trip; generated
//! templates filled with their own placeholder text come back unchanged.

use proptest::prelude::*;
use report_engine::{Kind, Unfilled, Value, Values};

/// Pieces that exercise every grammar rule and its traps.
const PIECES: &[&str] = &[
    "{A}",
    "{B_2}",
    "{{ c }}",
    "{{D}}",
    "{{ D }}",
    "{",
    "}",
    "{{",
    "}}",
    "\\",
    "\\{A}",
    "{{ .Values.x }}",
    "{\"k\": 1}",
    "{id}",
    "\n",
    "\r\n",
    "\r",
    "|",
    "| x |",
    "|---|",
    "---",
    "- [ ] ",
    "- [x] ",
    "___",
    "`",
    "```\n",
    "~~~\n",
    "# ",
    "## ",
    "text",
    "é",
    "🚀",
    " ",
    "  ",
    "\t",
    "$",
    "%",
    "ms",
    "**Lead:** ",
    "Date: ",
    "](",
    ")",
    "[",
    "]",
    ":",
    "\u{feff}",
];

/// Found by the proptest below and by the fuzzer: a template starting with two BOMs and no
/// placeholder (read through implicit places) keeps both.
#[test]
fn two_boms_and_no_placeholder_round_trip() {
    check_round_trip("\u{feff}\u{feff}{id}").unwrap();
    check_round_trip("\u{feff}\u{feff}# T\n\n## Summary\n").unwrap();
    // And from the fuzzer: the second BOM in front of what would be front matter.
    check_round_trip("\u{feff}\u{feff}---\nti[l BOM\n---\n#\n#\n").unwrap();
}

fn template() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
}

fn check_round_trip(source: &str) -> Result<(), TestCaseError> {
    let t = report_engine::parse(source);
    let body = t.body().to_string();
    prop_assert_eq!(t.reconstruct(), body.clone());
    // With no values, a draft fill writes the template back unchanged.
    prop_assert_eq!(
        report_engine::fill(&t, &Values::new(), Unfilled::Keep),
        body.clone()
    );
    let _ = report_engine::fill(&t, &Values::new(), Unfilled::Drop);
    let _ = report_engine::validate(&t, &Values::new());
    // Fields whose uses are all spelled alike, filled with that spelling, round-trip too.
    // Spans are into `t.source()`: the text as given, or its explicit form when the
    // template was read through implicit places.
    let mut values = Values::new();
    let written = t.source();
    for f in t.fields() {
        let first = &written[f.occurrences[0].span.clone()];
        if f.occurrences
            .iter()
            .all(|o| &written[o.span.clone()] == first)
        {
            let v = if f.kind == Kind::Checkbox {
                Value::Check(first != "[ ]")
            } else {
                Value::Text(first.to_string())
            };
            values.set(f.name.clone(), v);
        }
    }
    prop_assert_eq!(report_engine::fill(&t, &values, Unfilled::Keep), body);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_templates_round_trip(source in template()) {
        check_round_trip(&source)?;
    }

    #[test]
    fn arbitrary_text_never_panics_and_round_trips(source in "\\PC*") {
        check_round_trip(&source)?;
    }

    #[test]
    fn arbitrary_values_json_never_panics(json in "\\PC*") {
        let t = report_engine::parse("# T\n{A}\n- [ ] x\n\n| a |\n|---|\n{{R}}\n");
        let _ = Values::from_json(&t, &json);
    }

    #[test]
    fn arbitrary_values_validate_and_fill(text in "\\PC{0,40}", rows in prop::collection::vec(prop::collection::vec("\\PC{0,8}", 0..5), 0..5)) {
        let t = report_engine::parse(report_engine::builtin("ga-day-after-action-report").unwrap().source);
        let mut values = Values::new();
        for (i, f) in t.fields().iter().enumerate() {
            let v = match (f.kind.clone(), i % 3) {
                (Kind::TableRows, _) => Value::Rows(rows.clone()),
                (_, 0) => Value::NotApplicable,
                _ => Value::Text(text.clone()),
            };
            values.set(f.name.clone(), v);
        }
        let _ = report_engine::validate(&t, &values);
        let out = report_engine::fill(&t, &values, Unfilled::Drop);
        // Every field was given a value, so no placeholder syntax of the template survives
        // unless the value itself wrote it.
        if !text.contains('{') && !rows.iter().flatten().any(|c| c.contains('{')) {
            prop_assert!(!out.contains("{{INSERT_"));
        }
    }
}

/// Pieces of hostile Markdown: tags, handlers, schemes in every disguise, link syntax.
const HOSTILE: &[&str] = &[
    "<script>",
    "</script>",
    "<ScRiPt ",
    "<img src=x ",
    "onerror=",
    " onload=\"",
    "<svg",
    "<iframe srcdoc=",
    "<a href=\"",
    "\">",
    ">",
    "<",
    "\"",
    "'",
    "=",
    "javascript:",
    "JaVaScRiPt:",
    "java&#99;ript:",
    "&#x6A;avascript:",
    "javascript&colon;",
    "java&#9;script:",
    "javascript%3A",
    "%6Aavascript:",
    "vbscript:",
    "data:text/html,",
    "data:image/svg+xml,",
    "&#0;",
    "&#1;",
    "\u{1}",
    "\t",
    " ",
    "\n",
    "\n\n",
    "[x](",
    "![i](",
    ")",
    "[",
    "]",
    "][r]",
    "\n[r]: ",
    "<",
    "alert(1)",
    "https://ok.test/",
    "mailto:a@b.test",
    "#top",
    "`",
    "```\n",
    "| a | b |\n|---|---|\n| ",
    " | ",
    "# ",
    "> ",
    "- [ ] ",
    "<!--",
    "-->",
    "--!>",
    "<![CDATA[",
    "&lt;",
    "&amp;",
    "&quot;",
    "\\",
    "*",
    "_",
    "\u{E000}1\u{E002}",
    "\u{E003}",
    "\u{E002}",
];

fn hostile_markdown() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(HOSTILE), 0..60).prop_map(|v| v.concat()),
        "\\PC*",
    ]
}

/// 4,000 cases in the test run; `PROPTEST_CASES=200000` for a longer hunt.
fn renderer_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(renderer_cases()))]

    /// The safe renderer never writes an event handler, a `<script`, an element or
    /// attribute off its list, or a link whose scheme is off the allow-list.
    #[test]
    fn the_renderer_never_writes_unsafe_html(md in hostile_markdown()) {
        let html = report_engine::render::to_html(&md);
        let problems = crate::oracle::html_problems(&html);
        prop_assert!(problems.is_empty(), "{:?}\n{}", problems, html);
        let marked = report_engine::render::to_html_marked(&md, &|_, _| {
            Some(report_engine::render::MarkText { text: md.clone(), title: md.clone() })
        });
        let problems = crate::oracle::html_problems(&marked);
        prop_assert!(problems.is_empty(), "{:?}\n{}", problems, marked);
    }
}

/// Where an inline placeholder may sit: line starts, emphasis, links, table cells, lists,
/// headings, quotes, next to punctuation.
const INLINE_CONTEXTS: &[&str] = &[
    "# T\n\nText {{X}} more.\n",
    "# T\n\n{{X}} and text\nnext line\n",
    "# T\n\n| A | B |\n|---|---|\n| a | {{X}} |\n",
    "# T\n\n| A | B |\n|---|---|\n| {{X}}ms | b |\n",
    "# T\n\n- item {{X}}\n- {{X}}\n",
    "# T\n\n1. {{X}}\n",
    "## {{X}}\n",
    "# T\n\n> {{X}}\n",
    "# T\n\n**{{X}}**\n",
    "# T\n\n*{{X}}*\n",
    "# T\n\n[{{X}}](https://example.test)\n",
    "# T\n\nA{{X}}B\n",
    "# T\n\nprefix\n{{X}} suffix\n",
    "# T\n\n_{{X}}_\n",
    "# T\n\n~~{{X}}~~\n",
    "# T\n\na*{{X}}*b\n",
    "# T\n\na_{{X}}_b\n",
    "# T\n\n**{{X}}**x and x**{{X}}**\n",
    "# T\n\n*a {{X}}*\n",
];

/// The preview's HTML for the template with `X` set to `value` (chunk by chunk, as the
/// page renders it).
fn preview_html(t: &report_engine::Template, value: &str) -> String {
    (0..t.chunks().len())
        .map(|c| {
            let md = report_engine::preview_chunk(
                t,
                c,
                &|_| Some(Value::Text(value.to_string())),
                &|_| false,
            );
            report_engine::render::to_html_marked(&md, &|_, _| None)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(renderer_cases()))]

    /// Writing a plain value in place of another where it shows (what the editor does on a
    /// keystroke, `plain_inline`) gives exactly the HTML a full render of the new value
    /// gives, wherever the placeholder sits.
    #[test]
    fn a_plain_value_written_in_place_equals_a_render(
        context in 0..INLINE_CONTEXTS.len(),
        before in "[A-Za-z0-9ÄéЖ$\"'+✅“-][A-Za-z0-9 .,:;%/()@'\"?=+$€°±×✅❌“”«»–—…-]{0,12}",
        after in "[A-Za-z0-9ÄéЖ$\"'+✅“-][A-Za-z0-9 .,:;%/()@'\"?=+$€°±×✅❌“”«»–—…-]{0,12}",
    ) {
        let (Some(b), Some(a)) = (
            report_engine::plain_inline(&Value::Text(before.clone())),
            report_engine::plain_inline(&Value::Text(after.clone())),
        ) else {
            return Ok(());
        };
        let t = report_engine::parse(INLINE_CONTEXTS[context]);
        let old = preview_html(&t, &b);
        let open = "<span data-value=\"0\">";
        prop_assert!(old.contains(open), "no value span in {old}");
        // Every span's text replaced, as the page does.
        let mut patched = String::new();
        let mut rest = old.as_str();
        while let Some(start) = rest.find(open) {
            let body = start + open.len();
            let end = body + rest[body..].find("</span>").expect("closed");
            patched.push_str(&rest[..body]);
            patched.push_str(&a.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
            rest = &rest[end..];
        }
        patched.push_str(rest);
        prop_assert_eq!(patched, preview_html(&t, &a));
    }
}

/// What counts as plain: cases as data (`value → plain` or `value → not`), one per line.
#[test]
fn plain_inline_values() {
    let cases = std::fs::read_to_string(crate::oracle::fixtures("plain-inline.txt"))
        .expect("tests/fixtures/plain-inline.txt");
    let mut failures = Vec::new();
    for line in cases
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (value, want) = line.rsplit_once(" → ").expect("`value → plain|not`");
        let value = value.replace("\\n", "\n");
        let got = if report_engine::plain_inline(&Value::Text(value.clone())).is_some() {
            "plain"
        } else {
            "not"
        };
        if got != want {
            failures.push(format!("{value:?}: want {want}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
