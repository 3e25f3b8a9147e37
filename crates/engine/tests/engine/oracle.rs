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
        if let Some(c) = &f.compute {
            let inputs: Vec<&str> = c
                .inputs
                .iter()
                .map(|&i| t.fields()[i].name.as_str())
                .collect();
            writeln!(
                s,
                "  compute: {} | in words: {} | inputs: {}",
                c.formula.source(),
                c.words,
                inputs.join(", ")
            )
            .unwrap();
        }
        if let Some(d) = f.decimals {
            writeln!(s, "  decimals: {d}").unwrap();
        }
        if let Some(l) = &f.from {
            writeln!(s, "  from: {}", l.describe()).unwrap();
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

/// Elements the safe renderer may write.
const SAFE_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "span",
    "mark",
    "code",
    "pre",
    "em",
    "strong",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "br",
];
/// Attributes the safe renderer may write.
const SAFE_ATTRS: &[&str] = &[
    "href",
    "class",
    "target",
    "rel",
    "title",
    "data-field",
    "data-anchor",
    "data-value",
    "role",
    "aria-label",
    "style",
    "start",
    "tabindex",
];

/// What is unsafe in HTML written by the safe renderer: every element and attribute must be
/// on the lists above, no attribute may be an event handler, a `style` may only align a
/// table cell, only a table may take focus (`tabindex="0"`), and a link must be `http:`,
/// `https:`, `mailto:`, a path or an anchor as a browser would read it (entities decoded,
/// tabs, newlines and controls dropped). Written independently of the renderer's own check.
/// Empty when the HTML is safe.
pub fn html_problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if html.to_ascii_lowercase().contains("<script") {
        problems.push("contains `<script`".to_string());
    }
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let Some(len) = html[start..].find('>') else {
            problems.push(format!("unclosed tag at {start}"));
            break;
        };
        let tag = &html[start + 1..start + len];
        i = start + len + 1;
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_len = tag
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = tag[..name_len].to_ascii_lowercase();
        if !SAFE_TAGS.contains(&name.as_str()) {
            problems.push(format!("element <{name}>"));
        }
        for (attr, value) in attributes(&tag[name_len..]) {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                problems.push(format!("event handler attribute {attr}"));
            } else if !SAFE_ATTRS.contains(&attr.as_str()) {
                problems.push(format!("attribute {attr} on <{name}>"));
            } else if attr == "tabindex" && (name != "table" || value != "0") {
                // Only a table, which may scroll, takes focus, in document order.
                problems.push(format!("tabindex=\"{value}\" on <{name}>"));
            } else if attr == "style"
                && !matches!(
                    value.as_str(),
                    "text-align: left" | "text-align: center" | "text-align: right"
                )
            {
                problems.push(format!("style=\"{value}\""));
            } else if attr == "href" && !safe_link(&decode_entities(&value)) {
                problems.push(format!("href=\"{value}\""));
            }
        }
    }
    problems
}

/// `name="value"` pairs of a tag's attribute text (values unquoted as written).
fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if s.is_empty() {
            return out;
        }
        let n = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = s[..n].to_string();
        s = &s[n..];
        let mut value = String::new();
        if let Some(rest) = s.strip_prefix('=') {
            let (v, after) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = rest[1..].find(q).map_or(rest.len(), |e| e + 1);
                    (&rest[1..end], rest.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = rest
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(rest.len());
                    (&rest[..end], &rest[end..])
                }
            };
            value = v.to_string();
            s = after;
        }
        out.push((name, value));
    }
}

/// A link a browser would follow without running or loading anything of the page's own:
/// read as the WHATWG URL parser does (leading and trailing C0 controls and spaces dropped,
/// tabs and line breaks removed, a scheme is a letter then letters, digits, `+`, `-` or `.`
/// up to a `:`), it has no scheme (a relative link) or `http`, `https` or `mailto`.
fn safe_link(href: &str) -> bool {
    let url: String = href
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme_len = url
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_alphabetic() || i > 0 && (c.is_ascii_digit() || "+-.".contains(c)))
        })
        .map_or(0, |(i, _)| i);
    if url[scheme_len..].starts_with(':') && scheme_len > 0 {
        let scheme = url[..scheme_len].to_ascii_lowercase();
        matches!(scheme.as_str(), "http" | "https" | "mailto")
    } else {
        true
    }
}

/// Decodes the entities the renderer writes (`&amp; &lt; &gt; &quot; &#39;` and numeric
/// ones), as a browser reads text and attribute values.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            match body {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = body.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text a reader sees in the renderer's HTML: tags dropped, entities decoded,
/// whitespace runs as one space.
pub fn visible_text(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "tr",
        "th",
        "td",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "br",
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = rest[at + 1..end].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if BLOCKS.contains(&name.as_str()) {
            text.push(' ');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    collapse_spaces(&decode_entities(&text))
}

/// Whitespace runs as one space, trimmed.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
