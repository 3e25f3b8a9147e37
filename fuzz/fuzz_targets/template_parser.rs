//! Any text as a template: parse (field inference included), then what the app does with
//! a parsed template (stats, defaults, validation, fill, the live preview), and the safe
//! renderer on the raw text. Asserts the engine's documented invariants and that rendered
//! HTML has no script, no event-handler attribute, no image and only allowed link targets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_engine::render::{self, MarkText, MISSING};
use report_engine::{limits, Unfilled, Values};

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    // The app and the CLI refuse larger templates before parsing.
    if limits::check_template_size(source.len()).is_err() {
        return;
    }
    let source: &str = &source;

    let t = report_engine::parse(source);
    let _ = (
        t.title(),
        t.stats(),
        t.diagnostics().len(),
        t.sections().len(),
    );

    // Writing every slot back as its original text reproduces the body (BOM kept in front).
    let body = t.body().to_string();
    assert_eq!(t.reconstruct(), body, "reconstruct() differs from the body");
    assert_eq!(
        report_engine::fill(&t, &Values::new(), Unfilled::Keep),
        body,
        "a draft fill without values changed the text"
    );

    // The template's own defaults (front matter can set them) as the draft's values.
    let values = Values::defaults(&t);
    let problems = report_engine::validate(&t, &values);
    let _ = report_engine::by_section(&problems);
    let filled = report_engine::fill(&t, &values, Unfilled::Drop);
    let by_chunks: String = (0..t.chunks().len())
        .map(|c| report_engine::fill_chunk(&t, c, &values, Unfilled::Drop))
        .collect();
    assert_eq!(by_chunks, filled, "the chunks do not add up to the fill");

    // The live preview, chunk by chunk, as src/editor/preview.rs renders it.
    let invalid_names: std::collections::HashSet<&str> = problems
        .iter()
        .filter(|p| p.kind == report_engine::ProblemKind::Invalid)
        .map(|p| p.field.as_str())
        .collect();
    let invalid: Vec<bool> = t
        .fields()
        .iter()
        .map(|f| invalid_names.contains(f.name.as_str()))
        .collect();
    for c in 0..t.chunks().len() {
        let md = report_engine::preview_chunk(
            &t,
            c,
            &|i| values.get(&t.fields()[i].name).cloned(),
            &|i| invalid[i],
        );
        let html = render::to_html_marked(&md, &|kind, i| {
            let f = t.fields().get(i)?;
            Some(if kind == MISSING {
                MarkText {
                    text: t.source()[f.occurrences[0].span.clone()].to_string(),
                    title: format!("{}: not filled yet", f.label),
                }
            } else {
                MarkText {
                    text: "⚠".into(),
                    title: "invalid".into(),
                }
            })
        });
        check_html(&html);
    }

    // The renderer on the raw text (the filled report's HTML export goes through it too).
    check_html(&render::to_html(source));
    check_html(&render::to_html(&filled));
});

/// Every tag in `html` is safe: text is escaped, so each `<` starts a tag we emitted.
fn check_html(html: &str) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_end = i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = html[i..name_end].to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "img"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "style"
                    | "base"
                    | "form"
                    | "input"
                    | "meta"
                    | "link"
                    | "svg"
                    | "math"
            ),
            "forbidden <{name}> in rendered HTML: {}",
            excerpt(html, i)
        );
        i = name_end;
        if closing || name.is_empty() {
            continue;
        }
        // Attributes, as an HTML parser reads them, up to the tag's end.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[start..i].to_ascii_lowercase();
            assert!(
                !attr.starts_with("on") && attr != "src" && attr != "srcdoc",
                "attribute {attr:?} in rendered HTML: {}",
                excerpt(html, start)
            );
            let mut value = None;
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                        value = Some(&html[i + 1..end]);
                        i = (end + 1).min(b.len());
                    }
                    _ => {
                        let s = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = Some(&html[s..i]);
                    }
                }
            }
            if attr == "style" {
                // Only the table column alignment pulldown-cmark writes.
                assert!(
                    matches!(
                        value,
                        Some("text-align: left" | "text-align: center" | "text-align: right")
                    ),
                    "style {value:?} in rendered HTML: {}",
                    excerpt(html, start)
                );
            }
            if attr == "href" {
                let raw = value.unwrap_or_default();
                let url = decode_attr(raw);
                assert!(
                    render::allowed_url(&url),
                    "href {raw:?} (as a browser reads it: {url:?}) is not allowed"
                );
            }
        }
    }
}

/// An attribute value as the browser reads it. Our output escapes every `&`, so only the
/// entities `escape_html` writes can appear; any other `&` means escaping went wrong.
fn decode_attr(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (ch, len) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
        ]
        .iter()
        .find(|(e, _)| rest.starts_with(e))
        .map(|(e, c)| (*c, e.len()))
        .unwrap_or_else(|| panic!("unescaped `&` in an attribute value: {v:?}"));
        out.push(ch);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

fn excerpt(html: &str, at: usize) -> &str {
    let mut s = at.saturating_sub(60);
    while !html.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = (at + 120).min(html.len());
    while !html.is_char_boundary(e) {
        e += 1;
    }
    &html[s..e]
}
