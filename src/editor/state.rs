//! The editor's state: one set of signals per field, so editing one field re-runs only
//! what reads that field (its error, its section's progress, the preview chunks using it).

use std::sync::Arc;

use leptos::prelude::*;
use report_engine::compute::{self, Waiting};
use report_engine::import::Source;
use report_engine::{Field, Kind, ProblemKind, Template, Value, Values};

use super::history::{History, Snapshot};
use super::lazy::Lazy;
use crate::Doc;

/// Where every change to a field goes: the undo history, and a change counter that
/// autosave watches. Copy, so each field carries it.
#[derive(Clone, Copy)]
pub struct Edits {
    history: StoredValue<History>,
    /// The lead name set in the app: recorded as who changed a field.
    pub lead: RwSignal<String>,
    /// Bumped by every change (edits, undo, redo, values replaced from another tab).
    pub changes: RwSignal<u64>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// Effects not started yet (see [`Edits::start_effects`]).
    pending: StoredValue<Pending>,
}

/// The editor's bookkeeping and computed-field effects, kept until the first screen is
/// shown, with the owner they belong to.
#[derive(Default)]
struct Pending {
    owner: Option<Owner>,
    work: Vec<Deferred>,
}

/// Making an effect, kept for later.
type Deferred = Box<dyn FnOnce() + Send + Sync>;

impl Edits {
    fn new(lead: RwSignal<String>) -> Self {
        Edits {
            history: StoredValue::new(History::default()),
            lead,
            changes: RwSignal::new(0),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            pending: StoredValue::new(Pending::default()),
        }
    }

    /// Starts the effects that keep the books (each field's part in the filled count, the
    /// problem list and the preview) and write computed fields. Until then the counts and
    /// the problem list are those the state was made with. The editor starts them when the
    /// page is next idle after its first screen, so that screen waits for none of the 500
    /// or so effects of a large report; the first change starts them at once if it comes
    /// sooner. A change made before they start is caught up on their first run. Runs once;
    /// does nothing after the editor is gone.
    pub fn start_effects(&self) {
        let Some(Pending { owner, work }) = self.pending.try_update_value(std::mem::take) else {
            return;
        };
        let start = move || work.into_iter().for_each(|start| start());
        match owner {
            Some(owner) => owner.with(start),
            None => start(),
        }
    }

    fn record(&self, field: usize, before: Snapshot, after: Snapshot) {
        let now = crate::browser::now_ms() as f64;
        self.history
            .update_value(|h| h.record(field, before, after, now));
        self.changed();
    }

    /// Counts a change and refreshes the undo/redo availability.
    pub fn changed(&self) {
        self.start_effects();
        self.changes.update(|n| *n += 1);
        let (u, r) = self.history.with_value(|h| (h.can_undo(), h.can_redo()));
        if self.can_undo.get_untracked() != u {
            self.can_undo.set(u);
        }
        if self.can_redo.get_untracked() != r {
            self.can_redo.set(r);
        }
    }

    /// Takes one step back; returns the field it changed.
    pub fn undo(&self, fields: &[FieldState]) -> Option<usize> {
        self.step(fields, History::undo)
    }

    /// Re-does one undone step; returns the field it changed.
    pub fn redo(&self, fields: &[FieldState]) -> Option<usize> {
        self.step(fields, History::redo)
    }

    fn step(
        &self,
        fields: &[FieldState],
        take: fn(&mut History) -> Option<super::history::Restore>,
    ) -> Option<usize> {
        let changes = self.history.try_update_value(take).flatten()?;
        for (i, snap) in &changes {
            if let Some(field) = fields.get(*i) {
                field.restore(snap.clone());
                field.mark_changed_by_me();
            }
        }
        self.changed();
        changes.first().map(|(i, _)| *i)
    }

    /// Sets several fields at once as one undo step (an import, a pasted block), clearing
    /// their N/A marks. Values over the size limit are not taken.
    pub fn set_all(&self, fields: &[FieldState], values: Vec<(usize, Value)>) {
        self.change_all(fields, values, |field, v| {
            if report_engine::limits::check_value("this field", &v).is_err() {
                return false;
            }
            if field.na.get_untracked() {
                field.na.set(false);
            }
            field.value.set(v);
            true
        });
    }

    /// Marks or unmarks N/A on several fields as one undo step (a table row's N/A box).
    pub fn set_na_all(&self, fields: &[FieldState], which: &[usize], na: bool) {
        self.change_all(fields, which.iter().map(|&i| (i, na)), |field, na| {
            let changes = field.na.get_untracked() != na;
            if changes {
                field.na.set(na);
            }
            changes
        });
    }

    /// Applies `apply` to each listed field (false: it took nothing) and records what changed
    /// as one undo step.
    fn change_all<T>(
        &self,
        fields: &[FieldState],
        items: impl IntoIterator<Item = (usize, T)>,
        apply: impl Fn(&FieldState, T) -> bool,
    ) {
        let mut changes = Vec::new();
        for (i, item) in items {
            let Some(field) = fields.get(i) else { continue };
            let before = field.snapshot_untracked();
            if apply(field, item) {
                field.mark_changed_by_me();
                changes.push((i, before, field.snapshot_untracked()));
            }
        }
        let now = crate::browser::now_ms() as f64;
        self.history.update_value(|h| h.record_all(changes, now));
        self.changed();
    }

    /// Forgets the history (the values were replaced from elsewhere). Not a change: the
    /// replaced values are already stored.
    pub fn clear(&self) {
        self.history.update_value(History::clear);
        self.can_undo.set(false);
        self.can_redo.set(false);
    }
}

/// One field's signals.
#[derive(Clone, Copy)]
pub struct FieldState {
    pub index: usize,
    pub edits: Edits,
    /// The value as edited: text, checkbox state or rows. N/A is kept apart in `na` so
    /// un-ticking N/A brings the old value back.
    pub value: RwSignal<Value>,
    pub na: RwSignal<bool>,
    /// Set when the field loses focus; errors show from then on.
    pub touched: RwSignal<bool>,
    /// The lead who last changed it, if known.
    pub by: RwSignal<Option<String>>,
    /// The field's problem, if any (recomputed only when this field changes).
    pub problem: Memo<Option<(ProblemKind, String)>>,
    /// A computed field the person chose to type instead (kept in the draft).
    pub overridden: RwSignal<bool>,
    /// For a computed field: its value from its inputs, or why it has none yet. Re-run only
    /// when one of its inputs changes.
    pub computed: Option<Memo<Result<Value, Waiting>>>,
    /// Where an imported value came from (shown while the value is still the imported one).
    pub source: RwSignal<Option<Source>>,
    /// Bumped when the preview must render this field's chunks again: its value stopped or
    /// started being plain text, or changed while not plain. A plain value changing for
    /// another is written where it shows instead (see `editor::preview`).
    pub shape: RwSignal<u32>,
}

impl FieldState {
    /// The value as the engine sees it: N/A, or the edited value.
    pub fn effective(&self) -> Value {
        if self.na.get() {
            Value::NotApplicable
        } else {
            self.value.get()
        }
    }

    pub fn effective_untracked(&self) -> Value {
        if self.na.get_untracked() {
            Value::NotApplicable
        } else {
            self.value.get_untracked()
        }
    }

    pub fn snapshot_untracked(&self) -> Snapshot {
        Snapshot {
            value: self.value.get_untracked(),
            na: self.na.get_untracked(),
        }
    }

    /// Sets the value, recording the change for undo and autosave. A value over the size
    /// limit is not taken (see [`FieldState::within_limit`]).
    pub fn set_value(&self, v: Value) {
        if !self.within_limit(&v) {
            return;
        }
        let before = self.snapshot_untracked();
        self.value.set(v);
        self.recorded(before);
    }

    /// Changes the value, recording the change; like [`FieldState::set_value`] it takes
    /// nothing over the size limit.
    pub fn update_value(&self, f: impl FnOnce(&mut Value)) {
        let mut v = self.value.get_untracked();
        f(&mut v);
        self.set_value(v);
    }

    /// True when `v` is within [`report_engine::limits::MAX_VALUE_BYTES`]. Otherwise the
    /// control is put back to the value kept (its signal is notified unchanged) and the
    /// app notice names the limit.
    fn within_limit(&self, v: &Value) -> bool {
        match report_engine::limits::check_value("this field", v) {
            Ok(()) => true,
            Err(e) => {
                self.value.update(|_| {});
                crate::browser::set_app_notice(&format!("Not taken: {e}."));
                false
            }
        }
    }

    /// Marks or unmarks N/A, recording the change.
    pub fn set_na(&self, na: bool) {
        let before = self.snapshot_untracked();
        self.na.set(na);
        self.recorded(before);
    }

    fn recorded(&self, before: Snapshot) {
        self.mark_changed_by_me();
        self.edits
            .record(self.index, before, self.snapshot_untracked());
    }

    /// Records the app's lead name as who changed this field (nothing when it is unset).
    pub fn mark_changed_by_me(&self) {
        // On every keystroke: compare in place, allocate only when the name changes.
        let changed = self.edits.lead.with_untracked(|lead| {
            let lead = lead.trim();
            (!lead.is_empty() && self.by.with_untracked(|b| b.as_deref() != Some(lead)))
                .then(|| lead.to_string())
        });
        if let Some(lead) = changed {
            self.by.set(Some(lead));
        }
    }

    /// Puts back a state (undo, redo, values from elsewhere) without recording it.
    pub fn restore(&self, snap: Snapshot) {
        if self.na.get_untracked() != snap.na {
            self.na.set(snap.na);
        }
        if self.value.with_untracked(|v| *v != snap.value) {
            self.value.set(snap.value);
        }
    }

    /// True when the value counts as filled (N/A counts).
    pub fn filled(&self) -> bool {
        self.na.get() || self.value.with(Value::counts_as_filled)
    }

    pub fn filled_untracked(&self) -> bool {
        self.na.get_untracked() || self.value.with_untracked(Value::counts_as_filled)
    }
}

/// Everything the editor components share, provided as context.
#[derive(Clone)]
pub struct EditorState {
    pub doc: Arc<Doc>,
    pub edits: Edits,
    pub fields: Arc<Vec<FieldState>>,
    /// After an attempt to download the report, every error shows, touched or not.
    pub show_all_errors: RwSignal<bool>,
    /// Per section index: (filled, total) over the fields whose first use is there.
    pub progress: Arc<Vec<RwSignal<(usize, usize)>>>,
    /// Filled fields in all.
    pub filled: RwSignal<usize>,
    /// Indices of fields with a problem, in template order.
    pub problems: RwSignal<Vec<usize>>,
    /// The form's sections that have fields: (section index, its fields), in order. Each is
    /// a part of `form`.
    pub sections: Arc<Vec<(usize, Vec<usize>)>>,
    /// Per field: the position of its section in `sections`.
    pub part: Arc<Vec<usize>>,
    /// The form's sections, made near the viewport (see [`super::lazy`]).
    pub form: Lazy,
    /// The preview's chunks, likewise.
    pub preview: Lazy,
    /// The template's tables of placeholders, edited as tables.
    pub tables: Arc<report_engine::tables::FormTables>,
}

impl EditorState {
    pub fn new(doc: Arc<Doc>, lead: RwSignal<String>) -> Self {
        let t = &doc.template;
        let defaults = Values::defaults(t);
        let typed_over = compute::typed_over(t, &doc.draft.effective_values());
        let edits = Edits::new(lead);
        let fields: Vec<FieldState> = t
            .fields()
            .iter()
            .enumerate()
            .map(|(index, f)| {
                let saved = doc.draft.values.get(&f.name);
                let value = RwSignal::new(match saved {
                    Some(v) if *v != Value::NotApplicable => initial_value(f, Some(v)),
                    _ => initial_value(f, defaults.get(&f.name)),
                });
                let na = RwSignal::new(
                    doc.draft.na.contains(&f.name)
                        || matches!(saved, Some(Value::NotApplicable))
                        || (doc.draft.revision == 0
                            && matches!(defaults.get(&f.name), Some(Value::NotApplicable))),
                );
                let touched = RwSignal::new(false);
                let by = RwSignal::new(doc.draft.changed_by.get(&f.name).cloned());
                // A stored value its formula would not give was typed by hand: kept as an
                // override the person can reset, never replaced silently.
                let overridden = RwSignal::new(
                    doc.draft.overrides.contains(&f.name) || typed_over.contains(&f.name),
                );
                let source = RwSignal::new(doc.draft.sources.get(&f.name).cloned());
                let field = f.clone();
                let problem = Memo::new(move |_| {
                    let v = if na.get() {
                        Value::NotApplicable
                    } else {
                        value.get()
                    };
                    report_engine::check(&field, Some(&v))
                });
                FieldState {
                    index,
                    edits,
                    value,
                    na,
                    touched,
                    by,
                    problem,
                    overridden,
                    computed: None,
                    source,
                    shape: RwSignal::new(0),
                }
            })
            .collect();
        let fields = Arc::new(computed_memos(&doc, fields));

        let mut by_section: Vec<Vec<usize>> = vec![Vec::new(); t.sections().len()];
        for (i, f) in t.fields().iter().enumerate() {
            if let Some(list) = by_section.get_mut(f.section) {
                list.push(i);
            }
        }
        let sections: Vec<(usize, Vec<usize>)> = by_section
            .iter()
            .enumerate()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(si, ids)| (si, ids.clone()))
            .collect();
        let mut part = vec![0; t.fields().len()];
        for (p, (_, ids)) in sections.iter().enumerate() {
            for &i in ids {
                part[i] = p;
            }
        }
        let tables = report_engine::tables::form_tables(t);
        // A section's estimated height: its heading, its fields' rows and its tables' rows.
        let height = |ids: &[usize]| {
            let mut seen = std::collections::BTreeSet::new();
            56.0 + ids
                .iter()
                .map(|&i| match tables.table_of[i] {
                    Some(k) if seen.insert(k) => 60.0 + 48.0 * tables.tables[k].rows.len() as f64,
                    Some(_) => 0.0,
                    None => field_height(&t.fields()[i]),
                })
                .sum::<f64>()
        };
        let form = Lazy::new(
            "#form",
            sections.iter().map(|(_, ids)| ids.len()).collect(),
            sections.iter().map(|(_, ids)| height(ids)).collect(),
            true,
        );
        let preview = Lazy::new(
            "#preview .report",
            t.chunks().iter().map(|c| c.fields.len()).collect(),
            (0..t.chunks().len())
                .map(|c| 24.0 * t.chunk_lines(c) as f64)
                .collect(),
            false,
        );
        // Progress and problems are kept up to date by one effect per field that acts only
        // when that field becomes filled or empty, or its problem appears or goes: a
        // keystroke costs one field's checks, not a pass over a section or over every field
        // (memos over all of them re-checked every source on every change).
        let counted: Vec<(bool, bool)> = fields
            .iter()
            .map(|f| {
                (
                    f.filled_untracked(),
                    f.problem.with_untracked(Option::is_some),
                )
            })
            .collect();
        let progress: Vec<RwSignal<(usize, usize)>> = by_section
            .iter()
            .map(|ids| {
                let filled = ids.iter().filter(|&&i| counted[i].0).count();
                RwSignal::new((filled, ids.len()))
            })
            .collect();
        let filled_total = RwSignal::new(counted.iter().filter(|c| c.0).count());
        let problems = RwSignal::new(
            counted
                .iter()
                .enumerate()
                .filter(|(_, c)| c.1)
                .map(|(i, _)| i)
                .collect::<Vec<usize>>(),
        );
        let mut chunks_of: Vec<Vec<usize>> = vec![Vec::new(); t.fields().len()];
        for (c, chunk) in t.chunks().iter().enumerate() {
            for &i in &chunk.fields {
                chunks_of[i].push(c);
            }
        }
        let mut deferred = computed_effects(&doc, &fields);
        for (i, f) in fields.iter().enumerate() {
            let f = *f;
            let section = progress.get(t.fields()[i].section).copied();
            let first = counted[i];
            // Kept until the first run only.
            let mut made_with = Some(f.snapshot_untracked());
            let in_place = writable_in_place(t, i);
            let computed = t.fields()[i].compute.is_some();
            let chunks = if in_place {
                std::mem::take(&mut chunks_of[i])
            } else {
                Vec::new()
            };
            // One effect per field keeps the books: filled count, problem list, and what the
            // preview must do about the new value.
            deferred.push(Box::new(move || {
                Effect::new(move |before: Option<(bool, bool, bool)>| {
                    let problem = f.problem.with(|p| p.as_ref().map(|(k, _)| *k));
                    let now = (f.filled(), problem.is_some());
                    let plain = (in_place && problem != Some(ProblemKind::Invalid) && !f.na.get())
                        .then(|| f.value.with(report_engine::plain_inline))
                        .flatten();
                    // The first run compares with what was counted when the state was made. A
                    // computed field may have its value by then, and any field may have been
                    // edited since (the effects start after the first screen): the preview may
                    // show an older value in either case, so their chunks render again.
                    let edited = made_with.take().is_some_and(|m| {
                        f.na.with_untracked(|na| *na != m.na)
                            || f.value.with_untracked(|v| *v != m.value)
                    });
                    let first_run = before.is_none() && !edited;
                    let (was_filled, was_listed, was_plain) =
                        before.unwrap_or((first.0, first.1, !computed && !edited));
                    if now.0 != was_filled {
                        let step = |n: &mut usize| {
                            if now.0 {
                                *n += 1
                            } else {
                                *n = n.saturating_sub(1)
                            }
                        };
                        if let Some(section) = section {
                            section.update(|(n, _)| step(n));
                        }
                        filled_total.update(step);
                    }
                    if now.1 != was_listed {
                        problems.update(|p| match (now.1, p.binary_search(&i)) {
                            (true, Err(at)) => p.insert(at, i),
                            (false, Ok(at)) => {
                                p.remove(at);
                            }
                            _ => {}
                        });
                    }
                    match (&plain, was_plain) {
                        (Some(_), true) if first_run => {}
                        (Some(text), true) => {
                            crate::browser::set_preview_text(&chunks, i, text);
                        }
                        _ if first_run && !computed => {}
                        _ => f.shape.update(|n| *n = n.wrapping_add(1)),
                    }
                    (now.0, now.1, plain.is_some())
                });
            }));
        }
        edits.pending.set_value(Pending {
            owner: Owner::current(),
            work: deferred,
        });
        EditorState {
            doc,
            edits,
            fields,
            show_all_errors: RwSignal::new(false),
            progress: Arc::new(progress),
            filled: filled_total,
            problems,
            sections: Arc::new(sections),
            part: Arc::new(part),
            form,
            preview,
            tables: Arc::new(tables),
        }
    }

    /// For a field whose input is in a table of placeholders: the input's name, from its
    /// row and column ("GET /api/v1/agents, p95, ms").
    pub fn table_label(&self, i: usize) -> Option<String> {
        let table = &self.tables.tables[self.tables.table_of.get(i).copied().flatten()?];
        table.rows.iter().enumerate().find_map(|(r, row)| {
            row.iter().enumerate().find_map(|(c, cell)| {
                cell.contains(&report_engine::tables::Part::Field {
                    index: i,
                    first: true,
                })
                .then(|| table.input_label(self.template(), r, c, i))
            })
        })
    }

    /// Focuses field `i`'s control, making its section first if it is not there yet.
    pub fn focus_field(&self, i: usize) {
        let made = self.part.get(i).is_none_or(|&p| self.form.reveal(p));
        if made {
            crate::browser::focus_field(i);
        } else {
            crate::browser::focus_field_later(i);
        }
    }

    pub fn template(&self) -> &Template {
        &self.doc.template
    }

    /// Current values as the engine's [`Values`] (untracked: for exports).
    pub fn values(&self) -> Values {
        let mut v = Values::new();
        for (f, s) in self.template().fields().iter().zip(self.fields.iter()) {
            v.set(f.name.clone(), s.effective_untracked());
        }
        v
    }

    /// Computed fields the person overrode (untracked).
    pub fn overrides(&self) -> std::collections::BTreeSet<String> {
        self.named(|s| s.overridden.get_untracked().then_some(()))
            .into_keys()
            .collect()
    }

    /// Where each imported value came from, for the values still as imported (untracked).
    pub fn sources(&self) -> std::collections::BTreeMap<String, Source> {
        self.named(|s| {
            let src = s.source.get_untracked()?;
            s.value.with_untracked(|v| src.describes(v)).then_some(src)
        })
    }

    /// Each field's `of`, by field name, for the fields where it is `Some`.
    fn named<T>(
        &self,
        of: impl Fn(&FieldState) -> Option<T>,
    ) -> std::collections::BTreeMap<String, T> {
        self.template()
            .fields()
            .iter()
            .zip(self.fields.iter())
            .filter_map(|(f, s)| Some((f.name.clone(), of(s)?)))
            .collect()
    }

    /// Who last changed each field (untracked).
    pub fn changed_by(&self) -> std::collections::BTreeMap<String, String> {
        self.named(|s| s.by.get_untracked())
    }

    /// The draft as it stands: values as edited, N/A marks and completion (untracked).
    pub fn draft_values(&self) -> (Values, std::collections::BTreeSet<String>, usize) {
        let mut values = Values::new();
        let mut na = std::collections::BTreeSet::new();
        let mut filled = 0;
        for (f, s) in self.template().fields().iter().zip(self.fields.iter()) {
            let v = s.value.get_untracked();
            let is_na = s.na.get_untracked();
            if is_na || v.counts_as_filled() {
                filled += 1;
            }
            if is_na {
                na.insert(f.name.clone());
            }
            values.set(f.name.clone(), v);
        }
        (values, na, filled)
    }

    /// True when field `i`'s error should be shown.
    pub fn error_visible(&self, i: usize) -> bool {
        let s = &self.fields[i];
        (self.show_all_errors.get() || s.touched.get()) && s.problem.with(Option::is_some)
    }
}

/// Gives each computed field its memo: its inputs' values through the formula. Only the
/// memos of a changed field's dependants re-run.
fn computed_memos(doc: &Arc<Doc>, mut fields: Vec<FieldState>) -> Vec<FieldState> {
    let all: Arc<Vec<FieldState>> = Arc::new(fields.clone());
    for &i in doc.template.compute_order() {
        let (doc, all) = (doc.clone(), all.clone());
        let memo = Memo::new(move |_| {
            let get = |j: usize| all.get(j).map(FieldState::effective);
            compute::evaluate(&doc.template, i, &get)
                .unwrap_or(Err(Waiting::Invalid(String::new())))
        });
        fields[i].computed = Some(memo);
    }
    fields
}

/// For each computed field, the making of an effect that writes its memo's result into the
/// field's value while it is not overridden: the preview, validation and progress then read
/// it like any value. A chain (A feeds B feeds C) goes through B's value signal, which its
/// effect sets.
fn computed_effects(doc: &Arc<Doc>, fields: &[FieldState]) -> Vec<Deferred> {
    doc.template
        .compute_order()
        .iter()
        .filter_map(|&i| {
            let s = fields[i];
            let memo = s.computed?;
            let empty = initial_value(&doc.template.fields()[i], None);
            Some(Box::new(move || {
                Effect::new(move |_| {
                    if s.overridden.get() {
                        return;
                    }
                    let want = memo.get().unwrap_or_else(|_| empty.clone());
                    if s.value.with_untracked(|v| *v != want) {
                        s.value.set(want);
                    }
                });
            }) as Deferred)
        })
        .collect()
}

/// True when every use of field `i` is inline text the preview marks (not in code, a link
/// destination or the document's front matter), so its plain values can be written in place.
fn writable_in_place(t: &Template, i: usize) -> bool {
    let front = t.front_matter_end().unwrap_or(0);
    t.fields()[i].occurrences.iter().all(|o| {
        matches!(
            o.placement,
            report_engine::Placement::Inline | report_engine::Placement::Blank
        ) && !o.in_code
            && !o.in_link_destination
            && o.span.start >= front
    })
}

/// About how tall a field's row is in the form (pixels), to size a section not made yet.
fn field_height(f: &Field) -> f64 {
    let extra = if f.compute.is_some() { 40.0 } else { 0.0 };
    extra
        + match f.kind {
            Kind::Block => 190.0,
            Kind::TableRows => 170.0,
            Kind::Checkbox => 56.0,
            _ => 100.0,
        }
}

/// A field's starting value: its default, or empty of the right shape.
pub fn initial_value(f: &Field, default: Option<&Value>) -> Value {
    match (default, &f.kind) {
        (Some(Value::NotApplicable) | None, Kind::Checkbox) => Value::Check(false),
        (Some(Value::NotApplicable) | None, Kind::TableRows) => {
            // As many empty rows as the template's table had (front matter `rows:`).
            let row = vec![String::new(); f.columns.len().max(1)];
            Value::Rows(vec![row; f.rows.unwrap_or(1).max(1)])
        }
        (Some(Value::NotApplicable) | None, _) => Value::Text(String::new()),
        (Some(Value::Text(s)), Kind::TableRows) => Value::Rows(vec![vec![s.clone()]]),
        (Some(v), _) => v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::initial_value;
    use report_engine::Value;

    /// A table the template left with blank rows starts with as many empty rows; other
    /// tables with one.
    #[test]
    fn a_table_starts_with_the_templates_blank_rows() {
        let t = report_engine::parse(
            "# T\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| | |\n| | |\n| | |\n",
        );
        let f = t.field("timeline").expect("the empty table is a field");
        assert_eq!(f.rows, Some(3));
        let Value::Rows(rows) = initial_value(f, None) else {
            panic!("rows")
        };
        assert_eq!(rows, vec![vec![String::new(); 2]; 3]);
        let explicit = report_engine::parse("# T\n\n| A | B |\n|---|---|\n{{ROWS}}\n");
        let Value::Rows(rows) = initial_value(explicit.field("ROWS").unwrap(), None) else {
            panic!("rows")
        };
        assert_eq!(rows.len(), 1);
    }
}
