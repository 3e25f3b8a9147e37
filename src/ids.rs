//! Element ids that code refers to (to focus, scroll or label something), in one place, so
//! the markup and the code that finds it cannot drift apart. Ids only a `for=`/`aria-*`
//! next to them uses stay in the markup.

/// The template file picker (focus returns to it after a dropped file).
pub const TEMPLATE_FILE: &str = "template-file";
/// "Open pasted template".
pub const OPEN_PASTED: &str = "open-pasted";
/// Undo the removal of a library template.
pub const UNDO_REMOVE: &str = "undo-remove";
/// Undo the deletion of a draft.
pub const UNDO_DELETE_DRAFT: &str = "undo-delete-draft";
/// The heading of a custom template's diagnostics.
pub const DIAGNOSTICS_HEADING: &str = "diagnostics-heading";
/// The heading of the places found in a template without placeholders.
pub const PLACES_HEADING: &str = "places-heading";
/// The share link's text box.
pub const SHARE_LINK: &str = "share-link";
/// The results file picker ("Import results…").
pub const IMPORT_FILE: &str = "import-results";
/// The heading of the results import dialog (focused when it opens).
pub const IMPORT_HEADING: &str = "import-heading";
/// The editor toolbar's tools (folded away on phones behind "Tools").
pub const TOOLBAR_TOOLS: &str = "toolbar-tools";
/// The editor's problems panel.
pub const PROBLEMS: &str = "problems";
/// The editor's preview pane.
pub const PREVIEW: &str = "preview";

/// "Open" of a library template.
pub fn library_open(hash: &str) -> String {
    format!("lib-open-{hash}")
}

/// "Open" of a stored draft.
pub fn open_draft(id: &str) -> String {
    format!("open-draft-{id}")
}

/// The name box of a draft being renamed.
pub fn rename_draft(id: &str) -> String {
    format!("rename-{id}")
}

/// Field `i`'s control (a grid's first cell).
pub fn field(i: usize) -> String {
    format!("f-{i}")
}

/// Section `i`'s heading in the form.
pub fn section(i: usize) -> String {
    format!("sec-{i}")
}

/// Preview chunk `c`.
pub fn chunk(c: usize) -> String {
    format!("chunk-{c}")
}
