#!/usr/bin/env python3
"""Checks that the CSS in style/ and the classes the app uses agree (issue 14).

  python3 scripts/check-css.py          exit 0 when clean, 1 with a list of offenders

Fails when
  (a) a class has a rule in style/*.css but nothing in the app uses it;
  (b) the app uses a class that no rule in style/*.css styles;
  (c) a custom property (token) is defined outside style/tokens.css, twice in one place, or
      used in a var() without a definition, or defined and never used;
  (d) a colour literal (#hex, rgb(), hsl()...) is written outside style/tokens.css
      (style/report.css excepted: it ships alone in the HTML export, without the tokens);
  (e) index.html does not link every style/*.css exactly once (and nothing else in style/).

"The app" is everything that puts a class into the page: Rust markup in src/**/*.rs
(class="a b", class:name=, class=("a", ...), class=format!("level-{}", ...),
set_class_name("..."), class_list().add_1/remove_1/contains("..."), selectors passed to
query_selector), index.html, web/*.js and scripts/single-file.mjs (the one-file build's
own start-up error). Tests and the benchmark are not users: a class kept only as a hook for
them should be an id or a data-* attribute instead.

Standard library only.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "style"
TOKENS = STYLE / "tokens.css"
# Ships alone in the HTML export (include_str! in src/editor/mod.rs), so it keeps its own
# literal colours instead of the page's tokens.
STANDALONE = {STYLE / "report.css"}

RENDERER = ROOT / "crates/engine/src/render.rs"
# Classes the one safe renderer (crates/engine/src/render.rs) writes into the preview and the
# HTML export. They reach the page through inner_html, so no markup here shows them; each
# must still appear in render.rs (checked below, so this list cannot go stale).
RENDERER_CLASSES = {
    "report": "the export's <article>; report.css styles it (the preview's own <article> too)",
    "link-blocked": "a link the allow-list refused; report.css strikes it through",
    "task-marker": "a task list glyph (☐/☑); report.css lays it out",
    "done": "a ticked task glyph; shares the name with the outline's done sections",
    "image-link": "a link in place of an image (images never load)",
    "anchor": "where a field's value starts in the preview; preview.css",
    "ph": "a placeholder mark in the preview; preview.css",
    "ph-missing": "a placeholder still to fill; preview.css",
    "ph-invalid": "a placeholder whose value has a problem; preview.css",
}
# Classes allowed to have no rule, each with the reason. Keep this short.
NO_RULE_OK = {
    "image-link": "renderer output kept for readers who restyle the exported HTML; "
    "it looks like any other link in the preview and the export",
}

CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|rgba|hsl|hsla|hwb|lab|lch|oklab|oklch|color)\(")


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def blank(match: re.Match) -> str:
    """Replaces a match by spaces, keeping newlines (so positions and lines stay true)."""
    return re.sub(r"[^\n]", " ", match.group(0))


class Css:
    """What style/*.css holds: class selectors, rules, token definitions and uses."""

    def __init__(self) -> None:
        self.classes: dict[str, list[str]] = defaultdict(list)  # class -> ["file:line"]
        self.rules = 0
        self.files: list[Path] = []
        # token -> [(file, line, context)]; context = at-rules + selector it sits in
        self.token_defs: dict[str, list[tuple[Path, int, str]]] = defaultdict(list)
        self.token_uses: dict[str, list[str]] = defaultdict(list)
        self.colours: list[str] = []

    def read(self, path: Path) -> None:
        self.files.append(path)
        raw = path.read_text(encoding="utf-8")
        text = re.sub(r"/\*.*?\*/", blank, raw, flags=re.S)
        text = re.sub(r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", blank, text)
        self._block(path, text, 0, len(text), [])

    def _block(self, path: Path, text: str, start: int, end: int, context: list[str]) -> None:
        """Walks `text[start:end]`: a list of rules and at-rules."""
        i = start
        while i < end:
            brace = text.find("{", i, end)
            semi = text.find(";", i, end)
            if brace == -1 or (semi != -1 and semi < brace):
                # A statement at-rule (@import ...;) or trailing space: nothing to collect.
                if text[i:end].strip().startswith("@import"):
                    sys.exit(f"{path.name}: @import is not used here; link each file from index.html")
                if semi == -1:
                    break
                i = semi + 1
                continue
            raw_prelude = text[i:brace]
            lead = len(raw_prelude) - len(raw_prelude.lstrip())
            prelude = raw_prelude.strip()
            close = self._matching(text, brace, end)
            if prelude.startswith("@"):
                name = prelude.split()[0]
                if name in ("@media", "@supports", "@layer", "@container", "@document"):
                    self._block(path, text, brace + 1, close, context + [" ".join(prelude.split())])
                # @font-face, @keyframes, @page...: no class selectors inside.
                else:
                    self._declarations(path, text, brace + 1, close, context + [prelude])
            else:
                self.rules += 1
                selector = re.sub(r"\[[^\]]*\]", lambda m: " " * len(m.group(0)), prelude)
                for m in CLASS_IN_SELECTOR.finditer(selector):
                    self.classes[m.group(1)].append(f"{path.name}:{line_of(text, i + lead + m.start())}")
                self._declarations(path, text, brace + 1, close, context + [" ".join(prelude.split())])
            i = close + 1

    @staticmethod
    def _matching(text: str, open_at: int, end: int) -> int:
        depth = 0
        for j in range(open_at, end):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    return j
        sys.exit(f"unbalanced braces near offset {open_at}")

    def _declarations(self, path: Path, text: str, start: int, end: int, context: list[str]) -> None:
        body = text[start:end]
        for m in re.finditer(r"(--[\w-]+)\s*:", body):
            self.token_defs[m.group(1)].append((path, line_of(text, start + m.start()), " / ".join(context)))
        for m in re.finditer(r"var\(\s*(--[\w-]+)", body):
            self.token_uses[m.group(1)].append(f"{path.name}:{line_of(text, start + m.start())}")
        if path != TOKENS and path not in STANDALONE:
            for m in COLOUR.finditer(body):
                self.colours.append(f"{path.name}:{line_of(text, start + m.start())}: {m.group(0)}")


class Users:
    """Every class the app puts into the page, with where; plus dynamic class patterns."""

    def __init__(self) -> None:
        self.classes: dict[str, list[str]] = defaultdict(list)
        self.patterns: dict[str, list[str]] = defaultdict(list)  # regex -> where
        self.sources = 0

    def add(self, names: str, where: str) -> None:
        for name in names.split():
            if "{" in name:
                # format!("level-{}", n): the literal parts must match, the holes are a name part.
                regex = "".join("[_a-zA-Z0-9-]+" if part.startswith("{") else re.escape(part)
                                for part in re.split(r"(\{[^}]*\})", name) if part)
                self.patterns[regex].append(where)
            else:
                self.classes[name].append(where)

    def add_selector(self, selector: str, where: str) -> None:
        selector = re.sub(r"\[[^\]]*\]", "", selector)
        for m in CLASS_IN_SELECTOR.finditer(selector):
            self.classes[m.group(1)].append(where)

    def read_rust(self, path: Path) -> None:
        self.sources += 1
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        at = lambda m: f"{rel}:{line_of(text, m.start())}"  # noqa: E731
        for m in re.finditer(r"\bclass=\"([^\"]*)\"", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bclass=format!\(\s*\"([^\"]*)\"", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bclass=\(\s*\"([^\"]*)\"", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bclass:([_a-zA-Z][_a-zA-Z0-9-]*)\s*=", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bset_class_name\(\s*\"([^\"]*)\"", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bclass_list\(\)\s*\.\s*(?:add_1|remove_1|toggle|toggle_with_force|contains)\(\s*\"([^\"]*)\"", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bquery_selector(?:_all)?\(\s*&?(?:format!\()?\s*\"((?:\\.|[^\"\\])*)\"", text):
            self.add_selector(m.group(1), at(m))
        # A class attribute this script does not understand must not slip through unchecked.
        for m in re.finditer(r"\bclass=(?![\"(]|format!\()", text):
            sys.exit(f"{at(m)}: a class attribute in a form check-css.py cannot read; "
                     f"use class=\"...\", class:name=, class=(\"name\", ...) or class=format!(\"...\")")

    def read_markup(self, path: Path) -> None:
        """HTML, or JavaScript that builds markup: class attributes, className, classList,
        querySelector."""
        self.sources += 1
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        at = lambda m: f"{rel}:{line_of(text, m.start())}"  # noqa: E731
        for m in re.finditer(r"\bclass=\"([^\"$]*)\"", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bclassName\s*=\s*[\"']([^\"']*)[\"']", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bclassList\.(?:add|remove|toggle|contains)\(\s*[\"']([^\"']*)[\"']", text):
            self.add(m.group(1), at(m))
        for m in re.finditer(r"\bquerySelector(?:All)?\(\s*[\"']([^\"']*)[\"']", text):
            self.add_selector(m.group(1), at(m))


def main() -> int:
    problems: list[str] = []

    css = Css()
    for path in sorted(STYLE.glob("*.css")):
        css.read(path)

    users = Users()
    for path in sorted((ROOT / "src").rglob("*.rs")):
        users.read_rust(path)
    users.read_markup(ROOT / "index.html")
    for path in sorted((ROOT / "web").glob("*.js")) + [ROOT / "scripts/single-file.mjs"]:
        users.read_markup(path)

    renderer_text = RENDERER.read_text(encoding="utf-8")
    for name in RENDERER_CLASSES:
        if not re.search(rf"class=\\\"[^\"\\]*\b{re.escape(name)}\b|\"(?:ph )?{re.escape(name)}\"", renderer_text):
            problems.append(f"RENDERER_CLASSES lists {name!r}, which {RENDERER.relative_to(ROOT)} no longer writes")
        users.classes[name].append(f"{RENDERER.relative_to(ROOT)} (renderer output)")

    def used(name: str) -> bool:
        return name in users.classes or any(re.fullmatch(p, name) for p in users.patterns)

    # (a) a rule without a user.
    unused = sorted(c for c in css.classes if not used(c))
    for c in unused:
        problems.append(f"(a) .{c} has a rule but nothing uses it: {', '.join(css.classes[c])}")
    # (b) a user without a rule.
    for c in sorted(users.classes):
        if c not in css.classes and c not in NO_RULE_OK:
            problems.append(f"(b) class {c!r} is used but has no rule: {', '.join(users.classes[c])}")
    for p, where in sorted(users.patterns.items()):
        if not any(re.fullmatch(p, c) for c in css.classes):
            problems.append(f"(b) class pattern /{p}/ is used but no rule matches it: {', '.join(where)}")
    for c in sorted(NO_RULE_OK):
        if c in css.classes:
            problems.append(f"NO_RULE_OK lists {c!r}, which has a rule now: drop it from the list")
        if c not in users.classes:
            problems.append(f"NO_RULE_OK lists {c!r}, which nothing uses: drop it from the list")

    # (c) tokens: one file, one definition per place, every use defined, every definition used.
    for token, defs in sorted(css.token_defs.items()):
        for path, line, _ in defs:
            if path != TOKENS:
                problems.append(f"(c) {token} is defined in {path.name}:{line}; tokens live in tokens.css only")
        contexts = defaultdict(list)
        for path, line, context in defs:
            contexts[context].append(f"{path.name}:{line}")
        for context, where in contexts.items():
            if len(where) > 1:
                problems.append(f"(c) {token} is defined {len(where)} times in {context}: {', '.join(where)}")
        if not any(context == ":root" for _, _, context in defs):
            problems.append(f"(c) {token} has no :root value in tokens.css (only overrides)")
        if token not in css.token_uses:
            problems.append(f"(c) {token} is defined but no var() uses it")
    for token, where in sorted(css.token_uses.items()):
        if token not in css.token_defs:
            problems.append(f"(c) var({token}) is used but never defined: {', '.join(where)}")

    # (d) colour literals outside the token file.
    for c in css.colours:
        problems.append(f"(d) a colour literal outside tokens.css: {c} (add or use a token)")

    # (e) index.html links each stylesheet once, through Trunk.
    index = (ROOT / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r"<link\s+data-trunk\s+rel=\"css\"\s+href=\"([^\"]+)\"", index)
    on_disk = [f"style/{p.name}" for p in css.files]
    for href in sorted(set(linked)):
        if linked.count(href) > 1:
            problems.append(f"(e) index.html links {href} {linked.count(href)} times")
        if href not in on_disk:
            problems.append(f"(e) index.html links {href}, which does not exist")
    for href in on_disk:
        if href not in linked:
            problems.append(f"(e) {href} is not linked from index.html (Trunk would not ship it)")

    selectors = sum(len(v) for v in css.classes.values())
    print(
        f"check-css: {len(css.files)} CSS files, {css.rules} rules, {selectors} class selectors "
        f"naming {len(css.classes)} classes; {len(users.classes)} classes and {len(users.patterns)} "
        f"class patterns used by {users.sources} sources (+{len(RENDERER_CLASSES)} from the renderer); "
        f"{len(css.token_defs)} tokens, {sum(len(v) for v in css.token_uses.values())} var() uses"
    )
    if problems:
        print(f"check-css: {len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print("check-css: every rule has a user, every class a rule, every token one home")
    return 0


if __name__ == "__main__":
    sys.exit(main())
