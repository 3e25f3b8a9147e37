//! Where things are on screen, for rendering only what is near the viewport
//! (`editor::lazy`), and writing a value's text straight into the preview.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The viewport's height in CSS pixels (800 when unknown).
pub fn viewport_height() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0)
}

fn container(selector: &str) -> Option<web_sys::Element> {
    document()?.query_selector(selector).ok()?
}

/// The first and last child of the element `selector` names that lie within `margin` pixels
/// of the viewport, by child position (the children are laid out one under another, so a
/// binary search finds them: a few layout reads for any number of parts). `None` when the
/// container is missing or not shown (no height).
pub fn near_parts(selector: &str, margin: f64) -> Option<(usize, usize)> {
    let parent = container(selector)?;
    if parent.get_bounding_client_rect().height() <= 0.0 {
        return None;
    }
    let children = parent.children();
    let n = children.length() as usize;
    let rect = |i: usize| {
        children
            .item(i as u32)
            .map(|c| c.get_bounding_client_rect())
    };
    let (top, bottom) = (-margin, viewport_height() + margin);
    // First child whose bottom is below the top bound.
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if rect(mid).is_some_and(|r| r.bottom() >= top) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let first = lo;
    // First child whose top is below the bottom bound; the one before it is the last.
    let (mut lo, mut hi) = (first, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if rect(mid).is_some_and(|r| r.top() > bottom) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    (lo > first).then(|| (first, lo - 1))
}

/// The rendered height of each listed child of `selector`, by child position.
pub fn part_heights(selector: &str, parts: &[usize]) -> Vec<(usize, f64)> {
    let Some(parent) = container(selector) else {
        return Vec::new();
    };
    let children = parent.children();
    parts
        .iter()
        .filter_map(|&i| {
            let r = children.item(i as u32)?.get_bounding_client_rect();
            Some((i, r.height()))
        })
        .collect()
}

/// The position among `selector`'s children of the one holding the focused element.
pub fn focused_part(selector: &str) -> Option<usize> {
    let parent = container(selector)?;
    let active = document()?.active_element()?;
    let children = parent.children();
    (0..children.length())
        .find(|&i| {
            children
                .item(i)
                .is_some_and(|c| c.contains(Some(active.unchecked_ref::<web_sys::Node>())))
        })
        .map(|i| i as usize)
}

/// Sets the text of every element whose `data-value` is `field` inside the preview chunks
/// `chunks` (those using the field), and says how many there were.
pub fn set_preview_text(chunks: &[usize], field: usize, text: &str) -> usize {
    let Some(doc) = document() else { return 0 };
    let selector = format!("[data-value=\"{field}\"]");
    let mut n = 0;
    for &c in chunks {
        let Some(list) = doc
            .get_element_by_id(&crate::ids::chunk(c))
            .and_then(|el| el.query_selector_all(&selector).ok())
        else {
            continue;
        };
        for k in 0..list.length() {
            if let Some(node) = list.item(k) {
                node.set_text_content(Some(text));
                n += 1;
            }
        }
    }
    n
}
