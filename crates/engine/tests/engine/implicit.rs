//! Templates without placeholders: the public corpus in `tests/fixtures/implicit/` (each
//! `NAME.md` with `NAME.places`, the places a person would fill, written by reading it),
//! the adopted form of each, and hostile shapes.

use crate::oracle::{assert_all, cases, check_against};
use report_engine::implicit::{Place, PlaceKind};
use report_engine::{Field, Unfilled, Value, Values};
use std::collections::HashMap;
use std::fmt::Write;

/// The corpus: `implicit/` (the rules were tuned on it) and `implicit-heldout/` (collected
/// and read by someone else after the rules were written; first measured at 67.7 % found).
fn corpus() -> Vec<std::path::PathBuf> {
    ["implicit", "implicit-heldout"]
        .iter()
        .flat_map(|dir| cases(dir, ".md"))
        .filter(|p| p.file_name().unwrap() != "SOURCES.md")
        .collect()
}

/// Expected places of one fixture: line → how many.
fn expected(path: &std::path::Path) -> HashMap<usize, usize> {
    let text = std::fs::read_to_string(path.with_extension("places")).unwrap();
    let mut out = HashMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let n: usize = line.split('\t').next().unwrap().trim().parse().unwrap();
        *out.entry(n).or_default() += 1;
    }
    out
}

/// Places found, counted per line; repeated prose (one field) counts once.
fn found(places: &[Place]) -> HashMap<usize, usize> {
    let mut seen = std::collections::HashSet::new();
    let mut out = HashMap::new();
    for p in places {
        if seen.insert(p.name.clone()) {
            *out.entry(p.line).or_default() += 1;
        }
    }
    out
}

/// Found / expected and extra places for the whole corpus: at least 90 % of what a person
/// would fill is found, and at most 10 % of what is found is something a person would not
/// fill. Prints the table the closing note reports.
#[test]
fn the_public_corpus_is_read_as_a_person_reads_it() {
    let mut table = String::from("template | expected | found | matched | extra\n");
    let (mut all_expected, mut all_matched, mut all_found) = (0, 0, 0);
    for path in corpus() {
        let source = std::fs::read_to_string(&path).unwrap();
        let t = report_engine::parse(&source);
        let want = expected(&path);
        let got = found(t.places());
        let matched: usize = want
            .iter()
            .map(|(line, n)| (*n).min(got.get(line).copied().unwrap_or(0)))
            .sum();
        let e: usize = want.values().sum();
        let f: usize = got.values().sum();
        writeln!(
            table,
            "{}/{} | {e} | {f} | {matched} | {}",
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy(),
            path.file_stem().unwrap().to_string_lossy(),
            f - matched
        )
        .unwrap();
        all_expected += e;
        all_matched += matched;
        all_found += f;
    }
    let recall = all_matched as f64 / all_expected as f64;
    let extra = (all_found - all_matched) as f64 / all_found as f64;
    writeln!(
        table,
        "all | {all_expected} | {all_found} | {all_matched} ({:.1} % found) | {} ({:.1} % extra)",
        recall * 100.0,
        all_found - all_matched,
        extra * 100.0
    )
    .unwrap();
    println!("{table}");
    assert!(
        recall >= 0.90,
        "found {:.1} % of the places:\n{table}",
        recall * 100.0
    );
    assert!(
        extra <= 0.10,
        "{:.1} % of found places are extra:\n{table}",
        extra * 100.0
    );
}

/// A text form of the places found, kept as `NAME.found` beside each corpus template
/// (`BLESS=1` rewrites them): what the form will ask for, reviewable in a diff.
fn describe_places(places: &[Place]) -> String {
    let mut s = String::new();
    for p in places {
        write!(s, "{} {:?} {} \"{}\"", p.line, p.kind, p.name, p.label).unwrap();
        if p.optional {
            s.push_str(" optional");
        }
        if !p.options.is_empty() {
            write!(s, " options: {}", p.options.join(" | ")).unwrap();
        }
        if p.rows > 1 {
            write!(s, " rows: {}", p.rows).unwrap();
        }
        if let Some(h) = &p.help {
            write!(s, "\n  help: {h}").unwrap();
        }
        s.push('\n');
    }
    s
}

/// What a form field shows, for comparing a template with its adopted form.
fn form(fields: &[Field], t: &report_engine::Template) -> Vec<String> {
    fields
        .iter()
        .map(|f| {
            format!(
                "{} {} {:?} §{} req={} opts={:?} cols={:?} help={:?} unit={:?} rows={:?}",
                f.name,
                f.kind.as_str(),
                f.label,
                t.sections()[f.section].title,
                f.required,
                f.options,
                f.columns,
                f.help,
                f.unit,
                f.rows
            )
        })
        .collect()
}

/// Every corpus template: its places match `NAME.found`; `report adopt`'s text parses to
/// the same form; filling both with the same values gives the same report, where guidance
/// is gone and everything else is kept.
#[test]
fn adopted_templates_give_the_same_form_and_report() {
    let mut failures = Vec::new();
    for path in corpus() {
        let source = std::fs::read_to_string(&path).unwrap();
        let t = report_engine::parse(&source);
        if let Some(f) = check_against(&path.with_extension("found"), &describe_places(t.places()))
        {
            failures.push(f);
        }
        let Some(adopted) = report_engine::adopt(&source) else {
            assert!(t.places().is_empty());
            continue;
        };
        let again = report_engine::parse(&adopted);
        assert!(
            again.places().is_empty(),
            "{}: adopted form is explicit",
            path.display()
        );
        assert_eq!(
            form(t.fields(), &t),
            form(again.fields(), &again),
            "{}",
            path.display()
        );
        let errors: Vec<_> = again
            .diagnostics()
            .iter()
            .filter(|d| d.message.contains("front matter"))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        let mut values = Values::new();
        for f in t.fields() {
            let v = match f.kind {
                report_engine::Kind::Checkbox => Value::Check(true),
                report_engine::Kind::TableRows => {
                    Value::Rows(vec![vec!["r1 | x".to_string(); f.columns.len().max(1)]])
                }
                _ => Value::Text(format!("Value of {} \"q\"", f.name)),
            };
            values.set(f.name.clone(), v);
        }
        let a = report_engine::fill(&t, &values, Unfilled::Drop);
        let b = report_engine::fill(&again, &values, Unfilled::Drop);
        assert_eq!(a, b, "{}", path.display());
        assert!(!a.contains("{{"), "{}: every place filled", path.display());
        assert!(
            !a.contains("report:\n  implicit"),
            "{}: our settings are not output",
            path.display()
        );
        for p in t.places() {
            if let Some(h) = &p.help {
                if p.kind == PlaceKind::Section && h.len() > 20 {
                    assert!(
                        !a.contains(h.as_str()),
                        "{}: guidance `{h}` left in the report",
                        path.display()
                    );
                }
            }
        }
        // Filled cells keep the table's shape: a value with a pipe is escaped.
        if t.fields()
            .iter()
            .any(|f| f.kind == report_engine::Kind::TableRows)
        {
            assert!(a.contains("r1 \\| x"), "{}", path.display());
        }
    }
    assert_all(failures);
}

fn places_of(source: &str) -> Vec<Place> {
    report_engine::parse(source).places().to_vec()
}

#[test]
fn each_shape_becomes_a_field() {
    let src = "---\ntitle: RFC\nauthor: (name of the main author)\n---\n# Postmortem\n\n## Summary\n\n## Impact\n<!-- Who was affected, and how badly? -->\n\n*Describe the impact.*\n\n## Timeline\n> (all times in UTC)\n\n| Time | Event |\n|---|---|\n| | |\n| | |\n\n## Sign-off\n\n| SRE Lead |   | Developer Lead |   |\n|---|---|---|---|\n\n**Special notes for your reviewer**:\n\nName(s):\nBy: (Names)\n\n## Decision (Optional)\n\nStatus: {proposed | accepted | rejected}\nChosen: {short title of solved problem and solution}, for <package>.\n\n* {title of option 1}\n* {title of option 2}\n* …\n\n```release-note\n\n```\n";
    let t = report_engine::parse(src);
    let got: Vec<(usize, PlaceKind, &str, bool)> = t
        .places()
        .iter()
        .map(|p| (p.line, p.kind, p.label.as_str(), p.optional))
        .collect();
    assert_eq!(
        got,
        [
            (3, PlaceKind::FrontMatter, "Author", false),
            (7, PlaceKind::Section, "Summary", false),
            (9, PlaceKind::Section, "Impact", false),
            (17, PlaceKind::Table, "Timeline", false),
            (24, PlaceKind::Cell, "SRE Lead", false),
            (24, PlaceKind::Cell, "Developer Lead", false),
            (
                27,
                PlaceKind::Label,
                "Special notes for your reviewer",
                false
            ),
            (29, PlaceKind::Label, "Name(s)", false),
            (30, PlaceKind::Label, "By", false),
            (34, PlaceKind::Prose, "Status", true),
            (
                35,
                PlaceKind::Prose,
                "Short title of solved problem and solution",
                true
            ),
            (35, PlaceKind::Prose, "Package", true),
            (37, PlaceKind::List, "Decision", true),
            (41, PlaceKind::Fence, "Release note", true),
        ]
    );
    let impact = &t.places()[2];
    assert_eq!(
        impact.help.as_deref(),
        Some("Who was affected, and how badly? Describe the impact.")
    );
    assert_eq!(t.places()[3].rows, 2);
    assert_eq!(t.places()[9].options, ["proposed", "accepted", "rejected"]);
    assert_eq!(t.places()[8].help.as_deref(), Some("Names"));
    assert_eq!(t.field("status").unwrap().kind, report_engine::Kind::Status);
    assert_eq!(t.field("timeline").unwrap().columns, ["Time", "Event"]);
    assert_eq!(t.field("timeline").unwrap().rows, Some(2));

    let mut v = Values::new();
    v.set("author", Value::Text("Ada \"A\" L".into()));
    v.set("impact", Value::Text("All users.".into()));
    v.set("sre_lead", Value::Text("Sam | Ops".into()));
    v.set(
        "timeline",
        Value::Rows(vec![vec!["10:00".into(), "Paged".into()]]),
    );
    v.set("release_note", Value::Text("NONE".into()));
    let out = report_engine::fill(&t, &v, Unfilled::Drop);
    assert!(
        out.starts_with("---\ntitle: RFC\nauthor: \"Ada \\\"A\\\" L\"\n---\n# Postmortem\n"),
        "{out}"
    );
    assert!(
        out.contains("## Impact\nAll users.\n\n## Timeline"),
        "{out}"
    );
    assert!(
        !out.contains("Describe the impact"),
        "guidance left out: {out}"
    );
    assert!(
        out.contains("| SRE Lead | Sam \\| Ops | Developer Lead |  |"),
        "{out}"
    );
    assert!(
        out.contains("| Time | Event |\n|---|---|\n| 10:00 | Paged |\n\n## Sign-off"),
        "{out}"
    );
    assert!(out.contains("```release-note\nNONE\n```"), "{out}");
    assert!(!out.contains("report:"), "{out}");
}

#[test]
fn explicit_templates_and_the_setting_decide_when_places_are_looked_for() {
    // One placeholder: read as written.
    assert!(places_of("# R\n\n## Summary\n\n## Impact\n{IMPACT}\n").is_empty());
    // Front matter turns it on…
    let on = places_of(
        "---\nreport: { implicit: true }\n---\n# R\n\n## Summary\n\n## Impact\n{IMPACT}\n",
    );
    assert_eq!(on.len(), 1);
    assert_eq!(on[0].label, "Summary");
    // …and off.
    assert!(places_of("---\nreport: { implicit: false }\n---\n# R\n\n## Summary\n").is_empty());
    // The built-ins keep their placeholder counts.
    for (id, n) in [
        ("staging-deployment-report", 389),
        ("ga-day-after-action-report", 185),
    ] {
        let t = report_engine::parse(report_engine::builtin(id).unwrap().source);
        assert!(t.places().is_empty());
        assert_eq!(t.stats().placeholders, n);
    }
}

#[test]
fn a_documents_front_matter_is_kept_and_ours_lives_beside_it() {
    let src = "---\nlayout: post\ntitle: Weekly\nreport:\n  fields:\n    X: { label: The X }\n---\n# Weekly\n{X}\n";
    let t = report_engine::parse(src);
    assert_eq!(t.title(), "Weekly");
    assert_eq!(t.field("X").unwrap().label, "The X");
    assert!(t.diagnostics().is_empty(), "{:?}", t.diagnostics());
    let mut v = Values::new();
    v.set("X", Value::Text("done".into()));
    assert_eq!(
        report_engine::fill(&t, &v, Unfilled::Drop),
        "---\nlayout: post\ntitle: Weekly\n---\n# Weekly\ndone\n"
    );
    // Our own front matter, as before, is not output.
    let ours = report_engine::parse("---\ntitle: T\nfields:\n  X: { label: L }\n---\n# T\n{X}\n");
    assert_eq!(
        report_engine::fill(&ours, &v, Unfilled::Drop),
        "# T\ndone\n"
    );
}

#[test]
fn hostile_shapes_are_diagnosed_not_crashed() {
    // Thousands of empty headings: each a place, up to the placeholder limit.
    let many: String = (0..50_010).map(|i| format!("## S{i}\n\n")).collect();
    let t = report_engine::parse(&many);
    assert_eq!(t.places().len(), report_engine::limits::MAX_FIELDS);
    assert!(t
        .diagnostics()
        .iter()
        .any(|d| d.message.contains("only the first")));
    // A table of 10,000 blank rows: one table field, its grid capped.
    let rows: String = (0..10_000).map(|_| "|  |  |\n").collect();
    let t = report_engine::parse(&format!("# T\n\n| A | B |\n|---|---|\n{rows}"));
    assert_eq!(t.places().len(), 1);
    assert_eq!(t.fields()[0].rows, Some(200));
    assert!(t
        .diagnostics()
        .iter()
        .any(|d| d.message.contains("10000 empty rows")));
    // An unbalanced comment hides the rest; it is said.
    let t = report_engine::parse("# T\n\n## A\n<!-- never closed\n\n## B\n");
    assert!(t
        .diagnostics()
        .iter()
        .any(|d| d.message.contains("never closed")));
    // Guidance inside a code fence is never a field.
    let t = report_engine::parse(
        "# T\n\n## A\n\nSome text.\n\n```\n## Not a heading\nName:\n{short title}\n| a | |\n```\n",
    );
    assert!(t.places().is_empty(), "{:?}", t.places());
}

mod property {
    use proptest::prelude::*;

    /// Pieces of the shapes implicit places are made of, and of ordinary Markdown.
    const PIECES: &[&str] = &[
        "# Title\n",
        "## Section\n",
        "\n",
        "<!-- guide -->\n",
        "*Describe it.*\n",
        "> note\n",
        "Name:\n",
        "**Owner**:\n",
        "| K |  |\n|---|---|\n",
        "| A | B |\n|---|---|\n|  |  |\n",
        "{short title}\n",
        "<package>\n",
        "* {option 1}\n",
        "```notes\n```\n",
        "text\n",
        "- [ ] task\n",
        "Date: ____\n",
        "Why?\n",
        "---\n",
        "{{ x }}",
    ];

    fn template() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(prop::sample::select(PIECES), 0..30),
            prop::sample::select(&["{X}", "{{ name }}", "{SOME_VALUE}ms"][..]),
            any::<prop::sample::Index>(),
        )
            .prop_map(|(mut pieces, placeholder, at)| {
                let i = if pieces.is_empty() {
                    0
                } else {
                    at.index(pieces.len() + 1)
                };
                pieces.insert(i, placeholder);
                pieces.concat()
            })
    }

    /// The form of a template as the person sees it (lines aside).
    fn form(t: &report_engine::Template) -> Vec<String> {
        t.fields()
            .iter()
            .map(|f| {
                let p: Vec<_> = f.occurrences.iter().map(|o| o.placement).collect();
                format!(
                    "{} {} {} {} {:?}",
                    f.name,
                    f.kind.as_str(),
                    f.label,
                    f.required,
                    p
                )
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// With an explicit placeholder and no setting, nothing implicit is looked for: the
        /// fields are those of the explicit reading (front matter turning it off says so).
        #[test]
        fn explicit_templates_are_read_as_before(body in template()) {
            // Not at the very top, where `---` would open front matter.
            let body = format!("Intro\n{body}");
            let t = report_engine::parse(&body);
            prop_assert!(t.places().is_empty());
            prop_assert_eq!(t.source(), body.as_str());
            let off = report_engine::parse(&format!("---\nreport: {{ implicit: false }}\n---\n{body}"));
            prop_assert_eq!(form(&t), form(&off));
        }

        /// Any template: discovery and adoption never panic, and the adopted form parses to
        /// the same fields.
        #[test]
        fn adoption_is_stable(body in prop::collection::vec(prop::sample::select(PIECES), 0..30)) {
            let body: String = body.into_iter().filter(|p| !p.contains('{') || p.contains(' ')).collect::<Vec<_>>().concat();
            let t = report_engine::parse(&body);
            if let Some(adopted) = report_engine::adopt(&body) {
                let again = report_engine::parse(&adopted);
                prop_assert!(again.places().is_empty());
                prop_assert_eq!(form(&t), form(&again));
            }
        }
    }
}

/// A template whose title is still to write (`# Title`) is named as the editor names it
/// (by its file); one with a title keeps it, and so does a document's own `title:`.
#[test]
fn the_report_is_named_by_its_title_or_its_file() {
    use report_engine::implicit::adopt_named;
    let named = |src: &str| {
        let t = report_engine::parse(src);
        report_engine::parse(&adopt_named(src, t.places(), Some("incident-42")))
            .title()
            .to_string()
    };
    assert_eq!(named("# Title (incident #)\n\n## Summary\n"), "incident-42");
    assert_eq!(named("Owner:\n\nText.\n"), "incident-42");
    assert_eq!(named("# Weekly report\n\n## Summary\n"), "Weekly report");
    assert_eq!(
        named("---\ntitle: RFC 7\nauthor: (name)\n---\n# Title\n\n## Summary\n"),
        "RFC 7"
    );
    assert_eq!(
        named("---\ntitle: Ops\n---\n# Title\n\n## Summary\n"),
        "Ops"
    );
}

/// An empty cell is labelled by the key to its left and its column; in a row without a
/// key, by its column alone.
#[test]
fn empty_cells_are_labelled_by_key_and_column() {
    let t = report_engine::parse(
        "# T\n\n| Metric | Before | After |\n|---|---|---|\n| Latency |  |  |\n|  | 3 ms | 4 ms |\n",
    );
    let labels: Vec<&str> = t.places().iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Latency, Before", "Latency, After", "Metric"]);
}
