//! Computed fields: one case per block of `tests/fixtures/formula/eval.txt` (the file's
//! head explains the format), plus properties: `parse` never panics, and the canonical
//! form of any formula parses back to itself.

use crate::oracle::{assert_all, fixtures};
use proptest::prelude::*;
use report_engine::formula::{self, EvalError, Type, Val};
use report_engine::Kind;
use std::collections::HashMap;

struct Input {
    kind: Kind,
    unit: Option<String>,
    text: String,
}

/// How fixtures label fields in `words:`: `API_PASSED` → "Api passed".
fn label(name: &str) -> String {
    let s = name.replace('_', " ").to_lowercase();
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// What happens to one case, as the fixture writes it after `=>`.
fn outcome(
    src: &str,
    inputs: &HashMap<String, Input>,
    decimals: Option<u8>,
    unit: Option<&str>,
    lines: &mut Vec<String>,
) -> String {
    let f = match formula::parse(src) {
        Ok(f) => f,
        Err(e) => return format!("syntax error at {}: {}", e.column, e.message),
    };
    assert_eq!(f.source(), src);
    let canon = f.canonical();
    let again =
        formula::parse(&canon).unwrap_or_else(|e| panic!("{src}: canonical {canon:?}: {e}"));
    assert_eq!(
        again.canonical(),
        canon,
        "{src}: the canonical form is not stable"
    );
    let refs: Vec<String> = f.refs().iter().map(|(n, c)| format!("{n}@{c}")).collect();
    lines.push(format!("refs: {}", refs.join(", ")));
    lines.push(format!("words: {}", f.in_words(&label)));
    lines.push(format!("canonical: {canon}"));
    let ty = match f.check(&|name| {
        inputs
            .get(name)
            .map(|i| report_engine::compute::type_of(&i.kind))
    }) {
        Ok(t) => t,
        Err(e) => return format!("type error at {}: {}", e.column, e.message),
    };
    lines.push(format!("type: {ty:?}").to_lowercase());
    let mut read = HashMap::new();
    for (name, i) in inputs {
        if i.text.is_empty() {
            continue;
        }
        match report_engine::compute::read_value(&i.kind, i.unit.as_deref(), &i.text) {
            Ok(v) => {
                read.insert(name.clone(), v);
            }
            Err(m) => return format!("unreadable {name}: {m}"),
        }
    }
    match f.eval(&|name| read.get(name).cloned()) {
        Ok(v) => {
            assert!(
                v.ty() == ty || (ty == Type::Text && v.ty() == Type::Number),
                "{src}: checked as {ty:?}, evaluated to {v:?}"
            );
            if let Val::Num { n, .. } = v {
                assert!(n.is_finite(), "{src}: {v:?}");
            }
            formula::format(&v, decimals, unit)
        }
        Err(EvalError::Waiting(names)) => format!("waiting {}", names.join(", ")),
        Err(EvalError::Invalid {
            field: Some(f),
            message,
        }) => format!("invalid {f}: {message}"),
        Err(EvalError::Invalid {
            field: None,
            message,
        }) => format!("invalid: {message}"),
    }
}

#[test]
fn formula_cases() {
    let text = std::fs::read_to_string(fixtures("formula/eval.txt")).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        if lines.is_empty() {
            continue;
        }
        n += 1;
        let mut src = None;
        let mut inputs = HashMap::new();
        let mut decimals = None;
        let mut unit = None;
        let mut expected = None;
        let mut checks = Vec::new();
        for line in &lines {
            if let Some(rest) = line.strip_prefix("=> ") {
                expected = Some(rest.to_string());
            } else if let Some(rest) = line.strip_prefix("formula: ") {
                src = Some(rest.to_string());
            } else if let Some(rest) = line.strip_prefix("decimals: ") {
                decimals = Some(rest.trim().parse::<u8>().unwrap());
            } else if let Some(rest) = line.strip_prefix("unit: ") {
                unit = Some(rest.to_string());
            } else if ["refs:", "words:", "canonical:", "type:"]
                .iter()
                .any(|p| line.starts_with(p))
            {
                checks.push(line.to_string());
            } else {
                // NAME: kind [unit] text
                let (name, rest) = line
                    .split_once(": ")
                    .or_else(|| line.strip_suffix(':').map(|n| (n, "")))
                    .unwrap_or_else(|| panic!("cannot read {line:?}"));
                let rest = rest.trim_start();
                let (kind, rest) = rest.split_once(' ').unwrap_or((rest, ""));
                let kind = Kind::from_name(kind).unwrap_or_else(|| panic!("kind in {line:?}"));
                let (unit, text) = match rest.strip_prefix('[') {
                    Some(r) => {
                        let (u, t) = r.split_once(']').unwrap();
                        (Some(u.to_string()), t.strip_prefix(' ').unwrap_or(t))
                    }
                    None => (None, rest),
                };
                inputs.insert(
                    name.to_string(),
                    Input {
                        kind,
                        unit,
                        text: text.to_string(),
                    },
                );
            }
        }
        let src = src.unwrap_or_else(|| panic!("no formula in {block:?}"));
        let expected = expected.unwrap_or_else(|| panic!("no `=>` in {block:?}"));
        let mut got_lines = Vec::new();
        let got = outcome(&src, &inputs, decimals, unit.as_deref(), &mut got_lines);
        if got != expected {
            failures.push(format!(
                "{src}\n  expected => {expected}\n  got      => {got}"
            ));
        }
        for c in checks {
            let key = c.split(':').next().unwrap();
            let actual = got_lines
                .iter()
                .find(|l| l.starts_with(&format!("{key}:")))
                .cloned()
                .unwrap_or_else(|| format!("{key}: (not reached)"));
            if actual != c {
                failures.push(format!("{src}\n  expected {c}\n  got      {actual}"));
            }
        }
    }
    assert!(n >= 100, "formula/eval.txt lost its cases ({n})");
    assert_all(failures);
}

#[test]
fn limits() {
    let long = "1+".repeat(1000) + "1";
    assert_eq!(
        formula::parse(&long).unwrap_err().column,
        formula::MAX_LEN + 1
    );
    let deep = "(".repeat(200) + "1" + &")".repeat(200);
    assert!(formula::parse(&deep).unwrap_err().message.contains("nests"));
    let neg = "-".repeat(500) + "1";
    assert!(formula::parse(&neg).unwrap_err().message.contains("nests"));
    let nots = "not ".repeat(300) + "true";
    assert!(formula::parse(&nots).unwrap_err().message.contains("nests"));
    let chain = "A".to_string() + &" + A".repeat(100);
    assert!(formula::parse(&chain)
        .unwrap_err()
        .message
        .contains("nests"));
    let calls = "abs(".repeat(100) + "1" + &")".repeat(100);
    assert!(formula::parse(&calls)
        .unwrap_err()
        .message
        .contains("nests"));
    // Just inside the limits.
    assert!(formula::parse(&("(".repeat(60) + "1" + &")".repeat(60))).is_ok());
    assert!(formula::parse(&("A".to_string() + &" + A".repeat(60))).is_ok());
}

#[test]
fn formats() {
    let num = |n: f64, p: &str, s: &str| Val::Num {
        n,
        prefix: p.into(),
        suffix: s.into(),
    };
    let cases: &[(Val, Option<u8>, Option<&str>, &str)] = &[
        (num(94.0, "", ""), Some(1), None, "94.0"),
        (num(2.0 / 3.0, "", ""), None, None, "0.67"),
        (num(0.5, "", ""), None, None, "0.5"),
        (num(-0.001, "", ""), None, None, "0"),
        (num(-0.0, "", ""), Some(2), None, "0.00"),
        (num(-5.0, "$", ""), None, None, "-$5"),
        (num(85.0, "", "ms"), None, Some("ms"), "85"),
        (num(85.0, "", "ms"), None, Some(" MS "), "85"),
        (num(85.0, "", " s"), None, Some("ms"), "85 s"),
        (num(1200.0, "$", ""), Some(2), Some("$"), "1200.00"),
        (num(1.005, "", ""), Some(2), None, "1.01"),
        (num(1e21, "", ""), None, None, "1000000000000000000000"),
        (num(f64::NAN, "", ""), None, None, ""),
        (num(f64::INFINITY, "", ""), Some(1), None, ""),
        (Val::Bool(true), None, None, "true"),
        (Val::Text("x".into()), Some(2), None, "x"),
        (Val::Time(0.0), None, None, "1970-01-01T00:00Z"),
        (Val::Time(-60.0), None, None, "1969-12-31T23:59Z"),
        (Val::Time(f64::NAN), None, None, ""),
    ];
    let mut failures = Vec::new();
    for (v, d, u, want) in cases {
        let got = formula::format(v, *d, *u);
        if got != *want {
            failures.push(format!(
                "format({v:?}, {d:?}, {u:?}) = {got:?}, want {want:?}"
            ));
        }
    }
    assert_all(failures);
}

#[test]
fn kinds_have_types() {
    for (kind, name) in Kind::ALL {
        let t = report_engine::compute::type_of(&kind);
        let want = match name {
            "integer" | "number" | "percent" | "currency" | "duration" => Type::Number,
            "date" | "datetime" => Type::Time,
            "checkbox" => Type::Bool,
            _ => Type::Text,
        };
        assert_eq!(t, want, "{name}");
    }
}

/// Random formulas from the grammar (with field names A, B, C).
fn formula_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (0u32..2000).prop_map(|n| n.to_string()),
        (0u32..100, 1u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        "[a-z \"'\\\\]{0,6}"
            .prop_map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))),
        prop_oneof![Just("true"), Just("false"), Just("A"), Just("B"), Just("C")]
            .prop_map(String::from),
    ];
    leaf.prop_recursive(6, 48, 4, |inner| {
        let op = prop_oneof![
            Just("or"),
            Just("and"),
            Just("<"),
            Just("<="),
            Just(">"),
            Just(">="),
            Just("="),
            Just("!="),
            Just("&"),
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
        ];
        let func = prop_oneof![
            Just("round"),
            Just("min"),
            Just("max"),
            Just("sum"),
            Just("avg"),
            Just("abs"),
            Just("hours"),
            Just("text"),
            Just("signed"),
            Just("coalesce"),
            Just("IF"),
        ];
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("-{a}")),
            inner.clone().prop_map(|a| format!("not {a}")),
            (func, prop::collection::vec(inner, 1..4))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
        ]
    })
}

fn any_val() -> impl Strategy<Value = Option<Val>> {
    prop_oneof![
        Just(None),
        (-1e3f64..1e3, prop_oneof![Just(""), Just("ms"), Just(" s")]).prop_map(|(n, s)| Some(
            Val::Num {
                n,
                prefix: String::new(),
                suffix: s.to_string()
            }
        )),
        Just(Some(Val::num(0.0))),
        Just(Some(Val::num(1e308))),
        Just(Some(Val::Text("x".into()))),
        any::<bool>().prop_map(|b| Some(Val::Bool(b))),
        (0f64..2e9).prop_map(|t| Some(Val::Time(t))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics(s in "\\PC{0,80}") {
        if let Err(e) = formula::parse(&s) {
            prop_assert!(e.column >= 1 && e.column <= s.chars().count() + 1, "{s:?}: {e}");
        }
    }

    #[test]
    fn parse_never_panics_on_near_formulas(s in "[A-C0-9 ().,+*/<>=!&'\"\\\\-]{0,40}|(if|round|sum|not|and|or|e|_|[(),]){0,20}") {
        let _ = formula::parse(&s);
    }

    #[test]
    fn canonical_round_trips_and_eval_never_panics(
        s in formula_text(),
        a in any_val(), b in any_val(), c in any_val(),
    ) {
        let f = formula::parse(&s);
        // Generated formulas are grammatical unless they chain comparisons or nest too deep.
        let Ok(f) = f else { return Ok(()) };
        let canon = f.canonical();
        let g = formula::parse(&canon).map_err(|e| TestCaseError::fail(format!("{s} → {canon}: {e}")))?;
        prop_assert_eq!(g.canonical(), canon.clone());
        prop_assert_eq!(g.refs().len(), f.refs().len());
        let _ = f.in_words(&|n| n.to_lowercase());
        let _ = f.check(&|n| Some(match n { "A" => Type::Number, "B" => Type::Text, _ => Type::Time }));
        let vals = [("A", a), ("B", b), ("C", c)];
        let get = |n: &str| vals.iter().find(|(k, _)| *k == n).and_then(|(_, v)| v.clone());
        let r = f.eval(&get);
        let r2 = g.eval(&get);
        // Messages quote the source, which differs; the outcome does not.
        let same = match (&r, &r2) {
            (Err(EvalError::Invalid { field: x, .. }), Err(EvalError::Invalid { field: y, .. })) => x == y,
            (x, y) => x == y,
        };
        prop_assert!(same, "{} → {:?}, {} → {:?}", s, r, canon, r2);
        if let Ok(Val::Num { n, .. }) = r {
            prop_assert!(n.is_finite());
        }
        if let Ok(v) = &r {
            let _ = formula::format(v, Some(2), Some("ms"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn read_value_never_panics(s in "\\PC{0,30}|[-+$€0-9., :TZsmh]{0,24}", unit in prop::option::of("[ a-z$%]{0,3}")) {
        for (kind, _) in Kind::ALL {
            if let Ok(v) = report_engine::compute::read_value(&kind, unit.as_deref(), &s) {
                if let Val::Num { n, .. } | Val::Time(n) = v {
                    prop_assert!(n.is_finite(), "{s:?} as {kind:?}: {v:?}");
                }
                let _ = formula::format(&v, None, unit.as_deref());
                let _ = formula::format(&v, Some(3), None);
            }
        }
    }
}
