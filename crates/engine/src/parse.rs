//! The template parser. It walks the body line by line, tracking code fences, tables and
//! headings, and turns placeholders, task markers and underscore blanks into slots.
//! It never fails: anything odd becomes a [`Diagnostic`] and the text stays text.

use crate::frontmatter;
use crate::infer;
use crate::label;
use crate::lex;
use crate::model::*;
use std::collections::HashMap;
use std::ops::Range;

/// Section index used until we know whether an implicit "before the first heading"
/// section is needed.
const NO_SECTION: usize = usize::MAX;

/// One line of the body: its byte range without the line ending.
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
}

/// Where a line sits in a table, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableRole {
    Header,
    Delimiter,
    Row,
}

/// A slot found while scanning, before fields are known.
struct RawSlot {
    name: String,
    occurrence: Occurrence,
    /// For task items and blanks: the label made from the text around them.
    label: Option<String>,
    /// For table-rows: the table's headers.
    columns: Vec<String>,
    /// For task items: whether the template has it checked.
    checked: bool,
}

/// Parses a template as written. Also returns front matter's `report.implicit`, if set.
pub(crate) fn parse(source: &str) -> (Template, Option<bool>) {
    let mut diagnostics = Vec::new();
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let (front, body_start) = frontmatter::split(source, bom, &mut diagnostics);
    let read = front
        .as_ref()
        .map(|f| frontmatter::read(f, &mut diagnostics));
    // A document's own front matter is part of the output (less our `report:` entry) and
    // may hold placeholders; ours is left out whole.
    let doc_front = read.as_ref().is_some_and(|r| r.doc);
    let omit: Vec<Range<usize>> = match &read {
        Some(r) if r.doc => r.cut.iter().cloned().collect(),
        Some(_) => std::iter::once(bom..body_start).collect(),
        None => Vec::new(),
    };
    let front_lines = if doc_front {
        split_lines(source, 0)
            .into_iter()
            .take_while(|l| l.start < body_start)
            .collect()
    } else {
        Vec::new()
    };
    let front_count = front_lines.len();
    let body_lines = split_lines(source, body_start);
    let roles = table_roles(source, &body_lines);
    let lines: Vec<Line> = front_lines.into_iter().chain(body_lines).collect();
    let line_ending = dominant_line_ending(&source[body_start..]);
    let line_offset = if doc_front {
        0
    } else {
        count_lines(&source[..body_start])
    };

    let mut sections: Vec<Section> = Vec::new();
    let mut current = NO_SECTION;
    let mut fence: Option<(u8, usize)> = None;
    let mut slots: Vec<RawSlot> = Vec::new();
    // Where chunks start: each heading, and around each block placeholder standing alone.
    let mut cuts: Vec<usize> = Vec::new();
    let mut status_literals: HashMap<String, Vec<String>> = HashMap::new();

    for (li, line) in lines.iter().enumerate() {
        let text = &source[line.start..line.end];
        let line_no = line_offset + li + 1;
        let in_front = li < front_count;
        if in_front
            && omit
                .iter()
                .any(|r| r.start <= line.start && line.start < r.end)
        {
            continue;
        }
        let in_fence = if in_front {
            false
        } else if let Some((c, n)) = fence {
            if matches!(lex::fence(text), Some((c2, n2)) if c2 == c && n2 >= n && text.trim().bytes().all(|b| b == c))
            {
                fence = None;
            }
            true
        } else if let Some(f) = lex::fence(text) {
            fence = Some(f);
            true
        } else {
            false
        };

        if !in_fence && !in_front {
            if let Some((level, title)) = lex::heading(text) {
                sections.push(Section {
                    level,
                    title: title.to_string(),
                    line: line_no,
                });
                cuts.push(line.start);
                current = sections.len() - 1;
            }
        }

        let (found, unclosed) = lex::placeholders(text);
        let code = if in_fence {
            std::iter::once(0..text.len()).collect()
        } else if in_front {
            Vec::new()
        } else {
            lex::code_spans(text)
        };
        let links = if in_front {
            Vec::new()
        } else {
            lex::link_destinations(text)
        };
        let inside = |r: &Range<usize>, ranges: &[Range<usize>]| {
            ranges.iter().any(|x| x.start <= r.start && r.end <= x.end)
        };
        for &u in &unclosed {
            if !inside(&(u..u + 2), &code) {
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    line: line_no,
                    column: column(text, u),
                    message: "`{{` is never closed on this line, so it is kept as text".into(),
                });
            }
        }

        let table = li.checked_sub(front_count).and_then(|i| roles[i].as_ref());
        let role = table.map(|(role, _)| *role);
        let headers: &[String] = table.map(|(_, t)| t.as_slice()).unwrap_or(&[]);
        let cells = if role == Some(TableRole::Row) {
            lex::table_cells(text)
        } else {
            Vec::new()
        };
        if role == Some(TableRole::Row) {
            collect_status_literals(&cells, headers, &mut status_literals);
        }
        let alone = !in_front && found.len() == 1 && text.trim() == &text[found[0].range.clone()];

        let context = |r: &Range<usize>| -> (String, String) {
            (
                tail_chars(&text[..r.start], 16),
                head_chars(&text[r.end..], 16),
            )
        };
        let make = |r: Range<usize>, placement: Placement| -> Occurrence {
            let (before, after) = context(&r);
            let column_header = if role == Some(TableRole::Row) && placement == Placement::Inline {
                cells
                    .iter()
                    .position(|(c, _)| c.start <= r.start && r.end <= c.end)
                    .and_then(|i| headers.get(i).cloned())
            } else {
                None
            };
            Occurrence {
                span: line.start + r.start..line.start + r.end,
                line: line_no,
                column: column(text, r.start),
                placement,
                section: current,
                column_header,
                in_table: matches!(role, Some(TableRole::Header | TableRole::Row)),
                in_link_destination: inside(&r, &links),
                in_code: inside(&r, &code),
                before,
                after,
            }
        };

        // A block placeholder alone at the margin between blank lines (or the body's ends)
        // is a chunk of its own: its value renders the same alone, and typing into it
        // renders only it again.
        let blank = |l: Option<&Line>| l.is_none_or(|l| source[l.start..l.end].trim().is_empty());
        if alone
            && !in_fence
            && role.is_none()
            && !text.starts_with([' ', '\t'])
            && blank(li.checked_sub(1).and_then(|p| lines.get(p)))
            && blank(lines.get(li + 1))
        {
            cuts.push(line.start);
            if let Some(next) = lines.get(li + 1) {
                cuts.push(next.start);
            }
        }

        let mut line_slots: Vec<RawSlot> = Vec::new();
        for ph in &found {
            let placement = if !alone {
                Placement::Inline
            } else if matches!(role, Some(TableRole::Row)) {
                Placement::TableRows
            } else {
                Placement::Block
            };
            let columns = if placement == Placement::TableRows {
                headers.to_vec()
            } else {
                Vec::new()
            };
            line_slots.push(RawSlot {
                name: ph.name.clone(),
                occurrence: make(ph.range.clone(), placement),
                label: None,
                columns,
                checked: false,
            });
        }
        if !in_fence && !in_front {
            if let Some(m) = lex::task_marker(text) {
                let item = label::plain(&text[m.end..]);
                line_slots.push(RawSlot {
                    name: String::new(),
                    occurrence: make(m.clone(), Placement::Checkbox),
                    label: Some(if item.is_empty() { "Task".into() } else { item }),
                    columns: Vec::new(),
                    checked: text.as_bytes()[m.start + 1] != b' ',
                });
            }
            let mut skip: Vec<Range<usize>> = found.iter().map(|p| p.range.clone()).collect();
            skip.extend(code.iter().cloned());
            skip.extend(links.iter().cloned());
            let mut first_label: Option<String> = None;
            let mut prev_end = 0;
            for b in lex::blanks(text, &skip) {
                let own = label::blank_label(&text[prev_end..b.start], &code, prev_end, true);
                let own = if own.is_empty() {
                    let next = text[b.end..]
                        .find("___")
                        .map(|p| b.end + p)
                        .unwrap_or(text.len());
                    label::blank_label(&text[b.end..next], &code, b.end, false)
                } else {
                    own
                };
                let own = if own.is_empty() {
                    "Blank".to_string()
                } else {
                    own
                };
                let label = match &first_label {
                    None => own.clone(),
                    Some(first) => format!("{own} ({first})"),
                };
                first_label.get_or_insert(own);
                prev_end = b.end;
                line_slots.push(RawSlot {
                    name: String::new(),
                    occurrence: make(b, Placement::Blank),
                    label: Some(label),
                    columns: Vec::new(),
                    checked: false,
                });
            }
        }
        line_slots.sort_by_key(|s| s.occurrence.span.start);
        slots.extend(line_slots);
    }

    // The implicit first section exists only if something sits before the first heading.
    let needs_preamble = slots.iter().any(|s| s.occurrence.section == NO_SECTION);
    if needs_preamble {
        sections.insert(
            0,
            Section {
                level: 0,
                title: "Before the first heading".into(),
                line: 0,
            },
        );
    }
    for s in &mut slots {
        s.occurrence.section = match s.occurrence.section {
            NO_SECTION => 0,
            i if needs_preamble => i + 1,
            i => i,
        };
    }

    let title = sections
        .iter()
        .find(|s| s.level == 1)
        .or_else(|| sections.iter().find(|s| s.level > 0))
        .map(|s| label::plain(&s.title))
        // `# {{title}}` (a title still to write) names nothing yet.
        .filter(|t| !t.is_empty() && !lone_placeholder(t))
        .unwrap_or_else(|| UNTITLED.to_string());

    let mut template = Template {
        source: source.to_string(),
        body_start,
        omit,
        places: Vec::new(),
        title,
        fields: Vec::new(),
        by_name: HashMap::new(),
        sections,
        diagnostics: Vec::new(),
        chunks: Vec::new(),
        line_ending,
        compute_order: Vec::new(),
    };
    build_fields(&mut template, slots, &status_literals, &mut diagnostics);
    let implicit = read.as_ref().and_then(|r| r.implicit);
    if let Some(read) = read {
        frontmatter::apply(&mut template, read, &mut diagnostics);
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    template.diagnostics = diagnostics;
    // A document's front matter is a chunk of its own; ours is not output at all.
    let floor = if doc_front {
        cuts.insert(0, body_start);
        0
    } else {
        body_start
    };
    template.chunks = chunks(segments(&template), &cuts, floor);
    (template, implicit)
}

/// Groups slots into fields, names task items and blanks, infers kinds and labels.
fn build_fields(
    t: &mut Template,
    slots: Vec<RawSlot>,
    status_literals: &HashMap<String, Vec<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Placeholder names are reserved first so generated names never collide with them.
    let mut taken: std::collections::HashSet<String> = slots
        .iter()
        .filter(|s| s.label.is_none())
        .map(|s| s.name.clone())
        .collect();
    let mut previous_blank: Option<(usize, String)> = None;
    for mut slot in slots {
        let generated = match slot.occurrence.placement {
            Placement::Checkbox => Some(format!(
                "task:{}",
                label::slug(slot.label.as_deref().unwrap_or(""))
            )),
            Placement::Blank => {
                let own = label::slug(
                    slot.label
                        .as_deref()
                        .unwrap_or("")
                        .split(" (")
                        .next()
                        .unwrap_or(""),
                );
                let base = match &previous_blank {
                    Some((line, first)) if *line == slot.occurrence.line => {
                        format!("{first}-{own}")
                    }
                    _ => own.clone(),
                };
                if previous_blank.as_ref().map(|p| p.0) != Some(slot.occurrence.line) {
                    previous_blank = Some((slot.occurrence.line, own));
                }
                Some(format!("blank:{base}"))
            }
            _ => None,
        };
        if let Some(base) = generated {
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(name.clone());
            slot.name = name;
        }
        let index = match t.by_name.get(&slot.name) {
            Some(&i) => i,
            None => {
                let (kind, label) = match slot.occurrence.placement {
                    Placement::Checkbox => (Kind::Checkbox, slot.label.clone().unwrap_or_default()),
                    Placement::Blank => (Kind::Blank, slot.label.clone().unwrap_or_default()),
                    _ => (Kind::Text, label::humanize(&slot.name)),
                };
                t.fields.push(Field {
                    name: slot.name.clone(),
                    label,
                    kind,
                    unit: None,
                    section: slot.occurrence.section,
                    required: !matches!(
                        slot.occurrence.placement,
                        Placement::Checkbox | Placement::Blank
                    ),
                    options: Vec::new(),
                    columns: Vec::new(),
                    help: None,
                    rows: None,
                    default: (slot.occurrence.placement == Placement::Checkbox)
                        .then(|| slot.checked.to_string()),
                    occurrences: Vec::new(),
                    compute: None,
                    decimals: None,
                    from: None,
                });
                t.by_name.insert(slot.name.clone(), t.fields.len() - 1);
                t.fields.len() - 1
            }
        };
        let field = &mut t.fields[index];
        if field.columns.is_empty() && !slot.columns.is_empty() {
            field.columns = slot.columns;
        }
        field.occurrences.push(slot.occurrence);
    }

    for field in &mut t.fields {
        if matches!(field.kind, Kind::Checkbox | Kind::Blank) {
            continue;
        }
        let placements: Vec<Placement> = field.occurrences.iter().map(|o| o.placement).collect();
        let standalone = placements
            .iter()
            .find(|p| matches!(p, Placement::Block | Placement::TableRows));
        if let Some(p) = standalone {
            if placements.contains(&Placement::Inline) {
                let o = field
                    .occurrences
                    .iter()
                    .find(|o| o.placement == Placement::Inline)
                    .expect("inline use");
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    line: o.line,
                    column: o.column,
                    message: format!(
                        "`{}` is used both alone on a line (a block) and inside a line; inline uses get the value on one line",
                        field.name
                    ),
                });
            }
            field.kind = if *p == Placement::TableRows {
                Kind::TableRows
            } else {
                Kind::Block
            };
            continue;
        }
        let (kind, unit) = infer::infer(&field.name, &field.occurrences);
        field.kind = kind;
        field.unit = unit;
        if field.kind == Kind::Status {
            field.options = infer::status_options(&field.occurrences, status_literals);
        }
    }
}

/// Records literal cells of status-like columns so status fields can offer them.
fn collect_status_literals(
    cells: &[(Range<usize>, &str)],
    headers: &[String],
    out: &mut HashMap<String, Vec<String>>,
) {
    for (i, (_, cell)) in cells.iter().enumerate() {
        let Some(h) = headers.get(i) else { continue };
        let cell = cell.trim();
        if cell.is_empty()
            || matches!(cell, "-" | "—" | "N/A")
            || !lex::placeholders(cell).0.is_empty()
        {
            continue;
        }
        let key = infer::normalize_header(h);
        if !infer::is_status_header(&key) {
            continue;
        }
        let list = out.entry(key).or_default();
        if !list.iter().any(|v| v == cell) {
            list.push(cell.to_string());
        }
    }
}

/// Turns fields' occurrences into the ordered list of text and slot segments; the
/// template's `omit` ranges are left out.
fn segments(t: &Template) -> Vec<Segment> {
    let mut slots: Vec<(usize, usize, usize)> = Vec::new();
    for (fi, f) in t.fields.iter().enumerate() {
        for (oi, o) in f.occurrences.iter().enumerate() {
            slots.push((o.span.start, fi, oi));
        }
    }
    slots.sort_unstable();
    let mut out = Vec::with_capacity(slots.len() * 2 + 2);
    let text = |out: &mut Vec<Segment>, r: Range<usize>| {
        let mut pos = r.start;
        for o in &t.omit {
            if o.end <= pos || o.start >= r.end {
                continue;
            }
            if o.start > pos {
                out.push(Segment::Text(pos..o.start));
            }
            pos = o.end;
        }
        if pos < r.end {
            out.push(Segment::Text(pos..r.end));
        }
    };
    let mut pos = 0;
    for (start, fi, oi) in slots {
        if start > pos {
            text(&mut out, pos..start);
        }
        out.push(Segment::Slot {
            field: fi,
            occurrence: oi,
        });
        pos = t.fields[fi].occurrences[oi].span.end;
    }
    text(&mut out, pos..t.source.len());
    out
}

/// Cuts the segment list at each cut (a heading's first byte, a standalone block's line);
/// text segments that span a cut are split in two.
fn chunks(segments: Vec<Segment>, cuts: &[usize], floor: usize) -> Vec<Chunk> {
    let mut out = vec![Chunk {
        segments: Vec::new(),
        fields: Vec::new(),
    }];
    let mut cuts = cuts.iter().copied().filter(|&c| c > floor).peekable();
    for seg in segments {
        match seg {
            Segment::Text(mut r) => {
                // A cut at the text's end (a slot starts the cut line) starts the next chunk
                // before that slot.
                while let Some(&c) = cuts.peek() {
                    if c > r.end {
                        break;
                    }
                    if c > r.start {
                        out.last_mut()
                            .expect("a chunk")
                            .segments
                            .push(Segment::Text(r.start..c));
                        r.start = c;
                    }
                    out.push(Chunk {
                        segments: Vec::new(),
                        fields: Vec::new(),
                    });
                    cuts.next();
                }
                if !r.is_empty() {
                    out.last_mut()
                        .expect("a chunk")
                        .segments
                        .push(Segment::Text(r));
                }
            }
            Segment::Slot { field, occurrence } => {
                let chunk = out.last_mut().expect("a chunk");
                if !chunk.fields.contains(&field) {
                    chunk.fields.push(field);
                }
                chunk.segments.push(Segment::Slot { field, occurrence });
            }
        }
    }
    for c in &mut out {
        c.fields.sort_unstable();
    }
    out.retain(|c| !c.segments.is_empty());
    out
}

/// Marks each line that belongs to a GFM table, with that table's headers.
pub(crate) fn table_roles(
    source: &str,
    lines: &[Line],
) -> Vec<Option<(TableRole, std::rc::Rc<Vec<String>>)>> {
    let mut roles = vec![None; lines.len()];
    let mut fence: Option<(u8, usize)> = None;
    let mut i = 0;
    let text = |i: usize| &source[lines[i].start..lines[i].end];
    while i < lines.len() {
        let t = text(i);
        if let Some((c, n)) = fence {
            if matches!(lex::fence(t), Some((c2, n2)) if c2 == c && n2 >= n) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(f) = lex::fence(t) {
            fence = Some(f);
            i += 1;
            continue;
        }
        if t.contains('|') && i + 1 < lines.len() {
            let header = lex::table_cells(t);
            if lex::delimiter_cells(text(i + 1)) == Some(header.len()) {
                let headers = std::rc::Rc::new(
                    header
                        .iter()
                        .map(|(_, c)| label::plain(c))
                        .collect::<Vec<_>>(),
                );
                roles[i] = Some((TableRole::Header, headers.clone()));
                roles[i + 1] = Some((TableRole::Delimiter, headers.clone()));
                let mut j = i + 2;
                while j < lines.len() {
                    let r = text(j);
                    let ends = r.trim().is_empty()
                        || lex::heading(r).is_some()
                        || lex::fence(r).is_some()
                        || r.trim_start().starts_with('>')
                        || lex::is_thematic_break(r);
                    if ends {
                        break;
                    }
                    roles[j] = Some((TableRole::Row, headers.clone()));
                    j += 1;
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    roles
}

/// The title of a template with no title heading.
pub(crate) const UNTITLED: &str = "Untitled report";

/// A text that is one placeholder and nothing else.
fn lone_placeholder(t: &str) -> bool {
    let found = lex::placeholders(t).0;
    found.len() == 1 && found[0].range == (0..t.len())
}

pub(crate) fn split_lines(source: &str, from: usize) -> Vec<Line> {
    let b = source.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < b.len() {
        // `\n`, `\r\n` and a lone `\r` all end a line, as in CommonMark.
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            let crlf = b[i] == b'\n' && i > start && b[i - 1] == b'\r';
            lines.push(Line {
                start,
                end: if crlf { i - 1 } else { i },
            });
            start = i + 1;
        }
        i += 1;
    }
    if start < b.len() {
        lines.push(Line {
            start,
            end: b.len(),
        });
    }
    lines
}

fn dominant_line_ending(body: &str) -> &'static str {
    let lf = body.matches('\n').count();
    let crlf = body.matches("\r\n").count();
    if crlf * 2 > lf {
        "\r\n"
    } else {
        "\n"
    }
}

fn count_lines(s: &str) -> usize {
    split_lines(s, 0).len()
}

/// 1-based column, in characters, of a byte offset in a line.
fn column(line: &str, byte: usize) -> usize {
    line[..byte].chars().count() + 1
}

fn tail_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn head_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
