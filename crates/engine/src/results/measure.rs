//! The types every reader returns, the lenient matching of [`Results::get`], and helpers
//! the readers share.

use std::fmt;

/// The deepest element nesting read in XML (JUnit files nest three or four deep).
pub const MAX_DEPTH: usize = 64;

/// What kind of file the measures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Format {
    Junit,
    K6,
    Locust,
    Csv,
    Json,
}

impl Format {
    /// The format's name for a person.
    pub fn name(&self) -> &'static str {
        match self {
            Format::Junit => "JUnit XML",
            Format::K6 => "k6 summary",
            Format::Locust => "Locust stats CSV",
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub format: Format,
    pub measures: Vec<Measure>,
}

/// One value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub key: Key,
    pub value: Cell,
}

impl Measure {
    /// The value as a number, when it is one.
    pub fn number(&self) -> Option<f64> {
        self.value.number()
    }
}

/// A value: always a number, except in plain CSV and flat JSON files, where a value that
/// does not read as a number is kept as text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Num(f64),
    Text(String),
}

impl Cell {
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Num(n) => Some(*n),
            Cell::Text(_) => None,
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Num(n) => write!(f, "{n}"),
            Cell::Text(t) => f.write_str(t),
        }
    }
}

/// Where a measure came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// JUnit: a group of tests (see the module doc) and one of `tests`, `passed`,
    /// `failures`, `errors`, `skipped`, `failed` (failures + errors), `time` (seconds).
    Suite { suite: String, stat: String },
    /// JUnit: every test in the file, with the stats of [`Key::Suite`].
    Total { stat: String },
    /// k6: metric name, the tag filter as written inside the braces
    /// (`name:GET /api/v1/agents`) or `None`, and the stat as k6 names it.
    Metric {
        metric: String,
        tag: Option<String>,
        stat: String,
    },
    /// Locust: the row (`GET /api/v1/agents`, `/api/v1/agents`, `Aggregated`) and a column
    /// as headed in the file (`Request Count`, `95%`, …) or `Failure Rate`.
    Row { row: String, column: String },
    /// Plain two-column CSV or flat JSON: the name.
    Name(String),
}

/// Why a results file cannot be read: a message for a person and, when known, the
/// 1-based line it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsError {
    pub line: Option<usize>,
    pub message: String,
}

impl ResultsError {
    pub(super) fn new(message: impl Into<String>) -> Self {
        ResultsError {
            line: None,
            message: message.into(),
        }
    }

    pub(super) fn at(line: usize, message: impl Into<String>) -> Self {
        ResultsError {
            line: Some(line),
            message: message.into(),
        }
    }
}

impl fmt::Display for ResultsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ResultsError {}

impl Results {
    /// The measure for `key`: the exact key if present, else the first that matches
    /// leniently (see the module doc).
    pub fn get(&self, key: &Key) -> Option<&Measure> {
        self.measures
            .iter()
            .find(|m| &m.key == key)
            .or_else(|| self.measures.iter().find(|m| matches(&m.key, key)))
    }

    /// Where a value came from, for a person: `suite API Endpoints, tests`,
    /// `all tests, passed`, `http_req_duration{name:GET /api/v1/agents} p(95)`,
    /// `GET /api/v1/agents, 95%`, `name X`.
    pub fn describe(key: &Key) -> String {
        match key {
            Key::Suite { suite, stat } => format!("suite {suite}, {stat}"),
            Key::Total { stat } => format!("all tests, {stat}"),
            Key::Metric { metric, tag, stat } => match tag {
                Some(t) => format!("{metric}{{{t}}} {stat}"),
                None => format!("{metric} {stat}"),
            },
            Key::Row { row, column } => format!("{row}, {column}"),
            Key::Name(n) => format!("name {n}"),
        }
    }
}

/// A name as it is matched: lower-case letters and digits only.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Two names that match leniently (never two that normalize to nothing).
pub fn same_name(a: &str, b: &str) -> bool {
    let a = normalize(a);
    !a.is_empty() && a == normalize(b)
}

fn same_stat(a: &str, b: &str) -> bool {
    let n = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')')
            .flat_map(char::to_lowercase)
            .collect()
    };
    n(a) == n(b)
}

fn same_tag(a: &Option<String>, b: &Option<String>) -> bool {
    let n = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => n(a) == n(b),
        _ => false,
    }
}

fn matches(have: &Key, want: &Key) -> bool {
    match (have, want) {
        (Key::Suite { suite: a, stat: s }, Key::Suite { suite: b, stat: t }) => {
            same_name(a, b) && same_stat(s, t)
        }
        (Key::Total { stat: s }, Key::Total { stat: t }) => same_stat(s, t),
        (
            Key::Metric {
                metric: a,
                tag: g,
                stat: s,
            },
            Key::Metric {
                metric: b,
                tag: h,
                stat: t,
            },
        ) => a == b && same_tag(g, h) && same_stat(s, t),
        (Key::Row { row: a, column: c }, Key::Row { row: b, column: d }) => {
            same_name(a, b) && (same_name(c, d) || c.trim().eq_ignore_ascii_case(d.trim()))
        }
        (Key::Name(a), Key::Name(b)) => same_name(a, b),
        _ => false,
    }
}

/// The 1-based line of byte offset `pos` (clamped to the text).
pub(super) fn line_at(bytes: &[u8], pos: usize) -> usize {
    let pos = pos.min(bytes.len());
    1 + bytes[..pos].iter().filter(|&&b| b == b'\n').count()
}

/// A number as results files write it: plain decimal, finite (`N/A`, `inf`, `NaN` are not).
pub(super) fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A CSV error as a person reads it, with its line.
pub(super) fn csv_error(e: &::csv::Error) -> ResultsError {
    let line = e.position().map(|p| p.line() as usize);
    let message = match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields; the header has {expected_len}"),
        ::csv::ErrorKind::Utf8 { .. } => "this row is not UTF-8 text".to_string(),
        _ => format!("not valid CSV: {e}"),
    };
    ResultsError { line, message }
}

/// Which measure of a results file fills a field (front matter `from:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Locator {
    pub key: Key,
    /// Multiplies the number read (front matter `scale:`).
    pub scale: Option<f64>,
    /// Only a file whose name contains this (ignoring case) fills the field (`file:`).
    pub file: Option<String>,
}

impl serde::Serialize for Locator {
    /// As `fields --json` shows it: the measure in words.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.describe())
    }
}

impl Locator {
    /// The measure in words: "JUnit suite API Endpoints, tests".
    pub fn describe(&self) -> String {
        let mut s = Results::describe(&self.key);
        if let Some(k) = self.scale {
            s.push_str(&format!(" × {k}"));
        }
        if let Some(f) = &self.file {
            s.push_str(&format!(" (from a file named *{f}*)"));
        }
        s
    }
}
