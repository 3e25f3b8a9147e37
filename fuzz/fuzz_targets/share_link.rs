//! Share links. The first byte picks how the rest reaches `Shared::from_link`:
//!
//! - 0: as the whole link;
//! - 1: as the fragment payload, after `http://x/#d=` (base64url, then zlib, then JSON);
//! - 2: as the zlib stream, base64url-encoded here (inflate and JSON);
//! - 3: as the draft file's text, zlib-compressed and encoded here (JSON via the link path).
//!
//! A link that opens must survive `to_link` → `from_link` unchanged.
#![no_main]

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use report_engine::share::{Shared, LINK_MARK};

const BASE: &str = "http://x/";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let link = match mode % 4 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => format!("{BASE}{LINK_MARK}{}", String::from_utf8_lossy(rest)),
        2 => format!("{BASE}{LINK_MARK}{}", b64.encode(rest)),
        _ => {
            let packed = miniz_oxide::deflate::compress_to_vec_zlib(rest, 1);
            format!("{BASE}{LINK_MARK}{}", b64.encode(packed))
        }
    };
    if let Ok(s) = Shared::from_link(&link) {
        let again = s.to_link(BASE);
        let back = Shared::from_link(&again)
            .unwrap_or_else(|e| panic!("a link that opened does not reopen: {e}"));
        assert_eq!(back, s, "shared draft changed in the link round trip");
    }
});
