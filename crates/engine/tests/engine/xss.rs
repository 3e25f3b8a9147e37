//! The XSS corpus (`tests/fixtures/xss/payloads.txt`) through every door the engine has:
//! the template text (filled and live preview), a block value, an inline value, a grid cell,
//! a link destination, a draft file, a share link and the standalone HTML export. The HTML
//! must pass [`html_problems`] and keep the payload's text visible as text.

use crate::oracle::{collapse_spaces, fixtures, html_problems, visible_text};
use report_engine::render::{standalone_html, to_html, to_html_marked, MarkText};
use report_engine::share::Shared;
use report_engine::{parse, TemplateRef, Unfilled, Value, Values};

/// One corpus entry.
pub struct Payload {
    pub name: String,
    pub text: String,
    /// Text that must be visible when the payload is rendered on its own lines.
    pub shows: Vec<String>,
}

/// The corpus, parsed from its data file.
pub fn corpus() -> Vec<Payload> {
    let text = std::fs::read_to_string(fixtures("xss/payloads.txt")).unwrap();
    let mut out: Vec<Payload> = Vec::new();
    let mut in_shows = false;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("=== ") {
            out.push(Payload {
                name: name.trim().to_string(),
                text: String::new(),
                shows: Vec::new(),
            });
            in_shows = false;
        } else if let Some(p) = out.last_mut() {
            if line == "--- shows" {
                in_shows = true;
            } else if in_shows {
                if !line.trim().is_empty() {
                    p.shows.push(collapse_spaces(line));
                }
            } else {
                p.text.push_str(line);
                p.text.push('\n');
            }
        }
    }
    for p in &mut out {
        p.text = p.text.trim_end().to_string();
    }
    out
}

/// Renders `source` filled with `values` as the export does, and as the live preview does
/// (chunk by chunk, unfilled placeholders marked; every other field taken as invalid, so
/// both badges and plain values that update in place go through).
fn render_both(source: &str, values: &Values) -> (String, String) {
    let t = parse(source);
    let filled = to_html(&report_engine::fill(&t, values, Unfilled::Drop));
    let mut preview = String::new();
    for c in 0..t.chunks().len() {
        let md = report_engine::preview_chunk(
            &t,
            c,
            &|i| values.get(&t.fields()[i].name).cloned(),
            &|i| i.is_multiple_of(2),
        );
        preview.push_str(&to_html_marked(&md, &|_, i| {
            let f = t.fields().get(i)?;
            Some(MarkText {
                text: t.source()[f.occurrences[0].span.clone()].to_string(),
                title: f.label.clone(),
            })
        }));
    }
    (filled, preview)
}

/// Problems with `html` for payload `p` through `door`; `shows` says whether its lines
/// must be visible (doors that keep the payload's own lines), otherwise its name must be.
fn check(failures: &mut Vec<String>, p: &Payload, door: &str, html: &str, shows: bool) {
    for problem in html_problems(html) {
        failures.push(format!("{} via {door}: {problem}\n{html}", p.name));
    }
    let visible = visible_text(html);
    let wanted: Vec<String> = if shows {
        p.shows.clone()
    } else {
        vec![p.name.clone()]
    };
    for w in wanted {
        if !visible.contains(&w) {
            failures.push(format!(
                "{} via {door}: `{w}` is not visible in `{visible}`",
                p.name
            ));
        }
    }
}

const DOORS: &str = "# Doors\n\n{{XSS_BLOCK}}\n\nInline: {XSS_INLINE} end.\n\nSee [xss-dest]({XSS_URL}).\n\n| Cell | Other |\n|---|---|\n{{XSS_ROWS}}\n";

fn door_values(p: &Payload) -> Values {
    let mut v = Values::new();
    v.set("XSS_BLOCK", Value::Text(p.text.clone()));
    v.set("XSS_INLINE", Value::Text(p.text.clone()));
    v.set("XSS_URL", Value::Text(p.text.clone()));
    v.set(
        "XSS_ROWS",
        Value::Rows(vec![vec![p.text.clone(), p.text.clone()]]),
    );
    v
}

#[test]
fn the_corpus_is_broad_and_well_formed() {
    let c = corpus();
    assert!(c.len() >= 50, "only {} payloads", c.len());
    let mut names: Vec<&str> = c.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), c.len(), "payload names are not unique");
    for p in &c {
        assert!(!p.shows.is_empty(), "{} has no `--- shows`", p.name);
        assert!(
            p.text.contains(&p.name),
            "{} does not carry its name",
            p.name
        );
    }
    let all: String = c.iter().map(|p| p.text.to_lowercase()).collect();
    for needle in [
        "<script",
        "srcdoc",
        "<object",
        "<embed",
        "<svg",
        "onload",
        "<math",
        "<style",
        "http-equiv=\"refresh\"",
        "<base",
        "<form",
        "onerror",
        "javascript:",
        "vbscript:",
        "data:text/html",
        "data:image/svg+xml",
        "&#99;",
        "%3a",
        "javascript&colon;",
        "&#9;",
        "<!--",
        "]: javascript",
        "| <img",
        "`<script",
        "# heading",
    ] {
        assert!(all.contains(needle), "no payload has `{needle}`");
    }
}

#[test]
fn every_payload_through_every_engine_door() {
    let mut failures = Vec::new();
    for p in corpus() {
        // The template text, with a placeholder beside it.
        let source = format!("{}\n\n{{XSS_NAME}}\n", p.text);
        let mut named = Values::new();
        named.set("XSS_NAME", Value::Text("filled".into()));
        let (filled, preview) = render_both(&source, &named);
        check(&mut failures, &p, "template (export)", &filled, true);
        check(&mut failures, &p, "template (preview)", &preview, true);
        let (_, unfilled) = render_both(&source, &Values::new());
        check(
            &mut failures,
            &p,
            "template (preview, unfilled)",
            &unfilled,
            true,
        );

        // Values: a block, an inline value, a link destination, a grid cell.
        let values = door_values(&p);
        let (filled, preview) = render_both(DOORS, &values);
        check(&mut failures, &p, "values (export)", &filled, false);
        check(&mut failures, &p, "values (preview)", &preview, false);
        let mut block = Values::new();
        block.set("XSS_BLOCK", Value::Text(p.text.clone()));
        let (filled, _) = render_both("{{XSS_BLOCK}}\n", &block);
        check(&mut failures, &p, "block value", &filled, true);

        // A draft file and a share link carry it all byte for byte.
        let shared = Shared::start(
            TemplateRef::Custom {
                hash: report_engine::content_hash(&source),
            },
            Some(source.clone()),
            &values,
            p.text.clone(),
            p.text.clone(),
            "lineage".into(),
            "checkpoint".into(),
        );
        for (door, back) in [
            ("draft file", Shared::from_file(&shared.to_file())),
            (
                "share link",
                Shared::from_link(&shared.to_link("http://127.0.0.1/")),
            ),
        ] {
            match back {
                Ok(back) if back == shared => {
                    let v = back.state.get("XSS_BLOCK");
                    assert_eq!(v, Some(Value::Text(p.text.clone())), "{door}");
                }
                Ok(_) => failures.push(format!("{} via {door}: changed in transit", p.name)),
                Err(e) => failures.push(format!("{} via {door}: {}", p.name, e.0)),
            }
        }

        // The standalone export: the payload as the title and the body.
        let doc = standalone_html(&p.text, &filled, "article { color: black }");
        let (head, body) = doc.split_once("<article class=\"report\">").unwrap();
        let title = head
            .split_once("<title>")
            .and_then(|(_, t)| t.split_once("</title>"))
            .map(|(t, _)| t)
            .unwrap();
        if title.contains('<') || head.matches("<meta").count() != 3 {
            failures.push(format!(
                "{} via standalone: head is not inert:\n{head}",
                p.name
            ));
        }
        let body = body.split_once("</article>").unwrap().0;
        check(&mut failures, &p, "standalone export", body, true);
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The end-to-end tests send all payloads in one document; each must still render as on
/// its own (every payload closes what it opens).
#[test]
fn the_payloads_render_the_same_one_after_another() {
    let c = corpus();
    let all: Vec<&str> = c.iter().map(|p| p.text.as_str()).collect();
    let html = to_html(&all.join("\n\n"));
    assert_eq!(html_problems(&html), Vec::<String>::new());
    let visible = visible_text(&html);
    for p in &c {
        for w in &p.shows {
            assert!(
                visible.contains(w.as_str()),
                "{}: `{w}` not visible",
                p.name
            );
        }
    }
}

/// The oracle itself catches what it is for.
#[test]
fn the_oracle_flags_unsafe_html() {
    for bad in [
        "<script>x</script>",
        "<p onclick=\"x\">a</p>",
        "<a href=\"javascript:x\">a</a>",
        "<a href=\"java&#x09;script:x\">a</a>",
        "<a href=\" JAVASCRIPT:x\">a</a>",
        "<a href=\"&#1;javascript:x\">a</a>",
        "<a href=\"java&#10;script:x\">a</a>",
        "<a href=\"vbscript:x\">a</a>",
        "<a href=\"x-custom+1.a:x\">a</a>",
        "<a href=\"data:text/html,x\">a</a>",
        "<img src=\"x\">",
        "<iframe srcdoc=\"x\"></iframe>",
        "<p style=\"background:url(x)\">a</p>",
        "<svg><a>x</a></svg>",
    ] {
        assert!(!html_problems(bad).is_empty(), "{bad} passed");
    }
    for good in [
        "<p>a &lt;script&gt;</p>",
        "<a href=\"https://x.test/a?b=c&amp;d\" target=\"_blank\" rel=\"noopener\">a</a>",
        "<a href=\"#sec\">a</a>",
        "<a href=\"docs/a:b\">a</a>",
        // No scheme for the URL parser: `%` and `1` cannot start one, so these are paths.
        "<a href=\"%01https://x.test/\">a</a>",
        "<a href=\"1a:b\">a</a>",
        "<td style=\"text-align: center\">a</td>",
    ] {
        assert_eq!(html_problems(good), Vec::<String>::new(), "{good}");
    }
}
