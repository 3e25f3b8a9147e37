#!/usr/bin/env python3
"""Two structural checks of the Rust sources (python3, standard library only).

  python3 scripts/check-boundaries.py            both checks, default places
  python3 scripts/check-boundaries.py browser    browser APIs only in the browser layer
  python3 scripts/check-boundaries.py imports [ROOT.rs ...]
                                                 no import cycles among the files of each
                                                 crate (default roots: src/lib.rs,
                                                 crates/engine/src/lib.rs, crates/cli/src/main.rs)

browser: in the app (`src/`), browser crates (web_sys, js_sys, wasm_bindgen,
wasm_bindgen_futures, gloo*) may be named only in the browser layer: `src/browser.rs` and
anything under `src/browser/`, `src/bench.rs` (benchmark exports, cargo feature `bench`)
and `src/main.rs` (mounts the app). Every other mention in code is listed as file:line.

imports: the files of a crate form a graph: file A -> file B when code in A names a path
that resolves into B: `use` declarations and paths in code starting with `crate::`,
`super::`, `self::` or the name of a child module (`drafts::load()` in lib.rs). A path
resolves to the deepest file module it names (`crate::editor::state::X` ->
src/editor/state.rs); an item re-exported with `pub use` by the module it is named through
resolves to the file that defines it where the re-export says so (`crate::Template` ->
model.rs when lib.rs has `pub use model::*`), otherwise to that module's file. `mod x;`
declarations and `pub use` re-exports of a module's own descendants are not edges (a
parent declaring or re-exporting its children does not depend on them). Every strongly
connected component of more than one file is listed with the edges inside it.

Comments, string and character literals are blanked before reading (line numbers kept).
Exit status: 0 when clean, 1 when something is listed, 2 on usage errors.
"""

import os
import re
import sys

# ----------------------------------------------------------------------------------------
# Reading Rust text: comments and literals blanked, offsets and line numbers kept.
# ----------------------------------------------------------------------------------------


def blank_rust(text):
    """Returns `text` with comments, string, byte-string, raw-string and char literals
    replaced by spaces (newlines kept), so offsets and line numbers stay valid."""
    out = list(text)
    n = len(text)
    i = 0

    def blank(a, b):
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif c == "/" and text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif c in "rb" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            # r"..", r#".."#, br"..", b"..", b'.'
            m = re.compile(r'(b?r)(#*)"').match(text, i)
            if m:
                end = text.find('"' + m.group(2), m.end())
                end = n if end < 0 else end + 1 + len(m.group(2))
                blank(i, end)
                i = end
            elif text.startswith('b"', i):
                i = _skip_string(text, i + 1, blank)
            elif text.startswith("b'", i):
                i = _skip_char(text, i + 1, blank)
            else:
                i += 1
        elif c == '"':
            i = _skip_string(text, i, blank)
        elif c == "'":
            i = _skip_char(text, i, blank)
        else:
            i += 1
    return "".join(out)


def _skip_string(text, i, blank):
    """`text[i]` is the opening quote; blanks through the closing one."""
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text[j] == '"':
            j += 1
            break
        else:
            j += 1
    blank(i, j)
    return j


def _skip_char(text, i, blank):
    """`text[i]` is a quote: a char literal ('x', '\\n', '\\u{..}') or a lifetime ('a)."""
    if i + 1 < len(text) and text[i + 1] == "\\":
        j = text.find("'", i + 2)
        if j < 0:
            return i + 1
        blank(i, j + 1)
        return j + 1
    if i + 2 < len(text) and text[i + 2] == "'":
        blank(i, i + 3)
        return i + 3
    # A char that is more than one UTF-16-ish unit is still one Python char; anything
    # else is a lifetime or a label.
    return i + 1


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def line_text(text, line):
    lines = text.split("\n")
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def rust_files(folder):
    found = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".rs"):
                found.append(os.path.join(base, f))
    return found


def rel(path):
    r = os.path.relpath(path)
    return path if r.startswith("..") else r


# ----------------------------------------------------------------------------------------
# browser: browser crates only in the browser layer
# ----------------------------------------------------------------------------------------

BROWSER_CRATES = re.compile(r"(?<![\w$])(web_sys|js_sys|wasm_bindgen_futures|wasm_bindgen|gloo(?:_\w+)?)\b")


def browser_layer(path, src):
    """True for files of the app's browser layer (`src` is the app's source folder)."""
    r = os.path.relpath(path, src).replace(os.sep, "/")
    return r in ("browser.rs", "bench.rs", "main.rs") or r.startswith("browser/")


def check_browser(src="src"):
    """Lists every mention of a browser crate outside the browser layer of `src`."""
    offenders = []
    files = rust_files(src)
    for path in files:
        if browser_layer(path, src):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        code = blank_rust(text)
        for m in BROWSER_CRATES.finditer(code):
            ln = line_of(code, m.start())
            offenders.append((rel(path), ln, m.group(1), line_text(text, ln)))
    allowed = [rel(p) for p in files if browser_layer(p, src)]
    print(f"browser boundary: {len(files)} files under {src}/, browser layer: {', '.join(allowed) or '(none)'}")
    if not offenders:
        print("browser boundary: OK, no browser crate is named outside the browser layer")
        return 0
    print(f"browser boundary: {len(offenders)} mention(s) of browser crates outside the browser layer:")
    for path, ln, name, txt in offenders:
        print(f"  {path}:{ln}: {name}: {txt}")
    print(
        "Move the browser call into src/browser.rs (or src/browser/) behind a plain-Rust "
        "function, and call that."
    )
    return 1


# ----------------------------------------------------------------------------------------
# imports: the module tree, path resolution, the file graph, its cycles
# ----------------------------------------------------------------------------------------

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
MOD_DECL = re.compile(r"(?<![\w$])mod\s+(" + IDENT + r")\s*([;{])")
USE_DECL = re.compile(r"(?<![\w$])((?:pub\s*(?:\([^)]*\))?\s*)?)use\s+([^;]*);")
PATH = re.compile(r"(?<![\w$.:])(" + IDENT + r")((?:\s*::\s*" + IDENT + r")+)")
PUB_ITEM = re.compile(
    r"(?<![\w$])pub\s*(?:\([^)]*\))?\s*(?:(?:const|async|unsafe|extern)\s+)*"
    r"(?:struct|enum|fn|const|static|type|trait|union|mod)\s+(" + IDENT + r")"
)


class Module:
    """One file of the crate: `path` is its module path (() for the crate root)."""

    def __init__(self, file, path, text):
        self.file = file
        self.path = path
        self.text = text
        self.code = blank_rust(text)
        self.children = {}  # child module name -> module path (file modules only)
        self.inline = []  # (start, end, inline names) of `mod x { ... }` blocks
        self.reexports = None  # name -> file, filled lazily
        self.uses = []  # (start, end, is_pub) spans of use declarations

    def dir_for_children(self):
        base = os.path.basename(self.file)
        if base in ("mod.rs", "lib.rs", "main.rs") or not self.path:
            return os.path.dirname(self.file)
        return os.path.join(os.path.dirname(self.file), base[:-3])

    def module_at(self, offset):
        """The module path (file module + inline modules) at a code offset."""
        inner = ()
        for start, end, names in self.inline:
            if start <= offset < end and len(names) > len(inner):
                inner = names
        return self.path + inner


def find_inline_modules(code):
    """Spans of `mod name { ... }` blocks with their nesting (names from the file down)."""
    spans = []
    stack = []  # (name, depth at which it closes)
    opens = {m.end() - 1: m.group(1) for m in MOD_DECL.finditer(code) if m.group(2) == "{"}
    depth = 0
    starts = []
    for i, c in enumerate(code):
        if c == "{":
            if i in opens:
                stack.append(opens[i])
                starts.append((i, depth, tuple(stack)))
            depth += 1
        elif c == "}":
            depth -= 1
            if starts and starts[-1][1] == depth:
                start, _, names = starts.pop()
                stack.pop()
                spans.append((start, i + 1, names))
    return spans


class Crate:
    def __init__(self, root):
        self.root = root
        self.modules = {}  # module path -> Module
        self.by_file = {}
        self.warnings = []
        self._load(root, ())

    def _load(self, file, path):
        with open(file, encoding="utf-8") as f:
            text = f.read()
        m = Module(file, path, text)
        self.modules[path] = m
        self.by_file[file] = m
        m.inline = find_inline_modules(m.code)
        m.uses = [(u.start(), u.end(), bool(u.group(1).strip())) for u in USE_DECL.finditer(m.code)]
        for decl in MOD_DECL.finditer(m.code):
            if decl.group(2) != ";":
                continue
            name = decl.group(1)
            inner = m.module_at(decl.start())[len(path):]
            folder = os.path.join(m.dir_for_children(), *inner)
            child_path = path + inner + (name,)
            for cand in (os.path.join(folder, name + ".rs"), os.path.join(folder, name, "mod.rs")):
                if os.path.isfile(cand):
                    if not inner:
                        m.children[name] = child_path
                    self._load(cand, child_path)
                    break
            else:
                self.warnings.append(f"{rel(file)}:{line_of(m.code, decl.start())}: no file for `mod {name};`")

    # -- resolution ------------------------------------------------------------------

    def file_module(self, path):
        """The deepest file module that is a prefix of `path`."""
        while path not in self.modules:
            path = path[:-1]
        return self.modules[path]

    def reexports_of(self, module, depth=0):
        """name -> file for the items `module` re-exports with `pub use`."""
        if module.reexports is not None:
            return module.reexports
        module.reexports = {}
        if depth > 8:
            return module.reexports
        for start, end, is_pub in module.uses:
            if not is_pub or module.module_at(start) != module.path:
                continue
            for segs, glob, _, alias in use_leaves(module.code, start, end):
                target = self.resolve_use(module, module.path, segs, glob, depth + 1)
                if target is None:
                    continue
                tfile, tpath = target
                if glob:
                    tmod = self.modules.get(tpath)
                    if tmod is None:
                        continue
                    for item in PUB_ITEM.finditer(tmod.code):
                        if tmod.module_at(item.start()) == tmod.path:
                            module.reexports.setdefault(item.group(1), tmod.file)
                    for name, f in self.reexports_of(tmod, depth + 1).items():
                        module.reexports.setdefault(name, f)
                else:
                    name = alias or segs[-1]
                    if name != "_":
                        module.reexports[name] = tfile
        return module.reexports

    def base_of(self, at, first):
        """The module a path starts from, and how many segments that used up."""
        if first == "crate":
            return (), 1
        if first == "self":
            return at, 1
        if first == "super":
            return at[:-1], 1
        return None, 0

    def walk(self, base, segs, last_may_be_module, depth=0):
        """Resolves `segs` from module path `base`: (file, module path) or None."""
        cur = base
        for k, seg in enumerate(segs):
            last = k == len(segs) - 1
            if seg == "super":
                cur = cur[:-1]
                continue
            if seg == "self":
                continue
            if (not last or last_may_be_module) and cur + (seg,) in self.modules:
                cur = cur + (seg,)
                continue
            if cur in self.modules:
                f = self.reexports_of(self.modules[cur], depth).get(seg)
                if f is not None:
                    return f, self.by_file[f].path
            # An item (or an inline module) of `cur`.
            return self.file_module(cur).file, cur
        return self.file_module(cur).file, cur

    def resolve_use(self, module, at, segs, glob, depth=0):
        if not segs:
            return None
        first = segs[0]
        if first == "::":
            return None
        base, used = self.base_of(at, first)
        if base is None:
            # A relative path: a child module of the current module (Rust 2018).
            if at + (first,) in self.modules:
                base, used = at, 0
            else:
                return None
        while used < len(segs) and segs[used] == "super":
            base, used = base[:-1], used + 1
        return self.walk(base, segs[used:], True, depth)

    # -- the graph ---------------------------------------------------------------------

    def edges(self):
        """(from file, to file, line, text) for every use of another file, first line each."""
        found = {}

        def add(m, offset, target):
            if target is None or target[0] == m.file:
                return
            ln = line_of(m.code, offset)
            key = (m.file, target[0])
            if key not in found or found[key][0] > ln:
                found[key] = (ln, line_text(m.text, ln))

        for m in self.modules.values():
            use_spans = []
            for start, end, is_pub in m.uses:
                use_spans.append((start, end))
                at = m.module_at(start)
                for segs, glob, off, _ in use_leaves(m.code, start, end):
                    target = self.resolve_use(m, at, segs, glob)
                    if target is None:
                        continue
                    # A re-export of the module's own descendant (lib.rs `pub use
                    # start::Entry`): a facade, not a dependency.
                    if is_pub and at == m.path and target[1][: len(m.path)] == m.path and target[1] != m.path:
                        continue
                    add(m, off, target)
            masked = list(m.code)
            for start, end in use_spans:
                for k in range(start, end):
                    if masked[k] != "\n":
                        masked[k] = " "
            masked = "".join(masked)
            for p in PATH.finditer(masked):
                first = p.group(1)
                rest = [s.strip() for s in p.group(2).split("::")][1:]
                at = m.module_at(p.start())
                base, used = self.base_of(at, first)
                segs = rest
                if base is None:
                    if at + (first,) not in self.modules:
                        continue
                    base, segs = at, [first] + rest
                while segs and segs[0] == "super":
                    base, segs = base[:-1], segs[1:]
                add(m, p.start(), self.walk(base, segs, False))
        return [(a, b, ln, txt) for (a, b), (ln, txt) in sorted(found.items())]


def use_leaves(code, start, end):
    """The leaves of one `use` declaration starting at code[start]: (segments, is_glob,
    offset, alias). `use a::{b, c::*, d as e}` gives [a, b], [a, c] (glob), [a, d] as e."""
    m = USE_DECL.match(code, start)
    body_start = m.start(2)
    tokens = [
        (t.start() + body_start, t.group(0))
        for t in re.finditer(r"::|[{},*]|" + IDENT, code[body_start : m.end(2)])
    ]
    leaves = []

    def tok(i):
        return tokens[i][1] if i < len(tokens) else None

    def tree(i, prefix):
        path = list(prefix)
        if tok(i) == "::" and not path:
            path.append("::")
            i += 1
        while i < len(tokens):
            off, t = tokens[i]
            if t == "{":
                i += 1
                while tok(i) not in (None, "}"):
                    i = tree(i, path)
                    if tok(i) == ",":
                        i += 1
                return i + 1
            if t == "*":
                leaves.append((path, True, off, None))
                return i + 1
            if t in (",", "}", "::"):
                return i
            i += 1
            if t == "self" and path and tok(i) != "::":
                leaf = list(path)  # `a::{self, b}`: the module `a` itself
            else:
                path.append(t)
                if tok(i) == "::":
                    i += 1
                    continue
                leaf = list(path)
            alias = None
            if tok(i) == "as" and i + 1 < len(tokens):
                alias = tokens[i + 1][1]
                i += 2
            leaves.append((leaf, False, off, alias))
            return i
        return i

    tree(0, [])
    return leaves


def strongly_connected(nodes, edges):
    """Tarjan's algorithm, iterative; components in discovery order."""
    graph = {n: [] for n in nodes}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on.add(v)
            if i < len(graph[v]):
                work.append((v, i + 1))
                w = graph[v][i]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def check_imports(roots):
    status = 0
    for root in roots:
        if not os.path.isfile(root):
            print(f"imports: no crate root {root}", file=sys.stderr)
            return 2
        crate = Crate(root)
        for w in crate.warnings:
            print(f"imports: warning: {w}")
        edges = crate.edges()
        files = [m.file for m in crate.modules.values()]
        folder = os.path.dirname(root)
        outside = [rel(p) for p in rust_files(folder) if p not in crate.by_file and os.path.basename(p) != "main.rs"]
        cycles = [c for c in strongly_connected(files, [(a, b) for a, b, _, _ in edges]) if len(c) > 1]
        print(f"imports: {rel(root)}: {len(files)} files, {len(edges)} edges between files checked")
        if outside:
            print(f"imports: {rel(root)}: not in its module tree (not checked): {', '.join(outside)}")
        if not cycles:
            print(f"imports: {rel(root)}: OK, no import cycles")
            continue
        status = 1
        print(f"imports: {rel(root)}: {len(cycles)} import cycle(s):")
        for n, comp in enumerate(cycles, 1):
            inside = set(comp)
            print(f"  cycle {n} ({len(comp)} files): {', '.join(rel(f) for f in comp)}")
            for a, b, ln, txt in edges:
                if a in inside and b in inside:
                    print(f"    {rel(a)}:{ln} -> {rel(b)}    {txt}")
    return status


def main(argv):
    what = argv[1] if len(argv) > 1 else "all"
    if what in ("-h", "--help"):
        print(__doc__)
        return 0
    if what == "browser":
        return check_browser(argv[2] if len(argv) > 2 else "src")
    if what == "imports":
        roots = argv[2:] or ["src/lib.rs", "crates/engine/src/lib.rs", "crates/cli/src/main.rs"]
        return check_imports(roots)
    if what == "all" and len(argv) <= 2:
        a = check_browser("src")
        print()
        b = check_imports(["src/lib.rs", "crates/engine/src/lib.rs", "crates/cli/src/main.rs"])
        return max(a, b)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
