//! Any text as a stored or handed-over JSON file: a shared draft file, a draft, a backup
//! and the drafts index. Whatever decodes must encode and decode back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_engine::share::Shared;
use report_engine::{Backup, Draft, DraftIndex};

fuzz_target!(|data: &[u8]| {
    // Files are read as text; invalid UTF-8 never reaches the decoders.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(s) = Shared::from_file(text) {
        let file = s.to_file();
        let back = Shared::from_file(&file)
            .unwrap_or_else(|e| panic!("a decoded shared draft does not read back: {e}\n{file}"));
        assert_eq!(back, s, "shared draft changed in the round trip");
        let _ = s.common_checkpoint(&s.checkpoints);
    }
    if let Ok(d) = Draft::from_json(text) {
        let json = d.to_json();
        let back = Draft::from_json(&json)
            .unwrap_or_else(|e| panic!("a decoded draft does not read back: {e}\n{json}"));
        assert_eq!(back, d, "draft changed in the round trip");
        let _ = (
            d.percent(),
            d.summary(),
            d.effective_values(),
            d.template.key(),
        );
    }
    if let Ok(b) = Backup::from_json(text) {
        let json = b.to_json();
        let back = Backup::from_json(&json)
            .unwrap_or_else(|e| panic!("a decoded backup does not read back: {e}\n{json}"));
        assert_eq!(back, b, "backup changed in the round trip");
        // What an import of it into an empty store would do.
        let mut n = 0u64;
        let _ = report_engine::draft::plan_import(&Default::default(), b.drafts, || {
            n += 1;
            format!("new-{n}")
        });
    }
    if let Ok(i) = DraftIndex::from_json(text) {
        let json = i.to_json();
        let back = DraftIndex::from_json(&json)
            .unwrap_or_else(|e| panic!("a decoded index does not read back: {e}\n{json}"));
        assert_eq!(back, i, "drafts index changed in the round trip");
        let mut i = i;
        i.sort();
        let _ = i.reconcile(&[]);
    }
});
