//! A reader for the YAML subset that template front matter uses: block mappings and lists,
//! flow `{…}` and `[…]` (across lines too), quoted and plain scalars, `|`/`>` block text
//! and comments. Every value remembers its line, so a diagnostic can point at the setting
//! it is about. What the subset leaves out (anchors, aliases, tags, complex keys) is an
//! error naming the construct, never a silent misreading. It never panics: nesting is
//! capped and every index stays on a character boundary.
//!
//! Why not a YAML crate: front matter is a fixed two-level schema (`title`, `fields`), and
//! the full YAML parser was 41 KB of the gzipped WebAssembly (issue 4 budgets 250 KB in all).

use std::fmt;

/// A parsed value. Plain scalars stay text (`3` is `"3"`), except `true`/`false` and the
/// empty value, `~` and `null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Str(String),
    List(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair; `line` is 1-based within the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub line: usize,
    pub value: Node,
}

/// Where and why the text is not in the subset (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Deepest nesting read; deeper input is an error instead of a deep recursion.
pub const MAX_DEPTH: usize = 64;

/// Parses `text` (no `---` markers) into one document.
pub fn parse(text: &str) -> Result<Node, Error> {
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let rest = &raw[indent..];
        let blank = rest.trim().is_empty() || rest.trim_start().starts_with('#');
        if !blank && rest.starts_with('\t') {
            return Err(err(
                i + 1,
                indent + 1,
                "tabs cannot indent YAML; use spaces",
            ));
        }
        lines.push(Line {
            no: i + 1,
            indent,
            text: rest,
            blank,
        });
    }
    let mut p = Parser { lines, pos: 0 };
    p.skip_blank();
    if p.pos >= p.lines.len() {
        return Ok(Node::Null);
    }
    let node = p.block(0, 0)?;
    p.skip_blank();
    if let Some(l) = p.lines.get(p.pos) {
        return Err(err(
            l.no,
            l.indent + 1,
            "this line does not fit the structure above it (check its indentation)",
        ));
    }
    Ok(node)
}

#[derive(Clone, Copy)]
struct Line<'a> {
    no: usize,
    /// Leading spaces (bytes, all ASCII).
    indent: usize,
    /// The line after its indentation.
    text: &'a str,
    /// Empty or only a comment.
    blank: bool,
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
}

fn err(line: usize, column: usize, message: impl Into<String>) -> Error {
    Error {
        line,
        column,
        message: message.into(),
    }
}

/// 1-based column of byte offset `at` in `s`, counted in characters.
fn column(s: &str, at: usize) -> usize {
    s.get(..at).map_or(at, |p| p.chars().count()) + 1
}

impl<'a> Parser<'a> {
    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| l.blank) {
            self.pos += 1;
        }
    }

    fn next_line(&mut self) -> Option<Line<'a>> {
        self.skip_blank();
        self.lines.get(self.pos).copied()
    }

    /// A block node starting at the current line, indented at least `min`.
    fn block(&mut self, min: usize, depth: usize) -> Result<Node, Error> {
        let Some(l) = self.next_line() else {
            return Ok(Node::Null);
        };
        if l.indent < min {
            return Ok(Node::Null);
        }
        if depth > MAX_DEPTH {
            return Err(err(l.no, l.indent + 1, "front matter is nested too deeply"));
        }
        if is_item(l.text) {
            return self.list(l.indent, depth);
        }
        if split_key(l.text, l.no, l.indent)?.is_some() {
            return self.map(l.indent, depth);
        }
        self.pos += 1;
        self.value(
            l.text,
            l.no,
            l.indent,
            l.indent.saturating_sub(1),
            false,
            depth,
        )
    }

    fn map(&mut self, indent: usize, depth: usize) -> Result<Node, Error> {
        let mut entries = Vec::new();
        while let Some(l) = self.next_line() {
            if l.indent < indent {
                break;
            }
            if l.indent > indent {
                return Err(err(l.no, l.indent + 1, "unexpected indentation"));
            }
            if is_item(l.text) {
                // A list at the same indentation as the keys ends the mapping only when it
                // is a key's value; here it is neither.
                return Err(err(
                    l.no,
                    l.indent + 1,
                    "a list item where a `key:` was expected",
                ));
            }
            let Some((key, rest_at)) = split_key(l.text, l.no, l.indent)? else {
                return Err(err(
                    l.no,
                    l.indent + 1,
                    "expected `key: value` (a colon and a space after the key)",
                ));
            };
            self.pos += 1;
            let rest = &l.text[rest_at..];
            let lead = rest.len() - rest.trim_start().len();
            let value = self.value(
                &rest[lead..],
                l.no,
                l.indent + rest_at + lead,
                indent,
                true,
                depth,
            )?;
            entries.push(Entry {
                key,
                line: l.no,
                value,
            });
        }
        Ok(Node::Map(entries))
    }

    fn list(&mut self, indent: usize, depth: usize) -> Result<Node, Error> {
        let mut items = Vec::new();
        while let Some(l) = self.next_line() {
            if l.indent != indent || !is_item(l.text) {
                if l.indent > indent {
                    return Err(err(l.no, l.indent + 1, "unexpected indentation"));
                }
                break;
            }
            let after = &l.text[1..];
            let lead = after.len() - after.trim_start_matches(' ').len();
            let rest = &after[lead..];
            let col = l.indent + 1 + lead;
            if !rest.is_empty() && !rest.starts_with('#') && split_key(rest, l.no, col)?.is_some() {
                // `- key: value` starts a mapping indented at the key.
                self.lines[self.pos] = Line {
                    no: l.no,
                    indent: col,
                    text: rest,
                    blank: false,
                };
                items.push(self.map(col, depth + 1)?);
                continue;
            }
            self.pos += 1;
            items.push(self.value(rest, l.no, col, indent, false, depth + 1)?);
        }
        Ok(Node::List(items))
    }

    /// The value that starts at `text` (column `col`, 0-based) on line `no`: inline, or on
    /// the lines below indented past `parent` (a key's value may also be a list at the key's
    /// own indentation).
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        text: &'a str,
        no: usize,
        col: usize,
        parent: usize,
        of_key: bool,
        depth: usize,
    ) -> Result<Node, Error> {
        if depth > MAX_DEPTH {
            return Err(err(no, col + 1, "front matter is nested too deeply"));
        }
        let first = text.chars().next();
        match first {
            None | Some('#') => {
                // The value is the block below, if any.
                let Some(next) = self.next_line() else {
                    return Ok(Node::Null);
                };
                if next.indent > parent || (of_key && next.indent == parent && is_item(next.text)) {
                    self.block(next.indent, depth + 1)
                } else {
                    Ok(Node::Null)
                }
            }
            Some('[' | '{') => self.flow_value(text, no, col, depth),
            Some('"' | '\'') => {
                let (s, end) = quoted(text, no, col)?;
                trailing(&text[end..], no, col + end)?;
                Ok(Node::Str(s))
            }
            Some('|' | '>') => self.block_text(text, no, col, parent),
            Some(c @ ('&' | '*' | '!')) => Err(err(
                no,
                col + 1,
                format!(
                    "`{c}` starts an {} in YAML, which front matter does not support",
                    match c {
                        '&' => "anchor",
                        '*' => "alias",
                        _ => "explicit tag",
                    }
                ),
            )),
            Some(c @ ('%' | '@' | '`')) => Err(err(
                no,
                col + 1,
                format!("`{c}` cannot start a plain YAML value; put the value in quotes"),
            )),
            Some(_) => {
                let mut s = strip_comment(text).trim_end().to_string();
                // A plain value may continue on more-indented lines.
                while let Some(next) = self.next_line() {
                    if next.indent <= parent {
                        break;
                    }
                    if split_key(next.text, next.no, next.indent)?.is_some() {
                        return Err(err(
                            next.no,
                            next.indent + 1,
                            "a key inside a value: put nested settings under a key with nothing after its colon",
                        ));
                    }
                    s.push(' ');
                    s.push_str(strip_comment(next.text).trim());
                    self.pos += 1;
                }
                if let Some(at) = s.find(": ") {
                    return Err(err(
                        no,
                        col + column(&s, at),
                        "`: ` inside a plain value; put the value in quotes",
                    ));
                }
                Ok(plain(&s))
            }
        }
    }

    /// A flow collection starting at `text`, possibly running over the following lines.
    fn flow_value(
        &mut self,
        text: &str,
        no: usize,
        col: usize,
        depth: usize,
    ) -> Result<Node, Error> {
        // The collection's text: the rest of this line, then following lines until its
        // brackets balance (so a long front matter is not copied once per value).
        let mut joined = text.to_string();
        let mut open = bracket_balance(text);
        for l in &self.lines[self.pos..] {
            if open <= 0 {
                break;
            }
            joined.push('\n');
            joined.push_str(&" ".repeat(l.indent));
            joined.push_str(l.text);
            open += bracket_balance(l.text);
        }
        let mut f = Flow {
            chars: joined.chars().collect(),
            i: 0,
            line: no,
            col: col + 1,
        };
        let node = f.value(depth)?;
        // Whatever follows on the closing line must be a comment.
        let lines_used = f.line - no;
        let tail: String = f.chars[f.i..].iter().take_while(|c| **c != '\n').collect();
        trailing(&tail, f.line, f.col - 1)?;
        self.pos += lines_used;
        Ok(node)
    }

    /// `|` (kept line breaks) or `>` (folded) text on the lines indented past `parent`.
    fn block_text(
        &mut self,
        text: &str,
        no: usize,
        col: usize,
        parent: usize,
    ) -> Result<Node, Error> {
        let literal = text.starts_with('|');
        let head = strip_comment(&text[1..]).trim_end();
        let chomp = match head {
            "" => None,
            "-" => Some(false),
            "+" => Some(true),
            _ => {
                return Err(err(
                    no,
                    col + 2,
                    "after `|` or `>` only `-` or `+` is supported (no indentation digits)",
                ))
            }
        };
        let mut body: Vec<String> = Vec::new();
        let mut content_indent = None;
        while let Some(l) = self.lines.get(self.pos).copied() {
            let empty = l.text.trim().is_empty();
            if !empty && l.indent <= parent {
                break;
            }
            if !empty {
                let ci = *content_indent.get_or_insert(l.indent);
                if l.indent < ci {
                    return Err(err(
                        l.no,
                        l.indent + 1,
                        "less indented than the text above it",
                    ));
                }
                // Deeper lines keep their extra indentation.
                body.push(format!("{}{}", " ".repeat(l.indent - ci), l.text));
            } else {
                body.push(String::new());
            }
            self.pos += 1;
        }
        let trailing_blank = body.iter().rev().take_while(|s| s.is_empty()).count();
        let kept = body.len() - trailing_blank;
        let mut s = String::new();
        for (i, line) in body[..kept].iter().enumerate() {
            if i > 0 {
                // Folded text joins lines with a space; an empty line is the line break.
                if literal || line.is_empty() {
                    s.push('\n');
                } else if !body[i - 1].is_empty() {
                    s.push(' ');
                }
            }
            s.push_str(line);
        }
        match chomp {
            Some(false) => {}
            None if kept > 0 => s.push('\n'),
            None => {}
            Some(true) => {
                if kept > 0 {
                    s.push('\n');
                }
                s.push_str(&"\n".repeat(trailing_blank));
            }
        }
        Ok(Node::Str(s))
    }
}

/// Opening minus closing brackets on a line, outside quotes and comments.
fn bracket_balance(line: &str) -> i64 {
    let (mut n, mut quote, mut prev) = (0i64, None, ' ');
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                '#' if prev == ' ' || prev == '\t' => break,
                '[' | '{' => n += 1,
                ']' | '}' => n -= 1,
                _ => {}
            },
        }
        prev = c;
    }
    n
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ") || text.starts_with("-\t")
}

/// If `text` starts with `key:` (then a space or the end), the key and the byte offset just
/// after the colon. Flow collections, list items and plain values are `None`.
fn split_key(text: &str, no: usize, col: usize) -> Result<Option<(String, usize)>, Error> {
    if text.starts_with("? ") || text == "?" {
        return Err(err(
            no,
            col + 1,
            "complex `?` keys are not supported in front matter",
        ));
    }
    if text.starts_with(['[', '{', '#', '|', '>']) || is_item(text) {
        return Ok(None);
    }
    if text.starts_with(['"', '\'']) {
        let Ok((key, end)) = quoted(text, no, col) else {
            return Ok(None);
        };
        let after = &text[end..];
        let lead = after.len() - after.trim_start_matches(' ').len();
        let after = &after[lead..];
        return Ok(colon_ends(after).then(|| (key, end + lead + 1)));
    }
    let scan = strip_comment(text);
    let mut from = 0;
    while let Some(i) = scan[from..].find(':') {
        let at = from + i;
        if colon_ends(&scan[at..]) {
            let key = scan[..at].trim_end();
            return Ok((!key.is_empty()).then(|| (key.to_string(), at + 1)));
        }
        from = at + 1;
    }
    Ok(None)
}

/// `s` starts with a colon that ends a key: followed by a space, a tab or nothing.
fn colon_ends(s: &str) -> bool {
    s.starts_with(':') && matches!(s[1..].chars().next(), None | Some(' ' | '\t'))
}

/// The text before a ` #` comment (a `#` at the start is a comment too).
fn strip_comment(s: &str) -> &str {
    if s.starts_with('#') {
        return "";
    }
    match s.find(" #").or_else(|| s.find("\t#")) {
        Some(i) => &s[..i],
        None => s,
    }
}

/// Only whitespace or a comment may follow a complete value.
fn trailing(rest: &str, no: usize, col: usize) -> Result<(), Error> {
    let t = rest.trim_start();
    let at = rest.len() - t.len();
    if t.is_empty() || (t.starts_with('#') && at > 0) {
        return Ok(());
    }
    Err(err(
        no,
        col + column(rest, at),
        format!(
            "unexpected `{}` after the value",
            t.chars().next().unwrap_or(' ')
        ),
    ))
}

/// Reads a quoted scalar at the start of `text`; returns it and the byte offset after it.
fn quoted(text: &str, no: usize, col: usize) -> Result<(String, usize), Error> {
    let q = text.chars().next().unwrap_or('"');
    let mut out = String::new();
    let mut it = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = it.next() {
        if c == q {
            if q == '\'' && matches!(it.peek(), Some((_, '\''))) {
                it.next();
                out.push('\'');
                continue;
            }
            return Ok((out, i + 1));
        }
        if c == '\\' && q == '"' {
            let Some((j, e)) = it.next() else { break };
            let simple = match e {
                '\\' => Some('\\'),
                '"' => Some('"'),
                '/' => Some('/'),
                'n' => Some('\n'),
                't' => Some('\t'),
                'r' => Some('\r'),
                '0' => Some('\0'),
                ' ' => Some(' '),
                _ => None,
            };
            if let Some(s) = simple {
                out.push(s);
                continue;
            }
            let digits = match e {
                'x' => 2,
                'u' => 4,
                'U' => 8,
                _ => {
                    return Err(err(
                        no,
                        col + column(text, j),
                        format!("unknown escape `\\{e}`"),
                    ))
                }
            };
            let hex: String = (0..digits)
                .filter_map(|_| it.next().map(|(_, h)| h))
                .collect();
            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                Some(ch) if hex.len() == digits => out.push(ch),
                _ => {
                    return Err(err(
                        no,
                        col + column(text, j),
                        format!("`\\{e}` needs {digits} hex digits naming a character"),
                    ))
                }
            }
            continue;
        }
        out.push(c);
    }
    Err(err(
        no,
        col + 1,
        format!("the quote {q} is not closed on this line"),
    ))
}

/// Resolves a plain scalar: booleans and null, everything else text.
fn plain(s: &str) -> Node {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Node::Null,
        "true" | "True" | "TRUE" => Node::Bool(true),
        "false" | "False" | "FALSE" => Node::Bool(false),
        _ => Node::Str(s.to_string()),
    }
}

/// A cursor over a flow collection's characters, tracking line and column.
struct Flow {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Flow {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.i += 1;
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        err(self.line, self.col, message)
    }

    /// Skips spaces, line breaks and comments.
    fn skip(&mut self) {
        let mut after_space = true;
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\n' | '\r' => {
                    after_space = true;
                    self.bump();
                }
                '#' if after_space => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("front matter is nested too deeply"));
        }
        self.skip();
        match self.peek() {
            Some('[') => self.seq(depth),
            Some('{') => self.map(depth),
            Some('"' | '\'') => Ok(Node::Str(self.quoted()?)),
            Some(c @ ('&' | '*' | '!')) => Err(self.error(format!(
                "`{c}` (anchors, aliases and tags) is not supported in front matter"
            ))),
            _ => Ok(plain(&self.plain())),
        }
    }

    fn quoted(&mut self) -> Result<String, Error> {
        let rest: String = self.chars[self.i..]
            .iter()
            .take_while(|c| **c != '\n')
            .collect();
        let (s, end) = quoted(&rest, self.line, self.col - 1)?;
        for _ in rest[..end].chars() {
            self.bump();
        }
        Ok(s)
    }

    /// A plain scalar inside a flow collection: up to `,`, a bracket, `: ` or a line end.
    fn plain(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            let next = self.chars.get(self.i + 1).copied();
            let ends = matches!(c, ',' | '[' | ']' | '{' | '}' | '\n')
                || (c == ':' && matches!(next, None | Some(' ' | '\t' | '\n' | ',' | '}' | ']')))
                || (c == '#' && s.ends_with([' ', '\t']));
            if ends {
                break;
            }
            s.push(c);
            self.bump();
        }
        s.trim().to_string()
    }

    fn seq(&mut self, depth: usize) -> Result<Node, Error> {
        let (open_line, open_col) = (self.line, self.col);
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return Ok(Node::List(items));
                }
                None => return Err(unclosed('[', open_line, open_col)),
                Some(',') => return Err(self.error("an empty entry in a list (two commas)")),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip();
            match self.peek() {
                Some(',') => self.bump(),
                Some(']') => {}
                None => return Err(unclosed('[', open_line, open_col)),
                Some(c) => {
                    return Err(self.error(format!("expected `,` or `]` in a list, found `{c}`")))
                }
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Node, Error> {
        let (open_line, open_col) = (self.line, self.col);
        self.bump();
        let mut entries = Vec::new();
        loop {
            self.skip();
            match self.peek() {
                Some('}') => {
                    self.bump();
                    return Ok(Node::Map(entries));
                }
                None => return Err(unclosed('{', open_line, open_col)),
                _ => {}
            }
            let line = self.line;
            let key = match self.peek() {
                Some('"' | '\'') => self.quoted()?,
                Some(c @ ('[' | '{')) => {
                    return Err(self.error(format!("a `{c}` cannot be a key in front matter")))
                }
                _ => self.plain(),
            };
            self.skip();
            let value = if self.peek() == Some(':') {
                self.bump();
                self.skip();
                if matches!(self.peek(), Some(',' | '}')) {
                    Node::Null
                } else {
                    self.value(depth + 1)?
                }
            } else {
                Node::Null
            };
            entries.push(Entry { key, line, value });
            self.skip();
            match self.peek() {
                Some(',') => self.bump(),
                Some('}') => {}
                None => return Err(unclosed('{', open_line, open_col)),
                Some(c) => {
                    return Err(
                        self.error(format!("expected `,` or `}}` in a mapping, found `{c}`"))
                    )
                }
            }
        }
    }
}

fn unclosed(open: char, line: usize, column: usize) -> Error {
    let close = if open == '[' { ']' } else { '}' };
    err(
        line,
        column,
        format!("the `{open}` opened here is never closed with `{close}`"),
    )
}

/// A compact, one-line text form (used by the tests' fixtures).
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Null => f.write_str("null"),
            Node::Bool(b) => write!(f, "{b}"),
            Node::Str(s) => write!(f, "{s:?}"),
            Node::List(items) => {
                f.write_str("[")?;
                for (i, n) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{n}")?;
                }
                f.write_str("]")
            }
            Node::Map(entries) => {
                f.write_str("{")?;
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{:?}@{}: {}", e.key, e.line, e.value)?;
                }
                f.write_str("}")
            }
        }
    }
}
