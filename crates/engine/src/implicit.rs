//! Places to fill in templates written without placeholders: the postmortems, decision
//! records, design docs and pull-request templates teams already have. They mark what to
//! fill with empty sections, guidance (HTML comments, italic hints, blockquote notes,
//! questions), `Label:` lines, blank table cells, empty tables, prose in braces or angle
//! brackets (`{short title}`, `<package>`), lists of such prose, empty code fences and
//! prose values in the document's own front matter.
//!
//! [`discover`] finds those places; [`adopt`] writes the template again in explicit syntax
//! (`{{name}}` where each place is, guidance moved into front matter as help text). A
//! template read this way *is* its adopted form: [`crate::parse`] parses `adopt(source)`,
//! so the explicit template a team keeps gives the same form and the same report.
//!
//! When: a template with no placeholder (`{NAME}`, `{{ name }}`) is looked at this way;
//! front matter `report: { implicit: true }` or `false` turns it on or off for any template.

use crate::frontmatter;
use crate::label;
use crate::lex;
use crate::limits::MAX_FIELDS as MAX_PLACEHOLDERS;
use crate::model::{Diagnostic, Kind, Severity};
use crate::parse::{split_lines, table_roles, Line, TableRole};
pub use crate::place::{Place, PlaceKind};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// What [`discover`] found, plus problems met on the way (lines of the text as given).
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub places: Vec<Place>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The sentence the editor and the CLI show before a form built from places opens.
pub fn summary(places: &[Place]) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for p in places {
        let k = match p.kind {
            PlaceKind::Section | PlaceKind::List | PlaceKind::Fence => "empty sections",
            PlaceKind::Table | PlaceKind::Cell => "tables",
            PlaceKind::Label => "labels",
            PlaceKind::Prose | PlaceKind::FrontMatter | PlaceKind::Heading => "hints",
        };
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let what = match kinds.len() {
        0 => String::new(),
        1 => kinds[0].to_string(),
        n => format!("{} and {}", kinds[..n - 1].join(", "), kinds[n - 1]),
    };
    let n = places.len();
    format!(
        "No placeholders: {n} {} to fill found in {what}",
        if n == 1 { "place" } else { "places" }
    )
}

/// Line classes of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cls {
    Blank,
    Heading(u8),
    /// Part of an HTML comment that starts a line.
    Comment,
    /// A fence line or a line inside a fenced block.
    Fence,
    Table(TableRole),
    /// A paragraph that only guides the writer (italic hint, blockquote note, question, prose
    /// in braces or parentheses, TBD).
    Guide,
    /// A link reference definition (`[summary]: #summary`): not shown.
    Def,
    Text,
}

struct Scan<'a> {
    source: &'a str,
    /// Labels of link reference definitions (`[label]: url`), lower-case: `[label]` is a link.
    refs: HashSet<String>,
    lines: Vec<Line>,
    /// Line number (1-based) of `lines[0]`.
    first: usize,
    cls: Vec<Cls>,
    eol: &'static str,
    places: Vec<Place>,
    diagnostics: Vec<Diagnostic>,
    /// Lines already claimed by a place (no second place on them).
    claimed: HashSet<usize>,
}

impl<'a> Scan<'a> {
    fn text(&self, i: usize) -> &'a str {
        &self.source[self.lines[i].start..self.lines[i].end]
    }

    /// The start of the line after line `i` (its end with the line ending).
    fn next_start(&self, i: usize) -> usize {
        self.lines
            .get(i + 1)
            .map(|l| l.start)
            .unwrap_or(self.source.len())
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        i: usize,
        kind: PlaceKind,
        label: String,
        help: Option<String>,
        range: Range<usize>,
        prefix: &'static str,
        suffix: &'static str,
    ) -> &mut Place {
        self.claimed.insert(i);
        self.places.push(Place {
            line: self.first + i,
            kind,
            name: String::new(),
            label,
            help: help.filter(|h| !h.is_empty()),
            optional: false,
            options: Vec::new(),
            rows: 0,
            range,
            prefix,
            suffix,
            key: String::new(),
        });
        self.places.last_mut().expect("just pushed")
    }
}

/// Finds the places to fill in `source`. `taken` are names the template already uses;
/// generated names avoid them. Never fails; at most [`MAX_PLACEHOLDERS`] places.
pub fn discover(source: &str, taken: &HashSet<String>) -> Discovery {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut scratch = Vec::new();
    let (front, body_start) = frontmatter::split(source, bom, &mut scratch);
    let read = front.as_ref().map(|f| frontmatter::read(f, &mut scratch));
    let lines = split_lines(source, body_start);
    let first = split_lines(&source[..body_start], 0).len() + 1;
    let eol = if source[body_start..].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let refs = lines
        .iter()
        .filter_map(|l| {
            let t = source[l.start..l.end].trim_start();
            let rest = t.strip_prefix('[')?;
            let close = rest.find("]:")?;
            Some(rest[..close].trim().to_lowercase())
        })
        .collect();
    let mut scan = Scan {
        source,
        refs,
        cls: Vec::with_capacity(lines.len()),
        lines,
        first,
        eol,
        places: Vec::new(),
        diagnostics: Vec::new(),
        claimed: HashSet::new(),
    };
    classify(&mut scan);
    let optional = optional_sections(&scan);
    sections(&mut scan, &optional);
    tables(&mut scan);
    fences(&mut scan);
    lists(&mut scan);
    lines_in_text(&mut scan);
    if let Some(r) = read.as_ref().filter(|r| r.doc || r.failed) {
        front_matter(&mut scan, body_start, r.cut.clone());
    }
    for p in &mut scan.places {
        let section_optional = p
            .line
            .checked_sub(scan.first)
            .and_then(|i| optional.get(i).copied());
        if p.kind != PlaceKind::FrontMatter && section_optional == Some(true) {
            p.optional = true;
        }
    }
    scan.places.sort_by_key(|p| p.range.start);
    // Overlapping places (should not happen) keep the first.
    let mut end = 0;
    scan.places.retain(|p| {
        let keep = p.range.start >= end || p.range.is_empty() && p.range.start == end;
        if keep {
            end = end.max(p.range.end);
        }
        keep
    });
    if scan.places.len() > MAX_PLACEHOLDERS {
        scan.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            line: scan.places[MAX_PLACEHOLDERS].line,
            column: 1,
            message: format!(
                "{} places to fill found; only the first {MAX_PLACEHOLDERS} are kept",
                scan.places.len()
            ),
        });
        scan.places.truncate(MAX_PLACEHOLDERS);
    }
    name_places(&mut scan.places, taken);
    Discovery {
        places: scan.places,
        diagnostics: scan.diagnostics,
    }
}

/// Gives each place a `{{name}}`: from its label, unique, except that the same prose
/// written twice is one field.
fn name_places(places: &mut [Place], taken: &HashSet<String>) {
    let mut used: HashSet<String> = taken.clone();
    let mut prose: HashMap<String, String> = HashMap::new();
    let mut next: HashMap<String, usize> = HashMap::new();
    for p in places.iter_mut() {
        if p.kind == PlaceKind::Prose && !p.key.is_empty() {
            if let Some(name) = prose.get(&p.key) {
                p.name = name.clone();
                continue;
            }
        }
        let base = slug(&p.label);
        let mut name = base.clone();
        // Where to go on counting for this base: many places of one label stay linear.
        let n = next.entry(base.clone()).or_insert(2);
        while used.contains(&name) {
            name = format!("{base}_{n}");
            *n += 1;
        }
        used.insert(name.clone());
        if p.kind == PlaceKind::Prose && !p.key.is_empty() {
            prose.insert(p.key.clone(), name.clone());
        }
        p.name = name;
    }
}

/// A label as a placeholder name: lower-case words joined by `_`, at most 40 characters.
fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        if out.len() >= 40 {
            if let Some(p) = out.rfind('_').filter(|&p| p >= 16) {
                out.truncate(p);
            }
            break;
        }
    }
    let out = out.trim_end_matches('_').to_string();
    match out.chars().next() {
        None => "field".into(),
        Some(c) if c.is_ascii_digit() => format!("_{out}"),
        Some(_) => out,
    }
}

#[allow(clippy::needless_range_loop)] // lines, roles and classes share one index
fn classify(s: &mut Scan) {
    let roles = table_roles(s.source, &s.lines);
    let n = s.lines.len();
    let mut fence: Option<(u8, usize)> = None;
    let mut comment_from: Option<usize> = None;
    for i in 0..n {
        let t = s.text(i);
        let c = if let Some((fc, fl)) = fence {
            if matches!(lex::fence(t), Some((c2, n2)) if c2 == fc && n2 >= fl && t.trim().bytes().all(|b| b == fc))
            {
                fence = None;
            }
            Cls::Fence
        } else if comment_from.is_some() {
            if t.contains("-->") {
                comment_from = None;
            }
            Cls::Comment
        } else if let Some(f) = lex::fence(t) {
            fence = Some(f);
            Cls::Fence
        } else if t.trim().is_empty() {
            Cls::Blank
        } else if let Some((level, _)) = lex::heading(t) {
            Cls::Heading(level)
        } else if let Some((role, _)) = &roles[i] {
            Cls::Table(*role)
        } else if is_reference_definition(t) {
            Cls::Def
        } else if t.trim_start().starts_with("<!--") && t.len() - t.trim_start().len() < 4 {
            // The comment (an HTML block) runs to the line that holds `-->`.
            if !t[t.find("<!--").unwrap_or(0) + 4..].contains("-->") {
                comment_from = Some(i);
            }
            Cls::Comment
        } else {
            Cls::Text
        };
        s.cls.push(c);
    }
    if let Some(start) = comment_from {
        s.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            line: s.first + start,
            column: 1,
            message: "this HTML comment is never closed with `-->`, so everything after it is hidden in the report; no places are looked for after it".into(),
        });
    }
    // Paragraphs (runs of text lines) that only guide the writer.
    let mut i = 0;
    while i < n {
        if s.cls[i] != Cls::Text {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && s.cls[i] == Cls::Text {
            i += 1;
        }
        let para: Vec<&str> = (start..i).map(|k| s.text(k)).collect();
        let after_colon = (0..start)
            .rev()
            .find(|&k| s.cls[k] != Cls::Blank)
            .is_some_and(|k| s.cls[k] == Cls::Guide && s.text(k).trim_end().ends_with(':'));
        let placeholders = para.iter().any(|l| !lex::placeholders(l).0.is_empty());
        if is_guidance(&para) || is_instruction(&para) || (after_colon && !placeholders) {
            for k in start..i {
                s.cls[k] = Cls::Guide;
            }
        }
    }
}

fn is_reference_definition(line: &str) -> bool {
    let t = line.trim_start();
    line.len() - t.len() < 4
        && t.starts_with('[')
        && t.find("]:").is_some_and(|p| !t[1..p].contains(['[', ']']))
}

/// A paragraph written for the person filling the template, not for the report.
fn is_guidance(lines: &[&str]) -> bool {
    if lines.iter().any(|l| !lex::placeholders(l).0.is_empty()) {
        return false;
    }
    let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    let t = joined.trim();
    if lines.iter().all(|l| l.trim_start().starts_with('>')) {
        return true;
    }
    if is_list_item(lines[0]) {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    if matches!(
        lower.trim_matches(|c: char| c == '*' || c == '_' || c == '.'),
        "tbd" | "todo" | "" | "…" | "n/a"
    ) {
        return true;
    }
    let wrapped = |open: char, close: char| {
        t.starts_with(open)
            && t.ends_with(close)
            && t.len() > 2
            && !t[1..t.len() - 1].contains(close)
    };
    let italic = (t.starts_with('*')
        && !t.starts_with("**")
        && t.ends_with('*')
        && !t.ends_with("**"))
        || (t.starts_with('_') && !t.starts_with("__") && t.ends_with('_') && !t.ends_with("__"));
    let question = lines.len() <= 3 && t.ends_with('?');
    (italic && t.len() > 2)
        || question
        || wrapped('(', ')')
        || (wrapped('{', '}') && !t.starts_with("{{") && prose_text(&t[1..t.len() - 1]))
        || (wrapped('[', ']') && prose_text(&t[1..t.len() - 1]))
}

/// Words that start an instruction to the writer ("Describe…", "Why…?", "One paragraph…").
const INSTRUCTION_WORDS: &[&str] = &[
    "add",
    "example",
    "attach",
    "briefly",
    "clarify",
    "consider",
    "define",
    "delete",
    "describe",
    "detail",
    "discuss",
    "document",
    "elaborate",
    "enter",
    "enumerate",
    "explain",
    "fill",
    "give",
    "how",
    "identify",
    "if",
    "include",
    "indicate",
    "insert",
    "justify",
    "link",
    "list",
    "mention",
    "note",
    "one",
    "outline",
    "paste",
    "please",
    "propose",
    "provide",
    "remove",
    "replace",
    "specify",
    "state",
    "summarise",
    "summarize",
    "tell",
    "think",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "write",
];

/// A paragraph (or list) of instructions: a question, or a sentence that starts with an
/// instruction word; no task items, placeholders or `Label:` lines (those stay fields).
fn is_instruction(lines: &[&str]) -> bool {
    if lines.iter().any(|l| {
        lex::task_marker(l).is_some()
            || !lex::placeholders(l).0.is_empty()
            || label_line(l).is_some()
            || list_marker(l).is_some_and(|m| prose_item(l[m..].trim()))
    }) {
        return false;
    }
    let joined = lines
        .iter()
        .map(|l| {
            let m = list_marker(l).unwrap_or(0);
            format!("{}.", l[m..].trim())
        })
        .collect::<Vec<_>>()
        .join(" ");
    // A question, or words that address the writer.
    let lower = format!(" {} ", joined.to_lowercase());
    if joined.contains('?')
        || [" this section", " you ", " your ", " you'", " e.g. "]
            .iter()
            .any(|cue| lower.contains(cue))
    {
        return true;
    }
    joined
        .split(['.', '!', ':', ';'])
        .filter_map(|sentence| sentence.split_whitespace().next())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
        })
        .any(|w| INSTRUCTION_WORDS.contains(&w.as_str()))
}

fn is_list_item(line: &str) -> bool {
    list_marker(line).is_some()
}

/// The byte length of a list marker with its space (`- `, `* `, `12. `), if the line is one.
fn list_marker(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let t = &line[indent..];
    let b = t.as_bytes();
    let m = if matches!(b.first(), Some(b'-' | b'*' | b'+')) {
        1
    } else {
        let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 || d > 9 || !matches!(b.get(d), Some(b'.' | b')')) {
            return None;
        }
        d + 1
    };
    match b.get(m) {
        Some(b' ' | b'\t') => Some(indent + m + 1),
        // An empty item: `1.` alone on its line (not `-`, which may underline a heading).
        None if m > 1 || indent > 0 => Some(indent + m),
        _ => None,
    }
}

/// For each line, whether its section is marked optional (`(Optional)` in a heading above
/// it, or an HTML comment saying "optional" right before or under such a heading).
#[allow(clippy::needless_range_loop)] // lines and classes share one index
fn optional_sections(s: &Scan) -> Vec<bool> {
    let n = s.lines.len();
    let mut out = vec![false; n];
    let mut stack: Vec<(u8, bool)> = Vec::new();
    for i in 0..n {
        if let Cls::Heading(level) = s.cls[i] {
            while stack.last().is_some_and(|(l, _)| *l >= level) {
                stack.pop();
            }
            let title = s.text(i).to_ascii_lowercase();
            let comment_says = |k: usize| {
                s.cls[k] == Cls::Comment && s.text(k).to_ascii_lowercase().contains("optional")
            };
            let before = (0..i)
                .rev()
                .find(|&k| s.cls[k] != Cls::Blank)
                .is_some_and(comment_says);
            let under = (i + 1..n)
                .take_while(|&k| matches!(s.cls[k], Cls::Blank | Cls::Comment))
                .any(comment_says);
            let own = title.contains("optional") || before || under;
            let inherited = stack.last().is_some_and(|(_, o)| *o);
            stack.push((level, own || inherited));
        }
        out[i] = stack.last().is_some_and(|(_, o)| *o);
    }
    out
}

/// Empty and guidance-only sections.
fn sections(s: &mut Scan, optional: &[bool]) {
    let n = s.lines.len();
    let headings: Vec<usize> = (0..n)
        .filter(|&i| matches!(s.cls[i], Cls::Heading(_)))
        .collect();
    for (h, &i) in headings.iter().enumerate() {
        let Cls::Heading(level) = s.cls[i] else {
            continue;
        };
        let end = headings.get(h + 1).copied().unwrap_or(n);
        let body = i + 1..end;
        if !body
            .clone()
            .all(|k| matches!(s.cls[k], Cls::Blank | Cls::Comment | Cls::Guide | Cls::Def))
        {
            continue;
        }
        if end < n && matches!(s.cls[end], Cls::Heading(l) if l > level) {
            // A group of sub-sections, unless its guidance asks for text of its own
            // ("Describe why…", a question, `[A short summary.]`).
            let guide: Vec<&str> = (i + 1..end)
                .filter(|&k| matches!(s.cls[k], Cls::Comment | Cls::Guide))
                .map(|k| s.text(k))
                .collect();
            if guide.is_empty() || !asks_for_text(&help_text(&guide), &guide) {
                continue;
            }
        }
        let title = lex::heading(s.text(i)).map(|(_, t)| t).unwrap_or("");
        let label = section_label(title);
        if label.is_empty() {
            continue;
        }
        let mut guide: Vec<usize> = body
            .filter(|&k| !matches!(s.cls[k], Cls::Blank | Cls::Def))
            .collect();
        // A comment right above the next heading is about that heading ("optional").
        while end < n
            && guide.last().is_some_and(|&k| {
                s.cls[k] == Cls::Comment && k + 1 == end && s.text(k).contains("<!--")
            })
        {
            guide.pop();
        }
        let (range, prefix, suffix, help) = match (guide.first(), guide.last()) {
            (Some(&a), Some(&b)) => {
                let help = help_text(&(a..=b).map(|k| s.text(k)).collect::<Vec<_>>());
                (s.lines[a].start..s.lines[b].end, "", "", Some(help))
            }
            _ => {
                // After the heading (and a reference definition right under it).
                let mut after = i;
                while after + 1 < end && s.cls[after + 1] == Cls::Def {
                    after += 1;
                }
                let at = s.next_start(after);
                if at == s.lines[after].end {
                    (at..at, dbl(s.eol), "", None)
                } else {
                    (at..at, s.eol, s.eol, None)
                }
            }
        };
        let p = s.push(i, PlaceKind::Section, label, help, range, prefix, suffix);
        p.optional = optional[i];
        for k in guide {
            s.claimed.insert(k);
        }
    }
}

fn dbl(eol: &str) -> &'static str {
    if eol == "\r\n" {
        "\r\n\r\n"
    } else {
        "\n\n"
    }
}

/// A heading's text as a label: Markdown marks, "(Optional)" and a trailing colon removed.
fn section_label(title: &str) -> String {
    let mut t = label::plain(title);
    for marker in ["(Optional)", "(optional)", "[Optional]", "[optional]"] {
        t = t.replace(marker, "");
    }
    label::plain(&t)
}

/// Guidance that asks the writer for this section's own text: a question, a sentence that
/// starts "Describe", "Explain", "Summarize", "Provide", "Write", "Outline" or "This
/// section is for", or prose in brackets.
fn asks_for_text(help: &str, raw: &[&str]) -> bool {
    let first = raw
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && *l != "<!--");
    if first.is_some_and(|l| l.starts_with('[') || l.starts_with('{')) {
        return true;
    }
    let lower = help.to_ascii_lowercase();
    help.contains('?')
        || lower.contains("this section is for")
        || lower
            .split(['.', '!', ':', ';'])
            .filter_map(|s| s.split_whitespace().next())
            .any(|w| {
                matches!(
                    w,
                    "describe"
                        | "explain"
                        | "summarize"
                        | "summarise"
                        | "provide"
                        | "write"
                        | "outline"
                )
            })
}

/// Guidance as help text: comment marks, quote marks, emphasis and wrapping removed.
fn help_text(lines: &[&str]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in lines {
        let mut t = l.trim().replace("<!--", " ").replace("-->", " ");
        while let Some(rest) = t.trim_start().strip_prefix('>') {
            t = rest.to_string();
        }
        let mut t = t.trim();
        for mark in ['*', '_'] {
            if t.len() > 2
                && t.starts_with(mark)
                && t.ends_with(mark)
                && !t.starts_with(&format!("{mark}{mark}"))
            {
                t = t[1..t.len() - 1].trim();
            }
        }
        if !t.is_empty() {
            parts.push(t.to_string());
        }
    }
    let joined = parts.join(" ");
    let mut t = joined.trim();
    for (o, c) in [("{", "}"), ("(", ")"), ("[", "]"), ("*", "*"), ("_", "_")] {
        if t.len() > 2 && t.starts_with(o) && t.ends_with(c) {
            t = t[1..t.len() - 1].trim();
        }
    }
    let mut out: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 400 {
        out = out.chars().take(399).collect::<String>() + "…";
    }
    out
}

/// Key–value cells, empty tables and trailing empty rows.
fn tables(s: &mut Scan) {
    let n = s.lines.len();
    let mut i = 0;
    while i < n {
        if s.cls[i] != Cls::Table(TableRole::Header) {
            i += 1;
            continue;
        }
        let header = i;
        let mut end = i + 2;
        while end < n && s.cls[end] == Cls::Table(TableRole::Row) {
            end += 1;
        }
        i = end;
        let headers: Vec<String> = lex::table_cells(s.text(header))
            .iter()
            .map(|(_, c)| label::plain(c))
            .collect();
        let rows: Vec<usize> = (header + 2..end).collect();
        let empty = |s: &Scan, r: usize| {
            lex::table_cells(s.text(r))
                .iter()
                .all(|(_, c)| c.trim().is_empty())
        };
        // Rows whose only text is the same in every row (`| Q (who): A (who): |   |`) are a
        // pattern for rows to write, not keys.
        let patterned = rows.len() > 1 && {
            let texts: Vec<String> = rows
                .iter()
                .map(|&r| {
                    lex::table_cells(s.text(r))
                        .iter()
                        .map(|(_, c)| c.trim().to_string())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
            texts.iter().all(|t| t == &texts[0])
        };
        let trailing = if patterned {
            rows.len()
        } else {
            rows.iter().rev().take_while(|&&r| empty(s, r)).count()
        };
        let table_label = {
            let joined = headers
                .iter()
                .filter(|h| !h.is_empty())
                .cloned()
                .collect::<Vec<_>>();
            table_title(s, header).unwrap_or_else(|| joined.join(", "))
        };
        // `| SRE Lead |   | Developer Lead |   |` as the header: a key–value row itself.
        let header_cells = lex::table_cells(s.text(header));
        let header_kv = header_cells.iter().enumerate().any(|(c, (_, t))| {
            t.trim().is_empty() && c > 0 && !header_cells[c - 1].1.trim().is_empty()
        });
        if headers.iter().all(|h| h.is_empty()) && rows.is_empty() {
            continue;
        }
        if !header_kv && (trailing > 0 || rows.is_empty()) {
            let (range, prefix) = if rows.is_empty() {
                let at = s.lines[header + 1].end;
                (at..at, s.eol)
            } else {
                let first = rows[rows.len() - trailing];
                (s.lines[first].start..s.lines[end - 1].end, "")
            };
            let count = trailing.max(1);
            let help = (patterned && !rows.is_empty())
                .then(|| format!("Rows like: {}", s.text(rows[0]).trim()));
            let p = s.push(
                header,
                PlaceKind::Table,
                table_label,
                help,
                range,
                prefix,
                "",
            );
            p.rows = count;
            if count > frontmatter::MAX_START_ROWS {
                let line = p.line;
                s.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    line,
                    column: 1,
                    message: format!(
                        "the table has {count} empty rows; its grid starts with {}",
                        frontmatter::MAX_START_ROWS
                    ),
                });
            }
        }
        let kv_rows = header_kv
            .then_some(header)
            .into_iter()
            .chain(rows[..rows.len() - trailing].iter().copied());
        let headers: Vec<String> = if header_kv { Vec::new() } else { headers };
        for r in kv_rows.collect::<Vec<_>>() {
            let cells = lex::table_cells(s.text(r));
            for (c, (range, text)) in cells.iter().enumerate() {
                let options = if c > 0 && !cells[c - 1].1.trim().is_empty() {
                    choice_list(text)
                } else {
                    Vec::new()
                };
                if !text.trim().is_empty() && options.is_empty() {
                    continue;
                }
                let key = cells[..c]
                    .iter()
                    .rev()
                    .map(|(_, t)| label::plain(t))
                    .find(|t| !t.is_empty());
                let column = headers.get(c).filter(|h| !h.is_empty());
                let label = match (key, column) {
                    // In a key–value table a value sits right of its key.
                    (Some(_), _) if header_kv && cells[c - 1].1.trim().is_empty() => continue,
                    (Some(key), Some(h)) if headers.len() > 2 && !key.eq_ignore_ascii_case(h) => {
                        format!("{key}, {h}")
                    }
                    (Some(key), _) => key,
                    // A row without a key (but not empty: empty rows are rows to add):
                    // the column names the cell.
                    (None, Some(h)) if !empty(s, r) => h.clone(),
                    (None, _) => continue,
                };
                let start = s.lines[r].start;
                let p = s.push(
                    r,
                    PlaceKind::Cell,
                    label,
                    None,
                    start + range.start..start + range.end,
                    " ",
                    " ",
                );
                p.options = options;
            }
        }
    }
}

/// Choices written out in a cell: `New, Ongoing, or Close`, `Minor, Major, Critical`.
fn choice_list(text: &str) -> Vec<String> {
    let t = text.trim();
    if !t.contains(',') {
        return Vec::new();
    }
    let parts: Vec<String> = t
        .split(',')
        .map(|p| {
            let p = p.trim();
            p.strip_prefix("or ").unwrap_or(p).trim().to_string()
        })
        .collect();
    let ok = (2..=6).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && !p.contains(' ')
                && p.chars().next().is_some_and(char::is_uppercase)
                && p.chars().all(char::is_alphabetic)
        });
    if ok {
        parts
    } else {
        Vec::new()
    }
}

/// The section heading or `Label:` line just above a table, as the table's label.
fn table_title(s: &Scan, header: usize) -> Option<String> {
    (0..header)
        .rev()
        .find(|&k| !matches!(s.cls[k], Cls::Blank | Cls::Comment | Cls::Guide))
        .and_then(|k| match s.cls[k] {
            Cls::Heading(_) => lex::heading(s.text(k)).map(|(_, t)| section_label(t)),
            Cls::Text => label_line(s.text(k)).map(|l| l.label),
            _ => None,
        })
        .filter(|l| !l.is_empty())
}

/// Empty fenced code blocks.
fn fences(s: &mut Scan) {
    let n = s.lines.len();
    let mut i = 0;
    while i < n {
        if s.cls[i] != Cls::Fence || lex::fence(s.text(i)).is_none() {
            i += 1;
            continue;
        }
        let open = i;
        let (fc, fl) = lex::fence(s.text(i)).expect("a fence");
        let mut close = None;
        let mut k = i + 1;
        while k < n && s.cls[k] == Cls::Fence {
            let t = s.text(k);
            if matches!(lex::fence(t), Some((c2, n2)) if c2 == fc && n2 >= fl && t.trim().bytes().all(|b| b == fc))
            {
                close = Some(k);
                break;
            }
            k += 1;
        }
        let Some(close) = close else {
            break;
        };
        i = close + 1;
        if !(open + 1..close).all(|k| s.text(k).trim().is_empty()) {
            continue;
        }
        let info = s.text(open).trim().trim_start_matches(fc as char).trim();
        let label = if info.is_empty() {
            (0..open)
                .rev()
                .find(|&k| !matches!(s.cls[k], Cls::Blank | Cls::Comment))
                .and_then(|k| match s.cls[k] {
                    Cls::Heading(_) => lex::heading(s.text(k)).map(|(_, t)| section_label(t)),
                    _ => Some(label::plain(s.text(k))),
                })
                .unwrap_or_default()
        } else {
            humanize_words(info.split_whitespace().next().unwrap_or(info))
        };
        let label = if label.is_empty() {
            "Code block".to_string()
        } else {
            label
        };
        let at = s.lines[open + 1].start;
        let range = at..s.lines[close].start;
        let suffix = if s.eol == "\r\n" { "\r\n" } else { "\n" };
        s.push(open, PlaceKind::Fence, label, None, range, "", suffix);
    }
}

/// `release-note` → "Release note".
fn humanize_words(s: &str) -> String {
    let words: String = s
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut cs = words.trim().chars();
    cs.next()
        .map(|f| f.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// Lists whose items are all prose placeholders (`* {title of option 1}`, `* …`).
fn lists(s: &mut Scan) {
    let n = s.lines.len();
    let mut i = 0;
    while i < n {
        let item = |s: &Scan, k: usize| -> bool {
            if s.cls[k] != Cls::Text {
                return false;
            }
            let t = s.text(k);
            let Some(m) = list_marker(t) else {
                return false;
            };
            prose_item(t[m..].trim())
        };
        if !item(s, i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && item(s, i) {
            i += 1;
        }
        let tokens = prose_tokens(&s.text(start).replace('`', "")).len();
        let first = s.text(start);
        let nested_empty = first.len() > first.trim_start().len()
            && list_marker(first).is_some_and(|m| first[m..].trim().is_empty());
        if i - start < 2 && tokens < 2 && !nested_empty {
            continue;
        }
        let items: Vec<&str> = (start..i).map(|k| s.text(k).trim()).collect();
        let parent = nested_empty
            .then(|| {
                (0..start)
                    .rev()
                    .find(|&k| s.cls[k] == Cls::Text && list_marker(s.text(k)).is_some())
                    .map(|k| label::plain(s.text(k)))
            })
            .flatten()
            .filter(|l| !l.is_empty());
        let label = parent
            .or_else(|| section_of(s, start))
            .unwrap_or_else(|| "List".into());
        let help = format!("A list, one item per line, e.g. {}", items.join(" "));
        let range = s.lines[start].start..s.lines[i - 1].end;
        s.push(start, PlaceKind::List, label, Some(help), range, "", "");
        for k in start..i {
            s.claimed.insert(k);
        }
    }
}

/// A list item a person writes: empty, an ellipsis, or only prose placeholders with
/// punctuation between them (`{title of option 1}`, `<test>: <link to test coverage>`).
fn prose_item(rest: &str) -> bool {
    let rest = match rest.find("<!--") {
        Some(p) if rest.trim_end().ends_with("-->") => rest[..p].trim_end(),
        _ => rest,
    };
    if matches!(rest, "" | "…" | "..." | "[…]" | "[...]") {
        return true;
    }
    let plain = rest.replace('`', "");
    let tokens = prose_tokens(&plain);
    let mut left = plain.clone();
    for p in tokens.iter().rev() {
        left.replace_range(p.range.clone(), "");
    }
    !tokens.is_empty()
        && left
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, ':' | '-' | '–' | ',' | '/'))
}

/// The title of the section line `i` is in.
fn section_of(s: &Scan, i: usize) -> Option<String> {
    (0..i)
        .rev()
        .find(|&k| matches!(s.cls[k], Cls::Heading(_)))
        .and_then(|k| lex::heading(s.text(k)).map(|(_, t)| section_label(t)))
        .filter(|t| !t.is_empty())
}

/// A `Label:` line: the label, the byte where the value goes, and a parenthesised hint.
struct LabelLine {
    label: String,
    /// Byte offset (in the line) just after the colon (or after the bold mark closing it).
    value_at: usize,
    hint: Option<String>,
    /// Marked `*if applicable*`.
    optional: bool,
    /// `Yes/No` after the label.
    options: Vec<String>,
    /// What goes before the value: a space after `Label:`, `: ` after a hinted item.
    sep: &'static str,
}

/// First words of a line ending in `:` that introduces what follows instead of asking.
const LABEL_NOT: &[&str] = &[
    "add",
    "describe",
    "discuss",
    "example",
    "explain",
    "for",
    "in",
    "include",
    "list",
    "provide",
    "summarise",
    "summarize",
    "write",
];

/// Marks of an example value the writer replaces.
const EXAMPLE_MARKS: &[&str] = &["NNNN", "XXXX", "YYYY", "TBD", "TODO", "#0000", "MM/DD"];

/// A level-1 heading that names the title to write: `# Title`, `# Title (incident #)`,
/// `# Feature name`, `# Title of the incident`.
fn is_title_placeholder(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t == "title"
        || t.starts_with("title ")
        || t.starts_with("title:")
        || matches!(
            t.as_str(),
            "feature name" | "name" | "short title" | "your title"
        )
}

/// Parts of a heading the writer replaces: the title to write (`# Title`, `# KEP-NNNN:
/// Your short, descriptive title`) and masked values (`NNNN`, `MM/DD/YYYY`, `vX.Y.Z`).
fn heading_places(s: &mut Scan, i: usize) {
    let text = s.text(i);
    let Some((level, title)) = lex::heading(text) else {
        return;
    };
    let at = s.lines[i].start + (title.as_ptr() as usize - text.as_ptr() as usize);
    let mut found: Vec<(Range<usize>, String)> = masks(title)
        .into_iter()
        .map(|(r, kind)| {
            let before = title[..r.start]
                .trim_end_matches(['-', ' ', '#'])
                .rsplit([' ', '-'])
                .next()
                .unwrap_or("");
            let label = label::plain(&format!("{before} {kind}"));
            (r, capitalise(&label))
        })
        .collect();
    if let Some(c) = title.find("<!--") {
        let note = title[c + 4..].trim_start().to_ascii_lowercase();
        if ["replace", "enter", "insert", "your", "title"]
            .iter()
            .any(|w| note.starts_with(w))
        {
            let label = if level == 1 {
                "Title".to_string()
            } else {
                section_label(&title[..c])
            };
            found = vec![(0..title[..c].trim_end().len(), label)];
        }
    } else if level == 1 {
        if is_title_placeholder(title) {
            found = vec![(0..title.len(), "Title".into())];
        } else if let Some(p) = title.rfind(": ") {
            let rest = &title[p + 2..];
            if rest.to_ascii_lowercase().contains("title") {
                found.push((p + 2..title.len(), "Title".into()));
            }
        }
    }
    for (r, label) in found {
        let help = format!("The heading reads “{title}” in the template");
        s.push(
            i,
            PlaceKind::Heading,
            label,
            Some(help),
            at + r.start..at + r.end,
            "",
            "",
        );
    }
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    cs.next()
        .map(|f| f.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// Masked values a writer replaces: dates (`MM/DD/YYYY`), versions (`vX.Y.Z`), numbers
/// (`NNNN`, `XXXX`), with what they stand for.
fn masks(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let mut out: Vec<(Range<usize>, &'static str)> = Vec::new();
    for (pattern, kind) in [
        ("MM/DD/YYYY", "date"),
        ("DD/MM/YYYY", "date"),
        ("YYYY-MM-DD", "date"),
        ("vX.Y.Z", "version"),
        ("X.Y.Z", "version"),
    ] {
        for (p, _) in text.match_indices(pattern) {
            if !out.iter().any(|(r, _)| r.start <= p && p < r.end) {
                out.push((p..p + pattern.len(), kind));
            }
        }
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'N' || b[i] == b'X' {
            let c = b[i];
            let s = i;
            while i < b.len() && b[i] == c {
                i += 1;
            }
            let bounded = (s == 0 || !b[s - 1].is_ascii_alphabetic())
                && (i == b.len() || !b[i].is_ascii_alphabetic());
            if i - s >= 3 && bounded && !out.iter().any(|(r, _)| r.start <= s && s < r.end) {
                out.push((s..i, "number"));
            }
        } else {
            i += 1;
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

fn label_line(line: &str) -> Option<LabelLine> {
    let start = list_marker(line).unwrap_or(line.len() - line.trim_start().len());
    let t = line[start..].trim_end();
    let Some(colon) = t.find(':') else {
        return hinted_item(line, start, t);
    };
    let mut after = colon + 1;
    // `**Label:**` and `**Label**:`
    for close in ["**", "__", "*", "_"] {
        if t[after..].starts_with(close) {
            after += close.len();
            break;
        }
    }
    let rest = t[after..].trim();
    let lower = rest.to_ascii_lowercase();
    let if_applicable =
        lower.starts_with("*if applicable*") || lower.starts_with("_if applicable_");
    let choices: Vec<String> = if rest.contains('/')
        && rest.split('/').count() <= 4
        && rest.split('/').all(|w| {
            !w.trim().is_empty()
                && w.split_whitespace().count() == 1
                && w.trim().chars().all(char::is_alphanumeric)
        }) {
        rest.split('/').map(|w| w.trim().to_string()).collect()
    } else {
        Vec::new()
    };
    let comment = rest
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .filter(|c| !c.contains("-->"));
    let hint = if rest.is_empty() {
        None
    } else if let Some(c) = comment {
        Some(c.trim().to_string())
    } else if !choices.is_empty() {
        Some(rest.to_string())
    } else if rest.starts_with('(') && rest.ends_with(')') && !rest[1..].contains('(') {
        Some(rest[1..rest.len() - 1].trim().to_string())
    } else if if_applicable || EXAMPLE_MARKS.iter().any(|m| rest.contains(m)) {
        // An example value to replace: `Review Manager: TBD`, `Proposal: [SE-NNNN](…)`.
        Some(format!("e.g. {rest}"))
    } else {
        return None;
    };
    let label = label::plain(&t[..colon]);
    let words = label.split_whitespace().count();
    let url = t[colon..].starts_with("://");
    let first = label
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    // "In each file, write these sections:" and "Example (…):" introduce, they ask nothing.
    let instruction =
        LABEL_NOT.contains(&first.as_str()) || label.to_ascii_lowercase().contains(" write ");
    let most = if label.ends_with('?') { 12 } else { 8 };
    if words == 0
        || words > most
        || label.len() > 80
        || url
        || instruction
        || !label.chars().any(char::is_alphabetic)
    {
        return None;
    }
    Some(LabelLine {
        label,
        value_at: start + after,
        hint,
        optional: if_applicable,
        options: choices,
        sep: " ",
    })
}

/// A list item that names a value and says how to get it, with no colon:
/// `- Kernel version (run uname -a)`. The value goes after the name, as `Name: value`.
fn hinted_item(line: &str, start: usize, t: &str) -> Option<LabelLine> {
    if list_marker(line).is_none() || lex::task_marker(line).is_some() || !t.ends_with(')') {
        return None;
    }
    let open = t.rfind('(')?;
    let name = t[..open].trim_end();
    let label = label::plain(name);
    let words = label.split_whitespace().count();
    let first = label
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if words == 0
        || words > 6
        || LABEL_NOT.contains(&first.as_str())
        || INSTRUCTION_WORDS.contains(&first.as_str())
        || !label.chars().any(char::is_alphabetic)
        || label.contains(['[', '(', '`', '.'])
    {
        return None;
    }
    Some(LabelLine {
        label,
        value_at: start + name.len(),
        hint: Some(t[open + 1..t.len() - 1].trim().to_string()),
        optional: false,
        options: Vec::new(),
        sep: ": ",
    })
}

/// Labels with nothing after them and prose placeholders in text, headings and cells.
fn lines_in_text(s: &mut Scan) {
    let n = s.lines.len();
    for i in 0..n {
        if s.claimed.contains(&i) && s.cls[i] != Cls::Table(TableRole::Row) {
            continue;
        }
        let text = s.text(i);
        let start = s.lines[i].start;
        match s.cls[i] {
            Cls::Text | Cls::Heading(_) | Cls::Table(TableRole::Row) => {}
            Cls::Guide => {
                // A paragraph of prose in braces inside a section with other content.
                if !s.claimed.contains(&i) && (i == 0 || s.cls[i - 1] != Cls::Guide) {
                    let mut end = i;
                    while end + 1 < n && s.cls[end + 1] == Cls::Guide {
                        end += 1;
                    }
                    let para: Vec<&str> = (i..=end).map(|k| s.text(k)).collect();
                    let t = para.join(" ");
                    let t = t.trim();
                    if t.starts_with('{') || t.starts_with('[') {
                        let help = help_text(&para);
                        let label = short_label(&help);
                        let range = start..s.lines[end].end;
                        s.push(i, PlaceKind::Prose, label, Some(help), range, "", "");
                    }
                }
                continue;
            }
            _ => continue,
        }
        let tokens = if matches!(s.cls[i], Cls::Text | Cls::Heading(_) | Cls::Table(_)) {
            let code = lex::code_spans(text);
            let links = lex::link_destinations(text);
            prose_tokens(text)
                .into_iter()
                .filter(|p| {
                    !(text[p.range.clone()].starts_with('[')
                        && s.refs.contains(&p.text.to_lowercase()))
                })
                .filter(|p| {
                    !code
                        .iter()
                        .chain(&links)
                        .any(|r| r.start < p.range.end && p.range.start < r.end)
                })
                .collect()
        } else {
            Vec::new()
        };
        let label_of_line = if s.cls[i] == Cls::Text {
            label_line_at(s, i)
        } else {
            None
        };
        if tokens.is_empty() {
            if let Some(l) = label_of_line {
                let range = start + l.value_at..s.lines[i].end;
                let p = s.push(i, PlaceKind::Label, l.label, l.hint, range, l.sep, "");
                p.optional |= l.optional;
                if !l.options.is_empty() {
                    p.options = l.options;
                    p.help = None;
                }
            } else if matches!(s.cls[i], Cls::Heading(_)) {
                heading_places(s, i);
            }
            continue;
        }
        let line_label = label_line_prefix(text);
        let single = tokens.len() == 1;
        for p in tokens {
            let (label, help) = match &line_label {
                Some(l) if single && p.range.start >= l.1 => (l.0.clone(), Some(p.text.clone())),
                _ => (p.label(), None),
            };
            let options = p.options();
            let place = s.push(
                i,
                PlaceKind::Prose,
                label,
                if options.is_empty() { help } else { None },
                start + p.range.start..start + p.range.end,
                "",
                "",
            );
            place.options = options;
            place.key = p.text.to_lowercase();
            if p.is_help() && place.help.is_none() {
                place.help = Some(p.text.clone());
            }
        }
    }
}

/// A `Label:` line that is a place: nothing after it, and what follows is not its value
/// (a list, a table, a paragraph or a code block under it).
fn label_line_at(s: &Scan, i: usize) -> Option<LabelLine> {
    let l = label_line(s.text(i))?;
    // A line that goes on from the one above is part of its paragraph, not a label.
    if i > 0
        && s.cls[i - 1] == Cls::Text
        && !is_list_item(s.text(i))
        && label_line(s.text(i - 1)).is_none()
        && label_line_prefix(s.text(i - 1)).is_none()
    {
        return None;
    }
    let indent = |t: &str| t.len() - t.trim_start().len();
    let own = indent(s.text(i));
    let next = (i + 1..s.lines.len()).find(|&k| !matches!(s.cls[k], Cls::Blank | Cls::Comment));
    let ok = match next {
        None => true,
        Some(k) => match s.cls[k] {
            Cls::Heading(_) | Cls::Guide => true,
            Cls::Text => {
                let t = s.text(k);
                lex::is_thematic_break(t)
                    || (indent(t) <= own && label_line(t).is_some())
                    || (is_list_item(s.text(i)) && is_list_item(t) && indent(t) <= own)
            }
            _ => false,
        },
    };
    ok.then_some(l)
}

/// The label of a line that starts `Label:` and goes on: its text and where the value starts.
fn label_line_prefix(line: &str) -> Option<(String, usize)> {
    let start = list_marker(line).unwrap_or(line.len() - line.trim_start().len());
    let t = &line[start..];
    let colon = t.find(':')?;
    let label = label::plain(&t[..colon]);
    let words = label.split_whitespace().count();
    (words > 0 && words <= 6 && !label.contains(['{', '<', '[', '"']))
        .then(|| (label, start + colon + 1))
}

/// The first words of a long hint, as a label.
fn short_label(help: &str) -> String {
    let first = help
        .split(['.', ',', ';', ':', '('])
        .next()
        .unwrap_or(help)
        .trim();
    let words: Vec<&str> = first.split_whitespace().take(8).collect();
    let t = words.join(" ");
    let mut cs = t.chars();
    cs.next()
        .map(|f| f.to_uppercase().chain(cs).collect())
        .unwrap_or_else(|| "Text".into())
}

/// Prose values in the document's own front matter: `author: (name of the main author)`.
fn front_matter(s: &mut Scan, body_start: usize, cut: Option<Range<usize>>) {
    let lines = split_lines(&s.source[..body_start], 0);
    for (i, l) in lines.iter().enumerate() {
        if cut
            .as_ref()
            .is_some_and(|c| c.start <= l.start && l.start < c.end)
        {
            continue;
        }
        let t = &s.source[l.start..l.end];
        if t.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some(colon) = t.find(": ") else { continue };
        let key = &t[..colon];
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let raw = &t[colon + 1..];
        let value = raw.trim();
        let wrapped = (value.starts_with('(') && value.ends_with(')'))
            || (value.starts_with('<') && value.ends_with('>'))
            || (value.starts_with('{') && value.ends_with('}') && !value.starts_with("{{"));
        let inner = value.get(1..value.len().saturating_sub(1)).unwrap_or("");
        let choices = inner.contains('|');
        let masked =
            !wrapped && !masks(value).is_empty() && !value.starts_with(['[', '{', '|', '>']);
        let prose = wrapped
            && value.len() >= 3
            && (prose_text(inner)
                || choices && inner.chars().next().is_some_and(char::is_alphabetic));
        // `title: 'vX.Y.Z release'` is an example to replace; `(name)` says what to write.
        let (help, options) = if masked {
            (
                Some(format!("e.g. {}", value.trim_matches(['\'', '"']))),
                Vec::new(),
            )
        } else if prose {
            let text = inner.trim().to_string();
            let options = pipe_choices(&text);
            (Some(text).filter(|_| !choices), options)
        } else {
            continue;
        };
        let at = l.start + colon + 1 + (raw.len() - raw.trim_start().len());
        s.places.push(Place {
            line: i + 1,
            kind: PlaceKind::FrontMatter,
            name: String::new(),
            label: humanize_words(key),
            help,
            optional: false,
            options,
            rows: 0,
            range: at..at + value.len(),
            prefix: "\"",
            suffix: "\"",
            key: String::new(),
        });
    }
}

/// A prose placeholder in a line: `{…}`, `<…>` or `[…]` holding words, not code or HTML.
struct Prose {
    range: Range<usize>,
    /// The words inside.
    text: String,
}

impl Prose {
    fn options(&self) -> Vec<String> {
        pipe_choices(&self.text)
    }

    fn is_help(&self) -> bool {
        self.text.split_whitespace().count() > 8
    }

    fn label(&self) -> String {
        match self.options().first() {
            Some(first) => short_label(first),
            None => short_label(&self.text),
        }
    }
}

/// Choices written `proposed | accepted | …` (at least two, ellipses dropped).
fn pipe_choices(text: &str) -> Vec<String> {
    let parts: Vec<String> = text
        .split('|')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty() && !matches!(p.as_str(), "…" | "..."))
        .collect();
    if parts.len() >= 2 {
        parts
    } else {
        Vec::new()
    }
}

/// HTML element names, which `<…>` never stands for.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "br",
    "blockquote",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "samp",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "picture",
    "source",
    "video",
    "audio",
    "iframe",
    "script",
    "style",
    "svg",
    "math",
    "input",
    "label",
    "form",
    "button",
    "center",
    "font",
    "small",
    "big",
    "tt",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "figure",
    "figcaption",
    "mark",
    "q",
    "cite",
    "caption",
    "col",
    "colgroup",
    "meta",
    "link",
    "base",
    "body",
    "head",
    "html",
    "title",
    "template",
    "object",
    "embed",
    "noscript",
    "wbr",
];

/// Words a person replaces, not code: starts with a letter, no quotes or code marks.
fn prose_text(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.len() <= 400
        && t.chars().next().is_some_and(char::is_alphabetic)
        && !t.contains(['{', '}', '"', '=', '<', '>', '`', '$'])
        && !t.contains("://")
}

/// The offset of the bracket that closes the one at `t[0]` (braces nest, up to 3 deep).
fn matching(t: &str, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0;
    for (k, &c) in t.as_bytes().iter().enumerate() {
        if c == open && (open == b'{' || k == 0) {
            depth += 1;
            if depth > 3 {
                return None;
            }
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

fn prose_tokens(line: &str) -> Vec<Prose> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (open, close) = match b[i] {
            b'{' => (b'{', b'}'),
            b'<' => (b'<', b'>'),
            b'[' => (b'[', b']'),
            _ => {
                i += 1;
                continue;
            }
        };
        let prev = if i > 0 { b[i - 1] } else { b' ' };
        let Some(len) = matching(&line[i..], open, close) else {
            i += 1;
            continue;
        };
        let end = i + len;
        let inner_raw = &line[i + 1..end];
        let flat = inner_raw.replace(['{', '}'], "");
        let inner: &str = if open == b'{' { &flat } else { inner_raw };
        let next = b.get(end + 1).copied();
        if open == b'{' && !lex::placeholders(&line[i..=end]).0.is_empty() {
            i = end + 1;
            continue;
        }
        let ok = match open {
            b'{' => {
                prev != b'$'
                    && prev != b'\\'
                    && prev != b'{'
                    && next != Some(b'}')
                    && prose_text(inner)
            }
            b'<' => {
                let first = inner.split_whitespace().next().unwrap_or("");
                prose_text(inner)
                    && !inner.contains(['/', '@', ':'])
                    && !(first == inner.trim()
                        && HTML_TAGS.contains(&first.to_ascii_lowercase().as_str()))
            }
            _ => {
                let one_word = inner.len() >= 3
                    && !matches!(inner.to_ascii_lowercase().as_str(), "optional" | "required")
                    && inner.chars().all(char::is_alphabetic)
                    && inner.chars().next().is_some_and(char::is_uppercase);
                prev != b'!'
                    && prev != b']'
                    && !matches!(next, Some(b'(' | b'[' | b':'))
                    && (inner.split_whitespace().count() >= 2 || one_word)
                    && prose_text(inner)
                    && !inner.starts_with('^')
            }
        };
        if ok {
            out.push(Prose {
                range: i..end + 1,
                text: inner.trim().to_string(),
            });
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Writes `source` again in explicit syntax: each place in `places` (a subset of what
/// [`discover`] found, in any order) becomes `{{name}}`, its guidance is left out, and
/// front matter `report:` gives each field its label, help, optional, options and rows,
/// and turns implicit places off. The document's own front matter is kept as it is.
pub fn adopt(source: &str, places: &[Place]) -> String {
    adopt_named(source, places, None)
}

/// [`adopt`], naming the report `name` (say, the file's name) when the template would
/// otherwise have no title: its title heading became a place (`# Title` → `# {{title}}`)
/// or it has none.
pub fn adopt_named(source: &str, places: &[Place], name: Option<&str>) -> String {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut scratch = Vec::new();
    let (front, body_start) = frontmatter::split(source, bom, &mut scratch);
    let read = front.as_ref().map(|f| frontmatter::read(f, &mut scratch));
    let eol = if source[body_start..].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut places: Vec<&Place> = places.iter().collect();
    places.sort_by_key(|p| p.range.start);

    // Our own front matter's title carries over; a template whose title is still to be
    // written is named `name`.
    let (explicit, _) = crate::parse::parse(source);
    let title_line = explicit
        .sections()
        .iter()
        .find(|x| x.level == 1)
        .map(|x| x.line);
    let untitled = explicit.title() == crate::parse::UNTITLED
        || places
            .iter()
            .any(|p| p.kind == PlaceKind::Heading && Some(p.line) == title_line);
    let title = match &read {
        Some(r) if !r.doc && !r.failed => Some(explicit.title().to_string()),
        // The document's own `title:` names it.
        Some(r) if r.doc_title.is_some() => None,
        _ => name
            .filter(|n| untitled && !n.trim().is_empty())
            .map(str::to_string),
    };
    let mut settings = report_settings(&places, eol);
    if let Some(t) = &title {
        settings.push_str(&format!("  title: {}{eol}", quote(t)));
    }
    let mut out = String::with_capacity(source.len() + settings.len() + places.len() * 16);
    // Front matter that did not read as YAML may read once its places are placeholders.
    let reread = front
        .as_ref()
        .filter(|_| read.as_ref().is_some_and(|r| r.failed))
        .map(|_| {
            let mut fm = String::new();
            write_span(&mut fm, source, &places, 0..body_start);
            let (f, _) = frontmatter::split(&fm, bom, &mut scratch);
            f.map(|f| frontmatter::read(&f, &mut scratch))
        });
    let read = match reread {
        Some(Some(r)) if r.doc => Some(r),
        _ => read,
    };
    let doc = read.as_ref().filter(|r| r.doc);
    let pos = match doc {
        Some(r) => {
            // Keep the document's front matter; our old `report:` entry gives way to the new.
            let close = source[..body_start]
                .trim_end_matches(['\n', '\r'])
                .rfind('\n')
                .map(|p| p + 1)
                .unwrap_or(body_start);
            let cut = r.cut.clone().unwrap_or(close..close);
            write_span(&mut out, source, &places, 0..cut.start);
            write_span(&mut out, source, &places, cut.end.min(close)..close);
            out.push_str(&settings);
            out.push_str(&carry_over(&source[cut], eol));
            close
        }
        None => {
            out.push_str(&source[..bom]);
            out.push_str("---");
            out.push_str(eol);
            out.push_str(&settings);
            out.push_str("---");
            out.push_str(eol);
            body_start.max(bom)
        }
    };
    write_span(&mut out, source, &places, pos..source.len());
    out
}

/// Settings of the old `report:` entry other than `implicit` and `title` (kept after ours,
/// so the team's own settings win), as YAML lines.
fn carry_over(old: &str, eol: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in old.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let indent = line.len() - line.trim_start().len();
        if trimmed.is_empty() {
            continue;
        }
        if indent == 0 {
            continue; // the `report:` line itself
        }
        if indent <= 2 {
            let key = trimmed.trim_start().split(':').next().unwrap_or("");
            keep = key == "fields";
            if keep {
                // Our `fields:` is already open; its entries follow at the same depth.
                continue;
            }
        }
        if keep {
            out.push_str(trimmed);
            out.push_str(eol);
        }
    }
    out
}

/// Writes `source[span]` with the places inside it replaced.
fn write_span(out: &mut String, source: &str, places: &[&Place], span: Range<usize>) {
    let mut pos = span.start;
    for p in places
        .iter()
        .filter(|p| p.range.start >= span.start && p.range.end <= span.end)
    {
        if p.range.start < pos {
            continue;
        }
        out.push_str(&source[pos..p.range.start]);
        out.push_str(p.prefix);
        out.push_str("{{");
        out.push_str(&p.name);
        out.push_str("}}");
        out.push_str(p.suffix);
        pos = p.range.end;
    }
    out.push_str(&source[pos..span.end]);
}

/// The `report:` entry for the kept places.
fn report_settings(places: &[&Place], eol: &str) -> String {
    let mut out = format!("report:{eol}  implicit: false{eol}");
    let mut seen = HashSet::new();
    if places.is_empty() {
        return out;
    }
    out.push_str(&format!("  fields:{eol}"));
    for p in places {
        if !seen.insert(&p.name) {
            continue;
        }
        out.push_str(&format!("    {}:{eol}", p.name));
        out.push_str(&format!("      label: {}{eol}", quote(&p.label)));
        if let Some(h) = &p.help {
            out.push_str(&format!("      help: {}{eol}", quote(h)));
        }
        if p.optional {
            out.push_str(&format!("      required: false{eol}"));
        }
        if !p.options.is_empty() {
            let opts: Vec<String> = p.options.iter().map(|o| quote(o)).collect();
            out.push_str(&format!("      kind: status{eol}"));
            out.push_str(&format!("      options: [{}]{eol}", opts.join(", ")));
        }
        // A place named like a value (`## Date`, `Status:`, `| Severity |   |`) takes that
        // kind, as `{RELEASE_DATE}` would: the name rules look at the word alone too.
        let (kind, _) = crate::infer::infer(&format!("_{}", p.name), &[]);
        let (by_name, _) = crate::infer::infer(&p.name, &[]);
        let fits = match p.kind {
            PlaceKind::Section => {
                p.help.is_none()
                    && matches!(
                        kind,
                        Kind::Date | Kind::Datetime | Kind::Status | Kind::Duration | Kind::Url
                    )
            }
            PlaceKind::Label | PlaceKind::Cell => by_name == Kind::Text,
            _ => false,
        };
        if fits && kind != Kind::Text && p.options.is_empty() {
            out.push_str(&format!("      kind: {}{eol}", kind.as_str()));
        }
        if p.kind == PlaceKind::Table && p.rows > 1 {
            out.push_str(&format!(
                "      rows: {}{eol}",
                p.rows.min(frontmatter::MAX_START_ROWS)
            ));
        }
    }
    out
}

/// A YAML double-quoted string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_tokens_skip_code_and_html() {
        let texts =
            |l: &str| -> Vec<String> { prose_tokens(l).into_iter().map(|p| p.text).collect() };
        assert_eq!(
            texts("Title: {short title of solved problem}"),
            ["short title of solved problem"]
        );
        assert_eq!(
            texts("<package>: <what changed>"),
            ["package", "what changed"]
        );
        assert!(texts("<details> <br/> <https://x.test> {\"a\": 1} ${HOME} [link](x)").is_empty());
        assert_eq!(
            prose_tokens("{proposed | accepted | rejected}")[0].options(),
            ["proposed", "accepted", "rejected"]
        );
    }

    #[test]
    fn labels_need_nothing_after_them() {
        assert_eq!(
            label_line("**Special notes for your reviewer**:")
                .unwrap()
                .label,
            "Special notes for your reviewer"
        );
        assert_eq!(
            label_line("By: (Names)").unwrap().hint.as_deref(),
            Some("Names")
        );
        assert!(label_line("Date: 2026-12-01").is_none());
    }

    #[test]
    fn slugs_are_placeholder_names() {
        assert_eq!(slug("SRE Lead"), "sre_lead");
        assert_eq!(slug("1. Summary"), "_1_summary");
        assert_eq!(slug("—"), "field");
    }
}
