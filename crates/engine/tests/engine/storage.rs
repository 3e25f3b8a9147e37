//! Stored forms: every file in `tests/fixtures/storage/` is read by the current code.
//! `draft-*`, `index-*`, `backup-*`, `shared-*` (draft files) and `library-*` are versions this
//! code (or an older one) wrote and must load; `bad-*` files must be refused with the message
//! in their `.expect`.

use crate::oracle::{assert_all, cases, check_against};
use report_engine::draft::{plan_import, Backup, Draft, DraftIndex};
use report_engine::library::Library;
use report_engine::share::Shared;
use report_engine::{ReadError, TemplateRef, Value, Values};
use std::collections::BTreeMap;

/// Reads `json` with `from`, checks that writing it with `to` reads back the same, and
/// returns its pretty JSON form.
fn read_as<T: PartialEq + std::fmt::Debug + serde::Serialize>(
    name: &str,
    json: &str,
    from: fn(&str) -> Result<T, ReadError>,
    to: fn(&T) -> String,
) -> Result<String, String> {
    let value = from(json).map_err(|e| e.to_string())?;
    assert_eq!(from(&to(&value)).unwrap(), value, "{name}: round trip");
    Ok(serde_json::to_string_pretty(&value).unwrap())
}

/// Reads a fixture as the kind its name says; returns the text form for `.expect`.
fn read(name: &str, json: &str) -> Result<String, String> {
    let kind = name.trim_start_matches("bad-");
    if kind.starts_with("draft") {
        read_as(name, json, Draft::from_json, Draft::to_json)
    } else if kind.starts_with("index") {
        read_as(name, json, DraftIndex::from_json, DraftIndex::to_json)
    } else if kind.starts_with("backup") {
        read_as(name, json, Backup::from_json, Backup::to_json)
    } else if kind.starts_with("shared") {
        read_as(name, json, Shared::from_file, Shared::to_file)
    } else if kind.starts_with("library") {
        read_as(name, json, Library::from_json, Library::to_json)
    } else {
        panic!(
            "{name}: a storage fixture must be named draft-, index-, backup-, shared- or library- (or bad-…)"
        )
    }
}

#[test]
fn storage_fixtures() {
    let mut failures = Vec::new();
    for path in cases("storage", ".json") {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let json = std::fs::read_to_string(&path).unwrap();
        let actual = match (read(&name, &json), name.starts_with("bad-")) {
            (Ok(text), false) => text + "\n",
            (Err(msg), true) => format!("refused: {msg}\n"),
            (Ok(_), true) => {
                failures.push(format!("{name}: a bad- fixture was accepted"));
                continue;
            }
            (Err(msg), false) => {
                failures.push(format!("{name}: a stored version no longer loads: {msg}"));
                continue;
            }
        };
        failures.extend(check_against(&path.with_extension("expect"), &actual));
    }
    assert_all(failures);
}

#[test]
fn na_fields_keep_their_value_and_fill_as_na() {
    let json = std::fs::read_to_string(crate::oracle::fixtures("storage/draft-v1.json")).unwrap();
    let d = Draft::from_json(&json).unwrap();
    assert_eq!(
        d.values.get("NOTES"),
        Some(&Value::Text("kept under N/A".into()))
    );
    assert_eq!(
        d.effective_values().get("NOTES"),
        Some(&Value::NotApplicable)
    );
    assert_eq!(d.percent(), 1); // 4 of 389
}

fn draft(id: &str, name: &str, x: &str) -> Draft {
    let mut values = Values::new();
    values.set("X", Value::Text(x.into()));
    Draft {
        id: id.into(),
        name: name.into(),
        template: TemplateRef::Custom { hash: "h".into() },
        template_title: "T".into(),
        values,
        na: Default::default(),
        created_ms: 1,
        updated_ms: 2,
        revision: 1,
        filled: 1,
        total: 1,
        lineage: String::new(),
        changed_by: Default::default(),
        checkpoints: Vec::new(),
        overrides: Default::default(),
        sources: Default::default(),
    }
}

#[test]
fn import_never_overwrites_an_existing_draft() {
    let existing: BTreeMap<String, Draft> = [
        ("a".to_string(), draft("a", "Mine", "1")),
        ("b".to_string(), draft("b", "Same", "2")),
    ]
    .into();
    let incoming = vec![
        draft("a", "Theirs", "9"),   // id taken by different content: a copy
        draft("b", "Same", "2"),     // identical: skipped
        draft("c", "New", "3"),      // new: as is
        draft("c", "New twin", "4"), // same id twice in one backup: a copy
    ];
    let mut n = 0;
    let plan = plan_import(&existing, incoming, || {
        n += 1;
        // The first fresh id collides with an existing one and must be skipped.
        if n == 1 {
            "a".into()
        } else {
            format!("new{n}")
        }
    });
    let got: Vec<(&str, &str)> = plan
        .drafts
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("new2", "Theirs (copy)"),
            ("c", "New"),
            ("new3", "New twin (copy)")
        ]
    );
    assert_eq!((plan.copies, plan.skipped), (2, 1));
}

#[test]
fn index_reconciles_with_the_stored_drafts() {
    let mut index = DraftIndex::default();
    let mut a = draft("a", "A", "1");
    a.updated_ms = 10;
    index.upsert(&a);
    index.last_open = Some("gone".into());
    index.upsert(&draft("gone", "Deleted elsewhere", "1"));
    let mut b = draft("b", "B", "1");
    b.updated_ms = 20;
    // The index lost `b` (say it was corrupt and set aside); `gone` has no draft.
    let missing = index.reconcile(&[a, b]);
    assert_eq!(missing, 1);
    let ids: Vec<&str> = index.drafts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["b", "a"]);
    assert_eq!(index.last_open, None);
}

/// The library's form before the envelope and the envelope read to the same library, the
/// old form is written as the new one byte for byte, and texts survive exactly (BOM, CRLF,
/// non-ASCII, escapes).
#[test]
fn library_forms_read_the_same() {
    let read = |name: &str| {
        let json = std::fs::read_to_string(crate::oracle::fixtures(name)).unwrap();
        (Library::from_json(&json).unwrap(), json)
    };
    let (legacy, _) = read("storage/library-legacy.json");
    let (current, current_json) = read("storage/library-v1.json");
    assert_eq!(legacy, current);
    assert_eq!(
        legacy.to_json(),
        current_json,
        "migrated: written as the envelope"
    );
    assert_eq!(Library::from_json(&legacy.to_json()).unwrap(), legacy);
    assert_eq!(legacy.len(), 3);
    for t in legacy.templates() {
        assert_eq!(report_engine::content_hash(&t.source), t.hash, "{}", t.name);
    }
    let weekly = &legacy.templates()[1];
    assert!(weekly.source.starts_with('\u{feff}'), "the BOM is kept");
    assert!(
        weekly.source.contains("{{OWNER}}\r\nUptime"),
        "CRLF is kept"
    );
    assert!(weekly.name.contains("“Zürich” 🚀"));
}

/// `TemplateRef::from_key` reads the keys `TemplateRef::key` writes.
#[test]
fn template_refs_from_keys() {
    let staging = report_engine::builtin("staging-deployment-report").unwrap();
    for (key, expected) in [
        (
            "custom:0123456789abcdef",
            TemplateRef::Custom {
                hash: "0123456789abcdef".into(),
            },
        ),
        (
            "staging-deployment-report",
            TemplateRef::Builtin {
                id: "staging-deployment-report".into(),
                hash: report_engine::content_hash(staging.source),
            },
        ),
        (
            "no-such-builtin",
            TemplateRef::Builtin {
                id: "no-such-builtin".into(),
                hash: String::new(),
            },
        ),
    ] {
        let got = TemplateRef::from_key(key);
        assert_eq!(got, expected, "{key}");
        assert_eq!(got.key(), key, "{key}: key() gives it back");
    }
}

#[test]
fn a_new_draft_is_empty_and_names_its_template() {
    let source = "# Weekly ops\nOwner: {{OWNER}}\n- [ ] Reviewed\n";
    let t = report_engine::parse(source);
    let key = report_engine::library::custom_key(&report_engine::content_hash(source));
    let d = Draft::new(
        "d1".into(),
        &key,
        &t,
        "Weekly, Monday".into(),
        1_763_000_000_000,
    );
    assert_eq!(
        d,
        Draft {
            id: "d1".into(),
            name: "Weekly, Monday".into(),
            template: TemplateRef::Custom {
                hash: report_engine::content_hash(source)
            },
            template_title: "Weekly ops".into(),
            values: Values::new(),
            na: Default::default(),
            created_ms: 1_763_000_000_000,
            updated_ms: 1_763_000_000_000,
            revision: 0,
            filled: 0,
            total: 2,
            lineage: String::new(),
            changed_by: Default::default(),
            checkpoints: Vec::new(),
            overrides: Default::default(),
            sources: Default::default(),
        }
    );
    assert_eq!(d.lineage(), "d1");
    assert_eq!(d.percent(), 0);
    assert_eq!(Draft::from_json(&d.to_json()).unwrap(), d);
    let b = Draft::new(
        "d2".into(),
        "ga-day-after-action-report",
        &report_engine::parse(
            report_engine::builtin("ga-day-after-action-report")
                .unwrap()
                .source,
        ),
        "GA".into(),
        5,
    );
    assert_eq!(
        b.template,
        TemplateRef::from_key("ga-day-after-action-report")
    );
    assert!(b.total > 0);
}
