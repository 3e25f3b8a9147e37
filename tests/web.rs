//! Browser tests: mount the app in headless Chromium and read the real DOM.
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p report-editor --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use report_editor::{counts_text, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh container, runs `check` on it, then unmounts and removes it.
async fn with_app(check: impl FnOnce(&Element)) {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = mount_to(container.clone(), App);
    leptos::task::tick().await;
    check(&container);
    drop(handle);
    container.remove();
}

fn text(el: &Element, selector: &str) -> String {
    el.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", el.outer_html()))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[wasm_bindgen_test]
async fn shows_the_heading() {
    with_app(|root| assert_eq!(text(root, "h1"), "Report editor")).await;
}

#[wasm_bindgen_test]
async fn lists_every_builtin_with_the_engine_title_and_counts() {
    with_app(|root| {
        let list = root
            .query_selector(r#"ul[aria-label="Built-in templates"]"#)
            .unwrap()
            .expect("the built-in template list");
        let items = list.query_selector_all(":scope > li").unwrap();
        let builtins = report_engine::builtins();
        assert_eq!(builtins.len(), 2);
        assert_eq!(items.length() as usize, builtins.len());

        for (i, builtin) in builtins.iter().enumerate() {
            let item: Element = items.item(i as u32).unwrap().unchecked_into();
            let expected = report_engine::parse(builtin.source);

            assert_eq!(
                item.get_attribute("data-template-id").as_deref(),
                Some(builtin.id)
            );
            let title = text(&item, ".template-title");
            assert!(!title.is_empty(), "item {i} has an empty title");
            assert_eq!(title, expected.title());
            let counts = text(&item, ".template-counts");
            assert!(!counts.is_empty(), "item {i} has no count text");
            assert_eq!(counts, counts_text(&expected.stats()));
        }
    })
    .await;
}

#[wasm_bindgen_test]
async fn unmounting_removes_the_app() {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = mount_to(container.clone(), App);
    assert!(container.query_selector("main").unwrap().is_some());
    drop(handle);
    assert!(container.query_selector("main").unwrap().is_none());
    container.remove();
}

// ---------------------------------------------------------------------------------------
// Start screen: your templates (the library in localStorage), pasted templates,
// diagnostics before opening, corrupt storage kept aside.
// ---------------------------------------------------------------------------------------

const LIBRARY_KEY: &str = "report-editor/v1/templates";

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn storage_keys(prefix: &str) -> Vec<String> {
    let s = storage();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Removes the library and every copy kept aside, before and after each test.
fn clear_library() {
    for key in storage_keys(LIBRARY_KEY) {
        storage().remove_item(&key).unwrap();
    }
}

fn stored_library() -> serde_json::Value {
    serde_json::from_str(
        &storage()
            .get_item(LIBRARY_KEY)
            .unwrap()
            .expect("a stored library"),
    )
    .unwrap()
}

/// Mounts the app into a fresh container and lets it render. Drop the handle and remove
/// the container when done.
async fn mount() -> (HtmlElement, impl Sized) {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = mount_to(container.clone(), App);
    leptos::task::tick().await;
    (container, handle)
}

/// Lets effects run and the next frame (focus moves happen in one) pass.
async fn settle() {
    leptos::task::tick().await;
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
    leptos::task::tick().await;
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.outer_html()))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// The button whose text (trimmed) is `label`.
fn button(root: &Element, label: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?} in {}", root.outer_html()))
        .unchecked_into()
}

/// Dispatches a bubbling event (Leptos listens at the document).
fn dispatch(target: &Element, kind: &str) {
    let window = web_sys::window().unwrap();
    let ctor = js_sys::Reflect::get(&window, &"Event".into()).unwrap();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let args = js_sys::Array::of2(&kind.into(), &init);
    let ctor: &js_sys::Function = ctor.unchecked_ref();
    let event = js_sys::Reflect::construct(ctor, &args).unwrap();
    target.dispatch_event(event.unchecked_ref()).unwrap();
}

async fn paste(root: &Element, text: &str) {
    let area: web_sys::HtmlTextAreaElement = find(root, "#template-paste").unchecked_into();
    area.set_value(text);
    dispatch(&area, "input");
    leptos::task::tick().await;
    button(root, "Open pasted template").click();
    settle().await;
}

fn envelope(entries: &[(&str, &str)]) -> String {
    let templates: Vec<serde_json::Value> = entries
        .iter()
        .enumerate()
        .map(|(i, (name, source))| {
            serde_json::json!({
                "hash": report_engine::content_hash(source),
                "name": name,
                "source": source,
                "added_ms": 1_763_000_000_000u64 + i as u64,
            })
        })
        .collect();
    serde_json::json!({ "version": 1, "templates": templates }).to_string()
}

const WEEKLY: &str = "# Weekly ops\n\nOwner: {{OWNER}}\nUptime: {UPTIME}%\n\n- [ ] Reviewed\n";
const RELEASE: &str = "# Release notes\n\nVersion: {{VERSION}}\n";
const BROKEN: &str = "# Broken one\n\nVersion: {{VERSION}}\nBuild: {{ BUILD_SHA\n";

#[wasm_bindgen_test]
async fn your_templates_lists_the_stored_library_with_counts() {
    clear_library();
    storage()
        .set_item(
            LIBRARY_KEY,
            &envelope(&[("Weekly ops", WEEKLY), ("Release notes", RELEASE)]),
        )
        .unwrap();
    let (root, handle) = mount().await;

    let list = find(&root, r#"ul[aria-label="Your templates"]"#);
    let items = all(&list, ":scope > li");
    assert_eq!(items.len(), 2);
    for (item, (name, source)) in items
        .iter()
        .zip([("Weekly ops", WEEKLY), ("Release notes", RELEASE)])
    {
        assert_eq!(text(item, ".template-title"), name);
        let stats = report_engine::parse(source).stats();
        assert_eq!(text(item, ".template-counts"), counts_text(&stats));
        let remove = find(item, &format!(r#"button[aria-label="Remove {name}"]"#));
        assert_eq!(remove.text_content().unwrap().trim(), "Remove");
        let open = find(item, &format!(r#"button[aria-label="Open {name}"]"#));
        assert_eq!(open.text_content().unwrap().trim(), "Open");
    }
    assert!(root
        .query_selector("[aria-labelledby=library-heading] .empty-note")
        .unwrap()
        .is_none());
    // The built-ins are still there, unchanged.
    assert_eq!(
        all(&root, r#"ul[aria-label="Built-in templates"] > li"#).len(),
        2
    );

    drop(handle);
    root.remove();
    clear_library();
}

#[wasm_bindgen_test]
async fn an_empty_library_explains_itself() {
    clear_library();
    let (root, handle) = mount().await;
    assert!(text(&root, "[aria-labelledby=library-heading] .empty-note")
        .contains("Templates you open are kept here"));
    assert!(all(&root, r#"ul[aria-label="Your templates"] > li"#).is_empty());
    assert_eq!(text(&root, "#library-status"), "");
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn corrupt_or_foreign_storage_is_kept_aside_and_the_library_starts_empty() {
    for raw in [
        "{not json",
        r#"{"version":7,"templates":[]}"#,
        r#"["someone else's"]"#,
    ] {
        clear_library();
        storage().set_item(LIBRARY_KEY, raw).unwrap();
        let (root, handle) = mount().await;

        let status = find(&root, "#library-status");
        assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
        let message = status.text_content().unwrap();
        assert!(message.contains("could not be read"), "{raw}: {message}");
        let aside = storage_keys(&format!("{LIBRARY_KEY}.corrupt-"));
        assert_eq!(aside.len(), 1, "{raw}: one copy kept aside: {aside:?}");
        assert_eq!(
            storage().get_item(&aside[0]).unwrap().as_deref(),
            Some(raw),
            "kept byte for byte"
        );
        assert!(
            message.contains(&aside[0]),
            "the message names the key: {message}"
        );
        assert_eq!(storage().get_item(LIBRARY_KEY).unwrap(), None);
        assert!(all(&root, r#"ul[aria-label="Your templates"] > li"#).is_empty());
        assert_eq!(
            all(&root, r#"ul[aria-label="Built-in templates"] > li"#).len(),
            2
        );

        // The next mount reads an empty library and sets nothing else aside.
        drop(handle);
        root.remove();
        let (root, handle) = mount().await;
        assert_eq!(text(&root, "#library-status"), "");
        assert_eq!(storage_keys(&format!("{LIBRARY_KEY}.corrupt-")).len(), 1);
        drop(handle);
        root.remove();
    }
    clear_library();
}

#[wasm_bindgen_test]
async fn remove_then_undo_restores_the_entry_in_place() {
    clear_library();
    storage()
        .set_item(
            LIBRARY_KEY,
            &envelope(&[("Weekly ops", WEEKLY), ("Release notes", RELEASE)]),
        )
        .unwrap();
    let before = stored_library();
    let (root, handle) = mount().await;

    let remove: HtmlElement =
        find(&root, r#"button[aria-label="Remove Weekly ops"]"#).unchecked_into();
    remove.click();
    settle().await;
    let titles = |root: &Element| -> Vec<String> {
        all(root, r#"ul[aria-label="Your templates"] .template-title"#)
            .iter()
            .map(|e| e.text_content().unwrap())
            .collect()
    };
    assert_eq!(titles(&root), ["Release notes"]);
    assert_eq!(stored_library()["templates"].as_array().unwrap().len(), 1);
    assert_eq!(text(&root, "#library-status"), "Removed “Weekly ops”.");
    let undo = button(&root, "Undo");
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert_eq!(
        active.map(|a| a.id()).as_deref(),
        Some("undo-remove"),
        "focus moves to Undo"
    );

    undo.click();
    settle().await;
    assert_eq!(titles(&root), ["Weekly ops", "Release notes"]);
    assert_eq!(stored_library(), before);
    assert_eq!(text(&root, "#library-status"), "Restored “Weekly ops”.");
    assert!(all(&root, "button")
        .iter()
        .all(|b| b.text_content().unwrap().trim() != "Undo"));

    drop(handle);
    root.remove();
    clear_library();
}

#[wasm_bindgen_test]
async fn a_pasted_template_with_diagnostics_shows_them_then_opens_anyway() {
    clear_library();
    let (root, handle) = mount().await;
    paste(&root, BROKEN).await;

    let panel = find(&root, "section.diagnostics");
    assert_eq!(text(&panel, "h2"), "“Broken one” has 1 problem");
    let rows = all(&panel, ".diagnostic");
    assert_eq!(rows.len(), 1);
    let parsed = report_engine::parse(BROKEN);
    let expected = &parsed.diagnostics()[0];
    assert_eq!(
        text(&rows[0], ".diagnostic-where"),
        format!("Line {}:{}", expected.line, expected.column)
    );
    assert_eq!(expected.line, 4);
    assert!(text(&rows[0], ".diagnostic-source").contains("Build: {{ BUILD_SHA"));
    assert!(
        storage().get_item(LIBRARY_KEY).unwrap().is_none(),
        "saved only when opened"
    );

    button(&root, "Open anyway").click();
    settle().await;
    assert_eq!(text(&root, ".editor h1"), "Broken one");
    let stored = stored_library();
    assert_eq!(stored["templates"][0]["name"], "Broken one");
    assert_eq!(stored["templates"][0]["source"], BROKEN);
    assert_eq!(
        stored["templates"][0]["hash"],
        report_engine::content_hash(BROKEN)
    );

    drop(handle);
    root.remove();
    clear_library();
}

#[wasm_bindgen_test]
async fn cancel_keeps_the_start_screen_and_saves_nothing() {
    clear_library();
    let (root, handle) = mount().await;
    paste(&root, BROKEN).await;
    button(&root, "Cancel").click();
    settle().await;
    assert!(root
        .query_selector("section.diagnostics")
        .unwrap()
        .is_none());
    assert_eq!(text(&root, "#open-status"), "“Broken one” was not opened.");
    assert!(storage().get_item(LIBRARY_KEY).unwrap().is_none());
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_clean_pasted_template_opens_at_once_and_is_saved_once() {
    clear_library();
    for _ in 0..2 {
        let (root, handle) = mount().await;
        paste(&root, RELEASE).await;
        assert_eq!(text(&root, ".editor h1"), "Release notes");
        drop(handle);
        root.remove();
    }
    assert_eq!(
        stored_library()["templates"].as_array().unwrap().len(),
        1,
        "deduped by content"
    );
    clear_library();
}

#[wasm_bindgen_test]
async fn empty_pasted_text_says_so() {
    clear_library();
    let (root, handle) = mount().await;
    paste(&root, "  \n ").await;
    let status = find(&root, "#open-status");
    assert_eq!(
        status.text_content().unwrap(),
        "The pasted text is empty: there is no template to open."
    );
    assert!(status.class_list().contains("is-error"));
    assert!(root.query_selector(".editor").unwrap().is_none());
    drop(handle);
    root.remove();
}
