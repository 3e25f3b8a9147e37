//! PLACEHOLDER (replaced by the formula branch): the API the integration compiles against.
#![allow(dead_code, unused_variables)]
use crate::model::Kind;

#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    src: String,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    pub column: usize,
    pub message: String,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Number,
    Text,
    Bool,
    Time,
}
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Num { n: f64, prefix: String, suffix: String },
    Text(String),
    Bool(bool),
    Time(f64),
}
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    Waiting(Vec<String>),
    Invalid { field: Option<String>, message: String },
}
pub fn parse(src: &str) -> Result<Formula, FormulaError> {
    Ok(Formula { src: src.into() })
}
impl Formula {
    pub fn source(&self) -> &str {
        &self.src
    }
    pub fn refs(&self) -> Vec<(String, usize)> {
        Vec::new()
    }
    pub fn check(&self, ty: &dyn Fn(&str) -> Option<Type>) -> Result<Type, FormulaError> {
        Ok(Type::Number)
    }
    pub fn eval(&self, get: &dyn Fn(&str) -> Option<Val>) -> Result<Val, EvalError> {
        Err(EvalError::Waiting(Vec::new()))
    }
    pub fn in_words(&self, label: &dyn Fn(&str) -> String) -> String {
        String::new()
    }
}
pub fn type_of(kind: &Kind) -> Type {
    Type::Text
}
pub fn read_value(kind: &Kind, template_unit: Option<&str>, text: &str) -> Result<Val, String> {
    Ok(Val::Text(text.into()))
}
pub fn format(v: &Val, decimals: Option<u8>, template_unit: Option<&str>) -> String {
    String::new()
}
