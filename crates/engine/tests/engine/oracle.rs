//! The one oracle: a compact, reviewable text form of a parsed template, and the fixture
//! plumbing (`check_against`) shared by every data-driven test.

use report_engine::{Kind, Placement, Template};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The repository's `tests/fixtures/<sub>` directory.
pub fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(sub)
}

/// Files in a fixture directory ending with `suffix`, sorted.
pub fn cases(sub: &str, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures(sub))
        .unwrap_or_else(|e| panic!("fixtures/{sub}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no fixtures in tests/fixtures/{sub}");
    v
}

/// Compares `actual` with the file at `expect_path`, or writes it when `BLESS=1`.
/// Returns a mismatch description instead of panicking so a run reports every case.
pub fn check_against(expect_path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(expect_path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(expect_path).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "--- {} differs\n--- expected\n{expected}\n--- actual\n{actual}",
            expect_path.display()
        )
    })
}

/// Fails the test listing every mismatch.
pub fn assert_all(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn placement(p: Placement) -> &'static str {
    match p {
        Placement::Inline => "inline",
        Placement::Block => "block",
        Placement::TableRows => "rows",
        Placement::Checkbox => "task",
        Placement::Blank => "blank",
    }
}

/// A text form of everything the parser decided.
pub fn describe(t: &Template) -> String {
    let mut s = String::new();
    writeln!(s, "title: {}", t.title()).unwrap();
    let outline: Vec<String> = t
        .sections()
        .iter()
        .map(|x| format!("{}:{}", x.level, x.title))
        .collect();
    writeln!(s, "sections: {}", outline.join(" | ")).unwrap();
    for f in t.fields() {
        let kind = match &f.unit {
            Some(u) => format!("{} [{u}]", f.kind.as_str()),
            None => f.kind.as_str().to_string(),
        };
        let uses: Vec<String> = f
            .occurrences
            .iter()
            .map(|o| {
                let mut u = format!("{}:{} {}", o.line, o.column, placement(o.placement));
                if let Some(h) = &o.column_header {
                    write!(u, " col={h}").unwrap();
                }
                if o.in_link_destination {
                    u.push_str(" link");
                }
                if o.in_code {
                    u.push_str(" code");
                }
                u
            })
            .collect();
        writeln!(
            s,
            "{} | {kind} | {} | \"{}\" | §{} | {}",
            f.name,
            if f.required { "required" } else { "optional" },
            f.label,
            t.sections()
                .get(f.section)
                .map(|x| x.title.as_str())
                .unwrap_or("?"),
            uses.join(", ")
        )
        .unwrap();
        if f.kind == Kind::TableRows {
            writeln!(s, "  columns: {}", f.columns.join(" | ")).unwrap();
        }
        if !f.options.is_empty() {
            writeln!(s, "  options: {}", f.options.join(" | ")).unwrap();
        }
        if let Some(h) = &f.help {
            writeln!(s, "  help: {h}").unwrap();
        }
        if let Some(d) = &f.default {
            writeln!(s, "  default: {d}").unwrap();
        }
    }
    for d in t.diagnostics() {
        writeln!(
            s,
            "! {:?} {}:{}: {}",
            d.severity, d.line, d.column, d.message
        )
        .unwrap();
    }
    s
}
