//! Optional YAML front matter: per-field label, kind, required, options, help, default,
//! unit, rows. It is split off by hand (a `---` line at the very top, closed by `---` or
//! `...`) so byte offsets stay exact, and read by [`crate::yaml`], a YAML subset reader.
//! Every problem is a diagnostic.
//!
//! Whose front matter it is decides what the filled report keeps:
//! - **ours** (not in the output): it has a `fields:` key and no `report:` key, or its only
//!   keys are `title` / `report` (the form the editor has always read):
//!   ```yaml
//!   ---
//!   title: Weekly ops report
//!   fields:
//!     AGENTS_P95: { label: Agents p95 latency, kind: number, unit: ms, help: From Grafana }
//!   ---
//!   ```
//! - **the document's** (kept in the output): any other keys (`author:`, `layout:`, …).
//!   Our settings then live under one key, `report:`, which alone is left out of the output:
//!   ```yaml
//!   ---
//!   title: RFC 42
//!   author: (name of the main author)
//!   report: { implicit: true, fields: { author: { required: false } } }
//!   ---
//!   ```

use crate::model::{Diagnostic, Kind, Severity, Template};
use crate::results::{Key, Locator, JUNIT_STATS};
use crate::yaml::{self, Entry, Node};
use std::collections::BTreeMap;
use std::ops::Range;

/// The most rows a table-rows field may start with (`rows:`).
pub const MAX_START_ROWS: usize = 200;

/// The raw front matter: its text and the line it starts on (1-based, of the first YAML line).
pub(crate) struct FrontMatter {
    pub(crate) text: String,
    first_line: usize,
    /// Byte offset of `text` in the source.
    text_start: usize,
}

const FIELD_KEYS: &[&str] = &[
    "label", "kind", "required", "options", "help", "default", "unit", "rows", "compute",
    "decimals", "from",
];
/// Most decimal places `decimals:` may ask for.
pub const MAX_DECIMALS: u8 = 10;
/// Keys of our settings when the front matter is ours (the form read before `report:`).
const TOP_KEYS: &[&str] = &["title", "fields"];
/// Keys inside `report:`.
const REPORT_KEYS: &[&str] = &["title", "fields", "implicit"];
/// The key that holds our settings inside a document's own front matter.
pub(crate) const REPORT_KEY: &str = "report";

/// Front matter read: whose it is, our settings, and what the output leaves out.
pub(crate) struct Read {
    /// The front matter belongs to the document and is kept in the filled report.
    pub doc: bool,
    /// Byte range of the `report:` entry in the source (left out of the output).
    pub cut: Option<Range<usize>>,
    /// `report: { implicit: … }`: look for places to fill without placeholders.
    pub implicit: Option<bool>,
    /// The YAML did not read (implicit places may still be found in its lines).
    pub failed: bool,
    /// Our settings, with the keys they may use, and the line of the YAML they start on.
    settings: Vec<Entry>,
    known: &'static [&'static str],
    /// The document's own `title:`, which names the report unless our settings do.
    pub doc_title: Option<String>,
    first_line: usize,
    /// The YAML text (a formula's column is found on its line).
    text: String,
}

impl Read {
    fn none(fm: &FrontMatter) -> Read {
        Read {
            doc: false,
            cut: None,
            implicit: None,
            failed: false,
            settings: Vec::new(),
            known: TOP_KEYS,
            doc_title: None,
            first_line: fm.first_line,
            text: fm.text.clone(),
        }
    }
}

/// Splits front matter from the body. Returns it (if any) and the body's byte offset.
pub(crate) fn split(
    source: &str,
    bom: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<FrontMatter>, usize) {
    let rest = &source[bom..];
    let first_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    if rest[..first_end].trim_end() != "---" {
        return (None, 0);
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < rest.len() {
        let end = rest[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(rest.len());
        let l = rest[pos..end].trim_end();
        if l == "---" || l == "..." {
            let text = rest[first_end..pos].to_string();
            return (
                Some(FrontMatter {
                    text,
                    first_line: 2,
                    text_start: bom + first_end,
                }),
                bom + end,
            );
        }
        pos = end;
        line += 1;
    }
    diagnostics.push(Diagnostic {
        severity: Severity::Error,
        line: 1,
        column: 1,
        message: format!(
            "front matter starts on line 1 but has no closing `---` (checked {} lines); it is read as ordinary text",
            line - 1
        ),
    });
    (None, 0)
}

/// Reads front matter: decides whose it is and finds our settings. Problems with the YAML
/// itself are reported here; problems with settings when they are applied.
pub(crate) fn read(fm: &FrontMatter, diagnostics: &mut Vec<Diagnostic>) -> Read {
    let mut read = Read::none(fm);
    let doc = match yaml::parse(&fm.text) {
        Ok(d) => d,
        Err(e) => {
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                line: fm.first_line + e.line - 1,
                column: e.column,
                message: format!(
                    "front matter is not valid YAML: {}; it is ignored",
                    e.message
                ),
            });
            read.failed = true;
            return read;
        }
    };
    let Node::Map(top) = doc else {
        if doc != Node::Null {
            diagnostics.push(warning(
                fm.first_line,
                "front matter must be a mapping of keys (`title:`, `fields:`); it is ignored"
                    .into(),
            ));
        }
        return read;
    };
    let has = |k: &str| top.iter().any(|e| e.key == k);
    let only_ours = top.iter().all(|e| e.key == "title" || e.key == REPORT_KEY);
    if !has(REPORT_KEY) && (has("fields") || only_ours) {
        read.settings = top;
        return read;
    }
    read.doc = !only_ours;
    let starts = line_starts(&fm.text);
    for (i, e) in top.iter().enumerate() {
        if e.key == "title" {
            if let Node::Str(s) = &e.value {
                read.doc_title = Some(s.trim().to_string()).filter(|s| !s.is_empty());
            }
        }
        if e.key != REPORT_KEY {
            continue;
        }
        let from = starts.get(e.line - 1).copied().unwrap_or(fm.text.len());
        let to = top
            .get(i + 1)
            .and_then(|n| starts.get(n.line - 1).copied())
            .unwrap_or(fm.text.len());
        read.cut = Some(fm.text_start + from..fm.text_start + to);
        match &e.value {
            Node::Map(entries) => {
                read.settings = entries.clone();
                read.known = REPORT_KEYS;
            }
            Node::Null => {}
            _ => diagnostics.push(warning(
                fm.first_line + e.line - 1,
                "front matter `report` must map settings (`title:`, `fields:`, `implicit:`)".into(),
            )),
        }
    }
    read.settings.retain(|e| {
        if e.key != "implicit" || read.known != REPORT_KEYS {
            return true;
        }
        match e.value {
            Node::Bool(b) => read.implicit = Some(b),
            _ => diagnostics.push(warning(
                fm.first_line + e.line - 1,
                "`report.implicit` must be true or false".into(),
            )),
        }
        false
    });
    read
}

/// Byte offset of each line's start in `text`.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn warning(line: usize, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        line,
        column: 1,
        message,
    }
}

/// Applies our settings to the parsed fields, reporting anything it cannot use.
pub(crate) fn apply(t: &mut Template, read: Read, diagnostics: &mut Vec<Diagnostic>) {
    let mut diag = |line: usize, message: String| diagnostics.push(warning(line, message));
    let line = |at: usize| read.first_line + at - 1;
    let mut pending = Vec::new();
    if let Some(title) = read.doc_title {
        t.title = title;
    }
    for Entry {
        key,
        line: at,
        value,
    } in read.settings
    {
        match key.as_str() {
            "title" => match value {
                Node::Str(s) if !s.trim().is_empty() => t.title = s.trim().to_string(),
                _ => diag(line(at), "front matter `title` must be text".into()),
            },
            "fields" => {
                let Node::Map(fields) = value else {
                    diag(
                        line(at),
                        "front matter `fields` must map field names to settings".into(),
                    );
                    continue;
                };
                for Entry {
                    key: name,
                    line: at,
                    value: settings,
                } in fields
                {
                    let Some(index) = t.field_index(&name) else {
                        diag(
                            line(at),
                            format!(
                                "front matter describes `{name}`, which the template does not use"
                            ),
                        );
                        continue;
                    };
                    let Node::Map(settings) = settings else {
                        if settings != Node::Null {
                            diag(
                                line(at),
                                format!(
                                    "settings for `{name}` must be a mapping (label:, kind:, …)"
                                ),
                            );
                        }
                        continue;
                    };
                    for Entry {
                        key: sk,
                        line: sat,
                        value: sv,
                    } in settings
                    {
                        if sk == "compute" {
                            match &sv {
                                Node::Str(src) if !src.trim().is_empty() => {
                                    pending.push(crate::compute::Pending {
                                        field: index,
                                        source: src.clone(),
                                        line: line(sat),
                                        column: column_of(&read.text, sat, src),
                                    })
                                }
                                _ => diag(
                                    line(sat),
                                    format!("`{name}.compute`: must be a formula in quotes"),
                                ),
                            }
                            continue;
                        }
                        if let Err(msg) = apply_setting(t, index, &sk, &sv) {
                            diag(line(sat), format!("`{name}.{sk}`: {msg}"));
                        }
                    }
                }
            }
            other => diag(
                line(at),
                format!(
                    "unknown front matter key `{other}` (known: {}); it is ignored",
                    read.known.join(", ")
                ),
            ),
        }
    }
    for p in &pending {
        let f = &mut t.fields[p.field];
        if f.from.take().is_some() {
            diag(
                p.line,
                format!(
                    "`{}` has both `compute:` and `from:`; it is computed, not imported",
                    f.name
                ),
            );
        }
    }
    crate::compute::resolve(t, pending, diagnostics);
}

/// The 1-based column (in characters) where `src` starts on line `at` of `text`, or 1.
fn column_of(text: &str, at: usize, src: &str) -> usize {
    let line = text.split('\n').nth(at.saturating_sub(1)).unwrap_or("");
    line.find(src)
        .map(|b| line[..b].chars().count() + 1)
        .unwrap_or(1)
}

fn apply_setting(t: &mut Template, index: usize, key: &str, v: &Node) -> Result<(), String> {
    let f = &mut t.fields[index];
    match key {
        "label" => {
            f.label = scalar(v)
                .filter(|s| !s.trim().is_empty())
                .ok_or("must be text")?
        }
        "help" => f.help = Some(scalar(v).ok_or("must be text")?),
        "unit" => f.unit = Some(scalar(v).ok_or("must be text")?),
        "default" => f.default = Some(scalar(v).ok_or("must be a single value")?),
        "rows" => {
            let n = scalar(v)
                .and_then(|s| s.trim().parse::<usize>().ok())
                .filter(|n| (1..=MAX_START_ROWS).contains(n))
                .ok_or_else(|| format!("must be a whole number from 1 to {MAX_START_ROWS}"))?;
            if f.kind != Kind::TableRows {
                return Err("only table rows start with a number of rows".into());
            }
            f.rows = Some(n);
        }
        "decimals" => {
            let n = scalar(v)
                .and_then(|s| s.trim().parse::<u8>().ok())
                .filter(|n| *n <= MAX_DECIMALS)
                .ok_or_else(|| format!("must be a whole number from 0 to {MAX_DECIMALS}"))?;
            f.decimals = Some(n);
        }
        "from" => {
            if matches!(f.kind, Kind::TableRows | Kind::Checkbox | Kind::Block) {
                return Err(format!("{} cannot be imported", f.kind.describe()));
            }
            f.from = Some(locator(v)?);
        }
        "required" => match v {
            Node::Bool(b) => f.required = *b,
            _ => return Err("must be true or false".into()),
        },
        "kind" => {
            let Node::Str(name) = v else {
                return Err("must be a kind name".into());
            };
            let kind = Kind::from_name(name).ok_or_else(|| {
                let known: Vec<&str> = Kind::ALL.iter().map(|(_, s)| *s).collect();
                format!("unknown kind `{name}` (known: {})", known.join(", "))
            })?;
            // Task items, blanks and table rows are fixed by the template's structure.
            let fixed = |k: &Kind| matches!(k, Kind::TableRows | Kind::Checkbox | Kind::Blank);
            let allowed = kind == f.kind || (kind == Kind::Block && f.kind == Kind::TableRows);
            if (fixed(&kind) || fixed(&f.kind)) && !allowed {
                return Err(format!(
                    "kind `{name}` does not fit how the template uses this field (as {}); kept {}",
                    f.kind.describe(),
                    f.kind.as_str()
                ));
            }
            if kind != Kind::Status {
                f.options.clear();
            }
            f.kind = kind;
        }
        "options" => {
            let Node::List(list) = v else {
                return Err("must be a list".into());
            };
            f.options = list
                .iter()
                .map(|o| scalar(o).ok_or("options must be text"))
                .collect::<Result<_, _>>()?;
        }
        other => {
            return Err(format!(
                "unknown setting `{other}` (known: {})",
                FIELD_KEYS.join(", ")
            ))
        }
    }
    Ok(())
}

/// A single value as text (`true` and `false` included); lists, mappings and null are not.
fn scalar(v: &Node) -> Option<String> {
    match v {
        Node::Str(s) => Some(s.clone()),
        Node::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

const FROM_KEYS: &[&str] = &[
    "junit", "k6", "locust", "name", "take", "tag", "scale", "file",
];

/// Reads a `from:` setting.
fn locator(v: &Node) -> Result<Locator, String> {
    let Node::Map(entries) = v else {
        return Err(
            "must map a source to a measure, e.g. `{ junit: API Endpoints, take: tests }`".into(),
        );
    };
    let mut got: BTreeMap<&str, String> = BTreeMap::new();
    for e in entries {
        if !FROM_KEYS.contains(&e.key.as_str()) {
            return Err(format!(
                "unknown key `{}` (known: {})",
                e.key,
                FROM_KEYS.join(", ")
            ));
        }
        match &e.value {
            Node::Str(s) if !s.trim().is_empty() => got.insert(&e.key, s.trim().to_string()),
            _ => return Err(format!("`{}` must be text", e.key)),
        };
    }
    let sources: Vec<&&str> = ["junit", "k6", "locust", "name"]
        .iter()
        .filter(|k| got.contains_key(**k))
        .collect();
    if sources.len() != 1 {
        return Err("needs exactly one of `junit:`, `k6:`, `locust:` or `name:`".into());
    }
    let take = got.get("take").cloned();
    let need_take = || {
        take.clone()
            .ok_or_else(|| format!("`{}:` needs `take:`", sources[0]))
    };
    if got.contains_key("tag") && !got.contains_key("k6") {
        return Err("`tag:` is for `k6:` metrics".into());
    }
    let key = match *sources[0] {
        "junit" => {
            let stat = need_take()?.to_ascii_lowercase();
            if !JUNIT_STATS.contains(&stat.as_str()) {
                return Err(format!(
                    "`take: {stat}` is not a JUnit count (known: {})",
                    JUNIT_STATS.join(", ")
                ));
            }
            if got["junit"] == "*" {
                Key::Total { stat }
            } else {
                Key::Suite {
                    suite: got["junit"].clone(),
                    stat,
                }
            }
        }
        "k6" => Key::Metric {
            metric: got["k6"].clone(),
            tag: got.get("tag").cloned(),
            stat: need_take()?,
        },
        "locust" => Key::Row {
            row: got["locust"].clone(),
            column: need_take()?,
        },
        _ => {
            if take.is_some() {
                return Err("`name:` takes the value as it is; `take:` is not used".into());
            }
            Key::Name(got["name"].clone())
        }
    };
    let scale = match got.get("scale") {
        None => None,
        Some(s) => Some(
            s.parse::<f64>()
                .ok()
                .filter(|k| k.is_finite() && *k != 0.0)
                .ok_or("`scale:` must be a number other than 0")?,
        ),
    };
    let file = got.get("file").map(|f| f.to_lowercase());
    Ok(Locator { key, scale, file })
}
