//! Size limits, enforced by callers before any work is done, each with a message naming it.

/// Largest template accepted: 2 MiB (the built-in templates are under 30 KB).
pub const MAX_TEMPLATE_BYTES: usize = 2 * 1024 * 1024;

/// Largest values file accepted by the CLI: 8 MiB.
pub const MAX_VALUES_BYTES: usize = 8 * 1024 * 1024;

/// `Err` with a message when a template of `len` bytes is over [`MAX_TEMPLATE_BYTES`].
pub fn check_template_size(len: usize) -> Result<(), String> {
    if len > MAX_TEMPLATE_BYTES {
        Err(format!(
            "template is {} KiB, over the {} KiB limit for templates",
            len.div_ceil(1024),
            MAX_TEMPLATE_BYTES / 1024
        ))
    } else {
        Ok(())
    }
}

/// `Err` with a message when a values file of `len` bytes is over [`MAX_VALUES_BYTES`].
pub fn check_values_size(len: usize) -> Result<(), String> {
    if len > MAX_VALUES_BYTES {
        Err(format!(
            "values file is {} KiB, over the {} KiB limit for values",
            len.div_ceil(1024),
            MAX_VALUES_BYTES / 1024
        ))
    } else {
        Ok(())
    }
}
