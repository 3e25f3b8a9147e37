//! Readable labels: `AGENTS_P95` → "Agents p95", `**QA Lead:**` → "QA Lead".

/// Words kept in capitals inside labels.
const ACRONYMS: &[&str] = &[
    "API", "AWS", "CD", "CDN", "CI", "CPU", "CVE", "DB", "DNS", "GA", "GB", "GCP", "GPU", "HPA",
    "HTTP", "HTTPS", "ID", "IP", "JWT", "K8S", "KB", "KPI", "MB", "MTTR", "PM", "PPO", "PR", "PVC",
    "QA", "RBAC", "RL", "RPS", "SHA", "SHA256", "SLA", "SLO", "SQL", "SRE", "SSL", "TARS", "TB",
    "TLS", "TPE", "UI", "URL", "UTC", "VP", "WS",
];

/// A field name as a label: `INSERT_` dropped, words split on `_` and camelCase,
/// acronyms kept, percentiles lower-case, first word capitalised.
pub(crate) fn humanize(name: &str) -> String {
    let trimmed = name
        .strip_prefix("INSERT_")
        .filter(|r| !r.is_empty())
        .unwrap_or(name);
    let mut words: Vec<String> = Vec::new();
    for part in trimmed.split('_').filter(|p| !p.is_empty()) {
        let mut current = String::new();
        let chars: Vec<char> = part.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let boundary = i > 0 && c.is_uppercase() && chars[i - 1].is_lowercase();
            if boundary {
                words.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        words.push(current);
    }
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let upper = w.to_uppercase();
        let word = if upper == "MTLS" {
            "mTLS".to_string()
        } else if ACRONYMS.contains(&upper.as_str()) {
            upper
        } else if is_percentile(&upper) {
            w.to_lowercase()
        } else if i == 0 {
            let lower = w.to_lowercase();
            let mut cs = lower.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect())
                .unwrap_or_default()
        } else {
            w.to_lowercase()
        };
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        name.to_string()
    } else {
        out
    }
}

fn is_percentile(w: &str) -> bool {
    w.len() >= 2 && w.starts_with('P') && w[1..].chars().all(|c| c.is_ascii_digit())
}

/// Markdown text reduced to plain words: emphasis, code marks, list markers, trailing colons
/// and surrounding punctuation removed.
pub(crate) fn plain(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(['-', '*', '+', '>', '#', ' ']);
    let cleaned: String = t.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '_' || c.is_whitespace());
    let cleaned = cleaned.trim_end_matches([':', '-', '–', '—', '|']).trim();
    cleaned
        .trim_start_matches([':', '-', '–', '—', '|', ')'])
        .trim()
        .to_string()
}

/// The label of a blank from the text before it (`before = true`) or after it: code spans
/// removed, only the last clause kept (after `:` `.` `;` `,` `|`), at most six words,
/// first letter capitalised. `code` are code-span ranges of the line; `offset` is where
/// `text` starts in it.
pub(crate) fn blank_label(
    text: &str,
    code: &[std::ops::Range<usize>],
    offset: usize,
    before: bool,
) -> String {
    let kept: String = text
        .char_indices()
        .filter(|(i, _)| !code.iter().any(|r| r.contains(&(offset + i))))
        .map(|(_, c)| c)
        .collect();
    let cleaned = plain(&kept);
    let cleaned = cleaned.trim_matches(|c: char| {
        matches!(c, '(' | ')' | '[' | ']' | ',' | ';' | '.') || c.is_whitespace()
    });
    let clause = if before {
        cleaned
            .rsplit([':', '.', ';', ',', '|'])
            .next()
            .unwrap_or("")
    } else {
        cleaned
            .split([':', '.', ';', ',', '|'])
            .next()
            .unwrap_or("")
    };
    let words: Vec<&str> = clause.split_whitespace().collect();
    let words = if before {
        &words[words.len().saturating_sub(6)..]
    } else {
        &words[..words.len().min(6)]
    };
    let joined = plain(&words.join(" "));
    let mut cs = joined.chars();
    cs.next()
        .map(|f| f.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// A short name-safe slug of a label: lower-case words joined by `-`, at most six words.
pub(crate) fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(|w| w.to_lowercase())
        .collect();
    if words.is_empty() {
        "item".to_string()
    } else {
        words.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_names() {
        let cases = [
            ("AGENTS_P95", "Agents p95"),
            ("GIT_SHA", "Git SHA"),
            ("INSERT_GA_TIMELINE_ROWS", "GA timeline rows"),
            ("MTLS_SUCCESS_RATE", "mTLS success rate"),
            ("releaseVersion", "Release version"),
            ("name", "Name"),
            ("INSERT_", "Insert"),
        ];
        for (name, label) in cases {
            assert_eq!(humanize(name), label, "{name}");
        }
    }

    #[test]
    fn plain_text_labels() {
        assert_eq!(plain("**QA Lead:** "), "QA Lead");
        assert_eq!(plain(" Date: "), "Date");
        assert_eq!(
            plain(" All 5 hotfixes `implemented`"),
            "All 5 hotfixes implemented"
        );
        assert_eq!(
            slug("All 5 hotfixes implemented and validated today"),
            "all-5-hotfixes-implemented-and-validated"
        );
    }
}
