//! Hand-offs between leads with no server: a draft file, a share link, and the field-level
//! merge of a draft that comes back.
//!
//! Both carry one [`Shared`] draft in the envelope `{"format": "report-editor/shared-draft",
//! "version": 1, "shared": {…}}`. The file is that JSON; the link puts it, zlib-compressed
//! and base64url-encoded, in the URL fragment after [`LINK_MARK`] (a fragment never reaches
//! a server). Every size is checked before the work: the link's length, then inflation is
//! capped at [`MAX_SHARED_BYTES`] while it runs, so a compressed bomb stops early.
//!
//! Merging: every hand-off records a [`Checkpoint`] (the values as sent) in the draft on
//! both sides. When a draft of the same lineage comes back, the newest checkpoint both
//! sides have is the common ancestor: a field changed on one side only is taken, a field
//! changed on both sides differently is a conflict. Without a common checkpoint every
//! difference is a conflict. [`plan_merge`] finds the ancestor and merges; once each
//! conflict is decided, [`finish_merge`] writes the merged draft (values, who changed
//! what, lineage, checkpoints, completion). [`import_as_new`] is the other choice: the
//! received draft as a new draft. Cases in `tests/fixtures/merge.txt` and
//! `tests/fixtures/merge-decisions.txt`.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use serde::{Deserialize, Serialize};

pub use crate::checkpoint::{Checkpoint, FieldStates};
use crate::draft::{Draft, TemplateRef};
use crate::envelope::read_envelope;
use crate::model::Template;
use crate::values::{Value, Values};
use crate::ReadError;

pub const SHARED_FORMAT: &str = "report-editor/shared-draft";
/// What precedes the payload in a share link's fragment: `…/#d=<payload>`.
pub const LINK_MARK: &str = "#d=";
/// Largest draft file, and largest draft a link may inflate to: 8 MiB.
pub const MAX_SHARED_BYTES: usize = crate::limits::MAX_DRAFT_FILE_BYTES;
/// Longest share link payload read (a link is refused before decoding past this).
pub const MAX_LINK_CHARS: usize = crate::limits::MAX_LINK_CHARS;
/// Above this many characters a link is likely cut by chat apps: the file is recommended.
pub const LINK_RECOMMEND_FILE_ABOVE: usize = 32_000;
/// Hand-off checkpoints a draft keeps (the newest).
pub const MAX_CHECKPOINTS: usize = 8;

/// How many of `template`'s fields are filled in `state` (N/A counts, an unticked box does
/// not: [`Value::counts_as_filled`]). A draft's `filled` is this.
pub fn count_filled(template: &Template, state: &FieldStates) -> usize {
    template
        .fields()
        .iter()
        .filter(|f| state.get(&f.name).is_some())
        .count()
}

/// A draft as handed to another lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// Shared by every copy of one report, wherever it travelled.
    pub lineage: String,
    pub name: String,
    /// Who sent it.
    #[serde(default)]
    pub lead: String,
    pub template: TemplateRef,
    /// A custom template's text (built-ins travel by id and hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_source: Option<String>,
    pub state: FieldStates,
    /// Who last changed each field.
    #[serde(default)]
    pub changed_by: BTreeMap<String, String>,
    /// Hand-offs so far, oldest first; the last is this hand-off.
    #[serde(default)]
    pub checkpoints: Vec<Checkpoint>,
    /// Computed fields the sender overrode.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub overrides: BTreeSet<String>,
    /// Where each imported value came from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, crate::import::Source>,
}

impl Shared {
    /// A first hand-off of `values` (a pipeline's pre-filled draft): a new lineage whose
    /// only checkpoint is this hand-off.
    pub fn start(
        template: TemplateRef,
        template_source: Option<String>,
        values: &Values,
        name: String,
        lead: String,
        lineage: String,
        checkpoint: String,
    ) -> Shared {
        let mut state = FieldStates::default();
        let mut changed_by = BTreeMap::new();
        for (field, v) in values.iter() {
            state.set(field, Some(v.clone()));
            changed_by.insert(field.clone(), lead.clone());
        }
        Shared {
            lineage,
            name,
            lead,
            template_source: match template {
                TemplateRef::Custom { .. } => template_source,
                TemplateRef::Builtin { .. } => None,
            },
            template,
            checkpoints: vec![Checkpoint {
                id: checkpoint,
                state: state.clone(),
            }],
            state,
            changed_by,
            overrides: BTreeSet::new(),
            sources: BTreeMap::new(),
        }
    }

    /// The same hand-off, carrying which computed fields were overridden and where
    /// imported values came from.
    pub fn with_provenance(
        mut self,
        overrides: BTreeSet<String>,
        sources: BTreeMap<String, crate::import::Source>,
    ) -> Shared {
        self.overrides = overrides;
        self.sources = sources;
        self
    }

    /// The draft file's text.
    pub fn to_file(&self) -> String {
        crate::envelope::envelope(SHARED_FORMAT, "shared", self)
    }

    /// Reads a draft file, refusing one over [`MAX_SHARED_BYTES`] before parsing it.
    pub fn from_file(text: &str) -> Result<Shared, ReadError> {
        crate::limits::check_draft_file_size(text.len()).map_err(ReadError)?;
        let s: Shared = read_envelope(text, SHARED_FORMAT, "shared", "a shared draft")?;
        s.check()?;
        Ok(s)
    }

    /// A share link: `base_url` (its own fragment dropped) + [`LINK_MARK`] + the payload.
    pub fn to_link(&self, base_url: &str) -> String {
        let base = base_url.split('#').next().unwrap_or_default();
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(self.to_file().as_bytes(), 9);
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed);
        format!("{base}{LINK_MARK}{payload}")
    }

    /// Reads a share link, or just its fragment (`#d=…`), checking each size first.
    pub fn from_link(link: &str) -> Result<Shared, ReadError> {
        let at = link
            .find(LINK_MARK)
            .ok_or_else(|| ReadError("this is not a share link: it has no `#d=` part".into()))?;
        let payload = link[at + LINK_MARK.len()..].trim();
        if payload.len() > MAX_LINK_CHARS {
            return Err(ReadError(format!(
                "the share link is {} characters long, over the {}-character limit for share links",
                crate::limits::count(payload.len()),
                crate::limits::count(MAX_LINK_CHARS)
            )));
        }
        let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| {
                ReadError(
                    "the share link is damaged (it is not valid base64url; was it cut short or edited?)"
                        .into(),
                )
            })?;
        let bytes =
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_SHARED_BYTES)
                .map_err(|e| {
                    ReadError(match e.status {
                        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                            "the share link unpacks to more than {}, the limit for draft files; it was not opened",
                            crate::limits::size(MAX_SHARED_BYTES)
                        ),
                        _ => "the share link is damaged (its compressed data does not check out; was it cut short or edited?)".into(),
                    })
                })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ReadError("the share link is damaged (not UTF-8 text)".into()))?;
        Shared::from_file(&text)
    }

    /// Checks what serde cannot: an embedded template matches its hash, and sizes.
    fn check(&self) -> Result<(), ReadError> {
        if let (TemplateRef::Custom { hash }, Some(source)) =
            (&self.template, &self.template_source)
        {
            crate::limits::check_template_size(source.len()).map_err(ReadError)?;
            if &crate::content_hash(source) != hash {
                return Err(ReadError(
                    "the shared draft's template does not match its hash; the file was changed or damaged"
                        .into(),
                ));
            }
        }
        let states = std::iter::once(&self.state).chain(self.checkpoints.iter().map(|c| &c.state));
        for state in states {
            for (name, v) in state.values.iter() {
                crate::limits::check_value(name, v).map_err(ReadError)?;
            }
        }
        if matches!(self.template, TemplateRef::Custom { .. }) && self.template_source.is_none() {
            return Err(ReadError(
                "the shared draft names a custom template but does not carry it".into(),
            ));
        }
        Ok(())
    }

    /// The newest checkpoint id this and `ours` both have.
    pub fn common_checkpoint<'a>(&'a self, ours: &[Checkpoint]) -> Option<&'a Checkpoint> {
        let mine: BTreeSet<&str> = ours.iter().map(|c| c.id.as_str()).collect();
        self.checkpoints
            .iter()
            .rev()
            .find(|c| mine.contains(c.id.as_str()))
    }
}

/// Adds a checkpoint, keeping the newest [`MAX_CHECKPOINTS`].
pub fn push_checkpoint(list: &mut Vec<Checkpoint>, c: Checkpoint) {
    list.retain(|x| x.id != c.id);
    list.push(c);
    if list.len() > MAX_CHECKPOINTS {
        let extra = list.len() - MAX_CHECKPOINTS;
        list.drain(..extra);
    }
}

/// One field both sides changed differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: String,
    pub ancestor: Option<Value>,
    pub mine: Option<Value>,
    pub theirs: Option<Value>,
}

/// The result of a three-way merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merge {
    /// Mine with every one-sided change of theirs applied; conflicting fields keep mine
    /// until decided.
    pub merged: FieldStates,
    /// Fields taken from theirs (changed on their side only).
    pub taken: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

/// Merges `theirs` into `mine` field by field against `ancestor` (none: every difference
/// is a conflict). `fields` are the template's field names, in order.
pub fn merge<'a>(
    ancestor: Option<&FieldStates>,
    mine: &FieldStates,
    theirs: &FieldStates,
    fields: impl IntoIterator<Item = &'a str>,
) -> Merge {
    let mut out = Merge {
        merged: mine.clone(),
        ..Merge::default()
    };
    for name in fields {
        let (m, t) = (mine.get(name), theirs.get(name));
        if m == t {
            continue;
        }
        let a = ancestor.map(|a| a.get(name));
        match a {
            Some(a) if a == m => {
                out.merged.set(name, t);
                out.taken.push(name.to_string());
            }
            Some(a) if a == t => {}
            a => out.conflicts.push(Conflict {
                field: name.to_string(),
                ancestor: a.flatten(),
                mine: m,
                theirs: t,
            }),
        }
    }
    out
}

/// A merge of a received draft into one of mine, before its conflicts are decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePlan {
    /// Mine with their one-sided changes, what was taken, and the conflicts to decide.
    pub merge: Merge,
    /// Merged against a common checkpoint (same lineage and a hand-off both sides have);
    /// without one every difference is a conflict.
    pub with_ancestor: bool,
}

/// Plans merging `theirs` into `mine` (same lineage: three-way against the newest common
/// checkpoint; otherwise every difference is a conflict), field by field over
/// `template`'s fields.
pub fn plan_merge(mine: &Draft, theirs: &Shared, template: &Template) -> MergePlan {
    let ancestor = if mine.lineage() == theirs.lineage {
        theirs
            .common_checkpoint(&mine.checkpoints)
            .map(|c| &c.state)
    } else {
        None
    };
    let names = template.fields().iter().map(|f| f.name.as_str());
    MergePlan {
        merge: merge(ancestor, &mine.state(), &theirs.state, names),
        with_ancestor: ancestor.is_some(),
    }
}

/// Why [`finish_merge`] wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// `left` conflicts have no decision yet.
    Undecided { left: usize },
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Undecided { left } => {
                write!(f, "decide every conflict first ({left} left)")
            }
        }
    }
}

impl std::error::Error for MergeError {}

/// The merged draft: mine with their one-sided changes and each conflict decided
/// (`decided[i]` for `plan.merge.conflicts[i]`: `Some(value)`, where a value of `None`
/// clears the field; `None` or a missing entry is undecided, and nothing is merged).
///
/// Who changed each field: for a field taken from them, their author (none if they have
/// none); for a conflict decided as theirs, their author; decided as neither side, `me`
/// (trimmed) unless it is blank; otherwise unchanged. The draft joins their lineage when
/// it had none or another, gets their checkpoints (the newest [`MAX_CHECKPOINTS`] kept),
/// and `filled` is recounted ([`count_filled`]). Revision and `updated_ms` are left to
/// the save.
pub fn finish_merge(
    mine: &Draft,
    theirs: &Shared,
    template: &Template,
    plan: &MergePlan,
    decided: &[Option<Option<Value>>],
    me: &str,
) -> Result<Draft, MergeError> {
    let conflicts = &plan.merge.conflicts;
    let left = (0..conflicts.len())
        .filter(|&i| !matches!(decided.get(i), Some(Some(_))))
        .count();
    if left > 0 {
        return Err(MergeError::Undecided { left });
    }
    let mut draft = mine.clone();
    let mut state = plan.merge.merged.clone();
    for name in &plan.merge.taken {
        set_author(&mut draft, name, theirs.changed_by.get(name).cloned());
        take_provenance(&mut draft, theirs, name);
    }
    let me = me.trim();
    for (c, v) in conflicts.iter().zip(decided.iter().flatten()) {
        let by = if *v == c.theirs && *v != c.mine {
            take_provenance(&mut draft, theirs, &c.field);
            theirs.changed_by.get(&c.field).cloned()
        } else if *v != c.mine && !me.is_empty() {
            Some(me.to_string())
        } else {
            draft.changed_by.get(&c.field).cloned()
        };
        set_author(&mut draft, &c.field, by);
        state.set(&c.field, v.clone());
    }
    draft.filled = count_filled(template, &state);
    draft.values = state.values;
    draft.na = state.na;
    if draft.lineage().is_empty() || draft.lineage() != theirs.lineage {
        // Merged without shared history: it joins their lineage from now on.
        draft.lineage = theirs.lineage.clone();
    }
    for c in &theirs.checkpoints {
        push_checkpoint(&mut draft.checkpoints, c.clone());
    }
    Ok(draft)
}

/// A field's value was taken from them: so are its source and whether it is overridden.
fn take_provenance(draft: &mut Draft, theirs: &Shared, field: &str) {
    match theirs.sources.get(field) {
        Some(s) => draft.sources.insert(field.to_string(), s.clone()),
        None => draft.sources.remove(field),
    };
    if theirs.overrides.contains(field) {
        draft.overrides.insert(field.to_string());
    } else {
        draft.overrides.remove(field);
    }
}

fn set_author(draft: &mut Draft, field: &str, by: Option<String>) {
    match by {
        Some(by) => draft.changed_by.insert(field.to_string(), by),
        None => draft.changed_by.remove(field),
    };
}

/// A new draft holding a received draft ("import as new"): its values, N/A marks, lineage,
/// who changed what, checkpoints and template reference, `filled` counted over
/// `template`. The name is theirs, or "NAME (from LEAD)" when `name_taken` (one of mine
/// has it) and they have a lead.
pub fn import_as_new(
    theirs: &Shared,
    template: &Template,
    id: String,
    now_ms: u64,
    name_taken: bool,
) -> Draft {
    let name = if name_taken && !theirs.lead.is_empty() {
        format!("{} (from {})", theirs.name, theirs.lead)
    } else {
        theirs.name.clone()
    };
    let mut draft = Draft::new(id, &theirs.template.key(), template, name, now_ms);
    draft.template = theirs.template.clone();
    draft.values = theirs.state.values.clone();
    draft.na = theirs.state.na.clone();
    draft.lineage = theirs.lineage.clone();
    draft.changed_by = theirs.changed_by.clone();
    draft.checkpoints = theirs.checkpoints.clone();
    draft.overrides = theirs.overrides.clone();
    draft.sources = theirs.sources.clone();
    draft.filled = count_filled(template, &theirs.state);
    draft
}
