//! The report engine: everything the editor and the CLI know about report templates.
//!
//! It parses a Markdown template into fields (never failing: problems become
//! [`Diagnostic`]s), infers each field's kind, validates values and fills the template.
//! It has no browser, UI or I/O imports; callers hand it strings and get strings back.

pub mod builtins;
mod calendar;
mod checkpoint;
pub mod compute;
pub mod draft;
mod envelope;
mod fill;
pub mod formula;
mod frontmatter;
pub mod implicit;
pub mod import;
pub mod infer;
mod label;
mod lex;
pub mod library;
pub mod limits;
mod model;
mod parse;
mod place;
pub mod render;
pub mod results;
pub mod share;
pub mod tables;
mod validate;
pub mod values;
pub mod yaml;

pub use builtins::{builtin, builtins, Builtin};
pub use draft::{Backup, Draft, DraftIndex, DraftSummary, TemplateRef};
pub use fill::{fill, fill_chunk, plain_inline, preview_chunk, render_with, Unfilled};
pub use model::*;
pub use validate::{by_section, check, validate, Problem, ProblemKind};
pub use values::{describe as describe_value, Value, Values, NOT_APPLICABLE};

/// Parses a template. Never fails: problems are reported in [`Template::diagnostics`].
///
/// A template with no placeholder (or with front matter `report: { implicit: true }`) is
/// read through the places [`implicit::discover`] finds in it: the result is the parse of
/// its explicit form [`implicit::adopt`], so [`Template::source`] is that form and
/// [`Template::places`] lists what was found (lines of the text as given).
pub fn parse(source: &str) -> Template {
    let (template, implicit) = parse::parse(source);
    let look = implicit.unwrap_or_else(|| template.stats().placeholders == 0);
    if !look {
        return template;
    }
    let taken = template.fields().iter().map(|f| f.name.clone()).collect();
    let found = implicit::discover(source, &taken);
    if found.places.is_empty() {
        return template;
    }
    let (mut adopted, _) = parse::parse(&implicit::adopt(source, &found.places));
    adopted.diagnostics.extend(found.diagnostics);
    adopted.places = found.places;
    adopted
}

/// The template in explicit syntax, with every place [`implicit::discover`] finds in it
/// (see [`implicit::adopt`]); `None` when it is read as written (it has placeholders and
/// front matter does not ask for implicit places) or nothing was found.
pub fn adopt(source: &str) -> Option<String> {
    let t = parse(source);
    (!t.places().is_empty()).then(|| t.source().to_string())
}

/// Why a stored, shared or given value (a draft, an index, a backup, a library, a draft
/// file or share link, `VALUES.json`) cannot be used: a message for a person, naming what
/// is wrong and, where it can, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

/// A stable id for a template's text: the first 16 hex digits of its SHA-256. Custom
/// templates are stored and referenced by it.
pub fn content_hash(source: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(source.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_hash_is_stable() {
        assert_eq!(super::content_hash(""), "e3b0c44298fc1c14");
        assert_ne!(super::content_hash("a"), super::content_hash("b"));
    }
}
