//! The public types of formulas: a parsed formula, its errors, value types and values.

use std::fmt;

use super::syntax::Node;

/// Longest formula, in characters.
pub const MAX_LEN: usize = 2_000;
/// Deepest nesting of parentheses, functions and operators.
pub const MAX_DEPTH: usize = 64;

/// A parsed formula: its text and its syntax tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub(crate) src: String,
    pub(crate) root: Node,
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

pub(crate) fn err<T>(at: usize, message: impl Into<String>) -> Result<T, FormulaError> {
    Err(FormulaError {
        column: at + 1,
        message: message.into(),
    })
}
