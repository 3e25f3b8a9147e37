//! Engine benchmark: prints parse, validate and fill times (median of repeated runs) for
//! the built-in templates, generated 5,000- and 20,000-placeholder templates, a public
//! template without placeholders (read through implicit places) and 2 MiB templates of
//! the shapes implicit places are made of (the worst cases: many places of one label,
//! headings, tables, fences).
//! Run: `cargo run --release -p report-engine --example bench`

use report_engine::{Unfilled, Value, Values};
use std::time::{Duration, Instant};

fn generated_template(n: usize) -> String {
    include!("generate.rs.inc")
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..reps)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let mut inputs: Vec<(String, String)> = report_engine::builtins()
        .iter()
        .map(|b| (b.id.to_string(), b.source.to_string()))
        .collect();
    inputs.push(("generated-5000".into(), generated_template(5000)));
    inputs.push(("generated-20000".into(), generated_template(20000)));
    let kep = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/implicit/k8s-kep-template.md"
    );
    if let Ok(text) = std::fs::read_to_string(kep) {
        inputs.push(("implicit: k8s KEP template".into(), text));
    }
    let cap = |s: String| s[..s.len().min(2 * 1024 * 1024)].to_string();
    for (name, unit) in [
        ("implicit: 2 MiB of `Name:`", "Name:\n"),
        ("implicit: 2 MiB of headings", "## A\n\n"),
        ("implicit: 2 MiB of tables", "| A | B |\n|---|---|\n\n"),
        ("implicit: 2 MiB of fences", "```x\n```\n"),
    ] {
        inputs.push((name.into(), cap(unit.repeat(400_000))));
    }
    println!(
        "{:<30} {:>9} {:>7} {:>10} {:>10} {:>10}",
        "template", "bytes", "fields", "parse", "validate", "fill"
    );
    for (name, source) in &inputs {
        let t = report_engine::parse(source);
        let mut values = Values::new();
        for f in t.fields() {
            values.set(f.name.clone(), Value::Text("42".into()));
        }
        let reps = if source.len() > 500_000 { 5 } else { 21 };
        let parse = time(reps, || report_engine::parse(source));
        let validate = time(reps, || report_engine::validate(&t, &values));
        let fill = time(reps, || report_engine::fill(&t, &values, Unfilled::Drop));
        println!(
            "{:<30} {:>9} {:>7} {:>10.2?} {:>10.2?} {:>10.2?}",
            name,
            source.len(),
            t.fields().len(),
            parse,
            validate,
            fill
        );
    }
}
