//! Optional YAML front matter: per-field label, kind, required, options, help, default,
//! unit. It is split off by hand (a `---` line at the very top, closed by `---` or `...`)
//! so byte offsets stay exact, and read with `yaml-rust2`. Every problem is a diagnostic.
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
use yaml_rust2::{Yaml, YamlLoader};

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
    let docs = match YamlLoader::load_from_str(&fm.text) {
        Ok(d) => d,
        Err(e) => {
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                line: fm.first_line + e.marker().line().saturating_sub(1),
                column: e.marker().col() + 1,
                message: format!(
                    "front matter is not valid YAML: {}; it is ignored",
                    e.info()
                ),
            });
            return;
        }
    };
    let Some(doc) = docs.into_iter().next() else {
        return;
    };
    let Yaml::Hash(top) = doc else {
        if doc != Yaml::Null {
            diag(
                fm.first_line,
                "front matter must be a mapping of keys (`title:`, `fields:`); it is ignored"
                    .into(),
            );
        }
        return;
    };
    let line_of =
        |key: &str, from: usize| -> usize { find_key_line(&fm.text, key, from) + fm.first_line };
    for (k, v) in top {
        let key = yaml_key(&k);
        match key.as_str() {
            "title" => match v.as_str() {
                Some(s) if !s.trim().is_empty() => t.title = s.trim().to_string(),
                _ => diag(
                    line_of("title", 0),
                    "front matter `title` must be text".into(),
                ),
            },
            "fields" => {
                let Yaml::Hash(fields) = v else {
                    diag(
                        line_of("fields", 0),
                        "front matter `fields` must map field names to settings".into(),
                    );
                    continue;
                };
                let fields_line = find_key_line(&fm.text, "fields", 0);
                for (name, settings) in fields {
                    let name = yaml_key(&name);
                    let at = find_key_line(&fm.text, &name, fields_line);
                    let line = at + fm.first_line;
                    let Some(index) = t.field_index(&name) else {
                        diag(
                            line,
                            format!(
                                "front matter describes `{name}`, which the template does not use"
                            ),
                        );
                        continue;
                    };
                    let Yaml::Hash(settings) = settings else {
                        if settings != Yaml::Null {
                            diag(
                                line,
                                format!(
                                    "settings for `{name}` must be a mapping (label:, kind:, …)"
                                ),
                            );
                        }
                        continue;
                    };
                    for (sk, sv) in settings {
                        let sk = yaml_key(&sk);
                        let sline = find_key_line(&fm.text, &sk, at) + fm.first_line;
                        if let Err(msg) = apply_setting(t, index, &sk, &sv) {
                            diag(sline, format!("`{name}.{sk}`: {msg}"));
                        }
                    }
                }
            }
            other => diag(
                line_of(other, 0),
                format!(
                    "unknown front matter key `{other}` (known: {}); it is ignored",
                    TOP_KEYS.join(", ")
                ),
            ),
        }
    }
}

fn apply_setting(t: &mut Template, index: usize, key: &str, v: &Yaml) -> Result<(), String> {
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
        "required" => f.required = v.as_bool().ok_or("must be true or false")?,
        "kind" => {
            let name = v.as_str().ok_or("must be a kind name")?;
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
            let list = v.as_vec().ok_or("must be a list")?;
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

fn scalar(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn yaml_key(k: &Yaml) -> String {
    scalar(k).unwrap_or_else(|| format!("{k:?}"))
}

/// 0-based line (within the front matter) where `key:` first appears at or after `from`.
fn find_key_line(text: &str, key: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches(['{', ',', ' ']);
            let t = t.trim_start_matches(['"', '\'']);
            t.starts_with(key)
                && t[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
        })
        .map(|(i, _)| i)
        .unwrap_or(from)
}
