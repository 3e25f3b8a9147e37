//! A place to fill found in a template without placeholders ([`Place`], [`PlaceKind`]).
//! `implicit` finds and adopts places; the parsed `Template` keeps them (`model`), so the
//! type lives below both. Public as `implicit::{Place, PlaceKind}`.

use serde::Serialize;
use std::ops::Range;

/// How a place was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A heading whose section is empty or holds only guidance: a Markdown block.
    Section,
    /// `Label:` with nothing after it: one line of text.
    Label,
    /// An empty cell of a table whose other cells name it.
    Cell,
    /// A table with no filled body rows: table rows.
    Table,
    /// Prose in braces or angle brackets (`{short title}`, `<package>`).
    Prose,
    /// A list whose items are all prose placeholders: a list the person writes.
    List,
    /// An empty fenced code block: a block inside the fence.
    Fence,
    /// A prose value in the document's own front matter (`author: (name)`).
    FrontMatter,
    /// Part of a heading to replace: `# Title`, `KEP-NNNN`, `Release MM/DD/YYYY`.
    Heading,
}

impl PlaceKind {
    /// A phrase for the list of found places.
    pub fn describe(&self) -> &'static str {
        match self {
            PlaceKind::Section => "empty section",
            PlaceKind::Label => "label with nothing after it",
            PlaceKind::Cell => "empty table cell",
            PlaceKind::Table => "table without rows",
            PlaceKind::Prose => "text in braces",
            PlaceKind::List => "list of placeholders",
            PlaceKind::Fence => "empty code block",
            PlaceKind::FrontMatter => "front matter value",
            PlaceKind::Heading => "part of a heading",
        }
    }
}

/// One place to fill, found without a placeholder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// 1-based line in the text as given (for a section: its heading; a table: its header).
    pub line: usize,
    pub kind: PlaceKind,
    /// The field name it becomes (`{{name}}`).
    pub name: String,
    pub label: String,
    /// The guidance found there, shown as help and left out of the report.
    pub help: Option<String>,
    pub optional: bool,
    /// Choices written as `{proposed | accepted | rejected}`.
    pub options: Vec<String>,
    /// For a table: how many blank rows the template has (the grid starts with them).
    pub rows: usize,
    /// The bytes of the source the placeholder replaces, and the text around it.
    #[serde(skip)]
    pub(crate) range: Range<usize>,
    #[serde(skip)]
    pub(crate) prefix: &'static str,
    #[serde(skip)]
    pub(crate) suffix: &'static str,
    /// What makes two places one field: the same prose written twice.
    #[serde(skip)]
    pub(crate) key: String,
}
