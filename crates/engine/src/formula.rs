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

use std::fmt;

/// Longest formula, in characters.
pub const MAX_LEN: usize = 2_000;
/// Deepest nesting of parentheses, functions and operators.
pub const MAX_DEPTH: usize = 64;

/// A parsed formula: its text and its syntax tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    src: String,
    root: Node,
}

/// A syntax error, or a type error from [`Formula::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    /// 1-based column, in characters of the formula text, of the part at fault.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for FormulaError {}

/// The type of a value or of a formula's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Number,
    Text,
    Bool,
    Time,
}

impl Type {
    /// A phrase for messages: "a number", "text", "yes/no", "a date".
    pub fn describe(self) -> &'static str {
        match self {
            Type::Number => "a number",
            Type::Text => "text",
            Type::Bool => "yes/no",
            Type::Time => "a date",
        }
    }
}

/// A value a formula works on.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A number with the unit written before (`$`) and after (`ms`, ` GB`, `%`) it.
    Num {
        n: f64,
        prefix: String,
        suffix: String,
    },
    Text(String),
    Bool(bool),
    /// Seconds since 1970-01-01 UTC.
    Time(f64),
}

impl Val {
    /// A number without a unit.
    pub fn num(n: f64) -> Val {
        Val::Num {
            n,
            prefix: String::new(),
            suffix: String::new(),
        }
    }

    /// The value's type.
    pub fn ty(&self) -> Type {
        match self {
            Val::Num { .. } => Type::Number,
            Val::Text(_) => Type::Text,
            Val::Bool(_) => Type::Bool,
            Val::Time(_) => Type::Time,
        }
    }
}

/// Why a formula has no result.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// Inputs that are empty/missing, in first-use order without repeats (only those the
    /// evaluation actually needed).
    Waiting(Vec<String>),
    /// A value that does not read as the type needed, division by zero, units differ, …:
    /// a message for a person; `field` when one input is at fault.
    Invalid {
        field: Option<String>,
        message: String,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Waiting(names) => write!(f, "waiting for {}", names.join(", ")),
            EvalError::Invalid { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for EvalError {}

// ---------------------------------------------------------------------------------------
// Syntax tree

#[derive(Debug, Clone, PartialEq)]
struct Node {
    /// 0-based character index of the part to blame: the operator, the function name, the
    /// field name, the literal.
    at: usize,
    /// Character range of the whole expression in the source, for quoting it.
    start: usize,
    end: usize,
    /// Height of the tree under this node (a leaf is 1).
    height: usize,
    e: Expr,
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Num(f64),
    Str(String),
    Bool(bool),
    Field(String),
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(Op, Box<Node>, Box<Node>),
    Call(Func, Vec<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    Join,
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    fn source(self) -> &'static str {
        match self {
            Op::Or => "or",
            Op::And => "and",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Join => "&",
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Op::Or => "or",
            Op::And => "and",
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Join => "&",
            Op::Add => "+",
            Op::Sub => "−",
            Op::Mul => "×",
            Op::Div => "÷",
        }
    }

    fn prec(self) -> u8 {
        match self {
            Op::Or => 1,
            Op::And => 2,
            Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::Eq | Op::Ne => 4,
            Op::Join => 5,
            Op::Add | Op::Sub => 6,
            Op::Mul | Op::Div => 7,
        }
    }

    fn is_comparison(self) -> bool {
        self.prec() == 4
    }
}

const PREC_IF: u8 = 0;
const PREC_NOT: u8 = 3;
const PREC_NEG: u8 = 8;
const PREC_ATOM: u8 = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    If,
    Round,
    Min,
    Max,
    Sum,
    Avg,
    Abs,
    Hours,
    Minutes,
    Days,
    Text,
    Signed,
    Coalesce,
}

/// Name, fewest and most arguments.
const FUNCS: [(Func, &str, usize, usize); 13] = [
    (Func::If, "if", 3, 3),
    (Func::Round, "round", 1, 2),
    (Func::Min, "min", 1, usize::MAX),
    (Func::Max, "max", 1, usize::MAX),
    (Func::Sum, "sum", 1, usize::MAX),
    (Func::Avg, "avg", 1, usize::MAX),
    (Func::Abs, "abs", 1, 1),
    (Func::Hours, "hours", 2, 2),
    (Func::Minutes, "minutes", 2, 2),
    (Func::Days, "days", 2, 2),
    (Func::Text, "text", 1, 2),
    (Func::Signed, "signed", 1, 2),
    (Func::Coalesce, "coalesce", 1, usize::MAX),
];

impl Func {
    fn name(self) -> &'static str {
        FUNCS
            .iter()
            .find(|f| f.0 == self)
            .map(|f| f.1)
            .unwrap_or("?")
    }
}

// ---------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Sym(&'static str),
    End,
}

#[derive(Debug, Clone)]
struct Token {
    t: Tok,
    at: usize,
    end: usize,
}

fn err<T>(at: usize, message: impl Into<String>) -> Result<T, FormulaError> {
    Err(FormulaError {
        column: at + 1,
        message: message.into(),
    })
}

fn lex(cs: &[char]) -> Result<Vec<Token>, FormulaError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let at = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let t = if c.is_ascii_digit()
            || (c == '.' && cs.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            if cs.get(i) == Some(&'.') {
                i += 1;
                if !cs.get(i).is_some_and(char::is_ascii_digit) {
                    return err(at, "a number's `.` must have digits after it");
                }
                while i < cs.len() && cs[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if matches!(cs.get(i), Some('e' | 'E'))
                && (cs.get(i + 1).is_some_and(char::is_ascii_digit)
                    || (matches!(cs.get(i + 1), Some('+' | '-'))
                        && cs.get(i + 2).is_some_and(char::is_ascii_digit)))
            {
                i += 2;
                while i < cs.len() && cs[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if let Some(&d) = cs.get(i) {
                if d.is_alphanumeric() || d == '_' {
                    let mut j = i;
                    while j < cs.len() && (cs[j].is_alphanumeric() || cs[j] == '_') {
                        j += 1;
                    }
                    let word: String = cs[i..j].iter().collect();
                    return err(
                        i,
                        format!(
                            "a number cannot have `{word}` right after it: units come from the fields' values, and field names start with a letter or `_`"
                        ),
                    );
                }
            }
            let text: String = cs[at..i].iter().collect();
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() => Tok::Num(n),
                _ => return err(at, format!("the number `{text}` is too large")),
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            if let Some(&d) = cs.get(i) {
                if d.is_alphanumeric() {
                    return err(
                        i,
                        format!(
                            "`{d}` cannot be part of a field name: use letters A–Z, digits and `_`"
                        ),
                    );
                }
            }
            Tok::Ident(cs[at..i].iter().collect())
        } else if c == '"' || c == '\'' {
            i += 1;
            let mut s = String::new();
            loop {
                match cs.get(i) {
                    None => {
                        return err(at, format!("this text has no closing {c}"));
                    }
                    Some('\\') => match cs.get(i + 1) {
                        Some(&e @ ('"' | '\'' | '\\')) => {
                            s.push(e);
                            i += 2;
                        }
                        Some(&e) => {
                            return err(
                                i,
                                format!("`\\{e}` is not an escape: write `\\\"`, `\\'` or `\\\\`"),
                            )
                        }
                        None => return err(at, format!("this text has no closing {c}")),
                    },
                    Some(&d) if d == c => {
                        i += 1;
                        break;
                    }
                    Some(&d) => {
                        s.push(d);
                        i += 1;
                    }
                }
            }
            Tok::Str(s)
        } else {
            let two: String = cs[i..(i + 2).min(cs.len())].iter().collect();
            let (sym, len) = match (two.as_str(), c) {
                ("<=", _) => ("<=", 2),
                (">=", _) => (">=", 2),
                ("==", _) => ("=", 2),
                ("!=", _) => ("!=", 2),
                ("<>", _) => ("!=", 2),
                (_, '<') => ("<", 1),
                (_, '>') => (">", 1),
                (_, '=') => ("=", 1),
                (_, '≤') => ("<=", 1),
                (_, '≥') => (">=", 1),
                (_, '≠') => ("!=", 1),
                (_, '&') => ("&", 1),
                (_, '+') => ("+", 1),
                (_, '-' | '−') => ("-", 1),
                (_, '*' | '×') => ("*", 1),
                (_, '/' | '÷') => ("/", 1),
                (_, '(') => ("(", 1),
                (_, ')') => (")", 1),
                (_, ',') => (",", 1),
                (_, '!') => return err(at, "`!` alone is not an operator: write `not` or `!=`"),
                (_, '“' | '”' | '‘' | '’') => {
                    return err(
                        at,
                        format!("`{c}` is a typographic quote: write text in \"…\" or '…'"),
                    )
                }
                _ if c.is_alphabetic() => {
                    return err(
                        at,
                        format!("`{c}` cannot start a field name: use letters A–Z, digits and `_`"),
                    )
                }
                _ => return err(at, format!("`{c}` is not part of the formula language")),
            };
            i += len;
            Tok::Sym(sym)
        };
        out.push(Token { t, at, end: i });
    }
    out.push(Token {
        t: Tok::End,
        at: cs.len(),
        end: cs.len(),
    });
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Parser

/// Parses a formula. Syntax errors carry the column of the part at fault. Never panics;
/// formulas over [`MAX_LEN`] characters or nesting over [`MAX_DEPTH`] levels are refused.
pub fn parse(src: &str) -> Result<Formula, FormulaError> {
    let cs: Vec<char> = src.chars().collect();
    if cs.len() > MAX_LEN {
        return err(
            MAX_LEN,
            format!(
                "the formula is {} characters long; the most is {MAX_LEN}",
                cs.len()
            ),
        );
    }
    let toks = lex(&cs)?;
    if toks.len() == 1 {
        return err(0, "the formula is empty");
    }
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
    };
    let root = p.expr()?;
    let t = p.peek();
    if t.t != Tok::End {
        let what = p.describe_tok(&cs);
        return err(
            t.at,
            match t.t {
                Tok::Sym(")") => "this `)` has no `(` to close".to_string(),
                _ => format!("expected an operator or the end, found {what}"),
            },
        );
    }
    Ok(Formula {
        src: src.to_string(),
        root,
    })
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: usize,
}

fn is_word(t: &Tok, w: &str) -> bool {
    matches!(t, Tok::Ident(s) if s.eq_ignore_ascii_case(w))
}

const KEYWORDS: [&str; 5] = ["and", "or", "not", "true", "false"];

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn describe_tok(&self, cs: &[char]) -> String {
        let t = self.peek();
        match &t.t {
            Tok::End => "the end".to_string(),
            _ => format!("`{}`", cs[t.at..t.end].iter().collect::<String>()),
        }
    }

    fn found(&self) -> String {
        match &self.peek().t {
            Tok::End => "the end of the formula".to_string(),
            Tok::Num(n) => format!("the number {n}"),
            Tok::Str(_) => "a text".to_string(),
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Sym(s) => format!("`{s}`"),
        }
    }

    fn enter(&mut self) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(
                self.peek().at,
                format!("the formula nests more than {MAX_DEPTH} levels deep"),
            );
        }
        Ok(())
    }

    fn node(&self, at: usize, start: usize, end: usize, e: Expr) -> Result<Node, FormulaError> {
        let height = 1 + match &e {
            Expr::Num(_) | Expr::Str(_) | Expr::Bool(_) | Expr::Field(_) => 0,
            Expr::Neg(x) | Expr::Not(x) => x.height,
            Expr::Bin(_, l, r) => l.height.max(r.height),
            Expr::Call(_, args) => args.iter().map(|a| a.height).max().unwrap_or(0),
        };
        if height > MAX_DEPTH {
            return err(
                at,
                format!("the formula nests more than {MAX_DEPTH} levels deep"),
            );
        }
        Ok(Node {
            at,
            start,
            end,
            height,
            e,
        })
    }

    fn bin(&self, op: Op, at: usize, l: Node, r: Node) -> Result<Node, FormulaError> {
        let (start, end) = (l.start, r.end);
        self.node(at, start, end, Expr::Bin(op, Box::new(l), Box::new(r)))
    }

    fn expr(&mut self) -> Result<Node, FormulaError> {
        self.enter()?;
        let r = self.or();
        self.depth -= 1;
        r
    }

    fn or(&mut self) -> Result<Node, FormulaError> {
        let mut l = self.and()?;
        while is_word(&self.peek().t, "or") {
            let at = self.bump().at;
            let r = self.and()?;
            l = self.bin(Op::Or, at, l, r)?;
        }
        Ok(l)
    }

    fn and(&mut self) -> Result<Node, FormulaError> {
        let mut l = self.not()?;
        while is_word(&self.peek().t, "and") {
            let at = self.bump().at;
            let r = self.not()?;
            l = self.bin(Op::And, at, l, r)?;
        }
        Ok(l)
    }

    fn not(&mut self) -> Result<Node, FormulaError> {
        if is_word(&self.peek().t, "not") {
            let at = self.bump().at;
            self.enter()?;
            let x = self.not();
            self.depth -= 1;
            let x = x?;
            let end = x.end;
            return self.node(at, at, end, Expr::Not(Box::new(x)));
        }
        self.cmp()
    }

    fn cmp_op(&self) -> Option<Op> {
        match self.peek().t {
            Tok::Sym("<") => Some(Op::Lt),
            Tok::Sym("<=") => Some(Op::Le),
            Tok::Sym(">") => Some(Op::Gt),
            Tok::Sym(">=") => Some(Op::Ge),
            Tok::Sym("=") => Some(Op::Eq),
            Tok::Sym("!=") => Some(Op::Ne),
            _ => None,
        }
    }

    fn cmp(&mut self) -> Result<Node, FormulaError> {
        let l = self.join()?;
        let Some(op) = self.cmp_op() else {
            return Ok(l);
        };
        let at = self.bump().at;
        let r = self.join()?;
        if self.cmp_op().is_some() {
            return err(
                self.peek().at,
                "comparisons cannot be chained: write `a < b and b < c`",
            );
        }
        self.bin(op, at, l, r)
    }

    fn join(&mut self) -> Result<Node, FormulaError> {
        let mut l = self.add()?;
        while self.peek().t == Tok::Sym("&") {
            let at = self.bump().at;
            let r = self.add()?;
            l = self.bin(Op::Join, at, l, r)?;
        }
        Ok(l)
    }

    fn add(&mut self) -> Result<Node, FormulaError> {
        let mut l = self.mul()?;
        loop {
            let op = match self.peek().t {
                Tok::Sym("+") => Op::Add,
                Tok::Sym("-") => Op::Sub,
                _ => return Ok(l),
            };
            let at = self.bump().at;
            let r = self.mul()?;
            l = self.bin(op, at, l, r)?;
        }
    }

    fn mul(&mut self) -> Result<Node, FormulaError> {
        let mut l = self.unary()?;
        loop {
            let op = match self.peek().t {
                Tok::Sym("*") => Op::Mul,
                Tok::Sym("/") => Op::Div,
                _ => return Ok(l),
            };
            let at = self.bump().at;
            let r = self.unary()?;
            l = self.bin(op, at, l, r)?;
        }
    }

    fn unary(&mut self) -> Result<Node, FormulaError> {
        if self.peek().t == Tok::Sym("-") {
            let at = self.bump().at;
            self.enter()?;
            let x = self.unary();
            self.depth -= 1;
            let x = x?;
            let end = x.end;
            return self.node(at, at, end, Expr::Neg(Box::new(x)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node, FormulaError> {
        let t = self.peek().clone();
        match t.t {
            Tok::Num(n) => {
                self.bump();
                self.node(t.at, t.at, t.end, Expr::Num(n))
            }
            Tok::Str(s) => {
                self.bump();
                self.node(t.at, t.at, t.end, Expr::Str(s))
            }
            Tok::Sym("(") => {
                self.bump();
                let mut x = self.expr()?;
                if self.peek().t != Tok::Sym(")") {
                    return err(
                        self.peek().at,
                        format!(
                            "expected `)` to close the `(` at column {}, found {}",
                            t.at + 1,
                            self.found()
                        ),
                    );
                }
                x.start = t.at;
                x.end = self.bump().end;
                Ok(x)
            }
            Tok::Ident(ref name) => {
                let name = name.clone();
                if is_word(&t.t, "true") || is_word(&t.t, "false") {
                    self.bump();
                    let b = is_word(&t.t, "true");
                    return self.node(t.at, t.at, t.end, Expr::Bool(b));
                }
                if KEYWORDS.iter().any(|k| is_word(&t.t, k)) {
                    return err(t.at, format!("expected a value before `{name}`"));
                }
                self.bump();
                if self.peek().t != Tok::Sym("(") {
                    return self.node(t.at, t.at, t.end, Expr::Field(name));
                }
                let Some(&(func, fname, least, most)) =
                    FUNCS.iter().find(|f| f.1.eq_ignore_ascii_case(&name))
                else {
                    let names: Vec<&str> = FUNCS.iter().map(|f| f.1).collect();
                    return err(
                        t.at,
                        format!(
                            "there is no function `{name}`; there are {}",
                            names.join(", ")
                        ),
                    );
                };
                self.bump();
                self.enter()?;
                let args = self.args();
                self.depth -= 1;
                let (args, end) = args?;
                if args.len() < least || args.len() > most {
                    let want = match (least, most) {
                        (a, b) if a == b => {
                            format!("{a} argument{}", if a == 1 { "" } else { "s" })
                        }
                        (a, usize::MAX) => format!("{a} or more arguments"),
                        (a, b) => format!("{a} or {b} arguments"),
                    };
                    return err(
                        t.at,
                        format!("`{fname}` takes {want}, but has {}", args.len()),
                    );
                }
                self.node(t.at, t.at, end, Expr::Call(func, args))
            }
            Tok::End => err(t.at, "expected a value at the end of the formula"),
            Tok::Sym(s) => err(t.at, format!("expected a value, found `{s}`")),
        }
    }

    /// Arguments after `(`, up to and including `)`; returns them and the end of `)`.
    fn args(&mut self) -> Result<(Vec<Node>, usize), FormulaError> {
        let mut args = Vec::new();
        if self.peek().t == Tok::Sym(")") {
            return Ok((args, self.bump().end));
        }
        loop {
            args.push(self.or()?);
            match self.peek().t {
                Tok::Sym(",") => {
                    self.bump();
                }
                Tok::Sym(")") => return Ok((args, self.bump().end)),
                _ => {
                    return err(
                        self.peek().at,
                        format!(
                            "expected `,` or `)` in the function's arguments, found {}",
                            self.found()
                        ),
                    )
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Formula: references, checking, printing

impl Formula {
    /// The formula as written.
    pub fn source(&self) -> &str {
        &self.src
    }

    /// Referenced field names with the 1-based column of their first use, in first-use
    /// order, without repeats.
    pub fn refs(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        fn walk(n: &Node, out: &mut Vec<(String, usize)>) {
            match &n.e {
                Expr::Field(name) => {
                    if !out.iter().any(|(x, _)| x == name) {
                        out.push((name.clone(), n.at + 1));
                    }
                }
                Expr::Num(_) | Expr::Str(_) | Expr::Bool(_) => {}
                Expr::Neg(x) | Expr::Not(x) => walk(x, out),
                Expr::Bin(_, l, r) => {
                    walk(l, out);
                    walk(r, out);
                }
                Expr::Call(_, args) => args.iter().for_each(|a| walk(a, out)),
            }
        }
        walk(&self.root, &mut out);
        out
    }

    /// The formula's result type, given each field's type (`None` for a field the template
    /// does not have). Errors name the unknown field at its column, or the operator or
    /// function whose operands do not fit at its column.
    pub fn check(&self, ty: &dyn Fn(&str) -> Option<Type>) -> Result<Type, FormulaError> {
        // Unknown fields first, leftmost first: they are the likelier mistake.
        for (name, column) in self.refs() {
            if ty(&name).is_none() {
                return Err(FormulaError {
                    column,
                    message: format!("unknown field `{name}`"),
                });
            }
        }
        self.check_node(&self.root, ty)
    }

    fn snippet(&self, n: &Node) -> String {
        let s: String = self
            .src
            .chars()
            .skip(n.start)
            .take(n.end.saturating_sub(n.start))
            .collect();
        if s.chars().count() > 30 {
            format!("{}…", s.chars().take(29).collect::<String>())
        } else {
            s
        }
    }

    fn is_a(&self, n: &Node, t: Type) -> String {
        format!("`{}` is {}", self.snippet(n), t.describe())
    }

    fn check_node(
        &self,
        n: &Node,
        ty: &dyn Fn(&str) -> Option<Type>,
    ) -> Result<Type, FormulaError> {
        use Type::*;
        let need = |x: &Node, want: &[Type], what: &str| -> Result<Type, FormulaError> {
            let t = self.check_node(x, ty)?;
            if want.contains(&t) {
                Ok(t)
            } else {
                err(n.at, format!("{what}, but {}", self.is_a(x, t)))
            }
        };
        match &n.e {
            Expr::Num(_) => Ok(Number),
            Expr::Str(_) => Ok(Text),
            Expr::Bool(_) => Ok(Bool),
            Expr::Field(name) => {
                ty(name).map_or_else(|| err(n.at, format!("unknown field `{name}`")), Ok)
            }
            Expr::Neg(x) => need(x, &[Number], "`-` needs a number"),
            Expr::Not(x) => need(x, &[Bool], "`not` needs yes/no"),
            Expr::Bin(op, l, r) => match op {
                Op::Or | Op::And => {
                    let what = format!("`{}` needs yes/no on both sides", op.source());
                    need(l, &[Bool], &what)?;
                    need(r, &[Bool], &what)
                }
                Op::Join => {
                    self.check_node(l, ty)?;
                    self.check_node(r, ty)?;
                    Ok(Text)
                }
                Op::Add | Op::Sub | Op::Mul | Op::Div => {
                    let what = format!("`{}` needs numbers", op.source());
                    need(l, &[Number], &what)?;
                    need(r, &[Number], &what)
                }
                _ => {
                    let a = self.check_node(l, ty)?;
                    let b = self.check_node(r, ty)?;
                    if a != b {
                        return err(
                            n.at,
                            format!(
                                "`{}` compares values of one type, but {} and {}",
                                op.source(),
                                self.is_a(l, a),
                                self.is_a(r, b)
                            ),
                        );
                    }
                    if a == Bool && !matches!(op, Op::Eq | Op::Ne) {
                        return err(
                            n.at,
                            format!(
                                "`{}` cannot order yes/no values; use `=` or `!=`",
                                op.source()
                            ),
                        );
                    }
                    Ok(Bool)
                }
            },
            Expr::Call(f, args) => {
                let name = f.name();
                match f {
                    Func::If => {
                        need(&args[0], &[Bool], "`if` needs a yes/no condition first")?;
                        let a = self.check_node(&args[1], ty)?;
                        let b = self.check_node(&args[2], ty)?;
                        self.agree(n, "`if` branches", (&args[1], a), (&args[2], b))
                    }
                    Func::Coalesce => {
                        let mut t = self.check_node(&args[0], ty)?;
                        let mut first = &args[0];
                        for a in &args[1..] {
                            let u = self.check_node(a, ty)?;
                            t = self.agree(n, "`coalesce` arguments", (first, t), (a, u))?;
                            first = a;
                        }
                        Ok(t)
                    }
                    Func::Min | Func::Max => {
                        let t = need(
                            &args[0],
                            &[Number, Time],
                            &format!("`{name}` needs numbers or dates"),
                        )?;
                        let what = format!(
                            "`{name}` needs all {}",
                            if t == Number { "numbers" } else { "dates" }
                        );
                        for a in &args[1..] {
                            need(a, &[t], &what)?;
                        }
                        Ok(t)
                    }
                    Func::Round | Func::Sum | Func::Avg | Func::Abs => {
                        for a in args {
                            need(a, &[Number], &format!("`{name}` needs numbers"))?;
                        }
                        Ok(Number)
                    }
                    Func::Hours | Func::Minutes | Func::Days => {
                        for a in args {
                            need(a, &[Time], &format!("`{name}` needs two dates"))?;
                        }
                        Ok(Number)
                    }
                    Func::Text | Func::Signed => {
                        if *f == Func::Signed {
                            need(&args[0], &[Number], "`signed` needs a number")?;
                        } else {
                            self.check_node(&args[0], ty)?;
                        }
                        if let Some(p) = args.get(1) {
                            need(
                                p,
                                &[Number],
                                &format!("`{name}` needs a number of places second"),
                            )?;
                        }
                        Ok(Text)
                    }
                }
            }
        }
    }

    fn agree(
        &self,
        n: &Node,
        what: &str,
        a: (&Node, Type),
        b: (&Node, Type),
    ) -> Result<Type, FormulaError> {
        match (a.1, b.1) {
            (x, y) if x == y => Ok(x),
            (Type::Number, Type::Text) | (Type::Text, Type::Number) => Ok(Type::Text),
            _ => err(
                n.at,
                format!(
                    "{what} must be of one type, but {} and {}",
                    self.is_a(a.0, a.1),
                    self.is_a(b.0, b.1)
                ),
            ),
        }
    }

    /// The formula in words for people: fields by `label`, operators as `+ − × ÷ < ≤ > ≥ =
    /// ≠ & and or not`, `if(c, a, b)` as `if c then a else b`, other functions as
    /// `round(x, 1)`, text in quotes, and only the parentheses the meaning needs.
    pub fn in_words(&self, label: &dyn Fn(&str) -> String) -> String {
        let mut s = String::new();
        print(&self.root, &Style::Words(label), &mut s);
        s
    }

    /// The formula in plain syntax with only the parentheses the meaning needs, function
    /// names in lower case and `=` / `!=` for the comparison spellings: parsing it gives
    /// the same formula.
    pub fn canonical(&self) -> String {
        let mut s = String::new();
        print(&self.root, &Style::Source, &mut s);
        s
    }
}

enum Style<'a> {
    Source,
    Words(&'a dyn Fn(&str) -> String),
}

fn prec(n: &Node) -> u8 {
    match &n.e {
        Expr::Bin(op, _, _) => op.prec(),
        Expr::Not(_) => PREC_NOT,
        Expr::Neg(_) => PREC_NEG,
        Expr::Call(Func::If, _) => PREC_IF,
        _ => PREC_ATOM,
    }
}

fn print_wrapped(n: &Node, paren: bool, style: &Style, out: &mut String) {
    if paren {
        out.push('(');
    }
    print(n, style, out);
    if paren {
        out.push(')');
    }
}

fn print(n: &Node, style: &Style, out: &mut String) {
    let words = matches!(style, Style::Words(_));
    match &n.e {
        Expr::Num(x) => out.push_str(&if words {
            format(&Val::num(*x), None, None)
        } else {
            format!("{x}")
        }),
        Expr::Str(s) => {
            out.push('"');
            for c in s.chars() {
                if matches!(c, '"' | '\\') && !words {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        }
        Expr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Expr::Field(name) => match style {
            Style::Words(label) => out.push_str(&label(name)),
            Style::Source => out.push_str(name),
        },
        Expr::Neg(x) => {
            out.push_str(if words { "−" } else { "-" });
            print_wrapped(x, prec(x) < PREC_NEG, style, out);
        }
        Expr::Not(x) => {
            out.push_str("not ");
            print_wrapped(x, prec(x) < PREC_NOT, style, out);
        }
        Expr::Bin(op, l, r) => {
            let p = op.prec();
            let left_paren = prec(l) < p || (op.is_comparison() && prec(l) == p);
            print_wrapped(l, left_paren, style, out);
            out.push(' ');
            out.push_str(if words { op.words() } else { op.source() });
            out.push(' ');
            print_wrapped(r, prec(r) <= p, style, out);
        }
        Expr::Call(Func::If, args) if words => {
            out.push_str("if ");
            print(&args[0], style, out);
            out.push_str(" then ");
            print(&args[1], style, out);
            out.push_str(" else ");
            print(&args[2], style, out);
        }
        Expr::Call(f, args) => {
            out.push_str(f.name());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                print(a, style, out);
            }
            out.push(')');
        }
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation

type R = Result<Val, EvalError>;

fn invalid(field: Option<String>, message: impl Into<String>) -> EvalError {
    EvalError::Invalid {
        field,
        message: message.into(),
    }
}

/// Both results, or the error to report: an invalid value before waiting inputs, whose
/// names are merged in order.
fn both(a: R, b: R) -> Result<(Val, Val), EvalError> {
    match (a, b) {
        (Ok(x), Ok(y)) => Ok((x, y)),
        (Err(e @ EvalError::Invalid { .. }), _) | (_, Err(e @ EvalError::Invalid { .. })) => Err(e),
        (Err(EvalError::Waiting(mut w)), Err(EvalError::Waiting(v))) => {
            for x in v {
                if !w.contains(&x) {
                    w.push(x);
                }
            }
            Err(EvalError::Waiting(w))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn all(results: Vec<R>) -> Result<Vec<Val>, EvalError> {
    let mut acc: Result<Vec<Val>, EvalError> = Ok(Vec::new());
    for r in results {
        acc = match (acc, r) {
            (Ok(mut v), Ok(x)) => {
                v.push(x);
                Ok(v)
            }
            (Ok(_), Err(e)) => Err(e),
            (Err(e), Ok(_)) => Err(e),
            (Err(a), Err(b)) => both(Err(a), Err(b)).map(|_| Vec::new()),
        };
    }
    acc
}

fn norm(u: &str) -> String {
    u.trim().to_lowercase()
}

pub(crate) fn unitless(prefix: &str, suffix: &str) -> bool {
    prefix.trim().is_empty() && suffix.trim().is_empty()
}

/// A number taken out of a value, with its unit.
#[derive(Clone)]
struct Num {
    n: f64,
    prefix: String,
    suffix: String,
}

impl Num {
    fn unitless(&self) -> bool {
        unitless(&self.prefix, &self.suffix)
    }

    fn same_unit(&self, o: &Num) -> bool {
        norm(&self.prefix) == norm(&o.prefix) && norm(&self.suffix) == norm(&o.suffix)
    }

    fn shown(&self) -> String {
        format(&self.val(), None, None)
    }

    fn val(&self) -> Val {
        Val::Num {
            n: self.n,
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
        }
    }

    fn with(&self, n: f64) -> Num {
        Num {
            n,
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
        }
    }

    /// The unit two numbers share, for adding, comparing, …; `verb` words the error
    /// ("cannot add 4.5 s and 300ms: the units differ").
    fn shared(&self, o: &Num, verb: &dyn Fn(&str, &str) -> String) -> Result<Num, EvalError> {
        if o.unitless() || self.same_unit(o) {
            Ok(self.clone())
        } else if self.unitless() {
            Ok(o.clone())
        } else {
            Err(invalid(
                None,
                format!("{}: the units differ", verb(&self.shown(), &o.shown())),
            ))
        }
    }
}

fn finite(n: f64, unit: &Num) -> R {
    if n.is_nan() {
        Err(invalid(None, "the result is not a number"))
    } else if n.is_infinite() {
        Err(invalid(None, "the result is too large"))
    } else {
        // No "-0".
        Ok(unit.with(if n == 0.0 { 0.0 } else { n }).val())
    }
}

fn unit_none(n: f64) -> Num {
    Num {
        n,
        prefix: String::new(),
        suffix: String::new(),
    }
}

fn approx_eq(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

impl Formula {
    /// Works the formula out with the fields' values (`get` returns `None` for an empty
    /// field). Never returns NaN or an infinite number.
    pub fn eval(&self, get: &dyn Fn(&str) -> Option<Val>) -> Result<Val, EvalError> {
        self.ev(&self.root, get)
    }

    fn field_of(n: &Node) -> Option<String> {
        match &n.e {
            Expr::Field(name) => Some(name.clone()),
            _ => None,
        }
    }

    fn wrong(&self, n: &Node, v: &Val, what: &str) -> EvalError {
        let shown = match v {
            Val::Text(s) => format!(" (\"{}\")", s.chars().take(30).collect::<String>()),
            _ => String::new(),
        };
        invalid(
            Self::field_of(n),
            format!("{what}, but {}{shown}", self.is_a(n, v.ty())),
        )
    }

    fn num(&self, n: &Node, v: Val, what: &str) -> Result<Num, EvalError> {
        match v {
            Val::Num {
                n: x,
                prefix,
                suffix,
            } if x.is_finite() => Ok(Num {
                n: x,
                prefix,
                suffix,
            }),
            Val::Num { .. } => Err(invalid(
                Self::field_of(n),
                format!("`{}` is not a number", self.snippet(n)),
            )),
            other => Err(self.wrong(n, &other, what)),
        }
    }

    fn boolean(&self, n: &Node, v: Val, what: &str) -> Result<bool, EvalError> {
        match v {
            Val::Bool(b) => Ok(b),
            other => Err(self.wrong(n, &other, what)),
        }
    }

    fn time(&self, n: &Node, v: Val, what: &str) -> Result<f64, EvalError> {
        match v {
            Val::Time(t) if t.is_finite() => Ok(t),
            other => Err(self.wrong(n, &other, what)),
        }
    }

    fn ev(&self, n: &Node, get: &dyn Fn(&str) -> Option<Val>) -> R {
        match &n.e {
            Expr::Num(x) => Ok(Val::num(*x)),
            Expr::Str(s) => Ok(Val::Text(s.clone())),
            Expr::Bool(b) => Ok(Val::Bool(*b)),
            Expr::Field(name) => match get(name) {
                None => Err(EvalError::Waiting(vec![name.clone()])),
                Some(Val::Num { n: x, .. }) | Some(Val::Time(x)) if !x.is_finite() => Err(invalid(
                    Some(name.clone()),
                    format!("`{name}` is not a number"),
                )),
                Some(v) => Ok(v),
            },
            Expr::Neg(x) => {
                let v = self.ev(x, get)?;
                let a = self.num(x, v, "`-` needs a number")?;
                finite(-a.n, &a)
            }
            Expr::Not(x) => {
                let v = self.ev(x, get)?;
                Ok(Val::Bool(!self.boolean(x, v, "`not` needs yes/no")?))
            }
            Expr::Bin(op @ (Op::And | Op::Or), l, r) => {
                let what = format!("`{}` needs yes/no on both sides", op.source());
                let decisive = *op == Op::Or; // the value that settles the result
                let a = self.ev(l, get).and_then(|v| self.boolean(l, v, &what));
                match a {
                    Ok(x) if x == decisive => Ok(Val::Bool(x)),
                    Ok(_) => {
                        let v = self.ev(r, get)?;
                        Ok(Val::Bool(self.boolean(r, v, &what)?))
                    }
                    Err(e @ EvalError::Invalid { .. }) => Err(e),
                    Err(w) => {
                        let b = self.ev(r, get).and_then(|v| self.boolean(r, v, &what));
                        match b {
                            Ok(y) if y == decisive => Ok(Val::Bool(y)),
                            Ok(_) => Err(w),
                            Err(e) => both(Err(w), Err(e)).map(|_| Val::Bool(false)),
                        }
                    }
                }
            }
            Expr::Bin(op, l, r) => {
                let (a, b) = both(self.ev(l, get), self.ev(r, get))?;
                self.binary(*op, (l, a), (r, b))
            }
            Expr::Call(f, args) => self.call(*f, args, get),
        }
    }

    fn binary(&self, op: Op, (l, a): (&Node, Val), (r, b): (&Node, Val)) -> R {
        let sym = op.source();
        if op == Op::Join {
            return Ok(Val::Text(format(&a, None, None) + &format(&b, None, None)));
        }
        if op.is_comparison() {
            let ord = match (&a, &b) {
                (Val::Num { .. }, Val::Num { .. }) => {
                    let x = self.num(l, a, "")?;
                    let y = self.num(r, b, "")?;
                    x.shared(&y, &|p, q| format!("cannot compare {p} and {q}"))?;
                    if approx_eq(x.n, y.n) {
                        std::cmp::Ordering::Equal
                    } else {
                        x.n.total_cmp(&y.n)
                    }
                }
                (Val::Text(x), Val::Text(y)) => x.cmp(y),
                (Val::Time(x), Val::Time(y)) => x.total_cmp(y),
                (Val::Bool(x), Val::Bool(y)) if matches!(op, Op::Eq | Op::Ne) => x.cmp(y),
                (Val::Bool(_), Val::Bool(_)) => {
                    return Err(invalid(None, format!("`{sym}` cannot order yes/no values")))
                }
                _ => {
                    return Err(invalid(
                        Self::field_of(r).or_else(|| Self::field_of(l)),
                        format!(
                            "`{sym}` compares values of one type, but {} and {}",
                            self.is_a(l, a.ty()),
                            self.is_a(r, b.ty())
                        ),
                    ))
                }
            };
            use std::cmp::Ordering::*;
            let yes = match op {
                Op::Lt => ord == Less,
                Op::Le => ord != Greater,
                Op::Gt => ord == Greater,
                Op::Ge => ord != Less,
                Op::Eq => ord == Equal,
                _ => ord != Equal,
            };
            return Ok(Val::Bool(yes));
        }
        let what = format!("`{sym}` needs numbers");
        let x = self.num(l, a, &what)?;
        let y = self.num(r, b, &what)?;
        match op {
            Op::Add => {
                let u = x.shared(&y, &|p, q| format!("cannot add {p} and {q}"))?;
                finite(x.n + y.n, &u)
            }
            Op::Sub => {
                let u = x.shared(&y, &|p, q| format!("cannot subtract {q} from {p}"))?;
                finite(x.n - y.n, &u)
            }
            Op::Mul => {
                let u = if y.unitless() {
                    x.clone()
                } else if x.unitless() {
                    y.clone()
                } else {
                    unit_none(0.0)
                };
                finite(x.n * y.n, &u)
            }
            _ => {
                if y.n == 0.0 {
                    let what = match Self::field_of(r) {
                        Some(f) => format!("`{f}` is 0"),
                        None => format!("`{}` is 0", self.snippet(r)),
                    };
                    return Err(invalid(
                        Self::field_of(r),
                        format!("cannot divide by zero: {what}"),
                    ));
                }
                let u = if y.unitless() {
                    x.clone()
                } else {
                    unit_none(0.0)
                };
                finite(x.n / y.n, &u)
            }
        }
    }

    fn places(&self, f: Func, p: Option<(&Node, Val)>) -> Result<Option<u8>, EvalError> {
        let Some((node, v)) = p else {
            return Ok(None);
        };
        let name = f.name();
        let k = self.num(node, v, &format!("`{name}` needs a number of places"))?;
        if k.n.fract() != 0.0 || !(0.0..=10.0).contains(&k.n) {
            return Err(invalid(
                Self::field_of(node),
                format!(
                    "`{name}` places must be a whole number from 0 to 10, not {}",
                    k.shown()
                ),
            ));
        }
        Ok(Some(k.n as u8))
    }

    fn call(&self, f: Func, args: &[Node], get: &dyn Fn(&str) -> Option<Val>) -> R {
        let name = f.name();
        match f {
            Func::If => {
                let c = self.ev(&args[0], get)?;
                let c = self.boolean(&args[0], c, "`if` needs a yes/no condition first")?;
                self.ev(&args[if c { 1 } else { 2 }], get)
            }
            Func::Coalesce => {
                let mut waiting = Vec::new();
                for a in args {
                    match self.ev(a, get) {
                        Err(EvalError::Waiting(w)) => {
                            for x in w {
                                if !waiting.contains(&x) {
                                    waiting.push(x);
                                }
                            }
                        }
                        other => return other,
                    }
                }
                Err(EvalError::Waiting(waiting))
            }
            _ => {
                let vals = all(args.iter().map(|a| self.ev(a, get)).collect())?;
                let mut it = args.iter().zip(vals);
                let Some((n0, v0)) = it.next() else {
                    return Err(invalid(None, format!("`{name}` has no arguments")));
                };
                let rest: Vec<(&Node, Val)> = it.collect();
                match f {
                    Func::Round => {
                        let x = self.num(n0, v0, "`round` needs a number")?;
                        let d = self.places(f, rest.into_iter().next())?.unwrap_or(0);
                        finite(round_to(x.n, d as i32), &x)
                    }
                    Func::Abs => {
                        let x = self.num(n0, v0, "`abs` needs a number")?;
                        finite(x.n.abs(), &x)
                    }
                    Func::Min | Func::Max if matches!(v0, Val::Time(_)) => {
                        let what = format!("`{name}` needs all dates");
                        let mut t = self.time(n0, v0, &what)?;
                        for (a, v) in rest {
                            let u = self.time(a, v, &what)?;
                            t = if f == Func::Min { t.min(u) } else { t.max(u) };
                        }
                        Ok(Val::Time(t))
                    }
                    Func::Min | Func::Max | Func::Sum | Func::Avg => {
                        let what = format!("`{name}` needs numbers");
                        let mut acc = self.num(n0, v0, &what)?;
                        let count = 1 + rest.len();
                        for (a, v) in rest {
                            let y = self.num(a, v, &what)?;
                            let u = acc.shared(&y, &|p, q| {
                                format!(
                                    "cannot take the {} of {p} and {q}",
                                    match f {
                                        Func::Min => "smallest",
                                        Func::Max => "largest",
                                        Func::Sum => "sum",
                                        _ => "average",
                                    }
                                )
                            })?;
                            let v = match f {
                                Func::Min => acc.n.min(y.n),
                                Func::Max => acc.n.max(y.n),
                                _ => acc.n + y.n,
                            };
                            if !v.is_finite() {
                                return finite(v, &u);
                            }
                            acc = u.with(v);
                        }
                        if f == Func::Avg {
                            finite(acc.n / count as f64, &acc)
                        } else {
                            finite(acc.n, &acc)
                        }
                    }
                    Func::Hours | Func::Minutes | Func::Days => {
                        let what = format!("`{name}` needs two dates");
                        let from = self.time(n0, v0, &what)?;
                        let Some((a, v)) = rest.into_iter().next() else {
                            return Err(invalid(None, format!("`{name}` needs two dates")));
                        };
                        let to = self.time(a, v, &what)?;
                        let per = match f {
                            Func::Hours => 3600.0,
                            Func::Minutes => 60.0,
                            _ => 86400.0,
                        };
                        finite((to - from) / per, &unit_none(0.0))
                    }
                    Func::Text => {
                        let d = self.places(f, rest.into_iter().next())?;
                        Ok(Val::Text(format(&v0, d, None)))
                    }
                    _ => {
                        // signed
                        let x = self.num(n0, v0, "`signed` needs a number")?;
                        let d = self.places(f, rest.into_iter().next())?;
                        let s = format(&x.val(), d, None);
                        let zero = !s.chars().any(|c| c.is_ascii_digit() && c != '0');
                        Ok(Val::Text(if x.n > 0.0 && !zero {
                            format!("+{s}")
                        } else {
                            s
                        }))
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Field values in and results out

/// A number with a unit before and after it: `85ms`, `4.5 s`, `$1,200`, `-3`, `99.5%`.
/// `None` when `s` is not one number (no digits in the unit, no `<`/`~` bounds).
pub(crate) fn read_number(s: &str) -> Option<(f64, String, String)> {
    let s = s.trim();
    let mut neg = false;
    let mut rest = s;
    let sign = |r: &str| -> Option<usize> {
        r.chars()
            .next()
            .filter(|c| matches!(c, '-' | '−' | '+'))
            .map(char::len_utf8)
    };
    if let Some(k) = sign(rest) {
        neg = rest.starts_with(['-', '−']);
        rest = &rest[k..];
    }
    let first_num = rest.find(|c: char| c.is_ascii_digit() || c == '.')?;
    let prefix = &rest[..first_num];
    rest = &rest[first_num..];
    let mut prefix = prefix.to_string();
    // A sign after the symbol: `$-5`.
    if let Some(c) = prefix
        .trim_end()
        .chars()
        .last()
        .filter(|c| matches!(c, '-' | '−' | '+'))
    {
        if neg {
            return None;
        }
        neg = c != '+';
        let cut = prefix.trim_end().len() - c.len_utf8();
        prefix.truncate(cut);
    }
    if prefix.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, '<' | '>' | '~' | '≈' | '≤' | '≥' | '-' | '+' | '−')
    }) || prefix.chars().count() > 5
    {
        return None;
    }
    let b = rest.as_bytes();
    let run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = run(0);
    let mut digits = String::from(&rest[..i]);
    if (1..=3).contains(&i) {
        while b.get(i) == Some(&b',')
            && run(i + 1) == 3
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            digits.push_str(&rest[i + 1..i + 4]);
            i += 4;
        }
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let k = run(i + 1);
        digits.push_str(&rest[i..i + 1 + k]);
        i += 1 + k;
    }
    if digits.is_empty() || digits.starts_with('.') {
        return None;
    }
    let suffix = &rest[i..];
    if suffix.chars().any(|c| c.is_ascii_digit())
        || suffix.starts_with([',', '.'])
        || suffix.chars().count() > 12
    {
        return None;
    }
    let n: f64 = digits.parse().ok().filter(|n: &f64| n.is_finite())?;
    Some((
        if neg { -n } else { n },
        prefix,
        suffix.trim_end().to_string(),
    ))
}

/// Seconds in one of a duration's units.
fn duration_unit(u: &str) -> Option<f64> {
    Some(match u.trim().to_lowercase().as_str() {
        "ms" | "msec" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86400.0,
        "w" | "week" | "weeks" => 604800.0,
        _ => return None,
    })
}

pub(crate) fn read_duration(s: &str) -> Option<(f64, String)> {
    let s = s.trim();
    if let Some((n, p, u)) = read_number(s) {
        if p.is_empty() && (u.is_empty() || duration_unit(&u).is_some()) && n >= 0.0 {
            return Some((n, u));
        }
    }
    let clock: Vec<&str> = s.split(':').collect();
    if (2..=3).contains(&clock.len())
        && clock
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
    {
        let v: Vec<f64> = clock
            .iter()
            .map(|p| p.parse::<f64>().unwrap_or(0.0))
            .collect();
        let secs = v.iter().fold(0.0, |acc, x| acc * 60.0 + x);
        return Some((secs, "s".to_string()));
    }
    // `4m 32s`, `2h30m`, `3 days, 2 hours`.
    let mut rest = s;
    let mut total = 0.0;
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: f64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let word = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let per = duration_unit(&rest[..word])?;
        total += n * per;
        rest = rest[word..]
            .trim_start()
            .trim_start_matches(',')
            .trim_start();
        parts += 1;
    }
    (parts > 0 && total.is_finite()).then(|| (total, "s".to_string()))
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn digits_at(s: &str, at: usize, len: usize) -> Option<i64> {
    s.get(at..at + len)
        .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|x| x.parse().ok())
}

fn read_date(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (
        digits_at(s, 0, 4)?,
        digits_at(s, 5, 2)?,
        digits_at(s, 8, 2)?,
    );
    let days = crate::calendar::days_in_month(y, m)?;
    if !(1..=days).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d) as f64 * 86400.0)
}

/// `2026-12-02`, `2026-12-02T10:15`, `2026-12-02 10:15:30.5Z`, `…+02:00`, `… UTC`.
pub(crate) fn read_time(s: &str) -> Option<f64> {
    let s = s.trim();
    let day = read_date(s)?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(day);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (h, mi) = (digits_at(rest, 0, 2)?, digits_at(rest, 3, 2)?);
    if rest.as_bytes().get(2) != Some(&b':') || h > 23 || mi > 59 {
        return None;
    }
    let mut secs = (h * 3600 + mi * 60) as f64;
    let mut i = 5;
    if rest.as_bytes().get(5) == Some(&b':') {
        let sec = digits_at(rest, 6, 2).filter(|x| *x <= 60)?;
        secs += sec as f64;
        i = 8;
        if rest.as_bytes().get(8) == Some(&b'.') {
            let k = rest[9..].bytes().take_while(u8::is_ascii_digit).count();
            if k > 0 {
                secs += format!("0.{}", &rest[9..9 + k])
                    .parse::<f64>()
                    .unwrap_or(0.0);
            }
            i = 9 + k;
        }
    }
    let zone = rest.get(i..)?.trim();
    let offset = match zone {
        "" | "Z" | "z" | "UTC" | "GMT" => 0,
        z if z.len() == 6 && z.starts_with(['+', '-']) && z.as_bytes()[3] == b':' => {
            let (oh, om) = (digits_at(z, 1, 2)?, digits_at(z, 4, 2)?);
            let o = oh * 3600 + om * 60;
            if z.starts_with('-') {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some(day + secs - offset as f64)
}

/// Rounds half away from zero to `d` places, forgiving the binary error of `1.005`.
fn round_to(x: f64, d: i32) -> f64 {
    let m = 10f64.powi(d);
    let y = x * m;
    if !y.is_finite() || y.abs() >= 1e16 {
        return x;
    }
    (y * (1.0 + 4.0 * f64::EPSILON)).round() / m
}

/// A value as the report shows it. Numbers: with `decimals`, exactly that many places (at
/// most 17); without, whole numbers as they are and others to at most 2 places; the unit kept,
/// except a prefix or suffix equal to `template_unit` (ignoring spaces and case), which the
/// template writes itself; never `-0`. Yes/no as `true`/`false`; a date as
/// `YYYY-MM-DDTHH:MMZ` (UTC). NaN and infinite numbers give an empty text (formulas never
/// produce them).
pub fn format(v: &Val, decimals: Option<u8>, template_unit: Option<&str>) -> String {
    match v {
        Val::Text(s) => s.clone(),
        Val::Bool(b) => (if *b { "true" } else { "false" }).to_string(),
        Val::Time(t) => {
            if !t.is_finite() || t.abs() > 1e14 {
                return String::new();
            }
            let mins = (t / 60.0).floor() as i64;
            let (days, m) = (mins.div_euclid(1440), mins.rem_euclid(1440));
            let (y, mo, d) = civil_from_days(days);
            format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}Z", m / 60, m % 60)
        }
        Val::Num { n, prefix, suffix } => {
            if !n.is_finite() {
                return String::new();
            }
            let digits = match decimals {
                Some(d) => {
                    let d = d.min(17);
                    format!("{:.*}", d as usize, round_to(*n, d as i32).abs())
                }
                None if n.fract() == 0.0 => format!("{:.0}", n.abs()),
                None => {
                    let s = format!("{:.2}", round_to(*n, 2).abs());
                    s.trim_end_matches('0').trim_end_matches('.').to_string()
                }
            };
            let negative = *n < 0.0 && digits.chars().any(|c| c.is_ascii_digit() && c != '0');
            let unit = template_unit.map(norm);
            let keep = |u: &String| {
                {
                    if unit
                        .as_deref()
                        .is_some_and(|t| !t.is_empty() && norm(u) == t)
                    {
                        ""
                    } else {
                        u.as_str()
                    }
                }
                .to_string()
            };
            format!(
                "{}{}{digits}{}",
                if negative { "-" } else { "" },
                keep(prefix),
                keep(suffix)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-12-02",
            "1969-12-31",
            "0001-01-01",
        ] {
            let t = read_time(s).unwrap();
            assert_eq!(format(&Val::Time(t), None, None), format!("{s}T00:00Z"));
        }
        assert_eq!(
            read_time("2026-12-02T10:15+02:00"),
            read_time("2026-12-02 08:15Z")
        );
        assert!(read_time("2026-02-30").is_none() && read_time("2026-12-02T25:00").is_none());
    }

    #[test]
    fn numbers_read() {
        assert_eq!(read_number("$1,200"), Some((1200.0, "$".into(), "".into())));
        assert_eq!(read_number("4.5 s"), Some((4.5, "".into(), " s".into())));
        assert_eq!(read_number("-$5"), Some((-5.0, "$".into(), "".into())));
        assert_eq!(read_number("$-5"), Some((-5.0, "$".into(), "".into())));
        assert_eq!(read_number("1,2345"), None);
        assert_eq!(read_number("v1.2.3"), None);
        assert_eq!(round_to(1.005, 2), 1.01);
        assert_eq!(round_to(-2.5, 0), -3.0);
    }
}
