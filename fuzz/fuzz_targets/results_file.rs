//! Any bytes as a results file (JUnit XML, k6 summary, Locust stats CSV, plain CSV or
//! JSON), under each name the format detection may take as a hint. Reading must never
//! panic; whatever reads, every measure is found again by its own key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_engine::results::{read, Results};

fuzz_target!(|data: &[u8]| {
    for name in ["results.xml", "summary.json", "out_stats.csv", "results"] {
        match read(name, data) {
            Ok(r) => {
                assert!(!r.measures.is_empty(), "read, but nothing in it");
                for m in &r.measures {
                    let _ = Results::describe(&m.key);
                    let found = r
                        .get(&m.key)
                        .unwrap_or_else(|| panic!("{:?} is not found by its own key", m.key));
                    assert_eq!(
                        found.key, m.key,
                        "get returned another key for an exact one"
                    );
                    if let Some(n) = m.number() {
                        assert!(n.is_finite(), "{:?} = {n}", m.key);
                    }
                }
            }
            Err(e) => {
                assert!(!e.message.is_empty());
                let _ = e.to_string();
            }
        }
    }
});
