//! The app-wide notice: a message that outlives the screen that set it.

use wasm_bindgen::JsCast;

const NOTICE_ID: &str = "app-notice";

fn notice_element() -> Option<web_sys::Element> {
    let doc = web_sys::window()?.document()?;
    if let Some(el) = doc.get_element_by_id(NOTICE_ID) {
        return Some(el);
    }
    let el = doc.create_element("div").ok()?;
    el.set_id(NOTICE_ID);
    el.set_class_name("app-notice");
    let _ = el.set_attribute("role", "status");
    let _ = el.set_attribute("aria-live", "polite");
    let _ = el.set_attribute("hidden", "");
    let text = doc.create_element("p").ok()?;
    text.set_class_name("app-notice-text");
    let close = doc.create_element("button").ok()?;
    let _ = close.set_attribute("type", "button");
    close.set_class_name("button app-notice-close");
    close.set_text_content(Some("Dismiss"));
    let hide = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| set_app_notice(""));
    let _ = close.add_event_listener_with_callback("click", hide.as_ref().unchecked_ref());
    // One element for the page's life, so its one listener is kept for good.
    hide.forget();
    let _ = el.append_child(&text);
    let _ = el.append_child(&close);
    doc.body()?.append_child(&el).ok()?;
    Some(el)
}

/// Creates the app-wide notice's live region (empty and hidden) if it is not there yet.
/// Call it well before the first message: screen readers announce changes to a live
/// region that already exists.
pub fn ensure_app_notice() {
    let _ = notice_element();
}

/// Shows `message` in the app-wide notice at the bottom of the page until dismissed
/// (an empty message hides it). It is outside the Leptos tree, so it stays when the
/// screen changes (e.g. "the template is open but was not saved").
pub fn set_app_notice(message: &str) {
    let Some(el) = notice_element() else { return };
    if let Ok(Some(text)) = el.query_selector(".app-notice-text") {
        text.set_text_content(Some(message));
    }
    if message.is_empty() {
        let _ = el.set_attribute("hidden", "");
    } else {
        let _ = el.remove_attribute("hidden");
    }
}
