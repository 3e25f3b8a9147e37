//! Grammar fixtures: each `tests/fixtures/grammar/NAME.md` is a template whose parse must
//! equal `NAME.expect`, and which must survive the round trip byte for byte.

use crate::oracle::{assert_all, cases, check_against, describe};
use std::borrow::Cow;

#[test]
fn grammar_fixtures() {
    let mut failures = Vec::new();
    for path in cases("grammar", ".md") {
        let source = std::fs::read_to_string(&path).unwrap();
        let t = report_engine::parse(&source);
        if let Some(f) = check_against(&path.with_extension("expect"), &describe(&t)) {
            failures.push(f);
        }
        // Writing every slot back as its original text reproduces the body exactly.
        if t.reconstruct() != t.body() {
            failures.push(format!("{}: round trip changed the text", path.display()));
        }
        let via_fill =
            report_engine::render_with(&t, |_, _, original| Cow::Owned(original.to_string()));
        assert_eq!(via_fill, t.reconstruct());
    }
    assert_all(failures);
}
