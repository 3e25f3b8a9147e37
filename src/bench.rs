//! Hooks for the browser benchmark (`scripts/bench.sh`): functions exported from the wasm
//! module so the benchmark page can time the engine where it really runs. The app itself
//! never calls them.

use report_engine::{render, Kind, Template, Unfilled, Value, Values};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// A generated template with `n` distinct placeholders (the engine's scale-test shape).
#[wasm_bindgen]
pub fn bench_generated_template(n: usize) -> String {
    include!("../crates/engine/examples/generate.rs.inc")
}

/// Milliseconds to parse `source`: the median of `runs` parses.
#[wasm_bindgen]
pub fn bench_parse_ms(source: &str, runs: usize) -> f64 {
    median((0..runs.max(1)).map(|_| {
        let t0 = now();
        let t = report_engine::parse(source);
        let dt = now() - t0;
        drop(t);
        dt
    }))
}

/// Milliseconds to fill every field of `source` and render the whole report to safe HTML
/// (the work of a full, non-incremental preview): the median of `runs`.
#[wasm_bindgen]
pub fn bench_fill_render_ms(source: &str, runs: usize) -> f64 {
    let t = report_engine::parse(source);
    let values = sample_values(&t);
    median((0..runs.max(1)).map(|_| {
        let t0 = now();
        let md = report_engine::fill(&t, &values, Unfilled::Drop);
        let html = render::to_html(&md);
        let dt = now() - t0;
        drop(html);
        dt
    }))
}

/// The filled Markdown of `source` with sample values (what markdown-it renders as baseline).
#[wasm_bindgen]
pub fn bench_filled_markdown(source: &str) -> String {
    let t = report_engine::parse(source);
    report_engine::fill(&t, &sample_values(&t), Unfilled::Drop)
}

/// Bytes of wasm linear memory.
#[wasm_bindgen]
pub fn bench_wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

fn sample_values(t: &Template) -> Values {
    let mut v = Values::new();
    for f in t.fields() {
        let value = match f.kind {
            Kind::Checkbox => Value::Check(true),
            Kind::TableRows => Value::Rows(vec![f
                .columns
                .iter()
                .map(|c| format!("{c} value"))
                .collect()]),
            Kind::Block => Value::Text(format!("Notes for {}.\n\n- one\n- two", f.label)),
            _ => Value::Text("42".into()),
        };
        v.set(f.name.clone(), value);
    }
    v
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_unstable_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The text of a built-in template ("" for an unknown id).
#[wasm_bindgen]
pub fn bench_builtin_source(id: &str) -> String {
    report_engine::builtin(id)
        .map(|b| b.source.to_string())
        .unwrap_or_default()
}
