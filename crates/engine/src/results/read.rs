//! Finding a file's format and handing it to its reader.

use super::measure::{line_at, Format, Results, ResultsError};
use super::{csv_plain, json_flat, junit, k6, locust};

/// Reads a results file. A name ending `.xml` or `.json` is read as that; otherwise the
/// content decides (see the module doc).
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Results, ResultsError> {
    crate::limits::check_results_size(bytes.len()).map_err(ResultsError::new)?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ResultsError::new(
            "the file is UTF-16 text; save it as UTF-8 and try again",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ResultsError::at(
            line_at(bytes, e.valid_up_to()),
            "the file is not UTF-8 text (is it a results file?)",
        )
    })?;
    let start = text.trim_start();
    if start.is_empty() {
        return Err(ResultsError::new("the file is empty"));
    }
    let ext = extension(file_name);
    let measures_format = if ext == "xml" || (ext != "json" && start.starts_with('<')) {
        (junit::read(text)?, Format::Junit)
    } else if ext == "json" || start.starts_with('{') || start.starts_with('[') {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            ResultsError::at(
                e.line().max(1),
                format!("not valid JSON: {}", json_reason(&e)),
            )
        })?;
        if k6::is_k6(&value) {
            (k6::read(&value)?, Format::K6)
        } else {
            (json_flat::read(text, &value)?, Format::Json)
        }
    } else {
        check_quotes(text)?;
        if locust::is_locust(start) {
            (locust::read(text)?, Format::Locust)
        } else if locust::is_history(start) {
            return Err(ResultsError::at(
                1,
                "this is Locust's stats history (`*_stats_history.csv`); open the `*_stats.csv` file written beside it",
            ));
        } else {
            (csv_plain::read(text)?, Format::Csv)
        }
    };
    let (measures, format) = measures_format;
    Ok(Results { format, measures })
}

fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// serde_json's message without its own "at line L column C" (the line is ours to show).
fn json_reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => format!("{} (column {})", &s[..i], e.column()),
        None => s,
    }
}

/// CSV readers take an unclosed quote as a field running to the end of the file; say
/// where it opened instead.
fn check_quotes(text: &str) -> Result<(), ResultsError> {
    let b = text.as_bytes();
    let (mut i, mut field_start, mut open) = (0, true, None);
    while i < b.len() {
        let c = b[i];
        if open.is_some() {
            if c == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
        } else if c == b'"' && field_start {
            open = Some(i);
        }
        field_start = open.is_none() && matches!(c, b',' | b'\n' | b'\r');
        i += 1;
    }
    match open {
        Some(at) => Err(ResultsError::at(
            line_at(b, at),
            "a quoted field opens here and is never closed (a `\"` is missing)",
        )),
        None => Ok(()),
    }
}
