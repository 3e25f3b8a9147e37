//! Size limits. Each is checked by its caller before the work it guards (reading, parsing,
//! building a form, inflating), and each refusal names the limit. The README lists them.
//!
//! Every module checks against these, so this one names no other module: a value's size
//! comes through [`ValueSize`], which `Value` implements, and a template's field count
//! through [`FieldCount`], which `Template` implements.

/// Largest template: 2 MiB (the built-in templates are under 30 KB).
pub const MAX_TEMPLATE_BYTES: usize = 2 * 1024 * 1024;

/// Most distinct placeholders in one template: 50,000 (the built-ins have 185 and 424). The
/// editor makes only the sections near the viewport, so the form's cost follows what is on
/// screen; what stays is one set of signals per field (see `bash scripts/bench.sh` for a
/// 20,000-placeholder form).
pub const MAX_FIELDS: usize = 50_000;

/// Largest value of one field: 256 KiB of text, or of all cells of a grid together.
pub const MAX_VALUE_BYTES: usize = 256 * 1024;

/// Largest draft file, and the most a share link may unpack to: 8 MiB.
pub const MAX_DRAFT_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Longest share link payload (the part after `#d=`): 4 Mi characters.
pub const MAX_LINK_CHARS: usize = 4 * 1024 * 1024;

/// Largest backup file ("Export all"): 32 MiB.
pub const MAX_BACKUP_BYTES: usize = 32 * 1024 * 1024;

/// Largest values file accepted by the CLI: 8 MiB.
pub const MAX_VALUES_BYTES: usize = 8 * 1024 * 1024;

/// Largest test or load-test results file imported: 5 MiB.
pub const MAX_RESULTS_BYTES: usize = 5 * 1024 * 1024;

/// `Err` naming `limit` when `len` bytes of `what` are over it.
fn check_bytes(len: usize, limit: usize, what: &str, kind: &str) -> Result<(), String> {
    if len > limit {
        Err(format!(
            "{what} is {}, over the {} limit for {kind}",
            size(len),
            size(limit)
        ))
    } else {
        Ok(())
    }
}

/// A size as people read it: bytes up to 1 KiB, KiB up to 1 MiB, then MiB.
pub fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{} KiB", bytes.div_ceil(1024))
    } else if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        // Tenths rounded up, so a size just over a limit never reads as the limit.
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        format!("{}.{} MiB", tenths / 10, tenths % 10)
    }
}

/// Thousands with commas: 20000 → "20,000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `Err` with a message when a template of `len` bytes is over [`MAX_TEMPLATE_BYTES`].
pub fn check_template_size(len: usize) -> Result<(), String> {
    check_bytes(len, MAX_TEMPLATE_BYTES, "template", "templates")
}

/// A parsed template as [`MAX_FIELDS`] counts it (implemented by `Template`).
pub trait FieldCount {
    fn field_count(&self) -> usize;
}

/// `Err` with a message when a parsed template has more than [`MAX_FIELDS`] fields. Called
/// after parsing (bounded by [`MAX_TEMPLATE_BYTES`]) and before any form is built.
pub fn check_fields(t: &impl FieldCount) -> Result<(), String> {
    let n = t.field_count();
    if n > MAX_FIELDS {
        Err(format!(
            "template has {} placeholders, over the {} limit for one template",
            count(n),
            count(MAX_FIELDS)
        ))
    } else {
        Ok(())
    }
}

/// A field's value as [`MAX_VALUE_BYTES`] measures it (implemented by `Value`: its text, or
/// all its cells together).
pub trait ValueSize {
    /// The bytes counted against [`MAX_VALUE_BYTES`].
    fn value_bytes(&self) -> usize;
}

/// `Err` with a message when field `name`'s value is over [`MAX_VALUE_BYTES`].
pub fn check_value(name: &str, v: &impl ValueSize) -> Result<(), String> {
    check_bytes(
        v.value_bytes(),
        MAX_VALUE_BYTES,
        &format!("the value of {name}"),
        "one field",
    )
}

/// `Err` with a message when a draft file of `len` bytes is over [`MAX_DRAFT_FILE_BYTES`].
pub fn check_draft_file_size(len: usize) -> Result<(), String> {
    check_bytes(len, MAX_DRAFT_FILE_BYTES, "the draft file", "draft files")
}

/// `Err` with a message when a backup file of `len` bytes is over [`MAX_BACKUP_BYTES`].
pub fn check_backup_size(len: usize) -> Result<(), String> {
    check_bytes(len, MAX_BACKUP_BYTES, "the backup file", "backups")
}

/// `Err` with a message when a values file of `len` bytes is over [`MAX_VALUES_BYTES`].
pub fn check_values_size(len: usize) -> Result<(), String> {
    check_bytes(len, MAX_VALUES_BYTES, "values file", "values files")
}

/// `Err` with a message when a results file of `len` bytes is over [`MAX_RESULTS_BYTES`].
pub fn check_results_size(len: usize) -> Result<(), String> {
    check_bytes(len, MAX_RESULTS_BYTES, "the results file", "results files")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_size_and_the_limit() {
        assert_eq!(check_template_size(MAX_TEMPLATE_BYTES), Ok(()));
        assert_eq!(
            check_template_size(5 * 1024 * 1024).unwrap_err(),
            "template is 5 MiB, over the 2 MiB limit for templates"
        );
        // `Value`'s own measure is tested with the other limits in tests/engine/scale.rs.
        struct Bytes(usize);
        impl ValueSize for Bytes {
            fn value_bytes(&self) -> usize {
                self.0
            }
        }
        assert_eq!(
            check_value("NOTES", &Bytes(MAX_VALUE_BYTES + 1)).unwrap_err(),
            "the value of NOTES is 257 KiB, over the 256 KiB limit for one field"
        );
        assert_eq!(check_value("ROWS", &Bytes(MAX_VALUE_BYTES)), Ok(()));
        assert_eq!(size(3 * 1024 * 1024 + 512 * 1024), "3.5 MiB");
        assert_eq!(size(900), "900 bytes");
        assert_eq!(size(MAX_TEMPLATE_BYTES + 1), "2.1 MiB");
        assert_eq!(count(20000), "20,000");
        assert_eq!(count(5000), "5,000");
        assert_eq!(count(999), "999");
    }
}
