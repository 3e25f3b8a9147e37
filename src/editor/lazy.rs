//! Rendering only what is near the viewport. The form's sections and the preview's chunks
//! are *parts*: each is laid out at once (a form section's heading always is), but its
//! contents are made only when it comes within [`MARGIN`] pixels of the viewport; until
//! then a spacer of its estimated (or last measured) height holds its place, so the
//! scroll bar and jumps stay right.
//!
//! A small report (all parts together within [`BUDGET`] fields) is then filled in behind
//! the scenes, a slice at a time while the page is idle, so find-in-page and everything
//! else see the whole form a moment after it opens. A larger one stays near-the-viewport
//! only: parts that scroll far away (and hold no focus) go back to spacers, so a
//! 20,000-placeholder form costs what its visible part costs.

use leptos::prelude::*;

use crate::browser;

/// How far beyond the viewport (pixels, each way) parts are made.
pub const MARGIN: f64 = 1000.0;
/// Parts farther than this from the viewport go back to spacers in a large report.
const KEEP: f64 = 2500.0;
/// Fields a report may have for every part of it to be made.
pub const BUDGET: usize = 1500;
/// Fields made per idle slice when filling a small report in.
const SLICE: usize = 60;

struct Inner {
    /// CSS selector of the element whose children are the parts, in order.
    selector: &'static str,
    mounted: Vec<RwSignal<bool>>,
    /// Fields per part (what making it costs).
    weight: Vec<usize>,
    /// Estimated or last measured height of each part, in pixels.
    height: Vec<RwSignal<f64>>,
}

/// The parts of one scrolling list (Copy: handlers and effects each hold it).
#[derive(Clone, Copy)]
pub struct Lazy(StoredValue<Inner>);

impl Lazy {
    /// Parts with these weights and estimated heights; those that fill the first screen are
    /// made at once, or none when `first_screen` is false (the caller makes
    /// them later with [`Lazy::refresh`]).
    pub fn new(
        selector: &'static str,
        weight: Vec<usize>,
        height: Vec<f64>,
        first_screen: bool,
    ) -> Self {
        let screens = if first_screen {
            browser::viewport_height()
        } else {
            0.0
        };
        let mut above = 0.0;
        let mounted = height
            .iter()
            .map(|h| {
                let now = above < screens;
                above += h;
                RwSignal::new(now)
            })
            .collect();
        let height = height.into_iter().map(RwSignal::new).collect();
        Lazy(StoredValue::new(Inner {
            selector,
            mounted,
            weight,
            height,
        }))
    }

    /// True when every part of this list is made eventually (see the module docs).
    pub fn whole(&self) -> bool {
        self.0
            .with_value(|p| p.weight.iter().sum::<usize>() <= BUDGET)
    }

    /// Whether part `i` is made (tracked).
    pub fn mounted(&self, i: usize) -> bool {
        self.0
            .with_value(|p| p.mounted.get(i).copied())
            .is_some_and(|m| m.get())
    }

    /// The spacer height of part `i` while it is not made (tracked).
    pub fn height(&self, i: usize) -> f64 {
        self.0
            .with_value(|p| p.height.get(i).copied())
            .map_or(0.0, |h| h.get())
    }

    /// Makes part `i`; returns true when it was made already (its elements are there now).
    pub fn reveal(&self, i: usize) -> bool {
        let Some(m) = self.0.with_value(|p| p.mounted.get(i).copied()) else {
            return true;
        };
        if m.get_untracked() {
            return true;
        }
        m.set(true);
        false
    }

    /// Makes the parts near the viewport and, in a large report, lets far ones go.
    pub fn refresh(&self) {
        let Some(selector) = self.0.try_with_value(|p| p.selector) else {
            return;
        };
        let Some((first, last)) = browser::near_parts(selector, MARGIN) else {
            return;
        };
        for i in first..=last {
            self.reveal(i);
        }
        if !self.whole() {
            self.release_far(selector);
        }
    }

    /// Turns made parts far from the viewport back into spacers of their measured height,
    /// except the one holding focus.
    fn release_far(&self, selector: &'static str) {
        let keep = browser::near_parts(selector, KEEP);
        let focused = browser::focused_part(selector);
        let far: Vec<usize> = self.0.with_value(|p| {
            p.mounted
                .iter()
                .enumerate()
                .filter(|(i, m)| {
                    m.get_untracked()
                        && Some(*i) != focused
                        && keep.is_none_or(|(a, b)| *i < a || *i > b)
                })
                .map(|(i, _)| i)
                .collect()
        });
        if far.is_empty() {
            return;
        }
        for (i, h) in browser::part_heights(selector, &far) {
            self.0.with_value(|p| {
                if h > 0.0 {
                    p.height[i].set(h);
                }
                p.mounted[i].set(false);
            });
        }
    }

    /// In a small report, makes the remaining parts a slice at a time while the page is
    /// idle (nearest the top first); does nothing in a large one.
    pub fn fill_in(&self) {
        if !self.whole() {
            return;
        }
        let this = *self;
        browser::when_idle(move || {
            let Some(rest) = this.0.try_with_value(|p| {
                let mut budget = SLICE;
                let mut rest = false;
                for (m, w) in p.mounted.iter().zip(&p.weight) {
                    if m.get_untracked() {
                        continue;
                    }
                    if budget == 0 {
                        rest = true;
                        break;
                    }
                    m.set(true);
                    budget = budget.saturating_sub((*w).max(1));
                }
                rest
            }) else {
                return;
            };
            if rest {
                this.fill_in();
            }
        });
    }
}
