//! The one safe Markdown renderer. Everything the page shows as HTML, and the standalone
//! HTML export, comes out of [`to_html`] / [`to_html_marked`]:
//!
//! - GitHub-style tables, task lists and strikethrough.
//! - Raw HTML (blocks and inline, comments included) is shown as text, never parsed.
//! - Link destinations must be `http:`, `https:`, `mailto:`, a relative path or a `#` anchor,
//!   checked after entity and percent decoding with control characters and whitespace
//!   removed; other links render as plain text. Links open in a new tab.
//! - Images never load (the page makes no requests): an allowed image becomes a link
//!   labelled with its alt text, a disallowed one plain text.
//! - Preview marks: the preview fill writes private-use sentinels ([`MISSING`], [`INVALID`],
//!   [`ANCHOR`] … [`END`]) around field indices; they become `<mark>` / anchor elements.
//!   Malformed or unknown sentinels are dropped.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

/// Starts a "not filled" mark: `MISSING` + field index + `END`.
pub const MISSING: char = '\u{E000}';
/// Starts an "invalid value" badge: `INVALID` + field index + `END`.
pub const INVALID: char = '\u{E001}';
/// Ends a mark.
pub const END: char = '\u{E002}';
/// Starts an invisible anchor at a field's use: `ANCHOR` + field index + `END`.
pub const ANCHOR: char = '\u{E003}';
/// Starts a plain value the page may update in place: `VALUE` + field index + `END`, the
/// value's text, then [`VALUE_END`]. It becomes `<span data-value="…">`.
pub const VALUE: char = '\u{E004}';
/// Ends a [`VALUE`].
pub const VALUE_END: char = '\u{E005}';

/// True for the private-use characters the preview uses as sentinels.
pub fn is_sentinel(c: char) -> bool {
    matches!(c, MISSING | INVALID | END | ANCHOR | VALUE | VALUE_END)
}

/// What the preview shows for a mark: the text inside it and its tooltip.
pub struct MarkText {
    pub text: String,
    pub title: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// Safe HTML for Markdown.
pub fn to_html(markdown: &str) -> String {
    to_html_marked(markdown, &|_, _| None)
}

/// Safe HTML for Markdown with preview marks. `mark(kind, field)` gives the text and title
/// for a [`MISSING`] or [`INVALID`] mark of that field, or `None` to drop the mark.
pub fn to_html_marked(markdown: &str, mark: &dyn Fn(char, usize) -> Option<MarkText>) -> String {
    // Consecutive text events are merged so a sentinel is never split between them.
    let mut merged: Vec<Event> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        if let (Event::Text(t), Some(Event::Text(prev))) = (&event, merged.last_mut()) {
            let mut joined = prev.to_string();
            joined.push_str(t);
            *prev = CowStr::from(joined);
            continue;
        }
        merged.push(event);
    }
    // Text becomes pre-escaped HTML; links and images become our own tags. Everything goes
    // through one `push_html` call so table and list state stays intact.
    let mut links: Vec<bool> = Vec::new();
    let mapped = merged.into_iter().map(|event| match event {
        Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
            Event::Html(text_html(&t, mark).into())
        }
        Event::Code(t) => Event::Html(format!("<code>{}</code>", text_html(&t, mark)).into()),
        Event::Start(Tag::Link { dest_url, .. }) => {
            let (html, ok) = open_link(&dest_url, "", "");
            links.push(ok);
            Event::Html(html.into())
        }
        Event::Start(Tag::Image { dest_url, .. }) => {
            let (html, ok) = open_link(&dest_url, " class=\"image-link\"", "🖼 ");
            links.push(ok);
            Event::Html(html.into())
        }
        // A glyph, not a form control: the report is a document, and unlabelled disabled
        // checkboxes are noise for assistive technology.
        Event::TaskListMarker(done) => Event::Html(
            (if done {
                "<span class=\"task-marker done\" role=\"img\" aria-label=\"Done\">☑</span> "
            } else {
                "<span class=\"task-marker\" role=\"img\" aria-label=\"Not done\">☐</span> "
            })
            .into(),
        ),
        Event::End(TagEnd::Link | TagEnd::Image) => Event::Html(
            (if links.pop().unwrap_or(false) {
                "</a>"
            } else {
                "</span>"
            })
            .into(),
        ),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, mapped);
    // A table scrolls sideways when its cells are wider than the page (`report.css`), so
    // it takes focus and the keyboard can scroll it. Every text is escaped above, so each
    // `<table>` here is the renderer's own.
    if out.contains(TABLE) {
        out = out.replace(TABLE, "<table tabindex=\"0\">");
    }
    out
}

const TABLE: &str = "<table>";

/// The opening tag for a link or image destination, and whether it is a live link (`<a>`)
/// rather than a blocked one (`<span>`), so the caller can close it to match.
fn open_link(dest_url: &str, class: &str, prefix: &str) -> (String, bool) {
    let dest = link_target(dest_url);
    if allowed_url(&dest) {
        // escape_href percent-encodes quotes and angle brackets and writes `&` and `'` as
        // entities: the result is ready for a quoted attribute (escaping it again would
        // break query strings: `&amp;amp;`).
        let mut href = String::new();
        let _ = escape_href(&mut href, &dest);
        let tag = format!(
            "<a{class} href=\"{href}\" target=\"_blank\" rel=\"noopener noreferrer\">{prefix}"
        );
        (tag, true)
    } else {
        (format!("<span class=\"link-blocked\">{prefix}"), false)
    }
}

fn text_html(text: &str, mark: &dyn Fn(char, usize) -> Option<MarkText>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    write_text(&mut out, text, mark);
    out
}

/// Writes text HTML-escaped, turning well-formed sentinels into marks and dropping others.
/// A value span opened here is closed here, so the HTML stays well formed whatever the
/// sentinels around it.
fn write_text(out: &mut String, text: &str, mark: &dyn Fn(char, usize) -> Option<MarkText>) {
    let mut rest = text;
    let mut open_value = false;
    while let Some(pos) = rest.find(is_sentinel) {
        let _ = escape_html_body_text(&mut *out, &rest[..pos]);
        let kind = rest[pos..].chars().next().expect("sentinel");
        let after = &rest[pos + kind.len_utf8()..];
        if kind == VALUE_END {
            if open_value {
                out.push_str("</span>");
                open_value = false;
            }
            rest = after;
            continue;
        }
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let well_formed =
            kind != END && digits > 0 && digits < 10 && after[digits..].starts_with(END);
        if !well_formed {
            rest = after;
            continue;
        }
        let field: usize = after[..digits].parse().expect("digits");
        rest = &after[digits + END.len_utf8()..];
        if kind == ANCHOR {
            out.push_str(&format!(
                "<span class=\"anchor\" data-anchor=\"{field}\"></span>"
            ));
        } else if kind == VALUE {
            if !open_value {
                out.push_str(&format!("<span data-value=\"{field}\">"));
                open_value = true;
            }
        } else if let Some(m) = mark(kind, field) {
            let class = if kind == MISSING {
                "ph ph-missing"
            } else {
                "ph ph-invalid"
            };
            out.push_str(&format!(
                "<mark class=\"{class}\" data-field=\"{field}\" title=\""
            ));
            let _ = escape_html(&mut *out, &m.title);
            out.push_str("\">");
            let _ = escape_html_body_text(&mut *out, &m.text);
            out.push_str("</mark>");
        }
    }
    let _ = escape_html_body_text(&mut *out, rest);
    if open_value {
        out.push_str("</span>");
    }
}

/// A link destination as a browser's URL parser reads it before anything else: leading
/// and trailing C0 controls and spaces dropped, tabs and line breaks removed anywhere.
/// The allow-list is checked on this, and this is what the `href` says, so the link
/// goes where it was judged to go (`&#1;https://x` is `https://x`, not a relative path).
fn link_target(dest: &str) -> String {
    dest.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The destination allow-list: `http`, `https`, `mailto`, relative paths and `#` anchors.
/// Percent escapes are decoded and control characters and whitespace removed before the
/// scheme is read (entities are already decoded by the Markdown parser).
pub fn allowed_url(url: &str) -> bool {
    let decoded = percent_decode(url);
    let cleaned: String = decoded
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let lower = cleaned.to_lowercase();
    // A scheme is everything before the first ':' if no '/', '?' or '#' comes earlier.
    match lower.find([':', '/', '?', '#']) {
        Some(i) if lower.as_bytes()[i] == b':' => {
            let scheme = &lower[..i];
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => !lower.starts_with("\\\\") && !cleaned.contains('\\'),
    }
}

/// Decodes `%XX` escapes repeatedly (so `%256A` cannot smuggle a `j`), lossily.
fn percent_decode(s: &str) -> String {
    let mut current = s.to_string();
    for _ in 0..4 {
        let b = current.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        let mut changed = false;
        while i < b.len() {
            if b[i] == b'%' && i + 2 < b.len() {
                let hex = |c: u8| (c as char).to_digit(16);
                if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    changed = true;
                    continue;
                }
            }
            out.push(b[i]);
            i += 1;
        }
        current = String::from_utf8_lossy(&out).into_owned();
        if !changed {
            break;
        }
    }
    current
}

/// A standalone HTML document for a rendered report: the CSS inlined, no scripts, and a
/// CSP that forbids scripts and remote loads even if the file is opened anywhere.
pub fn standalone_html(title: &str, body_html: &str, css: &str) -> String {
    let mut t = String::new();
    let _ = escape_html_body_text(&mut t, title);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n<article class=\"report\">\n{body_html}</article>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_allow_list() {
        for ok in [
            "https://x.test",
            "HTTP://x",
            "mailto:a@b",
            "./a.md",
            "/abs",
            "#top",
            "report.html",
            "a/b:c",
        ] {
            assert!(allowed_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "%6Aavascript:alert(1)",
            "%256Aavascript:alert(1)",
            " javascript:x",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
            "\\\\evil\\share",
        ] {
            assert!(!allowed_url(bad), "{bad}");
        }
    }

    #[test]
    fn raw_html_is_text() {
        let html =
            to_html("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> <!-- c -->");
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;") && html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn links_and_images() {
        let html = to_html("[a](javascript:alert(1)) [b](Javas&#99;ript:alert(1)) [c](https://ok.test) ![d](https://x.test/i.png)");
        assert!(
            !html.contains("href=\"javascript") && !html.contains("href=\"Javas"),
            "{html}"
        );
        assert!(
            html.contains(
                "<a href=\"https://ok.test\" target=\"_blank\" rel=\"noopener noreferrer\">c</a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("class=\"image-link\"") && html.contains("🖼 d") && !html.contains("<img"),
            "{html}"
        );
    }

    #[test]
    fn hrefs_are_what_the_browser_would_follow() {
        // Entities decode to controls and line breaks; the URL parser would drop them
        // around and inside the destination, so the href does too.
        let html = to_html("[a](&#1;https://ok.test/&#32;) [b](<https://ok.test/a&#10;b>)");
        assert!(html.contains("<a href=\"https://ok.test/\""), "{html}");
        assert!(html.contains("<a href=\"https://ok.test/ab\""), "{html}");
        let html = to_html("[c](&#1;javascript:alert(1)) [d](&#31;java&#9;script:x)");
        assert!(!html.contains("<a "), "{html}");
        assert_eq!(
            html.matches("<span class=\"link-blocked\">").count(),
            2,
            "{html}"
        );
    }

    #[test]
    fn hrefs_are_escaped_once() {
        let html = to_html(
            "[q](https://x.test/?a=1&b=2) [a](https://x.test/it's) [t](https://x.test/\"x\"<y>)",
        );
        assert!(
            html.contains("href=\"https://x.test/?a=1&amp;b=2\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://x.test/it&#x27;s\""), "{html}");
        assert!(
            html.contains("href=\"https://x.test/%22x%22%3Cy%3E\""),
            "{html}"
        );
    }

    #[test]
    fn marks() {
        let md =
            format!("a {MISSING}3{END} b {ANCHOR}4{END}c {INVALID}9{END} {MISSING}x{END} {END}");
        let html = to_html_marked(&md, &|k, f| {
            (f == 3 || (k == INVALID && f == 9)).then(|| MarkText {
                text: "{X}<".into(),
                title: "t\"".into(),
            })
        });
        assert_eq!(
            html,
            "<p>a <mark class=\"ph ph-missing\" data-field=\"3\" title=\"t&quot;\">{X}&lt;</mark> b \
             <span class=\"anchor\" data-anchor=\"4\"></span>c \
             <mark class=\"ph ph-invalid\" data-field=\"9\" title=\"t&quot;\">{X}&lt;</mark> x </p>\n"
        );
    }

    /// GFM tables (focusable, as they may scroll), task lists and strikethrough; a `<table>`
    /// written in the text stays text.
    #[test]
    fn gfm_tables_tasks_strikethrough() {
        let html = to_html("| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~ `<table>` <table>");
        assert!(
            html.contains("<table tabindex=\"0\"><thead>")
                && html.matches("<table").count() == 1
                && html.contains("<code>&lt;table&gt;</code> &lt;table&gt;")
                && html.contains("aria-label=\"Done\">☑")
                && !html.contains("<input")
                && html.contains("<del>old</del>"),
            "{html}"
        );
    }
}
