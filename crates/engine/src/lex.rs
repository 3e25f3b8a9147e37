//! Line-level lexing: placeholders, code spans, link destinations, task markers, blanks,
//! headings, fences and table rows. Each function looks at one line and never fails.

use std::ops::Range;

/// A placeholder found in a line. `range` is relative to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lexed {
    pub range: Range<usize>,
    pub name: String,
}

/// Placeholders in one line, plus the byte offsets of `{{` that are never closed.
pub(crate) fn placeholders(line: &str) -> (Vec<Lexed>, Vec<usize>) {
    let b = line.as_bytes();
    let mut found = Vec::new();
    let mut unclosed = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        if i > 0 && b[i - 1] == b'\\' {
            // `\{NAME}` and `\{{ name }}` are literal text.
            i += if b.get(i + 1) == Some(&b'{') { 2 } else { 1 };
            continue;
        }
        if b.get(i + 1) == Some(&b'{') {
            let mut j = skip_blanks(b, i + 2);
            let start = j;
            if j < b.len() && (b[j].is_ascii_alphabetic() || b[j] == b'_') {
                j += 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let end = j;
                let k = skip_blanks(b, j);
                if b[k..].starts_with(b"}}") {
                    found.push(Lexed {
                        range: i..k + 2,
                        name: line[start..end].to_string(),
                    });
                    i = k + 2;
                    continue;
                }
                if !line[k..].contains("}}") {
                    unclosed.push(i);
                    i = end;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        if let Some(&c) = b.get(i + 1) {
            if c.is_ascii_uppercase() {
                let mut j = i + 2;
                while j < b.len()
                    && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_')
                {
                    j += 1;
                }
                if b.get(j) == Some(&b'}') {
                    found.push(Lexed {
                        range: i..j + 1,
                        name: line[i + 1..j].to_string(),
                    });
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    (found, unclosed)
}

fn skip_blanks(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    j
}

/// Byte ranges of inline code spans (backtick runs of equal length), backticks included.
pub(crate) fn code_spans(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let s = i;
            while i < b.len() && b[i] == b'`' {
                i += 1;
            }
            runs.push(s..i);
        } else {
            i += 1;
        }
    }
    let mut spans = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let open = &runs[k];
        let len = open.len();
        if let Some(m) = (k + 1..runs.len()).find(|&m| runs[m].len() == len) {
            spans.push(open.start..runs[m].end);
            k = m + 1;
        } else {
            k += 1;
        }
    }
    spans
}

/// Byte ranges of link and image destinations: `](here)`, `<here>` autolinks and
/// reference definitions `[label]: here`.
pub(crate) fn link_destinations(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(p) = line[i..].find("](") {
        let start = i + p + 2;
        let mut depth = 1;
        let mut j = start;
        while j < b.len() {
            match b[j] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        out.push(start..j);
        i = j.min(b.len());
        if i >= b.len() {
            break;
        }
    }
    let mut i = 0;
    while let Some(p) = line[i..].find('<') {
        let s = i + p + 1;
        match line[s..].find('>') {
            Some(q) if line[s..s + q].contains(':') && !line[s..s + q].contains(' ') => {
                out.push(s..s + q);
                i = s + q;
            }
            _ => i = s,
        }
    }
    let t = line.trim_start();
    if t.starts_with('[') {
        if let Some(q) = t.find("]:") {
            let off = line.len() - t.len() + q + 2;
            out.push(off..line.len());
        }
    }
    out
}

/// The `[ ]` / `[x]` marker of a task-list item, relative to the line.
pub(crate) fn task_marker(line: &str) -> Option<Range<usize>> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    if i < b.len() && matches!(b[i], b'-' | b'*' | b'+') {
        i += 1;
    } else {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s || i - s > 9 || !matches!(b.get(i), Some(b'.' | b')')) {
            return None;
        }
        i += 1;
    }
    let s = i;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i == s || i + 3 > b.len() {
        return None;
    }
    let marker = b[i] == b'[' && matches!(b[i + 1], b' ' | b'x' | b'X') && b[i + 2] == b']';
    if marker && (i + 3 == b.len() || matches!(b[i + 3], b' ' | b'\t')) {
        return Some(i..i + 3);
    }
    None
}

/// Runs of three or more underscores used as blanks, outside `skip` ranges.
pub(crate) fn blanks(line: &str, skip: &[Range<usize>]) -> Vec<Range<usize>> {
    if is_thematic_break(line) {
        return Vec::new();
    }
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'_' {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && b[i] == b'_' {
            i += 1;
        }
        let word_before = s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'\\');
        let word_after = i < b.len() && b[i].is_ascii_alphanumeric();
        let skipped = skip.iter().any(|r| r.start < i && s < r.end);
        if i - s >= 3 && !word_before && !word_after && !skipped {
            out.push(s..i);
        }
    }
    out
}

/// `***`, `---`, `___` (with optional spaces) alone on a line.
pub(crate) fn is_thematic_break(line: &str) -> bool {
    let t = line.trim();
    let Some(c) = t.chars().next() else {
        return false;
    };
    matches!(c, '-' | '*' | '_')
        && t.chars().all(|x| x == c || x == ' ' || x == '\t')
        && t.chars().filter(|&x| x == c).count() >= 3
}

/// An ATX heading: its level and text.
pub(crate) fn heading(line: &str) -> Option<(u8, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let hashes = t.bytes().take_while(|&c| c == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let mut text = rest.trim();
    let closing = text.trim_end_matches('#');
    if closing.is_empty() || closing.ends_with(' ') {
        text = closing.trim_end();
    }
    Some((hashes as u8, text))
}

/// An opening or closing code fence: its character and length.
pub(crate) fn fence(line: &str) -> Option<(u8, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line.as_bytes()[indent..];
    let c = *t.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.iter().take_while(|&&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// Cells of a table row, split on unescaped pipes; leading and trailing pipes dropped.
/// Each cell is returned as a trimmed string with its byte range in the line.
pub(crate) fn table_cells(line: &str) -> Vec<(Range<usize>, &str)> {
    let b = line.as_bytes();
    let mut s = line.len() - line.trim_start().len();
    let mut e = line.trim_end().len();
    if s < e && b[s] == b'|' {
        s += 1;
    }
    if e > s && b[e - 1] == b'|' && (e < 2 || b[e - 2] != b'\\') {
        e -= 1;
    }
    let mut cells = Vec::new();
    let mut cell_start = s;
    for i in s..e {
        if b[i] == b'|' && (i == 0 || b[i - 1] != b'\\') {
            cells.push(cell_start..i);
            cell_start = i + 1;
        }
    }
    cells.push(cell_start..e.max(cell_start));
    cells
        .into_iter()
        .map(|r| (r.clone(), line[r].trim()))
        .collect()
}

/// A GFM table delimiter row (`|---|:--:|`): its number of cells.
pub(crate) fn delimiter_cells(line: &str) -> Option<usize> {
    if !line.contains('-') {
        return None;
    }
    let cells = table_cells(line);
    let ok = !cells.is_empty()
        && cells.iter().all(|(_, c)| {
            let c = c.trim_start_matches(':').trim_end_matches(':');
            !c.is_empty() && c.bytes().all(|x| x == b'-')
        });
    ok.then_some(cells.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        placeholders(line).0.into_iter().map(|l| l.name).collect()
    }

    #[test]
    fn lexes_single_and_double_braces() {
        assert_eq!(
            names("a {GIT_SHA} b {{ name }} c {{X}}"),
            ["GIT_SHA", "name", "X"]
        );
        assert_eq!(
            names("{{ .Values.tag }} {{ toYaml . }} {\"retry\": 3} {id}"),
            Vec::<String>::new()
        );
        assert_eq!(names(r"\{NAME} \{{ name }}"), Vec::<String>::new());
        assert_eq!(names("${{COST}}/mo {X}ms {{{Y}}}"), ["COST", "X", "Y"]);
    }

    #[test]
    fn reports_unclosed_double_braces() {
        let (found, unclosed) = placeholders("see {{NAME} here");
        assert!(found.is_empty());
        assert_eq!(unclosed, [4]);
        assert!(placeholders("{{ toYaml . }}").1.is_empty());
    }

    #[test]
    fn splits_table_cells() {
        let cells: Vec<&str> = table_cells("| a | b \\| c | d |")
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(cells, ["a", "b \\| c", "d"]);
        let cells: Vec<&str> = table_cells("a | b").into_iter().map(|c| c.1).collect();
        assert_eq!(cells, ["a", "b"]);
        assert_eq!(delimiter_cells("|---|:--:|---:|"), Some(3));
        assert_eq!(delimiter_cells("| a | b |"), None);
    }

    #[test]
    fn finds_task_markers_and_blanks() {
        assert_eq!(task_marker("- [ ] do it"), Some(2..5));
        assert_eq!(task_marker("  1. [x] done"), Some(5..8));
        assert_eq!(task_marker("- [link](x)"), None);
        assert_eq!(blanks("**QA:** _____ Date: ___", &[]), [8..13, 20..23]);
        assert!(blanks("___", &[]).is_empty());
        assert!(blanks("__init__ a___b", &[]).is_empty());
    }
}
