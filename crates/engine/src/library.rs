//! The template library: the custom templates a person opened, newest first, one entry per
//! content hash, and the checks an incoming template's bytes go through before that.
//!
//! Plain data, no storage: the app keeps the library under a key of its own (keys are the
//! app's business) and reads and writes it with [`Library::from_json`] and
//! [`Library::to_json`]. The stored form is the envelope every stored form uses (see
//! [`crate::draft`]), its body an object holding the list:
//!
//! ```json
//! {"format": "report-editor/library", "version": 1,
//!  "library": {"templates": [{"hash": "…", "name": "…", "source": "…", "added_ms": 0}]}}
//! ```
//!
//! The form written before the envelope, `{"version": 1, "templates": [...]}` (no
//! `"format"`), is still read and becomes the same library; the next write is the envelope.
//! Fixtures of both: `tests/fixtures/storage/library-legacy.json` and `library-v1.json`.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::envelope::{envelope, read_envelope};
use crate::ReadError;

/// The library's stored format (its envelope's `"format"`).
pub const LIBRARY_FORMAT: &str = "report-editor/library";
/// The envelope field holding the library.
const LIBRARY_FIELD: &str = "library";
/// The library in messages ("this is not a template library: …").
const WHAT: &str = "a template library";

/// Name given to a pasted template whose text has no title.
pub const PASTED_NAME: &str = "Pasted template";

/// The key a custom template is opened under: `custom:<content hash>`. The one place that
/// key is written ([`StoredTemplate::key`] and [`crate::TemplateRef::key`] use it).
pub fn custom_key(hash: &str) -> String {
    format!("{CUSTOM_PREFIX}{hash}")
}

/// What precedes a custom template's hash in its key.
pub(crate) const CUSTOM_PREFIX: &str = "custom:";

/// One template in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTemplate {
    /// [`crate::content_hash`] of `source`; the template's identity.
    pub hash: String,
    /// What the list shows: the template's title, or its file name when it has none.
    pub name: String,
    /// The template text, exactly as opened.
    pub source: String,
    /// When it was added, in milliseconds since the Unix epoch.
    pub added_ms: u64,
}

impl StoredTemplate {
    /// A library entry for `source`, its hash computed by [`crate::content_hash`].
    pub fn new(name: String, source: String, added_ms: u64) -> Self {
        StoredTemplate {
            hash: crate::content_hash(&source),
            name,
            source,
            added_ms,
        }
    }

    /// The key the app opens it under: `custom:<hash>` ([`custom_key`]).
    pub fn key(&self) -> String {
        custom_key(&self.hash)
    }
}

/// What decides between the two stored forms: the pre-envelope form has a `"version"` and
/// no `"format"`.
#[derive(Deserialize)]
struct Probe {
    format: Option<IgnoredAny>,
    version: Option<LegacyVersion>,
}

/// The pre-envelope form's version, as found (for the message when it is not 1).
#[derive(Deserialize)]
#[serde(untagged)]
enum LegacyVersion {
    Number(serde_json::Number),
    Text(String),
    Other(IgnoredAny),
}

/// The only version of the pre-envelope form.
const LEGACY_VERSION: u64 = 1;

/// The pre-envelope form's list (its version is checked first).
#[derive(Deserialize)]
struct Legacy {
    templates: Vec<StoredTemplate>,
}

/// Reads the pre-envelope form `{"version": 1, "templates": [...]}`.
fn read_legacy(json: &str, version: LegacyVersion) -> Result<Library, ReadError> {
    let found = match version {
        LegacyVersion::Number(n) if n.as_u64() == Some(LEGACY_VERSION) => None,
        LegacyVersion::Number(n) => Some(n.to_string()),
        LegacyVersion::Text(t) => Some(serde_json::to_string(&t).unwrap_or(t)),
        LegacyVersion::Other(_) => Some("that is not a number".into()),
    };
    if let Some(v) = found {
        return Err(ReadError(format!(
            "this is not {WHAT}: it has format version {v}; this editor reads version {LEGACY_VERSION} of that form"
        )));
    }
    let legacy: Legacy =
        serde_json::from_str(json).map_err(|e| ReadError(format!("this is not {WHAT}: {e}")))?;
    Ok(Library {
        templates: legacy.templates,
    })
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

/// The library: templates newest first, at most one per content hash. Its JSON (the body
/// of the stored envelope) is `{"templates": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    templates: Vec<StoredTemplate>,
}

impl Library {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the stored library: the envelope [`LIBRARY_FORMAT`] this code writes, or the
    /// form written before it (`{"version": 1, "templates": [...]}`, no `"format"`), which
    /// is migrated. `Err` says why the value is not one this version can use (invalid JSON,
    /// another shape, a foreign format, a newer version); the caller keeps such a value
    /// aside. Duplicate hashes (only possible if edited by hand) keep their first entry.
    pub fn from_json(json: &str) -> Result<Self, ReadError> {
        let read = match serde_json::from_str::<Probe>(json) {
            Ok(Probe {
                format: None,
                version: Some(version),
            }) => read_legacy(json, version)?,
            // Everything else, JSON or not, is judged by the envelope reader.
            _ => read_envelope::<Library>(json, LIBRARY_FORMAT, LIBRARY_FIELD, WHAT)?,
        };
        let mut library = Library::new();
        for t in read.templates {
            if !library.contains(&t.hash) {
                library.templates.push(t);
            }
        }
        Ok(library)
    }

    /// The stored form: `{"format":"report-editor/library","version":1,"library":{"templates":[...]}}`.
    pub fn to_json(&self) -> String {
        envelope(LIBRARY_FORMAT, LIBRARY_FIELD, self)
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

/// The name a template is listed under: its title; for a template without one, the file
/// name without its extension, or [`PASTED_NAME`] for pasted text.
pub fn display_name(title: &str, file_name: Option<&str>) -> String {
    let title = title.trim();
    if !title.is_empty() && title != crate::parse::UNTITLED && !is_one_placeholder(title) {
        return title.to_string();
    }
    match file_name.map(file_stem).filter(|s| !s.is_empty()) {
        Some(stem) => stem.to_string(),
        None if file_name.is_some() => crate::parse::UNTITLED.to_string(),
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
    crate::limits::check_template_size(bytes.len())
        .map_err(|e| format!("{what} cannot be opened: the {e}."))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!("{what} is not UTF-8 text. Save it with UTF-8 encoding and open it again.")
    })?;
    check_text(&text, what)?;
    Ok(text)
}

/// The checks of [`decode_template`] for text that is already a string (pasted text).
pub fn check_text(text: &str, what: &str) -> Result<(), String> {
    crate::limits::check_template_size(text.len())
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
        assert_eq!(t.hash, crate::content_hash("# Ops {{X}}"));
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
        assert_eq!(lib.get(&crate::content_hash("a")).unwrap().added_ms, 1);
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
        let removed = lib.remove(&crate::content_hash("b")).unwrap();
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
        let removed = lib.remove(&crate::content_hash("b")).unwrap();
        lib.remove(&crate::content_hash("a")).unwrap();
        assert!(lib.restore(removed));
        assert_eq!(lib.templates()[0].name, "b");
    }

    #[test]
    fn stored_form_is_the_envelope_and_round_trips() {
        let mut lib = Library::new();
        lib.add(entry(
            "One",
            "# One\r\n{{A}} “quotes” \u{feff}",
            1_700_000_000_000,
        ));
        lib.add(entry("Two", "two", 2));
        let json = lib.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["format"], LIBRARY_FORMAT);
        assert_eq!(value["version"], 1);
        let templates = &value["library"]["templates"];
        assert_eq!(templates[0]["name"], "Two");
        assert_eq!(templates[1]["added_ms"], 1_700_000_000_000u64);
        for key in ["hash", "name", "source", "added_ms"] {
            assert!(templates[0].get(key).is_some(), "{key}");
        }
        assert_eq!(Library::from_json(&json).unwrap(), lib);
        assert_eq!(
            Library::from_json(&Library::new().to_json()).unwrap(),
            Library::new()
        );
    }

    #[test]
    fn the_form_before_the_envelope_is_read_and_written_as_the_envelope() {
        let legacy = r#"{"version":1,"templates":[{"hash":"h2","name":"B","source":"b","added_ms":2},{"hash":"h1","name":"A","source":"a","added_ms":1}]}"#;
        let lib = Library::from_json(legacy).unwrap();
        let names: Vec<&str> = lib.templates().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["B", "A"], "order kept");
        let written = lib.to_json();
        assert!(written.starts_with(r#"{"format":"report-editor/library","version":1,"library":{"templates":[{"hash":"h2""#), "{written}");
        assert_eq!(Library::from_json(&written).unwrap(), lib);
        assert_eq!(
            Library::from_json(r#"{"version":1,"templates":[]}"#).unwrap(),
            Library::new()
        );
    }

    #[test]
    fn hand_written_values_ignore_unknown_keys_and_keep_the_first_of_a_hash() {
        let legacy = r#"{"version":1,"extra":true,"templates":[
            {"hash":"h1","name":"N","source":"S","added_ms":3,"note":"x"},
            {"hash":"h1","name":"dup","source":"S","added_ms":4}]}"#;
        let current = r#"{"format":"report-editor/library","version":1,"extra":true,"library":{"templates":[
            {"hash":"h1","name":"N","source":"S","added_ms":3,"note":"x"},
            {"hash":"h1","name":"dup","source":"S","added_ms":4}]}}"#;
        for json in [legacy, current] {
            let lib = Library::from_json(json).unwrap();
            assert_eq!(lib.len(), 1, "duplicates keep the first");
            assert_eq!(lib.templates()[0].name, "N");
        }
    }

    #[test]
    fn corrupt_or_foreign_values_are_errors() {
        for (json, says) in [
            ("not json", "not valid JSON"),
            ("", "not valid JSON"),
            (r#"{"version":1,"templates":"oops""#, "not valid JSON"),
            ("[1,2]", "not a template library"),
            ("\"text\"", "not a template library"),
            ("{}", "no \"format\" field"),
            (r#"{"templates":[]}"#, "no \"format\" field"),
            // The form before the envelope: only version 1 of it exists.
            (r#"{"version":2,"templates":[]}"#, "format version 2;"),
            (r#"{"version":"1","templates":[]}"#, "format version \"1\";"),
            (
                r#"{"version":[1],"templates":[]}"#,
                "format version that is not a number",
            ),
            (
                r#"{"version":1}"#,
                "not a template library: missing field `templates`",
            ),
            (r#"{"version":1,"templates":{}}"#, "not a template library"),
            (
                r#"{"version":1,"templates":[{"hash":"h"}]}"#,
                "not a template library",
            ),
            (
                r#"{"version":1,"templates":[{"hash":"h","name":"n","source":"s","added_ms":-1}]}"#,
                "not a template library",
            ),
            // The envelope.
            (
                r#"{"format":"report-editor/draft","version":1,"library":{"templates":[]}}"#,
                "its format is \"report-editor/draft\"",
            ),
            (
                r#"{"format":"report-editor/library","version":2,"library":{"templates":[]}}"#,
                "newer version of the editor (format version 2",
            ),
            (
                r#"{"format":"report-editor/library","version":1}"#,
                "without its \"library\" part",
            ),
            (
                r#"{"format":"report-editor/library","version":1,"library":[]}"#,
                "a template library that is damaged",
            ),
            (
                r#"{"format":"report-editor/library","version":1,"library":{"templates":[{"hash":"h"}]}}"#,
                "a template library that is damaged",
            ),
        ] {
            let err = Library::from_json(json).expect_err(json);
            assert!(err.0.contains(says), "{json}: {err}");
        }
    }

    #[test]
    fn custom_keys() {
        assert_eq!(custom_key("0123abcd"), "custom:0123abcd");
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
        let big = vec![b'a'; crate::limits::MAX_TEMPLATE_BYTES + 1];
        let err = decode_template(big, "“big.md”").unwrap_err();
        assert!(
            err.starts_with(
                "“big.md” cannot be opened: the template is 2.1 MiB, over the 2 MiB limit"
            ),
            "{err}"
        );
        let at_limit = vec![b'a'; crate::limits::MAX_TEMPLATE_BYTES];
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
