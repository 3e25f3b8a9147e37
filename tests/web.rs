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
