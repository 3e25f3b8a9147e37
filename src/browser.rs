//! The one small layer that touches the browser: downloads, clipboard, files, focus and
//! scrolling, dates. Everything else in the app is plain Rust and signals.

// ---------------------------------------------------------------------------------------
// Editor: focus, scrolling, downloads, clipboard, printing, dates.
// ---------------------------------------------------------------------------------------

use leptos::prelude::{RwSignal, Set};
use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// True when focus moves to an element inside `container` (so the field is not left).
pub fn focus_stays_inside(
    ev: &web_sys::FocusEvent,
    container: Option<web_sys::HtmlDivElement>,
) -> bool {
    let (Some(container), Some(next)) = (container, ev.related_target()) else {
        return false;
    };
    next.dyn_ref::<web_sys::Node>()
        .is_some_and(|n| container.contains(Some(n)))
}

/// The integer in `attr` of the closest ancestor of the event target matching `selector`.
pub fn closest_data_index(ev: &web_sys::Event, selector: &str, attr: &str) -> Option<usize> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    target
        .closest(selector)
        .ok()??
        .get_attribute(attr)?
        .parse()
        .ok()
}

/// Focuses field `i`'s control (a grid's first cell) and scrolls it into view.
pub fn focus_field(i: usize) {
    focus_by_id(&format!("f-{i}"));
}

/// Focuses the element with this id and scrolls it to the middle of the view.
pub fn focus_by_id(id: &str) {
    let Some(el) = document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        let _ = el.focus();
    }
}

/// Scrolls the form to section `i`'s heading.
pub fn scroll_to_section(i: usize) {
    let Some(el) = document().and_then(|d| d.get_element_by_id(&format!("sec-{i}"))) else {
        return;
    };
    el.scroll_into_view();
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus_with_options(&{
            let o = web_sys::FocusOptions::new();
            o.set_prevent_scroll(true);
            o
        });
    }
}

/// Scrolls the preview pane (only) so field `i`'s first use, or else chunk `chunk`, is in
/// its middle. Does nothing when the preview is hidden (narrow screens, form tab).
pub fn scroll_preview_to(i: usize, chunk: Option<usize>) {
    let Some(doc) = document() else { return };
    let Some(preview) = doc
        .get_element_by_id("preview")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    if preview.offset_parent().is_none() {
        return;
    }
    let target = preview
        .query_selector(&format!("[data-anchor=\"{i}\"], [data-field=\"{i}\"]"))
        .ok()
        .flatten()
        .or_else(|| chunk.and_then(|c| doc.get_element_by_id(&format!("chunk-{c}"))));
    let Some(target) = target else { return };
    let top = target.get_bounding_client_rect().top() - preview.get_bounding_client_rect().top();
    let y = preview.scroll_top() as f64 + top - preview.client_height() as f64 / 3.0;
    preview.set_scroll_top(y.max(0.0) as i32);
    let marked = preview.query_selector_all(".is-current").ok();
    if let Some(list) = marked {
        for k in 0..list.length() {
            if let Some(e) = list
                .item(k)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = e.class_list().remove_1("is-current");
            }
        }
    }
    let _ = target.class_list().add_1("is-current");
}

/// A file name stem from a title and today's date: `ga-day-after-action-report-2026-11-23`.
pub fn file_stem(title: &str) -> String {
    format!("{}-{}", slug(title), today())
}

fn slug(s: &str) -> String {
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "report".into()
    } else {
        words.join("-")
    }
}

/// Today's local date, `YYYY-MM-DD`.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Now, local, as a `datetime-local` input value: `YYYY-MM-DDTHH:MM`.
pub fn now_local_minutes() -> String {
    let d = js_sys::Date::new_0();
    format!("{}T{:02}:{:02}", today(), d.get_hours(), d.get_minutes())
}

/// Saves `content` as a file through a Blob URL and a temporary `<a download>`.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let doc = document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(&format!("{mime};charset=utf-8"));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot create the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "cannot create a download link")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "cannot create a link")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_class_name("visually-hidden");
    let body = doc.body().ok_or("no body")?;
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Copies text to the clipboard and reports the outcome in `notice`.
pub fn copy_text(text: String, notice: RwSignal<String>) {
    let Some(w) = web_sys::window() else { return };
    let promise = w.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => notice.set("Markdown copied to the clipboard.".into()),
            Err(_) => notice.set(
                "Could not copy: the browser refused clipboard access. Use Download draft instead."
                    .into(),
            ),
        }
    });
}

/// Opens the browser's print dialog (the print stylesheet prints only the report).
pub fn print() -> Result<(), String> {
    web_sys::window()
        .ok_or("no window")?
        .print()
        .map_err(|_| "printing is not available".to_string())
}
