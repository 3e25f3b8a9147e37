//! The local template library: templates the user opened, kept in browser storage.
//!
//! Plain Rust, no browser calls: the stored envelope's format, the list operations (add with
//! de-duplication by content hash, remove, undo a removal) and the checks an incoming
//! template's bytes go through. `browser` reads and writes the storage; `start` wires the two.
//!
//! Stored under [`STORAGE_KEY`] as a versioned envelope:
//!
//! ```json
//! { "version": 1, "templates": [ { "hash": "…", "name": "…", "source": "…", "added_ms": 0 } ] }
//! ```
//!
//! Newest first. A value that is not such an envelope is never overwritten or deleted: it is
//! copied aside under [`corrupt_key`] first.

use serde::{Deserialize, Serialize};

/// The one storage key of the library (all `file://` pages share one storage area, so it is
/// namespaced).
pub const STORAGE_KEY: &str = "report-editor/v1/templates";

/// The envelope version this code reads and writes.
pub const VERSION: u32 = 1;

/// Name given to a pasted template whose text has no title.
pub const PASTED_NAME: &str = "Pasted template";

/// The title the engine gives a template without a heading or front-matter title.
const ENGINE_UNTITLED: &str = "Untitled report";

/// One template in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTemplate {
    /// `report_engine::content_hash` of `source`; the template's identity.
    pub hash: String,
    /// What the list shows: the template's title, or its file name when it has none.
    pub name: String,
    /// The template text, exactly as opened.
    pub source: String,
    /// When it was added, in milliseconds since the Unix epoch.
    pub added_ms: u64,
}

impl StoredTemplate {
    /// A library entry for `source`, its hash computed by the engine.
    pub fn new(name: String, source: String, added_ms: u64) -> Self {
        StoredTemplate {
            hash: report_engine::content_hash(&source),
            name,
            source,
            added_ms,
        }
    }

    /// The key the app opens it under: `custom:<hash>`.
    pub fn key(&self) -> String {
        custom_key(&self.hash)
    }
}

/// The key a custom template is opened under: `custom:<content hash>`.
pub fn custom_key(hash: &str) -> String {
    format!("custom:{hash}")
}

/// The stored form.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    version: u32,
    templates: Vec<StoredTemplate>,
}

/// What [`Library::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new entry, now first in the list.
    New,
    /// A template with the same content was already there; nothing changed.
    AlreadyThere,
}

/// A removed entry and where it was, so the removal can be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub index: usize,
    pub template: StoredTemplate,
}

/// The library: templates newest first, at most one per content hash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    templates: Vec<StoredTemplate>,
}

impl Library {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a stored envelope. `Err` says why the value is not one this version can use
    /// (invalid JSON, another shape, another version); the caller keeps such a value aside.
    /// Duplicate hashes (only possible if edited by hand) keep their first entry.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("it is not valid JSON ({e})"))?;
        let version = value
            .as_object()
            .ok_or("it is not a template library")?
            .get("version")
            .ok_or("it is not a template library (no version)")?;
        if version.as_u64() != Some(u64::from(VERSION)) {
            return Err(format!(
                "it has format version {version}; this app reads version {VERSION}"
            ));
        }
        let envelope: Envelope = serde_json::from_value(value)
            .map_err(|e| format!("it is not a template library ({e})"))?;
        let mut library = Library::new();
        for t in envelope.templates {
            if !library.contains(&t.hash) {
                library.templates.push(t);
            }
        }
        Ok(library)
    }

    /// The stored form of the library.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct EnvelopeRef<'a> {
            version: u32,
            templates: &'a [StoredTemplate],
        }
        serde_json::to_string(&EnvelopeRef {
            version: VERSION,
            templates: &self.templates,
        })
        .unwrap_or_default()
    }

    /// The entries, newest first.
    pub fn templates(&self) -> &[StoredTemplate] {
        &self.templates
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    pub fn contains(&self, hash: &str) -> bool {
        self.get(hash).is_some()
    }

    pub fn get(&self, hash: &str) -> Option<&StoredTemplate> {
        self.templates.iter().find(|t| t.hash == hash)
    }

    /// Adds `template` first in the list, unless one with the same hash is already there
    /// (then the library is unchanged: the earlier name and date stay).
    pub fn add(&mut self, template: StoredTemplate) -> Added {
        if self.contains(&template.hash) {
            return Added::AlreadyThere;
        }
        self.templates.insert(0, template);
        Added::New
    }

    /// Removes the entry with `hash`; the result can be given to [`Library::restore`].
    pub fn remove(&mut self, hash: &str) -> Option<Removed> {
        let index = self.templates.iter().position(|t| t.hash == hash)?;
        let template = self.templates.remove(index);
        Some(Removed { index, template })
    }

    /// Undoes a removal: puts the entry back where it was (or last, if the list got
    /// shorter). `false` when the same template is already in the library again.
    pub fn restore(&mut self, removed: Removed) -> bool {
        if self.contains(&removed.template.hash) {
            return false;
        }
        let index = removed.index.min(self.templates.len());
        self.templates.insert(index, removed.template);
        true
    }
}

/// The key a value that could not be read is kept under: `report-editor/v1/templates.corrupt-<ms>`.
pub fn corrupt_key(now_ms: u64) -> String {
    format!("{STORAGE_KEY}.corrupt-{now_ms}")
}

/// The name a template is listed under: its title; for a template without one, the file
/// name without its extension, or [`PASTED_NAME`] for pasted text.
pub fn display_name(title: &str, file_name: Option<&str>) -> String {
    let title = title.trim();
    if !title.is_empty() && title != ENGINE_UNTITLED && !is_one_placeholder(title) {
        return title.to_string();
    }
    match file_name.map(file_stem).filter(|s| !s.is_empty()) {
        Some(stem) => stem.to_string(),
        None if file_name.is_some() => ENGINE_UNTITLED.to_string(),
        None => PASTED_NAME.to_string(),
    }
}

/// A title that is only a placeholder (`{{title}}`, `{TITLE}`: a heading the person
/// replaces, as in a template read through implicit places) names nothing.
fn is_one_placeholder(title: &str) -> bool {
    let inner = title
        .strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .or_else(|| title.strip_prefix('{').and_then(|t| t.strip_suffix('}')));
    inner.is_some_and(|t| !t.trim().is_empty() && !t.contains(['{', '}']))
}

fn file_stem(name: &str) -> &str {
    let name = name.trim();
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// File name endings accepted by "Open template…" (compared without case).
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// MIME types accepted when the file name has another ending.
pub const MIME_TYPES: &[&str] = &["text/markdown", "text/x-markdown", "text/plain"];

/// `Err` with a message when a file is not a Markdown or text file by its name and type.
pub fn check_file_kind(name: &str, mime: &str) -> Result<(), String> {
    let ext_ok = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)));
    let mime = mime.split(';').next().unwrap_or("").trim();
    let mime_ok = MIME_TYPES.iter().any(|m| m.eq_ignore_ascii_case(mime));
    if ext_ok || mime_ok {
        Ok(())
    } else {
        Err(format!(
            "“{name}” is not a template file. Open a Markdown or text file (.md, .markdown or .txt)."
        ))
    }
}

/// Checks an incoming template's text before it is parsed: not over the size limit, UTF-8,
/// not binary, not empty. `what` names it in messages ("“ops.md”", "The pasted text").
pub fn decode_template(bytes: Vec<u8>, what: &str) -> Result<String, String> {
    report_engine::limits::check_template_size(bytes.len())
        .map_err(|e| format!("{what} cannot be opened: the {e}."))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!("{what} is not UTF-8 text. Save it with UTF-8 encoding and open it again.")
    })?;
    check_text(&text, what)?;
    Ok(text)
}

/// The checks of [`decode_template`] for text that is already a string (pasted text).
pub fn check_text(text: &str, what: &str) -> Result<(), String> {
    report_engine::limits::check_template_size(text.len())
        .map_err(|e| format!("{what} cannot be opened: the {e}."))?;
    if text.contains('\0') {
        return Err(format!(
            "{what} looks like a binary file, not text. Open a Markdown or text file."
        ));
    }
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(format!("{what} is empty: there is no template to open."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, source: &str, ms: u64) -> StoredTemplate {
        StoredTemplate::new(name.into(), source.into(), ms)
    }

    #[test]
    fn new_entry_uses_the_engine_hash_and_custom_key() {
        let t = entry("Ops", "# Ops {{X}}", 5);
        assert_eq!(t.hash, report_engine::content_hash("# Ops {{X}}"));
        assert_eq!(t.key(), format!("custom:{}", t.hash));
        assert_eq!(t.added_ms, 5);
    }

    #[test]
    fn add_puts_new_templates_first_and_dedupes_by_content() {
        let mut lib = Library::new();
        assert_eq!(lib.add(entry("A", "a", 1)), Added::New);
        assert_eq!(lib.add(entry("B", "b", 2)), Added::New);
        assert_eq!(lib.add(entry("A again", "a", 3)), Added::AlreadyThere);
        let names: Vec<&str> = lib.templates().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["B", "A"]);
        assert_eq!(
            lib.get(&report_engine::content_hash("a")).unwrap().added_ms,
            1
        );
        assert_eq!(lib.len(), 2);
    }

    #[test]
    fn same_name_different_content_are_two_entries() {
        let mut lib = Library::new();
        lib.add(entry("Weekly", "# Weekly\n{A}", 1));
        lib.add(entry("Weekly", "# Weekly\n{B}", 2));
        assert_eq!(lib.len(), 2);
    }

    #[test]
    fn remove_and_restore_put_the_entry_back_in_place() {
        let mut lib = Library::new();
        for (i, s) in ["c", "b", "a"].iter().enumerate() {
            lib.add(entry(s, s, i as u64));
        }
        let before = lib.clone();
        let removed = lib.remove(&report_engine::content_hash("b")).unwrap();
        assert_eq!(removed.index, 1);
        assert_eq!(lib.len(), 2);
        assert!(lib.remove("no-such-hash").is_none());
        assert!(lib.restore(removed.clone()));
        assert_eq!(lib, before);
        assert!(!lib.restore(removed), "restoring twice does not duplicate");
        assert_eq!(lib, before);
    }

    #[test]
    fn restore_after_the_list_shrank_appends() {
        let mut lib = Library::new();
        lib.add(entry("b", "b", 1));
        lib.add(entry("a", "a", 2));
        let removed = lib.remove(&report_engine::content_hash("b")).unwrap();
        lib.remove(&report_engine::content_hash("a")).unwrap();
        assert!(lib.restore(removed));
        assert_eq!(lib.templates()[0].name, "b");
    }

    #[test]
    fn envelope_round_trips() {
        let mut lib = Library::new();
        lib.add(entry(
            "One",
            "# One\r\n{{A}} “quotes” \u{feff}",
            1_700_000_000_000,
        ));
        lib.add(entry("Two", "two", 2));
        let json = lib.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["version"], 1);
        assert_eq!(value["templates"][0]["name"], "Two");
        assert_eq!(value["templates"][1]["added_ms"], 1_700_000_000_000u64);
        for key in ["hash", "name", "source", "added_ms"] {
            assert!(value["templates"][0].get(key).is_some(), "{key}");
        }
        assert_eq!(Library::from_json(&json).unwrap(), lib);
        assert_eq!(
            Library::from_json(&Library::new().to_json()).unwrap(),
            Library::new()
        );
    }

    #[test]
    fn envelope_reads_a_hand_written_value_and_ignores_unknown_keys() {
        let json = r#"{"version":1,"extra":true,"templates":[
            {"hash":"h1","name":"N","source":"S","added_ms":3,"note":"x"},
            {"hash":"h1","name":"dup","source":"S","added_ms":4}]}"#;
        let lib = Library::from_json(json).unwrap();
        assert_eq!(lib.len(), 1, "duplicates keep the first");
        assert_eq!(lib.templates()[0].name, "N");
    }

    #[test]
    fn corrupt_or_foreign_values_are_errors() {
        for (json, says) in [
            ("not json", "not valid JSON"),
            ("", "not valid JSON"),
            ("[1,2]", "not a template library"),
            ("\"text\"", "not a template library"),
            ("{}", "no version"),
            (r#"{"templates":[]}"#, "no version"),
            (r#"{"version":2,"templates":[]}"#, "format version 2"),
            (r#"{"version":"1","templates":[]}"#, "format version \"1\""),
            (r#"{"version":1}"#, "not a template library"),
            (r#"{"version":1,"templates":{}}"#, "not a template library"),
            (
                r#"{"version":1,"templates":[{"hash":"h"}]}"#,
                "not a template library",
            ),
            (
                r#"{"version":1,"templates":[{"hash":"h","name":"n","source":"s","added_ms":-1}]}"#,
                "not a template library",
            ),
        ] {
            let err = Library::from_json(json).expect_err(json);
            assert!(err.contains(says), "{json}: {err}");
        }
    }

    #[test]
    fn corrupt_key_is_namespaced_with_the_time() {
        assert_eq!(corrupt_key(42), "report-editor/v1/templates.corrupt-42");
    }

    #[test]
    fn display_name_prefers_the_title() {
        assert_eq!(display_name("Weekly ops", Some("ops.md")), "Weekly ops");
        assert_eq!(display_name("Untitled report", Some("ops.v2.md")), "ops.v2");
        assert_eq!(display_name("Untitled report", Some(".md")), ".md");
        assert_eq!(
            display_name("Untitled report", Some("  ")),
            "Untitled report"
        );
        assert_eq!(display_name("Untitled report", None), PASTED_NAME);
        assert_eq!(
            display_name("{{title}}", Some("google-sre-postmortem.md")),
            "google-sre-postmortem"
        );
        assert_eq!(display_name("{ TITLE }", None), PASTED_NAME);
        assert_eq!(display_name("Incident {{ID}}", None), "Incident {{ID}}");
        assert_eq!(display_name("{a} and {b}", None), "{a} and {b}");
        assert_eq!(display_name("  ", None), PASTED_NAME);
    }

    #[test]
    fn file_kinds() {
        assert!(check_file_kind("a.md", "").is_ok());
        assert!(check_file_kind("A.MARKDOWN", "").is_ok());
        assert!(check_file_kind("notes.txt", "application/octet-stream").is_ok());
        assert!(check_file_kind("README", "text/plain").is_ok());
        assert!(check_file_kind("x", "text/markdown; charset=utf-8").is_ok());
        let err = check_file_kind("photo.png", "image/png").unwrap_err();
        assert!(err.contains("“photo.png” is not a template file"), "{err}");
        assert!(check_file_kind("md", "").is_err());
    }

    #[test]
    fn decode_accepts_utf8_text_with_bom() {
        let text = decode_template("\u{feff}# T\n{{A}}".as_bytes().to_vec(), "x").unwrap();
        assert_eq!(text, "\u{feff}# T\n{{A}}");
    }

    #[test]
    fn decode_rejects_non_utf8_binary_empty_and_oversized() {
        let err = decode_template(vec![0xff, 0xfe, b'#', 0], "“a.md”").unwrap_err();
        assert!(err.starts_with("“a.md” is not UTF-8 text"), "{err}");
        let err = decode_template(b"# T\0\0".to_vec(), "“a.md”").unwrap_err();
        assert!(err.contains("binary"), "{err}");
        for empty in ["", "  \n\t", "\u{feff}\n"] {
            let err = decode_template(empty.as_bytes().to_vec(), "“a.md”").unwrap_err();
            assert_eq!(err, "“a.md” is empty: there is no template to open.");
        }
        let big = vec![b'a'; report_engine::limits::MAX_TEMPLATE_BYTES + 1];
        let err = decode_template(big, "“big.md”").unwrap_err();
        assert!(
            err.starts_with(
                "“big.md” cannot be opened: the template is 2.1 MiB, over the 2 MiB limit"
            ),
            "{err}"
        );
        let at_limit = vec![b'a'; report_engine::limits::MAX_TEMPLATE_BYTES];
        assert!(decode_template(at_limit, "x").is_ok());
    }

    #[test]
    fn check_text_for_pasted_text() {
        assert!(check_text("# T", "The pasted text").is_ok());
        assert_eq!(
            check_text("   ", "The pasted text").unwrap_err(),
            "The pasted text is empty: there is no template to open."
        );
    }
}
