//! Hand-offs: the three-way merge (cases in `tests/fixtures/merge.txt`), deciding a merge and
//! importing a received draft (cases in `tests/fixtures/merge-decisions.txt`), the draft
//! file and share link codecs, and what they do with broken or hostile input.

use crate::oracle::{assert_all, fixtures};
use proptest::prelude::*;
use report_engine::share::{
    count_filled, finish_merge, import_as_new, merge, plan_merge, Checkpoint, FieldStates,
    MergeError, Shared, LINK_MARK, MAX_LINK_CHARS, MAX_SHARED_BYTES,
};
use report_engine::{Draft, Template, TemplateRef, Value};
use std::collections::BTreeMap;

fn value(token: &str) -> Option<Value> {
    match token {
        "-" => None,
        "N/A" => Some(Value::NotApplicable),
        "[x]" => Some(Value::Check(true)),
        t => Some(Value::Text(t.into())),
    }
}

#[test]
fn merge_cases() {
    let text = std::fs::read_to_string(fixtures("merge.txt")).unwrap();
    let cases: Vec<Vec<String>> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
        .collect();
    assert!(cases.len() >= 15);
    // With an ancestor and without: all cases of a kind merge in one go, one field each.
    for with_ancestor in [true, false] {
        let (mut a, mut m, mut t) = Default::default();
        let (a, m, t): (&mut FieldStates, &mut FieldStates, &mut FieldStates) =
            (&mut a, &mut m, &mut t);
        let mine_cases: Vec<&Vec<String>> = cases
            .iter()
            .filter(|c| (c[1] != "none") == with_ancestor)
            .collect();
        for c in &mine_cases {
            if with_ancestor {
                a.set(&c[0], value(&c[1]));
            }
            m.set(&c[0], value(&c[2]));
            t.set(&c[0], value(&c[3]));
        }
        let names: Vec<&str> = mine_cases.iter().map(|c| c[0].as_str()).collect();
        let result = merge(with_ancestor.then_some(&*a), m, t, names.iter().copied());
        let mut failures = Vec::new();
        for c in &mine_cases {
            let name = c[0].as_str();
            let conflict = result.conflicts.iter().find(|x| x.field == name);
            let got = match (conflict, result.taken.iter().any(|x| x == name)) {
                (Some(x), _) => {
                    assert_eq!(
                        (x.mine.clone(), x.theirs.clone()),
                        (value(&c[2]), value(&c[3]))
                    );
                    "conflict"
                }
                (None, true) => "theirs",
                (None, false) => "mine",
            };
            let expected_value = match got {
                "theirs" => value(&c[3]),
                _ => value(&c[2]),
            };
            if got != c[4] || result.merged.get(name) != expected_value {
                failures.push(format!("{name}: expected {}, got {got}", c[4]));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

fn sample() -> Shared {
    let mut state = FieldStates::default();
    state.set("OWNER", Some(Value::Text("Dana".into())));
    state.set(
        "ROWS",
        Some(Value::Rows(vec![vec!["a".into(), "b".into()]])),
    );
    state.set("task:reviewed", Some(Value::Check(true)));
    state.set("NOTES", Some(Value::NotApplicable));
    let source = "# Weekly\nOwner: {{OWNER}}\n".to_string();
    Shared {
        lineage: "lin-1".into(),
        name: "Weekly, QA pass".into(),
        lead: "QA".into(),
        template: TemplateRef::Custom {
            hash: report_engine::content_hash(&source),
        },
        template_source: Some(source),
        state: state.clone(),
        changed_by: [("OWNER".to_string(), "QA".to_string())].into(),
        checkpoints: vec![Checkpoint {
            id: "c1".into(),
            state,
        }],
        overrides: ["UPTIME".to_string()].into(),
        sources: [(
            "OWNER".to_string(),
            report_engine::import::Source {
                file: "owners.csv".into(),
                what: "name owner".into(),
                value: "Ann".into(),
            },
        )]
        .into(),
    }
}

#[test]
fn file_and_link_round_trip() {
    let s = sample();
    assert_eq!(Shared::from_file(&s.to_file()).unwrap(), s);
    let link = s.to_link("http://127.0.0.1:8080/index.html#old");
    assert!(
        link.starts_with("http://127.0.0.1:8080/index.html#d="),
        "{link}"
    );
    let payload = &link[link.find(LINK_MARK).unwrap() + LINK_MARK.len()..];
    assert!(payload
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(Shared::from_link(&link).unwrap(), s);
    // The fragment alone is enough.
    assert_eq!(
        Shared::from_link(&format!("{LINK_MARK}{payload}")).unwrap(),
        s
    );
}

/// Every broken or hostile input gets its message; none panics.
#[test]
fn broken_and_hostile_input_is_refused_with_a_message() {
    let s = sample();
    let link = s.to_link("http://x/");
    let payload = link[link.find(LINK_MARK).unwrap() + LINK_MARK.len()..].to_string();
    let b64 = |bytes: &[u8]| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    };
    let zlib = |bytes: &[u8]| miniz_oxide::deflate::compress_to_vec_zlib(bytes, 9);
    // A bit flipped in the middle of the compressed data.
    let mut flipped = {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&payload)
            .unwrap()
    };
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    // 64 MiB of zeros compress to about 64 KiB: a bomb for an unbounded inflater.
    let bomb = b64(&zlib(&vec![b' '; 64 * 1024 * 1024]));
    let newer = s.to_file().replace(r#""version":1"#, r#""version":9"#);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated link",
            format!("{LINK_MARK}{}", &payload[..payload.len() / 2]),
            "damaged",
        ),
        (
            "bit-flipped link",
            format!("{LINK_MARK}{}", b64(&flipped)),
            "damaged",
        ),
        (
            "not base64",
            format!("{LINK_MARK}!!!not*base64"),
            "not valid base64url",
        ),
        ("no fragment", "http://x/".into(), "no `#d=` part"),
        (
            "oversized link",
            format!("{LINK_MARK}{}", "A".repeat(MAX_LINK_CHARS + 1)),
            "over the 4,194,304-character limit for share links",
        ),
        (
            "zip bomb",
            format!("{LINK_MARK}{bomb}"),
            "unpacks to more than 8 MiB, the limit for draft files",
        ),
        (
            "non-JSON inside",
            format!("{LINK_MARK}{}", b64(&zlib(b"hello"))),
            "not valid JSON",
        ),
        (
            "newer version inside",
            format!("{LINK_MARK}{}", b64(&zlib(newer.as_bytes()))),
            "newer version",
        ),
        (
            "a draft, not a shared draft",
            format!(
                "{LINK_MARK}{}",
                b64(&zlib(br#"{"format":"report-editor/draft","version":1}"#))
            ),
            "its format is",
        ),
    ];
    for (what, input, expected) in cases {
        let err = Shared::from_link(&input).expect_err(what);
        assert!(err.0.contains(expected), "{what}: {err}");
    }
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_SHARED_BYTES));
    assert_eq!(
        Shared::from_file(&big).unwrap_err().0,
        "the draft file is 8.1 MiB, over the 8 MiB limit for draft files"
    );
    // One value over its limit, in the state or in a checkpoint, refuses the file.
    let huge = Value::Text("x".repeat(report_engine::limits::MAX_VALUE_BYTES + 1));
    let mut big_value = sample();
    big_value.state.set("OWNER", Some(huge.clone()));
    let mut big_checkpoint = sample();
    big_checkpoint.checkpoints[0].state.set("OWNER", Some(huge));
    for s in [big_value, big_checkpoint] {
        assert_eq!(
            Shared::from_file(&s.to_file()).unwrap_err().0,
            "the value of OWNER is 257 KiB, over the 256 KiB limit for one field"
        );
        assert!(Shared::from_link(&s.to_link("http://x/")).is_err());
    }
    let mut tampered = sample();
    tampered.template_source = Some("# Changed\n{{OWNER}}\n".into());
    assert!(Shared::from_file(&tampered.to_file())
        .unwrap_err()
        .0
        .contains("does not match its hash"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any text as a link or a file: a value or a message, never a panic.
    #[test]
    fn arbitrary_links_and_files_never_panic(s in "\\PC{0,300}") {
        let _ = Shared::from_link(&format!("{LINK_MARK}{s}"));
        let _ = Shared::from_file(&s);
    }

    /// A real link cut anywhere is refused or read, never a panic.
    #[test]
    fn cut_links_never_panic(cut in 0usize..2000) {
        let link = sample().to_link("http://x/");
        let end = cut.min(link.len());
        let _ = Shared::from_link(&link[..end]);
    }
}

/// The template every case of `merge-decisions.txt` fills.
const DECISIONS_TEMPLATE: &str =
    "# Weekly\n\nOwner: {{OWNER}}\nUptime: {{UPTIME}}\nNotes: {{NOTES}}\n\n- [ ] Reviewed\n";

/// Keys of `merge-decisions.txt` that state what is expected (rewritten by `BLESS=1`).
const EXPECTED_KEYS: [&str; 10] = [
    "plan",
    "refused",
    "values",
    "na",
    "by",
    "sources",
    "overrides",
    "lineage",
    "checkpoints",
    "filled",
];

/// A value token of the decision cases: `[x]`, `[ ]`, `N/A`, `-` (none) or text.
fn token(t: &str) -> Option<Value> {
    match t {
        "-" => None,
        "[x]" => Some(Value::Check(true)),
        "[ ]" => Some(Value::Check(false)),
        "N/A" => Some(Value::NotApplicable),
        t => Some(Value::Text(t.into())),
    }
}

/// `FIELD=VALUE, …` (empty or `-`: nothing).
fn pairs(s: &str) -> Vec<(String, String)> {
    s.split(", ")
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "-")
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .unwrap_or_else(|| panic!("not FIELD=VALUE: {p:?}"));
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn states(s: &str) -> FieldStates {
    let mut out = FieldStates::default();
    for (field, v) in pairs(s) {
        out.set(&field, token(&v));
    }
    out
}

/// `FIELD=FILE, …`: each field's value came from that file (as the side holds it).
fn sources(
    s: &str,
    values: &report_engine::Values,
) -> BTreeMap<String, report_engine::import::Source> {
    pairs(s)
        .into_iter()
        .map(|(field, file)| {
            let value = match values.get(&field) {
                Some(Value::Text(t)) => t.clone(),
                _ => String::new(),
            };
            let what = "measure".to_string();
            (field, report_engine::import::Source { file, what, value })
        })
        .collect()
}

fn ids(s: &str) -> Vec<String> {
    s.split_whitespace()
        .filter(|x| *x != "-")
        .map(String::from)
        .collect()
}

fn list(items: Vec<String>, sep: &str) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(sep)
    }
}

/// Runs one case (its `key: value` lines) and returns the expectation lines it produces.
fn decide_case(given: &BTreeMap<String, String>, template: &Template) -> Vec<String> {
    let get = |k: &str| given.get(k).map(String::as_str).unwrap_or("");
    let checkpoint = |id: String| Checkpoint {
        state: states(get(&format!("checkpoint {id}"))),
        id,
    };
    let source = DECISIONS_TEMPLATE;
    let hash = report_engine::content_hash(source);
    let mut mine = Draft::new(
        "mine-id".into(),
        &report_engine::library::custom_key(&hash),
        template,
        "Mine".into(),
        1,
    );
    let mine_state = states(get("mine"));
    mine.values = mine_state.values;
    mine.na = mine_state.na;
    mine.lineage = ids(get("mine-lineage")).join("");
    mine.changed_by = pairs(get("mine-by")).into_iter().collect();
    mine.checkpoints = ids(get("mine-checkpoints"))
        .into_iter()
        .map(checkpoint)
        .collect();
    mine.revision = 5;
    mine.updated_ms = 7;
    mine.sources = sources(get("mine-sources"), &mine.values);
    mine.overrides = ids(get("mine-overrides")).into_iter().collect();
    let their_state = states(get("theirs"));
    let theirs = Shared {
        lineage: ids(get("theirs-lineage")).join(""),
        name: "Theirs".into(),
        lead: "Bo".into(),
        template: TemplateRef::Custom { hash },
        template_source: Some(source.into()),
        state: their_state.clone(),
        changed_by: pairs(get("theirs-by")).into_iter().collect(),
        checkpoints: ids(get("theirs-checkpoints"))
            .into_iter()
            .map(checkpoint)
            .collect(),
        sources: sources(get("theirs-sources"), &their_state.values),
        overrides: ids(get("theirs-overrides")).into_iter().collect(),
    };
    let me: String = match given.get("me") {
        Some(json) => serde_json::from_str(json).unwrap_or_else(|e| panic!("me: {json}: {e}")),
        None => String::new(),
    };
    let plan = plan_merge(&mine, &theirs, template);
    let conflicts: Vec<String> = plan
        .merge
        .conflicts
        .iter()
        .map(|c| c.field.clone())
        .collect();
    let mut out = vec![format!(
        "plan: {}; taken {}; conflicts {}",
        if plan.with_ancestor {
            "ancestor"
        } else {
            "no ancestor"
        },
        list(plan.merge.taken.clone(), " "),
        list(conflicts, " ")
    )];
    let decide: BTreeMap<String, String> = pairs(get("decide")).into_iter().collect();
    let decided: Vec<Option<Option<Value>>> = plan
        .merge
        .conflicts
        .iter()
        .map(|c| {
            decide.get(&c.field).map(|d| match d.as_str() {
                "mine" => c.mine.clone(),
                "theirs" => c.theirs.clone(),
                v => token(v),
            })
        })
        .collect();
    match finish_merge(&mine, &theirs, template, &plan, &decided, &me) {
        Err(e) => out.push(format!("refused: {e}")),
        Ok(d) => {
            // What finish_merge never touches.
            assert_eq!(
                (
                    &d.id,
                    &d.name,
                    &d.template,
                    d.revision,
                    d.created_ms,
                    d.updated_ms,
                    d.total
                ),
                (&mine.id, &mine.name, &mine.template, 5, 1, 7, 4)
            );
            let values = d
                .values
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Text(t) => t.clone(),
                        Value::Check(true) => "[x]".into(),
                        Value::Check(false) => "[ ]".into(),
                        other => format!("{other:?}"),
                    };
                    format!("{k}={v}")
                })
                .collect();
            out.push(format!("values: {}", list(values, ", ")));
            out.push(format!(
                "na: {}",
                list(d.na.iter().cloned().collect(), ", ")
            ));
            let by = d
                .changed_by
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            out.push(format!("by: {}", list(by, ", ")));
            let provenance = [
                "mine-sources",
                "theirs-sources",
                "mine-overrides",
                "theirs-overrides",
            ];
            if provenance.iter().any(|k| given.contains_key(*k)) {
                let srcs = d
                    .sources
                    .iter()
                    .map(|(k, s)| format!("{k}={}", s.file))
                    .collect();
                out.push(format!("sources: {}", list(srcs, ", ")));
                out.push(format!(
                    "overrides: {}",
                    list(d.overrides.iter().cloned().collect(), " ")
                ));
            }
            let lineage = if d.lineage.is_empty() {
                "-"
            } else {
                &d.lineage
            };
            out.push(format!("lineage: {lineage}"));
            let ids = d.checkpoints.iter().map(|c| c.id.clone()).collect();
            out.push(format!("checkpoints: {}", list(ids, " ")));
            out.push(format!("filled: {}", d.filled));
        }
    }
    out
}

/// Merge decisions, one case per block of `tests/fixtures/merge-decisions.txt`.
#[test]
fn merge_decision_cases() {
    let template = report_engine::parse(DECISIONS_TEMPLATE);
    let names: Vec<&str> = template.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["OWNER", "UPTIME", "NOTES", "task:reviewed"]);
    let path = fixtures("merge-decisions.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut blessed = Vec::new();
    let mut failures = Vec::new();
    let mut cases = 0;
    for block in text.trim_end().split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        if !lines.iter().any(|l| l.starts_with("case:")) {
            blessed.push(block.to_string());
            continue;
        }
        cases += 1;
        let mut given = BTreeMap::new();
        let mut kept = Vec::new();
        let mut expected = Vec::new();
        for line in lines {
            let key = line.split_once(':').map_or(line, |(k, _)| k);
            if EXPECTED_KEYS.contains(&key) {
                expected.push(line.to_string());
                continue;
            }
            kept.push(line.to_string());
            if let Some((k, v)) = line.split_once(':') {
                if !line.starts_with('#') {
                    given.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
        }
        let actual = decide_case(&given, &template);
        if actual != expected {
            failures.push(format!(
                "{}\n--- expected\n{}\n--- actual\n{}",
                given["case"],
                expected.join("\n"),
                actual.join("\n")
            ));
        }
        kept.extend(actual);
        blessed.push(kept.join("\n"));
    }
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, blessed.join("\n\n") + "\n").unwrap();
        return;
    }
    assert!(cases >= 15, "merge-decisions.txt lost its cases");
    assert_all(failures);
}

/// Import as new: everything of theirs, a name that does not clash, `filled` counted.
#[test]
fn import_as_new_copies_the_received_draft() {
    let s = sample();
    let template = report_engine::parse(s.template_source.as_deref().unwrap());
    for (taken, lead, name) in [
        (false, "QA", "Weekly, QA pass"),
        (true, "QA", "Weekly, QA pass (from QA)"),
        (true, "", "Weekly, QA pass"),
    ] {
        let mut theirs = s.clone();
        theirs.lead = lead.into();
        let d = import_as_new(&theirs, &template, "new-id".into(), 99, taken);
        assert_eq!(d.name, name);
        assert_eq!(
            (d.id.as_str(), d.created_ms, d.updated_ms, d.revision),
            ("new-id", 99, 99, 0)
        );
        assert_eq!(d.template, s.template);
        assert_eq!(d.template_title, "Weekly");
        assert_eq!(d.state(), s.state);
        assert_eq!(d.lineage, "lin-1");
        assert_eq!(d.changed_by, s.changed_by);
        assert_eq!(d.checkpoints, s.checkpoints);
        // The template has one field, OWNER; what else arrived is kept but not counted.
        assert_eq!((d.filled, d.total), (1, 1));
        assert_eq!(d.filled, count_filled(&template, &s.state));
    }
    // A built-in keeps the hash it was sent with, even if this editor's text differs.
    let mut builtin = s.clone();
    builtin.template = TemplateRef::Builtin {
        id: "staging-deployment-report".into(),
        hash: "0123456789abcdef".into(),
    };
    builtin.template_source = None;
    let t = report_engine::parse(
        report_engine::builtin("staging-deployment-report")
            .unwrap()
            .source,
    );
    let d = import_as_new(&builtin, &t, "b".into(), 1, false);
    assert_eq!(d.template, builtin.template);
    assert_eq!(d.total, t.fields().len());
}

#[test]
fn missing_decisions_are_undecided_and_extra_ones_ignored() {
    assert_eq!(
        MergeError::Undecided { left: 3 }.to_string(),
        "decide every conflict first (3 left)"
    );
    let theirs = sample();
    let template = report_engine::parse(theirs.template_source.as_deref().unwrap());
    let mut mine = Draft::new("m".into(), &theirs.template.key(), &template, "M".into(), 1);
    mine.values.set("OWNER", Value::Text("Cy".into()));
    let plan = plan_merge(&mine, &theirs, &template);
    assert_eq!(plan.merge.conflicts.len(), 1);
    assert!(!plan.with_ancestor);
    assert_eq!(
        finish_merge(&mine, &theirs, &template, &plan, &[], "me"),
        Err(MergeError::Undecided { left: 1 })
    );
    let take = Some(plan.merge.conflicts[0].theirs.clone());
    let extra = [take.clone(), None, Some(None)];
    let merged = finish_merge(&mine, &theirs, &template, &plan, &extra, "me").unwrap();
    assert_eq!(
        merged,
        finish_merge(&mine, &theirs, &template, &plan, &[take], "me").unwrap()
    );
    assert_eq!(
        merged.values.get("OWNER"),
        Some(&Value::Text("Dana".into()))
    );
    assert_eq!(
        merged.changed_by.get("OWNER").map(String::as_str),
        Some("QA")
    );
}
