//! The lexer: characters into tokens, with their columns.

use super::types::*;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Sym(&'static str),
    End,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) t: Tok,
    pub(crate) at: usize,
    pub(crate) end: usize,
}

pub(crate) fn lex(cs: &[char]) -> Result<Vec<Token>, FormulaError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let at = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let t = if c.is_ascii_digit()
            || (c == '.' && cs.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            if cs.get(i) == Some(&'.') {
                i += 1;
                if !cs.get(i).is_some_and(char::is_ascii_digit) {
                    return err(at, "a number's `.` must have digits after it");
                }
                while i < cs.len() && cs[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if matches!(cs.get(i), Some('e' | 'E'))
                && (cs.get(i + 1).is_some_and(char::is_ascii_digit)
                    || (matches!(cs.get(i + 1), Some('+' | '-'))
                        && cs.get(i + 2).is_some_and(char::is_ascii_digit)))
            {
                i += 2;
                while i < cs.len() && cs[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if let Some(&d) = cs.get(i) {
                if d.is_alphanumeric() || d == '_' {
                    let mut j = i;
                    while j < cs.len() && (cs[j].is_alphanumeric() || cs[j] == '_') {
                        j += 1;
                    }
                    let word: String = cs[i..j].iter().collect();
                    return err(
                        i,
                        format!(
                            "a number cannot have `{word}` right after it: units come from the fields' values, and field names start with a letter or `_`"
                        ),
                    );
                }
            }
            let text: String = cs[at..i].iter().collect();
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() => Tok::Num(n),
                _ => return err(at, format!("the number `{text}` is too large")),
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            if let Some(&d) = cs.get(i) {
                if d.is_alphanumeric() {
                    return err(
                        i,
                        format!(
                            "`{d}` cannot be part of a field name: use letters A–Z, digits and `_`"
                        ),
                    );
                }
            }
            Tok::Ident(cs[at..i].iter().collect())
        } else if c == '"' || c == '\'' {
            i += 1;
            let mut s = String::new();
            loop {
                match cs.get(i) {
                    None => {
                        return err(at, format!("this text has no closing {c}"));
                    }
                    Some('\\') => match cs.get(i + 1) {
                        Some(&e @ ('"' | '\'' | '\\')) => {
                            s.push(e);
                            i += 2;
                        }
                        Some(&e) => {
                            return err(
                                i,
                                format!("`\\{e}` is not an escape: write `\\\"`, `\\'` or `\\\\`"),
                            )
                        }
                        None => return err(at, format!("this text has no closing {c}")),
                    },
                    Some(&d) if d == c => {
                        i += 1;
                        break;
                    }
                    Some(&d) => {
                        s.push(d);
                        i += 1;
                    }
                }
            }
            Tok::Str(s)
        } else {
            let two: String = cs[i..(i + 2).min(cs.len())].iter().collect();
            let (sym, len) = match (two.as_str(), c) {
                ("<=", _) => ("<=", 2),
                (">=", _) => (">=", 2),
                ("==", _) => ("=", 2),
                ("!=", _) => ("!=", 2),
                ("<>", _) => ("!=", 2),
                (_, '<') => ("<", 1),
                (_, '>') => (">", 1),
                (_, '=') => ("=", 1),
                (_, '≤') => ("<=", 1),
                (_, '≥') => (">=", 1),
                (_, '≠') => ("!=", 1),
                (_, '&') => ("&", 1),
                (_, '+') => ("+", 1),
                (_, '-' | '−') => ("-", 1),
                (_, '*' | '×') => ("*", 1),
                (_, '/' | '÷') => ("/", 1),
                (_, '(') => ("(", 1),
                (_, ')') => (")", 1),
                (_, ',') => (",", 1),
                (_, '!') => return err(at, "`!` alone is not an operator: write `not` or `!=`"),
                (_, '“' | '”' | '‘' | '’') => {
                    return err(
                        at,
                        format!("`{c}` is a typographic quote: write text in \"…\" or '…'"),
                    )
                }
                _ if c.is_alphabetic() => {
                    return err(
                        at,
                        format!("`{c}` cannot start a field name: use letters A–Z, digits and `_`"),
                    )
                }
                _ => return err(at, format!("`{c}` is not part of the formula language")),
            };
            i += len;
            Tok::Sym(sym)
        };
        out.push(Token { t, at, end: i });
    }
    out.push(Token {
        t: Tok::End,
        at: cs.len(),
        end: cs.len(),
    });
    Ok(out)
}
