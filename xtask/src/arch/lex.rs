//! A small Rust tokenizer, enough for the architecture rules: identifiers, punctuation and the
//! line each starts on, with comments, string, character and number literals reduced to one
//! [`Tok::Lit`] token (so a word inside a comment or a string never matches a rule), plus the
//! spans of the items under `#[cfg(test)]`.

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// An identifier or keyword (`r#type` is `type`).
    Ident(String),
    /// `::`.
    PathSep,
    /// Any other punctuation character (`{`, `;`, `!`, `#`, ...), one per token.
    Punct(char),
    /// A string, byte string, character or number literal, or a lifetime.
    Lit,
}

/// A token and the line (1-based) it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Its line, 1-based.
    pub line: usize,
}

impl Token {
    /// Whether this token is the identifier `s`.
    pub fn is_ident(&self, s: &str) -> bool {
        matches!(&self.tok, Tok::Ident(i) if i == s)
    }

    /// Whether this token is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Splits Rust source into tokens. Never fails: text it does not understand becomes
/// punctuation, and an unterminated literal or comment runs to the end of the file.
pub fn tokenize(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Advances over chars[from..to], counting newlines.
    let skip = |from: usize, to: usize, line: &mut usize| {
        *line += chars[from..to.min(chars.len())]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
        to.min(chars.len())
    };
    while i < chars.len() {
        let c = chars[i];
        let at = |k: usize| chars.get(i + k).copied().unwrap_or('\0');
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(1) == '/' {
            let end = chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |p| i + p);
            i = end;
        } else if c == '/' && at(1) == '*' {
            // Block comments nest.
            let mut depth = 0;
            let mut j = i;
            while j < chars.len() {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            i = skip(i, j, &mut line);
        } else if let Some(end) = raw_string_end(&chars, i) {
            i = skip(i, end, &mut line);
            out.push(Token {
                tok: Tok::Lit,
                line: start_line,
            });
        } else if c == '"' || ((c == 'b' || c == 'c') && at(1) == '"') {
            let mut j = if c == '"' { i + 1 } else { i + 2 };
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            i = skip(i, j + 1, &mut line);
            out.push(Token {
                tok: Tok::Lit,
                line: start_line,
            });
        } else if c == '\'' || (c == 'b' && at(1) == '\'') {
            let q = if c == 'b' { i + 1 } else { i };
            let next = chars.get(q + 1).copied().unwrap_or('\0');
            let end = if next == '\\' {
                // An escaped character literal: past the escaped character, to the quote.
                let mut j = q + 3;
                while j < chars.len() && chars[j] != '\'' && chars[j] != '\n' {
                    j += 1;
                }
                j + 1
            } else if chars.get(q + 2) == Some(&'\'') {
                q + 3
            } else {
                // A lifetime or a label: the quote and the identifier after it.
                let mut j = q + 1;
                while j < chars.len() && is_ident_char(chars[j]) {
                    j += 1;
                }
                j
            };
            i = skip(i, end, &mut line);
            out.push(Token {
                tok: Tok::Lit,
                line: start_line,
            });
        } else if c == 'r' && at(1) == '#' && is_ident_start(at(2)) {
            let mut j = i + 2;
            while j < chars.len() && is_ident_char(chars[j]) {
                j += 1;
            }
            out.push(Token {
                tok: Tok::Ident(chars[i + 2..j].iter().collect()),
                line,
            });
            i = j;
        } else if is_ident_start(c) {
            let mut j = i;
            while j < chars.len() && is_ident_char(chars[j]) {
                j += 1;
            }
            out.push(Token {
                tok: Tok::Ident(chars[i..j].iter().collect()),
                line,
            });
            i = j;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && is_ident_char(chars[j]) {
                j += 1;
            }
            out.push(Token {
                tok: Tok::Lit,
                line,
            });
            i = j;
        } else if c == ':' && at(1) == ':' {
            out.push(Token {
                tok: Tok::PathSep,
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        }
    }
    out
}

/// The end (one past the closing quote and hashes) of a raw string starting at `i`
/// (`r"..."`, `r#"..."#`, `br"..."`, `cr#"..."#`), or `None` when none starts there.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if matches!(chars.get(j), Some('b' | 'c')) {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"'
            && chars.len() >= j + 1 + hashes
            && chars[j + 1..j + 1 + hashes].iter().all(|&c| c == '#')
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// The index one past the end of the item that starts at `i` (after its attributes): through
/// its `;` at depth 0 or its outermost `{ ... }` block, whichever comes first.
fn item_end(toks: &[Token], mut i: usize) -> usize {
    // Further attributes of the same item.
    while i < toks.len() && toks[i].is_punct('#') {
        i = group_end(toks, i + 1);
    }
    let mut depth = 0usize;
    while i < toks.len() {
        match &toks[i].tok {
            Tok::Punct('{') | Tok::Punct('(') | Tok::Punct('[') => depth += 1,
            Tok::Punct('}') | Tok::Punct(')') | Tok::Punct(']') => {
                depth = depth.saturating_sub(1);
                if depth == 0 && toks[i].is_punct('}') {
                    return i + 1;
                }
            }
            Tok::Punct(';') if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    toks.len()
}

/// The index one past the bracketed group opening at `i` (`[...]`, `(...)` or `{...}`), or
/// `i` when no group opens there.
fn group_end(toks: &[Token], i: usize) -> usize {
    if !matches!(
        toks.get(i).map(|t| &t.tok),
        Some(Tok::Punct('[' | '(' | '{'))
    ) {
        return i;
    }
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(i) {
        match t.tok {
            Tok::Punct('{') | Tok::Punct('(') | Tok::Punct('[') => depth += 1,
            Tok::Punct('}') | Tok::Punct(')') | Tok::Punct(']') => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// Whether `toks[i..]` starts with the outer attribute `#[cfg(test)]`.
fn is_cfg_test(toks: &[Token], i: usize) -> bool {
    let want = ["#", "[", "cfg", "(", "test", ")", "]"];
    toks.len() >= i + want.len()
        && want.iter().zip(&toks[i..]).all(|(w, t)| match &t.tok {
            Tok::Ident(s) => s == w,
            Tok::Punct(c) => w.len() == 1 && w.starts_with(*c),
            _ => false,
        })
}

/// The code of a file without its test items: the tokens outside every item marked
/// `#[cfg(test)]` (a `mod tests { ... }`, a function, a `use`), and the names of the modules
/// declared `#[cfg(test)] mod NAME;` (whose files are test code too).
pub fn strip_cfg_test(toks: &[Token]) -> (Vec<Token>, Vec<String>) {
    let mut kept = Vec::with_capacity(toks.len());
    let mut test_mods = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if is_cfg_test(toks, i) {
            let end = item_end(toks, i + 7);
            // `#[cfg(test)] [pub] mod NAME;`
            let body: Vec<&Token> = toks[i + 7..end]
                .iter()
                .filter(|t| !t.is_ident("pub"))
                .collect();
            if body.len() == 3 && body[0].is_ident("mod") && body[2].is_punct(';') {
                if let Tok::Ident(name) = &body[1].tok {
                    test_mods.push(name.clone());
                }
            }
            i = end;
        } else {
            kept.push(toks[i].clone());
            i += 1;
        }
    }
    (kept, test_mods)
}
