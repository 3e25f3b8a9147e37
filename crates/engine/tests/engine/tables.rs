//! Tables of placeholders as the form shows them (`report_engine::tables`): each fixture
//! in `tests/fixtures/tables/` → `NAME.expect` (the tables, their cells, and each input's
//! accessible name). `BLESS=1` rewrites the expectations.

use report_engine::tables::{form_tables, Part};
use std::fmt::Write;

/// The text form of a template's form tables.
fn describe(source: &str) -> String {
    let t = report_engine::parse(source);
    let found = form_tables(&t);
    let name = |i: usize| t.fields()[i].name.clone();
    let mut out = String::new();
    for (k, table) in found.tables.iter().enumerate() {
        let section = &t.sections()[table.section].title;
        let _ = writeln!(out, "table {k} at line {} in “{section}”", table.line);
        let _ = writeln!(out, "  headers: {}", table.headers.join(" | "));
        for (r, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| {
                    cell.iter()
                        .map(|p| match p {
                            Part::Text(s) => s.clone(),
                            Part::Field { index, first: true } => format!("[{}]", name(*index)),
                            Part::Field {
                                index,
                                first: false,
                            } => format!("({})", name(*index)),
                        })
                        .collect::<String>()
                })
                .collect();
            let _ = writeln!(out, "  row {r}: {}", cells.join(" | "));
            for (c, cell) in row.iter().enumerate() {
                for p in cell {
                    if let Part::Field { index, first: true } = p {
                        let _ = writeln!(
                            out,
                            "    {}: {}",
                            name(*index),
                            table.input_label(&t, r, c, *index)
                        );
                    }
                }
            }
        }
    }
    let outside: Vec<String> = found
        .table_of
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .map(|(i, _)| name(i))
        .collect();
    let _ = writeln!(out, "fields outside tables: {}", outside.join(", "));
    out
}

#[test]
fn table_fixtures() {
    let mut failures = Vec::new();
    for path in crate::oracle::cases("tables", ".md") {
        let source = std::fs::read_to_string(&path).unwrap();
        let expect = path.with_extension("expect");
        failures.extend(crate::oracle::check_against(&expect, &describe(&source)));
    }
    crate::oracle::assert_all(failures);
}

/// The built-ins: how many tables the form shows, and that every field in one is named by
/// its row and column.
#[test]
fn the_builtins_tables() {
    let mut out = String::new();
    for b in report_engine::builtins() {
        let t = report_engine::parse(b.source);
        let found = form_tables(&t);
        let inputs = found.table_of.iter().filter(|x| x.is_some()).count();
        let _ = writeln!(
            out,
            "{}: {} tables, {inputs} of {} fields in them",
            b.id,
            found.tables.len(),
            t.fields().len()
        );
    }
    let expect = crate::oracle::fixtures("tables/builtins.expect");
    crate::oracle::assert_all(
        crate::oracle::check_against(&expect, &out)
            .into_iter()
            .collect(),
    );
    let t = report_engine::parse(
        report_engine::builtin("staging-deployment-report")
            .unwrap()
            .source,
    );
    let found = form_tables(&t);
    let i = t
        .fields()
        .iter()
        .position(|f| f.name == "AGENTS_P95")
        .unwrap();
    let table = &found.tables[found.table_of[i].unwrap()];
    let (r, c) = table
        .rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| {
            row.iter()
                .position(|cell| {
                    cell.contains(&Part::Field {
                        index: i,
                        first: true,
                    })
                })
                .map(|c| (r, c))
        })
        .unwrap();
    assert_eq!(
        table.input_label(&t, r, c, i),
        "GET /api/v1/agents, p95, ms"
    );
}
