//! `report`: the report engine on the command line, for release pipelines.
//!
//! Exit codes: 0 success, 1 the values are incomplete or invalid, 2 the command could not
//! run (missing file, bad JSON, unknown field, size limit, bad arguments).

use clap::{Parser, Subcommand};
use report_engine::import::{self, Source};
use report_engine::share::{Shared, LINK_RECOMMEND_FILE_ABOVE};
use report_engine::{compute, limits, Field, Problem, Template, TemplateRef, Unfilled, Values};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "report",
    version,
    about = "Inspect, check and fill Markdown report templates"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every field of a template.
    Fields {
        /// A path, `-` for stdin, or a built-in name (see `report templates`).
        template: String,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check values against a template: exit 0 when complete and valid, 1 otherwise.
    Check {
        template: String,
        #[command(flatten)]
        input: Inputs,
        #[arg(long)]
        json: bool,
    },
    /// Write the filled report. Refuses (exit 1) while values are missing or invalid.
    Fill {
        template: String,
        #[command(flatten)]
        input: Inputs,
        /// Write here instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Fill what is there and keep unfilled placeholders as they are (a draft).
        #[arg(long)]
        allow_missing: bool,
    },
    /// Write a draft file with these values for leads to open and finish in the editor.
    Draft {
        template: String,
        #[command(flatten)]
        input: Inputs,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        meta: ShareMeta,
    },
    /// Print a share link to a draft with these values (the draft travels in the link's
    /// fragment, which browsers never send to a server).
    Link {
        template: String,
        #[command(flatten)]
        input: Inputs,
        /// Where the editor is served.
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
        base_url: String,
        #[command(flatten)]
        meta: ShareMeta,
    },
    /// Write a template without placeholders (empty sections, guidance, blank table cells,
    /// `Label:` lines, prose in braces) in explicit syntax, with front matter for labels,
    /// help, optional fields and options. Lists the places found on stderr.
    Adopt {
        template: String,
        /// Write here instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// List the built-in templates.
    Templates,
}

/// Where the values come from: typed values, results files, or both.
#[derive(clap::Args)]
struct Inputs {
    /// JSON object mapping field names to values (typed by hand: a results file never
    /// replaces one of these).
    #[arg(long, value_name = "VALUES.json")]
    values: Option<PathBuf>,
    /// A results file to import (JUnit XML, k6 summary JSON, Locust stats CSV, or a plain
    /// name,value CSV / flat JSON), mapped to fields by the template's `from:` settings.
    /// Repeatable.
    #[arg(long = "from", value_name = "FILE")]
    from: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct ShareMeta {
    /// The draft's name (default: the template's title).
    #[arg(long)]
    name: Option<String>,
    /// Who is handing it over (shown beside the fields it filled).
    #[arg(long, default_value = "pipeline")]
    lead: String,
}

/// A failure that stops the command: one line on stderr, exit 2.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("report: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Fatal> {
    match command {
        Command::Templates => {
            for b in report_engine::builtins() {
                let t = report_engine::parse(b.source);
                println!("{}\t{}\t{} fields", b.id, t.title(), t.stats().fields);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Draft {
            template,
            input,
            output,
            meta,
        } => {
            let s = shared(&template, &input, meta)?;
            std::fs::write(&output, s.to_file())
                .map_err(|e| Fatal(format!("cannot write {}: {e}", output.display())))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Link {
            template,
            input,
            base_url,
            meta,
        } => {
            let link = shared(&template, &input, meta)?.to_link(&base_url);
            println!("{link}");
            if link.len() > LINK_RECOMMEND_FILE_ABOVE {
                eprintln!(
                    "report: the link is {} characters long; chat apps may cut links over {LINK_RECOMMEND_FILE_ABOVE}: consider `report draft` and sending the file",
                    link.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Adopt { template, output } => {
            let (source, _) = load_source(&template)?;
            let t = report_engine::parse(&source);
            print_diagnostics(&t);
            if t.places().is_empty() {
                return Err(Fatal(format!(
                    "{template} has no places to adopt: it has placeholders already (or front matter `report: {{ implicit: false }}`), or no empty sections, labels, blank cells or hints"
                )));
            }
            eprintln!("report: {}:", report_engine::implicit::summary(t.places()));
            for p in t.places() {
                eprintln!(
                    "  line {}: {} ({}{}) → {{{{{}}}}}",
                    p.line,
                    p.label,
                    p.kind.describe(),
                    if p.optional { ", optional" } else { "" },
                    p.name
                );
            }
            let explicit = explicit_form(&template, &source, &t);
            match output {
                Some(path) => std::fs::write(&path, explicit)
                    .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?,
                None => print!("{explicit}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Fields { template, json } => {
            let t = load_template(&template)?;
            note_places(&t);
            print_diagnostics(&t);
            let rows: Vec<FieldJson> = t.fields().iter().map(|f| FieldJson::new(&t, f)).collect();
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &rows)?;
                writeln!(out)?;
            } else {
                for r in &rows {
                    let unit = r
                        .unit
                        .as_deref()
                        .map(|u| format!(" [{u}]"))
                        .unwrap_or_default();
                    let req = if r.required { "required" } else { "optional" };
                    writeln!(
                        out,
                        "{}\t{}{}\t{}\t{}\t{}×\t{}",
                        r.name, r.kind, unit, req, r.label, r.occurrences, r.section
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            template,
            input,
            json,
        } => {
            let t = load_template(&template)?;
            note_places(&t);
            let v = gather(&t, &input)?.values;
            let problems = report_engine::validate(&t, &v);
            if json {
                let report = CheckJson {
                    ok: problems.is_empty(),
                    problems: problems.iter().map(|p| ProblemJson::new(&t, p)).collect(),
                };
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else if problems.is_empty() {
                println!("ok: all {} fields complete and valid", t.fields().len());
            } else {
                print!("{}", human_problems(&t, &problems));
            }
            Ok(if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Fill {
            template,
            input,
            output,
            allow_missing,
        } => {
            let t = load_template(&template)?;
            note_places(&t);
            let v = gather(&t, &input)?.values;
            let problems = report_engine::validate(&t, &v);
            let blocking: Vec<Problem> = problems
                .into_iter()
                .filter(|p| !(allow_missing && p.kind == report_engine::ProblemKind::Missing))
                .collect();
            if !blocking.is_empty() {
                eprint!("{}", human_problems(&t, &blocking));
                eprintln!(
                    "report: not filled; fix the problems above{}",
                    if allow_missing {
                        ""
                    } else {
                        " or pass --allow-missing"
                    }
                );
                return Ok(ExitCode::from(1));
            }
            let mode = if allow_missing {
                Unfilled::Keep
            } else {
                Unfilled::Drop
            };
            let text = report_engine::fill(&t, &v, mode);
            match output {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?,
                None => std::io::stdout().lock().write_all(text.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_template(arg: &str) -> Result<Template, Fatal> {
    Ok(report_engine::parse(&load_source(arg)?.0))
}

/// The template's text, or for one read through implicit places its explicit form with
/// every place, named after the file when its title is still to be written (as the editor
/// names it).
fn explicit_form(arg: &str, source: &str, t: &Template) -> String {
    if t.places().is_empty() {
        return source.to_string();
    }
    let stem = Path::new(arg)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|_| arg != "-" && Path::new(arg).exists());
    report_engine::implicit::adopt_named(source, t.places(), stem)
}

/// Says on stderr when a template was read through implicit places (nothing is guessed
/// silently); `report adopt` lists them.
fn note_places(t: &Template) {
    if !t.places().is_empty() {
        eprintln!(
            "report: {} (`report adopt` lists them and writes the explicit template)",
            report_engine::implicit::summary(t.places())
        );
    }
}

/// A template's text, and its built-in id when it is one.
fn load_source(arg: &str) -> Result<(String, Option<&'static str>), Fatal> {
    let mut builtin_id = None;
    let source = if arg == "-" {
        read_limited(std::io::stdin().lock(), "stdin")?
    } else if let Some(b) = report_engine::builtin(arg).filter(|_| !Path::new(arg).exists()) {
        builtin_id = Some(b.id);
        b.source.to_string()
    } else {
        let path = Path::new(arg);
        let file = std::fs::File::open(path).map_err(|e| {
            let names: Vec<&str> = report_engine::builtins().iter().map(|b| b.id).collect();
            Fatal(format!(
                "cannot open template {arg}: {e} (built-in templates: {})",
                names.join(", ")
            ))
        })?;
        read_limited(file, arg)?
    };
    Ok((source, builtin_id))
}

/// The hand-off of `values` for `draft` and `link`.
fn shared(template: &str, input: &Inputs, meta: ShareMeta) -> Result<Shared, Fatal> {
    let (source, builtin_id) = load_source(template)?;
    let t = report_engine::parse(&source);
    note_places(&t);
    // The editor refuses such a template, so a draft of it could never be opened.
    limits::check_fields(&t).map_err(|m| Fatal(format!("{template}: the {m}")))?;
    let gathered = gather(&t, input)?;
    // A template read through implicit places travels in its explicit form: the text the
    // editor keeps when that file is opened with every place.
    let source = explicit_form(template, &source, &t);
    let hash = report_engine::content_hash(&source);
    let template_ref = match builtin_id {
        Some(id) => TemplateRef::Builtin {
            id: id.into(),
            hash,
        },
        None => TemplateRef::Custom { hash },
    };
    Ok(Shared::start(
        template_ref,
        Some(source),
        &gathered.values,
        meta.name.unwrap_or_else(|| t.title().to_string()),
        meta.lead,
        new_id("lineage"),
        new_id("checkpoint"),
    )
    .with_provenance(gathered.overrides, gathered.sources))
}

/// The values a command works on, and what the draft keeps about them.
struct Gathered {
    values: Values,
    /// Computed fields given in `--values`: kept as given.
    overrides: BTreeSet<String>,
    /// Where each imported value came from.
    sources: BTreeMap<String, Source>,
}

/// `--values`, then each `--from` file in order (a later file's measure replaces an
/// earlier file's; neither replaces a value from `--values`, which is said on stderr),
/// then every computed field not given in `--values`.
fn gather(t: &Template, input: &Inputs) -> Result<Gathered, Fatal> {
    if input.values.is_none() && input.from.is_empty() {
        return Err(Fatal(
            "give the values: --values VALUES.json and/or --from RESULTS (repeatable)".into(),
        ));
    }
    let mut values = match &input.values {
        Some(path) => load_values(t, path)?,
        None => Values::new(),
    };
    let typed: BTreeSet<String> = values.iter().map(|(k, _)| k.clone()).collect();
    let mut sources = BTreeMap::new();
    for path in &input.from {
        let shown = path.display().to_string();
        let len = std::fs::metadata(path)
            .map_err(|e| Fatal(format!("cannot open results {shown}: {e}")))?
            .len();
        limits::check_results_size(usize::try_from(len).unwrap_or(usize::MAX))
            .map_err(|m| Fatal(format!("{shown}: {m}")))?;
        let bytes =
            std::fs::read(path).map_err(|e| Fatal(format!("cannot read results {shown}: {e}")))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&shown)
            .to_string();
        let current = |i: usize| values.get(&t.fields()[i].name).cloned();
        let plan = import::plan(t, &name, &bytes, &current, &sources)
            .map_err(|e| Fatal(format!("{shown}: {e}")))?;
        let mut taken = 0;
        for c in plan.changes {
            let field = &t.fields()[c.field];
            if typed.contains(&field.name) {
                eprintln!(
                    "report: {shown}: kept {} = {} from --values (the file has {})",
                    field.name,
                    report_engine::describe_value(c.current.as_ref()),
                    report_engine::describe_value(Some(&c.new))
                );
                continue;
            }
            values.set(field.name.clone(), c.new);
            sources.insert(field.name.clone(), c.source);
            taken += 1;
        }
        eprintln!(
            "report: {shown} ({}): {taken} field{} filled, {} already the same",
            plan.format.name(),
            if taken == 1 { "" } else { "s" },
            plan.unchanged
        );
    }
    let overrides: BTreeSet<String> = t
        .compute_order()
        .iter()
        .map(|&i| t.fields()[i].name.clone())
        .filter(|n| typed.contains(n))
        .collect();
    compute::apply(t, &mut values, &overrides);
    Ok(Gathered {
        values,
        overrides,
        sources,
    })
}

/// A fresh id: the hash of the time, the process and a purpose.
fn new_id(purpose: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    report_engine::content_hash(&format!("{purpose}-{nanos}-{}", std::process::id()))
}

/// Reads at most one byte over the template limit, so a huge input is refused early.
fn read_limited(reader: impl Read, what: &str) -> Result<String, Fatal> {
    let mut buf = Vec::new();
    reader
        .take(limits::MAX_TEMPLATE_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Fatal(format!("cannot read template {what}: {e}")))?;
    limits::check_template_size(buf.len()).map_err(|m| Fatal(format!("{what}: {m}")))?;
    String::from_utf8(buf).map_err(|_| Fatal(format!("template {what} is not UTF-8 text")))
}

fn load_values(t: &Template, path: &Path) -> Result<Values, Fatal> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Fatal(format!("cannot open values {}: {e}", path.display())))?;
    limits::check_values_size(meta.len() as usize)
        .map_err(|m| Fatal(format!("{}: {m}", path.display())))?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fatal(format!("cannot read values {}: {e}", path.display())))?;
    Values::from_json(t, &text).map_err(|e| Fatal(format!("{}: {e}", path.display())))
}

fn print_diagnostics(t: &Template) {
    for d in t.diagnostics() {
        eprintln!(
            "template:{}:{}: {:?}: {}",
            d.line, d.column, d.severity, d.message
        );
    }
}

fn human_problems(t: &Template, problems: &[Problem]) -> String {
    let mut s = String::new();
    for (section, list) in report_engine::by_section(problems) {
        let title = t
            .sections()
            .get(section)
            .map(|s| s.title.as_str())
            .unwrap_or("");
        s.push_str(&format!("{title}\n"));
        for p in list {
            s.push_str(&format!("  {}: {}\n", p.field, p.message));
        }
    }
    s.push_str(&format!(
        "{} problem{}\n",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    s
}

/// One field in `fields --json`.
#[derive(Serialize)]
struct FieldJson {
    name: String,
    kind: &'static str,
    label: String,
    section: String,
    occurrences: usize,
    required: bool,
    columns: Option<Vec<String>>,
    unit: Option<String>,
    options: Option<Vec<String>>,
    help: Option<String>,
    default: Option<String>,
    /// The formula, for a computed field.
    compute: Option<String>,
    /// The results measure that fills it, in words.
    from: Option<String>,
    lines: Vec<usize>,
}

impl FieldJson {
    fn new(t: &Template, f: &Field) -> Self {
        FieldJson {
            name: f.name.clone(),
            kind: f.kind.as_str(),
            label: f.label.clone(),
            section: t
                .sections()
                .get(f.section)
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            occurrences: f.occurrences.len(),
            required: f.required,
            columns: (f.kind == report_engine::Kind::TableRows).then(|| f.columns.clone()),
            unit: f.unit.clone(),
            options: (!f.options.is_empty()).then(|| f.options.clone()),
            help: f.help.clone(),
            default: f.default.clone(),
            compute: f.compute.as_ref().map(|c| c.formula.source().to_string()),
            from: f.from.as_ref().map(|l| l.describe()),
            lines: f.occurrences.iter().map(|o| o.line).collect(),
        }
    }
}

#[derive(Serialize)]
struct CheckJson {
    ok: bool,
    problems: Vec<ProblemJson>,
}

#[derive(Serialize)]
struct ProblemJson {
    field: String,
    label: String,
    section: String,
    kind: report_engine::ProblemKind,
    message: String,
}

impl ProblemJson {
    fn new(t: &Template, p: &Problem) -> Self {
        ProblemJson {
            field: p.field.clone(),
            label: p.label.clone(),
            section: t
                .sections()
                .get(p.section)
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            kind: p.kind,
            message: p.message.clone(),
        }
    }
}
