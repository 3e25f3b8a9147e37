//! What a formula reads (`refs`), its static type check, and its printed forms (`in_words`,
//! `canonical`).

use super::syntax::*;
use super::types::*;
use super::values::format;

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

    pub(crate) fn snippet(&self, n: &Node) -> String {
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

    pub(crate) fn is_a(&self, n: &Node, t: Type) -> String {
        format!("`{}` is {}", self.snippet(n), t.describe())
    }

    pub(crate) fn check_node(
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

    pub(crate) fn agree(
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

pub(crate) enum Style<'a> {
    Source,
    Words(&'a dyn Fn(&str) -> String),
}

pub(crate) fn prec(n: &Node) -> u8 {
    match &n.e {
        Expr::Bin(op, _, _) => op.prec(),
        Expr::Not(_) => PREC_NOT,
        Expr::Neg(_) => PREC_NEG,
        Expr::Call(Func::If, _) => PREC_IF,
        _ => PREC_ATOM,
    }
}

pub(crate) fn print_wrapped(n: &Node, paren: bool, style: &Style, out: &mut String) {
    if paren {
        out.push('(');
    }
    print(n, style, out);
    if paren {
        out.push(')');
    }
}

pub(crate) fn print(n: &Node, style: &Style, out: &mut String) {
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
