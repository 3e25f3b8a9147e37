//! Receiving a draft from another lead: a share link (the page's `#d=` fragment) or a draft
//! file (picked or dropped). Nothing is written until the person chooses: import it as a
//! new draft, or merge it into a draft of the same report (the merge rules are the
//! engine's: `share::plan_merge` and `share::finish_merge`). Conflicts are decided one by
//! one before anything is saved.
//!
//! The steps here are plain functions over the storage port, tested natively on the
//! in-memory store; `view` is the panel.

mod view;

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::share::{self, MergePlan, Shared};
use report_engine::{Draft, DraftIndex, Template, TemplateRef, Value};

use crate::app_state::{AppState, Incoming};
use crate::browser::{self, FileHandle};
use crate::store::drafts::{self, SaveError};
use crate::store::{self, Store};
use report_engine::library::{custom_key, display_name, StoredTemplate};

pub use view::IncomingPanel;

/// Reads a share link in the page's address, if any, and clears it from the address bar
/// (so a reload does not offer it again).
pub fn receive_link(app: AppState) {
    let Some(hash) = browser::location_hash() else {
        return;
    };
    if !hash.starts_with(share::LINK_MARK) {
        return;
    }
    browser::clear_location_hash();
    match Shared::from_link(&hash) {
        Ok(s) => app.incoming.set(Some(Incoming {
            shared: Arc::new(s),
            source: "a share link".into(),
        })),
        Err(e) => app.handoff_note.set(format!(
            "The share link could not be opened: {e}. Nothing was changed."
        )),
    }
}

/// Reads a draft file (picked or dropped).
pub fn open_file(app: AppState, file: FileHandle) {
    let name = file.name();
    if let Err(e) = report_engine::limits::check_draft_file_size(file.size()) {
        app.handoff_note
            .set(format!("“{name}” was not opened: {e}."));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = file.read_text().await;
        match text.and_then(|t| Shared::from_file(&t).map_err(|e| e.to_string())) {
            Ok(s) => {
                app.handoff_note.set(String::new());
                app.incoming.set(Some(Incoming {
                    shared: Arc::new(s),
                    source: format!("“{name}”"),
                }))
            }
            Err(e) => app.handoff_note.set(format!(
                "“{name}” could not be opened as a draft file: {e}. Nothing was changed."
            )),
        }
    });
}

/// The template a shared draft fills.
#[derive(Debug)]
pub struct Found {
    /// The key it opens under (a built-in's id, or `custom:<hash>`).
    pub key: String,
    pub template: Template,
    /// Your templates did not read and were set aside on the way (see the message).
    pub notice: Option<String>,
}

/// The template a shared draft fills: a built-in, or its embedded custom template, added
/// to Your templates when `keep` (through the library's owner, so a library that does not
/// read is set aside, never replaced).
pub fn template_of(
    store: &dyn Store,
    s: &Shared,
    keep: bool,
    now_ms: u64,
) -> Result<Found, String> {
    match &s.template {
        TemplateRef::Builtin { id, .. } => crate::catalog()
            .iter()
            .find(|e| e.id == id.as_str())
            .map(|e| Found {
                key: id.clone(),
                template: e.template.clone(),
                notice: None,
            })
            .ok_or_else(|| {
                format!("it uses the built-in template “{id}”, which this editor does not have")
            }),
        TemplateRef::Custom { hash } => {
            let source = s.template_source.clone().unwrap_or_default();
            let template = report_engine::parse(&source);
            report_engine::limits::check_fields(&template).map_err(|e| format!("its {e}"))?;
            let mut notice = None;
            if keep {
                let entry =
                    StoredTemplate::new(display_name(template.title(), None), source, now_ms);
                // Not kept (no storage, storage full): the draft still opens in this tab.
                if let Ok(changed) = store::library::change(store, now_ms, |l| l.add(entry)) {
                    notice = changed.notice;
                }
            }
            Ok(Found {
                key: custom_key(hash),
                template,
                notice,
            })
        }
    }
}

/// Saves `draft` (revision `base + 1`) for a hand-off. A store that is not available is
/// not an error here: the draft opens in this tab only, and the editor says so.
fn store_draft(
    store: &dyn Store,
    index: &mut DraftIndex,
    draft: &mut Draft,
    base: u64,
    now_ms: u64,
) -> Result<(), String> {
    draft.updated_ms = now_ms;
    match drafts::save(store, draft, base, index) {
        Ok(()) | Err(SaveError::Storage(store::StorageError::Unavailable)) => Ok(()),
        Err(SaveError::Storage(e)) => Err(format!("it could not be saved ({e})")),
        Err(SaveError::Newer(_)) => {
            Err("that draft changed meanwhile (another tab?); try again".into())
        }
    }
}

/// A draft ready to open: where its template is, and the draft as stored.
#[derive(Debug)]
pub struct Opened {
    pub found: Found,
    pub draft: Draft,
}

/// Imports a received draft as a new draft `id` and stores it.
pub fn import_as_new(
    store: &dyn Store,
    index: &mut DraftIndex,
    s: &Shared,
    id: String,
    now_ms: u64,
) -> Result<Opened, String> {
    let found = template_of(store, s, true, now_ms)?;
    let name_taken = index.drafts.iter().any(|d| d.name == s.name);
    let mut draft = share::import_as_new(s, &found.template, id, now_ms, name_taken);
    store_draft(store, index, &mut draft, 0, now_ms)?;
    Ok(Opened { found, draft })
}

/// A merge in progress: the draft it goes into and the plan (automatic result and
/// conflicts).
#[derive(Clone, Debug)]
pub struct Pending {
    pub target: Draft,
    pub key: String,
    pub template: Template,
    pub plan: MergePlan,
}

/// Plans merging a received draft into stored draft `target_id`.
pub fn plan(
    store: &dyn Store,
    s: &Shared,
    target_id: &str,
    now_ms: u64,
) -> Result<Pending, String> {
    let target = drafts::read(store, target_id).ok_or("that draft could not be read")?;
    let found = template_of(store, s, true, now_ms)?;
    let plan = share::plan_merge(&target, s, &found.template);
    Ok(Pending {
        target,
        key: found.key,
        template: found.template,
        plan,
    })
}

/// Writes a merge with every conflict decided (`decided[i]` for conflict `i`); `me` is the
/// person's lead name.
pub fn merge(
    store: &dyn Store,
    index: &mut DraftIndex,
    s: &Shared,
    p: &Pending,
    decided: &[Option<Option<Value>>],
    me: &str,
    now_ms: u64,
) -> Result<Draft, String> {
    let mut draft = share::finish_merge(&p.target, s, &p.template, &p.plan, decided, me)
        .map_err(|e| e.to_string())?;
    let base = draft.revision;
    store_draft(store, index, &mut draft, base, now_ms)?;
    Ok(draft)
}

// ---------------------------------------------------------------------------------------
// The same steps wired to the app's signals (what the panel's buttons call).
// ---------------------------------------------------------------------------------------

fn import_new(app: AppState, inc: &Incoming) -> Result<(), String> {
    let (id, now) = (app.new_draft_id(), browser::now_ms());
    let mut result = Err(String::new());
    app.index
        .update(|index| result = import_as_new(app.store(), index, &inc.shared, id, now));
    open(app, result?);
    Ok(())
}

fn start_merge(app: AppState, inc: &Incoming, target_id: &str) -> Result<Pending, String> {
    plan(app.store(), &inc.shared, target_id, browser::now_ms())
}

fn finish(
    app: AppState,
    inc: &Incoming,
    p: Pending,
    decided: &[Option<Option<Value>>],
) -> Result<(), String> {
    let me = app.lead.get_untracked();
    let now = browser::now_ms();
    let mut result = Err(String::new());
    app.index
        .update(|index| result = merge(app.store(), index, &inc.shared, &p, decided, &me, now));
    let draft = result?;
    open(
        app,
        Opened {
            found: Found {
                key: p.key,
                template: p.template,
                notice: None,
            },
            draft,
        },
    );
    Ok(())
}

fn open(app: AppState, opened: Opened) {
    if let Some(notice) = &opened.found.notice {
        browser::set_app_notice(notice);
    }
    app.incoming.set(None);
    app.open_draft(opened.found.key, opened.found.template, opened.draft);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{aside_keys, library, MemoryStore};
    use report_engine::Values;

    const SOURCE: &str = "# Ops\n\nOwner: {{OWNER}}\n\nRisk: {{RISK}}\n";

    fn shared(values: &[(&str, &str)], lineage: &str) -> Shared {
        let mut v = Values::new();
        for (k, x) in values {
            v.set(*k, Value::Text(x.to_string()));
        }
        Shared::start(
            TemplateRef::Custom {
                hash: report_engine::content_hash(SOURCE),
            },
            Some(SOURCE.into()),
            &v,
            "Ops report".into(),
            "QA".into(),
            lineage.into(),
            "c1".into(),
        )
    }

    /// Issue 14's corrupt-library finding, as a new person meets it: the library in
    /// storage does not read, and the first thing the page does is import a shared draft.
    #[test]
    fn a_share_link_first_thing_sets_a_corrupt_library_aside_instead_of_replacing_it() {
        let corrupt = r#"{"version":1,"templates":"oops""#;
        let store = MemoryStore::with(&[(library::KEY, corrupt)]);
        let mut index = DraftIndex::default();
        let s = shared(&[("OWNER", "Ana")], "L1");
        let opened = import_as_new(&store, &mut index, &s, "d1".into(), 42).unwrap();
        assert!(opened
            .found
            .notice
            .as_deref()
            .unwrap()
            .contains("could not be read"));
        assert_eq!(aside_keys(&store), [format!("{}.corrupt-42", library::KEY)]);
        assert_eq!(
            store
                .get(&format!("{}.corrupt-42", library::KEY))
                .unwrap()
                .as_deref(),
            Some(corrupt)
        );
        let lib = library::load(&store, 43).library;
        assert_eq!(lib.len(), 1);
        assert_eq!(lib.templates()[0].source, SOURCE);
        let d = drafts::read(&store, "d1").unwrap();
        assert_eq!(d.values.get("OWNER"), Some(&Value::Text("Ana".into())));
        assert_eq!((d.revision, d.lineage.as_str()), (1, "L1"));
        assert_eq!(
            opened.found.key,
            format!("custom:{}", report_engine::content_hash(SOURCE))
        );
    }

    #[test]
    fn a_draft_of_an_unknown_built_in_is_refused_and_nothing_is_stored() {
        let store = MemoryStore::new();
        let mut s = shared(&[], "L");
        s.template = TemplateRef::Builtin {
            id: "no-such".into(),
            hash: "h".into(),
        };
        let err = import_as_new(&store, &mut DraftIndex::default(), &s, "d".into(), 1).unwrap_err();
        assert!(
            err.contains("“no-such”, which this editor does not have"),
            "{err}"
        );
        assert!(store.snapshot().is_empty());
    }

    #[test]
    fn without_storage_an_import_still_opens() {
        let store = MemoryStore::new();
        store.make_unavailable();
        let s = shared(&[("OWNER", "Ana")], "L");
        let opened = import_as_new(&store, &mut DraftIndex::default(), &s, "d".into(), 1).unwrap();
        assert_eq!(
            opened.draft.values.get("OWNER"),
            Some(&Value::Text("Ana".into()))
        );
    }

    #[test]
    fn a_merge_with_a_conflict_writes_nothing_until_decided() {
        let store = MemoryStore::new();
        let mut index = DraftIndex::default();
        // Mine: imported from their first hand-off, then I changed RISK.
        let first = shared(&[("OWNER", "Ana")], "L");
        let mut mine = import_as_new(&store, &mut index, &first, "d".into(), 1)
            .unwrap()
            .draft;
        mine.values.set("RISK", Value::Text("low".into()));
        drafts::save(&store, &mut mine, 1, &mut index).unwrap();
        // Theirs: from the same hand-off, they changed RISK too, and OWNER.
        let mut theirs = shared(&[("OWNER", "Bo"), ("RISK", "high")], "L");
        theirs.checkpoints.insert(0, first.checkpoints[0].clone());
        theirs.checkpoints[1].id = "c2".into();
        let p = plan(&store, &theirs, "d", 2).unwrap();
        assert!(p.plan.with_ancestor);
        assert_eq!(p.plan.merge.taken, ["OWNER"]);
        assert_eq!(p.plan.merge.conflicts.len(), 1);
        let writes = store.writes();
        let err = merge(&store, &mut index, &theirs, &p, &[None], "me", 3).unwrap_err();
        assert!(err.starts_with("decide every conflict first"), "{err}");
        assert_eq!(store.writes(), writes, "nothing written");
        let decided = [Some(Some(Value::Text("medium".into())))];
        let merged = merge(&store, &mut index, &theirs, &p, &decided, " me ", 3).unwrap();
        let stored = drafts::read(&store, "d").unwrap();
        assert_eq!(stored, merged);
        assert_eq!(stored.revision, 3);
        assert_eq!(stored.values.get("OWNER"), Some(&Value::Text("Bo".into())));
        assert_eq!(
            stored.values.get("RISK"),
            Some(&Value::Text("medium".into()))
        );
        assert_eq!(
            stored.changed_by.get("RISK").map(String::as_str),
            Some("me")
        );
        assert_eq!(
            stored.changed_by.get("OWNER").map(String::as_str),
            Some("QA")
        );
    }
}
