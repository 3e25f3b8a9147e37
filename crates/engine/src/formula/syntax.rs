//! The syntax tree: nodes, operators and functions with their precedence and spelling.

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// 0-based character index of the part to blame: the operator, the function name, the
    /// field name, the literal.
    pub(crate) at: usize,
    /// Character range of the whole expression in the source, for quoting it.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Height of the tree under this node (a leaf is 1).
    pub(crate) height: usize,
    pub(crate) e: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
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
pub(crate) enum Op {
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
    pub(crate) fn source(self) -> &'static str {
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

    pub(crate) fn words(self) -> &'static str {
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

    pub(crate) fn prec(self) -> u8 {
        match self {
            Op::Or => 1,
            Op::And => 2,
            Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::Eq | Op::Ne => 4,
            Op::Join => 5,
            Op::Add | Op::Sub => 6,
            Op::Mul | Op::Div => 7,
        }
    }

    pub(crate) fn is_comparison(self) -> bool {
        self.prec() == 4
    }
}

pub(crate) const PREC_IF: u8 = 0;
pub(crate) const PREC_NOT: u8 = 3;
pub(crate) const PREC_NEG: u8 = 8;
pub(crate) const PREC_ATOM: u8 = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
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
pub(crate) const FUNCS: [(Func, &str, usize, usize); 13] = [
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
    pub(crate) fn name(self) -> &'static str {
        FUNCS
            .iter()
            .find(|f| f.0 == self)
            .map(|f| f.1)
            .unwrap_or("?")
    }
}
