//! The parsed template: fields, their kinds, the section outline and diagnostics.

use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// What kind of input a field takes. Inferred by the rules in `infer.rs`, overridable in
/// front matter (`kind: percent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One line of free text.
    Text,
    /// A whole number (`1,234` is accepted).
    Integer,
    /// A number. With `unit` the template supplies the unit (`{X}ms`) and the value is a
    /// bare number; without it the value may carry its own unit (`85ms`, `4.5 s`).
    Number,
    /// A number of percent; the template supplies `%` when `unit` is `Some("%")`.
    Percent,
    /// An amount of money; the template supplies the symbol when `unit` is set.
    Currency,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A date and time, `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`.
    Datetime,
    /// A length of time: `45s`, `4m 32s`, `1.5 hours`, `00:04:32`.
    Duration,
    /// An `http(s)` URL or a relative link.
    Url,
    /// A choice list seeded from the template (`✅ Pass`) that also accepts free text.
    Status,
    /// A hash: git SHA, image digest (`sha256:…`), checksum.
    Digest,
    /// Multi-line Markdown: a placeholder alone on its line.
    Block,
    /// Rows of a table: a placeholder alone on its line inside a table.
    TableRows,
    /// A task-list item (`- [ ]`).
    Checkbox,
    /// A run of underscores used as a blank (`**QA Lead:** ______`).
    Blank,
}

impl Kind {
    /// Every kind with its front-matter spelling, in the order the docs list them.
    pub const ALL: [(Kind, &'static str); 15] = [
        (Kind::Text, "text"),
        (Kind::Integer, "integer"),
        (Kind::Number, "number"),
        (Kind::Percent, "percent"),
        (Kind::Currency, "currency"),
        (Kind::Date, "date"),
        (Kind::Datetime, "datetime"),
        (Kind::Duration, "duration"),
        (Kind::Url, "url"),
        (Kind::Status, "status"),
        (Kind::Digest, "digest"),
        (Kind::Block, "block"),
        (Kind::TableRows, "table_rows"),
        (Kind::Checkbox, "checkbox"),
        (Kind::Blank, "blank"),
    ];

    /// The kind's machine name (`table_rows`), as in front matter and `fields --json`.
    pub fn as_str(&self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _)| k == self)
            .map(|(_, s)| *s)
            .unwrap_or("text")
    }

    /// Parses a front-matter spelling; a few synonyms are accepted.
    pub fn from_name(name: &str) -> Option<Kind> {
        let n = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match n.as_str() {
            "string" => "text",
            "int" => "integer",
            "float" | "decimal" => "number",
            "money" => "currency",
            "date_time" | "timestamp" => "datetime",
            "markdown" => "block",
            "rows" | "table" => "table_rows",
            "bool" | "boolean" | "check" => "checkbox",
            "choice" | "select" => "status",
            "hash" | "sha" => "digest",
            other => other,
        };
        Kind::ALL
            .iter()
            .find(|(_, s)| *s == alias)
            .map(|(k, _)| k.clone())
    }

    /// A phrase for messages: "a whole number", "a date".
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Text | Kind::Blank => "text",
            Kind::Integer => "a whole number",
            Kind::Number => "a number",
            Kind::Percent => "a percentage",
            Kind::Currency => "an amount",
            Kind::Date => "a date",
            Kind::Datetime => "a date and time",
            Kind::Duration => "a duration",
            Kind::Url => "a link",
            Kind::Status => "a status",
            Kind::Digest => "a hash",
            Kind::Block => "Markdown text",
            Kind::TableRows => "table rows",
            Kind::Checkbox => "a checkbox",
        }
    }
}

/// How a placeholder sits in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Inside a line of text.
    Inline,
    /// Alone on its line: a Markdown block.
    Block,
    /// Alone on its line inside a table: table rows.
    TableRows,
    /// A task-list marker `[ ]` / `[x]`.
    Checkbox,
    /// A run of underscores.
    Blank,
}

/// One use of a field in the template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence {
    /// Byte range of the placeholder text (`{NAME}`, `{{ name }}`, `[ ]`, `____`) in the source.
    pub span: Range<usize>,
    /// 1-based line and column (in characters) of the span's start.
    pub line: usize,
    pub column: usize,
    pub placement: Placement,
    /// Index into [`Template::sections`] of the heading this use sits under.
    pub section: usize,
    /// The header of the table column the use sits in, if it is in a table row.
    pub column_header: Option<String>,
    /// True when the use sits in a table's header or body row, where a value's `|` must be
    /// escaped to keep the cell.
    pub in_table: bool,
    /// True when the use is inside a link or image destination `](…)`.
    pub in_link_destination: bool,
    /// True when the use is inside a code span or fenced code block.
    pub in_code: bool,
    /// Up to 16 characters of text immediately before and after the span, on the same line.
    pub before: String,
    pub after: String,
}

/// A field of the form: one per distinct placeholder name, task item or blank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The placeholder name (`AGENTS_P95`), or a name made for a task item / blank.
    pub name: String,
    /// A readable label ("Agents p95").
    pub label: String,
    pub kind: Kind,
    /// For number-like kinds: the unit the template writes next to the placeholder.
    pub unit: Option<String>,
    /// Index into [`Template::sections`]: the section of the field's first use.
    pub section: usize,
    pub required: bool,
    /// For [`Kind::Status`]: suggested values; free text is accepted too.
    pub options: Vec<String>,
    /// For [`Kind::TableRows`]: the table's column headers.
    pub columns: Vec<String>,
    pub help: Option<String>,
    /// For [`Kind::TableRows`]: how many empty rows the grid starts with (front matter `rows:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
    /// Initial value from front matter, or the template's own state for checkboxes.
    pub default: Option<String>,
    /// Front matter `compute:`: the field's value follows from others (see [`crate::compute`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compute: Option<Compute>,
    /// Front matter `decimals:`: how many decimal places a computed or imported number gets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Front matter `from:`: which measure of a results file fills it (see [`crate::import`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<crate::results::Locator>,
    /// Every use, in source order.
    pub occurrences: Vec<Occurrence>,
}

/// A field's formula, checked against the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Compute {
    pub formula: crate::formula::Formula,
    /// Indices of the fields it reads, in first-use order.
    pub inputs: Vec<usize>,
    /// The formula in words, with its inputs' labels ("Passed ÷ Tests × 100").
    pub words: String,
}

impl Serialize for Compute {
    /// As `fields --json` shows it: the formula as written and in words.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Compute", 2)?;
        st.serialize_field("formula", self.formula.source())?;
        st.serialize_field("words", &self.words)?;
        st.end()
    }
}

/// A heading of the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// 1–6 for headings; 0 for the implicit section before the first heading.
    pub level: u8,
    pub title: String,
    /// 1-based line of the heading (0 for the implicit section).
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found while parsing. The template is still usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A piece of the template body: kept text, or a slot a field's value goes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Text(Range<usize>),
    /// Field index and index into that field's occurrences.
    Slot {
        field: usize,
        occurrence: usize,
    },
}

/// A run of the body from one heading to the next (the first may start before any heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub(crate) segments: Vec<Segment>,
    /// Indices of the fields used in this chunk, ascending, without repeats.
    pub fields: Vec<usize>,
}

/// A parsed template. Build one with [`crate::parse`].
#[derive(Debug, Clone)]
pub struct Template {
    pub(crate) source: String,
    /// Byte offset where the body starts (after front matter).
    pub(crate) body_start: usize,
    /// Byte ranges of the source that are not part of the output, in order: our front
    /// matter, or only its `report:` entry when the front matter is the document's.
    pub(crate) omit: Vec<Range<usize>>,
    /// Places to fill found without placeholders (see [`crate::implicit`]); empty when the
    /// template was read as written.
    pub(crate) places: Vec<crate::place::Place>,
    pub(crate) title: String,
    pub(crate) fields: Vec<Field>,
    pub(crate) by_name: HashMap<String, usize>,
    pub(crate) sections: Vec<Section>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The body cut at every heading: filling writes the chunks in order; the editor's
    /// preview renders each chunk on its own and re-renders only chunks whose fields changed.
    pub(crate) chunks: Vec<Chunk>,
    /// The line ending the body mostly uses (`"\r\n"` or `"\n"`).
    pub(crate) line_ending: &'static str,
    /// Computed fields in an order where every input comes before the fields it feeds.
    pub(crate) compute_order: Vec<usize>,
}

/// Counts shown on the start screen and asserted by tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    /// Every field: placeholders, checkboxes and blanks.
    pub fields: usize,
    /// Distinct placeholder names.
    pub placeholders: usize,
    /// Placeholder fields alone on their line (blocks + table rows).
    pub standalone: usize,
    pub blocks: usize,
    pub table_rows: usize,
    pub checkboxes: usize,
    pub blanks: usize,
    /// Fields that must be filled.
    pub required: usize,
}

impl Template {
    /// The text the template was parsed from, front matter included.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What filling writes around the slots: the source without our front matter (a
    /// document's own front matter stays, less its `report:` entry). A leading BOM stays
    /// in front, as filling writes it; `reconstruct()` equals this for every template.
    pub fn body(&self) -> std::borrow::Cow<'_, str> {
        let mut pos = 0;
        let mut out = String::new();
        for r in &self.omit {
            out.push_str(&self.source[pos..r.start]);
            pos = r.end;
        }
        if out.is_empty() {
            return std::borrow::Cow::Borrowed(&self.source[pos..]);
        }
        out.push_str(&self.source[pos..]);
        std::borrow::Cow::Owned(out)
    }

    /// Places to fill that were found in a template without placeholders, in source order,
    /// with the lines they are on in the text as given. Empty for templates read as written.
    pub fn places(&self) -> &[crate::place::Place] {
        &self.places
    }

    /// The front matter that is part of the output (the document's own), as the first
    /// chunk: its byte end, or `None`.
    pub fn front_matter_end(&self) -> Option<usize> {
        (self.body_start > 0 && self.omit.first().is_none_or(|r| r.end < self.body_start))
            .then_some(self.body_start)
    }

    /// The first level-1 heading's text, or "Untitled report".
    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.by_name.get(name).map(|&i| &self.fields[i])
    }

    pub(crate) fn field_index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The body cut at headings, for rendering piece by piece.
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// How many lines of template text chunk `c` holds (its fields' values aside): what the
    /// editor sizes a preview chunk by before rendering it.
    pub fn chunk_lines(&self, c: usize) -> usize {
        self.chunks.get(c).map_or(0, |chunk| {
            chunk
                .segments
                .iter()
                .map(|s| match s {
                    Segment::Text(r) => self.source[r.clone()].matches('\n').count(),
                    Segment::Slot { .. } => 0,
                })
                .sum()
        })
    }

    /// Indices of the computed fields, inputs before the fields they feed.
    pub fn compute_order(&self) -> &[usize] {
        &self.compute_order
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn stats(&self) -> Stats {
        let mut s = Stats {
            fields: self.fields.len(),
            ..Stats::default()
        };
        for f in &self.fields {
            match f.kind {
                Kind::Checkbox => s.checkboxes += 1,
                Kind::Blank => s.blanks += 1,
                _ => s.placeholders += 1,
            }
            let standalone = f
                .occurrences
                .iter()
                .find(|o| matches!(o.placement, Placement::Block | Placement::TableRows));
            if let Some(o) = standalone {
                s.standalone += 1;
                if o.placement == Placement::TableRows {
                    s.table_rows += 1;
                } else {
                    s.blocks += 1;
                }
            }
            if f.required {
                s.required += 1;
            }
        }
        s
    }
}

impl crate::limits::FieldCount for Template {
    fn field_count(&self) -> usize {
        self.fields.len()
    }
}
