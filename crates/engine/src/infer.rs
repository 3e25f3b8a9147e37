//! Field-kind inference: one table of rules, tried in order; the first that matches any
//! use of the field decides its kind. Structure (a placeholder alone on its line) is decided
//! by the parser before these rules run, and front matter overrides all of them.

use crate::model::{Kind, Occurrence};
use std::collections::HashMap;

/// What a rule looks at.
#[derive(Debug)]
pub enum Cue {
    /// The text right before the placeholder ends with one of these (`${{COST}}`).
    Before(&'static [&'static str]),
    /// The text right after the placeholder starts with one of these units, directly or
    /// after one space, followed by a non-letter (`{X}ms`, `{X} hours`, `{X}/sec`).
    After(&'static [&'static str]),
    /// The placeholder sits in a link or image destination (`[report]({URL})`).
    LinkDestination,
    /// The field name ends with one of these suffixes (`AGENTS_P95`).
    NameSuffix(&'static [&'static str]),
    /// The placeholder sits in a table column whose header is one of these (case-insensitive,
    /// emphasis removed).
    Column(&'static [&'static str]),
}

/// One inference rule: when `cue` matches, the field is `kind`. For `Before`/`After` cues
/// the matched text becomes the field's unit.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub cue: Cue,
    pub kind: Kind,
}

/// Units recognised right after a placeholder. Longer spellings come first.
const UNITS: &[&str] = &[
    "seconds", "minutes", "hours", "days", "weeks", "req/s", "Mbps", "Gbps", "Kbps", "msec",
    "mins", "secs", "hrs", "min", "sec", "GiB", "MiB", "KiB", "TiB", "GB", "MB", "KB", "TB", "ms",
    "µs", "us", "ns", "pp", "rps", "qps", "s", "m", "h", "d", "x",
];

/// The rules, in precedence order. Every rule has a test in `tests/infer.rs`.
pub const RULES: &[Rule] = &[
    Rule {
        id: "currency-symbol-before",
        cue: Cue::Before(&["$", "€", "£"]),
        kind: Kind::Currency,
    },
    Rule {
        id: "percent-sign-after",
        cue: Cue::After(&["%"]),
        kind: Kind::Percent,
    },
    Rule {
        id: "unit-after",
        cue: Cue::After(UNITS),
        kind: Kind::Number,
    },
    Rule {
        id: "per-unit-after",
        cue: Cue::After(&["/"]),
        kind: Kind::Number,
    },
    Rule {
        id: "link-destination",
        cue: Cue::LinkDestination,
        kind: Kind::Url,
    },
    Rule {
        id: "name-url",
        cue: Cue::NameSuffix(&["_URL", "_LINK", "_HREF", "_URI"]),
        kind: Kind::Url,
    },
    Rule {
        id: "name-datetime",
        cue: Cue::NameSuffix(&["_TIMESTAMP", "_DATETIME", "_START_TIME", "_END_TIME", "_AT"]),
        kind: Kind::Datetime,
    },
    Rule {
        id: "name-date",
        cue: Cue::NameSuffix(&["_DATE", "_EXPIRY", "_DEADLINE", "_DAY"]),
        kind: Kind::Date,
    },
    Rule {
        id: "name-duration",
        cue: Cue::NameSuffix(&["_DURATION", "_DOWNTIME", "_ELAPSED", "_TIME"]),
        kind: Kind::Duration,
    },
    Rule {
        id: "name-digest",
        cue: Cue::NameSuffix(&["_SHA", "_SHA256", "_SHA1", "_DIGEST", "_CHECKSUM", "_HASH"]),
        kind: Kind::Digest,
    },
    Rule {
        id: "name-status",
        cue: Cue::NameSuffix(&["_STATUS", "_RESULT", "_DECISION", "_VERDICT", "_STATE"]),
        kind: Kind::Status,
    },
    Rule {
        id: "name-percent",
        cue: Cue::NameSuffix(&[
            "_PERCENT",
            "_PCT",
            "_RATE",
            "_AVAILABILITY",
            "_UTILIZATION",
            "_EFFICIENCY",
            "_UPTIME",
        ]),
        kind: Kind::Percent,
    },
    Rule {
        id: "name-currency",
        cue: Cue::NameSuffix(&["_COST", "_PRICE", "_AMOUNT", "_USD", "_EUR"]),
        kind: Kind::Currency,
    },
    Rule {
        id: "name-latency",
        cue: Cue::NameSuffix(&[
            "_P50", "_P75", "_P90", "_P95", "_P99", "_P999", "_LATENCY", "_MS",
        ]),
        kind: Kind::Number,
    },
    Rule {
        id: "name-count",
        cue: Cue::NameSuffix(&[
            "_COUNT",
            "_TOTAL",
            "_NUM",
            "_TESTS",
            "_PASSED",
            "_FAILED",
            "_SKIPPED",
            "_REQUESTS",
            "_ERRORS",
            "_REVISION",
        ]),
        kind: Kind::Integer,
    },
    Rule {
        id: "column-status",
        cue: Cue::Column(&["status", "result", "state", "outcome"]),
        kind: Kind::Status,
    },
    Rule {
        id: "column-latency",
        cue: Cue::Column(&["p50", "p75", "p90", "p95", "p99", "p99.9", "latency"]),
        kind: Kind::Number,
    },
    Rule {
        id: "column-count",
        cue: Cue::Column(&[
            "count", "tests", "passed", "failed", "skipped", "total", "requests", "errors",
        ]),
        kind: Kind::Integer,
    },
    Rule {
        id: "column-digest",
        cue: Cue::Column(&["digest", "sha", "checksum", "hash"]),
        kind: Kind::Digest,
    },
    Rule {
        id: "column-duration",
        cue: Cue::Column(&["duration", "mttr", "elapsed"]),
        kind: Kind::Duration,
    },
    Rule {
        id: "column-date",
        cue: Cue::Column(&["date"]),
        kind: Kind::Date,
    },
    Rule {
        id: "column-url",
        cue: Cue::Column(&["url", "link"]),
        kind: Kind::Url,
    },
    Rule {
        id: "column-percent",
        cue: Cue::Column(&["pass rate", "error rate", "success rate", "%"]),
        kind: Kind::Percent,
    },
];

/// Status values offered when the template shows none of its own.
pub const DEFAULT_STATUS_OPTIONS: &[&str] = &["✅ Pass", "⚠️ Warning", "❌ Fail"];

/// The kind (and unit, for `Before`/`After` cues) of a field, by the first matching rule.
pub(crate) fn infer(name: &str, uses: &[Occurrence]) -> (Kind, Option<String>) {
    for rule in RULES {
        if let Some(unit) = matches(rule, name, uses) {
            return (rule.kind.clone(), unit);
        }
    }
    (Kind::Text, None)
}

/// The id of the rule that decides this field, for `fields --json` and tests.
pub fn deciding_rule(name: &str, uses: &[Occurrence]) -> Option<&'static str> {
    RULES
        .iter()
        .find(|r| matches(r, name, uses).is_some())
        .map(|r| r.id)
}

/// `Some(unit)` when the rule matches: the unit for text cues, `None` inside for others.
fn matches(rule: &Rule, name: &str, uses: &[Occurrence]) -> Option<Option<String>> {
    let upper = name.to_ascii_uppercase();
    match &rule.cue {
        Cue::Before(symbols) => uses
            .iter()
            .find_map(|o| symbols.iter().find(|s| o.before.ends_with(*s)))
            .map(|s| Some(s.to_string())),
        Cue::After(units) => uses
            .iter()
            .find_map(|o| unit_after(&o.after, units))
            .map(Some),
        Cue::LinkDestination => uses.iter().any(|o| o.in_link_destination).then_some(None),
        Cue::NameSuffix(suffixes) => suffixes.iter().any(|s| upper.ends_with(s)).then_some(None),
        Cue::Column(headers) => uses
            .iter()
            .filter_map(|o| o.column_header.as_deref())
            .any(|h| headers.contains(&normalize_header(h).as_str()))
            .then_some(None),
    }
}

/// The unit at the start of `after`, if it is one of `units` (or `/word` for `["/"]`).
fn unit_after(after: &str, units: &[&str]) -> Option<String> {
    if units == ["/"] {
        let rest = after.strip_prefix('/')?;
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '.')
            .collect();
        let word = word.trim_end_matches('.');
        return (!word.is_empty()).then(|| format!("/{word}"));
    }
    for spaced in [false, true] {
        let rest = if spaced {
            match after.strip_prefix(' ') {
                Some(r) => r,
                None => continue,
            }
        } else {
            after
        };
        for unit in units {
            if spaced && unit.chars().count() == 1 && *unit != "%" {
                continue; // `{N} s` is too likely to be prose.
            }
            if let Some(tail) = rest.strip_prefix(unit) {
                if !tail.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    return Some(unit.to_string());
                }
            }
        }
    }
    None
}

/// A column header compared case-insensitively, with emphasis and code marks removed.
pub(crate) fn normalize_header(h: &str) -> String {
    h.trim()
        .trim_matches(|c| c == '*' || c == '_' || c == '`')
        .trim()
        .to_lowercase()
}

pub(crate) fn is_status_header(normalized: &str) -> bool {
    matches!(normalized, "status" | "result" | "state" | "outcome")
}

/// Options for a status field: literal values the template writes in the same column
/// (by header), then in any status-like column, then the defaults.
pub(crate) fn status_options(
    uses: &[Occurrence],
    literals: &HashMap<String, Vec<String>>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: &str| {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    };
    let own: Vec<String> = uses
        .iter()
        .filter_map(|o| o.column_header.as_deref())
        .map(normalize_header)
        .collect();
    for h in &own {
        for v in literals.get(h).into_iter().flatten() {
            add(v);
        }
    }
    if own.is_empty()
        || own
            .iter()
            .all(|h| literals.get(h).is_none_or(|l| l.is_empty()))
    {
        let mut keys: Vec<&String> = literals.keys().collect();
        keys.sort();
        for k in keys {
            for v in &literals[k] {
                add(v);
            }
        }
    }
    for v in DEFAULT_STATUS_OPTIONS {
        add(v);
    }
    out
}
