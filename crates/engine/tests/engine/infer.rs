//! Kind inference: every rule in `infer::RULES` has cases in `tests/fixtures/infer.txt`,
//! and each case names the rule that must decide it.

use crate::oracle::fixtures;
use report_engine::infer::{deciding_rule, RULES};

struct Case {
    line: usize,
    rule: String,
    template: String,
    field: String,
    expected: String,
}

fn load() -> Vec<Case> {
    let text = std::fs::read_to_string(fixtures("infer.txt")).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            // Split on " | " only: table pipes in templates are written `\|`.
            let parts: Vec<String> = l
                .split(" | ")
                .map(|p| p.trim().replace("\\|", "|").replace("\\n", "\n"))
                .collect();
            assert_eq!(parts.len(), 4, "infer.txt:{}: expected 4 columns", i + 1);
            Case {
                line: i + 1,
                rule: parts[0].clone(),
                template: parts[1].clone(),
                field: parts[2].clone(),
                expected: parts[3].clone(),
            }
        })
        .collect()
}

#[test]
fn every_case_gets_its_kind_from_its_rule() {
    let mut failures = Vec::new();
    for c in load() {
        let t = report_engine::parse(&format!("# Case\n{}\n", c.template));
        let Some(f) = t.field(&c.field) else {
            failures.push(format!("infer.txt:{}: no field {}", c.line, c.field));
            continue;
        };
        let kind = match &f.unit {
            Some(u) => format!("{} [{u}]", f.kind.as_str()),
            None => f.kind.as_str().to_string(),
        };
        let rule = deciding_rule(&f.name, &f.occurrences).unwrap_or("-");
        if kind != c.expected || rule != c.rule {
            failures.push(format!(
                "infer.txt:{}: {} expected {} by {}, got {kind} by {rule}",
                c.line, c.field, c.expected, c.rule
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_case() {
    let cases = load();
    let untested: Vec<&str> = RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !cases.iter().any(|c| c.rule == *id))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a case in infer.txt: {untested:?}"
    );
}
