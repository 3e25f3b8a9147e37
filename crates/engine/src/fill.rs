//! Filling: the template body with every slot replaced by its field's value.

use crate::model::{Field, Occurrence, Placement, Segment, Template};
use crate::values::{Value, Values, NOT_APPLICABLE};
use std::borrow::Cow;

/// What to write where a field has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfilled {
    /// Keep the placeholder text as it is (a draft).
    Keep,
    /// A finished report: empty optional placeholders vanish; blanks keep their underscores
    /// and task items their template state.
    Drop,
}

/// The filled Markdown. Front matter is never part of it.
pub fn fill(t: &Template, values: &Values, unfilled: Unfilled) -> String {
    render_with(t, |field, occ, original| {
        fill_one(t, values, unfilled, field, occ, original)
    })
}

/// Writes the body, asking `slot` for each slot's text (it also gets the original text).
pub fn render_with<'t>(
    t: &'t Template,
    slot: impl FnMut(&'t Field, &'t Occurrence, &'t str) -> Cow<'t, str>,
) -> String {
    write_segments(t, t.chunks.iter().flat_map(|c| &c.segments), slot)
}

/// One chunk of [`Template::chunks`] filled; the chunks in order make [`fill`]'s output.
pub fn fill_chunk(t: &Template, chunk: usize, values: &Values, unfilled: Unfilled) -> String {
    let Some(c) = t.chunks.get(chunk) else {
        return String::new();
    };
    write_segments(t, &c.segments, |field, occ, original| {
        fill_one(t, values, unfilled, field, occ, original)
    })
}

/// One chunk filled for the live preview, with sentinels for [`crate::render::to_html_marked`]:
/// unfilled slots become "missing" marks, invalid inline values get a badge, and inline and
/// block uses get an anchor so the preview can scroll to them. `value(i)` is field `i`'s
/// value; `invalid(i)` says whether it fails validation.
pub fn preview_chunk(
    t: &Template,
    chunk: usize,
    value: &dyn Fn(usize) -> Option<Value>,
    invalid: &dyn Fn(usize) -> bool,
) -> String {
    use crate::render::{is_sentinel, ANCHOR, END, INVALID, MISSING, VALUE, VALUE_END};
    let Some(c) = t.chunks.get(chunk) else {
        return String::new();
    };
    if chunk == 0 && t.front_matter_end().is_some() {
        // The document's own front matter shows as what it is: YAML, not Markdown.
        let yaml = write_segments(t, &c.segments, |field, occ, original| {
            let v = t.field_index(&field.name).and_then(value);
            match render(t, field, occ, v.as_ref()) {
                Some(s) => Cow::Owned(s),
                None => Cow::Borrowed(original),
            }
        });
        let ticks = "`".repeat(longest_run(&yaml, '`').max(2) + 1);
        return format!("{ticks}yaml\n{}\n{ticks}\n", yaml.trim_end());
    }
    let mut out = String::with_capacity(c.segments.len() * 16);
    for seg in &c.segments {
        match seg {
            Segment::Text(r) => out.push_str(&t.source[r.clone()]),
            Segment::Slot { field, occurrence } => {
                let f = &t.fields[*field];
                let o = &f.occurrences[*occurrence];
                let marked = !o.in_link_destination;
                match render(t, f, o, value(*field).as_ref()) {
                    Some(text) => {
                        let text: String = text.chars().filter(|c| !is_sentinel(*c)).collect();
                        match o.placement {
                            Placement::Inline | Placement::Blank if marked => {
                                out.push_str(&format!("{ANCHOR}{field}{END}"));
                                let invalid = invalid(*field);
                                // Plain text the page may later update where it shows.
                                let plain = !invalid && !o.in_code && is_plain(&text);
                                if plain {
                                    out.push_str(&format!("{VALUE}{field}{END}"));
                                }
                                out.push_str(&text);
                                if plain {
                                    out.push(VALUE_END);
                                }
                                if invalid {
                                    out.push_str(&format!("{INVALID}{field}{END}"));
                                }
                            }
                            Placement::Block => {
                                // On a line of its own so the block's own syntax is untouched.
                                out.push_str(&format!("{ANCHOR}{field}{END}\n\n"));
                                out.push_str(&text);
                            }
                            _ => out.push_str(&text),
                        }
                    }
                    None if marked && o.placement != Placement::Checkbox => {
                        out.push_str(&format!("{MISSING}{field}{END}"));
                    }
                    None => out.push_str(&t.source[o.span.clone()]),
                }
            }
        }
    }
    out
}

/// The text an inline use of `value` shows in the preview, when that text is *plain*: no
/// markup characters, nothing that starts a block at a line's start (`1.`, `- `, `#`, `>`),
/// no line break or double space, no edge spaces. Changing one plain text for another
/// then changes that text and nothing around it (property-tested in every inline context,
/// emphasis delimiters beside it included: the preview's anchor sentinel always sits
/// between a delimiter and the value), so the page may write it in place instead of
/// rendering the section again.
pub fn plain_inline(value: &Value) -> Option<String> {
    let Value::Text(s) = value else { return None };
    let text = inline(s, false);
    is_plain(&text).then_some(text)
}

/// A character with no Markdown meaning inside a line: letters and digits, some ASCII
/// punctuation, and any other non-ASCII character that is not a space, a control or
/// private use (the preview's sentinels).
fn plain_char(c: char) -> bool {
    c.is_alphanumeric()
        || " .,:;%/()@'\"?=+-$".contains(c)
        || (!c.is_ascii()
            && !c.is_whitespace()
            && !c.is_control()
            && !('\u{E000}'..='\u{F8FF}').contains(&c))
}

fn is_plain(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let second = chars.next();
    let starts_well = match first {
        // `+1` and `-3` are numbers; `+ x`, `- x` and `---` are lists and rules.
        '+' | '-' => second.is_some_and(|c| c.is_ascii_digit()),
        '$' | '"' | '\'' => true,
        c => c.is_alphanumeric() || (!c.is_ascii() && plain_char(c)),
    };
    let list_marker = {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
            && text.as_bytes().get(digits + 1).is_none_or(|b| *b == b' ')
    };
    starts_well
        && !list_marker
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text.chars().all(plain_char)
}

fn fill_one<'t>(
    t: &'t Template,
    values: &Values,
    unfilled: Unfilled,
    field: &'t Field,
    occ: &'t Occurrence,
    original: &'t str,
) -> Cow<'t, str> {
    match render(t, field, occ, values.get(&field.name)) {
        Some(s) => Cow::Owned(s),
        None if unfilled == Unfilled::Drop
            && matches!(
                occ.placement,
                Placement::Inline | Placement::Block | Placement::TableRows
            ) =>
        {
            Cow::Borrowed("")
        }
        None => Cow::Borrowed(original),
    }
}

fn write_segments<'t>(
    t: &'t Template,
    segments: impl IntoIterator<Item = &'t Segment>,
    mut slot: impl FnMut(&'t Field, &'t Occurrence, &'t str) -> Cow<'t, str>,
) -> String {
    let mut out = String::with_capacity(t.source.len() + t.source.len() / 4);
    for seg in segments {
        match seg {
            Segment::Text(r) => out.push_str(&t.source[r.clone()]),
            Segment::Slot { field, occurrence } => {
                let f = &t.fields[*field];
                let o = &f.occurrences[*occurrence];
                out.push_str(&slot(f, o, &t.source[o.span.clone()]));
            }
        }
    }
    out
}

impl Template {
    /// The body with every slot written back as its original text: equals the source
    /// (less front matter). Tests use it to prove nothing outside slots is touched.
    pub fn reconstruct(&self) -> String {
        render_with(self, |_, _, original| Cow::Borrowed(original))
    }
}

/// The text for one use of a field, or `None` when the value does not fill it.
fn render(t: &Template, f: &Field, o: &Occurrence, value: Option<&Value>) -> Option<String> {
    let value = value.filter(|v| v.is_filled())?;
    let eol = t.line_ending;
    Some(match (value, o.placement) {
        (Value::NotApplicable, Placement::Checkbox) => format!("[ ] {NOT_APPLICABLE} —"),
        (Value::NotApplicable, Placement::TableRows) => {
            let mut row = format!("| {NOT_APPLICABLE} |");
            for _ in 1..f.columns.len() {
                row.push_str("  |");
            }
            row
        }
        (Value::NotApplicable, _) => NOT_APPLICABLE.to_string(),
        (Value::Check(b), Placement::Checkbox) => {
            let original = &t.source[o.span.clone()];
            let was = original.as_bytes().get(1).is_some_and(|c| *c != b' ');
            if *b == was {
                original.to_string()
            } else if *b {
                "[x]".to_string()
            } else {
                "[ ]".to_string()
            }
        }
        (Value::Check(_), _) | (Value::Text(_) | Value::Rows(_), Placement::Checkbox) => {
            return None
        }
        (Value::Text(s), Placement::Inline) if o.span.start < t.body_start => {
            // In the document's front matter, between the double quotes `adopt` wrote.
            yaml_escape(&inline(s, false))
        }
        (Value::Text(s), Placement::Inline | Placement::Blank) => inline(s, o.in_table),
        (Value::Text(s), Placement::Block | Placement::TableRows) => {
            with_line_ending(s.trim_end_matches(['\r', '\n']), eol)
        }
        (Value::Rows(rows), Placement::Block | Placement::TableRows) => {
            table_rows(rows, f.columns.len(), eol)
        }
        (Value::Rows(rows), _) => {
            let text = rows
                .iter()
                .map(|r| r.join(", "))
                .collect::<Vec<_>>()
                .join("; ");
            inline(&text, o.in_table)
        }
    })
}

/// A value on one line: line breaks become spaces; in a table cell, pipes are escaped.
fn inline(s: &str, in_table: bool) -> String {
    let one_line = s.trim().replace("\r\n", " ").replace(['\n', '\r'], " ");
    if in_table {
        escape_pipes(&one_line)
    } else {
        one_line
    }
}

fn escape_pipes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}

fn with_line_ending(s: &str, eol: &str) -> String {
    let unix = s.replace("\r\n", "\n").replace('\r', "\n");
    if eol == "\n" {
        unix
    } else {
        unix.replace('\n', eol)
    }
}

/// Rows as GFM table lines; empty rows are skipped and short rows padded.
fn table_rows(rows: &[Vec<String>], columns: usize, eol: &str) -> String {
    let mut lines = Vec::new();
    for row in rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
    {
        let width = columns.max(row.len()).max(1);
        let mut line = String::from("|");
        for i in 0..width {
            let cell = row.get(i).map(|c| inline(c, true)).unwrap_or_default();
            line.push(' ');
            line.push_str(&cell);
            line.push_str(" |");
        }
        lines.push(line);
    }
    lines.join(eol)
}

/// Text safe inside a YAML double-quoted string.
fn yaml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}
