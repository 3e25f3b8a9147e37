//! Validation: per field, what is missing or wrong, in words a person can act on.

use crate::model::{Field, Kind, Template};
use crate::values::{Value, Values};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A required field has no value.
    Missing,
    /// The value does not fit the field's kind.
    Invalid,
}

/// One thing to fix before the report is complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub field: String,
    pub label: String,
    /// Index into [`Template::sections`].
    pub section: usize,
    pub kind: ProblemKind,
    pub message: String,
}

/// Every problem, in field order (which follows the template, section by section).
pub fn validate(t: &Template, values: &Values) -> Vec<Problem> {
    t.fields()
        .iter()
        .filter_map(|f| {
            check(f, values.get(&f.name)).map(|(kind, message)| Problem {
                field: f.name.clone(),
                label: f.label.clone(),
                section: f.section,
                kind,
                message,
            })
        })
        .collect()
}

/// Problems grouped by section, in template order: `(section index, problems)`.
pub fn by_section(problems: &[Problem]) -> Vec<(usize, Vec<&Problem>)> {
    let mut out: Vec<(usize, Vec<&Problem>)> = Vec::new();
    for p in problems {
        match out.iter_mut().find(|(s, _)| *s == p.section) {
            Some((_, list)) => list.push(p),
            None => out.push((p.section, vec![p])),
        }
    }
    out
}

/// What is wrong with one field's value, if anything.
pub fn check(f: &Field, value: Option<&Value>) -> Option<(ProblemKind, String)> {
    let value = value.filter(|v| v.is_filled());
    let Some(value) = value else {
        return f
            .required
            .then(|| (ProblemKind::Missing, missing_message(f)));
    };
    let invalid = |m: String| Some((ProblemKind::Invalid, m));
    match value {
        Value::NotApplicable => None,
        Value::Check(_) if f.kind == Kind::Checkbox => None,
        Value::Check(_) => invalid(format!(
            "{} takes {}, not a checkbox state",
            f.label,
            f.kind.describe()
        )),
        Value::Rows(rows) => match f.kind {
            Kind::TableRows | Kind::Block => {
                let cols = f.columns.len();
                rows.iter()
                    .enumerate()
                    .find(|(_, r)| cols > 0 && r.len() > cols)
                    .and_then(|(i, r)| {
                        invalid(format!(
                            "Row {} of {} has {} cells; the table has {} columns",
                            i + 1,
                            f.label,
                            r.len(),
                            cols
                        ))
                    })
            }
            _ => invalid(format!(
                "{} takes {}, not table rows",
                f.label,
                f.kind.describe()
            )),
        },
        Value::Text(s) => check_text(f, s.trim()).map(|m| (ProblemKind::Invalid, m)),
    }
}

fn missing_message(f: &Field) -> String {
    if let Some(c) = &f.compute {
        return format!(
            "{} is computed ({}): fill those fields first",
            f.label, c.words
        );
    }
    match f.kind {
        Kind::TableRows => format!("Add at least one row to {}", f.label),
        Kind::Block => format!("Write {}", f.label),
        Kind::Checkbox => format!("Tick {}", f.label),
        Kind::Status => format!("Choose or enter {}", f.label),
        _ => format!("Enter {}", f.label),
    }
}

fn check_text(f: &Field, v: &str) -> Option<String> {
    let got = shorten(v);
    let unit = f.unit.as_deref();
    let ok = match f.kind {
        Kind::Text | Kind::Blank | Kind::Status | Kind::Block | Kind::TableRows => true,
        Kind::Checkbox => {
            return Some(format!(
                "{} must be ticked or left empty, got '{got}'",
                f.label
            ))
        }
        Kind::Integer => is_integer(v),
        Kind::Number | Kind::Percent | Kind::Currency => {
            if let Some(u) = unit.filter(|u| v.ends_with(*u) || v.starts_with(*u)) {
                if number_len(v.trim_start_matches(u).trim_end_matches(u).trim()) > 0 {
                    return Some(format!(
                        "Leave out '{u}' in {}: the report adds it. Got '{got}'",
                        f.label
                    ));
                }
            }
            match (&f.kind, unit) {
                (_, Some(_)) => is_number(v),
                (Kind::Percent, None) => is_number(v.trim_end_matches('%').trim_end()),
                (Kind::Currency, None) => {
                    is_number(v.trim_start_matches(['$', '€', '£']).trim_start())
                }
                _ => number_len(v) > 0,
            }
        }
        Kind::Date => is_date(v),
        Kind::Datetime => is_datetime(v),
        Kind::Duration => is_duration(v),
        Kind::Url => is_url(v),
        Kind::Digest => is_digest(v),
    };
    if ok {
        return None;
    }
    let what = match (&f.kind, unit) {
        (Kind::Integer, _) => "a whole number, like 42 or 1,234".to_string(),
        (Kind::Number, Some(u)) => format!("a number of {u}, like 85"),
        (Kind::Number, None) => "a number, optionally with a unit, like 85ms".to_string(),
        (Kind::Percent, _) => "a percentage, like 99.95".to_string(),
        (Kind::Currency, _) => "an amount, like 12.50".to_string(),
        (Kind::Date, _) => "a date, like 2026-11-23".to_string(),
        (Kind::Datetime, _) => {
            "a date and time, like 2026-11-23T14:05 or 2026-11-23 14:05 UTC".to_string()
        }
        (Kind::Duration, _) => "a duration, like 45s, 4m 32s or 01:30:00".to_string(),
        (Kind::Url, _) => {
            "a link starting with https:// or http://, or a relative path".to_string()
        }
        (Kind::Digest, _) => "a hash of hex digits, like 3f2c9ab or sha256:…".to_string(),
        (k, _) => k.describe().to_string(),
    };
    Some(format!("{} must be {what}; got '{got}'", f.label))
}

fn shorten(v: &str) -> String {
    if v.chars().count() > 40 {
        format!("{}…", v.chars().take(39).collect::<String>())
    } else {
        v.to_string()
    }
}

/// Length in bytes of a number at the start of `s`: an optional comparison (`<`, `≥`, `~`),
/// sign, digits with optional thousands commas, optional decimals. 0 when there is none.
pub(crate) fn number_len(s: &str) -> usize {
    let mut rest = s;
    for p in ["<=", ">=", "<", ">", "≤", "≥", "~", "≈"] {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r.trim_start();
            break;
        }
    }
    rest = rest.strip_prefix(['+', '-', '−']).unwrap_or(rest);
    let b = rest.as_bytes();
    let run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = run(0);
    let mut digits = i;
    // Thousands separators: `1,234,567`; every group after a comma has three digits.
    if (1..=3).contains(&i) {
        while b.get(i) == Some(&b',') && run(i + 1) == 3 {
            i += 4;
            digits += 3;
        }
    }
    if digits > 0 && i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return 0;
    }
    s.len() - rest.len() + i
}

fn is_number(s: &str) -> bool {
    let n = number_len(s);
    n > 0 && n == s.len()
}

fn is_integer(s: &str) -> bool {
    is_number(s) && !s.contains('.') && !s.starts_with(['<', '>', '≤', '≥', '~', '≈'])
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|x| x.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    crate::calendar::days_in_month(y.into(), m.into())
        .is_some_and(|days| (1..=days).contains(&d.into()))
}

fn is_datetime(s: &str) -> bool {
    if s.len() < 16 || !s.is_char_boundary(10) || !is_date(&s[..10]) {
        return false;
    }
    let rest = &s[10..];
    let Some(rest) = rest.strip_prefix(['T', ' ']) else {
        return false;
    };
    let b = rest.as_bytes();
    let two = |i: usize, max: u32| {
        rest.get(i..i + 2)
            .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|x| x.parse::<u32>().ok())
            .is_some_and(|v| v <= max)
    };
    if b.len() < 5 || !two(0, 23) || b[2] != b':' || !two(3, 59) {
        return false;
    }
    let mut i = 5;
    if b.get(i) == Some(&b':') {
        if !two(i + 1, 60) {
            return false;
        }
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    let zone = rest[i..].trim();
    zone.is_empty()
        || matches!(zone, "Z" | "UTC" | "GMT")
        || (zone.len() == 6 && zone.starts_with(['+', '-']) && two_digits_colon(&zone[1..]))
}

fn two_digits_colon(z: &str) -> bool {
    let b = z.as_bytes();
    b.len() == 5
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && b[2] == b':'
        && b[3].is_ascii_digit()
        && b[4].is_ascii_digit()
}

/// `45s`, `4m 32s`, `1.5 hours`, `2h30m`, `00:04:32`, `<5s`, `~10 minutes`.
fn is_duration(s: &str) -> bool {
    let s = s
        .trim_start_matches(['<', '>', '≤', '≥', '~', '≈'])
        .trim_start();
    let clock: Vec<&str> = s.split(':').collect();
    if (2..=3).contains(&clock.len())
        && clock
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
    {
        return true;
    }
    const UNITS: &[&str] = &[
        "milliseconds",
        "millisecond",
        "seconds",
        "second",
        "minutes",
        "minute",
        "hours",
        "hour",
        "days",
        "day",
        "weeks",
        "week",
        "msec",
        "mins",
        "secs",
        "hrs",
        "min",
        "sec",
        "ms",
        "hr",
        "s",
        "m",
        "h",
        "d",
        "w",
    ];
    let mut rest = s.trim();
    let mut parts = 0;
    while !rest.is_empty() {
        let n = number_len(rest);
        if n == 0 || rest.starts_with(['-', '+', '<', '>']) {
            return false;
        }
        rest = rest[n..].trim_start();
        let Some(u) = UNITS.iter().find(|u| {
            rest.strip_prefix(**u)
                .is_some_and(|t| !t.chars().next().is_some_and(|c| c.is_alphabetic()))
        }) else {
            return false;
        };
        rest = rest[u.len()..]
            .trim_start()
            .trim_start_matches(',')
            .trim_start();
        parts += 1;
    }
    parts > 0
}

fn is_url(s: &str) -> bool {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = lower.strip_prefix(scheme) {
            return rest
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|host| !host.is_empty());
        }
    }
    s.starts_with('/') || s.starts_with("./") || s.starts_with("../") || s.starts_with('#')
}

fn is_digest(s: &str) -> bool {
    let hex = s.split_once(':').map_or(s, |(algo, h)| {
        if algo.bytes().all(|c| c.is_ascii_alphanumeric()) {
            h
        } else {
            "x"
        }
    });
    (7..=128).contains(&hex.len()) && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for ok in ["85", "1,234", "99.95", "-3", "<100", "≥ 5", "1,234.5"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["fast", "1,23", "", "1.", ".5", "12ms", "1,2345"] {
            assert!(!is_number(bad), "{bad}");
        }
        assert!(is_integer("1,234") && !is_integer("1.5") && !is_integer("<3"));
    }

    #[test]
    fn dates_and_times() {
        assert!(is_date("2026-11-23") && is_date("2024-02-29"));
        assert!(!is_date("2025-02-29") && !is_date("2026-13-01") && !is_date("23/11/2026"));
        for ok in [
            "2026-11-23T14:05",
            "2026-11-23 14:05:09 UTC",
            "2026-11-23T14:05:09.123Z",
            "2026-11-23T14:05+01:00",
        ] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in [
            "2026-11-23",
            "2026-11-23T25:00",
            "2026-11-23T14:05 PST",
            "now",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn durations_urls_digests() {
        for ok in [
            "45s",
            "4m 32s",
            "1.5 hours",
            "2h30m",
            "00:04:32",
            "<5s",
            "10 minutes",
            "3 days, 2 hours",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["soon", "5", "5 parsecs", "-3s"] {
            assert!(!is_duration(bad), "{bad}");
        }
        assert!(
            is_url("https://grafana.example/d/x?y=1") && is_url("./report.html") && is_url("#top")
        );
        assert!(!is_url("javascript:alert(1)") && !is_url("https://") && !is_url("example.com"));
        assert!(
            is_digest("3f2c9ab")
                && is_digest(
                    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                )
        );
        assert!(!is_digest("xyz") && !is_digest("3f2c"));
    }
}
