//! The templates that ship inside the app and the CLI, embedded at compile time.

/// A template compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Stable id used by drafts, links and the CLI (`report fields staging-deployment-report`).
    pub id: &'static str,
    /// The template text, exactly as shipped in `templates/`.
    pub source: &'static str,
}

static BUILTINS: [Builtin; 2] = [
    Builtin {
        id: "staging-deployment-report",
        source: include_str!("../../../templates/staging-deployment-report.md"),
    },
    Builtin {
        id: "ga-day-after-action-report",
        source: include_str!("../../../templates/ga-day-after-action-report.md"),
    },
];

/// Every built-in template, in display order.
pub fn builtins() -> &'static [Builtin] {
    &BUILTINS
}

/// The built-in template with this id, if any.
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}
