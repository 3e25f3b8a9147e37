//! The parser: tokens into a syntax tree by precedence, with length and depth capped.

use super::lex::*;
use super::syntax::*;
use super::types::*;

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

pub(crate) struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: usize,
}

pub(crate) fn is_word(t: &Tok, w: &str) -> bool {
    matches!(t, Tok::Ident(s) if s.eq_ignore_ascii_case(w))
}

pub(crate) const KEYWORDS: [&str; 5] = ["and", "or", "not", "true", "false"];

impl Parser {
    pub(crate) fn peek(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }

    pub(crate) fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    pub(crate) fn describe_tok(&self, cs: &[char]) -> String {
        let t = self.peek();
        match &t.t {
            Tok::End => "the end".to_string(),
            _ => format!("`{}`", cs[t.at..t.end].iter().collect::<String>()),
        }
    }

    pub(crate) fn found(&self) -> String {
        match &self.peek().t {
            Tok::End => "the end of the formula".to_string(),
            Tok::Num(n) => format!("the number {n}"),
            Tok::Str(_) => "a text".to_string(),
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Sym(s) => format!("`{s}`"),
        }
    }

    pub(crate) fn enter(&mut self) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(
                self.peek().at,
                format!("the formula nests more than {MAX_DEPTH} levels deep"),
            );
        }
        Ok(())
    }

    pub(crate) fn node(
        &self,
        at: usize,
        start: usize,
        end: usize,
        e: Expr,
    ) -> Result<Node, FormulaError> {
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

    pub(crate) fn bin(&self, op: Op, at: usize, l: Node, r: Node) -> Result<Node, FormulaError> {
        let (start, end) = (l.start, r.end);
        self.node(at, start, end, Expr::Bin(op, Box::new(l), Box::new(r)))
    }

    pub(crate) fn expr(&mut self) -> Result<Node, FormulaError> {
        self.enter()?;
        let r = self.or();
        self.depth -= 1;
        r
    }

    pub(crate) fn or(&mut self) -> Result<Node, FormulaError> {
        self.left_assoc(|t| is_word(t, "or").then_some(Op::Or), Self::and)
    }

    pub(crate) fn and(&mut self) -> Result<Node, FormulaError> {
        self.left_assoc(|t| is_word(t, "and").then_some(Op::And), Self::not)
    }

    pub(crate) fn not(&mut self) -> Result<Node, FormulaError> {
        if is_word(&self.peek().t, "not") {
            let at = self.bump().at;
            return self.prefix(at, Self::not, Expr::Not);
        }
        self.cmp()
    }

    /// A prefix operator at `at` (already taken) applied to what `operand` parses, one
    /// level deeper.
    fn prefix(
        &mut self,
        at: usize,
        operand: fn(&mut Self) -> Result<Node, FormulaError>,
        wrap: fn(Box<Node>) -> Expr,
    ) -> Result<Node, FormulaError> {
        self.enter()?;
        let x = operand(self);
        self.depth -= 1;
        let x = x?;
        let end = x.end;
        self.node(at, at, end, wrap(Box::new(x)))
    }

    pub(crate) fn cmp_op(&self) -> Option<Op> {
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

    pub(crate) fn cmp(&mut self) -> Result<Node, FormulaError> {
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

    pub(crate) fn join(&mut self) -> Result<Node, FormulaError> {
        self.left_assoc(|t| (*t == Tok::Sym("&")).then_some(Op::Join), Self::add)
    }

    pub(crate) fn add(&mut self) -> Result<Node, FormulaError> {
        let op = |t: &Tok| match t {
            Tok::Sym("+") => Some(Op::Add),
            Tok::Sym("-") => Some(Op::Sub),
            _ => None,
        };
        self.left_assoc(op, Self::mul)
    }

    pub(crate) fn mul(&mut self) -> Result<Node, FormulaError> {
        let op = |t: &Tok| match t {
            Tok::Sym("*") => Some(Op::Mul),
            Tok::Sym("/") => Some(Op::Div),
            _ => None,
        };
        self.left_assoc(op, Self::unary)
    }

    /// One precedence level of operators that group from the left: `op` tells a token that
    /// is one of the level's operators, `next` parses each operand (the level above).
    fn left_assoc(
        &mut self,
        op: fn(&Tok) -> Option<Op>,
        next: fn(&mut Self) -> Result<Node, FormulaError>,
    ) -> Result<Node, FormulaError> {
        let mut l = next(self)?;
        while let Some(op) = op(&self.peek().t) {
            let at = self.bump().at;
            let r = next(self)?;
            l = self.bin(op, at, l, r)?;
        }
        Ok(l)
    }

    pub(crate) fn unary(&mut self) -> Result<Node, FormulaError> {
        if self.peek().t == Tok::Sym("-") {
            let at = self.bump().at;
            return self.prefix(at, Self::unary, Expr::Neg);
        }
        self.primary()
    }

    pub(crate) fn primary(&mut self) -> Result<Node, FormulaError> {
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
    pub(crate) fn args(&mut self) -> Result<(Vec<Node>, usize), FormulaError> {
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
