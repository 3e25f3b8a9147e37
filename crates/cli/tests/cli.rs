//! The `report` binary run as a real process: exit codes, JSON shape, messages.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn report(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_report"))
        .args(args)
        .output()
        .expect("run report")
}

fn report_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_report"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refused (over-limit) input may close stdin early; that is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A scratch directory for this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("report-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &std::path::Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

fn repo(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fields_json_has_exactly_the_documented_keys() {
    let out = report(&["fields", "ga-day-after-action-report", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fields: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(fields.len(), 185);
    for f in &fields {
        let obj = f.as_object().unwrap();
        for key in [
            "name",
            "kind",
            "label",
            "section",
            "occurrences",
            "required",
            "columns",
            "compute",
            "from",
        ] {
            assert!(obj.contains_key(key), "missing {key} in {f}");
        }
    }
    let rows = fields
        .iter()
        .find(|f| f["name"] == "INSERT_GA_TIMELINE_ROWS")
        .unwrap();
    assert_eq!(rows["kind"], "table_rows");
    assert_eq!(
        rows["columns"],
        serde_json::json!(["Time (UTC)", "Event", "Status", "Notes"])
    );
    assert_eq!(rows["section"], "GA Day Timeline");
    let avail = fields
        .iter()
        .find(|f| f["name"] == "OVERALL_AVAILABILITY")
        .unwrap();
    assert_eq!(
        (
            avail["kind"].as_str(),
            avail["occurrences"].as_u64(),
            avail["unit"].as_str()
        ),
        (Some("percent"), Some(2), Some("%"))
    );
    assert_eq!(avail["required"], true);
    assert_eq!(avail["columns"], serde_json::Value::Null);
    let hours = fields
        .iter()
        .find(|f| f["name"] == "GA_DURATION_HOURS")
        .unwrap();
    assert_eq!(hours["compute"], "hours(GA_START_TIME, GA_END_TIME)");
}

#[test]
fn fields_reads_paths_and_stdin() {
    let path = repo("templates/staging-deployment-report.md");
    let by_path = report(&["fields", &path]);
    let by_name = report(&["fields", "staging-deployment-report"]);
    let source = std::fs::read(&path).unwrap();
    let by_stdin = report_stdin(&["fields", "-"], &source);
    assert!(by_path.status.success() && by_stdin.status.success());
    assert_eq!(by_path.stdout, by_name.stdout);
    assert_eq!(by_path.stdout, by_stdin.stdout);
    assert_eq!(text(&by_path.stdout).lines().count(), 424);
}

#[test]
fn check_exit_codes_and_messages() {
    let dir = scratch("check");
    let t = write(
        &dir,
        "t.md",
        "# T\n## Perf\np95 {AGENTS_P95}ms on {DEPLOYMENT_DATE}\n",
    );
    let bad = write(&dir, "bad.json", r#"{"AGENTS_P95": "fast"}"#);
    let good = write(
        &dir,
        "good.json",
        r#"{"AGENTS_P95": 85, "DEPLOYMENT_DATE": "2026-11-23"}"#,
    );

    let out = report(&["check", &t, "--values", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Perf\n"), "grouped by section: {stdout}");
    assert!(
        stdout.contains("AGENTS_P95: Agents p95 must be a number of ms, like 85; got 'fast'"),
        "{stdout}"
    );
    assert!(
        stdout.contains("DEPLOYMENT_DATE: Enter Deployment date"),
        "{stdout}"
    );
    assert!(stdout.contains("2 problems"));

    let out = report(&["check", &t, "--values", &bad, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["ok"], false);
    assert_eq!(j["problems"][0]["field"], "AGENTS_P95");
    assert_eq!(j["problems"][0]["kind"], "invalid");
    assert_eq!(j["problems"][1]["kind"], "missing");
    assert_eq!(j["problems"][1]["section"], "Perf");

    let out = report(&["check", &t, "--values", &good]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn fill_refuses_while_invalid_and_writes_output() {
    let dir = scratch("fill");
    let t = write(
        &dir,
        "t.md",
        "# T\nSha {GIT_SHA}, p95 {P95}ms\n- [ ] Reviewed\n",
    );
    let partial = write(&dir, "partial.json", r#"{"GIT_SHA": "3f2c9ab"}"#);
    let full = write(
        &dir,
        "full.json",
        r#"{"GIT_SHA": "3f2c9ab", "P95": 85, "task:reviewed": true}"#,
    );
    let invalid = write(&dir, "invalid.json", r#"{"GIT_SHA": "zzz"}"#);

    let out = report(&["fill", &t, "--values", &partial]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing written on refusal");
    assert!(text(&out.stderr).contains("P95: Enter p95"));

    let out = report(&["fill", &t, "--values", &partial, "--allow-missing"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "# T\nSha 3f2c9ab, p95 {P95}ms\n- [ ] Reviewed\n"
    );

    let out = report(&["fill", &t, "--values", &invalid, "--allow-missing"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "invalid values refuse even with --allow-missing"
    );

    let dest = dir.join("out.md");
    let out = report(&["fill", &t, "--values", &full, "-o", dest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dest).unwrap(),
        "# T\nSha 3f2c9ab, p95 85ms\n- [x] Reviewed\n"
    );
}

#[test]
fn errors_are_one_line_and_exit_2() {
    let dir = scratch("errors");
    let t = write(&dir, "t.md", "# T\n{A}\n");
    let unknown = write(&dir, "unknown.json", r#"{"B": "x"}"#);
    let broken = write(&dir, "broken.json", "{not json");
    let huge_value = write(
        &dir,
        "huge.json",
        &format!(r#"{{"A": "{}"}}"#, "x".repeat(256 * 1024 + 1)),
    );
    let many_fields: String = (0..50_001).map(|i| format!("{{F{i}}}\n")).collect();
    let many = write(&dir, "many.md", &format!("# Many\n{many_fields}"));
    let empty = write(&dir, "empty.json", "{}");
    let out = dir.join("never.json").to_string_lossy().into_owned();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "fields".into(),
                dir.join("missing.md").to_string_lossy().into(),
            ],
            "cannot open template",
        ),
        (
            vec![
                "check".into(),
                t.clone(),
                "--values".into(),
                dir.join("nope.json").to_string_lossy().into(),
            ],
            "cannot open values",
        ),
        (
            vec!["check".into(), t.clone(), "--values".into(), broken],
            "values are not valid JSON",
        ),
        (
            vec!["fill".into(), t.clone(), "--values".into(), unknown],
            "unknown field `B`",
        ),
        (
            vec!["check".into(), t.clone(), "--values".into(), huge_value],
            "the value of A is 257 KiB, over the 256 KiB limit for one field",
        ),
        (
            vec![
                "draft".into(),
                many,
                "--values".into(),
                empty,
                "-o".into(),
                out,
            ],
            "the template has 50,001 placeholders, over the 50,000 limit for one template",
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = report(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("report: ") && stderr.contains(expected),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    }
}

#[test]
fn oversized_template_is_refused() {
    let huge = vec![b'a'; report_engine::limits::MAX_TEMPLATE_BYTES + 10];
    let out = report_stdin(&["fields", "-"], &huge);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("over the 2 MiB limit for templates"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(
        report(&["fill", "x.md"]).status.code(),
        Some(2),
        "missing --values"
    );
    assert_eq!(report(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn draft_and_link_carry_the_prefilled_values_for_the_editor() {
    use report_engine::share::Shared;
    use report_engine::{TemplateRef, Value};
    let dir = scratch("share");
    let values = write(
        &dir,
        "v.json",
        r#"{"OVERALL_AVAILABILITY": "99.95", "HOTFIX_COUNT": 2}"#,
    );
    let file = dir.join("draft.json");
    let out = report(&[
        "draft",
        "ga-day-after-action-report",
        "--values",
        &values,
        "-o",
        file.to_str().unwrap(),
        "--lead",
        "SRE",
        "--name",
        "GA review",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = Shared::from_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(s.name, "GA review");
    assert_eq!(s.lead, "SRE");
    assert!(
        matches!(&s.template, TemplateRef::Builtin { id, .. } if id == "ga-day-after-action-report")
    );
    assert_eq!(s.template_source, None, "built-ins travel by id");
    assert_eq!(s.state.get("HOTFIX_COUNT"), Some(Value::Text("2".into())));
    assert_eq!(
        s.changed_by.get("OVERALL_AVAILABILITY").map(String::as_str),
        Some("SRE")
    );
    assert_eq!(s.checkpoints.len(), 1);

    let out = report(&[
        "link",
        "ga-day-after-action-report",
        "--values",
        &values,
        "--base-url",
        "https://reports.example/editor/",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let link = text(&out.stdout).trim().to_string();
    assert!(
        link.starts_with("https://reports.example/editor/#d="),
        "{link}"
    );
    let s = Shared::from_link(&link).unwrap();
    assert_eq!(
        s.state.get("OVERALL_AVAILABILITY"),
        Some(Value::Text("99.95".into()))
    );

    // A custom template travels inside.
    let tpl = write(&dir, "weekly.md", "# Weekly\nOwner: {{OWNER}}\n");
    let v2 = write(&dir, "v2.json", r#"{"OWNER": "Dana"}"#);
    let out = report(&["link", &tpl, "--values", &v2]);
    let s = Shared::from_link(text(&out.stdout).trim()).unwrap();
    assert_eq!(
        s.template_source.as_deref(),
        Some("# Weekly\nOwner: {{OWNER}}\n")
    );

    // Unknown fields are refused (exit 2), as for `fill`.
    let bad = write(&dir, "bad.json", r#"{"NOPE": "x"}"#);
    let out = report(&["link", "ga-day-after-action-report", "--values", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown field `NOPE`"),
        "{}",
        text(&out.stderr)
    );
}

/// `report adopt` writes the explicit form: the same fields (lines aside: the explicit form
/// has its front matter and placeholders) and the same filled report as the original.
#[test]
fn adopt_writes_an_explicit_template_with_the_same_fields_and_report() {
    let dir = scratch("adopt");
    let original = repo("tests/fixtures/implicit/google-sre-postmortem.md");
    let out = report(&["adopt", &original]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let adopted = text(&out.stdout);
    assert!(
        adopted.starts_with("---\nreport:\n  implicit: false\n"),
        "{adopted}"
    );
    let said = text(&out.stderr);
    assert!(
        said.contains("No placeholders: 16 places to fill found in hints and empty sections"),
        "{said}"
    );
    assert!(
        said.contains("line 13: Impact (empty section) → {{impact}}"),
        "{said}"
    );
    let adopted_path = write(&dir, "adopted.md", &adopted);

    let fields = |path: &str| -> Vec<serde_json::Value> {
        let out = report(&["fields", path, "--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        for f in &mut v {
            f.as_object_mut().unwrap().remove("lines");
        }
        v
    };
    let before = fields(&original);
    assert_eq!(before.len(), 16);
    assert_eq!(before, fields(&adopted_path));

    let values: serde_json::Map<String, serde_json::Value> = before
        .iter()
        .map(|f| {
            let name = f["name"].as_str().unwrap().to_string();
            let value = match f["kind"].as_str().unwrap() {
                "date" => "2026-12-01".to_string(),
                _ => format!("About {name}."),
            };
            (name, serde_json::Value::String(value))
        })
        .collect();
    let values = write(
        &dir,
        "values.json",
        &serde_json::to_string(&values).unwrap(),
    );
    let a = report(&["fill", &original, "--values", &values]);
    let b = report(&["fill", &adopted_path, "--values", &values]);
    assert!(a.status.success(), "{}", text(&a.stderr));
    assert_eq!(text(&a.stdout), text(&b.stdout));
    assert!(
        text(&a.stdout).contains("### Impact\n\nAbout impact.\n"),
        "{}",
        text(&a.stdout)
    );

    // A template with placeholders has nothing to adopt: said, exit 2.
    let out = report(&["adopt", "staging-deployment-report"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("has no places to adopt"));
}

/// A template read through implicit places says so on stderr, and a draft of it carries
/// the explicit form (what the editor keeps), whose fields its values name.
#[test]
fn implicit_templates_are_said_and_travel_in_explicit_form() {
    let dir = scratch("implicit-draft");
    let original = repo("tests/fixtures/implicit/google-sre-postmortem.md");
    let values = write(
        &dir,
        "values.json",
        r#"{"impact": "All users for 20 minutes."}"#,
    );
    let out = report(&["check", &original, "--values", &values]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("report: No placeholders: 16 places to fill found"),
        "{}",
        text(&out.stderr)
    );
    let file = dir.join("draft.json");
    let out = report(&[
        "draft",
        &original,
        "--values",
        &values,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let draft: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let source = draft["shared"]["template_source"].as_str().unwrap();
    assert!(
        source.starts_with("---\nreport:\n  implicit: false\n"),
        "{source}"
    );
    assert!(source.contains("### Impact\n\n{{impact}}\n"), "{source}");
    assert_eq!(
        draft["shared"]["state"]["values"]["impact"]["text"],
        "All users for 20 minutes."
    );
    // Explicit templates say nothing.
    let out = report(&["fields", "staging-deployment-report"]);
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

fn results(name: &str) -> String {
    repo(&format!("tests/fixtures/results/{name}"))
}

/// `--from` imports results files (each said on stderr), never over a value from
/// `--values`, then computes the formulas; `draft` keeps where the values came from.
#[test]
fn from_imports_results_then_computes_and_keeps_typed_values() {
    let dir = scratch("from");
    let values = write(
        &dir,
        "v.json",
        r#"{"API_TESTS": "41", "AGENT_FAILED": "0"}"#,
    );
    let junit = results("regression-playwright-junit.xml");
    let locust = results("load-locust_stats.csv");
    let out = report(&[
        "fill",
        "staging-deployment-report",
        "--allow-missing",
        "--values",
        &values,
        "--from",
        &junit,
        "--from",
        &locust,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("kept API_TESTS = 41 from --values (the file has 40)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("regression-playwright-junit.xml (JUnit XML): 16 fields filled"),
        "{stderr}"
    );
    assert!(
        stderr.contains("load-locust_stats.csv (Locust stats CSV): 17 fields filled"),
        "{stderr}"
    );
    let md = text(&out.stdout);
    // Typed 41 wins; Failed and Pass Rate follow from it; AGENT_FAILED given counts as
    // an override (23 of 24 passed, yet 0 failed as typed).
    assert!(
        md.contains("| API Endpoints | 41 | 37 | 4 | 90.2% |"),
        "{md}"
    );
    assert!(
        md.contains("| Agent Training | 24 | 23 | 0 | 95.8% |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| GET /api/v1/agents | 544 | 27ms | 43ms | 49ms | 0.00% | <150ms p95 | ✅ Pass |"
        ),
        "{md}"
    );
    // `--from` alone is enough input; `draft` records each value's source.
    let file = dir.join("draft.json");
    let out = report(&[
        "draft",
        "staging-deployment-report",
        "--from",
        &junit,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s =
        report_engine::share::Shared::from_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let src = &s.sources["API_PASSED"];
    assert_eq!(
        (src.file.as_str(), src.what.as_str(), src.value.as_str()),
        (
            "regression-playwright-junit.xml",
            "suite API Endpoints, passed",
            "37"
        )
    );
    assert_eq!(
        s.state.get("API_PASS_RATE"),
        Some(report_engine::Value::Text("92.5".into()))
    );
}

#[test]
fn hostile_or_broken_results_files_exit_2_with_one_line() {
    let dir = scratch("from-bad");
    let big = dir.join("big.xml");
    std::fs::write(&big, vec![b' '; 5 * 1024 * 1024 + 1]).unwrap();
    let big = big.to_string_lossy().into_owned();
    for (file, says) in [
        (results("hostile-xxe.xml"), "line 2: DTDs are not read"),
        (
            results("hostile-billion-laughs.xml"),
            "line 2: DTDs are not read",
        ),
        (results("malformed-quote.csv"), "line 3"),
        (
            big,
            "the results file is 5.1 MiB, over the 5 MiB limit for results files",
        ),
        (
            repo("tests/fixtures/results/none.xml"),
            "cannot open results",
        ),
    ] {
        let out = report(&["check", "staging-deployment-report", "--from", &file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(says), "{file}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = report(&["check", "staging-deployment-report"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--values VALUES.json and/or --from"));
}
