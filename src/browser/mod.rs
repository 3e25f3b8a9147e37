//! The one small layer that touches the browser: focus and scrolling, downloads, clipboard,
//! dates and time here; storage (`storage`: the storage port's browser side), files
//! (`files`), the app-wide notice (`notice`) and window listeners (`hooks`) beside it.
//! Everything else in the app is plain Rust and signals; `scripts/check-boundaries.py`
//! fails the tests when `web_sys::`/`js_sys::` appear outside this folder.

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
    focus_by_id(&crate::ids::field(i));
}

/// Focuses field `i`'s control after the next render (a section being made), then keeps it
/// in view while the sections made around it take their real heights (each replaces a
/// spacer of estimated height, which can move what is below it).
pub fn focus_field_later(i: usize) {
    let id = crate::ids::field(i);
    leptos::prelude::request_animation_frame(move || {
        focus_by_id(&id);
        for delay in [50, 200, 500] {
            let id = id.clone();
            leptos::prelude::set_timeout(
                move || scroll_into_view_if_hidden(&id),
                std::time::Duration::from_millis(delay),
            );
        }
    });
}

/// Scrolls the element with this id to the middle of the view when none of it is in the
/// window's view, if it still has focus.
fn scroll_into_view_if_hidden(id: &str) {
    let Some(doc) = document() else { return };
    let Some(el) = doc.get_element_by_id(id) else {
        return;
    };
    // Focus moved on (another jump, a click, Tab): leave the view where it is.
    if doc.active_element().as_ref() != Some(&el) {
        return;
    }
    let r = el.get_bounding_client_rect();
    // What shows: the window, narrowed to the form's pane where that scrolls on its own.
    let (mut top, mut bottom) = (0.0, layout::viewport_height());
    if let Ok(Some(pane)) = el.closest(".form") {
        let p = pane.get_bounding_client_rect();
        top = p.top().max(top);
        bottom = p.bottom().min(bottom);
    }
    if r.bottom() < top || r.top() > bottom {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}

/// Focuses the element with this id and scrolls it to the middle of the view.
pub fn focus_by_id(id: &str) {
    focus_scrolled(id, web_sys::ScrollLogicalPosition::Center);
}

/// Focuses the element with this id after the next render (for elements about to appear).
pub fn focus_by_id_later(id: &str) {
    let id = id.to_string();
    leptos::prelude::request_animation_frame(move || focus_by_id(&id));
}

/// The value of the `<input>` with this id.
pub fn input_value(id: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let el = document()?.get_element_by_id(id)?;
    Some(el.dyn_into::<web_sys::HtmlInputElement>().ok()?.value())
}

/// Focuses the element with this id and scrolls its top into view (for panels).
pub fn focus_panel(id: &str) {
    focus_scrolled(id, web_sys::ScrollLogicalPosition::Start);
}

fn focus_scrolled(id: &str, block: web_sys::ScrollLogicalPosition) {
    let Some(el) = document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(block);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        let o = web_sys::FocusOptions::new();
        o.set_prevent_scroll(true);
        let _ = el.focus_with_options(&o);
    }
}

/// Closes the `<details>` menu around the event target, if any.
pub fn close_menu(ev: &web_sys::Event) {
    let target = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    if let Some(menu) = target.and_then(|e| e.closest("details").ok().flatten()) {
        let _ = menu.remove_attribute("open");
    }
}

/// Scrolls the page to its top: a screen that replaces another starts at its beginning.
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Scrolls the form to section `i`'s heading.
pub fn scroll_to_section(i: usize) {
    let Some(el) = document().and_then(|d| d.get_element_by_id(&crate::ids::section(i))) else {
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
        .get_element_by_id(crate::ids::PREVIEW)
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
        .or_else(|| chunk.and_then(|c| doc.get_element_by_id(&crate::ids::chunk(c))));
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
    let slug = crate::text::slug(title);
    format!("{}-{}", slug.as_deref().unwrap_or("report"), today())
}

/// A local date as `YYYY-MM-DD`.
fn local_date(d: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// A local time as `HH:MM`.
fn local_time(d: &js_sys::Date) -> String {
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// A time (ms since the epoch) as local `HH:MM:SS`.
pub fn local_time_of(ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{}:{:02}", local_time(&d), d.get_seconds())
}

/// Brackets `f` with a User Timing measure named `name` (the benchmark reads them; the
/// browser's performance panel shows them).
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}-start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(name, &start);
    }
    out
}

/// The page address's fragment (`#…`), if any.
pub fn location_hash() -> Option<String> {
    let h = web_sys::window()?.location().hash().ok()?;
    (!h.is_empty()).then_some(h)
}

/// Removes the fragment from the address without reloading or adding a history entry.
pub fn clear_location_hash() {
    let Some(w) = web_sys::window() else { return };
    let (Ok(path), Ok(search)) = (w.location().pathname(), w.location().search()) else {
        return;
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

/// The page's address without its fragment (the base of share links).
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// True when the page is hidden (another tab, minimised, being left).
pub fn page_hidden() -> bool {
    document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Today's local date, `YYYY-MM-DD`.
pub fn today() -> String {
    local_date(&js_sys::Date::new_0())
}

/// Now, local, as a `datetime-local` input value: `YYYY-MM-DDTHH:MM` (one clock reading,
/// so the date and time never straddle midnight).
pub fn now_local_minutes() -> String {
    let d = js_sys::Date::new_0();
    format!("{}T{}", local_date(&d), local_time(&d))
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

/// A random 32-bit number (draft ids).
pub fn random_u32() -> u32 {
    (js_sys::Math::random() * 4_294_967_296.0) as u32
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// A time as local `YYYY-MM-DD HH:MM`.
pub fn local_date_time(ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    if d.get_time().is_nan() {
        return String::new();
    }
    format!("{} {}", local_date(&d), local_time(&d))
}

// ---------------------------------------------------------------------------------------
// Storage (the port's browser side), files, the app-wide notice, window listeners.
// ---------------------------------------------------------------------------------------

pub mod files;
pub mod hooks;
mod layout;
mod notice;
mod storage;

pub use files::{take_input_files, FileHandle};
pub use layout::{focused_part, near_parts, part_heights, set_preview_text, viewport_height};
pub use notice::{ensure_app_notice, set_app_notice};
pub use storage::{LocalStore, LOCAL_STORE};

/// Makes a view in an element out of sight (off screen, hidden, inert, `aria-hidden`), lets
/// the browser lay it out, then unmounts and removes it, all in one task: no frame is painted
/// with it and no event reaches it. What it leaves behind is warm caches (compiled code,
/// styles, shaped text).
pub fn render_out_of_sight<F, N>(view: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView,
{
    let Some(doc) = document() else { return };
    let Some(body) = doc.body() else { return };
    let Ok(host) = doc.create_element("div") else {
        return;
    };
    let host: web_sys::HtmlElement = host.unchecked_into();
    host.set_class_name("out-of-sight");
    let _ = host.set_attribute("aria-hidden", "true");
    let _ = host.set_attribute("inert", "");
    if body.append_child(&host).is_err() {
        return;
    }
    let handle = leptos::mount::mount_to(host.clone(), view);
    // Reading a size lays the page out now, with the view in it.
    let _ = host.offset_height();
    drop(handle);
    host.remove();
}

/// Calls `f` when the page is next idle (`requestIdleCallback`, at most `IDLE_WAIT_MS`
/// later on a busy page), or after the current task where the browser has no idle
/// callbacks (Safari): work deferred this way must run everywhere.
pub fn when_idle(f: impl FnOnce() + 'static) {
    const IDLE_WAIT_MS: i32 = 300;
    let Some(window) = web_sys::window() else {
        return;
    };
    let has_idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    let scheduled = if has_idle {
        let opts = web_sys::IdleRequestOptions::new();
        opts.set_timeout(IDLE_WAIT_MS as u32);
        window
            .request_idle_callback_with_options(cb.unchecked_ref(), &opts)
            .is_ok()
    } else {
        false
    };
    if !scheduled {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 1);
    }
}
