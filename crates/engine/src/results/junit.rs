//! JUnit XML: suites, classnames and describe titles as groups of tests (see the module
//! doc of `results` for which names a group gets).

use super::measure::{line_at, normalize, Cell, Key, Measure, ResultsError, MAX_DEPTH};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// Counts for a group of tests.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    tests: f64,
    failures: f64,
    errors: f64,
    skipped: f64,
    time: f64,
}

/// The counts a group of tests gives, in this order in [`Tally::measures`] (also what a
/// template's `from: { junit: …, take: … }` may name).
pub const JUNIT_STATS: [&str; 7] = [
    "tests", "passed", "failures", "errors", "skipped", "failed", "time",
];

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.tests += o.tests;
        self.failures += o.failures;
        self.errors += o.errors;
        self.skipped += o.skipped;
        self.time += o.time;
    }

    fn measures(&self, key: impl Fn(&str) -> Key, out: &mut Vec<Measure>) {
        let passed = (self.tests - self.failures - self.errors - self.skipped).max(0.0);
        let values = [
            self.tests,
            passed,
            self.failures,
            self.errors,
            self.skipped,
            self.failures + self.errors,
            // Summed times carry float noise (0.07700000000000003): nanoseconds are plenty.
            (self.time * 1e9).round() / 1e9,
        ];
        for (stat, v) in JUNIT_STATS.into_iter().zip(values) {
            out.push(Measure {
                key: key(stat),
                value: Cell::Num(v),
            });
        }
    }
}

/// Counts a suite states in its attributes (any may be missing).
#[derive(Debug, Default)]
struct Stated {
    tests: Option<f64>,
    failures: Option<f64>,
    errors: Option<f64>,
    skipped: Option<f64>,
    time: Option<f64>,
}

struct OpenSuite {
    name: String,
    stated: Stated,
    counted: Tally,
}

#[derive(Default)]
struct OpenCase {
    classname: String,
    name: String,
    time: f64,
    failure: bool,
    error: bool,
    skipped: bool,
    /// Element depth of the `<testcase>` (its children are one deeper).
    depth: usize,
    /// Byte offset of its start tag.
    at: usize,
}

/// Kinds of group, in order of precedence.
const SUITE: usize = 0;
const STEM: usize = 1;
const CLASS: usize = 2;
const CLASS_PART: usize = 3;
const DESCRIBE: usize = 4;

/// Groups of one kind in order of first appearance, and where each normalized name is.
type Kind = (Vec<(String, Tally)>, HashMap<String, usize>);

#[derive(Default)]
struct Groups {
    kinds: [Kind; 5],
}

impl Groups {
    fn add(&mut self, kind: usize, display: &str, t: &Tally) {
        let norm = normalize(display);
        if norm.is_empty() {
            return;
        }
        let (list, index) = &mut self.kinds[kind];
        match index.get(&norm) {
            Some(&i) => list[i].1.add(t),
            None => {
                index.insert(norm, list.len());
                list.push((display.to_string(), *t));
            }
        }
    }
}

pub(super) fn read(text: &str) -> Result<Vec<Measure>, ResultsError> {
    let bytes = text.as_bytes();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    reader.config_mut().expand_empty_elements = false;

    let mut open: Vec<(Vec<u8>, usize)> = Vec::new(); // element name, byte offset
    let mut suites: Vec<OpenSuite> = Vec::new();
    let mut case: Option<OpenCase> = None;
    let mut groups = Groups::default();
    let mut total = Tally::default();
    let mut root_seen = false;

    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            ResultsError::at(
                line_at(bytes, reader.error_position() as usize),
                format!("not well-formed XML: {e}"),
            )
        })?;
        let line = || line_at(bytes, pos);
        match event {
            Event::DocType(_) => {
                return Err(ResultsError::at(
                    line(),
                    "DTDs are not read: this file has a <!DOCTYPE …> declaration, which JUnit \
                     files never need (it can pull in outside files or expand entities without end)",
                ));
            }
            Event::GeneralRef(r) => {
                let known =
                    r.is_char_ref() || matches!(&*r, b"lt" | b"gt" | b"amp" | b"apos" | b"quot");
                if !known {
                    return Err(unknown_entity(line(), &String::from_utf8_lossy(&r)));
                }
                r.resolve_char_ref().map_err(|e| {
                    ResultsError::at(line(), format!("bad character reference: {e}"))
                })?;
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name().as_ref().to_vec();
                if !root_seen {
                    root_seen = true;
                    if name != b"testsuites" && name != b"testsuite" {
                        return Err(ResultsError::at(
                            line(),
                            format!(
                                "the file's root element is <{}>; a JUnit XML file starts with <testsuites> or <testsuite>",
                                String::from_utf8_lossy(&name)
                            ),
                        ));
                    }
                }
                if open.len() >= MAX_DEPTH {
                    return Err(ResultsError::at(
                        line(),
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
                let depth = open.len();
                let attrs = attributes(&reader, e, line())?;
                match name.as_slice() {
                    b"testsuite" => {
                        suites.push(OpenSuite {
                            name: attr(&attrs, "name").unwrap_or_default(),
                            stated: Stated {
                                tests: count(&attrs, "tests"),
                                failures: count(&attrs, "failures"),
                                errors: count(&attrs, "errors"),
                                skipped: count(&attrs, "skipped"),
                                time: count(&attrs, "time"),
                            },
                            counted: Tally::default(),
                        });
                        if empty {
                            close_suite(&mut suites, &mut groups, &mut total);
                        }
                    }
                    b"testcase" => {
                        if let Some(c) = &case {
                            return Err(ResultsError::at(
                                line(),
                                format!(
                                    "<testcase> opened on line {} is not closed before this <testcase>",
                                    line_at(bytes, c.at)
                                ),
                            ));
                        }
                        let c = OpenCase {
                            classname: attr(&attrs, "classname").unwrap_or_default(),
                            name: attr(&attrs, "name").unwrap_or_default(),
                            time: count(&attrs, "time").unwrap_or(0.0),
                            depth,
                            at: pos,
                            ..OpenCase::default()
                        };
                        if empty {
                            close_case(c, &mut suites, &mut groups, &mut total);
                        } else {
                            case = Some(c);
                        }
                    }
                    child => {
                        if let Some(c) = case.as_mut().filter(|c| c.depth + 1 == depth) {
                            match child {
                                b"failure" => c.failure = true,
                                b"error" => c.error = true,
                                b"skipped" => c.skipped = true,
                                _ => {}
                            }
                        }
                    }
                }
                if !empty {
                    open.push((name, pos));
                }
            }
            Event::End(_) => {
                let Some((name, _)) = open.pop() else {
                    return Err(ResultsError::at(line(), "a closing tag with nothing open"));
                };
                match name.as_slice() {
                    b"testsuite" => close_suite(&mut suites, &mut groups, &mut total),
                    b"testcase" => {
                        if let Some(c) = case.take() {
                            close_case(c, &mut suites, &mut groups, &mut total);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((name, at)) = open.last() {
        return Err(ResultsError::at(
            line_at(bytes, *at),
            format!(
                "<{}> opened here is never closed (the file ends first)",
                String::from_utf8_lossy(name)
            ),
        ));
    }
    if !root_seen {
        return Err(ResultsError::new(
            "no XML element found; a JUnit XML file starts with <testsuites> or <testsuite>",
        ));
    }

    let mut out = Vec::new();
    total.measures(|s| Key::Total { stat: s.into() }, &mut out);
    let mut emitted = std::collections::HashSet::new();
    for (list, _) in &groups.kinds {
        let mut fresh = Vec::new();
        for (display, tally) in list {
            if !emitted.contains(&normalize(display)) {
                fresh.push(normalize(display));
                tally.measures(
                    |s| Key::Suite {
                        suite: display.clone(),
                        stat: s.into(),
                    },
                    &mut out,
                );
            }
        }
        emitted.extend(fresh);
    }
    Ok(out)
}

fn unknown_entity(line: usize, name: &str) -> ResultsError {
    ResultsError::at(
        line,
        format!(
            "unknown entity &{name}; (DTDs are not read, so only &lt; &gt; &amp; &apos; &quot; and character references are known)"
        ),
    )
}

fn attributes(
    reader: &Reader<&[u8]>,
    e: &BytesStart,
    line: usize,
) -> Result<Vec<(Vec<u8>, String)>, ResultsError> {
    let mut v = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| ResultsError::at(line, format!("not well-formed XML: {err}")))?;
        let value = a
            .decode_and_unescape_value(reader.decoder())
            .map_err(|err| {
                let msg = err.to_string();
                match err {
                    quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(_, name),
                    ) => unknown_entity(line, &name),
                    _ => ResultsError::at(line, format!("not well-formed XML: {msg}")),
                }
            })?;
        v.push((a.key.local_name().as_ref().to_vec(), value.into_owned()));
    }
    Ok(v)
}

fn attr(attrs: &[(Vec<u8>, String)], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| k == name.as_bytes())
        .map(|(_, v)| v.clone())
}

/// A count or time attribute; one that is not a non-negative number counts as missing.
fn count(attrs: &[(Vec<u8>, String)], name: &str) -> Option<f64> {
    attr(attrs, name)
        .and_then(|v| super::measure::number(&v))
        .filter(|n| *n >= 0.0)
}

fn close_suite(suites: &mut Vec<OpenSuite>, groups: &mut Groups, total: &mut Tally) {
    let Some(s) = suites.pop() else { return };
    let t = Tally {
        tests: s.stated.tests.unwrap_or(s.counted.tests),
        failures: s.stated.failures.unwrap_or(s.counted.failures),
        errors: s.stated.errors.unwrap_or(s.counted.errors),
        skipped: s.stated.skipped.unwrap_or(s.counted.skipped),
        time: s.stated.time.unwrap_or(s.counted.time),
    };
    groups.add(SUITE, &s.name, &t);
    if let Some(stem) = file_stem(&s.name) {
        groups.add(STEM, &stem, &t);
    }
    if suites.is_empty() {
        total.add(&t);
    }
}

fn close_case(c: OpenCase, suites: &mut [OpenSuite], groups: &mut Groups, total: &mut Tally) {
    let t = Tally {
        tests: 1.0,
        failures: f64::from(u8::from(c.failure)),
        errors: f64::from(u8::from(!c.failure && c.error)),
        skipped: f64::from(u8::from(!c.failure && !c.error && c.skipped)),
        time: c.time,
    };
    for s in suites.iter_mut() {
        s.counted.add(&t);
    }
    if suites.is_empty() {
        // A testcase outside any suite (a bare <testsuites> of testcases) still counts.
        total.add(&t);
    }
    groups.add(CLASS, &c.classname, &t);
    let parts = class_parts(&c.classname);
    let mut seen = std::collections::HashSet::new();
    for p in parts {
        if seen.insert(normalize(&p)) {
            groups.add(CLASS_PART, &p, &t);
        }
    }
    if let Some((title, _)) = c.name.split_once(" › ") {
        groups.add(DESCRIBE, title.trim(), &t);
    }
}

/// Source-file extensions a classname or suite name can end with.
const SOURCE_EXTS: &[&str] = &[
    "ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts", "py", "rb", "go", "rs", "php", "java",
    "kt", "cs", "feature",
];

/// A suite or classname that names a file: its stem with `.spec`/`.test` and a
/// `test_`/`test-` prefix removed, words spaced (`tests/api-endpoints.spec.ts` → `api
/// endpoints`). `None` when that is not a file name or leaves nothing new.
pub(super) fn file_stem(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let (stem, ext) = base.rsplit_once('.')?;
    if !SOURCE_EXTS.contains(&ext.to_ascii_lowercase().as_str()) {
        return None;
    }
    let mut stem = stem;
    for suffix in [".spec", ".test", "_spec", "_test", "-spec", "-test"] {
        if let Some(s) = stem.strip_suffix(suffix) {
            stem = s;
            break;
        }
    }
    let stem = strip_test_prefix(stem);
    let words = stem.replace(['-', '_', '.'], " ");
    let words = words.trim();
    (!words.is_empty()).then(|| words.to_string())
}

fn strip_test_prefix(s: &str) -> &str {
    for p in ["test_", "test-", "Test_", "Test-"] {
        if let Some(rest) = s.strip_prefix(p) {
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    s
}

/// The group names a classname gives beyond itself (see the module doc, item 4).
fn class_parts(classname: &str) -> Vec<String> {
    if let Some(stem) = file_stem(classname) {
        return vec![stem];
    }
    let segments: Vec<&str> = classname.split('.').filter(|s| !s.is_empty()).collect();
    let Some((last, modules)) = segments.split_last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if segments.len() > 1 {
        out.push(words(class_name(last)));
    }
    for m in modules {
        let stripped = strip_test_prefix(m);
        if stripped.len() != m.len() {
            out.push(words(stripped));
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

/// `TestApiEndpoints` / `ApiEndpointsTest(s)` / `test_api_endpoints` → the name between.
fn class_name(s: &str) -> &str {
    let s = strip_test_prefix(s);
    if let Some(rest) = s.strip_prefix("Test") {
        if rest.starts_with(|c: char| c.is_uppercase()) {
            return rest;
        }
    }
    for suffix in ["Tests", "Test"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            if rest.ends_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
                return rest;
            }
        }
    }
    s
}

/// `ApiEndpoints` / `api_endpoints` → `Api Endpoints` / `api endpoints`.
fn words(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c == '_' || c == '-' {
            out.push(' ');
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        out.push(c);
    }
    out.trim().to_string()
}
