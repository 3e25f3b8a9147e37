//! Computed fields: a small expression language the engine evaluates itself (nothing is
//! handed to a scripting engine).
//!
//! A template's front matter gives a field a formula instead of an input:
//!
//! ```yaml
//! API_PASS_RATE: { compute: "API_PASSED / API_TESTS * 100", decimals: 1 }
//! ```
//!
//! # Values
//!
//! | Syntax | Meaning |
//! |---|---|
//! | `100`, `0.5`, `1e3` | a number |
//! | `"text"`, `'text'` | text; inside, `\"`, `\'` and `\\` stand for `"`, `'` and `\` |
//! | `true`, `false` | yes / no |
//! | `API_PASSED`, `staging_p95` | the value of that field: letters `A`–`Z` / `a`–`z`, digits and `_`, starting with a letter or `_` (`GA-Day` is not a field name: it reads as `GA - Day`) |
//!
//! `and`, `or`, `not`, `true` and `false` are words of the language in any case, so they
//! cannot be field names. Spaces between parts are optional.
//!
//! # Operators, loosest first
//!
//! | Operator | Meaning | Example |
//! |---|---|---|
//! | `or` | either is true | `A_OK or B_OK` |
//! | `and` | both are true | `A_OK and B_OK` |
//! | `not` | the opposite | `not SKIPPED` |
//! | `<` `<=` `>` `>=` `=` `==` `!=` `<>` | compare two values of one type (numbers, text, dates, yes/no for `=` and `!=`); `a < b < c` is an error, write `a < b and b < c` | `AGENTS_P95 < 150` |
//! | `&` | join as text; numbers, dates and yes/no are written out | `"v" & VERSION` |
//! | `+` `-` | add, subtract | `PROD_NODES - STAGING_NODES` |
//! | `*` `/` | multiply, divide | `API_PASSED / API_TESTS * 100` |
//! | `-` (in front) | negate | `-DELTA` |
//! | `( … )` | group | `(A + B) / 2` |
//!
//! Operators of one level group from the left (`10 - 3 - 2` is 5). The signs `×` `÷` `−`
//! `≤` `≥` `≠` are accepted for `*` `/` `-` `<=` `>=` `!=`.
//!
//! Text compares exactly (case matters); numbers equal to about 12 significant digits
//! compare equal, so `0.1 + 0.2 = 0.3` is true.
//!
//! # Functions
//!
//! Names are case-insensitive (`ROUND` = `round`).
//!
//! | Function | Result |
//! |---|---|
//! | `if(cond, a, b)` | `a` when `cond` is true, else `b`. Only the branch taken is worked out, so an empty field in the other branch does not hold the result back. `a` and `b` must be of one type, except that a number and a text give text |
//! | `round(x)`, `round(x, n)` | `x` rounded to `n` decimal places (0 to 10; default 0), halves away from zero |
//! | `min(x, …)`, `max(x, …)` | the smallest / largest of one or more numbers (or of dates) |
//! | `sum(x, …)`, `avg(x, …)` | the total / mean of one or more numbers |
//! | `abs(x)` | `x` without its sign |
//! | `hours(from, to)`, `minutes(from, to)`, `days(from, to)` | the time from one date or date and time to another, with fractions (`hours` of 10:00 to 11:30 is 1.5); negative when `to` is earlier |
//! | `text(x)`, `text(x, n)` | `x` as text; a number with exactly `n` decimal places |
//! | `signed(x)`, `signed(x, n)` | a number as text with `+` in front when it is above zero, for changes: `+3`, `-2`, `0` (with `n` places when given) |
//! | `coalesce(a, b, …)` | the first argument whose fields are all filled in (`coalesce(PROD_P95, STAGING_P95)`); its types agree as for `if` |
//!
//! # Types
//!
//! Every formula is checked against its fields' kinds before it is used. There are four
//! types: number (integer, number, percent, currency and duration fields), text (text,
//! status, link, hash and Markdown fields), yes/no (checkbox fields, comparisons) and
//! date/time (date and datetime fields). `+ - * /`, `round`, `abs`, `sum`, … need numbers;
//! `and`, `or`, `not` and the condition of `if` need yes/no; `hours`, `minutes` and `days`
//! need dates; `&` takes anything.
//!
//! # Units
//!
//! A number keeps the unit written with it: `85ms` is 85 with `ms` after it, `4.5 s` is 4.5
//! with ` s`, `$1,200` is 1200 with `$` before it, `64 GB`, `99.5%`. A field whose template
//! writes the unit (`{AGENTS_P95}ms`) has its bare values read with that unit. Durations
//! read as one number of their own unit when written that way (`45s`, `1.5 hours`), and
//! otherwise (`4m 32s`, `00:04:32`, which is hours:minutes:seconds; `04:32` is
//! minutes:seconds) as seconds with `s`.
//!
//! - `+`, `-`, comparisons, `min`, `max`, `sum`, `avg` need their numbers in one unit; a
//!   number without a unit goes with any. `4.5 s + 300ms` is an error ("the units
//!   differ"): units are compared ignoring spaces around them and case, and never
//!   converted.
//! - The result of those, and of `abs`, `round`, `signed`, `-x` and `if`, has that unit.
//! - `a / b` in one unit has no unit (`API_P95 / BASELINE_P95`); `x * k` and `x / k` with
//!   `k` unitless keep `x`'s unit; other products and quotients have no unit.
//! - `hours`, `minutes` and `days` give numbers without a unit.
//!
//! # Results
//!
//! A number is shown with the field's `decimals` when set, otherwise whole numbers as they
//! are and others to at most 2 places (`66.67`), with its unit, except that a unit the
//! template writes next to the field is left out. Thousands are not grouped (`$3600`).
//! Yes/no shows as `true` / `false`, a date as `2026-12-02T10:15Z` (UTC).
//!
//! A result waits while a field it needs is empty ([`EvalError::Waiting`], naming the
//! fields). Only what the result depends on is needed: the branch `if` takes, the first
//! filled argument of `coalesce`, and one side of `and` / `or` when it settles the result
//! (`false and …` is false, `true or …` is true, whichever side is filled). Dividing by
//! zero, a number too large to show, units that differ and a value that does not read as
//! its type are errors ([`EvalError::Invalid`]); an error is reported before waiting.
//!
//! # Limits
//!
//! A formula is at most [`MAX_LEN`] characters and nests at most [`MAX_DEPTH`] levels
//! (parentheses, functions, operators in a row).

mod check;
mod eval;
mod lex;
mod parse;
mod syntax;
mod types;
mod values;

pub use parse::parse;
pub use types::{EvalError, Formula, FormulaError, Type, Val, MAX_DEPTH, MAX_LEN};
pub use values::format;
pub(crate) use values::{read_duration, read_number, read_time, unitless};
