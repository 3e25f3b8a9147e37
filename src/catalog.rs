//! The built-in templates, parsed once, and the counts shown under a template's name.

use std::sync::OnceLock;

use report_engine::{Stats, Template};

/// A built-in template, parsed once.
#[derive(Debug)]
pub struct Entry {
    /// The built-in's stable id (`staging-deployment-report`).
    pub id: &'static str,
    pub template: Template,
}

/// Every built-in template, parsed by the engine on first use and kept for the page's life.
pub fn catalog() -> &'static [Entry] {
    static CATALOG: OnceLock<Vec<Entry>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        report_engine::builtins()
            .iter()
            .map(|b| Entry {
                id: b.id,
                template: report_engine::parse(b.source),
            })
            .collect()
    })
}

/// The non-zero counts shown under a template's name, e.g.
/// `["389 placeholders", "25 checkboxes", "10 blanks"]`.
pub fn count_parts(stats: &Stats) -> Vec<String> {
    [
        (stats.placeholders, "placeholder", "placeholders"),
        (stats.checkboxes, "checkbox", "checkboxes"),
        (stats.blanks, "blank", "blanks"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect()
}

/// The counts line as text: "389 placeholders · 25 checkboxes · 10 blanks" (zero counts left
/// out), or "No fields".
pub fn counts_text(stats: &Stats) -> String {
    let parts = count_parts(stats);
    if parts.is_empty() {
        NO_FIELDS.to_owned()
    } else {
        parts.join(SEPARATOR)
    }
}

pub const NO_FIELDS: &str = "No fields";
pub const SEPARATOR: &str = " · ";

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(placeholders: usize, checkboxes: usize, blanks: usize) -> Stats {
        Stats {
            placeholders,
            checkboxes,
            blanks,
            ..Stats::default()
        }
    }

    #[test]
    fn counts_text_joins_non_zero_counts() {
        assert_eq!(
            counts_text(&stats(389, 25, 10)),
            "389 placeholders · 25 checkboxes · 10 blanks"
        );
        assert_eq!(
            counts_text(&stats(185, 0, 3)),
            "185 placeholders · 3 blanks"
        );
        assert_eq!(counts_text(&stats(0, 4, 0)), "4 checkboxes");
    }

    #[test]
    fn counts_text_uses_singular_for_one() {
        assert_eq!(
            counts_text(&stats(1, 1, 1)),
            "1 placeholder · 1 checkbox · 1 blank"
        );
    }

    #[test]
    fn counts_text_without_fields() {
        assert_eq!(counts_text(&Stats::default()), "No fields");
    }

    #[test]
    fn catalog_has_every_builtin_parsed_once() {
        let first = catalog();
        assert_eq!(first.len(), report_engine::builtins().len());
        for (entry, builtin) in first.iter().zip(report_engine::builtins()) {
            assert_eq!(entry.id, builtin.id);
            assert_eq!(
                entry.template.title(),
                report_engine::parse(builtin.source).title()
            );
        }
        assert!(std::ptr::eq(first, catalog()), "catalog is built only once");
    }
}
