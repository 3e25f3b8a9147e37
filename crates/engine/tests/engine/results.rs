//! Results files (`report_engine::results`): real files from the tools in
//! `tests/fixtures/results/` (see its SOURCES.md) against hand-checked `NAME.expected`
//! lists, the refusals in `errors.txt`, and unit cases for name matching and k6 shapes.
//! `NAME.measures` is every measure read (a snapshot for review; `BLESS=1` rewrites it).

use crate::oracle::{assert_all, cases, check_against, fixtures};
use report_engine::results::{read, Cell, Format, Key, Results, MAX_RESULTS_BYTES};
use std::fmt::Write;
use std::path::Path;

const DIR: &str = "results";

/// The data file beside `NAME.expected`.
fn data_for(expected: &Path) -> std::path::PathBuf {
    let stem = expected.file_stem().unwrap().to_string_lossy().to_string();
    for ext in ["xml", "json", "csv"] {
        let p = expected.with_file_name(format!("{stem}.{ext}"));
        if p.exists() {
            return p;
        }
    }
    panic!("no data file for {}", expected.display());
}

fn read_file(p: &Path) -> Result<Results, report_engine::results::ResultsError> {
    let bytes = std::fs::read(p).unwrap();
    read(&p.file_name().unwrap().to_string_lossy(), &bytes)
}

/// `total | STAT`, `suite NAME | STAT`, `metric NAME{TAG} | STAT`, `row ROW | COLUMN`,
/// `name NAME`.
fn parse_key(s: &str) -> Key {
    let s = s.trim();
    let (head, stat) = match s.rsplit_once(" | ") {
        Some((h, t)) => (h.trim(), t.trim().to_string()),
        None => (s, String::new()),
    };
    if head == "total" {
        return Key::Total { stat };
    }
    let (kind, name) = head
        .split_once(' ')
        .unwrap_or_else(|| panic!("bad key: {s}"));
    match kind {
        "suite" => Key::Suite {
            suite: name.into(),
            stat,
        },
        "metric" => match name.split_once('{') {
            Some((m, rest)) => Key::Metric {
                metric: m.into(),
                tag: Some(rest.trim_end_matches('}').into()),
                stat,
            },
            None => Key::Metric {
                metric: name.into(),
                tag: None,
                stat,
            },
        },
        "row" => Key::Row {
            row: name.into(),
            column: stat,
        },
        "name" => Key::Name(name.into()),
        _ => panic!("bad key kind: {s}"),
    }
}

fn value_matches(have: &Cell, want: &str) -> bool {
    match (
        have,
        want.strip_prefix('"').and_then(|w| w.strip_suffix('"')),
    ) {
        (Cell::Text(t), Some(w)) => t == w,
        (Cell::Num(n), None) => want
            .parse::<f64>()
            .is_ok_and(|w| (n - w).abs() <= 1e-9 * w.abs().max(1.0)),
        _ => false,
    }
}

fn snapshot(r: &Results) -> String {
    let mut s = format!("format: {}\n", r.format.name());
    for m in &r.measures {
        writeln!(s, "{} = {}", Results::describe(&m.key), m.value).unwrap();
    }
    s
}

#[test]
fn real_files_give_the_expected_measures() {
    let mut failures = Vec::new();
    for exp in cases(DIR, ".expected") {
        let data = data_for(&exp);
        let r = match read_file(&data) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: {e}", data.display()));
                continue;
            }
        };
        let name = exp.file_name().unwrap().to_string_lossy().to_string();
        let mut checked = 0;
        for (n, line) in std::fs::read_to_string(&exp).unwrap().lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            checked += 1;
            if let Some(k) = line.strip_prefix("missing ") {
                if let Some(m) = r.get(&parse_key(k)) {
                    failures.push(format!(
                        "{name}:{}: {k} should find nothing, found {m:?}",
                        n + 1
                    ));
                }
                continue;
            }
            let (k, v) = line
                .rsplit_once(" = ")
                .unwrap_or_else(|| panic!("{name}: bad line {line}"));
            match r.get(&parse_key(k)) {
                None => failures.push(format!("{name}:{}: nothing for {k}", n + 1)),
                Some(m) if !value_matches(&m.value, v.trim()) => failures.push(format!(
                    "{name}:{}: {k} is {} ({}), expected {v}",
                    n + 1,
                    m.value,
                    Results::describe(&m.key)
                )),
                Some(_) => {}
            }
        }
        assert!(checked > 0, "{name} checks nothing");
        if let Some(d) = check_against(&exp.with_extension("measures"), &snapshot(&r)) {
            failures.push(d);
        }
    }
    assert_all(failures);
}

#[test]
fn formats_are_found_from_content() {
    let f = |name: &str| read_file(&fixtures(DIR).join(name)).unwrap().format;
    assert_eq!(f("regression-playwright-junit.xml"), Format::Junit);
    assert_eq!(f("staging-pytest-junit.xml"), Format::Junit);
    assert_eq!(f("nextest-junit.xml"), Format::Junit);
    assert_eq!(f("load-locust_stats.csv"), Format::Locust);
    assert_eq!(f("websocket-k6-summary.json"), Format::K6);
    assert_eq!(f("grafana-k6-summary-export.json"), Format::K6);
    assert_eq!(f("plain-metrics.csv"), Format::Csv);
    assert_eq!(f("plain-flat.json"), Format::Json);
    // The name is only a hint: content decides.
    let xml = std::fs::read(fixtures(DIR).join("nextest-junit.xml")).unwrap();
    assert_eq!(read("results.txt", &xml).unwrap().format, Format::Junit);
    assert_eq!(Format::Locust.name(), "Locust stats CSV");
}

#[test]
fn broken_and_hostile_files_are_refused_with_a_line() {
    let mut failures = Vec::new();
    let list = std::fs::read_to_string(fixtures(DIR).join("errors.txt")).unwrap();
    for line in list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let parts: Vec<&str> = line.splitn(3, " | ").collect();
        let [file, want_line, piece] = parts[..] else {
            panic!("bad errors.txt line: {line}")
        };
        let want_line = want_line.trim().parse::<usize>().ok();
        match read_file(&fixtures(DIR).join(file.trim())) {
            Ok(r) => failures.push(format!("{file}: read, {} measures", r.measures.len())),
            Err(e) => {
                if e.line != want_line || !e.message.contains(piece.trim()) {
                    failures.push(format!(
                        "{file}: got \"{e}\" (line {:?}), expected line {want_line:?} and \"{piece}\"",
                        e.line
                    ));
                }
                if let Some(l) = e.line {
                    assert!(e.to_string().starts_with(&format!("line {l}: ")));
                }
            }
        }
    }
    assert_all(failures);
}

#[test]
fn size_is_checked_before_parsing() {
    // Over the limit by one byte, and not even valid: the size is what is reported.
    let big = vec![b'<'; MAX_RESULTS_BYTES + 1];
    let e = read("big.xml", &big).unwrap_err();
    assert_eq!(
        e.message,
        "the results file is 5.1 MiB, over the 5 MiB limit for results files"
    );
    assert_eq!(e.line, None);
    // At the limit it is read (and refused for what it is).
    let mut ok = b"name,value\n".to_vec();
    ok.resize(MAX_RESULTS_BYTES, b' ');
    assert!(read("x.csv", &ok).is_err_and(|e| !e.message.contains("MiB")));
}

#[test]
fn entities_and_depth() {
    // The five XML entities and character references are read; nothing else.
    let ok = r#"<testsuite name="Security &amp; Auth &#x41;" tests="1"><testcase name="a &lt; b"/></testsuite>"#;
    let r = read("x.xml", ok.as_bytes()).unwrap();
    assert!(r
        .measures
        .iter()
        .any(|m| matches!(&m.key, Key::Suite { suite, .. } if suite == "Security & Auth A")));
    let bad = r#"<testsuite name="&foo;" tests="1"/>"#;
    let e = read("x.xml", bad.as_bytes()).unwrap_err();
    assert!(e.message.contains("unknown entity &foo;"), "{e}");
    assert_eq!(e.line, Some(1));
    // A DOCTYPE with no entities at all is refused too.
    let e = read(
        "x.xml",
        b"<?xml version=\"1.0\"?>\n\n<!DOCTYPE testsuites>\n<testsuites/>",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.message.starts_with("DTDs are not read"), "{e}");
    // Deep nesting is refused, not recursed into.
    let deep = format!("<testsuites>{}", "<x>".repeat(100_000));
    let e = read("x.xml", deep.as_bytes()).unwrap_err();
    assert!(e.message.contains("nested more than"), "{e}");
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(read("x.json", deep_json.as_bytes()).is_err());
    // Not JUnit at all.
    let e = read("x.xml", b"<html><body/></html>").unwrap_err();
    assert!(e.message.contains("root element is <html>"), "{e}");
}

fn junit(xml: &str) -> Results {
    read("junit.xml", xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"))
}

fn num(r: &Results, key: Key) -> f64 {
    r.get(&key)
        .unwrap_or_else(|| panic!("nothing for {}", Results::describe(&key)))
        .number()
        .unwrap()
}

fn total(stat: &str) -> Key {
    Key::Total { stat: stat.into() }
}

fn suite(s: &str, stat: &str) -> Key {
    Key::Suite {
        suite: s.into(),
        stat: stat.into(),
    }
}

#[test]
fn suite_names_match_leniently() {
    let r = junit(
        r#"<testsuites>
  <testsuite name="API Endpoints" tests="3" failures="1" errors="1" skipped="0" time="1.5"/>
  <testsuite name="tests/test-security-auth.test.js" tests="2" failures="0"/>
</testsuites>"#,
    );
    for name in [
        "API Endpoints",
        "api-endpoints",
        "API_ENDPOINTS",
        "apiendpoints",
    ] {
        assert_eq!(num(&r, suite(name, "tests")), 3.0, "{name}");
    }
    assert_eq!(num(&r, suite("api endpoints", "failed")), 2.0);
    assert_eq!(num(&r, suite("api endpoints", "passed")), 1.0);
    assert_eq!(num(&r, suite("API Endpoints", "Time")), 1.5);
    assert_eq!(num(&r, suite("Security & Auth", "tests")), 2.0);
    assert_eq!(num(&r, total("tests")), 5.0);
    assert!(r.get(&suite("API", "tests")).is_none());
    assert!(r.get(&suite("&&", "tests")).is_none());
}

#[test]
fn suites_without_counts_are_counted_and_nested_suites_work() {
    let r = junit(
        r#"<testsuites>
  <testsuite name="outer">
    <testsuite name="inner">
      <testcase name="a" time="0.25"/>
      <testcase name="b"><failure message="x"/></testcase>
      <testcase name="c"><error/></testcase>
      <testcase name="d"><skipped/></testcase>
    </testsuite>
    <testcase name="e" time="0.5"><system-out>ok</system-out></testcase>
  </testsuite>
  <testsuite name="Inner" tests="2" failures="0"/>
</testsuites>"#,
    );
    assert_eq!(num(&r, suite("outer", "tests")), 5.0);
    assert_eq!(num(&r, suite("outer", "passed")), 2.0);
    assert_eq!(num(&r, suite("outer", "time")), 0.75);
    // Same-named suites are summed.
    assert_eq!(num(&r, suite("inner", "tests")), 6.0);
    assert_eq!(num(&r, suite("inner", "failures")), 1.0);
    assert_eq!(num(&r, suite("inner", "errors")), 1.0);
    assert_eq!(num(&r, suite("inner", "skipped")), 1.0);
    assert_eq!(num(&r, total("tests")), 7.0);
}

#[test]
fn classnames_and_describe_titles_are_groups() {
    let r = junit(
        r#"<testsuites><testsuite name="pytest" tests="5">
  <testcase classname="tests.test_api_endpoints" name="test_a"/>
  <testcase classname="tests.test_other.TestApiEndpoints" name="test_b"><failure/></testcase>
  <testcase classname="tests.test_canary.TestRollout" name="test_c"/>
  <testcase classname="com.example.PaymentsTest" name="d"/>
  <testcase classname="e2e/checkout.spec.ts" name="Checkout Flow › pays › by card"/>
</testsuite></testsuites>"#,
    );
    assert_eq!(num(&r, suite("API Endpoints", "tests")), 2.0);
    assert_eq!(num(&r, suite("API Endpoints", "failed")), 1.0);
    assert_eq!(num(&r, suite("Canary", "tests")), 1.0);
    assert_eq!(num(&r, suite("Rollout", "tests")), 1.0);
    assert_eq!(num(&r, suite("Payments", "tests")), 1.0);
    assert_eq!(num(&r, suite("checkout", "tests")), 1.0);
    assert_eq!(num(&r, suite("Checkout Flow", "tests")), 1.0);
    assert_eq!(
        num(&r, suite("tests.test_canary.TestRollout", "tests")),
        1.0
    );
    // The suite comes first; its stem does not repeat it.
    let named_pytest = r
        .measures
        .iter()
        .filter(|m| matches!(&m.key, Key::Suite { suite, stat } if suite == "pytest" && stat == "tests"))
        .count();
    assert_eq!(named_pytest, 1);
}

#[test]
fn a_playwright_suite_is_not_counted_twice_under_one_name() {
    let r = read_file(&fixtures(DIR).join("regression-playwright-junit.xml")).unwrap();
    let hits = r
        .measures
        .iter()
        .filter(|m| {
            matches!(&m.key, Key::Suite { suite, stat }
                if stat == "tests" && report_engine::results::same_name(suite, "Security & Auth"))
        })
        .count();
    assert_eq!(hits, 1);
}

fn k6(json: &str) -> Results {
    let r = read("summary.json", json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.format, Format::K6);
    r
}

fn metric(m: &str, tag: Option<&str>, stat: &str) -> Key {
    Key::Metric {
        metric: m.into(),
        tag: tag.map(Into::into),
        stat: stat.into(),
    }
}

#[test]
fn k6_summary_export_shape() {
    let r = k6(r#"{"metrics": {
        "http_req_duration": {"avg": 10.5, "p(95)": 20, "p(99.9)": 30, "thresholds": {"p(95)<500": false}},
        "http_req_duration{name:GET /api/v1/agents}": {"avg": 8, "p(95)": 12},
        "http_reqs": {"count": 100, "rate": 9.5},
        "http_req_failed": {"passes": 1, "fails": 99, "value": 0.01},
        "vus": {"value": 5, "min": 1, "max": 10}
    }}"#);
    assert_eq!(num(&r, metric("http_req_duration", None, "p(95)")), 20.0);
    assert_eq!(num(&r, metric("http_req_duration", None, "p(99.9)")), 30.0);
    assert_eq!(
        num(
            &r,
            metric(
                "http_req_duration",
                Some("name:GET /api/v1/agents"),
                "p(95)"
            )
        ),
        12.0
    );
    assert_eq!(
        num(
            &r,
            metric("http_req_duration", Some("name: GET /api/v1/agents"), "P95")
        ),
        12.0
    );
    assert_eq!(num(&r, metric("http_reqs", None, "count")), 100.0);
    assert_eq!(num(&r, metric("http_req_failed", None, "value")), 0.01);
    assert_eq!(num(&r, metric("vus", None, "max")), 10.0);
    assert!(r
        .get(&metric("http_req_duration", None, "thresholds"))
        .is_none());
    assert!(r
        .get(&metric("http_req_duration", Some("name:POST /x"), "avg"))
        .is_none());
    assert_eq!(
        Results::describe(&metric(
            "http_req_duration",
            Some("name:GET /api/v1/agents"),
            "p(95)"
        )),
        "http_req_duration{name:GET /api/v1/agents} p(95)"
    );
}

#[test]
fn k6_handle_summary_shape() {
    let r = k6(r#"{"root_group": {"name": "", "groups": [], "checks": []},
        "options": {"summaryTrendStats": ["avg"]},
        "state": {"testRunDurationMs": 1000},
        "metrics": {
        "ws_connecting": {"type": "trend", "contains": "time", "values": {"avg": 3.5, "p(90)": 7}},
        "ws_sessions": {"type": "counter", "contains": "default", "values": {"count": 4, "rate": 0.5}},
        "checks": {"type": "rate", "contains": "default", "values": {"rate": 1, "passes": 4, "fails": 0},
                   "thresholds": {"rate>0.99": {"ok": true}}},
        "http_req_duration{expected_response:true}": {"type": "trend", "contains": "time", "values": {"med": 2}}
    }}"#);
    assert_eq!(num(&r, metric("ws_connecting", None, "avg")), 3.5);
    assert_eq!(num(&r, metric("ws_connecting", None, "p(90)")), 7.0);
    assert_eq!(num(&r, metric("ws_sessions", None, "count")), 4.0);
    assert_eq!(num(&r, metric("checks", None, "passes")), 4.0);
    assert_eq!(
        num(
            &r,
            metric("http_req_duration", Some("expected_response:true"), "med")
        ),
        2.0
    );
    assert!(r.get(&metric("ws_connecting", None, "type")).is_none());
    // A metric that is not an object, or values that are not, is an error naming it.
    let e = read("s.json", br#"{"metrics": {"http_reqs": 5}}"#).unwrap_err();
    assert!(e.message.contains("\"http_reqs\""), "{e}");
    let e = read("s.json", br#"{"metrics": {"x": {"values": [1]}}}"#).unwrap_err();
    assert!(e.message.contains("\"x\""), "{e}");
}

#[test]
fn plain_files() {
    let r = read("m.csv", b"Build,v1.0.1\nP95,412.5\n").unwrap();
    assert_eq!(r.format, Format::Csv);
    assert_eq!(
        r.get(&Key::Name("build".into())).unwrap().value,
        Cell::Text("v1.0.1".into())
    );
    assert_eq!(num(&r, Key::Name("p95".into())), 412.5);
    let e = read("m.csv", b"a,1\nb,2\nA,3\n").unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("given twice (first on line 1)"), "{e}");
    let e = read("m.json", br#"{"a": 1, "b": [1, 2]}"#).unwrap_err();
    assert!(e.message.contains("\"b\" holds a list"), "{e}");
    assert_eq!(e.line, Some(1));
    let e = read("m.json", b"[1, 2]").unwrap_err();
    assert!(e.message.contains("the JSON is a list"), "{e}");
    let e = read("m.json", b"{\n\"a\": 1,\n}").unwrap_err();
    assert_eq!(e.line, Some(3));
    let e = read(
        "stats_history.csv",
        b"Timestamp,User Count,Type,Name\n1,2,GET,/x\n",
    )
    .unwrap_err();
    assert!(e.message.contains("_stats.csv"), "{e}");
    // Locust's N/A cells are left out, not errors.
    let r = read(
        "x_stats.csv",
        b"Type,Name,Request Count,Failure Count,Median Response Time,95%\nGET,/a,0,0,N/A,N/A\n,Aggregated,0,0,N/A,N/A\n",
    )
    .unwrap();
    assert_eq!(
        num(
            &r,
            Key::Row {
                row: "GET /a".into(),
                column: "Request Count".into()
            }
        ),
        0.0
    );
    assert!(r
        .get(&Key::Row {
            row: "GET /a".into(),
            column: "95%".into()
        })
        .is_none());
    assert!(r
        .get(&Key::Row {
            row: "GET /a".into(),
            column: "Failure Rate".into()
        })
        .is_none());
}

#[test]
fn odd_bytes_are_errors_not_panics() {
    for bytes in [
        &b""[..],
        b"   \n",
        b"\xff\xfe<\x00",
        b"\xef\xbb\xbf",
        b"\x80abc",
        b"<",
        b"<testsuite",
        b"<testsuite name=\"a\" name=\"b\"/>",
        b"<testsuite><testcase></testsuite>",
        b"</testsuite>",
        b"{",
        b"\"",
        b"a,\"b",
        b",,,\n,,,",
        b"Type,Name,Request Count\n",
        b"Type,Name,Request Count\nGET,/x\n",
        // Rows without a single number (found by the fuzzer).
        b"Type,Name,Request Count\nGET,/x,N/A\n",
    ] {
        let r = read("f", bytes);
        assert!(
            r.is_err(),
            "{:?} read as {r:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn truncated_real_files_never_panic() {
    for data in [
        "regression-playwright-junit.xml",
        "staging-pytest-junit.xml",
        "nextest-junit.xml",
        "load-locust_stats.csv",
        "websocket-k6-summary.json",
        "grafana-k6-summary-export.json",
    ] {
        let bytes = std::fs::read(fixtures(DIR).join(data)).unwrap();
        for cut in (0..bytes.len()).step_by(37) {
            let _ = read(data, &bytes[..cut]);
        }
    }
}
