//! Evaluation: lazy, naming the empty inputs it waits for; units carried and checked.

use super::syntax::*;
use super::types::*;
use super::values::{format, norm, round_to, unitless};

pub(crate) type R = Result<Val, EvalError>;

pub(crate) fn invalid(field: Option<String>, message: impl Into<String>) -> EvalError {
    EvalError::Invalid {
        field,
        message: message.into(),
    }
}

/// Both results, or the error to report: an invalid value before waiting inputs, whose
/// names are merged in order.
pub(crate) fn both(a: R, b: R) -> Result<(Val, Val), EvalError> {
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

pub(crate) fn all(results: Vec<R>) -> Result<Vec<Val>, EvalError> {
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

/// A number taken out of a value, with its unit.
#[derive(Clone)]
pub(crate) struct Num {
    n: f64,
    prefix: String,
    suffix: String,
}

impl Num {
    pub(crate) fn unitless(&self) -> bool {
        unitless(&self.prefix, &self.suffix)
    }

    pub(crate) fn same_unit(&self, o: &Num) -> bool {
        norm(&self.prefix) == norm(&o.prefix) && norm(&self.suffix) == norm(&o.suffix)
    }

    pub(crate) fn shown(&self) -> String {
        format(&self.val(), None, None)
    }

    pub(crate) fn val(&self) -> Val {
        Val::Num {
            n: self.n,
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
        }
    }

    pub(crate) fn with(&self, n: f64) -> Num {
        Num {
            n,
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
        }
    }

    /// The unit two numbers share, for adding, comparing, …; `verb` words the error
    /// ("cannot add 4.5 s and 300ms: the units differ").
    pub(crate) fn shared(
        &self,
        o: &Num,
        verb: &dyn Fn(&str, &str) -> String,
    ) -> Result<Num, EvalError> {
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

pub(crate) fn finite(n: f64, unit: &Num) -> R {
    if n.is_nan() {
        Err(invalid(None, "the result is not a number"))
    } else if n.is_infinite() {
        Err(invalid(None, "the result is too large"))
    } else {
        // No "-0".
        Ok(unit.with(if n == 0.0 { 0.0 } else { n }).val())
    }
}

pub(crate) fn unit_none(n: f64) -> Num {
    Num {
        n,
        prefix: String::new(),
        suffix: String::new(),
    }
}

pub(crate) fn approx_eq(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

impl Formula {
    /// Works the formula out with the fields' values (`get` returns `None` for an empty
    /// field). Never returns NaN or an infinite number.
    pub fn eval(&self, get: &dyn Fn(&str) -> Option<Val>) -> Result<Val, EvalError> {
        self.ev(&self.root, get)
    }

    pub(crate) fn field_of(n: &Node) -> Option<String> {
        match &n.e {
            Expr::Field(name) => Some(name.clone()),
            _ => None,
        }
    }

    pub(crate) fn wrong(&self, n: &Node, v: &Val, what: &str) -> EvalError {
        let shown = match v {
            Val::Text(s) => format!(" (\"{}\")", s.chars().take(30).collect::<String>()),
            _ => String::new(),
        };
        invalid(
            Self::field_of(n),
            format!("{what}, but {}{shown}", self.is_a(n, v.ty())),
        )
    }

    pub(crate) fn num(&self, n: &Node, v: Val, what: &str) -> Result<Num, EvalError> {
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

    pub(crate) fn boolean(&self, n: &Node, v: Val, what: &str) -> Result<bool, EvalError> {
        match v {
            Val::Bool(b) => Ok(b),
            other => Err(self.wrong(n, &other, what)),
        }
    }

    pub(crate) fn time(&self, n: &Node, v: Val, what: &str) -> Result<f64, EvalError> {
        match v {
            Val::Time(t) if t.is_finite() => Ok(t),
            other => Err(self.wrong(n, &other, what)),
        }
    }

    pub(crate) fn ev(&self, n: &Node, get: &dyn Fn(&str) -> Option<Val>) -> R {
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

    pub(crate) fn binary(&self, op: Op, (l, a): (&Node, Val), (r, b): (&Node, Val)) -> R {
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

    pub(crate) fn places(&self, f: Func, p: Option<(&Node, Val)>) -> Result<Option<u8>, EvalError> {
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

    pub(crate) fn call(&self, f: Func, args: &[Node], get: &dyn Fn(&str) -> Option<Val>) -> R {
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
