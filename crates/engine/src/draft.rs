//! Drafts: a report being filled in, and the stored forms around it.
//!
//! Every stored or shared form is a JSON envelope `{"format": …, "version": …, …}`:
//!
//! - a draft ([`DRAFT_FORMAT`]): the values as edited, which fields are N/A, its name, its
//!   template (a built-in by id and hash, a custom one by content hash), timestamps, and a
//!   revision counter that every save increments (how two tabs notice each other);
//! - the index of drafts ([`INDEX_FORMAT`]): a summary per draft for the list, and the
//!   draft open last. It is a cache: [`DraftIndex::reconcile`] rebuilds it from the drafts;
//! - a backup ([`BACKUP_FORMAT`]): every draft and custom template in one file;
//! - the template library ([`crate::library::LIBRARY_FORMAT`], see [`crate::library`]).
//!
//! Reading checks the format and version first, so a foreign or newer value gets a clear
//! message; `envelope::read_envelope` is where a future version's migration goes. Fixtures of every
//! version written so far live in `tests/fixtures/storage/`.

use crate::envelope::{envelope, read_envelope};
use crate::model::Template;
use crate::values::{Value, Values};
use crate::ReadError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const DRAFT_FORMAT: &str = "report-editor/draft";
pub const INDEX_FORMAT: &str = "report-editor/draft-index";
pub const BACKUP_FORMAT: &str = "report-editor/backup";
/// The version this code writes of each format, and the newest it reads.
pub use crate::envelope::VERSION;

/// Which template a draft fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TemplateRef {
    /// A built-in template: its id, and the content hash of the text the draft began on.
    Builtin { id: String, hash: String },
    /// A template from the library, by content hash.
    Custom { hash: String },
}

impl TemplateRef {
    /// The reference for a template opened under `key` (the inverse of [`TemplateRef::key`]):
    /// `custom:<hash>` is a library template; any other key is a built-in's id, with the
    /// content hash of the built-in's text (`""` when there is no such built-in).
    pub fn from_key(key: &str) -> TemplateRef {
        match key.strip_prefix(crate::library::CUSTOM_PREFIX) {
            Some(hash) => TemplateRef::Custom { hash: hash.into() },
            None => TemplateRef::Builtin {
                id: key.into(),
                hash: crate::builtin(key)
                    .map(|b| crate::content_hash(b.source))
                    .unwrap_or_default(),
            },
        }
    }

    /// The key the app opens the template under: the built-in id, or `custom:<hash>`.
    pub fn key(&self) -> String {
        match self {
            TemplateRef::Builtin { id, .. } => id.clone(),
            TemplateRef::Custom { hash } => crate::library::custom_key(hash),
        }
    }

    pub fn hash(&self) -> &str {
        match self {
            TemplateRef::Builtin { hash, .. } | TemplateRef::Custom { hash } => hash,
        }
    }
}

/// A report in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Unique among the drafts of one browser; never reused.
    pub id: String,
    pub name: String,
    pub template: TemplateRef,
    /// The template's title when the draft was made (for the list, even if the template is
    /// later missing).
    pub template_title: String,
    /// Values as edited. A field marked N/A keeps its edited value here (so un-marking
    /// brings it back) and is listed in `na`.
    pub values: Values,
    #[serde(default)]
    pub na: BTreeSet<String>,
    pub created_ms: u64,
    pub updated_ms: u64,
    /// Incremented by every save.
    pub revision: u64,
    /// Filled and total fields at the last save (the list shows the percentage).
    #[serde(default)]
    pub filled: usize,
    #[serde(default)]
    pub total: usize,
    /// One id for every copy of this report handed between leads (empty: the draft's id).
    #[serde(default)]
    pub lineage: String,
    /// Who last changed each field (the lead name set in the app).
    #[serde(default)]
    pub changed_by: BTreeMap<String, String>,
    /// The values at each hand-off, newest last (see `share`).
    #[serde(default)]
    pub checkpoints: Vec<crate::checkpoint::Checkpoint>,
    /// Computed fields the person overrode: their values are as typed, not computed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub overrides: BTreeSet<String>,
    /// Where each imported value came from (a field typed over loses its entry).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, crate::import::Source>,
}

impl Draft {
    /// A fresh, empty draft of `template`, opened under `key` ([`TemplateRef::from_key`]):
    /// no values, revision 0, created and updated at `now_ms`, no lineage of its own yet
    /// (its id stands for it), `total` the template's field count. The caller picks the id
    /// (unique among its drafts) and the name.
    pub fn new(id: String, key: &str, template: &Template, name: String, now_ms: u64) -> Draft {
        Draft {
            id,
            name,
            template: TemplateRef::from_key(key),
            template_title: template.title().to_string(),
            values: Values::new(),
            na: BTreeSet::new(),
            created_ms: now_ms,
            updated_ms: now_ms,
            revision: 0,
            filled: 0,
            total: template.fields().len(),
            lineage: String::new(),
            changed_by: BTreeMap::new(),
            checkpoints: Vec::new(),
            overrides: BTreeSet::new(),
            sources: BTreeMap::new(),
        }
    }

    /// The lineage id, defaulting to the draft's own id.
    pub fn lineage(&self) -> &str {
        if self.lineage.is_empty() {
            &self.id
        } else {
            &self.lineage
        }
    }

    /// The values and N/A marks as one side of a merge.
    pub fn state(&self) -> crate::checkpoint::FieldStates {
        crate::checkpoint::FieldStates {
            values: self.values.clone(),
            na: self.na.clone(),
        }
    }

    /// The values as the engine fills them: N/A fields as [`Value::NotApplicable`].
    pub fn effective_values(&self) -> Values {
        let mut out = Values::new();
        for (name, v) in self.values.iter() {
            out.set(name.clone(), v.clone());
        }
        for name in &self.na {
            out.set(name.clone(), Value::NotApplicable);
        }
        out
    }

    /// Completion as a whole percentage (100 for a template without fields).
    pub fn percent(&self) -> u32 {
        percent(self.filled, self.total)
    }

    pub fn summary(&self) -> DraftSummary {
        DraftSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            template: self.template.clone(),
            template_title: self.template_title.clone(),
            updated_ms: self.updated_ms,
            filled: self.filled,
            total: self.total,
            lineage: self.lineage().to_string(),
        }
    }

    /// Same content as `other`: values, N/A marks, name, overrides and sources (not
    /// timestamps or revision).
    pub fn same_content(&self, other: &Draft) -> bool {
        self.values == other.values
            && self.na == other.na
            && self.name == other.name
            && self.overrides == other.overrides
            && self.sources == other.sources
    }

    pub fn to_json(&self) -> String {
        envelope(DRAFT_FORMAT, "draft", self)
    }

    pub fn from_json(json: &str) -> Result<Draft, ReadError> {
        read_envelope(json, DRAFT_FORMAT, "draft", "a draft")
    }
}

fn percent(filled: usize, total: usize) -> u32 {
    (filled.min(total) * 100)
        .checked_div(total)
        .map_or(100, |p| p as u32)
}

/// What the drafts list shows of one draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: String,
    pub name: String,
    pub template: TemplateRef,
    pub template_title: String,
    pub updated_ms: u64,
    pub filled: usize,
    pub total: usize,
    #[serde(default)]
    pub lineage: String,
}

impl DraftSummary {
    pub fn percent(&self) -> u32 {
        percent(self.filled, self.total)
    }
}

/// The list of drafts (newest change first) and the one open last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftIndex {
    pub drafts: Vec<DraftSummary>,
    #[serde(default)]
    pub last_open: Option<String>,
}

impl DraftIndex {
    pub fn to_json(&self) -> String {
        envelope(INDEX_FORMAT, "index", self)
    }

    pub fn from_json(json: &str) -> Result<DraftIndex, ReadError> {
        read_envelope(json, INDEX_FORMAT, "index", "a drafts index")
    }

    /// Adds or replaces `d`'s summary and moves it first.
    pub fn upsert(&mut self, d: &Draft) {
        self.drafts.retain(|s| s.id != d.id);
        self.drafts.insert(0, d.summary());
    }

    pub fn remove(&mut self, id: &str) -> Option<DraftSummary> {
        let at = self.drafts.iter().position(|s| s.id == id)?;
        if self.last_open.as_deref() == Some(id) {
            self.last_open = None;
        }
        Some(self.drafts.remove(at))
    }

    /// Orders the list newest change first (ties by id, so the order is stable).
    pub fn sort(&mut self) {
        self.drafts
            .sort_by(|a, b| b.updated_ms.cmp(&a.updated_ms).then(a.id.cmp(&b.id)));
    }

    pub fn get(&self, id: &str) -> Option<&DraftSummary> {
        self.drafts.iter().find(|s| s.id == id)
    }

    /// Makes the index agree with the drafts actually stored: summaries come from the drafts
    /// (a draft missing from the index is listed again, a summary without a draft goes),
    /// newest change first. Returns how many drafts were missing from it.
    pub fn reconcile(&mut self, stored: &[Draft]) -> usize {
        let known: BTreeSet<&str> = self.drafts.iter().map(|s| s.id.as_str()).collect();
        let missing = stored
            .iter()
            .filter(|d| !known.contains(d.id.as_str()))
            .count();
        self.drafts = stored.iter().map(Draft::summary).collect();
        self.sort();
        if let Some(id) = &self.last_open {
            if !stored.iter().any(|d| &d.id == id) {
                self.last_open = None;
            }
        }
        missing
    }
}

/// A custom template carried in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupTemplate {
    pub hash: String,
    pub name: String,
    pub source: String,
}

/// Every draft and custom template, in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub exported_ms: u64,
    pub drafts: Vec<Draft>,
    pub templates: Vec<BackupTemplate>,
}

impl Backup {
    pub fn to_json(&self) -> String {
        envelope(BACKUP_FORMAT, "backup", self)
    }

    /// Reads a backup; each template's hash is checked against its text.
    pub fn from_json(json: &str) -> Result<Backup, ReadError> {
        let b: Backup = read_envelope(json, BACKUP_FORMAT, "backup", "a backup")?;
        for t in &b.templates {
            if crate::content_hash(&t.source) != t.hash {
                return Err(ReadError(format!(
                    "the backup's template \"{}\" does not match its hash; the file was changed or damaged",
                    t.name
                )));
            }
        }
        Ok(b)
    }
}

/// Plans a backup import: every incoming draft is added, never written over an existing
/// one. A draft whose id is taken gets a new id from `new_id` and " (copy)" after its name,
/// unless an identical draft is already there, which is skipped.
pub fn plan_import(
    existing: &BTreeMap<String, Draft>,
    incoming: Vec<Draft>,
    mut new_id: impl FnMut() -> String,
) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let mut taken: BTreeSet<String> = existing.keys().cloned().collect();
    for mut d in incoming {
        match existing.get(&d.id) {
            Some(have) if have.same_content(&d) && have.template == d.template => {
                plan.skipped += 1;
                continue;
            }
            Some(_) => {
                plan.copies += 1;
                d.id = fresh(&mut taken, &mut new_id);
                d.name = format!("{} (copy)", d.name);
            }
            None if taken.contains(&d.id) => {
                // Two drafts with one id inside the same backup.
                plan.copies += 1;
                d.id = fresh(&mut taken, &mut new_id);
                d.name = format!("{} (copy)", d.name);
            }
            None => {
                taken.insert(d.id.clone());
            }
        }
        plan.drafts.push(d);
    }
    plan
}

fn fresh(taken: &mut BTreeSet<String>, new_id: &mut impl FnMut() -> String) -> String {
    loop {
        let id = new_id();
        if taken.insert(id.clone()) {
            return id;
        }
    }
}

/// What [`plan_import`] decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportPlan {
    /// Drafts to store (copies already renamed and given new ids).
    pub drafts: Vec<Draft>,
    /// Drafts whose id was taken by a different draft, imported as copies.
    pub copies: usize,
    /// Drafts identical to one already there, not imported again.
    pub skipped: usize,
}
