//! The template's tables of placeholders, as the form shows them: the fixed cells as text
//! and an input where a field is first used, so a person fills the report's tables row by
//! row instead of as a column of inputs far from the row and column that give them meaning.
//!
//! A table qualifies when a body cell holds the first use of a field that fills in place
//! (an inline value or a task box, not a table-rows or block placeholder, which have their
//! own controls) and its header holds no placeholder. Each such field then belongs to
//! that table ([`FormTables::table_of`]); its accessible name comes from its row and column
//! ([`FormTable::input_label`]: "GET /api/v1/agents, p95, ms").

use crate::label;
use crate::lex;
use crate::model::{Placement, Template};
use crate::parse::{split_lines, table_roles, TableRole};

/// A piece of a cell: kept text, or a field's use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// A field's use; `first` when it is the field's first use in the template (where its
    /// input goes; later uses show its value).
    Field {
        index: usize,
        first: bool,
    },
}

/// One table of placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormTable {
    /// The section the table sits in.
    pub section: usize,
    /// 1-based line of the header row.
    pub line: usize,
    /// The header cells as plain text.
    pub headers: Vec<String>,
    /// The body rows: each a list of cells, each a list of parts.
    pub rows: Vec<Vec<Vec<Part>>>,
}

impl FormTable {
    /// The fields whose input is in this table, in row order.
    pub fn fields(&self) -> impl Iterator<Item = usize> + '_ {
        self.rows
            .iter()
            .flatten()
            .flatten()
            .filter_map(|p| match p {
                Part::Field { index, first: true } => Some(*index),
                _ => None,
            })
    }

    /// The fields with an input in row `row`.
    pub fn row_fields(&self, row: usize) -> Vec<usize> {
        self.rows.get(row).map_or_else(Vec::new, |r| {
            r.iter()
                .flatten()
                .filter_map(|p| match p {
                    Part::Field { index, first: true } => Some(*index),
                    _ => None,
                })
                .collect()
        })
    }

    /// What names row `row`: its first cell's text when that cell is fixed text, else
    /// "Row N".
    pub fn row_label(&self, row: usize) -> String {
        let first = self.rows.get(row).and_then(|r| r.first());
        match first.map(|c| cell_text(c)) {
            Some(Some(text)) if !text.is_empty() => text,
            _ => format!("Row {}", row + 1),
        }
    }

    /// The accessible name of field `field`'s input in cell (`row`, `col`): the row's
    /// label, the column's header, and the cell's own text (a unit such as `ms`) or, in a
    /// cell with several inputs, the field's label. Comma-separated.
    pub fn input_label(&self, t: &Template, row: usize, col: usize, field: usize) -> String {
        let mut parts = vec![self.row_label(row)];
        if let Some(h) = self.headers.get(col).filter(|h| !h.is_empty()) {
            parts.push(h.clone());
        }
        let cell = self.rows.get(row).and_then(|r| r.get(col));
        let inputs = cell
            .into_iter()
            .flatten()
            .filter(|p| matches!(p, Part::Field { .. }))
            .count();
        if inputs > 1 {
            if let Some(f) = t.fields.get(field) {
                parts.push(f.label.clone());
            }
        } else {
            let unit: Vec<&str> = cell
                .into_iter()
                .flatten()
                .filter_map(|p| match p {
                    Part::Text(t) if !t.trim().is_empty() => Some(t.trim()),
                    _ => None,
                })
                .collect();
            if !unit.is_empty() {
                parts.push(unit.join(" "));
            }
        }
        parts.join(", ")
    }
}

/// A cell's text when it has no field in it.
fn cell_text(cell: &[Part]) -> Option<String> {
    let mut out = String::new();
    for p in cell {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Field { .. } => return None,
        }
    }
    Some(unescape(&label::plain(&out)))
}

/// A cell's text as read: `\|` is a pipe.
fn unescape(s: &str) -> String {
    s.replace("\\|", "|")
}

/// Every table of placeholders in a template, and which table each field's input is in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormTables {
    pub tables: Vec<FormTable>,
    /// Per field: the table its input is in, if any.
    pub table_of: Vec<Option<usize>>,
}

/// Finds the tables of placeholders (see the module docs). Never fails.
pub fn form_tables(t: &Template) -> FormTables {
    let source = t.source.as_str();
    let lines = split_lines(source, t.body_start);
    let roles = table_roles(source, &lines);
    // Each inline use or task box, by where it starts.
    let mut uses: Vec<(usize, usize, bool, Placement)> = t
        .fields
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            f.occurrences
                .iter()
                .enumerate()
                .map(move |(k, o)| (o.span.start, i, k == 0, o.placement))
        })
        .collect();
    uses.sort_unstable_by_key(|u| u.0);
    let span_end = |i: usize, start: usize| {
        t.fields[i]
            .occurrences
            .iter()
            .find(|o| o.span.start == start)
            .map_or(start, |o| o.span.end)
    };

    let mut out = FormTables {
        tables: Vec::new(),
        table_of: vec![None; t.fields.len()],
    };
    let mut li = 0;
    while li < lines.len() {
        if !matches!(roles[li], Some((TableRole::Header, _))) {
            li += 1;
            continue;
        }
        let header = &lines[li];
        let header_text = &source[header.start..header.end];
        let header_has_field = uses.iter().any(|u| header.start <= u.0 && u.0 < header.end);
        let headers: Vec<String> = lex::table_cells(header_text)
            .iter()
            .map(|(_, c)| unescape(&label::plain(c)))
            .collect();
        let mut rows = Vec::new();
        let mut ok = !header_has_field;
        let mut any_input = false;
        let mut j = li + 2;
        while j < lines.len() && matches!(roles[j], Some((TableRole::Row, _))) {
            let line = &lines[j];
            let text = &source[line.start..line.end];
            let mut row = Vec::new();
            for (range, _) in lex::table_cells(text) {
                let (from, to) = (line.start + range.start, line.start + range.end);
                let mut parts = Vec::new();
                let mut pos = from;
                let start_at = uses.partition_point(|u| u.0 < from);
                for &(at, i, first, placement) in uses[start_at..].iter().take_while(|u| u.0 < to) {
                    if matches!(placement, Placement::TableRows | Placement::Block) {
                        ok = false;
                    }
                    if at > pos {
                        parts.push(Part::Text(source[pos..at].to_string()));
                    }
                    parts.push(Part::Field { index: i, first });
                    any_input |= first;
                    pos = span_end(i, at);
                }
                if pos < to {
                    parts.push(Part::Text(source[pos..to].to_string()));
                }
                // Spaces around the cell's content are not the content.
                trim_edges(&mut parts);
                row.push(parts);
            }
            rows.push(row);
            j += 1;
        }
        if ok && any_input {
            let table = FormTable {
                section: 0,
                line: li + 1 + source[..t.body_start].matches('\n').count(),
                headers,
                rows,
            };
            let index = out.tables.len();
            let fields: Vec<usize> = table.fields().collect();
            for &i in &fields {
                out.table_of[i] = Some(index);
            }
            let section = fields.first().map_or(0, |&i| t.fields[i].section);
            out.tables.push(FormTable { section, ..table });
        }
        li = j;
    }
    out
}

fn trim_edges(parts: &mut Vec<Part>) {
    if let Some(Part::Text(s)) = parts.first_mut() {
        *s = s.trim_start().to_string();
    }
    if let Some(Part::Text(s)) = parts.last_mut() {
        *s = s.trim_end().to_string();
    }
    parts.retain(|p| !matches!(p, Part::Text(s) if s.is_empty()));
}
