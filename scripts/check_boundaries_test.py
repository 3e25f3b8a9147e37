#!/usr/bin/env python3
"""Self-test of scripts/check-boundaries.py on small made-up crates (run by the `lint`
layer of scripts/test.sh before the real check, so a broken checker cannot pass silently).

  python3 scripts/check_boundaries_test.py
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-boundaries.py")


def run(tree, *args):
    """Writes `tree` ({path: text}) into a temp folder and runs the checker there."""
    with tempfile.TemporaryDirectory() as root:
        for path, text in tree.items():
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text).lstrip("\n"))
        p = subprocess.run(
            [sys.executable, SCRIPT, *args], cwd=root, capture_output=True, text=True, check=False
        )
        return p.returncode, p.stdout + p.stderr


class Browser(unittest.TestCase):
    def test_lists_file_and_line_outside_the_layer(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod a;\n",
                "src/a.rs": """
                    //! A module.
                    use leptos::prelude::*;
                    use web_sys::Window;
                    pub fn f() -> f64 { js_sys::Date::now() }
                    pub fn g() { leptos::wasm_bindgen::JsCast::x(); }
                    pub fn h() { wasm_bindgen_futures::spawn_local(async {}); }
                    pub fn i() { let _ = gloo_storage::LocalStorage::raw(); }
                """,
            },
            "browser",
            "src",
        )
        self.assertEqual(code, 1, out)
        for line in ("src/a.rs:3: web_sys", "src/a.rs:4: js_sys", "src/a.rs:5: wasm_bindgen",
                     "src/a.rs:6: wasm_bindgen_futures", "src/a.rs:7: gloo_storage"):
            self.assertIn(line, out)
        self.assertNotIn("src/a.rs:2", out)

    def test_comments_strings_and_the_browser_layer_are_allowed(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod a;\npub mod browser;\n#[cfg(feature = \"bench\")]\npub mod bench;\n",
                "src/main.rs": "fn main() { web_sys::console::log_1(&\"x\".into()); }\n",
                "src/bench.rs": "use wasm_bindgen::prelude::*;\n#[wasm_bindgen]\npub fn b() {}\n",
                "src/browser.rs": "pub mod dom;\npub fn now() -> f64 { js_sys::Date::now() }\n",
                "src/browser/dom.rs": "use web_sys::Element;\n",
                "src/a.rs": r'''
                    /// Calls [`web_sys::window`] through `browser`.
                    // web_sys::Window
                    /* js_sys::Date /* nested wasm_bindgen:: */ still a comment */
                    pub fn f<'a>(x: &'a str) -> (&'a str, char, &'static str) {
                        (x, '"', "web_sys::window() in a string")
                    }
                    pub const R: &str = r#"js_sys::Date "quoted" "#;
                    pub const B: &[u8] = b"wasm_bindgen::";
                    pub fn q() -> char { '\'' }
                ''',
            },
            "browser",
            "src",
        )
        self.assertEqual(code, 0, out)
        self.assertIn("OK", out)

    def test_a_lifetime_does_not_hide_the_next_line(self):
        code, out = run(
            {"src/a.rs": "fn f<'a>(x: &'a u8) {}\nfn g() { web_sys::window(); }\n"}, "browser", "src"
        )
        self.assertEqual(code, 1, out)
        self.assertIn("src/a.rs:2: web_sys", out)


class Imports(unittest.TestCase):
    def test_clean_tree_passes_and_counts(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod a;\npub mod b;\n",
                "src/a.rs": "pub struct A;\n",
                "src/b.rs": "use crate::a::A;\npub fn f(_: A) {}\n",
            },
            "imports",
            "src/lib.rs",
        )
        self.assertEqual(code, 0, out)
        self.assertIn("3 files, 1 edges", out)

    def test_cycle_through_use_and_a_path_in_code(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod a;\npub mod b;\n",
                "src/a.rs": "use crate::b::B;\npub struct A(B);\n",
                "src/b.rs": "pub struct B;\npub fn f() -> crate::a::A { crate::a::A(B) }\n",
            },
            "imports",
            "src/lib.rs",
        )
        self.assertEqual(code, 1, out)
        self.assertIn("cycle 1 (2 files): src/a.rs, src/b.rs", out)
        self.assertIn("src/a.rs:1 -> src/b.rs    use crate::b::B;", out)
        self.assertIn("src/b.rs:2 -> src/a.rs", out)

    def test_super_paths_between_siblings(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod editor;\n",
                "src/editor/mod.rs": "pub mod grid;\npub mod state;\npub use state::S;\n",
                "src/editor/grid.rs": "use super::state::S;\npub struct G(S);\n",
                "src/editor/state.rs": "pub struct S;\npub fn g(_: &super::grid::G) {}\n",
            },
            "imports",
            "src/lib.rs",
        )
        self.assertEqual(code, 1, out)
        self.assertIn("src/editor/grid.rs, src/editor/state.rs", out)
        # mod.rs re-exporting its own child is not an edge, so mod.rs is not in the cycle.
        self.assertNotIn("src/editor/mod.rs:3", out)

    def test_mod_and_pub_use_in_lib_are_not_edges_but_code_is(self):
        tree = {
            "src/lib.rs": "mod a;\npub use a::Thing;\npub struct Root;\n",
            "src/a.rs": "pub struct Thing(pub crate::Root);\n",
        }
        code, out = run(tree, "imports", "src/lib.rs")
        self.assertEqual(code, 0, out)
        tree["src/lib.rs"] += "pub fn make() -> Thing { a::new() }\n"
        tree["src/a.rs"] += "pub fn new() -> Thing { Thing(crate::Root) }\n"
        code, out = run(tree, "imports", "src/lib.rs")
        self.assertEqual(code, 1, out)
        self.assertIn("src/lib.rs:4 -> src/a.rs", out)
        self.assertIn("src/a.rs:1 -> src/lib.rs", out)

    def test_reexported_items_resolve_to_the_defining_file(self):
        code, out = run(
            {
                "src/lib.rs": "mod a;\nmod b;\nmod m;\npub use b::Thing;\npub use m::*;\n",
                "src/a.rs": "use crate::{Model, Thing};\npub struct A(Thing, Model);\n",
                "src/b.rs": "pub struct Thing;\npub fn f(_: crate::a::A) {}\n",
                "src/m.rs": "pub struct Model;\n",
            },
            "imports",
            "src/lib.rs",
        )
        self.assertEqual(code, 1, out)
        self.assertIn("src/a.rs:1 -> src/b.rs", out)
        self.assertNotIn("-> src/lib.rs", out)

    def test_test_module_super_is_its_own_file(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod a;\npub fn go() { a::f() }\n",
                "src/a.rs": """
                    pub fn f() {}
                    #[cfg(test)]
                    mod tests {
                        use super::*;
                        #[test]
                        fn t() { super::f(); f() }
                    }
                """,
            },
            "imports",
            "src/lib.rs",
        )
        self.assertEqual(code, 0, out)
        self.assertIn("2 files, 1 edges", out)

    def test_root_function_named_like_a_module(self):
        code, out = run(
            {
                "src/lib.rs": "mod parse;\nmod x;\npub fn parse(s: &str) -> x::Y { parse::parse(s) }\n",
                "src/parse.rs": "pub fn parse(_: &str) -> crate::x::Y { crate::x::Y }\n",
                "src/x.rs": "pub struct Y;\npub fn again() -> Y { crate::parse(\"\") }\n",
            },
            "imports",
            "src/lib.rs",
        )
        # x.rs calls the root's fn parse (lib.rs), not the module parse.rs.
        self.assertEqual(code, 1, out)
        self.assertIn("src/x.rs:2 -> src/lib.rs", out)
        self.assertNotIn("src/x.rs:2 -> src/parse.rs", out)
        self.assertIn("src/lib.rs:3 -> src/parse.rs", out)

    def test_comments_and_strings_make_no_edges(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod a;\npub mod b;\n",
                "src/a.rs": "use crate::b::B;\n/// See [`crate::b::B`].\npub struct A(B);\n",
                "src/b.rs": "pub struct B;\n// crate::a::A\npub const S: &str = \"crate::a::A\";\n",
            },
            "imports",
            "src/lib.rs",
        )
        self.assertEqual(code, 0, out)

    def test_use_trees_with_self_and_braces(self):
        code, out = run(
            {
                "src/lib.rs": "pub mod a;\npub mod b;\npub mod c;\n",
                "src/a.rs": "use crate::{\n    b::{self, B},\n    c as see,\n};\npub struct A;\n",
                "src/b.rs": "pub struct B;\npub fn f(_: super::a::A) {}\n",
                "src/c.rs": "pub fn f(_: super::a::A) {}\n",
            },
            "imports",
            "src/lib.rs",
        )
        self.assertEqual(code, 1, out)
        self.assertIn("src/a.rs:2 -> src/b.rs", out)
        self.assertIn("src/a.rs:3 -> src/c.rs", out)
        self.assertIn("(3 files): src/a.rs, src/b.rs, src/c.rs", out)


if __name__ == "__main__":
    unittest.main(verbosity=1)
