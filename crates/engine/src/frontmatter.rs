//! Optional YAML front matter: per-field label, kind, required, options, help, default,
//! unit. It is split off by hand (a `---` line at the very top, closed by `---` or `...`)
//! so byte offsets stay exact, and read by [`crate::yaml`], a YAML subset reader. Every problem is a diagnostic.
//!
//! ```yaml
//! ---
//! title: Weekly ops report
//! fields:
//!   AGENTS_P95: { label: Agents p95 latency, kind: number, unit: ms, help: From Grafana }
//!   NOTES: { required: false }
//! ---
//! ```

use crate::model::{Diagnostic, Kind, Severity, Template};
use crate::yaml::{self, Entry, Node};

/// The raw front matter: its text and the line it starts on (1-based, of the first YAML line).
pub(crate) struct FrontMatter {
    text: String,
    first_line: usize,
}

const FIELD_KEYS: &[&str] = &[
    "label", "kind", "required", "options", "help", "default", "unit",
];
const TOP_KEYS: &[&str] = &["title", "fields"];

/// Splits front matter from the body. Returns it (if any) and the body's byte offset.
pub(crate) fn split(
    source: &str,
    bom: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<FrontMatter>, usize) {
    let rest = &source[bom..];
    let first_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    if rest[..first_end].trim_end() != "---" {
        return (None, 0);
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < rest.len() {
        let end = rest[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(rest.len());
        let l = rest[pos..end].trim_end();
        if l == "---" || l == "..." {
            let text = rest[first_end..pos].to_string();
            return (
                Some(FrontMatter {
                    text,
                    first_line: 2,
                }),
                bom + end,
            );
        }
        pos = end;
        line += 1;
    }
    diagnostics.push(Diagnostic {
        severity: Severity::Error,
        line: 1,
        column: 1,
        message: format!(
            "front matter starts on line 1 but has no closing `---` (checked {} lines); it is read as ordinary text",
            line - 1
        ),
    });
    (None, 0)
}

/// Applies front matter to the parsed fields, reporting anything it cannot use.
pub(crate) fn apply(t: &mut Template, fm: FrontMatter, diagnostics: &mut Vec<Diagnostic>) {
    let mut diag = |line: usize, message: String| {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            line,
            column: 1,
            message,
        });
    };
    let doc = match yaml::parse(&fm.text) {
        Ok(d) => d,
        Err(e) => {
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                line: fm.first_line + e.line - 1,
                column: e.column,
                message: format!(
                    "front matter is not valid YAML: {}; it is ignored",
                    e.message
                ),
            });
            return;
        }
    };
    let line = |at: usize| fm.first_line + at - 1;
    let Node::Map(top) = doc else {
        if doc != Node::Null {
            diag(
                fm.first_line,
                "front matter must be a mapping of keys (`title:`, `fields:`); it is ignored"
                    .into(),
            );
        }
        return;
    };
    for Entry {
        key,
        line: at,
        value,
    } in top
    {
        match key.as_str() {
            "title" => match value {
                Node::Str(s) if !s.trim().is_empty() => t.title = s.trim().to_string(),
                _ => diag(line(at), "front matter `title` must be text".into()),
            },
            "fields" => {
                let Node::Map(fields) = value else {
                    diag(
                        line(at),
                        "front matter `fields` must map field names to settings".into(),
                    );
                    continue;
                };
                for Entry {
                    key: name,
                    line: at,
                    value: settings,
                } in fields
                {
                    let Some(index) = t.field_index(&name) else {
                        diag(
                            line(at),
                            format!(
                                "front matter describes `{name}`, which the template does not use"
                            ),
                        );
                        continue;
                    };
                    let Node::Map(settings) = settings else {
                        if settings != Node::Null {
                            diag(
                                line(at),
                                format!(
                                    "settings for `{name}` must be a mapping (label:, kind:, …)"
                                ),
                            );
                        }
                        continue;
                    };
                    for Entry {
                        key: sk,
                        line: sat,
                        value: sv,
                    } in settings
                    {
                        if let Err(msg) = apply_setting(t, index, &sk, &sv) {
                            diag(line(sat), format!("`{name}.{sk}`: {msg}"));
                        }
                    }
                }
            }
            other => diag(
                line(at),
                format!(
                    "unknown front matter key `{other}` (known: {}); it is ignored",
                    TOP_KEYS.join(", ")
                ),
            ),
        }
    }
}

fn apply_setting(t: &mut Template, index: usize, key: &str, v: &Node) -> Result<(), String> {
    let f = &mut t.fields[index];
    match key {
        "label" => {
            f.label = scalar(v)
                .filter(|s| !s.trim().is_empty())
                .ok_or("must be text")?
        }
        "help" => f.help = Some(scalar(v).ok_or("must be text")?),
        "unit" => f.unit = Some(scalar(v).ok_or("must be text")?),
        "default" => f.default = Some(scalar(v).ok_or("must be a single value")?),
        "required" => match v {
            Node::Bool(b) => f.required = *b,
            _ => return Err("must be true or false".into()),
        },
        "kind" => {
            let Node::Str(name) = v else {
                return Err("must be a kind name".into());
            };
            let kind = Kind::from_name(name).ok_or_else(|| {
                let known: Vec<&str> = Kind::ALL.iter().map(|(_, s)| *s).collect();
                format!("unknown kind `{name}` (known: {})", known.join(", "))
            })?;
            // Task items, blanks and table rows are fixed by the template's structure.
            let fixed = |k: &Kind| matches!(k, Kind::TableRows | Kind::Checkbox | Kind::Blank);
            let allowed = kind == f.kind || (kind == Kind::Block && f.kind == Kind::TableRows);
            if (fixed(&kind) || fixed(&f.kind)) && !allowed {
                return Err(format!(
                    "kind `{name}` does not fit how the template uses this field (as {}); kept {}",
                    f.kind.describe(),
                    f.kind.as_str()
                ));
            }
            if kind != Kind::Status {
                f.options.clear();
            }
            f.kind = kind;
        }
        "options" => {
            let Node::List(list) = v else {
                return Err("must be a list".into());
            };
            f.options = list
                .iter()
                .map(|o| scalar(o).ok_or("options must be text"))
                .collect::<Result<_, _>>()?;
        }
        other => {
            return Err(format!(
                "unknown setting `{other}` (known: {})",
                FIELD_KEYS.join(", ")
            ))
        }
    }
    Ok(())
}

/// A single value as text (`true` and `false` included); lists, mappings and null are not.
fn scalar(v: &Node) -> Option<String> {
    match v {
        Node::Str(s) => Some(s.clone()),
        Node::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
