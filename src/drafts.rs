//! Drafts in browser storage: one key per draft plus the index (see
//! `report_engine::draft` for the formats). The storage calls go through `browser`; this
//! module decides what to read, write and set aside.
//!
//! Keys: [`INDEX_KEY`] for the index, [`DRAFT_PREFIX`]`<id>` per draft. A value under one
//! of them that does not read is never deleted: it is copied to `<key>.corrupt-<ms>` first,
//! listed on the start screen and offered as a download.

use std::collections::BTreeMap;

use report_engine::{Draft, DraftIndex, Template, TemplateRef};

use crate::browser::{self, StorageError};

pub const INDEX_KEY: &str = "report-editor/v1/drafts";
/// The user's lead name.
pub const LEAD_KEY: &str = "report-editor/v1/lead";
pub const DRAFT_PREFIX: &str = "report-editor/v1/draft/";
/// Marks a key holding a value set aside because it did not read.
pub const ASIDE_MARK: &str = ".corrupt-";

pub fn draft_key(id: &str) -> String {
    format!("{DRAFT_PREFIX}{id}")
}

/// A new draft id: the time plus randomness, so two tabs never pick the same one.
pub fn new_id(now_ms: u64) -> String {
    let r = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("{now_ms:x}-{r:08x}")
}

/// The template reference for a template opened under `key`.
pub fn template_ref(key: &str, source_hash: impl FnOnce() -> String) -> TemplateRef {
    match key.strip_prefix("custom:") {
        Some(hash) => TemplateRef::Custom { hash: hash.into() },
        None => TemplateRef::Builtin {
            id: key.into(),
            hash: source_hash(),
        },
    }
}

/// A fresh, empty draft of `template`.
pub fn new_draft(key: &str, template: &Template, now_ms: u64) -> Draft {
    let template_ref = template_ref(key, || {
        report_engine::builtin(key)
            .map(|b| report_engine::content_hash(b.source))
            .unwrap_or_default()
    });
    Draft {
        id: new_id(now_ms),
        name: format!(
            "{} ({})",
            template.title(),
            browser::local_date_time(now_ms)
        ),
        template: template_ref,
        template_title: template.title().to_string(),
        values: Default::default(),
        na: Default::default(),
        created_ms: now_ms,
        updated_ms: now_ms,
        revision: 0,
        filled: 0,
        total: template.fields().len(),
        lineage: String::new(),
        changed_by: Default::default(),
        checkpoints: Vec::new(),
    }
}

/// What was found in storage at start.
#[derive(Debug, Default)]
pub struct Loaded {
    pub index: DraftIndex,
    pub drafts: BTreeMap<String, Draft>,
    /// Keys of values set aside (now and earlier), to list and offer for download.
    pub aside: Vec<String>,
    /// Messages for the user (what was set aside and why).
    pub notices: Vec<String>,
    /// Storage could not be used at all.
    pub unavailable: bool,
}

/// Reads the index and every draft; sets aside what does not read and rebuilds the index
/// from the drafts.
pub fn load() -> Loaded {
    let mut out = Loaded::default();
    let keys = match browser::storage_keys() {
        Ok(k) => k,
        Err(_) => {
            out.unavailable = true;
            return out;
        }
    };
    for key in keys.iter().filter(|k| k.starts_with(DRAFT_PREFIX)) {
        if key.contains(ASIDE_MARK) {
            continue;
        }
        let Ok(Some(raw)) = browser::storage_get(key) else {
            continue;
        };
        match Draft::from_json(&raw) {
            Ok(d) if draft_key(&d.id) == *key => {
                out.drafts.insert(d.id.clone(), d);
            }
            Ok(_) => set_aside(key, &raw, "its id does not match its key", &mut out.notices),
            Err(e) => set_aside(key, &raw, &e.to_string(), &mut out.notices),
        }
    }
    let mut index = match browser::storage_get(INDEX_KEY) {
        Ok(Some(raw)) => DraftIndex::from_json(&raw).unwrap_or_else(|e| {
            set_aside(INDEX_KEY, &raw, &e.to_string(), &mut out.notices);
            DraftIndex::default()
        }),
        _ => DraftIndex::default(),
    };
    let stored: Vec<Draft> = out.drafts.values().cloned().collect();
    index.reconcile(&stored);
    out.index = index;
    // Everything set aside, this time or before.
    out.aside = browser::storage_keys()
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.starts_with("report-editor/") && k.contains(ASIDE_MARK))
        .collect();
    out.aside.sort();
    out
}

/// Copies the value under `key` aside and removes the original only once the copy is
/// stored. Says what happened in `notices`.
fn set_aside(key: &str, raw: &str, why: &str, notices: &mut Vec<String>) {
    let aside = format!("{key}{ASIDE_MARK}{}", browser::now_ms());
    let what = if key == INDEX_KEY {
        "The list of drafts".to_string()
    } else {
        format!("A stored draft ({})", key.trim_start_matches(DRAFT_PREFIX))
    };
    match browser::storage_set(&aside, raw) {
        Ok(()) => {
            let _ = browser::storage_remove(key);
            notices.push(format!(
                "{what} could not be read ({why}). It was kept aside, not deleted: download it from “Set aside” below."
            ));
        }
        Err(e) => notices.push(format!(
            "{what} could not be read ({why}) and could not be copied aside ({e}); it was left as it is."
        )),
    }
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    Storage(StorageError),
    /// Another tab saved a newer revision of this draft since this tab last read it.
    Newer(Box<Draft>),
}

/// Saves `draft` as revision `base + 1` unless the stored copy moved past `base` (another
/// tab saved it). Updates the index and marks the draft as the last one open.
pub fn save(draft: &mut Draft, base: u64, index: &mut DraftIndex) -> Result<(), SaveError> {
    let key = draft_key(&draft.id);
    if let Ok(Some(raw)) = browser::storage_get(&key) {
        if let Ok(stored) = Draft::from_json(&raw) {
            if stored.revision > base {
                return Err(SaveError::Newer(Box::new(stored)));
            }
        }
    }
    draft.revision = base + 1;
    browser::storage_set(&key, &draft.to_json()).map_err(|e| {
        draft.revision = base;
        SaveError::Storage(e)
    })?;
    index.upsert(draft);
    index.last_open = Some(draft.id.clone());
    // The index is a cache (rebuilt from the drafts at start), so failing to write it
    // loses nothing.
    let _ = browser::storage_set(INDEX_KEY, &index.to_json());
    Ok(())
}

/// Writes the index (after a rename, delete or the last-open draft changing).
pub fn write_index(index: &DraftIndex) -> Result<(), StorageError> {
    browser::storage_set(INDEX_KEY, &index.to_json())
}

/// Reads one stored draft.
pub fn read(id: &str) -> Option<Draft> {
    let raw = browser::storage_get(&draft_key(id)).ok()??;
    Draft::from_json(&raw).ok()
}

/// Removes a draft from storage (the caller keeps it in memory for undo).
pub fn remove(id: &str) -> Result<(), StorageError> {
    browser::storage_remove(&draft_key(id))
}

/// Writes a draft as it is (restore after delete, duplicate, import).
pub fn put(draft: &Draft) -> Result<(), StorageError> {
    browser::storage_set(&draft_key(&draft.id), &draft.to_json())
}

/// The stored lead name ("" when unset or unreadable).
pub fn load_lead() -> String {
    browser::storage_get(LEAD_KEY)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Stores the lead name.
pub fn save_lead(name: &str) -> Result<(), StorageError> {
    browser::storage_set(LEAD_KEY, name)
}
