//! Browser entry point: mounts the editor into `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(report_editor::App);
}
