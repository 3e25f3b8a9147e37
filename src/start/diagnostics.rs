//! A template's diagnostics as a list: where, how bad, what, and the source line around it.

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::{Diagnostic, Severity};

use super::controller::{Pending, Start};
use crate::ids;
use crate::text::plural;

/// At most this many diagnostics are listed; a line says how many more there are.
const MAX_DIAGNOSTICS_SHOWN: usize = 50;

/// One diagnostic as shown: where, how bad, what, and the source line around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DiagnosticRow {
    line: usize,
    column: usize,
    pub(super) severity: &'static str,
    message: String,
    excerpt: Excerpt,
}

/// A source line cut around a column: the character at the column is `at` (empty at the
/// end of the line); `…` marks cut ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Excerpt {
    before: String,
    at: String,
    after: String,
}

const EXCERPT_BEFORE: usize = 60;
const EXCERPT_AFTER: usize = 80;

fn excerpt(source: &str, line: usize, column: usize) -> Excerpt {
    let Some(text) = line.checked_sub(1).and_then(|i| source.lines().nth(i)) else {
        return Excerpt::default();
    };
    let chars: Vec<char> = text.trim_start_matches('\u{feff}').chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(EXCERPT_BEFORE);
    let end = (col + 1 + EXCERPT_AFTER).min(chars.len());
    let mut before: String = chars[start..col].iter().collect();
    if start > 0 {
        before.insert(0, '…');
    }
    let at: String = chars.get(col).map(|c| c.to_string()).unwrap_or_default();
    let mut after: String = chars[(col + 1).min(end)..end].iter().collect();
    if end < chars.len() {
        after.push('…');
    }
    Excerpt { before, at, after }
}

pub(super) fn diagnostic_rows(source: &str, diagnostics: &[Diagnostic]) -> Vec<DiagnosticRow> {
    let mut rows: Vec<DiagnosticRow> = diagnostics
        .iter()
        .map(|d| DiagnosticRow {
            line: d.line,
            column: d.column,
            severity: match d.severity {
                Severity::Error => "Error",
                Severity::Warning => "Warning",
            },
            message: d.message.clone(),
            excerpt: excerpt(source, d.line, d.column),
        })
        .collect();
    rows.sort_by_key(|r| (r.line, r.column));
    rows
}

/// A message split at backticks: `(true, text)` for a code span. An unpaired backtick is
/// kept as text.
fn code_spans(message: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            out.push((false, rest[..open].to_string()));
        }
        out.push((true, rest[open + 1..open + 1 + len].to_string()));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push((false, rest.to_string()));
    }
    out
}

/// The diagnostics as the list "Problems" (the first [`MAX_DIAGNOSTICS_SHOWN`], then how
/// many more). A long list scrolls on its own, so it must be reachable by keyboard.
pub(super) fn diagnostic_list(rows: Vec<DiagnosticRow>) -> impl IntoView {
    let more = rows.len().saturating_sub(MAX_DIAGNOSTICS_SHOWN);
    let long = rows.len() > 5;
    let items = rows
        .into_iter()
        .take(MAX_DIAGNOSTICS_SHOWN)
        .map(|row| {
            let is_error = row.severity == "Error";
            let Excerpt { before, at, after } = row.excerpt;
            let has_source = !(before.is_empty() && at.is_empty() && after.is_empty());
            view! {
                <li class="diagnostic" class:is-error=is_error class:is-warning=!is_error>
                    <p class="diagnostic-head">
                        <span class="diagnostic-where">{format!("Line {}:{}", row.line, row.column)}</span>
                        " "
                        <span class="diagnostic-severity">{row.severity}</span>
                    </p>
                    <p class="diagnostic-message">
                        {code_spans(&row.message)
                            .into_iter()
                            .map(|(code, text)| if code {
                                view! { <code>{text}</code> }.into_any()
                            } else {
                                text.into_any()
                            })
                            .collect_view()}
                    </p>
                    {has_source.then(|| view! {
                        <code class="diagnostic-source">{before}<mark>{at}</mark>{after}</code>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ol
            class="diagnostic-list"
            class:is-long=long
            aria-label="Problems"
            tabindex=long.then_some("0")
        >
            {items}
        </ol>
        {(more > 0).then(|| view! {
            <p class="diagnostics-more">{format!("…and {more} more.")}</p>
        })}
    }
}

/// The diagnostics of a custom template, with "Open anyway" and "Cancel".
#[component]
pub(super) fn DiagnosticsPanel(pending: Arc<Pending>) -> impl IntoView {
    let start = expect_context::<Start>();
    let rows = diagnostic_rows(&pending.source, pending.template.diagnostics());
    let total = rows.len();
    let has_errors = rows.iter().any(|r| r.severity == "Error");
    view! {
        <section class="diagnostics" class:has-errors=has_errors aria-labelledby=ids::DIAGNOSTICS_HEADING>
            <h2 id=ids::DIAGNOSTICS_HEADING tabindex="-1">
                {format!("“{}” has {}", pending.name, plural(total, "problem"))}
            </h2>
            <p class="diagnostics-intro">
                "It still opens, but the fields near these lines may be missing or not what you \
                 meant. Fix the file and open it again, or open it as it is."
            </p>
            {diagnostic_list(rows)}
            <div class="diagnostics-actions">
                <button type="button" class="button button-primary" on:click=move |_| start.open_anyway()>
                    "Open anyway"
                </button>
                <button type="button" class="button" on:click=move |_| start.cancel()>
                    "Cancel"
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_marks_the_column() {
        let src = "\u{feff}# T\nBuild: {{ SHA\r\nlast";
        let e = excerpt(src, 2, 8);
        assert_eq!(
            (e.before.as_str(), e.at.as_str(), e.after.as_str()),
            ("Build: ", "{", "{ SHA")
        );
        let e = excerpt(src, 1, 1);
        assert_eq!(
            (e.before.as_str(), e.at.as_str(), e.after.as_str()),
            ("", "#", " T")
        );
        let e = excerpt(src, 3, 99);
        assert_eq!(
            (e.before.as_str(), e.at.as_str(), e.after.as_str()),
            ("last", "", "")
        );
        assert_eq!(excerpt(src, 0, 1), Excerpt::default());
        assert_eq!(excerpt(src, 9, 1), Excerpt::default());
    }

    #[test]
    fn excerpt_cuts_long_lines_around_the_column() {
        let line: String = "é".repeat(500);
        let e = excerpt(&line, 1, 250);
        assert!(e.before.starts_with('…') && e.after.ends_with('…'));
        assert_eq!(e.before.chars().count(), EXCERPT_BEFORE + 1);
        assert_eq!(e.at, "é");
        assert_eq!(e.after.chars().count(), EXCERPT_AFTER + 1);
    }

    #[test]
    fn diagnostic_rows_are_in_source_order_with_line_numbers() {
        let src = "# T\n\nA {{ OPEN\nB {{ AGAIN\n";
        let template = report_engine::parse(src);
        let rows = diagnostic_rows(src, template.diagnostics());
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].line, rows[0].column), (3, 3));
        assert_eq!(rows[1].line, 4);
        assert!(["Error", "Warning"].contains(&rows[0].severity));
        assert_eq!(rows[0].excerpt.at, "{");
    }

    #[test]
    fn code_spans_split_at_paired_backticks() {
        assert_eq!(
            code_spans("`{{` is never closed"),
            [
                (true, "{{".to_string()),
                (false, " is never closed".to_string())
            ]
        );
        assert_eq!(
            code_spans("a `b` c `d"),
            [
                (false, "a ".to_string()),
                (true, "b".to_string()),
                (false, " c `d".to_string())
            ]
        );
        assert_eq!(code_spans("plain"), [(false, "plain".to_string())]);
        assert_eq!(code_spans(""), []);
    }
}
