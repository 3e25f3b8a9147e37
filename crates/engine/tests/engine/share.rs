//! Hand-offs: the three-way merge (cases in `tests/fixtures/merge.txt`), the draft file and
//! share link codecs, and what they do with broken or hostile input.

use crate::oracle::fixtures;
use proptest::prelude::*;
use report_engine::share::{
    merge, Checkpoint, FieldStates, Shared, LINK_MARK, MAX_LINK_CHARS, MAX_SHARED_BYTES,
};
use report_engine::{TemplateRef, Value};

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
