//! k6 end-of-test summaries: the `--summary-export` file and the `handleSummary` data.
//! <https://grafana.com/docs/k6/latest/results-output/end-of-test/>

use super::measure::{Cell, Key, Measure, ResultsError};
use serde_json::Value;

/// A JSON object with a `metrics` object is a k6 summary (both shapes have one; a flat
/// results object cannot, as its values are never objects).
pub(super) fn is_k6(v: &Value) -> bool {
    v.get("metrics").is_some_and(Value::is_object)
}

pub(super) fn read(v: &Value) -> Result<Vec<Measure>, ResultsError> {
    let Some(metrics) = v.get("metrics").and_then(Value::as_object) else {
        return Err(ResultsError::new("a k6 summary needs a \"metrics\" object"));
    };
    let mut out = Vec::new();
    for (key, m) in metrics {
        let (metric, tag) = split_key(key);
        let Some(m) = m.as_object() else {
            return Err(ResultsError::new(format!(
                "k6 metric \"{key}\" is not an object of stats"
            )));
        };
        // handleSummary: {"type", "contains", "values": {...}, "thresholds"}; the export:
        // the stats themselves, beside "thresholds".
        let stats = match m.get("values") {
            Some(Value::Object(values)) => values,
            Some(_) => {
                return Err(ResultsError::new(format!(
                    "k6 metric \"{key}\": \"values\" is not an object of stats"
                )))
            }
            None => m,
        };
        for (stat, value) in stats {
            if let Some(n) = value.as_f64().filter(|n| n.is_finite()) {
                out.push(Measure {
                    key: Key::Metric {
                        metric: metric.to_string(),
                        tag: tag.map(str::to_string),
                        stat: stat.clone(),
                    },
                    value: Cell::Num(n),
                });
            }
        }
    }
    if out.is_empty() {
        return Err(ResultsError::new(
            "this k6 summary has no metric with a number in it",
        ));
    }
    Ok(out)
}

/// `http_req_duration{name:GET /x}` → (`http_req_duration`, `name:GET /x`).
pub(super) fn split_key(key: &str) -> (&str, Option<&str>) {
    match (key.find('{'), key.strip_suffix('}')) {
        (Some(i), Some(inner)) if i < inner.len() => (&key[..i], Some(&inner[i + 1..])),
        _ => (key, None),
    }
}
