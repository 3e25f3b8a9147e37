//! Engine tests: data-driven fixtures under `tests/fixtures/` checked by one oracle
//! ([`oracle::describe`]), plus properties, the built-in templates and scale.
//! Set `BLESS=1` to rewrite `.expect` files after reviewing a deliberate change.

mod builtins;
mod compute;
mod fill;
mod formula;
mod grammar;
mod implicit;
mod import;
mod infer;
mod oracle;
mod props;
mod results;
mod scale;
mod share;
mod storage;
mod tables;
mod validate;
mod values;
mod xss;
mod yaml;
