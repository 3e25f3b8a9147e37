//! PLACEHOLDER (replaced by the results branch).
#![allow(dead_code, unused_variables)]
pub const MAX_RESULTS_BYTES: usize = 5 * 1024 * 1024;
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Format { Junit, K6, Locust, Csv, Json }
impl Format { pub fn name(&self) -> &'static str { "" } }
#[derive(Debug, Clone, PartialEq)]
pub struct Results { pub format: Format, pub measures: Vec<Measure> }
#[derive(Debug, Clone, PartialEq)]
pub enum Cell { Num(f64), Text(String) }
#[derive(Debug, Clone, PartialEq)]
pub struct Measure { pub key: Key, pub value: Cell }
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Suite { suite: String, stat: String },
    Metric { metric: String, tag: Option<String>, stat: String },
    Row { row: String, column: String },
    Name(String),
}
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsError { pub line: Option<usize>, pub message: String }
impl std::fmt::Display for ResultsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.message) }
}
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Results, ResultsError> { Err(ResultsError { line: None, message: String::new() }) }
impl Results {
    pub fn get(&self, key: &Key) -> Option<&Measure> { None }
    pub fn describe(key: &Key) -> String { String::new() }
}
